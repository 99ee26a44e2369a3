package io.backuphub.pubsub;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backuphub.testing.GoogleCloudSdk;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.PubsubEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub in and out, on Google's Pub/Sub emulator: a request published to the hub's subscription runs
 * a backup and its outcome is published to the events topic; the same message delivered again (its
 * acknowledgement lost) makes no second job; messages that cannot be jobs land in the dead-letter topic
 * with their reason, and make none.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class PubsubRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(2);
    /** The subscription's ack deadline (the emulator's default): an unacknowledged message comes back after it. */
    private static final Duration ACK_DEADLINE = Duration.ofSeconds(10);

    private PubsubEmulator pubsub;

    @BeforeEach
    void emulator() {
        pubsub = HubTestResource.pubsub();
        GoogleCloudSdk.require(pubsub != null, "Pub/Sub");
    }

    @Test
    void aPublishedRequestRunsABackupAndItsOutcomeIsPublished() {
        String messageId = pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-orders\"}", Map.of());
        JsonPath job = awaitFinished(awaitJobOf(messageId), WAIT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("trigger")).isEqualTo("pubsub");
        assertThat(job.getString("triggeredBy")).isEqualTo("pubsub:ci");

        PubsubEmulator.Received event = awaitMessage("events-sub",
                m -> job.getString("id").equals(json(m.data()).path("jobId").asText()));
        assertThat(event.attributes()).containsEntry("event", "backup.succeeded")
                .containsEntry("targetId", "pubsub-orders").containsEntry("environment", "staging")
                .containsKey("notificationId").hasSize(4);
        JsonNode body = json(event.data());
        assertThat(body.path("event").asText()).isEqualTo("backup.succeeded");
        assertThat(body.path("bytes").asLong()).isEqualTo(job.getLong("bytes"));
        api().get("/api/v1/audit?actor=pubsub:ci&action=backup.request").then().statusCode(200)
                .body("items.detail", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("job " + job.getString("id"))));
    }

    @Test
    void aDrillRequestedOnPubsubRestoresTheNewestBackupIntoTheScratchTarget() {
        String backup = pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-drilled\"}", Map.of());
        JsonPath backupJob = awaitFinished(awaitJobOf(backup), WAIT);
        assertThat(backupJob.getString("verification")).as("job error: %s", backupJob.getString("error"))
                .isEqualTo("verified");

        pubsub.publish("hub-requests", "{\"action\":\"drill\",\"targetId\":\"pubsub-drilled\"}", Map.of());
        String drillJob = await().atMost(WAIT).until(() -> api()
                .get("/api/v1/jobs?trigger=pubsub&kind=drill&limit=50").then().statusCode(200).extract()
                .jsonPath().<String>getList("items.findAll { it.triggerRef == 'pubsub-drilled' }.id"),
                l -> !l.isEmpty())
                .get(0);
        JsonPath drill = awaitFinished(drillJob, WAIT);
        assertThat(drill.getString("status")).as("drill error: %s", drill.getString("error")).isEqualTo("succeeded");
        assertThat(drill.getString("targetId")).isEqualTo("restore-scratch");
        api().get("/api/v1/targets/pubsub-drilled/drills").then().statusCode(200)
                .body("items[0].jobId", org.hamcrest.Matchers.equalTo(drillJob))
                .body("items[0].artifactId", org.hamcrest.Matchers.equalTo(backupJob.getString("artifactId")));
    }

    @Test
    void aSubscriptionCreatedAfterTheHubStartedIsReadOnceItExists() {
        // integrations.yaml names hub-late-sub, which did not exist when the hub started.
        pubsub.createSubscription("hub-late-sub", "hub-late", 10);
        String messageId = pubsub.publish("hub-late", "{\"targetId\":\"pubsub-orders\",\"delay\":\"PT2H\"}",
                Map.of());
        String jobId = await().atMost(Duration.ofMinutes(3)).until(() -> api()
                .get("/api/v1/jobs?trigger=pubsub&limit=500").then().statusCode(200).extract().jsonPath()
                .<String>getList("items.findAll { it.triggerRef == 'late/" + messageId + "' }.id"), l -> !l.isEmpty())
                .get(0);
        api().delete("/api/v1/jobs/" + jobId).then().statusCode(200);
    }

    @Test
    void theSameMessageDeliveredAgainMakesNoSecondJob() {
        Instant before = Instant.now().minusSeconds(1);
        String messageId = pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-orders\",\"delay\":\"PT1H\"}",
                Map.of());
        String jobId = awaitJobOf(messageId);
        long handled = routeExchanges();
        // As if the acknowledgement had been lost: Pub/Sub delivers the message again, same id.
        pubsub.seek("hub-requests-sub", before);
        await().atMost(WAIT).until(() -> routeExchanges() > handled);
        assertThat(jobsOf(messageId)).as("one job for message " + messageId).containsExactly(jobId);
        api().delete("/api/v1/jobs/" + jobId).then().statusCode(200);
    }

    @Test
    void messagesThatCannotBeJobsGoToTheDeadLetterTopicWithTheirReason() {
        Map<String, String> reasons = Map.of(
                pubsub.publish("hub-requests", "back up orders please", Map.of("from", "ci")), "not a backup request",
                pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-nope\"}", Map.of()), "pubsub-nope",
                pubsub.publish("hub-requests", "{\"targetId\":\"orders\"}", Map.of()),
                "subscription ci may not ask for backups of target orders",
                pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-orders\",\"delay\":\"PT1S\"}", Map.of()),
                "delay",
                pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-orders\",\"color\":\"red\"}", Map.of()),
                "color",
                pubsub.publish("hub-requests", "{\"action\":\"drill\",\"targetId\":\"pubsub-orders\"}", Map.of()),
                "has no drill",
                pubsub.publish("hub-requests", "{\"action\":\"restore\",\"targetId\":\"pubsub-orders\"}", Map.of()),
                "action must be backup (the default) or drill");
        Instant sent = Instant.now();
        List<PubsubEmulator.Received> dead = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            List<PubsubEmulator.Received> got = pubsub.pull("dead-letters-sub", 10);
            pubsub.acknowledge("dead-letters-sub", got);
            dead.addAll(got);
            return dead.stream().map(m -> m.attributes().get("messageId")).toList().containsAll(reasons.keySet());
        });
        for (PubsubEmulator.Received m : dead) {
            String original = m.attributes().get("messageId");
            if (reasons.containsKey(original)) {
                assertThat(m.attributes()).containsEntry("subscription", "ci").containsKey("reason");
                assertThat(m.attributes().get("reason")).as(original).contains(reasons.get(original));
                assertThat(jobsOf(original)).as("no job for refused message " + original).isEmpty();
            }
        }
        assertThat(dead).filteredOn(m -> m.data().equals("back up orders please")).singleElement()
                .satisfies(m -> assertThat(m.attributes()).doesNotContainKey("from"));
        // The refused messages were acknowledged: once their ack deadline has passed, and the hub has
        // taken a request sent after it, none of them has been refused again.
        await().atMost(WAIT).until(() -> Instant.now().isAfter(sent.plus(ACK_DEADLINE)));
        String after = awaitJobOf(pubsub.publish("hub-requests", "{\"targetId\":\"pubsub-orders\",\"delay\":\"PT1H\"}",
                Map.of()));
        api().delete("/api/v1/jobs/" + after).then().statusCode(200);
        dead.addAll(pubsub.pull("dead-letters-sub", 50));
        assertThat(dead).extracting(m -> m.attributes().get("messageId"))
                .filteredOn(reasons::containsKey).doesNotHaveDuplicates();
    }

    private String awaitJobOf(String messageId) {
        await().atMost(WAIT).until(() -> !jobsOf(messageId).isEmpty());
        return jobsOf(messageId).get(0);
    }

    private static List<String> jobsOf(String messageId) {
        return api().get("/api/v1/jobs?trigger=pubsub&limit=500").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.triggerRef == 'ci/" + messageId + "' }.id", String.class);
    }

    private static long routeExchanges() {
        return api().get("/api/v1/routes").then().statusCode(200).extract().jsonPath()
                .getLong("items.find { it.id == 'receive-pubsub-requests' }.exchangesTotal");
    }

    private PubsubEmulator.Received awaitMessage(String subscription,
            java.util.function.Predicate<PubsubEmulator.Received> wanted) {
        List<PubsubEmulator.Received> seen = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            List<PubsubEmulator.Received> got = pubsub.pull(subscription, 10);
            pubsub.acknowledge(subscription, got);
            seen.addAll(got);
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
