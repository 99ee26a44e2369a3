-- Notifications: an outbox. Publishing an event only inserts rows (a dead channel can never slow or
-- fail a backup); the deliver-notifications route sends them, retrying with backoff.
CREATE TABLE notifications (
    id              VARCHAR(26)    PRIMARY KEY,
    event           VARCHAR(40)    NOT NULL,
    target_id       VARCHAR(63),
    channel_id      VARCHAR(63)    NOT NULL,
    channel_type    VARCHAR(16)    NOT NULL,
    payload         VARCHAR(60000) NOT NULL,  -- the event as JSON (or a digest of events)
    status          VARCHAR(16)    NOT NULL,  -- pending | delivered | failed | held (for a digest) | digested
    digest_key      VARCHAR(200),
    attempts        INT            NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_digest ON notifications (status, digest_key);

-- One target.overdue notice per overdue episode: remembered until the target's next good backup.
CREATE TABLE overdue_notices (
    target_id       VARCHAR(63) PRIMARY KEY,
    last_success_at TIMESTAMP WITH TIME ZONE,
    notified_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
