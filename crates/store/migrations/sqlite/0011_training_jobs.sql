-- Training (issue 6), continued. Roster imports run as background jobs: the upload answers at once and the page
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
