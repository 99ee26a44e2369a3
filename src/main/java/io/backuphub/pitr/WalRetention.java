package io.backuphub.pitr;

import io.backuphub.audit.AuditRepository;
import io.backuphub.catalog.Db;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * WAL follows the bases it replays onto (docs/pitr.md): a segment older than the oldest stored,
 * verified base can restore nothing, so once retention has decided which bases stay, the segments
 * before the oldest one's start are deleted from every store that holds them (each audited). A
 * target without a verified base keeps all its WAL; timeline history files are always kept; a pin on
 * a base keeps it, and so its chain.
 */
@ApplicationScoped
@Named("walRetention")
public class WalRetention {

    private static final Logger LOG = Logger.getLogger(WalRetention.class);

    @Inject RecoveryWindows windows;
    @Inject WalStreams streams;
    @Inject StoreRegistry stores;
    @Inject AuditRepository audit;
    @Inject Db db;

    /** The sweep's step for a target: how many segments went. */
    public int prune(@Variable("target") Target target, @Header("actor") String actor) {
        if (!target.pitrOn() && streams.totals(target.id()).segments() == 0) {
            return 0;
        }
        Optional<RecoveryWindow.Base> oldest = windows.bases(target).stream()
                .min(java.util.Comparator.comparingLong(b -> RecoveryWindow.position(b.lsn())));
        if (oldest.isEmpty()) {
            return 0;
        }
        long keepFrom = RecoveryWindow.position(oldest.get().lsn());
        List<WalStreams.Segment> before = streams.segments(target.id()).stream()
                .filter(s -> "segment".equals(s.kind()) && s.endLsn() != null
                        && RecoveryWindow.position(s.endLsn()) <= keepFrom)
                .toList();
        int deleted = 0;
        for (WalStreams.Segment segment : before) {
            try {
                for (String storeId : segment.stores()) {
                    stores.get(storeId).delete(segment.objectKey());
                }
                db.update("UPDATE log_segments SET deleted_at = ? WHERE target_id = ? AND name = ?", Instant.now(),
                        target.id(), segment.name());
                audit.record(actor, "retention.deleted", "wal/" + target.id() + "/" + segment.name(), null,
                        "succeeded", "older than the oldest kept base " + oldest.get().artifactId() + " (starts at "
                                + oldest.get().lsn() + "); " + String.join(",", segment.stores()) + ":"
                                + segment.objectKey());
                deleted++;
            } catch (IOException | RuntimeException e) {
                audit.record(actor, "retention.deleted", "wal/" + target.id() + "/" + segment.name(), null, "failed",
                        e.getMessage());
            }
        }
        if (deleted > 0) {
            LOG.infof("retention of %s: %d WAL segment(s) older than base %s deleted", target.id(), deleted,
                    oldest.get().artifactId());
        }
        return deleted;
    }
}
