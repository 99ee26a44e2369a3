package io.backuphub.dashboard;

import io.backuphub.pitr.RecoveryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A PITR target's recovery window as the target page draws it: a bar from the first restorable second
 * to now, restorable stretches in green, gaps in red, and the tail not restorable yet (WAL still on
 * its way) in amber, or in red when the WAL broke after the last stretch ({@code openGap}); drawn on
 * the server as SVG (no script), each band with its own title.
 */
public record WindowBar(RecoveryWindow window, List<Band> bands, String summary) {

    static final int WIDTH = 1000;

    /** One band: {@code kind} restorable | gap | pending; {@code x} and {@code width} in the bar's units. */
    public record Band(String kind, int x, int width, String title) {
    }

    public static WindowBar of(RecoveryWindow window, Instant now) {
        if (window.earliest() == null) {
            return new WindowBar(window, List.of(), window.bases().isEmpty()
                    ? "Nothing is restorable yet: no verified base backup (the hub takes the first once the WAL streams)."
                    : "Nothing is restorable yet: the WAL past the newest base's end is not stored yet.");
        }
        long from = window.earliest().getEpochSecond();
        long span = Math.max(1, now.getEpochSecond() - from);
        List<Band> bands = new ArrayList<>();
        for (RecoveryWindow.Stretch s : window.stretches()) {
            bands.add(
                    band("restorable", s.from(), s.to(), from, span, "restorable from " + s.from() + " to " + s.to()));
        }
        for (RecoveryWindow.Gap g : window.gaps()) {
            bands.add(band("gap", g.from(), g.to(), from, span, "gap: WAL from " + g.fromLsn() + " to " + g.toLsn()
                    + " is missing; nothing between " + g.from() + " and " + g.to() + " is restorable"));
        }
        RecoveryWindow.Gap open = window.openGap();
        if (open != null) {
            bands.add(band("gap", window.latest(), now, from, span, "gap: WAL from " + open.fromLsn() + " to "
                    + open.toLsn() + " is missing; nothing since " + window.latest()
                    + " is restorable until a base after the gap is verified"));
        } else if (window.latest().isBefore(now)) {
            bands.add(band("pending", window.latest(), now, from, span, "not restorable yet: the WAL since "
                    + window.latest() + " is still on its way (a segment is stored once complete)"));
        }
        return new WindowBar(window, bands, "Restorable to any second from " + window.earliest() + " to "
                + window.latest() + (window.gaps().isEmpty() ? "" : ", but for " + window.gaps().size() + " gap(s)")
                + (open == null ? "" : "; WAL from " + open.fromLsn() + " to " + open.toLsn() + " is missing, so"
                        + " nothing since then is restorable until a base after it is verified")
                + "; the newest WAL arrived " + Duration.ofSeconds(window.lagSeconds()).toString().substring(2)
                        .toLowerCase()
                + " ago.");
    }

    private static Band band(String kind, Instant start, Instant end, long from, long span, String title) {
        int x = (int) Math.round((start.getEpochSecond() - from) * (double) WIDTH / span);
        int to = (int) Math.round((end.getEpochSecond() - from) * (double) WIDTH / span);
        return new Band(kind, Math.max(0, x), Math.max(1, to - Math.max(0, x)), title);
    }
}
