package io.backuphub.retention;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention through the API and the sweeper: previews, pins, keepMinimum, audited deletions. What a
 * store holds beyond the catalog's backups is never the sweeper's (SharedStoreTest).
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class RetentionTest {

    @Inject Retention retention;

    @Test
    void previewPinApplyAndIdempotence() {
        List<String> artifacts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonPath job = awaitFinished(requestBackup("retained"), Duration.ofMinutes(3));
            assertThat(job.getString("verification")).isEqualTo("verified");
            artifacts.add(job.getString("artifactId"));
        }
        String newest = artifacts.get(3);
        String oldest = artifacts.get(0);
        String second = artifacts.get(1);

        api().post("/api/v1/targets/retained/retention/preview").then().statusCode(409); // no policy: keep all
        api().contentType("application/json")
                .body("{\"keepLast\":2,\"daily\":0,\"weekly\":0,\"monthly\":0,\"yearly\":0,\"maxAgeDays\":null,\"keepMinimum\":2}")
                .put("/api/v1/targets/retained/retention").then().statusCode(200)
                .body("effectiveFrom", equalTo("target")).body("effective.keepLast", equalTo(2));

        JsonPath preview = api().post("/api/v1/targets/retained/retention/preview").then().statusCode(200)
                .extract().jsonPath();
        assertThat(preview.getList("keep.artifactId")).containsExactly(newest, artifacts.get(2));
        assertThat(preview.getList("keep[0].reasons")).containsExactly("newest verified backup", "keepLast 1/2");
        assertThat(preview.getList("delete.artifactId")).containsExactly(second, oldest);
        assertThat(preview.getString("delete[0].reason")).isEqualTo("not kept by any rule of the policy");
        long oldBytes = api().get("/api/v1/artifacts/" + oldest).then().extract().jsonPath().getLong("bytes");
        long secondBytes = api().get("/api/v1/artifacts/" + second).then().extract().jsonPath().getLong("bytes");
        assertThat(preview.getLong("bytesFreed")).isEqualTo(oldBytes + secondBytes);
        // A preview deletes nothing.
        api().get("/api/v1/artifacts/" + oldest).then().statusCode(200);

        // A pin keeps the oldest, whatever the policy; pinned artifacts cannot be deleted by hand either.
        api().contentType("application/json").body("{\"reason\":\"legal hold\"}")
                .post("/api/v1/artifacts/" + oldest + "/pin").then().statusCode(200)
                .body("pinReason", equalTo("legal hold"));
        api().delete("/api/v1/artifacts/" + oldest).then().statusCode(409);

        String secondKey = api().get("/api/v1/artifacts/" + second).then().extract().path("key");
        JsonPath applied = api().post("/api/v1/targets/retained/retention/apply").then().statusCode(200).extract()
                .jsonPath();
        assertThat(applied.getList("delete.artifactId")).containsExactly(second);
        assertThat(applied.getList("keep.artifactId")).contains(oldest, newest);
        api().get("/api/v1/artifacts/" + second).then().statusCode(404);
        assertThat(HubTestResource.storeDir().resolve(secondKey)).doesNotExist();
        assertThat(HubTestResource.storeDir().resolve(secondKey + ".manifest.json")).doesNotExist();
        api().queryParam("limit", 50).get("/api/v1/audit").then().statusCode(200)
                .body("items.findAll { it.action == 'retention.deleted' }.resource", hasItem("artifact/" + second));

        // Running it again deletes nothing more.
        api().post("/api/v1/targets/retained/retention/apply").then().statusCode(200).body("delete.size()", equalTo(0));

        api().delete("/api/v1/artifacts/" + oldest + "/pin").then().statusCode(200);
        api().post("/api/v1/targets/retained/retention/apply").then().statusCode(200)
                .body("delete.artifactId", equalTo(List.of(oldest)));
    }

    /** On an environment of its own: a default on a shared one would delete other test classes' backups. */
    @Test
    void environmentDefaultApplies() {
        api().contentType("application/json").body("{\"keepLast\":7,\"keepMinimum\":3}")
                .put("/api/v1/environments/retention-defaults/retention").then().statusCode(200)
                .body("policy.keepLast", equalTo(7));
        api().get("/api/v1/targets/env-default/retention").then().statusCode(200)
                .body("policy", equalTo(null))
                .body("effectiveFrom", equalTo("environment"))
                .body("effective.keepMinimum", equalTo(3));
    }

    @Test
    void invalidPoliciesAndPinsAre400() {
        api().contentType("application/json").body("{\"keepLast\":-1,\"maxAgeDays\":0}")
                .put("/api/v1/targets/retained/retention").then().statusCode(400)
                .body("errors", hasItem(startsWith("keepLast: must be within")))
                .body("errors", hasItem(startsWith("maxAgeDays: must be within")));
        api().contentType("application/json").body("{\"keepLast\":1,\"hourly\":5}")
                .put("/api/v1/targets/retained/retention").then().statusCode(400);
        // Counts are integers: neither a string nor a fraction is silently turned into one.
        api().body("{\"keepLast\":\"2\"}").put("/api/v1/targets/retained/retention").then().statusCode(400)
                .body("detail", containsString("keepLast"));
        api().body("{\"keepLast\":1.5}").put("/api/v1/targets/retained/retention").then().statusCode(400)
                .body("detail", containsString("keepLast"));
        api().body("{\"daily\":true}").put("/api/v1/environments/retention-defaults/retention").then().statusCode(400);
        JsonPath job = awaitFinished(requestBackup("orders-local"), Duration.ofMinutes(3));
        api().contentType("application/json").body("{}")
                .post("/api/v1/artifacts/" + job.getString("artifactId") + "/pin")
                .then().statusCode(400);
    }

    @Test
    void eachStoreKeepsItsOwnTierAndAnArtifactGoesWithItsLastCopy() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(verified("orders-tiered"));
        }
        api().body("{\"keepLast\": 1, \"stores\": {\"archive\": {\"keepLast\": 3}}}")
                .put("/api/v1/targets/orders-tiered/retention").then().statusCode(200)
                .body("policy.stores.archive.keepLast", equalTo(3));
        JsonPath applied = api().post("/api/v1/targets/orders-tiered/retention/apply").then().statusCode(200)
                .extract().jsonPath();
        assertThat(applied.getList("delete.artifactId")).containsExactlyInAnyOrder(made.get(0), made.get(1));
        assertThat(applied.getList("delete.store")).containsOnly("local");
        for (String id : made.subList(0, 2)) {
            JsonPath artifact = api().get("/api/v1/artifacts/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(artifact.getList("copies.status")).as("local copy deleted, archive copy kept")
                    .containsExactly("deleted", "stored");
            assertThat(HubTestResource.storeDir().resolve(artifact.getString("key"))).doesNotExist();
        }
        // One tier for every store: the old archive copies go too, and with their last copy the artifacts.
        api().body("{\"keepLast\": 1}").put("/api/v1/targets/orders-tiered/retention").then().statusCode(200);
        applied = api().post("/api/v1/targets/orders-tiered/retention/apply").then().statusCode(200).extract()
                .jsonPath();
        assertThat(applied.getList("delete.store")).containsOnly("archive");
        api().get("/api/v1/artifacts/" + made.get(0)).then().statusCode(404);
        api().get("/api/v1/artifacts/" + made.get(1)).then().statusCode(404);
        api().get("/api/v1/artifacts/" + made.get(2)).then().statusCode(200);
        api().body("{\"keepLast\": 1, \"stores\": {\"mars\": {\"keepLast\": 3}}}")
                .put("/api/v1/targets/orders-tiered/retention").then().statusCode(400)
                .body("detail", containsString("unknown store \"mars\""));
    }

    @Test
    void deletionsTheStorageClassWouldBillAreDeferredUnlessThePolicyAllowsThem() {
        String older = verified("orders-cold");
        String newer = verified("orders-cold");
        api().body("{\"keepLast\": 1}").put("/api/v1/targets/orders-cold/retention").then().statusCode(200);
        JsonPath preview = api().post("/api/v1/targets/orders-cold/retention/preview").then().statusCode(200)
                .extract().jsonPath();
        assertThat(preview.getList("delete")).isEmpty();
        assertThat(preview.getList("keep.artifactId")).containsExactlyInAnyOrder(newer, older);
        String deferred = preview.getString("keep.find { it.artifactId == '" + older + "' }.reasons[0]");
        assertThat(deferred).contains("kept until").contains("NEARLINE bills 30 days")
                .contains("would bill 30 more days of").contains("allowEarlyDeletion");
        api().post("/api/v1/targets/orders-cold/retention/apply").then().statusCode(200);
        api().get("/api/v1/artifacts/" + older).then().statusCode(200);

        api().body("{\"keepLast\": 1, \"allowEarlyDeletion\": true}").put("/api/v1/targets/orders-cold/retention")
                .then().statusCode(200);
        preview = api().post("/api/v1/targets/orders-cold/retention/preview").then().statusCode(200).extract()
                .jsonPath();
        assertThat(preview.getList("delete.artifactId")).containsExactly(older);
        assertThat(preview.getString("delete[0].earlyDeletion.storageClass")).isEqualTo("NEARLINE");
        assertThat(preview.getLong("delete[0].earlyDeletion.minimumDays")).isEqualTo(30);
        assertThat(preview.getLong("delete[0].earlyDeletion.billedDays")).isEqualTo(30);
        assertThat(preview.getLong("delete[0].earlyDeletion.bytes")).isPositive();
        api().post("/api/v1/targets/orders-cold/retention/apply").then().statusCode(200);
        api().get("/api/v1/artifacts/" + older).then().statusCode(404);
    }

    private static String verified(String targetId) {
        JsonPath job = awaitFinished(requestBackup(targetId), Duration.ofMinutes(3));
        assertThat(job.getString("verification")).isEqualTo("verified");
        return job.getString("artifactId");
    }
}
