-- Training (issue 6), continued: roster-import jobs, retention, manager training.
-- Roster imports run as background jobs: the upload answers at once and the page
-- polls the job's state, which lives here so that a poll answered by another instance sees it
-- too. Keep in step with the other backend's 0011_training_jobs.sql.
--
-- problems holds the refusal lines (row and column named, never the 身份证号 itself) as a
-- JSON array of strings; heartbeat_at is renewed while the job runs, so a job whose instance
-- died shows as interrupted rather than running for ever (its transaction never committed).

CREATE TABLE training_import_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id      BIGINT NOT NULL REFERENCES zones (id),
    user_id      BIGINT,
    file_name    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'refused', 'failed')),
    total        BIGINT NOT NULL DEFAULT 0 CHECK (total >= 0),
    done         BIGINT NOT NULL DEFAULT 0 CHECK (done >= 0),
    registered   BIGINT NOT NULL DEFAULT 0 CHECK (registered >= 0),
    problems     TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
CREATE INDEX training_import_jobs_zone ON training_import_jobs (zone_id, id);

-- Retention (docs/training.md): when a trainee's record has been kept 5 years after its
-- programme year, the name and certificate number are erased and the time noted here.
ALTER TABLE trainees ADD COLUMN erased_at TEXT;

-- Manager training (notice 3.2): courses that eastern zones offer on the notice's eight
-- topics (codes of gowest_domain::training::managers::MANAGER_TOPICS), with the training
-- funds granted to each; the managers central and western zones enrol; the host's record of
-- attendance and completion. An enrolment pairs the host zone with the enrolling zone.
CREATE TABLE manager_courses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    host_zone_id BIGINT NOT NULL REFERENCES zones (id),
    topic        TEXT NOT NULL CHECK (topic IN ('state_assets', 'social_security_funds', 'finance_tax', 'investment_promotion', 'land_planning', 'environment', 'energy_saving', 'services')),
    title        TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    seats        BIGINT NOT NULL CHECK (seats > 0),
    funding_fen  BIGINT NOT NULL CHECK (funding_fen >= 0),
    created_at   TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE manager_enrolments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id     BIGINT NOT NULL REFERENCES manager_courses (id),
    zone_id       BIGINT NOT NULL REFERENCES zones (id),
    manager_name  TEXT NOT NULL,
    position      TEXT NOT NULL,
    days_attended BIGINT NOT NULL DEFAULT 0 CHECK (days_attended >= 0),
    completed     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL,
    UNIQUE (course_id, zone_id, manager_name)
);
CREATE INDEX manager_enrolments_zone ON manager_enrolments (zone_id);
