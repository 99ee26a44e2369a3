package io.backuphub.policy;

import static io.backuphub.testing.HubApi.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.backuphub.testing.HubApi;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Waits;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policies select targets by label and give them what they leave unset: the effective policy says
 * where each value comes from, a backup goes where the policy says, and a conflict is refused on
 * reload with the settings in use kept. Targets policy-shop (team pt-shop, tier gold, its own
 * expectedEvery) and policy-shop-dev (team pt-shop, its own compression) are in the test hub's file.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
public class PoliciesTest {

    public static final String POLICIES = """
            policies:
              - id: pt-team
                description: the shop team's databases
                selector: {labels: {team: pt-shop}}
                schedule: [{cron: "0 3 1 1 *", timezone: Europe/Berlin}]
                stores: [archive]
                expectedEvery: PT12H
                compressionLevel: 5
                retention: {keepLast: 5}
              - id: pt-gold
                description: gold tier in staging, kept offsite
                selector: {environment: staging, labels: {tier: gold}}
                stores: [offsite]
                notifications: [{events: [backup.succeeded], channels: [hook]}]
                retention: {keepLast: 2, keepMinimum: 1}
            """;

    /** Before each test: the conflict test changes the file. */
    @BeforeEach
    void declarePolicies() throws IOException {
        Files.writeString(HubTestResource.policiesFile(), POLICIES);
        api().post("/api/v1/targets/reload").then().statusCode(200);
    }

    @Test
    void theEffectivePolicyShowsEachValueWithWhereItComesFrom() {
        api().get("/api/v1/targets/policy-shop/effective-policy").then().statusCode(200)
                .body("policies", contains("pt-gold", "pt-team"))
                .body("settings.stores.value", contains("offsite"))
                .body("settings.stores.source", equalTo("policy:pt-gold"))
                .body("settings.expectedEvery.value", equalTo("PT6H"))
                .body("settings.expectedEvery.source", equalTo("target"))
                .body("settings.compressionLevel.value", equalTo(5))
                .body("settings.compressionLevel.source", equalTo("policy:pt-team"))
                .body("settings.compression.source", equalTo("default"))
                .body("settings.retention.value.keepLast", equalTo(2))
                .body("settings.retention.source", equalTo("policy:pt-gold"));
        api().get("/api/v1/targets/policy-shop-dev/effective-policy").then().statusCode(200)
                .body("policies", contains("pt-team"))
                .body("settings.stores.value", contains("archive"))
                .body("settings.compression.value", equalTo("gzip"))
                .body("settings.compression.source", equalTo("target"))
                .body("settings.compressionLevel.source", equalTo("default"))
                .body("settings.expectedEvery.value", equalTo("PT12H"))
                .body("settings.retention.value.keepLast", equalTo(5));
        // The retention API agrees: a policy's retention sits between the target's own and its environment's.
        api().get("/api/v1/targets/policy-shop/retention").then().statusCode(200)
                .body("effectiveFrom", equalTo("policy:pt-gold")).body("effective.keepLast", equalTo(2));
        api().get("/api/v1/targets/policy-shop").then().statusCode(200)
                .body("labels.team", equalTo("pt-shop")).body("labels.tier", equalTo("gold"))
                .body("expectedEvery", equalTo("PT6H"));
    }

    @Test
    void aPolicyListsTheTargetsItSelects() {
        api().get("/api/v1/policies/pt-gold").then().statusCode(200)
                .body("targets", contains("policy-shop"))
                .body("selector.environment", equalTo("staging")).body("selector.labels.tier", equalTo("gold"))
                .body("settings.stores", contains("offsite")).body("settings.retention.keepLast", equalTo(2));
        api().get("/api/v1/policies").then().statusCode(200)
                .body("items.id", hasItems("pt-team", "pt-gold"))
                .body("items.find { it.id == 'pt-team' }.targets", contains("policy-shop", "policy-shop-dev"));
        api().get("/api/v1/policies/templates").then().statusCode(200)
                .body("items.id", contains("production-daily", "staging-weekly", "compliance-7y"))
                .body("items.find { it.id == 'compliance-7y' }.settings.retention.yearly", equalTo(7));
        api().get("/api/v1/policies/nope").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no policy nope"));
    }

    @Test
    void aTargetTakesItsPolicysScheduleUntilItHasOneOfItsOwn() {
        String policySchedule = api().get("/api/v1/schedules?targetId=policy-shop-dev").then().statusCode(200)
                .body("items.source", contains("policy")).body("items.cron", contains("0 3 1 1 *"))
                .body("items.timezone", contains("Europe/Berlin")).extract().path("items[0].id");
        api().get("/api/v1/targets/policy-shop-dev/effective-policy").then().statusCode(200)
                .body("settings.schedule.source", equalTo("policy:pt-team"))
                .body("settings.schedule.value.id", contains(policySchedule));
        api().delete("/api/v1/schedules/" + policySchedule).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("given to target policy-shop-dev by a policy"));

