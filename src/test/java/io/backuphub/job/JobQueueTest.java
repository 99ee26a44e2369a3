package io.backuphub.job;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.catalog.Db;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue: one job per target, parallel across targets, delayed jobs, cancel, pagination, audit. */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class JobQueueTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Inject Db db;

    @Test
    void oneJobPerTargetWhileOtherTargetsRunInParallel() {
        String first = requestBackup("medium");
        String second = requestBackup("medium");
        String other = requestBackup("orders-local");

        JsonPath a = awaitFinished(first, TIMEOUT);
        JsonPath b = awaitFinished(second, TIMEOUT);
        JsonPath c = awaitFinished(other, TIMEOUT);
        assertThat(List.of(a.getString("status"), b.getString("status"), c.getString("status")))
                .containsOnly("succeeded");
        // The second backup of "medium" started only once the first had finished...
        assertThat(Instant.parse(b.getString("startedAt"))).isAfterOrEqualTo(Instant.parse(a.getString("finishedAt")));
        // ...while "orders-local" ran during the first one.
        assertThat(Instant.parse(c.getString("startedAt"))).isBefore(Instant.parse(a.getString("finishedAt")));
    }

    /** A replica that died mid-job stops sending heartbeats: another hub fails its job and frees the target. */
    @Test
    void anotherReplicasStaleJobIsFailedAndItsTargetFreed() {
        String id = io.backuphub.common.Ids.next();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        db.update(
                "INSERT INTO jobs (id, target_id, kind, status, verification, trigger_type, triggered_by, scheduled_for,"
                        + " created_at, started_at, owner, heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                id, "env-default",
                "backup", "running", "pending", "api", "admin", longAgo, longAgo, longAgo, "replica-that-died",
                longAgo);
        db.update("INSERT INTO target_locks (target_id, job_id, owner, acquired_at) VALUES (?,?,?,?)", "env-default",
                id,
                "replica-that-died", longAgo);
        // The watch-jobs route (every second here) does it; stale-after is 2 minutes.
        io.backuphub.testing.Waits.await().atMost(Duration.ofSeconds(20))
                .until(() -> "failed".equals(api().get("/api/v1/jobs/" + id).then().extract().path("status")));
        api().get("/api/v1/jobs/" + id).then()
                .body("error", equalTo("the hub running the job (replica-that-died) stopped sending heartbeats"))
                .body("verification", equalTo("skipped"));
        assertThat(db.queryOne("SELECT COUNT(*) FROM target_locks WHERE target_id = 'env-default'", rs -> rs.getInt(1)))
                .contains(0);
    }

    @Test
    void delayedBackupWaitsThenRuns() {
        String id = api().contentType("application/json").body("{\"delay\":\"PT10M\"}")
                .post("/api/v1/targets/orders-local/backups").then().statusCode(202).extract().path("id");
        JsonPath queued = api().get("/api/v1/jobs/" + id).then().extract().jsonPath();
        assertThat(queued.getString("status")).isEqualTo("queued");
        Instant due = Instant.parse(queued.getString("scheduledFor"));
        assertThat(due).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));
        // Nothing runs before it is due.
        io.backuphub.testing.Waits.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> "queued".equals(api().get("/api/v1/jobs/" + id).then().extract().path("status")));
        // Let ten minutes pass, as far as the catalog can tell.
        db.update("UPDATE jobs SET scheduled_for = ? WHERE id = ?", Instant.now(), id);
        assertThat(awaitFinished(id, TIMEOUT).getString("status")).isEqualTo("succeeded");
    }

    @Test
    void queuedJobCanBeCancelledRunningOrFinishedCannot() {
        String id = api().contentType("application/json")
                .body("{\"runAt\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\"}")
                .post("/api/v1/targets/orders/backups").then().statusCode(202).extract().path("id");
        api().delete("/api/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("cancelled"))
                .body("error", equalTo("cancelled by admin"));
        api().delete("/api/v1/jobs/" + id).then().statusCode(409);
    }

    @Test
    void jobListPagesWithAStableCursor() {
        for (int i = 0; i < 3; i++) {
            api().contentType("application/json").body("{\"delay\":\"P2D\"}").post("/api/v1/targets/orders/backups")
                    .then().statusCode(202);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = api().queryParam("targetId", "orders").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2).allMatch(seen::add);
            // A job created while paging does not shift the pages already read.
            if (pages == 0) {
                api().contentType("application/json").body("{\"delay\":\"P2D\"}")
                        .post("/api/v1/targets/orders/backups");
            }
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen.size()).isGreaterThanOrEqualTo(3);
        assertThat(api().queryParam("status", "queued").queryParam("kind", "backup").get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList("items.status")).containsOnly("queued");
    }

    /**
     * Sorted by a column with many equal values (status), small pages still give every job exactly once
     * and in order: the cursor holds the value and the id, and ties go by id.
     */
    @Test
    void aListSortedByAColumnPagesThroughEveryJobOnceInOrder() {
        List<String> all = api().queryParam("limit", 500).queryParam("sort", "status").get("/api/v1/jobs").then()
                .statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(all).hasSizeGreaterThan(3);
        List<String> paged = new java.util.ArrayList<>();
        List<String> statuses = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = api().queryParam("limit", 2).queryParam("sort", "status");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.id"));
            statuses.addAll(page.getList("items.status"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && paged.size() <= all.size());
        assertThat(paged).as("each job once, the same order as one big page").containsExactlyElementsOf(all);
        assertThat(statuses).isSorted();
        List<String> newestFirst = api().queryParam("limit", 500).get("/api/v1/jobs").then().extract().jsonPath()
                .getList("items.id");
        assertThat(newestFirst).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        api().queryParam("sort", "colour").get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        api().queryParam("sort", "status").queryParam("cursor", "bm90LWEtY3Vyc29y").get("/api/v1/jobs").then()
                .statusCode(400);
        String statusCursor = api().queryParam("limit", 1).queryParam("sort", "status").get("/api/v1/jobs").then()
                .extract().path("nextCursor");
        api().queryParam("sort", "size").queryParam("cursor", statusCursor).get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void deletingAnArtifactRemovesObjectAndManifestAndIsAudited() {
        JsonPath job = awaitFinished(requestBackup("orders-local"), TIMEOUT);
        String artifactId = job.getString("artifactId");
        String key = api().get("/api/v1/artifacts/" + artifactId).then().extract().path("key");
        assertThat(HubTestResource.storeDir().resolve(key)).exists();

        api().delete("/api/v1/artifacts/" + artifactId).then().statusCode(204);
        assertThat(HubTestResource.storeDir().resolve(key)).doesNotExist();
        assertThat(HubTestResource.storeDir().resolve(key + ".manifest.json")).doesNotExist();
        api().get("/api/v1/artifacts/" + artifactId).then().statusCode(404);

        JsonPath audit = api().queryParam("limit", 20).get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).contains("artifact.delete", "backup.request");
        int index = audit.getList("items.action").indexOf("artifact.delete");
        assertThat(audit.getString("items[" + index + "].actor")).isEqualTo("admin");
        assertThat(audit.getString("items[" + index + "].resource")).isEqualTo("artifact/" + artifactId);
        assertThat(audit.getString("items[" + index + "].source")).isEqualTo("127.0.0.1");
        assertThat(audit.getString("items[" + index + "].outcome")).isEqualTo("succeeded");
    }
}
