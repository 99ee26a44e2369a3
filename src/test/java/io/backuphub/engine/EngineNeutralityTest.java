package io.backuphub.engine;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.HookSignature;
import io.backuphub.testing.EngineTargets;
import io.backuphub.testing.HubTargets;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules, signed webhooks and retention know no engine: each is proven here on an engine other
 * than PostgreSQL (drills and notifications are in the engines' own tests).
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class EngineNeutralityTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.MONGODB, EngineTargets.QDRANT, EngineTargets.MARIADB);
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aScheduleFiresAQdrantBackup() {
        String id = api().body("{\"targetId\":\"qdrant-articles\",\"cron\":\"* * * * *\",\"timezone\":\"UTC\"}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api().get("/api/v1/schedules/" + id).then().extract().path("lastRun") != null);
            String jobId = api().get("/api/v1/schedules/" + id).then().extract().path("lastRun.id");
            JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.getString("trigger")).isEqualTo("schedule");
            assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
            assertThat(job.getString("verification")).isEqualTo("verified");
        } finally {
            api().delete("/api/v1/schedules/" + id).then().statusCode(204);
        }
    }

    @Test
    void aSignedWebhookStartsAMariaDbBackup() {
        JsonPath hook = api().body("{\"name\":\"maria-deploys\",\"allowedActions\":[\"backup\"],"
                + "\"allowedTargets\":[\"maria-shop\"],\"allowedEnvironments\":[\"staging\"],\"ratePerHour\":10}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        String body = "{\"action\":\"backup\",\"targetId\":\"maria-shop\"}";
        String delivery = UUID.randomUUID().toString();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String jobId = given().contentType("application/json")
                .header(HookSignature.TIMESTAMP, timestamp)
                .header(HookSignature.DELIVERY, delivery)
                .header(HookSignature.SIGNATURE, HookSignature.sign(hook.getString("secret"), timestamp, delivery,
                        body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/hooks/" + hook.getString("id")).then().statusCode(202).extract().path("jobId");
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("trigger")).isEqualTo("webhook");
        assertThat(job.getString("targetId")).isEqualTo("maria-shop");
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
    }

    @Test
    void retentionKeepsTheNewestMongoBackupsAndDeletesTheRest() {
        List<String> artifacts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonPath job = awaitFinished(requestBackup("mongo-server"), JOB_TIMEOUT);
            assertThat(job.getString("verification")).isEqualTo("verified");
            artifacts.add(job.getString("artifactId"));
        }
        api().body("{\"keepLast\":1,\"daily\":0,\"weekly\":0,\"monthly\":0,\"yearly\":0,\"maxAgeDays\":null,"
                + "\"keepMinimum\":1}").put("/api/v1/targets/mongo-server/retention").then().statusCode(200);
        try {
            JsonPath applied = api().post("/api/v1/targets/mongo-server/retention/apply").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(applied.getList("keep.artifactId")).containsExactly(artifacts.get(2));
            assertThat(applied.getList("delete.artifactId")).contains(artifacts.get(0), artifacts.get(1));
            api().get("/api/v1/artifacts/" + artifacts.get(0)).then().statusCode(404);
            api().get("/api/v1/artifacts/" + artifacts.get(2)).then().statusCode(200);
        } finally {
            // Other tests back this target up too: keep everything again.
            api().body("{\"keepLast\":1000,\"daily\":0,\"weekly\":0,\"monthly\":0,\"yearly\":0,\"maxAgeDays\":null,"
                    + "\"keepMinimum\":1}").put("/api/v1/targets/mongo-server/retention").then().statusCode(200);
        }
    }
}
