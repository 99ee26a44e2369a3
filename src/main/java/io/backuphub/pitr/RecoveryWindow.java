package io.backuphub.pitr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seconds a target can be restored to (docs/pitr.md): every instant between {@code earliest} and
 * {@code latest} outside a gap. A stretch is restorable from a verified base whose WAL, from the
 * base's start to its end, is stored, through the unbroken run of WAL segments after it; a missing
 * segment breaks the run, and nothing after it is restorable until the next base. Engine-neutral:
 * a "segment" is a WAL segment today, an oplog or binlog slice later. {@code openGap}: the newest
 * segments do not follow the ones before them and no verified base starts among them yet, so nothing
 * since the gap is restorable (the target is red until a base after it is verified).
 */
public record RecoveryWindow(Instant earliest, Instant latest, Long lagSeconds, List<Gap> gaps, Gap openGap,
        List<Base> bases, List<Stretch> stretches) {

    /** Time nothing can be restored to, and the log positions missing there. */
    public record Gap(Instant from, Instant to, String fromLsn, String toLsn) {
    }

    /** A verified base: when it became consistent ({@code at}) and where replay from it starts. */
    public record Base(String artifactId, Instant at, String lsn, String endLsn) {
    }

    /** One restorable stretch: from a base's {@code at} to the last stored segment of its unbroken run. */
    public record Stretch(Instant from, Instant to, String baseArtifactId, String fromLsn, String toLsn) {

        public boolean covers(Instant time) {
            return !time.isBefore(from) && !time.isAfter(to);
        }
    }

    /** A stored segment's place in the log: {@code start} and {@code end} as byte positions. */
    record Piece(String name, int timeline, long start, long end, Instant receivedAt) {
    }

    /**
     * The window from the stored segments and the verified bases (with their start and end positions);
     * {@code now} for the lag: how long ago the newest segment arrived.
     */
    static RecoveryWindow of(List<Piece> pieces, List<Base> bases, Instant now) {
        List<Piece> sorted = pieces.stream().sorted(Comparator.comparingInt(Piece::timeline)
                .thenComparingLong(Piece::start)).toList();
        List<List<Piece>> runs = new ArrayList<>();
        for (Piece piece : sorted) {
            List<Piece> run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            Piece last = run == null ? null : run.get(run.size() - 1);
            if (last != null && last.timeline() == piece.timeline() && last.end() == piece.start()) {
                run.add(piece);
            } else {
                runs.add(new ArrayList<>(List.of(piece)));
            }
        }
        List<Stretch> stretches = new ArrayList<>();
        boolean newestRestorable = false;
        for (List<Piece> run : runs) {
            long runStart = run.get(0).start();
            long runEnd = run.get(run.size() - 1).end();
            Instant to = run.get(run.size() - 1).receivedAt();
            Base base = bases.stream()
                    .filter(b -> position(b.lsn()) >= runStart && position(b.endLsn()) <= runEnd)
                    .min(Comparator.comparing(Base::at)).orElse(null);
            boolean restorable = base != null && !to.isBefore(base.at());
            if (restorable) {
                stretches.add(new Stretch(base.at(), to, base.artifactId(), base.lsn(), WalArchiver.lsn(runEnd)));
            }
            newestRestorable = restorable;
        }
        stretches.sort(Comparator.comparing(Stretch::from));
        List<Gap> gaps = new ArrayList<>();
        for (int i = 1; i < stretches.size(); i++) {
            Stretch before = stretches.get(i - 1);
            Stretch after = stretches.get(i);
            if (after.from().isAfter(before.to())) {
                gaps.add(new Gap(before.to(), after.from(), before.toLsn(), after.fromLsn()));
            }
        }
        Gap openGap = null;
        if (runs.size() > 1 && !newestRestorable) {
            List<Piece> before = runs.get(runs.size() - 2);
            Piece lastBefore = before.get(before.size() - 1);
            Piece firstAfter = runs.get(runs.size() - 1).get(0);
            openGap = new Gap(lastBefore.receivedAt(), firstAfter.receivedAt(), WalArchiver.lsn(lastBefore.end()),
                    WalArchiver.lsn(firstAfter.start()));
        }
        Instant newestSegment = sorted.stream().map(Piece::receivedAt).max(Comparator.naturalOrder()).orElse(null);
        return new RecoveryWindow(
                stretches.isEmpty() ? null : stretches.get(0).from(),
                stretches.stream().map(Stretch::to).max(Comparator.naturalOrder()).orElse(null),
                newestSegment == null ? null : Math.max(0, Duration.between(newestSegment, now).toSeconds()),
                gaps, openGap, bases.stream().sorted(Comparator.comparing(Base::at)).toList(), stretches);
    }

    /** The stretch that restores {@code time}, if one does. */
    public java.util.Optional<Stretch> stretchAt(Instant time) {
        return stretches.stream().filter(s -> s.covers(time)).findFirst();
    }

    /** An LSN (X/Y, hex) as a byte position. */
    public static long position(String lsn) {
        int slash = lsn.indexOf('/');
        return (Long.parseLong(lsn.substring(0, slash), 16) << 32) + Long.parseLong(lsn.substring(slash + 1), 16);
    }
}
