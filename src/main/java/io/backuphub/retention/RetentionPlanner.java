package io.backuphub.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which backups of one target to keep and which to delete, and says why for each. A pure
 * function of the artifacts, the policy, the time and the time zone the periods are counted in:
 * nothing here reads or deletes anything.
 *
 * <p>The rules, in order of precedence:
 * <ol>
 * <li>a pinned backup is kept;</li>
 * <li>a suspicious backup (much smaller than the one before it, not acknowledged yet) is kept and
 * counts for nothing: it never makes an older verified backup go;</li>
 * <li>the newest verified backup is kept;</li>
 * <li>only verified backups count toward keepLast and the daily/weekly/monthly/yearly tiers (each tier
 * keeps the newest verified backup of each of its newest N periods that have one);</li>
 * <li>a backup not verified (yet) that is newer than the newest verified one is kept: it may become
 * the newest good backup; older unverified backups are deleted;</li>
 * <li>a backup older than maxAgeDays is deleted, whatever tier keeps it;</li>
 * <li>finally, if fewer than keepMinimum verified backups would remain, the newest verified ones set
 * for deletion are kept until there are keepMinimum (or no more).</li>
 * </ol>
 * Applying a plan and planning again (same time) deletes nothing more.
 */
public final class RetentionPlanner {

    /** What the planner needs to know of a backup; {@code suspiciousReason} while it is suspicious. */
    public record Candidate(String artifactId, Instant createdAt, boolean verified, String pinReason, long bytes,
            String suspiciousReason) {

        public Candidate(String artifactId, Instant createdAt, boolean verified, String pinReason, long bytes) {
            this(artifactId, createdAt, verified, pinReason, bytes, null);
        }

        public boolean pinned() {
            return pinReason != null;
        }

        /** Verified and not suspicious: a backup the policy's rules may count. */
        boolean countable() {
            return verified && suspiciousReason == null;
        }
    }

    private RetentionPlanner() {
    }

    public static RetentionPlan plan(List<Candidate> artifacts, RetentionPolicy policy, Instant now, ZoneId zone) {
        List<Candidate> newestFirst = new ArrayList<>(artifacts);
        newestFirst.sort(Comparator.comparing(Candidate::createdAt).reversed().thenComparing(Candidate::artifactId));
        List<Candidate> verified = newestFirst.stream().filter(Candidate::countable).toList();
        Instant newestVerified = verified.isEmpty() ? null : verified.get(0).createdAt();

        Map<String, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(a -> reasons.put(a.artifactId(), new ArrayList<>()));

        for (int i = 0; i < Math.min(policy.keepLast(), verified.size()); i++) {
            reasons.get(verified.get(i).artifactId()).add("keepLast " + (i + 1) + "/" + policy.keepLast());
        }
        tier(verified, policy.daily(), "daily", a -> day(a, zone), reasons);
        tier(verified, policy.weekly(), "weekly", a -> week(a, zone), reasons);
        tier(verified, policy.monthly(), "monthly", a -> month(a, zone), reasons);
        tier(verified, policy.yearly(), "yearly", a -> year(a, zone), reasons);

        Instant ageLimit = policy.maxAgeDays() == null ? null : now.minus(Duration.ofDays(policy.maxAgeDays()));
        List<RetentionPlan.Keep> keep = new ArrayList<>();
        List<RetentionPlan.Delete> delete = new ArrayList<>();
        for (Candidate a : newestFirst) {
            List<String> why = reasons.get(a.artifactId());
            if (a.pinned()) {
                keep.add(new RetentionPlan.Keep(a.artifactId(), prepend("pinned: " + a.pinReason(), why)));
            } else if (a.suspiciousReason() != null) {
                keep.add(new RetentionPlan.Keep(a.artifactId(),
                        List.of("suspicious, not counted until acknowledged: " + a.suspiciousReason())));
            } else if (!verified.isEmpty() && a == verified.get(0)) {
                keep.add(new RetentionPlan.Keep(a.artifactId(), prepend("newest verified backup", why)));
            } else if (!a.verified() && (newestVerified == null || a.createdAt().isAfter(newestVerified))) {
                keep.add(new RetentionPlan.Keep(a.artifactId(),
                        List.of("not verified, and newer than any verified backup")));
            } else if (ageLimit != null && a.createdAt().isBefore(ageLimit)) {
                delete.add(new RetentionPlan.Delete(a.artifactId(), "older than maxAgeDays " + policy.maxAgeDays(),
                        a.bytes()));
            } else if (!a.verified()) {
                delete.add(new RetentionPlan.Delete(a.artifactId(),
                        "not verified, and older than the newest verified backup",
                        a.bytes()));
            } else if (!why.isEmpty()) {
                keep.add(new RetentionPlan.Keep(a.artifactId(), why));
            } else {
                delete.add(new RetentionPlan.Delete(a.artifactId(), "not kept by any rule of the policy", a.bytes()));
            }
        }
        return keepMinimum(newestFirst, keep, delete, policy.keepMinimum());
    }

    /** Moves the newest verified deletions back to keep until keepMinimum verified backups remain. */
    private static RetentionPlan keepMinimum(List<Candidate> newestFirst, List<RetentionPlan.Keep> keep,
            List<RetentionPlan.Delete> delete, int minimum) {
        Set<String> kept = new HashSet<>();
        keep.forEach(k -> kept.add(k.artifactId()));
        long verifiedKept = newestFirst.stream().filter(a -> a.countable() && kept.contains(a.artifactId())).count();
        for (Candidate a : newestFirst) {
            if (verifiedKept >= minimum) {
                break;
            }
            if (a.countable() && !kept.contains(a.artifactId())) {
                delete.removeIf(d -> d.artifactId().equals(a.artifactId()));
                keep.add(new RetentionPlan.Keep(a.artifactId(),
                        List.of("keepMinimum " + minimum + " verified backups")));
                kept.add(a.artifactId());
                verifiedKept++;
            }
        }
        return new RetentionPlan(keep, delete);
    }

    /** Keeps the newest verified backup of each of the newest {@code count} periods that have one. */
    private static void tier(List<Candidate> verifiedNewestFirst, int count, String name,
            Function<Candidate, String> period, Map<String, List<String>> reasons) {
        Set<String> periods = new HashSet<>();
        for (Candidate a : verifiedNewestFirst) {
            if (periods.size() == count) {
                return;
            }
            String p = period.apply(a);
            if (periods.add(p)) {
                reasons.get(a.artifactId()).add(name + " " + p);
            }
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String day(Candidate a, ZoneId zone) {
        return LocalDate.ofInstant(a.createdAt(), zone).toString();
    }

    private static String week(Candidate a, ZoneId zone) {
        LocalDate d = LocalDate.ofInstant(a.createdAt(), zone);
        return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String month(Candidate a, ZoneId zone) {
        LocalDate d = LocalDate.ofInstant(a.createdAt(), zone);
        return String.format("%d-%02d", d.getYear(), d.get(ChronoField.MONTH_OF_YEAR));
    }

    private static String year(Candidate a, ZoneId zone) {
        return Integer.toString(LocalDate.ofInstant(a.createdAt(), zone).getYear());
    }
}
