package io.backuphub.pitr;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Continuous WAL from a real PostgreSQL: the hub creates its slot, streams with pg_receivewal, and
 * stores every completed segment in the target's store (zstd, readable with the zstd CLI, byte for
 * byte a WAL segment of the server); a server that keeps WAL for slots without bound is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class PitrTest {

    private static final Duration STREAMING = Duration.ofSeconds(60);

    @Inject WalStreams streams;

    @Test
    void completedSegmentsAreStoredAsTheServerWroteThem() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        List<String> slots = slots();
        assertThat(slots).contains("backup_hub_pitr_src");

        int before = wal("pitr-src").getInt("segments");
        String switched = switchWal();
        await().atMost(STREAMING).until(() -> wal("pitr-src").getList("newest.name", String.class).contains(switched));
        JsonPath wal = wal("pitr-src");
        assertThat(wal.getInt("segments")).isGreaterThan(before);
        String at = "newest.find { it.name == '" + switched + "' }";
        assertThat(wal.getString(at + ".kind")).isEqualTo("segment");
        assertThat(wal.getInt(at + ".timeline")).isEqualTo(1);
        assertThat(wal.getLong(at + ".bytes")).isEqualTo(16L * 1024 * 1024);
        assertThat(wal.getString(at + ".endLsn")).isNotEqualTo(wal.getString(at + ".startLsn"));

        // The stored object, as anyone would read it: its SHA-256 is the catalog's, zstd gives the segment.
        Path stored = HubTestResource.storeDir().resolve(wal.getString(at + ".objectKey"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(stored))))
                .isEqualTo(wal.getString(at + ".sha256"));
        Path segment = Files.createTempFile("segment-", ".wal");
        Processes.run(List.of("zstd", "-d", "-q", "-f", stored.toString(), "-o", segment.toString()));
        byte[] bytes = Files.readAllBytes(segment);
        assertThat(bytes).hasSize(16 * 1024 * 1024);
        // A WAL page header: PostgreSQL 15's magic number 0xD110, little-endian, then this segment's timeline.
        assertThat(bytes[0] & 0xFF).isEqualTo(0x10);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD1);
        // The hub's own object: never listed or deletable as one the catalog does not know.
        String store = wal.getString(at + ".stores[0]");
        assertThat(api().get("/api/v1/store/unknown?limit=500&store=" + store).then().statusCode(200).extract()
                .jsonPath().getList("[0].items.key", String.class)).doesNotContain(wal.getString(at + ".objectKey"));
        api().delete("/api/v1/store/unknown?store=" + store + "&key=" + wal.getString(at + ".objectKey")).then()
                .statusCode(409);
        // Nothing stays behind in the spool once stored.
        assertThat(HubTestResource.dataDir().resolve("wal/pitr-src").resolve(switched)).doesNotExist();
    }

    @Test
    void aReceiverCutOffMidSegmentStartsAgainAndLeavesNoGap() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String first = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", first));
        HubTestResource.postgres().execute("orders", "CREATE TABLE IF NOT EXISTS pitr_marks (at timestamptz DEFAULT"
                + " now())", "INSERT INTO pitr_marks DEFAULT VALUES");
        // The server ends the hub's replication connection half-way through a segment.
        HubTestResource.postgres().execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_replication"
                + " WHERE application_name = 'backup-hub'");
        String last = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", last));
        List<Long> stored = streams.segments("pitr-src").stream().filter(s -> s.kind().equals("segment"))
                .map(s -> number(s.name())).toList();
        for (long n = number(first); n <= number(last); n++) {
            assertThat(stored).as("segment %d between %s and %s", n, first, last).contains(n);
        }
        // The cut-off receiver may have stored that segment before it ended: wait for the new one to stream.
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        assertThat(api().get("/api/v1/targets/pitr-src").then().statusCode(200).extract().jsonPath()
                .getString("health.reason")).doesNotContain("WAL");
    }

    /** A 16 MiB segment's place in the WAL: its log number times 256 plus its segment number. */
    private static long number(String segment) {
        return Long.parseLong(segment.substring(8, 16), 16) * 256 + Long.parseLong(segment.substring(16), 16);
    }

    @Test
    void aServerThatKeepsWalForSlotsWithoutBoundIsRefused() {
        await().atMost(STREAMING).until(() -> "refused".equals(wal("pitr-unbounded").getString("state")));
        assertThat(wal("pitr-unbounded").getString("reason")).contains("max_slot_wal_keep_size")
                .contains("pitr.allowUnboundedSlot");
        // Not streaming for longer than its maxLag (PT1S): the target says so in its health.
        await().atMost(STREAMING).untilAsserted(() -> assertThat(api().get("/api/v1/targets/pitr-unbounded").then()
                .statusCode(200).extract().jsonPath().getString("health.reason"))
                .contains("its WAL has not streamed since").contains("refused"));
    }

    @Test
    void aTargetWithoutPitrHasNoWal() {
        api().get("/api/v1/targets/orders-local/wal").then().statusCode(404);
    }

    private static JsonPath wal(String target) {
        return api().get("/api/v1/targets/" + target + "/wal").then().statusCode(200).extract().jsonPath();
    }

    /** Writes a little and switches to a new segment; returns the name of the segment it completed. */
    private static String switchWal() throws Exception {
        try (var c = HubTestResource.postgres().connect("orders"); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pitr_marks (at timestamptz DEFAULT now())");
            s.execute("INSERT INTO pitr_marks DEFAULT VALUES");
            try (var rs = s.executeQuery("SELECT pg_walfile_name(pg_current_wal_lsn()), pg_switch_wal()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> slots() throws Exception {
        try (var c = HubTestResource.postgres().connect("postgres");
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT slot_name FROM pg_replication_slots")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
