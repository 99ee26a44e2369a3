-- What an artifact is: a logical dump (every artifact so far) or a physical base backup for
-- point-in-time recovery (docs/pitr.md). Drills, suspicion and retention compare like with like.
ALTER TABLE artifacts ADD COLUMN kind VARCHAR(16) DEFAULT 'dump' NOT NULL;
