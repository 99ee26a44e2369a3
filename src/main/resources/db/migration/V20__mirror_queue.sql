-- The Firestore mirror's outbox: records (a finished job, an artifact) whose document must be written.
-- One row per record, however often it changed before the mirror caught up (the document is written
-- from the catalog's state at that moment); version tells a change that arrived during a write from
-- the one written, so the row is removed only when no newer change waits.
CREATE TABLE mirror_queue (
    kind       VARCHAR(16) NOT NULL,
    record_id  VARCHAR(26) NOT NULL,
    version    BIGINT      NOT NULL,
    queued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts   INT         NOT NULL,
    last_error VARCHAR(1000),
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX mirror_queue_due ON mirror_queue (due_at);
