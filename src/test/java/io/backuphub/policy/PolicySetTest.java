package io.backuphub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.CronSpec;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.engine.postgres.PostgresEngine;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Compression;
import io.backuphub.target.EngineCheck;
import io.backuphub.target.Target;
import io.backuphub.target.TargetDefaults;
import io.backuphub.target.TargetsFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What policies give a target, read the way the hub reads them: the policies file, then the targets file. */
class PolicySetTest {

    private static final Set<String> STORES = Set.of("local", "offsite", "archive");
    /** As the hub checks a schedule's timing, without the minimum interval (ScheduleTest has that). */
    private final PoliciesFile policiesFile = new PoliciesFile(Set.of("postgres", "mysql"), STORES,
            (timing, problems) -> {
                try {
                    CronSpec.parse(timing.cron());
                } catch (IllegalArgumentException e) {
                    problems.add("cron", e.getMessage());
                }
            }, () -> Set.of("ops-mail"));
    private final TargetsFile targetsFile = new TargetsFile(
            Map.<String, EngineCheck>of("postgres", new PostgresEngine(() -> "pg_restore")), STORES);

    private static final String TWO_POLICIES = """
            policies:
              - id: shop
                description: the shop team's databases
                selector: {labels: {team: shop}}
                schedule: [{cron: "0 2 * * *", timezone: Europe/Berlin}]
                stores: [archive]
                expectedEvery: PT12H
                compressionLevel: 5
                retention: {keepLast: 5}
              - id: shop-gold
                selector: {environment: production, labels: {tier: gold}}
                stores: [offsite]
                retention: {keepLast: 2, daily: 7}
            """;

    private static String target(String id, String labels, String more) {
        return """
                  - id: %s
                    engine: postgres
                    environment: production
                    labels: %s
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: 5432, user: postgres, name: shop}
                %s""".formatted(id, labels, more.isEmpty() ? "" : "    " + more + "\n");
    }

    private Map<String, Target> read(String policies, String targets, Map<String, PolicySet.Resolved> resolved) {
        PolicySet set = new PolicySet(policiesFile.parse(policies, "policies.yaml"), UnaryOperator.identity());
        return targetsFile.parse("targets:\n" + targets, "targets.yaml", new TargetDefaults.Candidate() {

            @Override
            public Target apply(Target declared) {
                PolicySet.Resolved r = set.apply(declared);
                resolved.put(declared.id(), r);
                return r.target();
            }

            @Override
            public void use() {
            }
        });
    }

    @Test
    void theMostSpecificPolicyGivesEachSettingTheTargetLeavesUnset() {
        Map<String, PolicySet.Resolved> resolved = new java.util.HashMap<>();
        Map<String, Target> targets = read(TWO_POLICIES,
                target("orders", "{team: shop, tier: gold}", "expectedEvery: PT6H")
                        + target("carts", "{team: shop}", "compression: gzip")
                        + target("ledger", "{team: finance}", ""),
                resolved);

        Target orders = targets.get("orders");
        assertThat(orders.stores()).containsExactly("offsite"); // shop-gold: two criteria beat one
        assertThat(orders.expectedEvery()).isEqualTo(Duration.ofHours(6)); // its own
        assertThat(orders.compressionLevel()).isEqualTo(5); // only shop sets it
        assertThat(resolved.get("orders").resolution().policies()).containsExactly("shop-gold", "shop");
        assertThat(resolved.get("orders").resolution().sources()).containsEntry(Setting.STORES, "policy:shop-gold")
                .containsEntry(Setting.EXPECTED_EVERY, "target").containsEntry(Setting.COMPRESSION_LEVEL, "policy:shop")
                .containsEntry(Setting.COMPRESSION, "default").containsEntry(Setting.RETENTION, "policy:shop-gold");
        assertThat(resolved.get("orders").retention().keepLast()).isEqualTo(2);
        assertThat(resolved.get("orders").schedule()).containsExactly(new ScheduleDefaults.Timing("0 2 * * *",
                "Europe/Berlin"));
        assertThat(resolved.get("orders").resolution().sources()).containsEntry(Setting.SCHEDULE, "policy:shop");

        Target carts = targets.get("carts");
        assertThat(carts.stores()).containsExactly("archive");
        assertThat(carts.compression()).isEqualTo(Compression.GZIP);
        // A level belongs to its codec: a target that picks gzip does not get the policy's zstd level.
        assertThat(carts.compressionLevel()).isEqualTo(Compression.GZIP.defaultLevel());
        assertThat(resolved.get("carts").resolution().sources()).containsEntry(Setting.COMPRESSION_LEVEL, "default");

        Target ledger = targets.get("ledger");
        assertThat(ledger.stores()).isEmpty();
        assertThat(ledger.expectedEvery()).isEqualTo(TargetsFile.DEFAULT_EXPECTED_EVERY);
        assertThat(resolved.get("ledger").resolution().policies()).isEmpty();
        assertThat(resolved.get("ledger").retention()).isNull();
    }

