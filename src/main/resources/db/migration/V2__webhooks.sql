-- Signed webhooks from CI. The secret must be kept to verify signatures (HMAC needs it); it is
-- returned once, at creation, and never again.
CREATE TABLE webhooks (
    id                   VARCHAR(26)   PRIMARY KEY,
    name                 VARCHAR(100)  NOT NULL,
    secret               VARCHAR(100)  NOT NULL,
    allowed_actions      VARCHAR(500)  NOT NULL,  -- JSON array
    allowed_targets      VARCHAR(4000) NOT NULL,  -- JSON array of ids or globs
    allowed_environments VARCHAR(1000) NOT NULL,  -- JSON array of names or globs
    rate_per_hour        INT           NOT NULL,
    enabled              BOOLEAN       NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by           VARCHAR(200)
);

-- One row per accepted delivery: the same delivery id twice names the same job, and the rows of
-- the last hour are the rate limit's count.
CREATE TABLE webhook_deliveries (
    webhook_id  VARCHAR(26)  NOT NULL,
    delivery_id VARCHAR(200) NOT NULL,
    job_id      VARCHAR(26),
    metadata    VARCHAR(8000),
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (webhook_id, delivery_id)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, received_at);
