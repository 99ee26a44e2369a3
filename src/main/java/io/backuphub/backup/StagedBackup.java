package io.backuphub.backup;

import io.backuphub.engine.Engine;
import io.backuphub.pipeline.EncodeResult;
import io.backuphub.pipeline.Encoding;
import io.backuphub.pipeline.FanOutOutputStream;
import io.backuphub.target.Target;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backup on its way through run-backup's steps: written to each of the target's stores at once
 * (dump-and-encode), then committed, its manifest written, and recorded in the catalog. Until it is
 * recorded, the run's end removes what it wrote: an object without its manifest and catalog row is
 * never left looking like a backup. A store that fails on the way loses its copy only.
 */
public final class StagedBackup {

    final Target target;
    final Engine engine;
    final Encoding encoding;
    final String key;
    final Instant started;
    /** One per store the target writes to, in the target's order: the first live one is the primary. */
    final List<StagedCopy> copies;
    FanOutOutputStream fanOut;
    EncodeResult encoded;
    Map<String, Object> source;
    String manifestJson;
    boolean recorded;

    StagedBackup(Target target, Engine engine, Encoding encoding, String key, Instant started,
            List<StagedCopy> copies) {
        this.target = target;
        this.engine = engine;
        this.encoding = encoding;
        this.key = key;
        this.started = started;
        this.copies = copies;
    }

    public String key() {
        return key;
    }

    List<StagedCopy> live() {
        return copies.stream().filter(StagedCopy::live).toList();
    }

    /** The copy the artifact names as its own: the first store, of those still live, the target lists. */
    StagedCopy primary() {
        return live().get(0);
    }

    /** Fails the backup when no store holds a copy any more, naming each store's reason. */
    void requireACopy() throws IOException {
        if (live().isEmpty()) {
            throw new IOException(copies.size() == 1 ? copies.get(0).failure()
                    : "no store took the backup: " + failures());
        }
    }

    /** Why the backup is partial (a store it names holds no copy), or null when every store has its copy. */
    public String missingCopies() {
        return live().size() < copies.size() ? "not every store holds the backup: " + failures() : null;
    }

    /** "offsite: reason; archive: reason" for the copies that failed. */
    String failures() {
        return String.join("; ", copies.stream().filter(c -> !c.live())
                .map(c -> c.storeId + ": " + c.failure()).toList());
    }
}
