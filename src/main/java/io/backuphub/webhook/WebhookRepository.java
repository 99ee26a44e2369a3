package io.backuphub.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.catalog.Db;
import io.backuphub.catalog.SealedSecrets;
import io.backuphub.common.HookSignature;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Webhooks and their deliveries in the catalog. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, name, allowed_actions, allowed_targets, allowed_environments,"
            + " rate_per_hour, enabled, created_at, created_by, signature_scheme";

    /** A delivery already accepted: its job (null while the first request is still creating it). */
    public record Delivery(String deliveryId, String jobId, Instant receivedAt) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final Logger LOG = Logger.getLogger(WebhookRepository.class);

    @Inject Db db;
    @Inject SealedSecrets sealed;

    /**
     * Secrets stored before hub.secrets.key was set are sealed now; without a key, say so once. Webhooks
     * still set to the deprecated v1 signature are named at every start.
     */
    void onStart(@Observes StartupEvent event) {
        for (Webhook w : list()) {
            if (w.signatureScheme() == HookSignature.Scheme.V1) {
                LOG.warnf(
                        "webhook %s (%s) accepts the deprecated v1 signature, which a captured request can be replayed"
                                + " under a new delivery id with; sign with v2 and switch it (docs/webhooks.md)",
                        w.id(), w.name());
            }
        }
        List<String[]> rows = db.query("SELECT id, secret FROM webhooks",
                rs -> new String[]{rs.getString(1), rs.getString(2)});
        List<String[]> plain = rows.stream().filter(row -> !SealedSecrets.isSealed(row[1])).toList();
        if (!sealed.sealing()) {
            if (!plain.isEmpty()) {
                LOG.warnf("hub.secrets.key is not set: %d webhook signing secrets are stored unsealed in the catalog",
                        plain.size());
            }
            return;
        }
        for (String[] row : plain) {
            db.update("UPDATE webhooks SET secret = ? WHERE id = ? AND secret = ?",
                    sealed.seal(row[1], context(row[0])),
                    row[0], row[1]);
        }
        if (!plain.isEmpty()) {
            LOG.infof("sealed %d webhook signing secrets stored before hub.secrets.key was set", plain.size());
        }
    }

    public void insert(Webhook w, String secret) {
        db.update("INSERT INTO webhooks (" + COLUMNS + ", secret) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                w.id(), w.name(), Db.json(w.allowedActions()), Db.json(w.allowedTargets()),
                Db.json(w.allowedEnvironments()),
                w.ratePerHour(), w.enabled(), w.createdAt(), w.createdBy(), w.signatureScheme().id(),
                sealed.seal(secret, context(w.id())));
    }

    /** What a sealed secret is bound to: its webhook. */
    private static String context(String webhookId) {
        return "webhook " + webhookId;
    }

    public Optional<Webhook> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?", WebhookRepository::map, id);
    }

    public Optional<String> secret(String id) {
        return db.queryOne("SELECT secret FROM webhooks WHERE id = ?", rs -> rs.getString(1), id)
                .map(stored -> sealed.open(stored, context(id)));
    }

    public List<Webhook> list() {
        return db.query("SELECT " + COLUMNS + " FROM webhooks ORDER BY id", WebhookRepository::map);
    }

    public boolean delete(String id) {
        return db.transaction(c -> {
            Db.update(c, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", id);
            return Db.update(c, "DELETE FROM webhooks WHERE id = ?", id) == 1;
        });
    }

    public boolean setEnabled(String id, boolean enabled) {
        return db.update("UPDATE webhooks SET enabled = ? WHERE id = ?", enabled, id) == 1;
    }

    public boolean setSignatureScheme(String id, HookSignature.Scheme scheme) {
        return db.update("UPDATE webhooks SET signature_scheme = ? WHERE id = ?", scheme.id(), id) == 1;
    }

    /**
     * Records a delivery before its job exists. False when the delivery id was seen before: the
     * primary key makes two concurrent identical deliveries start one job.
     */
    public boolean claimDelivery(String webhookId, String deliveryId, String metadata, Instant now) {
        return db.transaction(c -> {
            if (!Db.query(c, "SELECT 1 FROM webhook_deliveries WHERE webhook_id = ? AND delivery_id = ?",
                    rs -> 1, webhookId, deliveryId).isEmpty()) {
                return false;
            }
            try {
                Db.update(c, "INSERT INTO webhook_deliveries (webhook_id, delivery_id, metadata, received_at)"
                        + " VALUES (?,?,?,?)", webhookId, deliveryId, metadata, now);
                return true;
            } catch (SQLException raced) {
                c.rollback();
                return false;
            }
        });
    }

    public Optional<Delivery> delivery(String webhookId, String deliveryId) {
        return db.queryOne("SELECT delivery_id, job_id, received_at FROM webhook_deliveries"
                + " WHERE webhook_id = ? AND delivery_id = ?",
                rs -> new Delivery(rs.getString(1), rs.getString(2), Db.instant(rs, "received_at")), webhookId,
                deliveryId);
    }

    public void attachJob(String webhookId, String deliveryId, String jobId) {
        db.update("UPDATE webhook_deliveries SET job_id = ? WHERE webhook_id = ? AND delivery_id = ?",
                jobId, webhookId, deliveryId);
    }

    /** Forgets a delivery whose job could not be created, so a corrected retry is not refused. */
    public void releaseDelivery(String webhookId, String deliveryId) {
        db.update("DELETE FROM webhook_deliveries WHERE webhook_id = ? AND delivery_id = ? AND job_id IS NULL",
                webhookId, deliveryId);
    }

    /** Accepted deliveries since {@code since}, oldest first (the rate limit's window). */
    public List<Instant> acceptedSince(String webhookId, Instant since) {
        return db.query("SELECT received_at FROM webhook_deliveries WHERE webhook_id = ? AND received_at >= ?"
                + " ORDER BY received_at", rs -> Db.instant(rs, "received_at"), webhookId, since);
    }

    /**
     * Forgets deliveries received before {@code before}. Callers keep at least the replay window and the
     * rate limit's hour: within them a delivery id must still be recognised and counted.
     */
    public int pruneDeliveries(Instant before) {
        return db.update("DELETE FROM webhook_deliveries WHERE received_at < ?", before);
    }

    private static Webhook map(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("name"),
                Db.fromJson(rs.getString("allowed_actions"), STRINGS),
                Db.fromJson(rs.getString("allowed_targets"), STRINGS),
                Db.fromJson(rs.getString("allowed_environments"), STRINGS),
                rs.getInt("rate_per_hour"), rs.getBoolean("enabled"), Db.instant(rs, "created_at"),
                rs.getString("created_by"), HookSignature.Scheme.of(rs.getString("signature_scheme")));
    }

}