        String own = api().contentType("application/json")
                .body("{\"targetId\":\"policy-shop-dev\",\"cron\":\"0 4 1 1 *\",\"timezone\":\"UTC\"}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        try {
            api().get("/api/v1/schedules?targetId=policy-shop-dev").then().statusCode(200)
                    .body("items.id", contains(own)).body("items.source", contains("api"));
            api().get("/api/v1/targets/policy-shop-dev/effective-policy").then().statusCode(200)
                    .body("settings.schedule.source", equalTo("target"))
                    .body("settings.schedule.value.cron", contains("0 4 1 1 *"));
        } finally {
            api().delete("/api/v1/schedules/" + own).then().statusCode(204);
        }
        api().get("/api/v1/schedules?targetId=policy-shop-dev").then().statusCode(200)
                .body("items.source", contains("policy")).body("items.cron", contains("0 3 1 1 *"));
    }

    @Test
    void aChangedPolicyIsPreviewedBeforeItIsSavedThenApplied() throws IOException {
        String changed = """
                {"selector": {"environment": "staging", "labels": {"tier": "gold"}}, "stores": ["offsite"],
                 "schedule": [{"cron": "0 1 1 1 *", "timezone": "UTC"}], "retention": {"keepLast": 9}}""";
        api().contentType("application/json").body(changed).post("/api/v1/policies/pt-gold/preview").then()
                .statusCode(200)
                .body("targets.targetId", contains("policy-shop"))
                // The changed policy leaves out the notification rule it has now: that goes too.
                .body("targets[0].changes.setting", contains("schedule", "notifications", "retention"))
                .body("targets[0].changes[1].beforeSource", equalTo("policy:pt-gold"))
                .body("targets[0].changes[1].afterSource", equalTo("default"))
                .body("targets[0].changes[0].beforeSource", equalTo("policy:pt-team"))
                .body("targets[0].changes[0].afterSource", equalTo("policy:pt-gold"))
                .body("targets[0].changes[0].after.cron", contains("0 1 1 1 *"))
                .body("targets[0].changes[2].before.keepLast", equalTo(2))
                .body("targets[0].changes[2].after.keepLast", equalTo(9));
        // Nothing changed yet.
        api().get("/api/v1/targets/policy-shop/retention").then().body("effective.keepLast", equalTo(2));
        // A preview that would tie two policies says so, for the targets it would refuse.
        api().contentType("application/json")
                .body("{\"selector\": {\"environment\": \"staging\", \"labels\": {\"team\": \"pt-shop\"}},"
                        + " \"stores\": [\"local\"]}")
                .post("/api/v1/policies/pt-twin/preview").then().statusCode(200)
                .body("targets.find { it.targetId == 'policy-shop' }.conflict",
                        containsString("policies pt-gold and pt-twin both set stores"))
                .body("targets.find { it.targetId == 'policy-shop-dev' }.changes[0].afterSource",
                        equalTo("policy:pt-twin"));
        // A template the previewed policy starts from counts, as it would in the file.
        api().contentType("application/json")
                .body("{\"template\": \"compliance-7y\", \"selector\": {\"environment\": \"staging\", \"labels\": {\"tier\": \"gold\"}}}")
                .post("/api/v1/policies/pt-gold/preview").then().statusCode(200)
                .body("targets[0].changes.find { it.setting == 'retention' }.after.yearly", equalTo(7));
        api().contentType("application/json").body("{\"stores\": [\"nowhere\"]}")
                .post("/api/v1/policies/pt-gold/preview").then().statusCode(422)
                .body("errors", hasItem(containsString("unknown store \"nowhere\"")));

        // Saved, the preview is what happens.
        Files.writeString(HubTestResource.policiesFile(), POLICIES.replace("retention: {keepLast: 2, keepMinimum: 1}",
                "retention: {keepLast: 9}\n    schedule: [{cron: \"0 1 1 1 *\", timezone: UTC}]"));
        api().post("/api/v1/targets/reload").then().statusCode(200);
        api().get("/api/v1/targets/policy-shop/retention").then().body("effective.keepLast", equalTo(9));
        api().get("/api/v1/schedules?targetId=policy-shop").then().statusCode(200)
                .body("items.cron", contains("0 1 1 1 *")).body("items.source", contains("policy"));
    }

    @Test
    void aBackupIsWrittenWhereThePolicySays() {
        String artifact = HubApi.verifiedBackup("policy-shop");
        api().get("/api/v1/artifacts/" + artifact).then().statusCode(200)
                .body("copies.store", contains("offsite"));
        // The policy's notification rule, on top of notifications.yaml's (none of which names this target).
        Waits.await().until(() -> api().get("/api/v1/notifications?limit=100").then().extract().jsonPath()
                .getList("items.findAll { it.targetId == 'policy-shop' && it.event == 'backup.succeeded' }.channelId")
                .contains("hook"));
        api().get("/api/v1/targets/policy-shop/effective-policy").then()
                .body("settings.notifications.source", equalTo("policy:pt-gold"))
                .body("settings.notifications.value[0].channels", contains("hook"));
    }

    @Test
    void twoEquallySpecificPoliciesAreRefusedOnReloadAndTheOnesInUseStay() throws IOException {
        try {
            refusedOnReload();
        } finally { // the classes after this one find a valid file
            declarePolicies();
        }
    }

    private static void refusedOnReload() throws IOException {
        Files.writeString(HubTestResource.policiesFile(), POLICIES + """
                  - id: pt-twin
                    selector: {environment: staging, labels: {team: pt-shop}}
                    stores: [local]
                """);
        api().post("/api/v1/targets/reload").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasItem(containsString("policies pt-gold and pt-twin both set stores")));
        api().get("/api/v1/policies").then().statusCode(200).body("items.id", not(hasItem("pt-twin")));
        api().get("/api/v1/targets/policy-shop/effective-policy").then().statusCode(200)
                .body("settings.stores.value", contains("offsite"));

        Files.writeString(HubTestResource.policiesFile(), POLICIES + "  - id: pt-broken\n    stroes: [local]\n");
        api().post("/api/v1/targets/reload").then().statusCode(422)
                .body("type", equalTo("urn:backup-hub:problem:invalid-policies-file"))
                .body("errors", hasItem(containsString("stroes")));
    }
}
