package io.backuphub.backup;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A table emptied between two backups: the second backup is verified but marked suspicious, the
 * target turns amber saying why, the event goes out, and retention keeps the earlier backup (the
 * suspicious one counts for nothing) until a person acknowledges it.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class SuspiciousBackupTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aTableThatLostMostOfItsRowsIsFlaggedAndNotCountedByRetention() {
        String good = backup();
        HubTestResource.postgres().execute(TestData.SUSPECT_DB, "DELETE FROM ledger WHERE id > 100");
        String suspect = backup();

        JsonPath artifact = api().get("/api/v1/artifacts/" + suspect).then().statusCode(200).extract().jsonPath();
        assertThat(artifact.getBoolean("suspicious")).isTrue();
        assertThat(artifact.getString("suspiciousReason")).contains("table public.ledger has 100 rows")
                .contains("had 20000").contains("the dump is");
        assertThat(api().get("/api/v1/artifacts/" + good).then().extract().jsonPath().getBoolean("suspicious"))
                .isFalse();
        JsonPath target = api().get("/api/v1/targets/suspect").then().statusCode(200).extract().jsonPath();
        assertThat(target.getString("health.status")).isEqualTo("yellow");
        assertThat(target.getString("health.reason")).contains(suspect).contains("suspicious");
        await().atMost(Duration.ofSeconds(30)).until(() -> HubTestResource.receiver().received("/hook").stream()
                .anyMatch(r -> r.body().contains("\"event\":\"backup.suspicious\"") && r.body().contains(suspect)));

        api().body("{\"keepLast\":1,\"daily\":0,\"weekly\":0,\"monthly\":0,\"yearly\":0,\"maxAgeDays\":null,"
                + "\"keepMinimum\":1}").put("/api/v1/targets/suspect/retention").then().statusCode(200);
        JsonPath plan = api().post("/api/v1/targets/suspect/retention/preview").then().statusCode(200).extract()
                .jsonPath();
        assertThat(plan.getList("keep.artifactId")).containsExactlyInAnyOrder(good, suspect);
        assertThat(plan.getList("delete")).isEmpty();

        api().post("/api/v1/artifacts/" + suspect + "/acknowledge").then().statusCode(200);
        api().post("/api/v1/artifacts/" + suspect + "/acknowledge").then().statusCode(409);
        assertThat(api().get("/api/v1/targets/suspect").then().extract().jsonPath().getString("health.status"))
                .isEqualTo("green");
        plan = api().post("/api/v1/targets/suspect/retention/preview").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getList("keep.artifactId")).containsExactly(suspect);
        assertThat(plan.getList("delete.artifactId")).containsExactly(good);
    }

    /** An empty database (the quickstart's "postgres") is a valid backup: verified, with an empty fingerprint. */
    @Test
    void anEmptyDatabaseBacksUpAndVerifies() {
        String artifactId = verifiedBackup("empty");
        JsonPath artifact = api().get("/api/v1/artifacts/" + artifactId).then().statusCode(200).extract().jsonPath();
        assertThat(artifact.getString("verificationSummary")).contains("the database was empty");
        assertThat(artifact.getList("fingerprint.tables")).isEmpty();
        // A second empty backup is not "no tables where there were some".
        assertThat(verifiedBackup("empty")).isNotEqualTo(artifactId);
    }

    @Test
    void aDumpWithNoTablesWhereThePreviousHadSomeFails() {
        String good = verifiedBackup("vanishing");
        HubTestResource.postgres().execute(TestData.VANISHING_DB, "DROP TABLE only_table");
        JsonPath job = awaitFinished(requestBackup("vanishing"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("no tables").contains(good);
        JsonPath artifacts = api().queryParam("targetId", "vanishing").get("/api/v1/artifacts").then().statusCode(200)
                .extract().jsonPath();
        assertThat(artifacts.getList("items.verification")).containsExactly("verify_failed", "verified");
        assertThat(api().get("/api/v1/targets/vanishing").then().extract().jsonPath().getString("health.status"))
                .isEqualTo("red");
    }

    private static String backup() {
        return verifiedBackup("suspect");
    }

}
