package io.backuphub.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.backuphub.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * A store's marker, {@value #KEY} under its prefix: the catalog that first used the store, and when.
 * A hub whose catalog is another one shares the store, and says so; it never decides what may be
 * deleted (the catalog's write intents and rows do), it tells people.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoreMarker(String catalogId, Instant firstUsedAt, String hubVersion) {

    public static final String KEY = ArtifactStore.HUB_FOLDER + "store.json";

    /** The store's marker; empty when it has none yet. */
    public static Optional<StoreMarker> read(ArtifactStore store) throws IOException {
        try (InputStream in = store.open(KEY)) {
            return Optional.of(Json.MAPPER.readValue(in.readNBytes(64 * 1024), StoreMarker.class));
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    /** Writes the marker (a store without one only). */
    public void write(ArtifactStore store) throws IOException {
        try (ObjectWriter writer = store.create(KEY)) {
            try (OutputStream out = writer.stream()) {
                out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            }
            writer.commit();
        }
    }
}
