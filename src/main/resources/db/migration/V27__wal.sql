-- Point-in-time recovery (docs/pitr.md). Engine-neutral words: a "log segment" is a PostgreSQL WAL
-- segment or timeline history file today, a MongoDB oplog or MySQL binlog slice later.
-- log_segments: each completed segment the hub stored, one row per store copy's key (the key is the
-- same in every store), what it covers, and when it was received (commits in it happened by then).
CREATE TABLE log_segments (
    id            VARCHAR(26)   PRIMARY KEY,
    target_id     VARCHAR(63)   NOT NULL,
    timeline      INTEGER       NOT NULL,
    name          VARCHAR(64)   NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    start_lsn     VARCHAR(32),
    end_lsn       VARCHAR(32),
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes         BIGINT        NOT NULL,
    stored_bytes  BIGINT        NOT NULL,
    sha256        VARCHAR(64)   NOT NULL,
    object_key    VARCHAR(1024) NOT NULL,
    stores        VARCHAR(1000) NOT NULL,
    deleted_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX log_segments_once ON log_segments (target_id, name);
CREATE INDEX log_segments_by_time ON log_segments (target_id, received_at);

-- Who streams a target's log: one replica at a time holds the lease (renewed while it runs), and
-- what it last saw, for health, metrics and the recovery window.
CREATE TABLE log_receivers (
    target_id        VARCHAR(63)   PRIMARY KEY,
    instance_id      VARCHAR(255)  NOT NULL,
    lease_until      TIMESTAMP WITH TIME ZONE NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    state_since      TIMESTAMP WITH TIME ZONE NOT NULL,
    reason           VARCHAR(2000),
    received_lsn     VARCHAR(32),
    last_segment_at  TIMESTAMP WITH TIME ZONE,
    retained_bytes   BIGINT,
    checked_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
