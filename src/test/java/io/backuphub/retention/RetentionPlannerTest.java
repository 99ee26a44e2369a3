package io.backuphub.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.retention.RetentionPlanner.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The retention planner's promises, as properties over random histories, plus hand-checked examples. */
class RetentionPlannerTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final ZoneId UTC = ZoneOffset.UTC;

    // ---- properties -------------------------------------------------------------------------------

    @Property(tries = 400)
    void neverDeletesAPinnedBackup(@ForAll("histories") List<Candidate> history,
            @ForAll("policies") RetentionPolicy policy) {
        Set<String> deleted = deleted(RetentionPlanner.plan(history, policy, NOW, UTC));
        history.stream().filter(Candidate::pinned).forEach(a -> assertThat(deleted).doesNotContain(a.artifactId()));
    }

    @Property(tries = 400)
    void neverGoesBelowKeepMinimumVerified(@ForAll("histories") List<Candidate> history,
            @ForAll("policies") RetentionPolicy policy) {
        RetentionPlan plan = RetentionPlanner.plan(history, policy, NOW, UTC);
        Set<String> kept = kept(plan);
        long verifiedTotal = history.stream().filter(Candidate::verified).count();
        long verifiedKept = history.stream().filter(a -> a.verified() && kept.contains(a.artifactId())).count();
        assertThat(verifiedKept).isGreaterThanOrEqualTo(Math.min(policy.keepMinimum(), verifiedTotal));
    }

    @Property(tries = 400)
    void neverDeletesTheNewestVerifiedBackup(@ForAll("histories") List<Candidate> history,
            @ForAll("policies") RetentionPolicy policy) {
        Set<String> deleted = deleted(RetentionPlanner.plan(history, policy, NOW, UTC));
        history.stream().filter(Candidate::verified).max(java.util.Comparator.comparing(Candidate::createdAt)
                .thenComparing(Candidate::artifactId, java.util.Comparator.reverseOrder()))
                .ifPresent(newest -> assertThat(deleted).doesNotContain(newest.artifactId()));
    }

    @Property(tries = 400)
    void isIdempotent(@ForAll("histories") List<Candidate> history, @ForAll("policies") RetentionPolicy policy) {
        RetentionPlan first = RetentionPlanner.plan(history, policy, NOW, UTC);
        Set<String> kept = kept(first);
        List<Candidate> remaining = history.stream().filter(a -> kept.contains(a.artifactId())).toList();
        assertThat(RetentionPlanner.plan(remaining, policy, NOW, UTC).delete()).isEmpty();
    }

    @Property(tries = 400)
    void everyBackupGetsExactlyOneDecisionWithAReason(@ForAll("histories") List<Candidate> history,
            @ForAll("policies") RetentionPolicy policy) {
        RetentionPlan plan = RetentionPlanner.plan(history, policy, NOW, UTC);
        Set<String> kept = kept(plan);
        Set<String> deleted = deleted(plan);
        assertThat(java.util.Collections.disjoint(kept, deleted)).isTrue();
        assertThat(kept.size() + deleted.size()).isEqualTo(history.size());
        plan.keep().forEach(k -> assertThat(k.reasons()).isNotEmpty().allMatch(r -> !r.isBlank()));
        plan.delete().forEach(d -> assertThat(d.reason()).isNotBlank());
        assertThat(plan.bytesFreed()).isEqualTo(history.stream().filter(a -> deleted.contains(a.artifactId()))
                .mapToLong(Candidate::bytes).sum());
    }

    /** Unverified backups count toward no tier: adding old unverified ones changes nothing for the verified. */
    @Property(tries = 400)
    void onlyVerifiedBackupsCountTowardTheTiers(@ForAll("histories") List<Candidate> history,
            @ForAll("policies") RetentionPolicy policy) {
        List<Candidate> verifiedOnly = history.stream().filter(a -> a.verified() || a.pinned()).toList();
        List<Candidate> withNoise = new ArrayList<>(verifiedOnly);
        for (int i = 0; i < 20; i++) {
            withNoise.add(new Candidate("noise-" + i, NOW.minus(Duration.ofHours(7L * i + 1)), false, null, 1));
        }
        Set<String> keptVerified = verifiedIds(kept(RetentionPlanner.plan(verifiedOnly, policy, NOW, UTC)),
                verifiedOnly);
        Set<String> keptVerifiedWithNoise = verifiedIds(kept(RetentionPlanner.plan(withNoise, policy, NOW, UTC)),
                verifiedOnly);
        assertThat(keptVerifiedWithNoise).isEqualTo(keptVerified);
    }

    @Provide
    Arbitrary<List<Candidate>> histories() {
        Arbitrary<Candidate> candidate = Combinators.combine(
                Arbitraries.longs().between(0, 3L * 365 * 24 * 60), // minutes before NOW
                Arbitraries.integers().between(0, 9), // 0-6 verified, 7-8 unverified, 9 pinned
                Arbitraries.longs().between(1, 1_000_000))
                .as((minutesAgo, kind, bytes) -> new Candidate(null, NOW.minus(Duration.ofMinutes(minutesAgo)),
                        kind < 7 || kind == 9 && minutesAgo % 2 == 0, kind == 9 ? "legal hold" : null, bytes));
        return candidate.list().ofMinSize(0).ofMaxSize(60).map(list -> {
            List<Candidate> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Candidate c = list.get(i);
                named.add(new Candidate("a" + i, c.createdAt(), c.verified(), c.pinReason(), c.bytes()));
            }
            return named;
        });
    }

    @Provide
    Arbitrary<RetentionPolicy> policies() {
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 8);
        Arbitrary<Integer> age = Arbitraries.integers().between(1, 800).injectNull(0.5);
        return Combinators.combine(count, count, count, count, count, age, count)
                .as(RetentionPolicy::new);
    }

    // ---- hand-checked examples ---------------------------------------------------------------------

    /** Nightly verified backups for 40 days; keepLast 2, daily 7, weekly 4, monthly 12, keepMinimum 2. */
    @Test
    void nightlyHistoryKeepsTheDocumentedSet() {
        List<Candidate> history = new ArrayList<>();
        for (int day = 0; day < 40; day++) {
            history.add(new Candidate("d" + day, Instant.parse("2026-11-28T02:00:00Z").minus(Duration.ofDays(day)),
                    true, null, 100));
        }
        RetentionPlan plan = RetentionPlanner.plan(history, new RetentionPolicy(2, 7, 4, 12, 0, null, 2), NOW, UTC);
        // daily: Nov 28..22 (d0..d6); weekly (ISO weeks, newest per week): W48 d0 (Sat 28th), W47 d6 (Sun 22nd),
        // W46 d13 (Sun 15th), W45 d20 (Sun 8th); monthly: Nov -> d0, Oct -> d28 (Oct 31st).
        assertThat(kept(plan)).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d13", "d20", "d28");
        Map<String, List<String>> reasons = plan.keep().stream()
                .collect(Collectors.toMap(RetentionPlan.Keep::artifactId, RetentionPlan.Keep::reasons));
        assertThat(reasons.get("d0")).containsExactly("newest verified backup", "keepLast 1/2", "daily 2026-11-28",
                "weekly 2026-W48", "monthly 2026-11");
        assertThat(reasons.get("d28")).containsExactly("monthly 2026-10");
        assertThat(plan.delete()).hasSize(30).allMatch(d -> d.reason().equals("not kept by any rule of the policy"));
        assertThat(plan.bytesFreed()).isEqualTo(3000);
    }

    @Test
    void pinsKeepMinimumAndUnverifiedBackups() {
        List<Candidate> history = List.of(
                new Candidate("fresh-unverified", NOW.minus(Duration.ofHours(1)), false, null, 1),
                new Candidate("verified-1", NOW.minus(Duration.ofDays(1)), true, null, 1),
                new Candidate("failed-old", NOW.minus(Duration.ofDays(2)), false, null, 1),
                new Candidate("verified-2", NOW.minus(Duration.ofDays(100)), true, null, 1),
                new Candidate("verified-3", NOW.minus(Duration.ofDays(200)), true, null, 1),
                new Candidate("pre-migration", NOW.minus(Duration.ofDays(400)), true, "pre-migration", 1));
        // keepMinimum 3: verified-1 and the pinned (verified) backup count; verified-2 is brought back.
        RetentionPlan plan = RetentionPlanner.plan(history, new RetentionPolicy(1, 0, 0, 0, 0, 30, 3), NOW, UTC);
        Map<String, List<String>> keep = plan.keep().stream()
                .collect(Collectors.toMap(RetentionPlan.Keep::artifactId, RetentionPlan.Keep::reasons));
        assertThat(keep).containsOnlyKeys("fresh-unverified", "verified-1", "verified-2", "pre-migration");
        assertThat(keep.get("fresh-unverified")).containsExactly("not verified, and newer than any verified backup");
        assertThat(keep.get("verified-2")).containsExactly("keepMinimum 3 verified backups");
        assertThat(keep.get("pre-migration")).containsExactly("pinned: pre-migration");
        assertThat(plan.delete()).extracting(RetentionPlan.Delete::artifactId, RetentionPlan.Delete::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("failed-old",
                                "not verified, and older than the newest verified backup"),
                        org.assertj.core.groups.Tuple.tuple("verified-3", "older than maxAgeDays 30"));
    }

    @Test
    void periodsAreCountedInTheConfiguredZone() {
        // 23:30 UTC on the 27th is already the 28th in Berlin: two backups on one Berlin day.
        List<Candidate> history = List.of(
                new Candidate("late", Instant.parse("2026-11-27T23:30:00Z"), true, null, 1),
                new Candidate("evening", Instant.parse("2026-11-27T20:00:00Z"), true, null, 1),
                new Candidate("morning", Instant.parse("2026-11-28T06:00:00Z"), true, null, 1));
        RetentionPolicy twoDays = new RetentionPolicy(0, 2, 0, 0, 0, null, 0);
        assertThat(kept(RetentionPlanner.plan(history, twoDays, NOW, UTC)))
                .containsExactlyInAnyOrder("morning", "late");
        assertThat(kept(RetentionPlanner.plan(history, twoDays, NOW, ZoneId.of("Europe/Berlin"))))
                .containsExactlyInAnyOrder("morning", "evening");
    }

    private static Set<String> kept(RetentionPlan plan) {
        return plan.keep().stream().map(RetentionPlan.Keep::artifactId).collect(Collectors.toSet());
    }

    private static Set<String> deleted(RetentionPlan plan) {
        return plan.delete().stream().map(RetentionPlan.Delete::artifactId).collect(Collectors.toSet());
    }

    private static Set<String> verifiedIds(Set<String> ids, List<Candidate> verified) {
        Set<String> result = new HashSet<>(ids);
        result.retainAll(verified.stream().map(Candidate::artifactId).collect(Collectors.toSet()));
        return result;
    }
}
