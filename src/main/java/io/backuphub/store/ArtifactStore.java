package io.backuphub.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where artifacts live. A write builds a partial write (a temporary object) that becomes visible under its key only on
 * {@link ObjectWriter#commit()}: a failed or interrupted write never leaves an object that looks like
 * a backup. A store may be shared with other people and other hubs: what the hub may delete in it is
 * decided by the catalog (artifact.WriteIntents), never by what a listing shows. The hub's own
 * bookkeeping sits under {@value #HUB_FOLDER} and is never listed. Every implementation passes the
 * same contract test (StoreContract).
 */
public interface ArtifactStore {

    /** The folder (under the store's prefix) of the hub's own bookkeeping: its marker, write checks. */
    String HUB_FOLDER = ".backup-hub/";

    /** "local", "gcs", "s3": recorded in the catalog beside each artifact. */
    String type();

    /** Starts writing {@code key}; nothing appears under the key until commit. */
    ObjectWriter create(String key) throws IOException;

    /** Reads a committed object; throws {@link MissingObjectException} if there is none under {@code key}. */
    InputStream open(String key) throws IOException;

    Optional<StoredObject> stat(String key) throws IOException;

    /** Committed objects whose key starts with {@code prefix}; partial writes and {@link #HUB_FOLDER} are never listed. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes {@code key}; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Deletes a backup's object and its manifest (the manifest first: an object is never left looking whole). */
    default void deleteWithManifest(String key) throws IOException {
        delete(ObjectKeys.manifestKey(key));
        delete(key);
    }

    /** A time-limited link a client can download from directly, where the store offers one. */
    Optional<URI> downloadLink(String key, Duration validFor) throws IOException;

    /** Proves the store accepts writes now (health check); throws with the reason if not. */
    void checkWritable() throws IOException;

    /**
     * Removes the partial writes (unfinished uploads, temporary files) of these keys: writes this hub
     * began and abandoned. A partial write of any other key is left alone, whoever made it.
     */
    int removePartialWrites(Collection<String> keys) throws IOException;

    /** The minimum storage duration its storage class bills, if it has one. */
    default Optional<MinimumStorage> minimumStorage() {
        return Optional.empty();
    }

    /**
     * Puts a hold on {@code key} (or releases it) where the store has holds (GCS temporary holds): a
     * held object cannot be deleted by anyone until released. A no-op elsewhere.
     */
    default void hold(String key, boolean held) throws IOException {
    }
}
