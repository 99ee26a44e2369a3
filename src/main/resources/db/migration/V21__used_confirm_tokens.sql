-- Restore confirm tokens that started a restore: a token is good for one restore (a second POST with it
-- is refused, on every replica). Kept until the token would have expired anyway; stored as SHA-256.
CREATE TABLE used_confirm_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    used_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX used_confirm_tokens_expiry ON used_confirm_tokens (expires_at);
