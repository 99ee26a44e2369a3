package io.backuphub.watch;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The targets and notifications files are applied when they change (hub.targets.watch,
 * hub.notifications.watch): a valid change takes effect without an API call, an invalid one is
 * refused (audited as file-watch, with the reason) and what was in use stays.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class FileWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aChangedTargetsFileIsAppliedAndABrokenOneRefused() throws Exception {
        Path file = HubTestResource.targetsFile();
        String original = Files.readString(file);
        try {
            Files.writeString(file, original + """
                      - id: watched
                        engine: postgres
                        environment: staging
                        transport: {type: local}
                        database: {host: 127.0.0.1, port: 5432, user: postgres, name: orders}
                    """);
            await().atMost(WAIT).until(() -> status("/api/v1/targets/watched") == 200);

            Files.writeString(file,
                    original.replace("targets:\n", "targets:\n  - id: \"Not A Slug\"\n    engine: postgres\n"));
            Map<String, Object> refusal = awaitAudit("targets.reload", "rejected");
            assertThat((String) refusal.get("detail")).contains("Not A Slug");
            assertThat(status("/api/v1/targets/watched")).as("the targets in use stay").isEqualTo(200);
        } finally {
            Files.writeString(file, original);
        }
        await().atMost(WAIT).until(() -> status("/api/v1/targets/watched") == 404);
    }

    @Test
    void aChangedNotificationsFileIsAppliedAndABrokenOneRefused() throws Exception {
        Path file = HubTestResource.notificationsFile();
        String original = Files.readString(file);
        int rules = rules().size();
        try {
            Files.writeString(file, original + """
                      - events: [backup.failed]
                        targets: [orders]
                        channels: [hook]
                    """);
            await().atMost(WAIT).until(() -> rules().size() == rules + 1);

            Files.writeString(file, original.replace("[backup.failed]", "[backup.exploded]"));
            Map<String, Object> refusal = awaitAudit("notifications.reload", "rejected");
            assertThat((String) refusal.get("detail")).contains("backup.exploded");
            assertThat(rules()).as("the rules in use stay").hasSize(rules + 1);
        } finally {
            Files.writeString(file, original);
        }
        await().atMost(WAIT).until(() -> rules().size() == rules);
    }

    private static int status(String path) {
        return api().get(path).then().extract().statusCode();
    }

    private static List<Object> rules() {
        return api().get("/api/v1/notifications/config").then().statusCode(200).extract().jsonPath().getList("rules");
    }

    /** The newest file-watch audit entry for {@code action}, once it has the outcome. */
    private static Map<String, Object> awaitAudit(String action, String outcome) {
        return await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> entries = api().get("/api/v1/audit?limit=50").then().statusCode(200)
                    .extract().jsonPath().getList("items");
            return entries.stream().filter(e -> "file-watch".equals(e.get("actor")) && action.equals(e.get("action")))
                    .findFirst().filter(e -> outcome.equals(e.get("outcome"))).orElse(null);
        }, e -> e != null);
    }
}
