package io.backuphub.engine.redis;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.restoreAndWait;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.backuphub.testing.EngineServers;
import io.backuphub.testing.EngineTargets;
import io.backuphub.testing.HubTargets;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.backuphub.testing.RedisServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis end to end against Debian's redis-server: a backup over SSH as an ACL user with a password
 * full of quoting traps, verified with redis-check-rdb and fingerprinted per database; the download
 * loaded by hand into a redis-server and proven equal with DEBUG DIGEST; a restore and a drill
 * through the hub (a redis-server started on the restored RDB); a wrong password.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class RedisEngineTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.REDIS);
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private static RedisServer server() {
        return EngineServers.redis();
    }

    @Test
    void aBackupOverSshIsCheckedByRedisCheckRdbAndFingerprintedPerDatabase() {
        JsonPath artifact = artifact(verifiedBackup("redis-cache"));
        assertThat(artifact.getString("engine")).isEqualTo("redis");
        assertThat(artifact.getString("manifest.source.serverVersion")).startsWith("7.");
        assertThat(artifact.getInt("manifest.source.rdbVersion")).isGreaterThanOrEqualTo(9);
        assertThat(artifact.getString("verificationEvidence.tool")).isEqualTo("redis-check-rdb");
        assertThat(artifact.getInt("verificationEvidence.keys")).isEqualTo(13);
        assertThat(artifact.getInt("verificationEvidence.expires")).isEqualTo(3);
        List<Map<String, Object>> tables = artifact.getList("fingerprint.tables");
        // db0: 10 keys, 2 with a TTL; db5: 2; db7: its only key has a TTL, so it is not compared.
        assertThat(tables).extracting(t -> t.get("name") + " " + t.get("rows"))
                .containsExactly("db0 8", "db5 2");
    }

    @Test
    void theDownloadLoadsByHandIntoRedisServerWithTheSameDigest() throws Exception {
        Path dir = Files.createTempDirectory("redis-byhand-");
        Path file = download(verifiedBackup("redis-cache"), dir.resolve("artifact.rdb.zst"));
        Processes.run(List.of("zstd", "-d", "-q", file.toString(), "-o", dir.resolve("dump.rdb").toString()));
        Processes.run(List.of("redis-check-rdb", dir.resolve("dump.rdb").toString()));
        try (RedisServer loaded = RedisServer.startOn(dir, "dump.rdb")) {
            assertThat(loaded.digests()).isEqualTo(server().digests());
            assertThat(loaded.cli("HGET", "user:1", "lang")).isEqualTo("ü 😀");
        }
    }

    @Test
    void aRestoreWritesAnRdbThatRedisServerLoadsEqualToTheSource() throws Exception {
        String artifactId = verifiedBackup("redis-cache");
        String body = "{\"targetId\":\"redis-scratch\",\"database\":\"cache_copy\"";
        JsonPath plan = restorePreview(artifactId, body + "}").statusCode(200).extract().jsonPath();
        JsonPath job = restoreAndWait(artifactId, body + ",\"confirm\":\"" + plan.getString("confirm") + "\"}",
                JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        Path restored = EngineTargets.redisRestores().resolve("cache_copy");
        assertThat(restored.resolve("dump.rdb")).exists();
        try (RedisServer loaded = RedisServer.startOn(restored, "dump.rdb")) {
            assertThat(loaded.digests()).isEqualTo(server().digests());
        }
    }

    @Test
    void replacingALiveServerIsRefusedWithTheReason() {
        restorePreview(verifiedBackup("redis-cache"), "{\"targetId\":\"redis-scratch\",\"mode\":\"replace\"}")
                .statusCode(400).body("detail", containsString("docs/redis.md"));
    }

    @Test
    void aDrillStartsRedisServerOnTheRestoredRdbComparesAndDropsIt() {
        String artifactId = verifiedBackup("redis-cache");
        JsonPath job = awaitFinished(api().post("/api/v1/targets/redis-cache/drills").then().statusCode(202)
                .extract().path("id"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        JsonPath drills = api().get("/api/v1/targets/redis-cache/drills").then().statusCode(200).extract().jsonPath();
        assertThat(drills.getString("items[0].artifactId")).isEqualTo(artifactId);
        assertThat(EngineTargets.redisRestores().toFile().list()).noneMatch(d -> d.startsWith("hub_drill"));
    }

    @Test
    void aWrongPasswordFailsTheJobWithTheServersReasonAndNoArtifact() {
        JsonPath job = awaitFinished(requestBackup("redis-wrong-password"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("WRONGPASS").doesNotContain("wrong\n")
                .doesNotContain(RedisServer.PASSWORD);
        assertThat(job.getString("artifactId")).isNull();
    }
}