    @Test
    void twoEquallySpecificPoliciesSettingTheSameValueAreAnErrorNamingBoth() {
        String twins = TWO_POLICIES + """
                  - id: shop-prod
                    selector: {environment: production, labels: {team: shop}}
                    stores: [local]
                """;
        assertThatThrownBy(
                () -> read(twins, target("orders", "{team: shop, tier: gold}", ""), new java.util.HashMap<>()))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("targets[0]: policies shop-gold and shop-prod both set stores")
                        .contains("(2 criteria each)")));
        // The target that settles it itself is fine.
        Map<String, Target> settled = read(twins, target("orders", "{team: shop, tier: gold}", "stores: [local]"),
                new java.util.HashMap<>());
        assertThat(settled.get("orders").stores()).containsExactly("local");
    }

    @Test
    void aPolicyValueIsValidatedAsOnATargetAndReportedWhereItWasWritten() {
        assertThatThrownBy(() -> policiesFile.parse("""
                policies:
                  - id: typo
                    stroes: [local]
                """, "policies.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).contains("stroes")));
        assertThatThrownBy(() -> policiesFile.parse(
                """
                        policies:
                          - id: Bad_Id
                            selector: {engine: oracle, labels: {Team: x}}
                            stores: [nowhere]
                            compressionLevel: 99
                            expectedEvery: PT0S
                            drill: {cron: "0 5 * * *"}
                            schedule: [{cron: "every day"}]
                            notifications: [{events: [backup.failed], channels: [pager]}, {events: [backup.lost], channels: [ops-mail], targets: [x]}]
                          - id: empty
                            selector: {environment: production}
                        """,
                "policies.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).contains(
                        "policies[0].id: must match [a-z0-9-]{1,63}, not \"Bad_Id\"")
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].selector.engine: unknown engine"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].selector.labels: label keys must match"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].stores[0]: unknown store \"nowhere\""))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].compressionLevel: must be within"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].expectedEvery: must be a positive"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].drill.scratch: is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[0].schedule[0].cron: must have 5 fields"))
                        .anySatisfy(p -> assertThat(p)
                                .isEqualTo("policies[0].notifications[0].channels: no channel \"pager\" is declared"))
                        .anySatisfy(p -> assertThat(p)
                                .startsWith("policies[0].notifications[1].events: unknown event \"backup.lost\""))
                        .anySatisfy(p -> assertThat(p).startsWith(
                                "policies[0].notifications[1]: a policy's rules are for the targets it selects"))
                        .anySatisfy(p -> assertThat(p).startsWith("policies[1]: sets nothing")));
    }

    @Test
    void aPolicyStartsFromAShippedTemplateAndWhatItSetsItselfWins() {
        List<Policy> policies = policiesFile.parse("""
                policies:
                  - id: prod
                    template: production-daily
                    selector: {environment: production}
                    schedule: [{cron: "30 1 * * *", timezone: Europe/Berlin}]
                """, "policies.yaml");
        Policy prod = policies.get(0);
        assertThat(prod.template()).isEqualTo("production-daily");
        assertThat(prod.schedule()).containsExactly(new ScheduleDefaults.Timing("30 1 * * *", "Europe/Berlin"));
        assertThat(prod.retention().daily()).isEqualTo(14); // the template's
        assertThat(prod.retention().keepMinimum()).isEqualTo(3);
        assertThat(prod.expectedEvery()).isEqualTo(Duration.ofHours(24));
        assertThat(policiesFile.templates()).extracting(Policy::id)
                .containsExactly("production-daily", "staging-weekly", "compliance-7y");

        assertThatThrownBy(() -> policiesFile.parse("""
                policies:
                  - id: staging-weekly
                    selector: {environment: staging}
                    jobTimeout: PT1H
                  - id: old
                    template: weekly
                """, "policies.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anySatisfy(
                                p -> assertThat(p).startsWith("policies[0].id: staging-weekly is a shipped template's"))
                        .anySatisfy(
                                p -> assertThat(p).startsWith("policies[1].template: no shipped template \"weekly\"")));
    }

    @Test
    void aSelectorMatchesEveryCriterionAndTheEngineByItsOwnName() {
        List<Policy> policies = policiesFile.parse("""
                policies:
                  - id: pg
                    selector: {engine: postgres, environment: production}
                    jobTimeout: PT2H
                  - id: everyone
                    jobTimeout: PT9H
                  - id: staging
                    selector: {environment: staging}
                    jobTimeout: PT1H
                """, "policies.yaml");
        PolicySet set = new PolicySet(policies, name -> name.equals("postgresql") ? "postgres" : name);
        Target declared = new Target("orders", "postgresql", "production", null, null, null, null, null, null, null,
                null, null, null, null, null, null, Map.of(), null);
        assertThat(set.selecting(declared)).extracting(Policy::id).containsExactly("pg", "everyone");
        assertThat(set.apply(declared).target().jobTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(new PolicySet(policies, UnaryOperator.identity()).apply(declared).target().jobTimeout())
                .as("without the alias the engine criterion fails, and the policy for everyone applies")
                .isEqualTo(Duration.ofHours(9));
    }
}
