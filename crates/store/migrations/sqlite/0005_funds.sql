-- Programme funds (measures 1.1, 1.2, 2): programmes, their pools, applications with
-- versions, the ledger that alone moves a pool, and every transition with its comment and
-- file. Keep in step with the other backend's 0005_funds.sql. CHECKs mirror
-- gowest_domain::funds.

CREATE TABLE fund_programmes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('interest_subsidy', 'policy_loan', 'special_fund')),
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    year_from        BIGINT NOT NULL,
    year_to          BIGINT NOT NULL,
    opens_on         TEXT NOT NULL,
    closes_on        TEXT NOT NULL,
    -- gowest_domain::funds::Eligibility as JSON: programme data the ministry edits.
    eligibility      TEXT NOT NULL,
    subsidy_rate_ppm BIGINT CHECK (subsidy_rate_ppm BETWEEN 0 AND 1000000),
    zone_cap_fen     BIGINT CHECK (zone_cap_fen >= 0),
    -- gowest_domain::funds::quota::QuotaRule as JSON.
    quota_rule       TEXT,
    -- When the interest-subsidy quota was split among the approved claims.
    allocated_at     TEXT,
    updated_at       TEXT NOT NULL,
    CHECK (year_to >= year_from),
    CHECK (closes_on >= opens_on)
);

-- Running totals, changed only in the transaction that writes the matching ledger entry,
-- by one conditional UPDATE; the CHECK is the backstop.
CREATE TABLE fund_pools (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  BIGINT NOT NULL UNIQUE REFERENCES fund_programmes (id),
    size_fen      BIGINT NOT NULL CHECK (size_fen >= 0),
    committed_fen BIGINT NOT NULL DEFAULT 0,
    disbursed_fen BIGINT NOT NULL DEFAULT 0,
    CHECK (0 <= disbursed_fen AND disbursed_fen <= committed_fen AND committed_fen <= size_fen)
);

CREATE TABLE fund_applications (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id     BIGINT NOT NULL REFERENCES fund_programmes (id),
    -- The first version's id; set in the transaction that inserts it.
    series_id        BIGINT,
    version          BIGINT NOT NULL CHECK (version >= 1),
    applicant_org_id BIGINT NOT NULL REFERENCES organisations (id),
    zone_id          BIGINT REFERENCES zones (id),
    province_code    TEXT NOT NULL REFERENCES provinces (code),
    region           TEXT NOT NULL CHECK (region IN ('east', 'central', 'west', 'northeast')),
    title            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'province_reviewed', 'approved', 'rejected', 'returned', 'bank_approved', 'bank_declined', 'paid')),
    -- gowest_domain::funds::ApplicationBody as JSON.
    body             TEXT NOT NULL,
    requested_fen    BIGINT NOT NULL CHECK (requested_fen >= 0),
    flagged          BOOLEAN NOT NULL DEFAULT FALSE,
    granted_fen      BIGINT NOT NULL DEFAULT 0,
    committed_fen    BIGINT NOT NULL DEFAULT 0,
    disbursed_fen    BIGINT NOT NULL DEFAULT 0,
    demo             BOOLEAN NOT NULL DEFAULT FALSE,
    created_by       BIGINT REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (series_id, version),
    CHECK (0 <= disbursed_fen AND disbursed_fen <= committed_fen AND committed_fen <= granted_fen)
);
CREATE INDEX fund_applications_programme ON fund_applications (programme_id, status);
CREATE INDEX fund_applications_org ON fund_applications (applicant_org_id);
CREATE INDEX fund_applications_province ON fund_applications (province_code, status);

CREATE TABLE fund_ledger (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id        BIGINT NOT NULL REFERENCES fund_pools (id),
    application_id BIGINT NOT NULL REFERENCES fund_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('commit', 'release', 'disburse')),
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    by_user        BIGINT REFERENCES users (id),
    at             TEXT NOT NULL
);
CREATE INDEX fund_ledger_pool ON fund_ledger (pool_id);
CREATE INDEX fund_ledger_application ON fund_ledger (application_id);

CREATE TABLE fund_transitions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES fund_applications (id),
    action         TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    comment        TEXT,
    attachment_id  BIGINT REFERENCES attachments (id),
    by_user        BIGINT REFERENCES users (id),
    by_org         BIGINT REFERENCES organisations (id),
    at             TEXT NOT NULL
);
CREATE INDEX fund_transitions_application ON fund_transitions (application_id);
