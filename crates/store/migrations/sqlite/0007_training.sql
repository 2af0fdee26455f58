-- Training programmes (issue 6, notice measure 3.1): the yearly national technician target,
-- zone quotas, zone annual plans under province→ministry review, the trainee registry and
-- its per zone×month progress counts. Keep in step with the other backend's 0007_training.sql.
-- CHECKs mirror gowest_domain::training.
--
-- Personal data: a trainee's 身份证号 is never stored. id_digest is its HMAC-SHA-256 under a
-- key derived from the server's audit key (duplicate detection), id_masked the form pages
-- and exports show. Retention: docs/training.md.

CREATE TABLE training_targets (
    year       BIGINT PRIMARY KEY,
    central    BIGINT NOT NULL CHECK (central >= 0),
    west       BIGINT NOT NULL CHECK (west >= 0),
    updated_at TEXT NOT NULL
);

CREATE TABLE training_quotas (
    year    BIGINT NOT NULL,
    zone_id BIGINT NOT NULL REFERENCES zones (id),
    quota   BIGINT NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (year, zone_id)
);

CREATE TABLE training_plans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id     BIGINT NOT NULL REFERENCES zones (id),
    year        BIGINT NOT NULL,
    -- [{"occupation": code, "number": n}, …]
    lines       TEXT NOT NULL,
    institution TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    budget_fen  BIGINT NOT NULL CHECK (budget_fen >= 0),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'province_approved', 'approved', 'returned')),
    reason      TEXT,
    updated_at  TEXT NOT NULL,
    UNIQUE (zone_id, year)
);

CREATE TABLE trainees (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id           BIGINT NOT NULL REFERENCES zones (id),
    name              TEXT NOT NULL,
    id_digest         TEXT NOT NULL UNIQUE,
    id_masked         TEXT NOT NULL,
    occupation        TEXT NOT NULL,
    course            TEXT NOT NULL,
    completed_on      TEXT NOT NULL,
    month             TEXT NOT NULL,
    exam_result       TEXT NOT NULL CHECK (exam_result IN ('pending', 'passed', 'failed')),
    certificate_no    TEXT,
    certificate_level TEXT CHECK (certificate_level IN ('junior', 'intermediate', 'senior', 'technician', 'senior_technician')),
    created_at        TEXT NOT NULL,
    CHECK ((certificate_no IS NULL) = (certificate_level IS NULL)),
    CHECK (certificate_no IS NULL OR exam_result = 'passed')
);
CREATE INDEX trainees_zone ON trainees (zone_id, id);

-- Counts per zone and month, written in the transaction that writes the trainees, so the
-- progress dashboard reads a few thousand rows however many trainees there are.
CREATE TABLE training_progress (
    zone_id   BIGINT NOT NULL REFERENCES zones (id),
    month     TEXT NOT NULL,
    trained   BIGINT NOT NULL CHECK (trained >= 0),
    certified BIGINT NOT NULL CHECK (certified >= 0 AND certified <= trained),
    PRIMARY KEY (zone_id, month)
);
