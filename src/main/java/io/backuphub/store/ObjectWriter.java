package io.backuphub.store;

import java.io.IOException;
import java.io.OutputStream;

/** A write in progress: stream the bytes, then commit to publish them or abort to discard them. */
public interface ObjectWriter extends AutoCloseable {

    OutputStream stream();

    /** Makes the object visible under its key, durably. The stream must have been closed. */
    StoredObject commit() throws IOException;

    /**
     * Discards the partial write. Safe to call more than once and after a failed commit. False when
     * the store could not be told (unreachable): the partial write stays, for the sweep of abandoned
     * writes to remove.
     */
    boolean abort();

    /** Aborts unless committed, so try-with-resources never leaks a partial write. */
    @Override
    void close();
}
