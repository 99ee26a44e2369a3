package io.backuphub.testing;

import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;

import io.backuphub.common.Json;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hub's API as a test client sees it: authenticated requests and waiting for jobs. */
public final class HubApi {

    private static final Set<String> FINISHED = Set.of("succeeded", "partial", "failed", "cancelled");

    private HubApi() {
    }

    public static RequestSpecification api() {
        // Writes must be application/json (bodiless ones too); a GET ignores the header.
        return given().header("X-API-Key", HubTestResource.ADMIN_KEY).contentType("application/json");
    }

    /**
     * A new API key made by the admin key through POST /api/v1/keys; {@code fields} are the rest of its
     * JSON body (after name), such as {@code "role":"viewer","targets":["shop-*"]}. Returns its secret.
     */
    public static String newKey(String name, String fields) {
        return api().body("{\"name\":\"" + name + "\"," + fields + "}").post("/api/v1/keys").then()
                .statusCode(201).extract().path("secret");
    }

    /** The person {@code email} as GET /api/v1/users lists them. */
    public static JsonPath user(String email) {
        List<Map<String, Object>> users = api().get("/api/v1/users").then().statusCode(200)
                .extract().jsonPath().getList("items");
        return new JsonPath(Json.MAPPER.valueToTree(users.stream()
                .filter(u -> email.equals(u.get("email"))).findFirst().orElseThrow()).toString());
    }

    /** Requests as the holder of {@code secret}. */
    public static RequestSpecification as(String secret) {
        return given().header("X-API-Key", secret).contentType("application/json");
    }

    /** POST /targets/{id}/backups with {}; returns the job id. */
    public static String requestBackup(String targetId) {
        return api().contentType("application/json").body("{}")
                .post("/api/v1/targets/" + targetId + "/backups")
                .then().statusCode(202)
                .extract().path("id");
    }

    public static JsonPath job(String id) {
        return api().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitFinished(String jobId, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> FINISHED.contains(job(jobId).getString("status")));
        return job(jobId);
    }

    /** A backup of the target through the API, which must succeed and verify; returns its artifact id. */
    public static String verifiedBackup(String targetId) {
        JsonPath job = awaitFinished(requestBackup(targetId), Duration.ofMinutes(3));
        if (!"succeeded".equals(job.getString("status")) || !"verified".equals(job.getString("verification"))) {
            throw new AssertionError("backup of " + targetId + " ended " + job.getString("status") + ", verification "
                    + job.getString("verification") + ": " + job.getString("error"));
        }
        return job.getString("artifactId");
    }

    public static Path download(String artifactId, Path to) throws IOException {
        try (InputStream in = api().get("/api/v1/artifacts/" + artifactId + "/download")
                .then().statusCode(200).extract().asInputStream()) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    /** GET /artifacts/{id}, which must exist. */
    public static JsonPath artifact(String artifactId) {
        return api().get("/api/v1/artifacts/" + artifactId).then().statusCode(200).extract().jsonPath();
    }

    /** POST /artifacts/{id}/restores/preview with {@code body}; the caller checks the answer. */
    public static io.restassured.response.ValidatableResponse restorePreview(String artifactId, String body) {
        return api().body(body).post("/api/v1/artifacts/" + artifactId + "/restores/preview").then();
    }

    /** POST /artifacts/{id}/restores with {@code body}, which must be accepted; the finished job. */
    public static JsonPath restoreAndWait(String artifactId, String body, Duration within) {
        String jobId = api().body(body).post("/api/v1/artifacts/" + artifactId + "/restores").then().statusCode(202)
                .extract().path("id");
        return awaitFinished(jobId, within);
    }

    /**
     * Jobs a request could have made (triggered through the API, a webhook or Pub/Sub, and the safety
     * backups of restores): the hub's own jobs (schedules, bases, copies to replicateTo stores) come and
     * go in the background while a test runs.
     */
    public static int jobCount() {
        int count = 0;
        for (String trigger : List.of("api", "webhook", "pubsub", "restore")) {
            count += api().get("/api/v1/jobs?limit=500&trigger=" + trigger).then().statusCode(200).extract()
                    .jsonPath().getList("items").size();
        }
        return count;
    }
}
