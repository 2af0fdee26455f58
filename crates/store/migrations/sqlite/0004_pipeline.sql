-- The 招商项目全流程 pipeline: 招商 events, records with their stages, signings, funds in
-- place with evidence files, and problems routed to organisations. Keep in step with the
-- other backend's 0004_pipeline.sql. CHECKs mirror gowest_domain::pipeline.

-- A minimal register of 招商 events (expos, 推介会) so a signing can name its event.
CREATE TABLE promotion_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh          TEXT NOT NULL,
    city_zh          TEXT,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    organiser_org_id BIGINT REFERENCES organisations (id),
    demo             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);

-- Uploaded files, kept in the database with their checksum (see docs/architecture.md).
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png',
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
    bytes       BIGINT NOT NULL CHECK (bytes > 0 AND bytes <= 10485760),
    content     BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);

CREATE TABLE pipeline_records (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id                BIGINT NOT NULL REFERENCES zones (id),
    project_name           TEXT NOT NULL,
    investor_name          TEXT NOT NULL,
    investor_credit_code   TEXT CHECK (length(investor_credit_code) = 18),
    -- Exactly one: a province of origin, or the country of a foreign (境外) investor.
    investor_province_code TEXT REFERENCES provinces (code),
    investor_country       TEXT,
    industry_code          TEXT NOT NULL REFERENCES industries (code),
    kind                   TEXT NOT NULL CHECK (kind IN ('new', 'capital_increase')),
    base_amount_fen        BIGINT CHECK (base_amount_fen > 0),
    stage                  TEXT NOT NULL CHECK (stage IN ('negotiating', 'signed', 'landed', 'started', 'producing', 'dropped')),
    signed_on              TEXT,
    landed_on              TEXT,
    started_on             TEXT,
    producing_on           TEXT,
    dropped_on             TEXT,
    contract_amount_fen    BIGINT CHECK (contract_amount_fen > 0),
    drop_reason            TEXT,
    jobs_created           BIGINT NOT NULL DEFAULT 0 CHECK (jobs_created >= 0),
    review                 TEXT NOT NULL CHECK (review IN ('unflagged', 'flagged', 'confirmed_duplicate', 'cleared')),
    -- Ids of the records this one looks like (flagged) or repeats (confirmed), joined by ';'.
    review_of              TEXT NOT NULL DEFAULT '',
    demo                   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK ((investor_province_code IS NULL) <> (investor_country IS NULL)),
    CHECK ((kind = 'new') = (base_amount_fen IS NULL)),
    CHECK ((signed_on IS NULL) = (contract_amount_fen IS NULL)),
    CHECK (landed_on IS NULL OR landed_on >= signed_on),
    CHECK (started_on IS NULL OR started_on >= landed_on),
    CHECK (producing_on IS NULL OR producing_on >= started_on),
    CHECK ((dropped_on IS NULL) = (drop_reason IS NULL)),
    CHECK ((stage = 'dropped') = (dropped_on IS NOT NULL))
);
CREATE INDEX pipeline_records_zone ON pipeline_records (zone_id, stage);
CREATE INDEX pipeline_records_review ON pipeline_records (review);

CREATE TABLE pipeline_signings (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id BIGINT NOT NULL REFERENCES pipeline_records (id),
    event_id  BIGINT REFERENCES promotion_events (id),
    signed_on TEXT NOT NULL,
    UNIQUE (record_id, event_id)
);
CREATE INDEX pipeline_signings_record ON pipeline_signings (record_id);

CREATE TABLE pipeline_funds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     BIGINT NOT NULL REFERENCES pipeline_records (id),
    received_on   TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('foreign', 'other_province', 'other_city_in_province', 'local_city')),
    kind          TEXT NOT NULL CHECK (kind IN ('fixed_assets', 'working_capital')),
    amount_fen    BIGINT NOT NULL CHECK (amount_fen > 0),
    attachment_id BIGINT REFERENCES attachments (id),
    created_at    TEXT NOT NULL
);
CREATE INDEX pipeline_funds_record ON pipeline_funds (record_id);

CREATE TABLE pipeline_problems (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     BIGINT NOT NULL REFERENCES pipeline_records (id),
    stage         TEXT NOT NULL CHECK (stage IN ('negotiating', 'signed', 'landed', 'started', 'producing', 'dropped')),
    raised_on     TEXT NOT NULL,
    text          TEXT NOT NULL,
    routed_to_org BIGINT NOT NULL REFERENCES organisations (id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    resolution    TEXT,
    resolved_on   TEXT,
    raised_by     BIGINT REFERENCES users (id),
    resolved_by   BIGINT REFERENCES users (id),
    CHECK (resolved_on IS NULL OR resolved_on >= raised_on),
    CHECK ((status = 'resolved') = (resolved_on IS NOT NULL AND resolution IS NOT NULL))
);
CREATE INDEX pipeline_problems_record ON pipeline_problems (record_id);
CREATE INDEX pipeline_problems_routed ON pipeline_problems (routed_to_org, status);
