package io.backuphub.pubsub;

import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/** pubsub_messages: which job each message asked for, so that a redelivery finds it instead of making another. */
@ApplicationScoped
@Named("pubsubMessages")
public class PubsubMessageRepository {

    private static final Logger LOG = Logger.getLogger(PubsubMessageRepository.class);
    static final Duration REDELIVERABLE = Duration.ofDays(32);
    private static final String RECORDED = "SELECT job_id FROM pubsub_messages WHERE subscription_id = ?"
            + " AND message_id = ?";

    @Inject Db db;

    /**
     * The job id the message stands for: the one recorded by an earlier delivery (on any replica), or
     * {@code newJobId}, recorded now.
     */
    public String claim(String subscriptionId, String messageId, String newJobId, Instant now) {
        return db.transaction(c -> {
            var recorded = Db.query(c,
                    RECORDED,
                    rs -> rs.getString(1), subscriptionId, messageId);
            if (!recorded.isEmpty()) {
                return recorded.get(0);
            }
            try {
                Db.update(c, "INSERT INTO pubsub_messages (subscription_id, message_id, job_id, received_at)"
                        + " VALUES (?,?,?,?)", subscriptionId, messageId, newJobId, now);
                return newJobId;
            } catch (SQLException raced) {
                // Another replica recorded the same message between our read and insert: its job id wins.
                c.rollback();
                return Db.query(c, RECORDED,
                        rs -> rs.getString(1), subscriptionId, messageId).stream().findFirst().orElseThrow(() -> raced);
            }
        });
    }

    /**
     * The prune-history route's step: forgets messages Pub/Sub can no longer deliver again (a
     * subscription keeps a message 7 days at most; a seek over a topic's retention reaches 31 days).
     */
    public int prune() {
        int pruned = db.update("DELETE FROM pubsub_messages WHERE received_at < ?", Instant.now().minus(REDELIVERABLE));
        LOG.infof("pruned %d Pub/Sub message records older than %s", pruned, REDELIVERABLE);
        return pruned;
    }
}
