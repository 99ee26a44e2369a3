-- Why a job failed, in plain words: the cause, the fix and the setting to change (JSON: {"cause", "fix",
-- "setting", "doc"}), found by the engine's, transport's and stores' rules when the job ended. The
-- tool's own error stays in error, unchanged.
ALTER TABLE jobs ADD COLUMN failure_cause VARCHAR(4000);
