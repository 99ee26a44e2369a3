-- Which objects in a store are this hub's (docs/operations.md "Shared stores").
--
-- The catalog's id: made once with the catalog, kept when the catalog is restored from its own backup.
-- Manifests carry it, and each store's marker names the catalog that first used the store.
CREATE TABLE catalog_identity (
    singleton  INT         PRIMARY KEY CHECK (singleton = 1),
    catalog_id VARCHAR(26) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- An object the hub began writing and the catalog does not own yet: recorded before its first byte,
-- removed when the catalog records the object (artifact or copy row, same transaction) or when the
-- failed write's remains are deleted. Only such objects are ever removed without being asked.
CREATE TABLE write_intents (
    store_id    VARCHAR(63)   NOT NULL,
    object_key  VARCHAR(1024) NOT NULL,
    job_id      VARCHAR(26)   NOT NULL,
    instance_id VARCHAR(255)  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (store_id, object_key)
);
CREATE INDEX write_intents_started ON write_intents (started_at);

-- Each store's last checked state, so that a store going down is announced once across replicas.
CREATE TABLE store_states (
    store_id   VARCHAR(63)  PRIMARY KEY,
    state      VARCHAR(16)  NOT NULL,
    reason     VARCHAR(2000),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
