-- People (docs/security.md): made at their first sign-in (Cloudflare Access, later OIDC) with
-- hub.auth.default-role, or none (role NULL: "ask an admin"); an admin gives them a role, narrower
-- permissions, a scope and limits, or disables them. Columns as in api_keys.
CREATE TABLE users (
    id                VARCHAR(26)  PRIMARY KEY,
    email             VARCHAR(320) NOT NULL UNIQUE,
    role              VARCHAR(16),
    permissions       VARCHAR(1000),
    target_scope      VARCHAR(2000),
    environment_scope VARCHAR(1000),
    limits            VARCHAR(500),
    disabled          BOOLEAN      NOT NULL DEFAULT FALSE,
    signed_in_via     VARCHAR(32)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at      TIMESTAMP WITH TIME ZONE
);
