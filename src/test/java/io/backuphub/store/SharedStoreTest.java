package io.backuphub.store;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.artifact.WriteIntents;
import io.backuphub.audit.AuditRepository;
import io.backuphub.backup.AbandonedWrites;
import io.backuphub.backup.CatalogRescan;
import io.backuphub.catalog.Db;
import io.backuphub.common.Ids;
import io.backuphub.retention.Retention;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stores shared with other people and other hubs, at a bucket's root: the local store, an S3 bucket
 * (s3proxy) and a GCS bucket (the emulator). Another team's file, another catalog's complete backup,
 * a backup of an older version without a catalog id and an object without a manifest all survive
 * every sweep at any age and are reported, never taken; only what the hub itself began writing and
 * abandoned is removed, once its grace has passed.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class SharedStoreTest {

    private static final List<String> SHARED = List.of("local", "s3-root", "gcs-root");
    private static final String OTHER_CATALOG = "01h0ther0ata1og0000000000x";

    @Inject StoreRegistry stores;
    @Inject Retention retention;
    @Inject AbandonedWrites abandonedWrites;
    @Inject CatalogRescan rescan;
    @Inject WriteIntents intents;
    @Inject AuditRepository audit;
    @Inject Db db;
    @Inject ArtifactRepository artifacts;

    @Test
    void whatOthersWroteSurvivesEverySweepAndIsReportedNotTaken() throws Exception {
        verifiedBackup("orders-local"); // the catalog is not empty: nothing is taken for a lost catalog's
        Map<String, Placed> foreign = new LinkedHashMap<>();
        for (String storeId : SHARED) {
            foreign.put(storeId, placeForeignObjects(storeId));
        }
        ageLocalFiles(foreign.get("local").keys().values());

        retention.sweep();
        abandonedWrites.sweep();
        CatalogRescan.Result rescanned = rescan.scheduled("test");

        assertThat(rescanned.foreign()).as("another catalog's manifest in each shared store")
                .isGreaterThanOrEqualTo(SHARED.size());
        for (String storeId : SHARED) {
            ArtifactStore store = stores.get(storeId);
            for (String key : foreign.get(storeId).keys().values()) {
                assertThat(store.stat(key)).as("%s in %s", key, storeId).isPresent();
            }
            api().get("/api/v1/artifacts/" + foreign.get(storeId).otherArtifact()).then().statusCode(404);
            // A backup of a version before catalog ids, of a target this hub does not declare: not taken either.
            api().get("/api/v1/artifacts/" + foreign.get(storeId).legacyArtifact()).then().statusCode(404);
            JsonPath unknown = api().queryParam("store", storeId).queryParam("limit", 500).get("/api/v1/store/unknown")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = unknown.getList("[0].items");
            Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
            items.forEach(i -> byKey.put((String) i.get("key"), i));
            Map<String, String> keys = foreign.get(storeId).keys();
            assertThat(byKey).containsKeys(keys.get("file"), keys.get("otherObject"), keys.get("otherManifest"),
                    keys.get("noManifest"));
            assertThat(byKey.get(keys.get("otherObject"))).containsEntry("hasManifest", true)
                    .containsEntry("catalogId", OTHER_CATALOG);
            assertThat(byKey.get(keys.get("noManifest"))).containsEntry("hasManifest", false);
            assertThat(byKey.get(keys.get("file"))).containsEntry("bytes", 17);
        }
        // A backup of a version before catalog ids, of a target this hub declares, in a store this hub marked
        // first: this catalog's (the upgrade path), taken back, pending verification.
        ArtifactStore local = stores.get("local");
        String legacyId = Ids.next();
        String legacyKey = "production/orders/2026/01/05/orders-20260105T000000Z-" + legacyId + ".pgdump.zst";
        put(local, legacyKey, "an older hub's backup");
        put(local, ObjectKeys.manifestKey(legacyKey), manifest(legacyId, legacyKey, 21, null));
        assertThat(rescan.rescan("test").added()).isEqualTo(1);
        api().get("/api/v1/artifacts/" + legacyId).then().statusCode(200);
        api().delete("/api/v1/artifacts/" + legacyId).then().statusCode(204);
        assertThat(local.stat(legacyKey)).isEmpty();

        // The dashboard's backups page says how many objects each store holds that the catalog does not know.
        String page = api().accept("text/html").get("/artifacts").then().statusCode(200).extract().asString();
        assertThat(page).containsPattern("data-store=\"s3-root\"[\\s\\S]*?data-unknown=\"[1-9]")
                .contains("never deleted by the hub");

        // The hub's own backups are not unknown.
        assertThat(api().queryParam("store", "local").get("/api/v1/store/unknown").then().extract().jsonPath()
                .getList("[0].items.key", String.class)).noneMatch(k -> k.startsWith("staging/orders-local/"));

        // An admin may delete one of them, audited; an object of the catalog's own backups is refused.
        String file = foreign.get("local").keys().get("file");
        api().queryParam("store", "local").queryParam("key", file).delete("/api/v1/store/unknown").then()
                .statusCode(204);
        assertThat(stores.get("local").stat(file)).isEmpty();
        assertThat(audit.recent(20, null)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("store.unknown-deleted");
            assertThat(e.resource()).isEqualTo("local:" + file);
            assertThat(e.outcome()).isEqualTo("succeeded");
        });
        String own = api().queryParam("targetId", "orders-local").queryParam("limit", 1).get("/api/v1/artifacts")
                .then().statusCode(200).extract().path("items[0].key");
        api().queryParam("store", "local").queryParam("key", own).delete("/api/v1/store/unknown").then()
                .statusCode(409).body("detail", containsString("belongs to a backup in the catalog"));
        assertThat(stores.get("local").stat(own)).isPresent();

        for (String storeId : SHARED) { // tidy up, the way an admin would
            for (String key : foreign.get(storeId).keys().values()) {
                if (stores.get(storeId).stat(key).isPresent()) {
                    api().queryParam("store", storeId).queryParam("key", key).delete("/api/v1/store/unknown").then()
                            .statusCode(204);
                }
            }
        }
    }

    /**
     * A write the hub began and never finished (it died after committing, before the catalog row):
     * removed once its intent is older than the grace and its job is over; a complete backup left
     * that way is not removed (the rescan takes it); an object the hub did not write, beside it, stays.
     */
    @Test
    void onlyTheHubsOwnAbandonedWritesAreRemovedAfterTheGrace() throws Exception {
        String deadJob = Ids.next(); // a job no hub is running
        for (String storeId : SHARED) {
            ArtifactStore store = stores.get(storeId);
            String half = "staging/crashed/2026/01/04/crashed-" + storeId + "-" + Ids.next() + ".pgdump.zst";
            try (var writer = intents.create(storeId, store, half, deadJob)) {
                write(writer, "a backup the hub died writing");
            }
            String neighbour = half.replace("crashed-", "neighbour-");
            put(store, neighbour, "someone else's object beside it");
            String fresh = half.replace("crashed-", "fresh-");
            try (var writer = intents.create(storeId, store, fresh, deadJob)) {
                write(writer, "abandoned a moment ago");
            }
            age(storeId, half, Duration.ofHours(7));

            abandonedWrites.sweep();

            assertThat(store.stat(half)).as("abandoned in %s, past the grace", storeId).isEmpty();
            assertThat(intents.find(storeId, half)).isEmpty();
            assertThat(store.stat(fresh)).as("abandoned, within the grace").isPresent();
            assertThat(store.stat(neighbour)).as("not the hub's").isPresent();
            assertThat(audit.recent(30, null)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("store.abandoned-write-removed");
                assertThat(e.resource()).isEqualTo(storeId + ":" + half);
                assertThat(e.detail()).contains(deadJob);
            });
            store.delete(neighbour);
            intents.abandon(storeId, store, fresh);
        }
    }

    /**
     * The last guard: a backup the catalog lists whose manifest names another catalog (an older
     * version's backup taken into a lost catalog, say) is another hub's, and no delete removes it.
     */
    @Test
    void aBackupWhoseManifestNamesAnotherCatalogIsNeverDeleted() throws Exception {
        ArtifactStore store = stores.get("local");
        String id = Ids.next();
        String key = "staging/guarded/2026/01/05/guarded-20260105T000000Z-" + id + ".pgdump.zst";
        put(store, key, "another hub's backup");
        String manifest = manifest(id, key, 20, OTHER_CATALOG);
        put(store, ObjectKeys.manifestKey(key), manifest);
        artifacts.insert(new Artifact(id, id, "guarded", "staging", "postgres", "local", key, 20, 20, "0".repeat(64),
                "zstd", false, VerificationState.VERIFIED, "listed by mistake", null, null, Instant.now(), manifest,
                Instant.now(), null, null, null, Artifact.DUMP));

        api().delete("/api/v1/artifacts/" + id).then().statusCode(409)
                .body("detail", containsString("does not delete another catalog's backups"));
        assertThat(store.stat(key)).isPresent();
        assertThat(store.stat(ObjectKeys.manifestKey(key))).isPresent();
        api().get("/api/v1/artifacts/" + id).then().statusCode(200);
        store.deleteWithManifest(key);
        artifacts.markDeleted(id, Instant.now(), "test cleanup");
    }

    /** What was placed in a store: its keys by role, and the artifact ids its two manifests name. */
    private record Placed(Map<String, String> keys, String otherArtifact, String legacyArtifact) {
    }

    /**
     * Another team's file, another catalog's complete backup, one of an older version (of a target this
     * hub does not declare), an object alone.
     */
    private Placed placeForeignObjects(String storeId) throws IOException {
        ArtifactStore store = stores.get(storeId);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("file", "other-team/important-" + storeId + ".tar");
        put(store, keys.get("file"), "their only copy!\n");
        String otherArtifact = Ids.next();
        keys.put("otherObject", "production/ghost/2026/01/02/ghost-20260102T000000Z-" + otherArtifact
                + ".pgdump.zst");
        keys.put("otherManifest", ObjectKeys.manifestKey(keys.get("otherObject")));
        put(store, keys.get("otherObject"), "another hub's backup");
        put(store, keys.get("otherManifest"), manifest(otherArtifact, keys.get("otherObject"), 20, OTHER_CATALOG));
        String legacyArtifact = Ids.next();
        keys.put("legacyObject", "production/ghost/2026/01/03/ghost-20260103T000000Z-" + legacyArtifact
                + ".pgdump.zst");
        keys.put("legacyManifest", ObjectKeys.manifestKey(keys.get("legacyObject")));
        put(store, keys.get("legacyObject"), "an older hub's backup");
        put(store, keys.get("legacyManifest"), manifest(legacyArtifact, keys.get("legacyObject"), 21, null));
        keys.put("noManifest", "production/ghost/2026/01/04/ghost-20260104T000000Z-" + Ids.next() + ".pgdump.zst");
        put(store, keys.get("noManifest"), "an object without a manifest");
        return new Placed(keys, otherArtifact, legacyArtifact);
    }

    private static String manifest(String artifactId, String key, long bytes, String catalogId) {
        return """
                {"manifestVersion": 1, "artifactId": "%s", "jobId": "%s", "targetId": "%s",
                 "environment": "production", "engine": "postgres", "databases": ["orders"],
                 "startedAt": "2026-01-02T00:00:00Z", "finishedAt": "2026-01-02T00:01:00Z",
                 "object": {"store": "elsewhere", "key": "%s", "bytes": %d, "sha256": "%s"},
                 "dumpBytes": %d, "compression": {"codec": "zstd", "level": 3}%s}
                """.formatted(artifactId, artifactId, key.split("/")[1], key, bytes, "0".repeat(64), bytes,
                catalogId == null ? "" : ", \"catalogId\": \"" + catalogId + "\"");
    }

    private static void put(ArtifactStore store, String key, String content) throws IOException {
        try (ObjectWriter writer = store.create(key)) {
            write(writer, content);
        }
    }

    private static void write(ObjectWriter writer, String content) throws IOException {
        try (OutputStream out = writer.stream()) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        writer.commit();
    }

    /** Three days old, as in the report: the age of an object never made it the hub's. */
    private static void ageLocalFiles(java.util.Collection<String> keys) throws IOException {
        for (String key : keys) {
            Path file = HubTestResource.storeDir().resolve(key);
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            }
        }
    }

    private void age(String storeId, String key, Duration by) {
        db.update("UPDATE write_intents SET started_at = ? WHERE store_id = ? AND object_key = ?",
                Instant.now().minus(by), storeId, key);
    }
}
