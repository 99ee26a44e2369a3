-- Dashboard sessions. A browser that logged in with an API key holds only a random token in an
-- HttpOnly cookie; the catalog keeps the token's SHA-256, the key it stands for (a revoked key ends
-- its sessions), the CSRF token its pages send with every write, and when it ends.
CREATE TABLE dashboard_sessions (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    key_id       VARCHAR(26)  NOT NULL,
    csrf_token   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
