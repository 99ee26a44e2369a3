-- People signed in through OIDC (docs/security.md): their dashboard sessions stand for the user, not an
-- API key, and a grant their identity provider's groups gave them (hub.auth.group-roles) is marked so
-- that it is withdrawn when they leave those groups. grant_from: groups, admin or default-role.
ALTER TABLE dashboard_sessions ALTER COLUMN key_id DROP NOT NULL;
ALTER TABLE dashboard_sessions ADD COLUMN user_id VARCHAR(26);
ALTER TABLE users ADD COLUMN grant_from VARCHAR(16);
UPDATE users SET grant_from = 'admin' WHERE role IS NOT NULL;
