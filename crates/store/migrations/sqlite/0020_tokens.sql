-- Security review, findings 4 and 6 (second factor, API tokens). Keep in step with
-- postgres/0020_tokens.sql.

-- Wrong codes entered in this pending sign-in; the fifth ends the session.
ALTER TABLE sessions ADD COLUMN totp_failures BIGINT NOT NULL DEFAULT 0;

-- Tokens expire and may be read-only.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read_write'
    CHECK (scope IN ('read_only', 'read_write'));
-- Tokens made before expiry existed live 90 days from this upgrade, not forever.
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days');
