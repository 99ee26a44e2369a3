package io.backuphub.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Object keys: {@code <environment>/<target>/<yyyy>/<mm>/<dd>/<target>-<UTC timestamp>-<job id>.<ext>},
 * with the manifest beside the object. Sorted listings read as a timeline per target.
 */
public final class ObjectKeys {

    public static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Segments of safe characters; no empty, "." or ".." segment, no leading slash. */
    private static final Pattern SAFE_KEY = Pattern.compile(
            "(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private ObjectKeys() {
    }

    public static String artifactKey(String environment, String targetId, Instant time, String jobId,
            String extension) {
        return environment + "/" + targetId + "/" + DAY.format(time) + "/"
                + targetId + "-" + STAMP.format(time) + "-" + jobId + "." + extension;
    }

    /** A bucket prefix as a folder ("backups/"), or "" for the bucket's root. */
    public static String folder(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    public static String manifestKey(String objectKey) {
        return objectKey + MANIFEST_SUFFIX;
    }

    /** Rejects keys that could escape the store's root or address something other than an object. */
    public static String requireSafe(String key) {
        if (key == null || key.length() > 1024 || !SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("unsafe object key: " + key);
        }
        return key;
    }
}
