package io.backuphub.pitr;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Continuous WAL from a real PostgreSQL: the hub creates its slot, streams with pg_receivewal, and
 * stores every completed segment in the target's store (zstd, readable with the zstd CLI, byte for
 * byte a WAL segment of the server); a server that keeps WAL for slots without bound is refused. Base
 * backups (pg_basebackup) are verified against their own manifest, open the recovery window, and
 * decide which WAL retention keeps.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class PitrTest {

    private static final Duration STREAMING = Duration.ofSeconds(60);

    @Inject WalStreams streams;
    @Inject WalRetention walRetention;
    @Inject StoreRegistry stores;

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

    @Test
    void aBaseBackupIsVerifiedAgainstItsManifestAndOpensTheRecoveryWindow() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String artifactId = base("pitr-src");
        JsonPath base = artifact(artifactId);
        assertThat(base.getString("kind")).isEqualTo("base");
        assertThat(base.getString("key")).endsWith(".tar.zst");
        assertThat(base.getString("manifest.source.startLsn")).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(base.getString("verificationEvidence.endLsn")).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(base.getInt("verificationEvidence.manifestFiles")).isGreaterThan(100);
        assertThat(base.getList("fingerprint.tables.name", String.class)).contains("PG_VERSION", "global/pg_control");

        // What anyone can do with the download: zstd and tar read it, and it is a whole cluster.
        Path file = download(artifactId, Files.createTempFile("base-", ".tar.zst"));
        Path tar = Files.createTempFile("base-", ".tar");
        Processes.run(List.of("zstd", "-d", "-q", "-f", file.toString(), "-o", tar.toString()));
        String listing = new String(new ProcessBuilder("tar", "-tf", tar.toString()).start().getInputStream()
                .readAllBytes());
        assertThat(listing).contains("backup_label", "backup_manifest", "PG_VERSION", "global/pg_control");
        Files.delete(file);
        Files.delete(tar);

        // Once the WAL past the base's end is stored, every second from the base on is restorable.
        String after = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", after));
        JsonPath window = api().get("/api/v1/targets/pitr-src/recovery-window").then().statusCode(200).extract()
                .jsonPath();
        assertThat(window.getList("bases.artifactId", String.class)).contains(artifactId);
        assertThat(window.getString("earliest")).isNotNull();
        assertThat(Instant.parse(window.getString("latest"))).isAfter(Instant.parse(window.getString("earliest")));
        Instant baseAt = Instant.parse(base.getString("createdAt"));
        assertThat(window.getList("stretches.from", String.class).stream().map(Instant::parse))
                .as("a stretch starts at or before the base").anyMatch(from -> !from.isAfter(baseAt));

        // A base is not a dump: the dump restore says where it restores instead.
        restorePreview(artifactId, "{\"targetId\":\"restore-scratch\",\"database\":\"from_base\"}")
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("point in time"));
    }

    @Test
    void theFirstBaseIsTakenOnceTheWalStreams() throws Exception {
        await().atMost(STREAMING).untilAsserted(() -> assertThat(api()
                .get("/api/v1/jobs?targetId=pitr-src&trigger=schedule&limit=100").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.options.kind == 'base' && it.status == 'succeeded' }"))
                .isNotEmpty());
        // The hub took it on its own and not again (no base cron here): the first, and one more only
        // after a gap (when the dropped-slot test ran first).
        assertThat(api().get("/api/v1/jobs?targetId=pitr-src&trigger=schedule&limit=100").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.options.kind == 'base' }")).hasSizeBetween(1, 2);
        // With the WAL past its end stored, the window opens.
        String after = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", after));
        assertThat(api().get("/api/v1/targets/pitr-src/recovery-window").then().statusCode(200).extract().jsonPath()
                .getString("earliest")).isNotNull();
        // The target's page draws it.
        String page = api().accept("text/html").get("/targets/pitr-src").then().statusCode(200).extract().asString();
        assertThat(page).contains("Point-in-time recovery", "Restorable to any second from",
                "class=\"band restorable\"");
        assertThat(api().accept("text/html").get("/targets/orders-local").then().statusCode(200).extract()
                .asString()).doesNotContain("Point-in-time recovery");
    }

    /**
     * The receiver killed mid-segment (SIGKILL, no flush): the supervisor starts it again, it resumes from
     * the partial segment it left, and the stored chain has no gap: the rows written before and after the
     * kill are both in the segment they share.
     */
    @Test
    void aReceiverKilledMidSegmentResumesWithoutAGap() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String before = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", before));
        String marker = "killed-mid-segment-" + System.nanoTime();
        try (var c = HubTestResource.postgres().connect("orders"); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pitr_notes (note text)");
            s.execute(copies(marker + "-before"));
        }
        List<ProcessHandle> receivers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains("pg_receivewal")
                        && cmd.contains("--slot=backup_hub_pitr_src")).orElse(false))
                .toList();
        assertThat(receivers).as("the running pg_receivewal of pitr-src").hasSize(1);
        Thread.sleep(1500); // --status-interval=1: the row has reached the partial segment
        receivers.get(0).destroyForcibly();
        await().atMost(STREAMING).until(() -> !receivers.get(0).isAlive());
        try (var c = HubTestResource.postgres().connect("orders"); var s = c.createStatement()) {
            s.execute(copies(marker + "-after"));
        }
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state"))
                && ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                        .map(cmd -> cmd.contains("pg_receivewal") && cmd.contains("--slot=backup_hub_pitr_src"))
                        .orElse(false)));
        String shared = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", shared));

        List<WalStreams.Segment> chain = streams.segments("pitr-src").stream()
                .filter(seg -> "segment".equals(seg.kind()) && seg.name().compareTo(before) >= 0
                        && seg.name().compareTo(shared) <= 0)
                .toList();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).startLsn()).as("%s follows %s", chain.get(i).name(), chain.get(i - 1).name())
                    .isEqualTo(chain.get(i - 1).endLsn());
        }
        // Both rows are in the WAL the hub stored after the kill (the segments since `before`, decompressed).
        StringBuilder text = new StringBuilder();
        Path segment = Files.createTempFile("segment-", ".wal");
        for (WalStreams.Segment stored : chain.subList(1, chain.size())) {
            Processes.run(List.of("zstd", "-d", "-q", "-f",
                    HubTestResource.storeDir().resolve(stored.objectKey()).toString(), "-o", segment.toString()));
            text.append(new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1));
        }
        Files.delete(segment);
        assertThat(text.toString()).contains(marker + "-before", marker + "-after");
    }

    /**
     * replicateTo: each stored segment is copied into the target's other stores, its bytes checked on the
     * way; an object someone else put where a segment would go there is left alone, and that segment
     * stays in the stores it reached.
     */
    @Test
    void segmentsReachTheReplicateToStoreAndAnObjectThatIsNotTheHubsIsLeftAlone() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String first = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", first));
        // Everything stored so far reaches the replicateTo store (a backlog from the tests before, too).
        await().atMost(Duration.ofMinutes(3)).until(() -> streams.missingIn("pitr-src", "offsite", 1).isEmpty());
        String firstKey = streams.newest("pitr-src", 50).stream().filter(s -> s.name().equals(first)).findFirst()
                .orElseThrow().objectKey();
        ArtifactStore offsite = stores.get("offsite");

        // Someone else's object under the key of the segment being written now.
        String taken;
        try (var c = HubTestResource.postgres().connect("orders"); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pitr_marks (at timestamptz DEFAULT now())");
            s.execute("INSERT INTO pitr_marks DEFAULT VALUES");
            try (var rs = s.executeQuery("SELECT pg_walfile_name(pg_current_wal_insert_lsn())")) {
                rs.next();
                taken = rs.getString(1);
            }
            String foreignKey = firstKey.replace(first, taken);
            try (ObjectWriter w = offsite.create(foreignKey)) {
                try (var out = w.stream()) {
                    out.write("someone else's".getBytes(StandardCharsets.UTF_8));
                }
                w.commit();
            }
            try {
                s.execute("SELECT pg_switch_wal()");
                String next = switchWal();
                await().atMost(Duration.ofMinutes(2)).until(() -> stores("pitr-src", next).contains("offsite"));

                assertThat(stores("pitr-src", taken)).as("the segment whose key was taken there").isEqualTo(
                        List.of("local"));
                try (var in = offsite.open(foreignKey)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("someone else's");
                }
                WalStreams.Segment copied = streams.newest("pitr-src", 50).stream()
                        .filter(seg -> seg.name().equals(next)).findFirst().orElseThrow();
                try (var in = offsite.open(copied.objectKey())) {
                    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())))
                            .isEqualTo(copied.sha256());
                }
            } finally {
                offsite.delete(foreignKey);
            }
        }
        // Once the key is free, the segment follows on a later pass.
        await().atMost(Duration.ofMinutes(2)).until(() -> stores("pitr-src", taken).contains("offsite"));
    }

    /**
     * Twenty rows of {@code note}: a WAL record that crosses a page boundary carries the page's header
     * in the middle of its bytes, so one row alone may not be found verbatim in the segment.
     */
    private static String copies(String note) {
        return "INSERT INTO pitr_notes SELECT '" + note + "' FROM generate_series(1, 20)";
    }

    private List<String> stores(String target, String segment) {
        return streams.newest(target, 50).stream().filter(s -> s.name().equals(segment)).findFirst()
                .map(WalStreams.Segment::stores).orElse(List.of());
    }

    /**
     * The slot dropped behind the hub's back while WAL is written: what the server wrote without a
     * slot never reaches the hub. The hub sees the stored chain skip, queues a new base at once, and
     * the recovery window shows the gap, restorable again from the new base on.
     */
    @Test
    void aSlotDroppedBehindTheHubsBackShowsAsAGapAndANewBaseFollows() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        base("pitr-src");
        String before = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", before));
        int bases = scheduledBases();

        dropSlotWhileStreaming("backup_hub_pitr_src");
        // Written while no slot keeps it, and recycled by checkpoints: the hub can never get it.
        for (int i = 0; i < 3; i++) {
            switchWal();
        }
        HubTestResource.postgres().execute("postgres", "CHECKPOINT", "CHECKPOINT");

        // The gap shows once a segment streamed after it is stored: keep completing segments until then.
        await().atMost(STREAMING).pollInterval(Duration.ofSeconds(2)).until(() -> {
            switchWal();
            return scheduledBases() > bases;
        });
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String after = switchWal();
        await().atMost(Duration.ofMinutes(2)).until(() -> streams.stored("pitr-src", after)
                && api().get("/api/v1/jobs?targetId=pitr-src&trigger=schedule&limit=100").then().extract().jsonPath()
                        .getList("items.findAll { it.options.kind == 'base' && it.status == 'queued' ||"
                                + " it.options.kind == 'base' && it.status == 'running' }")
                        .isEmpty());
        // The new base restores from the moment its WAL (up to its end) is stored and a segment after it:
        // keep completing segments until the window shows it, saying what was stored when it does not.
        await().atMost(STREAMING).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String again = switchWal();
            await().atMost(STREAMING).until(() -> streams.stored("pitr-src", again));
            JsonPath window = api().get("/api/v1/targets/pitr-src/recovery-window").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(window.getList("gaps")).as("the window after the slot was dropped: %s%nthe newest segments: %s",
                    window.prettify(), wal("pitr-src").getList("newest.collect { it.name + ' ' + it.receivedAt }"))
                    .isNotEmpty();
            assertThat(Instant.parse(window.getString("latest")))
                    .isAfter(Instant.parse(window.getString("gaps[-1].to")));
        });
    }

    private static int scheduledBases() {
        return api().get("/api/v1/jobs?targetId=pitr-src&trigger=schedule&limit=100").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.options.kind == 'base' }").size();
    }

    /** Ends the hub's replication connection and drops its slot before the receiver is back. */
    private static void dropSlotWhileStreaming(String slot) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (var c = HubTestResource.postgres().connect("postgres"); var s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "' AND active_pid IS NOT NULL");
                Thread.sleep(50);
                s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                return;
            } catch (java.sql.SQLException stillActive) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("could not drop " + slot + " between two connections of the receiver");
    }

    @Test
    void aBaseIsRefusedWhereItCannotServe() {
        api().body("{\"kind\":\"base\"}").post("/api/v1/targets/orders-local/backups").then().statusCode(400)
                .contentType("application/problem+json").body(org.hamcrest.Matchers.containsString("pitr"));
        api().body("{\"kind\":\"full\"}").post("/api/v1/targets/pitr-src/backups").then().statusCode(400)
                .contentType("application/problem+json").body(org.hamcrest.Matchers.containsString("dump or base"));
        api().body("{\"kind\":\"base\",\"options\":{\"schemas\":[\"public\"]}}")
                .post("/api/v1/targets/pitr-src/backups").then().statusCode(400);
    }

    @Test
    void retentionDeletesOnlyTheWalOlderThanTheOldestKeptBase() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        String older = base("pitr-src");
        String between = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", between));
        String kept = base("pitr-src");
        String after = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", after));
        String keptStart = artifact(kept).getString("manifest.source.startLsn");
        WalStreams.Segment doomed = streams.segments("pitr-src").stream().filter(s -> s.name().equals(between))
                .findFirst().orElseThrow();
        Path doomedObject = HubTestResource.storeDir().resolve(doomed.objectKey());
        assertThat(doomedObject).exists();

        // While the older base is kept, its WAL is too.
        walRetention.prune(target("pitr-src"), "test");
        assertThat(streams.stored("pitr-src", between)).isTrue();

        // Every base but the newest goes (the first the hub took itself, and other tests' ones).
        for (String id : api().get("/api/v1/artifacts?targetId=pitr-src&limit=500").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.kind == 'base' }.id", String.class)) {
            if (!id.equals(kept)) {
                api().delete("/api/v1/artifacts/" + id).then().statusCode(204);
            }
        }
        assertThat(walRetention.prune(target("pitr-src"), "test")).isPositive();
        assertThat(streams.stored("pitr-src", between)).isFalse();
        assertThat(doomedObject).doesNotExist();
        List<WalStreams.Segment> left = streams.segments("pitr-src").stream().filter(s -> s.kind().equals("segment"))
                .toList();
        assertThat(left).isNotEmpty().allSatisfy(s -> assertThat(RecoveryWindow.position(s.endLsn()))
                .isGreaterThan(RecoveryWindow.position(keptStart)));
        assertThat(left).extracting(WalStreams.Segment::name).contains(after);
        assertThat(api().get("/api/v1/audit?action=retention.deleted&limit=200").then().statusCode(200).extract()
                .jsonPath().getList("items.resource", String.class)).contains("wal/pitr-src/" + between);
        JsonPath window = api().get("/api/v1/targets/pitr-src/recovery-window").then().statusCode(200).extract()
                .jsonPath();
        assertThat(window.getList("bases.artifactId", String.class)).contains(kept).doesNotContain(older);
    }

    /**
     * docs/pitr.md's by-hand restore, step by step with the standard tools: the base downloaded and
     * unpacked, the stored WAL decoded with zstd, restore_command and recovery_target_time, PostgreSQL
     * started on the new directory. Three chosen seconds — before, between and after two commits —
     * find exactly the rows committed by then.
     */
    @Test
    void aBaseAndTheStoredWalRestoreToAChosenSecondByHand() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        HubTestResource.postgres().execute("orders", "CREATE TABLE IF NOT EXISTS pitr_rows (tag text)");
        String baseId = base("pitr-src");
        Instant before = serverNow();
        Thread.sleep(1100);
        HubTestResource.postgres().execute("orders", "INSERT INTO pitr_rows VALUES ('first')");
        Thread.sleep(1100);
        Instant between = serverNow();
        Thread.sleep(1100);
        HubTestResource.postgres().execute("orders", "INSERT INTO pitr_rows VALUES ('second')");
        Thread.sleep(1100);
        Instant after = serverNow();
        Thread.sleep(1100);
        String last = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", last));
        JsonPath window = api().get("/api/v1/targets/pitr-src/recovery-window").then().statusCode(200).extract()
                .jsonPath();
        assertThat(Instant.parse(window.getString("latest"))).isAfter(after);

        Path base = download(baseId, Files.createTempFile("base-", ".tar.zst"));
        assertThat(restoredRows(base, before)).isEmpty();
        assertThat(restoredRows(base, between)).containsExactly("first");
        assertThat(restoredRows(base, after)).containsExactly("first", "second");
        Files.delete(base);
    }

    /**
     * The hub's own recovery: previewed and confirmed like a restore, into a new data directory on the
     * destination's host over SSH, where PostgreSQL is started as the SSH user; the recovered server
     * holds exactly the rows committed by the chosen second, and is left running for whoever asked.
     */
    @Test
    void theHubRecoversToAChosenSecondIntoANewServer() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        HubTestResource.postgres().execute("orders", "CREATE TABLE IF NOT EXISTS pitr_hub_rows (tag text)");
        String baseId = base("pitr-src");
        HubTestResource.postgres().execute("orders", "INSERT INTO pitr_hub_rows VALUES ('first')");
        Thread.sleep(1100);
        Instant between = serverNow();
        Thread.sleep(1100);
        HubTestResource.postgres().execute("orders", "INSERT INTO pitr_hub_rows VALUES ('second')");
        String last = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", last));

        int port = Processes.freePort();
        String body = "{\"mode\":\"pitr\",\"targetTime\":\"" + between + "\",\"destination\":{\"targetId\":"
                + "\"pitr-recover\"},\"port\":" + port;
        JsonPath plan = api().body(body + "}").post("/api/v1/targets/pitr-src/restores/preview").then()
                .statusCode(200).extract().jsonPath();
        assertThat(plan.getString("base.artifactId")).isEqualTo(baseId);
        assertThat(plan.getInt("wal.segments")).isPositive();
        String dataDirectory = plan.getString("destination.dataDirectory");
        assertThat(dataDirectory).startsWith(HubTestResource.recoveries().toString() + "/pitr-src-pitr-");
        // Without the token, nothing starts.
        api().body(body + "}").post("/api/v1/targets/pitr-src/restores").then().statusCode(409)
                .contentType("application/problem+json");

        String jobId = api().body(body + ",\"confirm\":\"" + plan.getString("confirm") + "\"}")
                .post("/api/v1/targets/pitr-src/restores").then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinished(jobId, Duration.ofMinutes(3));
        assertThat(job.getString("status")).as("recovery: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getInt("result.port")).isEqualTo(port);
        assertThat(job.getString("result.dataDirectory")).isEqualTo(dataDirectory);
        assertThat(job.getString("result.lastReplayedAt")).isNotBlank();
        try {
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/orders",
                    "postgres", io.backuphub.testing.PostgresCluster.PASSWORD);
                    var s = c.createStatement();
                    var rs = s.executeQuery("SELECT tag, pg_is_in_recovery() FROM pitr_hub_rows ORDER BY tag")) {
                List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                    assertThat(rs.getBoolean(2)).as("promoted").isFalse();
                }
                assertThat(rows).containsExactly("first");
            }
            // The same moment again would write into the directory that now exists: refused.
            api().body(body + "}").post("/api/v1/targets/pitr-src/restores/preview").then().statusCode(409)
                    .body(org.hamcrest.Matchers.containsString("already exists"));
        } finally {
            Processes.run(Processes.as(HubTestResource.sshUser(), List.of(HubTestResource.postgres().bin()
                    + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "stop")));
            Processes.run(List.of("rm", "-rf", dataDirectory, dataDirectory + ".wal"));
        }
    }

    /**
     * A PITR drill: a random second of the window recovered onto the scratch host over SSH, its tables
     * counted through the recovered server, then the server stopped and its directories removed.
     */
    @Test
    void aPitrDrillRecoversARandomSecondAndLeavesNothingRunning() throws Exception {
        await().atMost(STREAMING).until(() -> "streaming".equals(wal("pitr-src").getString("state")));
        base("pitr-src");
        String after = switchWal();
        await().atMost(STREAMING).until(() -> streams.stored("pitr-src", after));

        String jobId = api().post("/api/v1/targets/pitr-src/drills").then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinished(jobId, Duration.ofMinutes(3));
        assertThat(job.getString("status")).as("drill: %s", job.getString("error")).isEqualTo("succeeded");
        JsonPath drills = api().get("/api/v1/targets/pitr-src/drills").then().statusCode(200).extract().jsonPath();
        String at = "items.find { it.jobId == '" + jobId + "' }";
        assertThat(drills.getString(at + ".status")).isEqualTo("succeeded");
        assertThat(drills.getDouble(at + ".rtoSeconds")).isPositive();
        assertThat(artifact(drills.getString(at + ".artifactId")).getString("kind")).isEqualTo("base");
        // Nothing of it is left: no data or WAL directory (the server's logs stay, by design), no server.
        try (var left = Files.list(HubTestResource.recoveries())) {
            assertThat(left.filter(Files::isDirectory).map(p -> p.getFileName().toString())).isEmpty();
        }
        assertThat(Processes.run(List.of("sh", "-c", "ps -eo args | grep -c '[p]ostgres -D "
                + HubTestResource.recoveries() + "' || true")).strip()).isEqualTo("0");
    }

    @Test
    void aRecoveryOutsideTheWindowOrWithoutAMomentIsRefused() {
        api().body("{\"mode\":\"pitr\",\"targetTime\":\"2001-01-01T00:00:00Z\",\"destination\":{\"targetId\":"
                + "\"pitr-recover\"}}").post("/api/v1/targets/pitr-src/restores/preview").then().statusCode(409)
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("recovery window"));
        api().body("{\"mode\":\"pitr\"}").post("/api/v1/targets/pitr-src/restores/preview").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("targetTime"));
        api().body("{\"mode\":\"pitr\",\"targetTime\":\"2026-01-01T00:00:00Z\"}")
                .post("/api/v1/targets/orders-local/restores/preview").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("does not stream its WAL"));
        api().body("{\"mode\":\"pitr\",\"targetTime\":\"2026-01-01T00:00:00Z\",\"destination\":{\"targetId\":"
                + "\"orders-local\"}}").post("/api/v1/targets/pitr-src/restores/preview").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("pitr.restoreDir"));
    }

    private static Instant serverNow() throws Exception {
        try (var c = HubTestResource.postgres().connect("orders");
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** Restores the base and the stored WAL to {@code time} in a new data directory; the rows of pitr_rows. */
    private static List<String> restoredRows(Path base, Instant time) throws Exception {
        String bin = HubTestResource.postgres().bin();
        Path dir = Files.createTempDirectory("pitr-by-hand-");
        Path data = dir.resolve("data");
        Path walDir = dir.resolve("wal");
        Files.createDirectories(data);
        Files.createDirectories(walDir);
        Processes.run(List.of("sh", "-c", "zstd -d -q -c \"$1\" | tar -x -C \"$2\"", "-", base.toString(),
                data.toString()));
        Processes.run(List.of("sh", "-c", "for f in \"$1\"/*.zst; do zstd -d -q -c \"$f\" > \"$2/$(basename \"$f\""
                + " .zst)\"; done", "-", HubTestResource.storeDir().resolve("pitr/pitr-src/wal/00000001").toString(),
                walDir.toString()));
        int port = Processes.freePort();
        Files.writeString(data.resolve("postgresql.auto.conf"), String.join("\n",
                "restore_command = 'cp " + walDir + "/%f %p'",
                "recovery_target_time = '"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
                                .withZone(java.time.ZoneOffset.UTC).format(time)
                        + "'",
                "recovery_target_action = 'promote'", ""), java.nio.file.StandardOpenOption.APPEND);
        Files.createFile(data.resolve("recovery.signal"));
        if (Processes.isRoot()) {
            Processes.run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        Processes.run(List.of("chmod", "700", data.toString()));
        Processes.run(Processes.as("postgres", List.of(bin + "/pg_ctl", "-D", data.toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "120", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=''",
                "start")));
        try {
            List<String> psql = List.of(bin + "/psql", "-X", "-q", "-A", "-t", "-h", dir.toString(), "-p",
                    String.valueOf(port), "-U", "postgres", "-d", "orders", "-c");
            await().atMost(Duration.ofMinutes(1)).until(() -> "f".equals(Processes.run(Processes.as("postgres",
                    concat(psql, "SELECT pg_is_in_recovery()"))).strip()));
            String rows = Processes.run(Processes.as("postgres", concat(psql,
                    "SELECT tag FROM pitr_rows ORDER BY tag"))).strip();
            return rows.isEmpty() ? List.of() : List.of(rows.split("\n"));
        } finally {
            Processes.run(Processes.as("postgres", List.of(bin + "/pg_ctl", "-D", data.toString(), "-m", "immediate",
                    "stop")));
            Processes.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static List<String> concat(List<String> argv, String last) {
        List<String> all = new java.util.ArrayList<>(argv);
        all.add(last);
        return all;
    }

    @Inject io.backuphub.target.TargetRegistry targets;

    private io.backuphub.target.Target target(String id) {
        return targets.require(id);
    }

    /** A base backup of the target through the API, which must succeed and verify; its artifact id. */
    private static String base(String target) {
        String jobId = api().body("{\"kind\":\"base\"}").post("/api/v1/targets/" + target + "/backups").then()
                .statusCode(202).extract().path("id");
        JsonPath job = awaitFinished(jobId, Duration.ofMinutes(3));
        assertThat(job.getString("status")).as("base job: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("verified");
        return job.getString("artifactId");
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

    /**
     * Writes a little and switches to a new segment; returns the name of the segment it completed. The
     * insert position, not the write position: the test server runs with synchronous_commit off, so the
     * write position may still sit at the start of the segment, whose name is the previous one's.
     */
    private static String switchWal() throws Exception {
        try (var c = HubTestResource.postgres().connect("orders"); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pitr_marks (at timestamptz DEFAULT now())");
            s.execute("INSERT INTO pitr_marks DEFAULT VALUES");
            try (var rs = s.executeQuery("SELECT pg_walfile_name(pg_current_wal_insert_lsn()), pg_switch_wal()")) {
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
