package io.backuphub.mirror;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.job;
import static io.backuphub.testing.HubApi.restoreAndWait;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.testing.FirestoreEmulator;
import io.backuphub.testing.GoogleCloudSdk;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Firestore history mirror on Google's Firestore emulator: a backup's job and its verified
 * artifact (with the fingerprint) appear as documents under the catalog's ids; while Firestore is away
 * the records wait and are written once it is back; a resync rewrites the mirror from the catalog
 * without a duplicate.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class FirestoreMirrorTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    private FirestoreEmulator firestore;

    @BeforeEach
    void emulator() {
        firestore = HubTestResource.firestore();
        GoogleCloudSdk.require(firestore != null, "Firestore");
    }

    @Test
    void aBackupAndItsVerificationAreMirroredUnderTheCatalogsIds() {
        String artifactId = verifiedBackup("mirror-orders");
        JsonPath artifact = artifact(artifactId);
        String jobId = artifact.getString("jobId");
        JsonPath job = job(jobId);

        JsonNode history = awaitDocument("backup_history", jobId);
        assertThat(history.path("status").path("stringValue").asText()).isEqualTo("succeeded");
        assertThat(history.path("targetId").path("stringValue").asText()).isEqualTo("mirror-orders");
        assertThat(history.path("environment").path("stringValue").asText()).isEqualTo("staging");
        assertThat(history.path("bytes").path("integerValue").asLong()).isEqualTo(job.getLong("bytes"));
        assertThat(history.path("artifactId").path("stringValue").asText()).isEqualTo(artifactId);
        assertThat(history.path("finishedAt").path("timestampValue").asText()).isNotEmpty();

        // The verifications collection is named hub_verifications in this hub's integrations file.
        JsonNode verification = awaitDocument("hub_verifications", artifactId);
        assertThat(verification.path("verification").path("stringValue").asText()).isEqualTo("verified");
        assertThat(verification.path("sha256").path("stringValue").asText()).isEqualTo(artifact.getString("sha256"));
        List<String> tables = artifact.getList("fingerprint.tables.name");
        JsonNode mirrored = verification.path("fingerprint").path("mapValue").path("fields").path("tables")
                .path("arrayValue").path("values");
        assertThat(mirrored.findValuesAsText("stringValue")).containsAll(tables);
        assertThat(firestore.document("backup_verifications", artifactId)).as("not under the default name").isEmpty();

        // A pin changes the artifact without a job: the document follows.
        api().body("{\"reason\":\"before the v2 migration\"}").post("/api/v1/artifacts/" + artifactId + "/pin")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> firestore.document("hub_verifications", artifactId)
                .map(d -> d.path("pinReason").path("stringValue").asText()).orElse(""),
                "before the v2 migration"::equals);
    }

    @Test
    void aRestoreAndADrillAreMirroredWithTheirOutcome() {
        String artifactId = verifiedBackup("pubsub-drilled");
        JsonPath plan = restorePreview(artifactId, "{\"targetId\":\"restore-dest\"}").statusCode(200).extract()
                .jsonPath();
        JsonPath restore = restoreAndWait(artifactId, "{\"targetId\":\"restore-dest\",\"confirm\":\""
                + plan.getString("confirm") + "\"}", WAIT);
        assertThat(restore.getString("status")).as("restore error: %s", restore.getString("error"))
                .isEqualTo("succeeded");
        JsonNode restored = awaitDocument("restore_history", restore.getString("id"));
        assertThat(restored.path("status").path("stringValue").asText()).isEqualTo("succeeded");
        assertThat(restored.path("targetId").path("stringValue").asText()).isEqualTo("restore-dest");
        assertThat(restored.path("artifactId").path("stringValue").asText()).isEqualTo(artifactId);

        String drillJob = api().post("/api/v1/targets/pubsub-drilled/drills").then().statusCode(202).extract()
                .path("id");
        assertThat(awaitFinished(drillJob, WAIT).getString("status")).isEqualTo("succeeded");
        JsonPath drill = api().get("/api/v1/targets/pubsub-drilled/drills").then().statusCode(200).extract()
                .jsonPath();
        assertThat(drill.getString("items[0].jobId")).isEqualTo(drillJob);
        JsonNode drilled = awaitDocument("drill_history", drill.getString("items[0].id"));
        assertThat(drilled.path("status").path("stringValue").asText()).isEqualTo("succeeded");
        assertThat(drilled.path("targetId").path("stringValue").asText()).isEqualTo("pubsub-drilled");
        assertThat(drilled.path("rtoSeconds").path("doubleValue").asDouble())
                .isEqualTo(drill.getDouble("items[0].rtoSeconds"));
        assertThat(drilled.path("rpoSeconds").path("integerValue").asLong())
                .isEqualTo(drill.getLong("items[0].rpoSeconds"));
    }

    @Test
    void whileFirestoreIsAwayTheRecordsWaitAndArriveWhenItIsBack() throws Exception {
        firestore.stop();
        String jobId;
        try {
            jobId = artifact(verifiedBackup("mirror-orders")).getString("jobId");
            await().atMost(WAIT).until(() -> mirror().getInt("queue.failing") > 0);
            JsonPath status = mirror();
            assertThat(status.getBoolean("enabled")).isTrue();
            assertThat(status.getString("queue.lastError")).isNotBlank();
            assertThat(status.getInt("queue.pending")).isPositive();
        } finally {
            firestore.restart();
        }
        assertThat(awaitDocument("backup_history", jobId).path("jobId").path("stringValue").asText()).isEqualTo(jobId);
    }

    @Test
    void aResyncRewritesTheMirrorFromTheCatalogWithoutDuplicates() {
        String jobId = artifact(verifiedBackup("mirror-orders")).getString("jobId");
        awaitDocument("backup_history", jobId);
        firestore.clear();
        assertThat(firestore.document("backup_history", jobId)).isEmpty();

        int queued = api().post("/api/v1/mirror/resync").then().statusCode(202).extract().path("queued");
        assertThat(queued).isPositive();
        awaitDocument("backup_history", jobId);
        await().atMost(WAIT).until(() -> mirror().getInt("queue.pending") == 0);
        List<String> once = firestore.ids("backup_history");

        api().post("/api/v1/mirror/resync").then().statusCode(202);
        await().atMost(WAIT).until(() -> mirror().getInt("queue.pending") == 0);
        assertThat(firestore.ids("backup_history")).as("a replay overwrites").hasSameSizeAs(once)
                .containsExactlyInAnyOrderElementsOf(once).doesNotHaveDuplicates();
        api().get("/api/v1/audit?action=mirror.resync").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    private JsonNode awaitDocument(String collection, String id) {
        return await().atMost(WAIT).until(() -> firestore.document(collection, id).orElse(null), d -> d != null);
    }

    private static JsonPath mirror() {
        return api().get("/api/v1/mirror").then().statusCode(200).extract().jsonPath();
    }
}
