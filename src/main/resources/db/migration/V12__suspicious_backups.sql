-- A backup much smaller than the previous verified one (or with a table that lost most of its rows) is
-- kept but marked suspicious until a person acknowledges it; retention does not count it meanwhile.
ALTER TABLE artifacts ADD COLUMN suspicious_reason VARCHAR(4000);
ALTER TABLE artifacts ADD COLUMN acknowledged_by VARCHAR(200);
ALTER TABLE artifacts ADD COLUMN acknowledged_at TIMESTAMP WITH TIME ZONE;
