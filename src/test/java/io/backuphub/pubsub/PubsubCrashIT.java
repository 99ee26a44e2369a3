package io.backuphub.pubsub;

import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.Files2;
import io.backuphub.testing.GoogleCloudSdk;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.backuphub.testing.PubsubEmulator;
import io.backuphub.testing.TestData;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A packaged hub killed (SIGKILL) while it handles a Pub/Sub request — after it recorded the job id
 * for the message, before the job and before the acknowledgement — loses no request and makes no
 * second job: Pub/Sub delivers the message again to the next hub, which queues the job under the id
 * the first one recorded. The catalog table the hub writes next is held locked to stop it there.
 */
class PubsubCrashIT {

    private static final String KEY = "pubsub-crash-admin-key-0123456789abcdef";

    @Test
    void aHubKilledBetweenReceiveAndAcknowledgeLosesNoRequest() throws Exception {
        GoogleCloudSdk.require(PubsubEmulator.jar() != null, "Pub/Sub");
        Path work = Files.createTempDirectory("hub-pubsub-crash-");
        try (PostgresCluster postgres = PostgresCluster.start(); PubsubEmulator pubsub = PubsubEmulator.start()) {
            TestData.seed(postgres);
            postgres.createDatabase("hubcatalog");
            pubsub.createTopic("requests");
            pubsub.createTopic("refused");
            pubsub.createSubscription("requests-hub", "requests", 10);
            Files.writeString(work.resolve("pg-password"), PostgresCluster.PASSWORD + "\n");
            Files.writeString(work.resolve("targets.yaml"), """
                    targets:
                      - id: alpha
                        engine: postgres
                        environment: production
                        transport: {type: local}
                        database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: orders}
                    """.formatted(postgres.port(), work.resolve("pg-password")));
            Files.writeString(work.resolve("integrations.yaml"), """
                    pubsub:
                      projectId: %s
                      subscriptions:
                        - {id: ci, subscription: requests-hub, deadLetterTopic: refused}
                    """.formatted(PubsubEmulator.PROJECT));
            Map<String, String> settings = Map.of(
                    "hub.data.dir", work.resolve("data").toString(),
                    "hub.targets.file", work.resolve("targets.yaml").toString(),
                    "hub.schedules.file", work.resolve("schedules.yaml").toString(),
                    "hub.notifications.file", work.resolve("notifications.yaml").toString(),
                    "hub.integrations.file", work.resolve("integrations.yaml").toString(),
                    "hub.jobs.poll-interval", "200ms",
                    "PUBSUB_EMULATOR_HOST", pubsub.host());

            PackagedHub first = PackagedHub.start(postgres, "hubcatalog", Processes.freePort(), KEY, settings,
                    work.resolve("first.log"));
            String messageId;
            String recordedJob;
            java.time.Instant published;
            try (Connection lock = postgres.connect("hubcatalog")) {
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    s.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");
                }
                published = java.time.Instant.now().minusSeconds(1);
                messageId = pubsub.publish("requests", "{\"targetId\":\"alpha\"}", Map.of());
                // The first hub has the message, has recorded its job id, and waits on the jobs table.
                recordedJob = await().atMost(Duration.ofSeconds(60)).until(() -> recordedJob(postgres, messageId),
                        id -> id != null);
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnJobs(postgres));
                first.kill();
                lock.rollback();
            }

            PackagedHub second = PackagedHub.start(postgres, "hubcatalog", Processes.freePort(), KEY, settings,
                    work.resolve("second.log"));
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> jobsOf(second, messageId).size() == 1
                                && "succeeded".equals(jobsOf(second, messageId).get(0).get("status")));
                // Redelivered once more (the acknowledgement lost): still that one job.
                long seen = redeliveriesLogged(work.resolve("second.log"), messageId);
                pubsub.seek("requests-hub", published);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> redeliveriesLogged(work.resolve("second.log"), messageId) > seen);
                List<Map<String, Object>> jobs = jobsOf(second, messageId);
                assertThat(jobs).hasSize(1);
                assertThat(jobs.get(0).get("id")).as("the job id the killed hub recorded").isEqualTo(recordedJob);
            } finally {
                second.close();
            }
        } finally {
            Files2.deleteTree(work);
        }
    }

    /** How often the hub said it was given {@code messageId} again and found its job. */
    private static long redeliveriesLogged(Path log, String messageId) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains("Pub/Sub message " + messageId + " ") && line.contains("delivered again"))
                .count();
    }

    private static String recordedJob(PostgresCluster postgres, String messageId) throws Exception {
        try (Connection c = postgres.connect("hubcatalog");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job_id FROM pubsub_messages WHERE subscription_id = 'ci'"
                        + " AND message_id = '" + messageId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean waitingOnJobs(PostgresCluster postgres) throws Exception {
        try (Connection c = postgres.connect("hubcatalog");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%FROM jobs WHERE id = %'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    private static List<Map<String, Object>> jobsOf(PackagedHub hub, String messageId) {
        JsonPath page = hub.api().get("/api/v1/jobs?trigger=pubsub").then().statusCode(200).extract().jsonPath();
        return page.getList("items.findAll { it.triggerRef == 'ci/" + messageId + "' }");
    }
}
