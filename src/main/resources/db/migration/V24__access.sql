-- Access for a team (docs/security.md): keys get a grant, an owner, an expiry, a rotation grace,
-- source addresses, limits and their last use; people get the same grant.
--
-- permissions: comma-separated codes, NULL = all of the role's; target_scope: comma-separated globs,
-- environment_scope: comma-separated names, NULL = not narrowed; allowed_cidrs: NULL = from anywhere;
-- limits: JSON {requestsPerMinute, backupsPerDay, restoresPerDay, downloadsPerHour}, NULL = the role's.
ALTER TABLE api_keys ADD COLUMN permissions VARCHAR(1000);
ALTER TABLE api_keys ADD COLUMN target_scope VARCHAR(2000);
ALTER TABLE api_keys ADD COLUMN environment_scope VARCHAR(1000);
ALTER TABLE api_keys ADD COLUMN owner VARCHAR(320);
ALTER TABLE api_keys ADD COLUMN created_by VARCHAR(330);
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN allowed_cidrs VARCHAR(1000);
ALTER TABLE api_keys ADD COLUMN limits VARCHAR(500);
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN last_used_from VARCHAR(64);
-- A rotated key's old secret stays valid until previous_valid_until (the rotation's grace).
ALTER TABLE api_keys ADD COLUMN previous_key_hash VARCHAR(64);
ALTER TABLE api_keys ADD COLUMN previous_valid_until TIMESTAMP WITH TIME ZONE;
-- When the key.expiring event went out, so that it goes out once.
ALTER TABLE api_keys ADD COLUMN expiry_warned_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX api_keys_by_previous_hash ON api_keys (previous_key_hash);
-- Day quotas count a principal's backups and restores of the day from its jobs.
CREATE INDEX jobs_by_requester ON jobs (triggered_by, created_at);
