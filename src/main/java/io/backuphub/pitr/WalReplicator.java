package io.backuphub.pitr;

import io.backuphub.artifact.WriteIntents;
import io.backuphub.catalog.Db;
import io.backuphub.pipeline.ChecksumInputStream;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Brings every stored segment (and timeline history file) into each store the target wants it in: its
 * {@code replicateTo} stores, and a store of its own that was down when the segment was archived.
 * Each copy is streamed from a store that holds it, its size and SHA-256 checked on the way, announced
 * as the hub's write first and recorded in the transaction that ends the intent; a copy that fails
 * leaves nothing behind and is tried again on a later pass.
 */
@ApplicationScoped
public class WalReplicator {

    private static final Logger LOG = Logger.getLogger(WalReplicator.class);

    @Inject StoreRegistry stores;
    @Inject WriteIntents intents;
    @Inject WalStreams streams;
    @Inject Db db;
    /** The last failure per target and store (or segment, for a taken key), so that each is logged once. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    /** What a pass did: copies made, and whether segments still wait (the batch was full). */
    public record Pass(int copied, boolean more) {
    }

    /** Copies up to {@code batch} missing segment copies of the target; a failing store is skipped for this pass. */
    public Pass replicate(Target target, String writer, int batch) {
        Set<String> wanted = new LinkedHashSet<>(stores.idsFor(target.stores()));
        wanted.addAll(target.replicateTo());
        wanted.retainAll(stores.all().keySet());
        int copied = 0;
        boolean more = false;
        for (String storeId : wanted) {
            List<WalStreams.Segment> missing = streams.missingIn(target.id(), storeId, batch);
            for (WalStreams.Segment segment : missing) {
                try {
                    copy(segment, storeId, writer);
                    copied++;
                    failing.remove(target.id() + "/" + storeId);
                    failing.remove(target.id() + "/" + segment.name());
                } catch (WriteIntents.ForeignObjectException e) {
                    if (newFailure(target.id() + "/" + segment.name(), e)) {
                        LOG.warnf("WAL %s of %s not copied to store %s while its key is taken (said once): %s",
                                segment.name(), target.id(), storeId, e.getMessage());
                    }
                } catch (IOException | RuntimeException e) {
                    if (newFailure(target.id() + "/" + storeId, e)) {
                        LOG.warnf("WAL of %s not copied to store %s yet (tried again every pass, said once): %s",
                                target.id(), storeId, e.getMessage());
                    }
                    break; // the store is likely down: the next pass tries again
                }
            }
            more |= missing.size() == batch && !failing.containsKey(target.id() + "/" + storeId);
        }
        return new Pass(copied, more);
    }

    /** Notes {@code e} as the last failure of {@code key}; true when it differs from the one before (log it). */
    private boolean newFailure(String key, Exception e) {
        String message = String.valueOf(e.getMessage());
        return !message.equals(failing.put(key, message));
    }

    private void copy(WalStreams.Segment segment, String storeId, String writer) throws IOException {
        ArtifactStore to = stores.get(storeId);
        IOException lastFailure = null;
        for (String from : segment.stores()) {
            if (!stores.all().containsKey(from)) {
                continue;
            }
            try (ObjectWriter out = intents.createUnlessForeign(storeId, to, segment.objectKey(), writer)) {
                try (InputStream in = new ChecksumInputStream(stores.get(from).open(segment.objectKey()),
                        segment.sha256(), segment.storedBytes()); OutputStream sink = out.stream()) {
                    in.transferTo(sink);
                }
                out.commit();
                db.transaction(c -> {
                    streams.addStore(c, segment, storeId);
                    WriteIntents.release(c, storeId, segment.objectKey());
                    return null;
                });
                LOG.debugf("WAL %s of %s copied from store %s to store %s", segment.name(), segment.targetId(), from,
                        storeId);
                return;
            } catch (IOException e) {
                lastFailure = e; // this source failed (or the write did): try the next store that holds it
            }
        }
        throw lastFailure != null ? lastFailure
                : new IOException("no store the hub knows holds " + segment.objectKey() + " any more");
    }
}
