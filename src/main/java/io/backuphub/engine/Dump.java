package io.backuphub.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** A dump being produced: a stream, then a verdict on whether it completed. */
public interface Dump extends Closeable {

    InputStream data();

    /** Call after data() reached its end: throws with the tool's reason if the dump is not complete. */
    void finish() throws IOException;

    /**
     * What the dump learned while it ran, for the manifest's {@code source} beside {@link Engine#describe}'s
     * facts (QuestDB: the tables and row counts at checkpoint time). Valid after {@link #finish()}.
     */
    default Map<String, Object> facts() {
        return Map.of();
    }

    /** Stops the dump and releases the connection; safe after finish() or a failure. */
    @Override
    void close();
}
