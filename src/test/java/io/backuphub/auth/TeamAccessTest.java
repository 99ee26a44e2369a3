package io.backuphub.auth;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.as;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.newKey;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.backuphub.common.Ids;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A team sharing the hub: keys with a role, a scope, an expiry and source addresses; what a scoped key
 * can see and reach (nothing of another target, not even that it exists); keys rotated with a grace and
 * revoked at once; and no key handing on more than it holds.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class TeamAccessTest {

    private static final Duration REVOCATION = Duration.ofSeconds(6);
    private static String shopArtifact;
    private static String vaultArtifact;
    private static String vaultJob;

    /** A backup of each team target, once for the class (in the hub, which starts before the first test). */
    @BeforeEach
    void backups() {
        if (shopArtifact != null) {
            return;
        }
        shopArtifact = verifiedBackup("team-shop-a");
        vaultArtifact = verifiedBackup("team-vault");
        vaultJob = api().get("/api/v1/jobs?targetId=team-vault&limit=1").then().statusCode(200).extract()
                .path("items[0].id");
    }

    @Test
    void aScopedKeyListsOnlyItsTargetsAndMeetsOthersAsMissing() {
        String name = "shop-ops-" + System.nanoTime();
        String key = newKey(name, "\"role\":\"operator\",\"targets\":[\"team-shop-*\"]");

        assertThat(ids(key, "/api/v1/targets", "id")).containsExactly("team-shop-a");
        assertThat(ids(key, "/api/v1/artifacts?limit=500", "targetId")).contains("team-shop-a")
                .allMatch("team-shop-a"::equals);
        assertThat(ids(key, "/api/v1/jobs?limit=500", "targetId")).isNotEmpty().allMatch("team-shop-a"::equals);
        assertThat(ids(key, "/api/v1/jobs?targetId=team-vault", "targetId")).isEmpty();

        // Out of scope answers exactly as missing: the same status and detail as an id no one has.
        String noSuchId = Ids.next();
        sameAsMissing(key, "/api/v1/targets/team-vault", "/api/v1/targets/no-such-target", "team-vault",
                "no-such-target");
        sameAsMissing(key, "/api/v1/artifacts/" + vaultArtifact, "/api/v1/artifacts/" + noSuchId, vaultArtifact,
                noSuchId);
        sameAsMissing(key, "/api/v1/jobs/" + vaultJob, "/api/v1/jobs/" + noSuchId, vaultJob, noSuchId);
        sameAsMissing(key, "/api/v1/targets/team-vault/drills", "/api/v1/targets/no-such-target/drills",
                "team-vault", "no-such-target");
        as(key).body("{}").post("/api/v1/targets/team-vault/backups").then().statusCode(404);
        as(key).get("/api/v1/artifacts/" + shopArtifact).then().statusCode(200);

        // Schedules: an admin's schedule of the vault is invisible, and the key cannot make one.
        String schedule = api().body("{\"targetId\":\"team-vault\",\"cron\":\"0 4 * * *\"}").post("/api/v1/schedules")
                .then().statusCode(201).extract().path("id");
        try {
            assertThat(ids(key, "/api/v1/schedules?limit=500", "targetId")).doesNotContain("team-vault");
            as(key).get("/api/v1/schedules/" + schedule).then().statusCode(404);
            as(key).post("/api/v1/schedules/" + schedule + "/pause").then().statusCode(404);
            as(key).body("{\"targetId\":\"team-vault\",\"cron\":\"0 5 * * *\"}").post("/api/v1/schedules").then()
                    .statusCode(404);
        } finally {
            api().delete("/api/v1/schedules/" + schedule).then().statusCode(204);
        }

        // What it may do, it does as itself: the job and the audit log name the key.
        String job = as(key).body("{}").post("/api/v1/targets/team-shop-a/backups").then().statusCode(202).extract()
                .path("id");
        assertThat(awaitFinished(job, Duration.ofMinutes(3)).getString("triggeredBy")).isEqualTo("key:" + name);
        assertThat(api().get("/api/v1/audit?actor=key:" + name).then().statusCode(200).extract().jsonPath()
                .getList("items.action", String.class)).contains("backup.request");

        // The dashboard shows it the same world.
        String overview = given().auth().preemptive().basic("me", key).accept("text/html").get("/").then()
                .statusCode(200).extract().asString();
        assertThat(overview).contains("team-shop-a").doesNotContain("team-vault");
    }

    @Test
    void aRefusalNamesThePermissionAndIsAudited() {
        String name = "viewer-" + System.nanoTime();
        String key = newKey(name, "\"role\":\"viewer\"");
        as(key).delete("/api/v1/artifacts/" + shopArtifact).then().statusCode(403)
                .body("type", equalTo("urn:backup-hub:problem:forbidden"))
                .body("detail", containsString("lacks the permission backup.delete (its role is viewer)"));
        as(key).get("/api/v1/artifacts/" + shopArtifact).then().statusCode(200).body("deletedAt", equalTo(null));
        assertThat(api().get("/api/v1/audit?actor=key:" + name).then().statusCode(200).extract().jsonPath()
                .getList("items.outcome", String.class)).contains("rejected 403");
    }

    @Test
    void meSaysWhoTheCallerIsAndWhatItMayDo() {
        String name = "me-" + System.nanoTime();
        String key = newKey(name, "\"role\":\"operator\",\"permissions\":[\"backup.view\",\"backup.trigger\"],"
                + "\"environments\":[\"team-staging\"]");
        JsonPath me = as(key).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        assertThat(me.getString("principal")).isEqualTo("key:" + name);
        assertThat(me.getString("role")).isEqualTo("operator");
        assertThat(me.getList("permissions", String.class)).containsExactly("backup.view", "backup.trigger");
        assertThat(me.getList("environments", String.class)).containsExactly("team-staging");
        // Fewer permissions than its role: what it was not given, it cannot do.
        as(key).get("/api/v1/artifacts/" + shopArtifact + "/download").then().statusCode(403);
        api().get("/api/v1/me").then().statusCode(200).body("principal", equalTo("admin"))
                .body("role", equalTo("admin"));
    }

    @Test
    void aRotationKeepsTheOldSecretForItsGraceAndARevocationEndsTheKey() {
        String name = "rotated-" + System.nanoTime();
        JsonPath created = api().body("{\"name\":\"" + name + "\",\"role\":\"viewer\"}").post("/api/v1/keys").then()
                .statusCode(201).header("Location", containsString("/api/v1/keys/")).extract().jsonPath();
        String id = created.getString("id");
        String first = created.getString("secret");
        assertThat(first).startsWith("bh_").hasSizeGreaterThan(40);
        as(first).get("/api/v1/targets").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/api/v1/keys/" + id).then().statusCode(200)
                .extract().path("lastUsedAt") != null);
        String listed = api().get("/api/v1/keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains(name).doesNotContain(first).doesNotContain("\"secret\"")
                .doesNotContain(ApiKeyRepository.hash(first));

        String second = api().body("{\"graceSeconds\":60}").post("/api/v1/keys/" + id + "/rotate").then()
                .statusCode(200).extract().path("secret");
        as(second).get("/api/v1/targets").then().statusCode(200);
        as(first).get("/api/v1/targets").then().statusCode(200); // in its grace
        api().get("/api/v1/keys/" + id).then().body("oldSecretValidUntil", not(equalTo(null)));

        String third = api().body("{\"graceSeconds\":0}").post("/api/v1/keys/" + id + "/rotate").then()
                .statusCode(200).extract().path("secret");
        as(third).get("/api/v1/targets").then().statusCode(200);
        await().atMost(REVOCATION).untilAsserted(() -> as(second).get("/api/v1/targets").then().statusCode(401)
                .body("detail", containsString("was rotated")));
        as(first).get("/api/v1/targets").then().statusCode(401);

        api().delete("/api/v1/keys/" + id).then().statusCode(204);
        await().atMost(REVOCATION).untilAsserted(() -> as(third).get("/api/v1/targets").then().statusCode(401)
                .body("detail", containsString("was revoked")));
        api().delete("/api/v1/keys/" + id).then().statusCode(409);
        api().body("{}").post("/api/v1/keys/" + id + "/rotate").then().statusCode(409);
    }

    @Test
    void anExpiredKeyAndAKeyFromAnotherAddressAreRefusedSayingWhy() {
        String soon = newKey("expiring-" + System.nanoTime(),
                "\"role\":\"viewer\",\"expiresAt\":\"" + Instant.now().plusSeconds(3) + "\"");
        as(soon).get("/api/v1/targets").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(soon).get("/api/v1/targets").then()
                .statusCode(401).body("detail", containsString("expired")));

        String elsewhere = newKey("office-" + System.nanoTime(),
                "\"role\":\"viewer\",\"allowedCidrs\":[\"10.9.0.0/16\"]");
        as(elsewhere).get("/api/v1/targets").then().statusCode(401)
                .body("detail", containsString("may not be used from 127.0.0.1"));
        String here = newKey("loopback-" + System.nanoTime(), "\"role\":\"viewer\",\"allowedCidrs\":[\"127.0.0.0/8\"]");
        as(here).get("/api/v1/targets").then().statusCode(200);

        api().body("{\"name\":\"past-" + System.nanoTime() + "\",\"role\":\"viewer\",\"expiresAt\":\""
                + Instant.now().minusSeconds(60) + "\"}").post("/api/v1/keys").then().statusCode(400)
                .body("detail", containsString("in the past"));
    }

    @Test
    void noKeyIsMadeWithMoreThanItsRoleOrItsCreatorHolds() {
        api().body("{\"name\":\"greedy-" + System.nanoTime()
                + "\",\"role\":\"operator\",\"permissions\":[\"backup.delete\"]}").post("/api/v1/keys").then()
                .statusCode(400).body("detail", containsString("does not include backup.delete"));
        api().body("{\"name\":\"odd-" + System.nanoTime() + "\",\"role\":\"superuser\",\"targets\":[\"Shop_*\"],"
                + "\"allowedCidrs\":[\"example.com\"]}").post("/api/v1/keys").then().statusCode(400)
                .body("detail", containsString("role")).body("detail", containsString("targets"))
                .body("detail", containsString("allowedCidrs"));
        api().body("{\"name\":\"admin\",\"role\":\"viewer\"}").post("/api/v1/keys").then().statusCode(400);

        String shopAdmin = newKey("shop-admin-" + System.nanoTime(),
                "\"role\":\"admin\",\"targets\":[\"team-shop-*\"]");
        as(shopAdmin).body("{\"name\":\"wider-" + System.nanoTime() + "\",\"role\":\"viewer\"}").post("/api/v1/keys")
                .then().statusCode(403).body("type", equalTo("urn:backup-hub:problem:grant-exceeds-creator"));
        as(shopAdmin).body("{\"name\":\"narrower-" + System.nanoTime() + "\",\"role\":\"viewer\",\"targets\":"
                + "[\"team-shop-a\"]}").post("/api/v1/keys").then().statusCode(201);
        // It cannot see, rotate or revoke a key wider than itself: a rotation would hand it that key's secret.
        String breakGlass = api().get("/api/v1/keys").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.name == 'admin' }.id");
        assertThat(ids(shopAdmin, "/api/v1/keys", "name")).doesNotContain("admin");
        as(shopAdmin).body("{}").post("/api/v1/keys/" + breakGlass + "/rotate").then().statusCode(404);
        api().body("{}").post("/api/v1/keys/" + breakGlass + "/rotate").then().statusCode(409);
        // Hawtio knows no scopes: a scoped admin is not let in.
        as(shopAdmin).get("/hawtio/jolokia/version").then().statusCode(403);
    }

    @Test
    void aKeyOverItsQuotaIsToldWhenToComeBackAndTheTeamHearsOfIt() {
        String name = "quota-" + System.nanoTime();
        JsonPath created = api().body("{\"name\":\"" + name + "\",\"role\":\"operator\",\"targets\":[\"team-shop-*\"],"
                + "\"limits\":{\"backupsPerDay\":1,\"downloadsPerHour\":1}}").post("/api/v1/keys").then()
                .statusCode(201).extract().jsonPath();
        String key = created.getString("secret");

        String job = as(key).body("{}").post("/api/v1/targets/team-shop-a/backups").then().statusCode(202).extract()
                .path("id");
        awaitFinished(job, Duration.ofMinutes(3));
        int retryAfter = Integer.parseInt(as(key).body("{}").post("/api/v1/targets/team-shop-a/backups").then()
                .statusCode(429).body("type", equalTo("urn:backup-hub:problem:quota-exceeded"))
                .body("detail", containsString("backupsPerDay (1)")).extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 24 * 3600 + 1);

        as(key).get("/api/v1/artifacts/" + shopArtifact + "/download").then().statusCode(200);
        as(key).get("/api/v1/artifacts/" + shopArtifact + "/download").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());

        JsonPath usage = api().get("/api/v1/keys/" + created.getString("id") + "/usage").then().statusCode(200)
                .extract().jsonPath();
        assertThat(usage.getInt("backupsToday")).isEqualTo(1);
        assertThat(usage.getInt("downloadsThisHour")).isEqualTo(1);
        assertThat(usage.getInt("limits.backupsPerDay")).isEqualTo(1);
        assertThat(as(key).get("/api/v1/me").then().statusCode(200).extract().jsonPath()
                .getInt("usage.backupsToday")).isEqualTo(1);

        // The team hears of it once: near (80% of 1 is the first backup), then exceeded.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hooked("quota.exceeded", name))
                .isGreaterThanOrEqualTo(2)); // backups and downloads
        assertThat(hooked("quota.near", name)).isGreaterThanOrEqualTo(1);
        as(key).body("{}").post("/api/v1/targets/team-shop-a/backups").then().statusCode(429);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> hooked("quota.exceeded", name) == 2);
    }

    @Test
    void requestsOverAKeysRateAreRefusedUntilTheMinuteEnds() {
        String key = newKey("chatty-" + System.nanoTime(), "\"role\":\"viewer\",\"limits\":{\"requestsPerMinute\":3}");
        List<Integer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(as(key).get("/api/v1/me").statusCode());
        }
        assertThat(answers).contains(200, 429).containsOnly(200, 429);
        as(key).get("/api/v1/me").then().statusCode(429).header("Retry-After",
                org.hamcrest.Matchers.matchesPattern("[1-9][0-9]?"));
    }

    @Test
    void aKeyNearItsExpiryIsAnnouncedOnce() {
        String name = "soon-gone-" + System.nanoTime();
        newKey(name, "\"role\":\"viewer\",\"expiresInDays\":3");
        await().atMost(Duration.ofSeconds(30)).until(() -> hooked("key.expiring", name) == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> hooked("key.expiring", name) == 1);
    }

    /** How many events of {@code event} naming {@code name} the hook channel received. */
    private static long hooked(String event, String name) {
        return HubTestResource.receiver().received("/hook").stream()
                .filter(r -> r.body().contains("\"event\":\"" + event + "\"") && r.body().contains(name)).count();
    }

    private static List<String> ids(String key, String path, String field) {
        return as(key).get(path).then().statusCode(200).extract().jsonPath().getList("items." + field, String.class);
    }

    /** {@code hidden} answers as {@code missing} does, with its id in place of the missing one's. */
    private static void sameAsMissing(String key, String hidden, String missing, String hiddenId, String missingId) {
        String expected = as(key).get(missing).then().statusCode(404).extract().path("detail");
        as(key).get(hidden).then().statusCode(404).body("detail", equalTo(expected.replace(missingId, hiddenId)));
    }
}
