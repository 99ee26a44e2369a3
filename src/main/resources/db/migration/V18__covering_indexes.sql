-- The overview's two whole-catalog reads answered from indexes alone: every backup of the last 30
-- days (sizes, last verified) and the bytes of every stored copy. An index holding every column the
-- query reads spares H2 the table rows, which carry manifests and miss its page cache (220 ms -> 9 ms
-- for 15,000 backups; benchmarks.md "Dashboard"); PostgreSQL answers them with index-only scans.
DROP INDEX artifacts_by_time;
CREATE INDEX artifacts_made ON artifacts (created_at, target_id, bytes, verification, deleted_at);
CREATE INDEX artifact_copies_stored ON artifact_copies (status, bytes);
