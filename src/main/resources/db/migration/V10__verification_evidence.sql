-- What a verification found (JSON: TOC entries, tables, bytes decoded, versions...), kept with its
-- verdict so the artifact shows the evidence, not only the log.
ALTER TABLE artifacts ADD COLUMN verification_evidence VARCHAR(20000);
