-- A target's newest backup job: H2's planner took jobs_due (status first) for "target_id = ? AND
-- kind = 'backup' AND status IN (...) ORDER BY id DESC" and read every finished job of every target;
-- with this index, and the query ordered by its columns, it reads from the newest entry on
-- (benchmarks.md "Dashboard").
CREATE INDEX jobs_by_target_kind ON jobs (target_id, kind, id DESC);
-- The overview reads every target's backups of the last 30 days (sizes, last verified) in one range
-- scan instead of a scan of the whole table.
CREATE INDEX artifacts_by_time ON artifacts (created_at);
-- Suspicious backups are few: "suspicious_reason >= ''" (every non-null reason) finds them through
-- this index instead of reading every artifact of every target.
CREATE INDEX artifacts_suspicious ON artifacts (suspicious_reason);
