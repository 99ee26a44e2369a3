-- Restore drills: the newest verified backup of a target restored into a scratch server, compared
-- with its fingerprint, and dropped; RTO and RPO on record. A scheduled drill carries the cron fire
-- time it is for (due_at), once per target: replicas racing to queue it insert one row.
CREATE TABLE drills (
    id                VARCHAR(26)   PRIMARY KEY,
    target_id         VARCHAR(63)   NOT NULL,
    scratch_target_id VARCHAR(63)   NOT NULL,
    job_id            VARCHAR(26)   NOT NULL,
    artifact_id       VARCHAR(26),
    status            VARCHAR(16)   NOT NULL,  -- queued | running | succeeded | failed | cancelled
    due_at            TIMESTAMP WITH TIME ZONE,
    requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    rto_seconds       DOUBLE PRECISION,
    rpo_seconds       BIGINT,
    worst_gap_seconds BIGINT,
    differences       VARCHAR(20000),          -- JSON list of "table: what differs"
    error             VARCHAR(4000)
);
CREATE INDEX drills_by_target ON drills (target_id, id);
CREATE UNIQUE INDEX drills_once_per_fire ON drills (target_id, due_at);
