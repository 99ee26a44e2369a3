-- What a finished job made, for the person who asked: a point-in-time recovery's host, port, data
-- directory and the last transaction it replayed (docs/pitr.md). JSON; null for most jobs.
ALTER TABLE jobs ADD COLUMN result VARCHAR(4000);
