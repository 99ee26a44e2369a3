-- Where each artifact is stored: one row per copy (the same bytes under the same key in each of the
-- target's stores, and wherever replication copied them). status: stored | failed | copying | deleted.
-- store_checksum is what the store reported at commit (GCS CRC32C, S3 ETag), compared by verification.
CREATE TABLE artifact_copies (
    artifact_id    VARCHAR(26)   NOT NULL,
    store          VARCHAR(63)   NOT NULL,
    object_key     VARCHAR(1024) NOT NULL,
    bytes          BIGINT,
    sha256         VARCHAR(64),
    store_checksum VARCHAR(200),
    status         VARCHAR(16)   NOT NULL,
    error          VARCHAR(4000),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (artifact_id, store)
);

-- Every artifact so far had one copy: the object in the store the artifact names.
INSERT INTO artifact_copies (artifact_id, store, object_key, bytes, sha256, status, updated_at)
SELECT id, store, object_key, bytes, sha256,
       CASE WHEN deleted_at IS NULL THEN 'stored' ELSE 'deleted' END, COALESCE(deleted_at, created_at)
FROM artifacts;

-- Store ids are slugs of up to 63 characters, like target ids.
ALTER TABLE artifacts ALTER COLUMN store SET DATA TYPE VARCHAR(63);
