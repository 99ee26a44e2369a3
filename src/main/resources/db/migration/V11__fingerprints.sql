-- What a verified backup holds, table by table (JSON: {"tables": [{"name", "rows", "checksum"}]}), so a
-- restore can be proven equal to it.
ALTER TABLE artifacts ADD COLUMN fingerprint VARCHAR(1000000);
