-- Recurring backups. Quartz (V3) fires them; this table is what users declared (API or
-- schedules.yaml), and what the API shows.
CREATE TABLE schedules (
    id          VARCHAR(63)   PRIMARY KEY,
    target_id   VARCHAR(63)   NOT NULL,
    cron        VARCHAR(200)  NOT NULL,   -- as written: Unix 5-field, Quartz 6/7-field, or a preset
    quartz_cron VARCHAR(200)  NOT NULL,
    timezone    VARCHAR(64)   NOT NULL,
    enabled     BOOLEAN       NOT NULL,
    options     VARCHAR(4000),            -- JSON, validated by the engine
    source      VARCHAR(16)   NOT NULL,   -- api | file
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_fired_at   TIMESTAMP WITH TIME ZONE,
    last_fire_note  VARCHAR(500)          -- e.g. "skipped: a backup of orders is still running"
);
CREATE INDEX schedules_by_target ON schedules (target_id);
CREATE INDEX jobs_by_trigger_ref ON jobs (trigger_ref, id);
