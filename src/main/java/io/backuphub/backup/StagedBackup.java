package io.backuphub.backup;

import io.backuphub.engine.Engine;
import io.backuphub.pipeline.EncodeResult;
import io.backuphub.pipeline.Encoding;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import io.backuphub.target.Target;
import java.time.Instant;
import java.util.Map;

/**
 * A backup on its way through run-backup's steps: written (dump-and-encode), then committed, its
 * manifest written, and recorded in the catalog. Until it is recorded, the run's end removes what
 * it wrote: an object without its manifest and catalog row is never left looking like a backup.
 */
public final class StagedBackup {

    final Target target;
    final Engine engine;
    final Encoding encoding;
    final String key;
    final Instant started;
    /** The id of the store written to, and the store. */
    final String storeId;
    final ArtifactStore store;
    final ObjectWriter writer;
    EncodeResult encoded;
    Map<String, Object> source;
    StoredObject stored;
    String manifestJson;
    boolean recorded;

    StagedBackup(Target target, Engine engine, Encoding encoding, String key, Instant started, String storeId,
            ArtifactStore store, ObjectWriter writer) {
        this.target = target;
        this.engine = engine;
        this.encoding = encoding;
        this.key = key;
        this.started = started;
        this.storeId = storeId;
        this.store = store;
        this.writer = writer;
    }

    public String key() {
        return key;
    }
}
