-- Accounts (issue 16): one-time password links, password history and age, pending grants.
-- Keep in step with the other backend's 0018_accounts.sql.

-- When the password was last set; older than the expiry setting means "change it now".
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
UPDATE users SET password_changed_at = updated_at;

-- Earlier password hashes (argon2), so a new password can be refused as a reuse.
CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

-- A link that lets its holder set the account's password once. Only the SHA-256 of the
-- token is kept, so the table gives no usable link.
CREATE TABLE password_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'welcome')),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_links_user ON password_links (user_id);

-- A privileged membership the system administrator asked for, waiting for the security
-- administrator: no one person makes a privileged account.
CREATE TABLE pending_grants (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    org_id       BIGINT NOT NULL REFERENCES organisations (id),
    role         TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'read_only')),
    requested_by BIGINT REFERENCES users (id),
    requested_at TEXT NOT NULL,
    decision     TEXT CHECK (decision IN ('approved', 'refused')),
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TEXT
);
CREATE INDEX pending_grants_open ON pending_grants (decision, id);
