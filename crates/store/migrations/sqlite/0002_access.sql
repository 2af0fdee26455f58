-- Organisations, accounts, sessions, login attempts, API tokens and the audit log.
-- Keep in step with the other backend's 0002_access.sql.
CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('ministry', 'province', 'zone', 'enterprise', 'promotion_agency', 'bank')),
    name_zh       TEXT NOT NULL,
    name_en       TEXT,
    province_code TEXT REFERENCES provinces (code),
    zone_id       BIGINT UNIQUE REFERENCES zones (id),
    credit_code   TEXT UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'suspended')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX organisations_kind ON organisations (kind, status);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    -- One column: a user can hold at most one of the three administrator duties.
    duty                 TEXT CHECK (duty IN ('system', 'security', 'audit')),
    totp_secret          TEXT,
    -- The last 30-second step whose code was accepted: a code is good once (RFC 6238 §5.2).
    totp_last_step       BIGINT,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    demo                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id),
    org_id  BIGINT NOT NULL REFERENCES organisations (id),
    role    TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'read_only')),
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org ON memberships (org_id);

-- The id is the SHA-256 of the cookie's token: a stolen table holds no usable session.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    org_id       BIGINT REFERENCES organisations (id),
    csrf_token   TEXT NOT NULL,
    -- Administrators act only after their second factor; until then this is true.
    second_factor_pending BOOLEAN NOT NULL DEFAULT FALSE,
    -- A TOTP secret offered for enrolment, kept until the user confirms a code from it.
    enrolling_totp_secret TEXT,
    ip           TEXT,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    username TEXT NOT NULL,
    ip       TEXT,
    success  BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    org_id       BIGINT REFERENCES organisations (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- Append-only: ids are assigned in chain order under a lock; triggers refuse changes.
CREATE TABLE audit_log (
    id            BIGINT PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_name    TEXT NOT NULL,
    org_id        BIGINT,
    ip            TEXT,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT,
    before_data   TEXT,
    after_data    TEXT,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_name, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
