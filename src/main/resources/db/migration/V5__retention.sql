-- Retention: policies per target and per environment (the default for its targets), pins on
-- artifacts (never deleted by policy), and why a deleted artifact went.
CREATE TABLE retention_policies (
    scope      VARCHAR(16)   NOT NULL,   -- target | environment
    scope_id   VARCHAR(63)   NOT NULL,
    policy     VARCHAR(2000) NOT NULL,   -- JSON
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(200),
    PRIMARY KEY (scope, scope_id)
);

ALTER TABLE artifacts ADD COLUMN pin_reason VARCHAR(500);
ALTER TABLE artifacts ADD COLUMN pinned_by VARCHAR(200);
ALTER TABLE artifacts ADD COLUMN pinned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE artifacts ADD COLUMN deleted_reason VARCHAR(500);
