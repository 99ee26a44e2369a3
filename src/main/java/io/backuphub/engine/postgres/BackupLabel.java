package io.backuphub.engine.postgres;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code backup_label}: where a base backup's WAL replay starts ({@code START WAL
 * LOCATION: 0/2000028 (file 000000010000000000000002)}), on which timeline, and when it began.
 */
record BackupLabel(String startLsn, String startSegment, int timeline, String startTime) {

    private static final Pattern START = Pattern.compile(
            "^START WAL LOCATION: ([0-9A-F]+/[0-9A-F]+) \\(file ([0-9A-F]{24})\\)$", Pattern.MULTILINE);
    private static final Pattern TIMELINE = Pattern.compile("^START TIMELINE: (\\d+)$", Pattern.MULTILINE);
    private static final Pattern TIME = Pattern.compile("^START TIME: (.+)$", Pattern.MULTILINE);

    static BackupLabel parse(String text) throws IOException {
        Matcher start = START.matcher(text);
        if (!start.find()) {
            throw new IOException("backup_label has no START WAL LOCATION line");
        }
        Matcher timeline = TIMELINE.matcher(text);
        Matcher time = TIME.matcher(text);
        return new BackupLabel(start.group(1), start.group(2),
                timeline.find() ? Integer.parseInt(timeline.group(1)) : Integer.parseInt(start.group(2).substring(0, 8),
                        16),
                time.find() ? time.group(1).strip() : null);
    }

    Map<String, Object> asSource() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("startLsn", startLsn);
        source.put("startSegment", startSegment);
        source.put("timeline", timeline);
        if (startTime != null) {
            source.put("startTime", startTime);
        }
        return source;
    }
}
