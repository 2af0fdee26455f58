-- East–west cooperation and investment-promotion events (issue 7): agreements with their
-- parties, milestones and links; co-built parks with their own sharing ledger; event
-- programmes extending the pipeline's promotion_events (one notion of event, so a signing
-- credited to an event is the pipeline's); registrations, meeting requests, the timetable.
-- Keep in step with the other backend's 0006_cooperation.sql. CHECKs mirror
-- gowest_domain::cooperation and gowest_domain::events.

CREATE TABLE agreements (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                  TEXT NOT NULL CHECK (kind IN ('industrial_transfer', 'mutual_parks', 'other')),
    title                 TEXT NOT NULL,
    lead_zone_id          BIGINT NOT NULL REFERENCES zones (id),
    signed_on             TEXT NOT NULL,
    content               TEXT NOT NULL,
    target_enterprises    BIGINT NOT NULL CHECK (target_enterprises >= 0),
    target_investment_fen BIGINT NOT NULL CHECK (target_investment_fen >= 0),
    target_jobs           BIGINT NOT NULL CHECK (target_jobs >= 0),
    ministry_support      TEXT,
    demo                  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

CREATE TABLE agreement_partners (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    zone_id      BIGINT NOT NULL REFERENCES zones (id),
    PRIMARY KEY (agreement_id, zone_id)
);
CREATE INDEX agreement_partners_zone ON agreement_partners (zone_id);

CREATE TABLE agreement_milestones (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    title        TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
    done_on      TEXT,
    note         TEXT,
    CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX agreement_milestones_agreement ON agreement_milestones (agreement_id);

-- Relocated enterprises and pipeline projects brought by an agreement; a project is
-- credited to one agreement at most.
CREATE TABLE agreement_enterprises (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    org_id       BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, org_id)
);
CREATE TABLE agreement_projects (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    record_id    BIGINT NOT NULL UNIQUE REFERENCES pipeline_records (id),
    PRIMARY KEY (agreement_id, record_id)
);

CREATE TABLE cobuilt_parks (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh           TEXT NOT NULL,
    host_zone_id      BIGINT NOT NULL REFERENCES zones (id),
    partner_zone_id   BIGINT NOT NULL REFERENCES zones (id),
    agreement_id      BIGINT REFERENCES agreements (id),
    model             TEXT NOT NULL CHECK (model IN ('joint', 'partner_managed', 'joint_company', 'host_managed')),
    partner_tax_bp    BIGINT NOT NULL CHECK (partner_tax_bp BETWEEN 0 AND 10000),
    partner_output_bp BIGINT NOT NULL CHECK (partner_output_bp BETWEEN 0 AND 10000),
    established_on    TEXT NOT NULL,
    demo              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TEXT NOT NULL,
    CHECK (host_zone_id <> partner_zone_id)
);

CREATE TABLE park_enterprises (
    park_id BIGINT NOT NULL REFERENCES cobuilt_parks (id),
    org_id  BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (park_id, org_id)
);

-- The sharing ledger: apart from every statistic of the host zone, which never reads it.
CREATE TABLE park_sharing_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    park_id     BIGINT NOT NULL REFERENCES cobuilt_parks (id),
    year        BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('tax', 'output')),
    total_fen   BIGINT NOT NULL CHECK (total_fen >= 0),
    partner_fen BIGINT NOT NULL CHECK (partner_fen >= 0),
    host_fen    BIGINT NOT NULL CHECK (host_fen >= 0),
    created_by  BIGINT REFERENCES users (id),
    created_at  TEXT NOT NULL,
    CHECK (partner_fen + host_fen = total_fen)
);
CREATE INDEX park_sharing_entries_park ON park_sharing_entries (park_id);

-- What an event run through the events module adds to the pipeline's promotion_events row.
CREATE TABLE event_programmes (
    event_id          BIGINT PRIMARY KEY REFERENCES promotion_events (id),
    kind              TEXT NOT NULL CHECK (kind IN ('expo', 'domestic', 'eastbound_trip', 'abroad')),
    venue_zh          TEXT,
    description       TEXT,
    meeting_on        TEXT NOT NULL,
    first_slot        TEXT NOT NULL,
    slot_minutes      BIGINT NOT NULL CHECK (slot_minutes BETWEEN 10 AND 120),
    slots             BIGINT NOT NULL CHECK (slots BETWEEN 1 AND 128),
    tables_count      BIGINT NOT NULL CHECK (tables_count >= 1),
    registration_open BOOLEAN NOT NULL DEFAULT FALSE,
    scheduled_at      TEXT
);

CREATE TABLE event_registrations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      BIGINT NOT NULL REFERENCES promotion_events (id),
    org_id        BIGINT NOT NULL REFERENCES organisations (id),
    contact_name  TEXT NOT NULL,
    contact_title TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    created_at    TEXT NOT NULL,
    UNIQUE (event_id, org_id)
);

CREATE TABLE meeting_requests (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id             BIGINT NOT NULL REFERENCES promotion_events (id),
    from_registration_id BIGINT NOT NULL REFERENCES event_registrations (id),
    to_registration_id   BIGINT NOT NULL REFERENCES event_registrations (id),
    priority             BIGINT NOT NULL CHECK (priority BETWEEN 1 AND 3),
    message              TEXT,
    created_at           TEXT NOT NULL,
    UNIQUE (from_registration_id, to_registration_id),
    CHECK (from_registration_id <> to_registration_id)
);
CREATE INDEX meeting_requests_event ON meeting_requests (event_id);

-- The timetable of the last scheduler run, replaced whole by the next.
CREATE TABLE event_meetings (
    event_id          BIGINT NOT NULL REFERENCES promotion_events (id),
    slot              BIGINT NOT NULL,
    table_no          BIGINT NOT NULL,
    a_registration_id BIGINT NOT NULL REFERENCES event_registrations (id),
    b_registration_id BIGINT NOT NULL REFERENCES event_registrations (id),
    PRIMARY KEY (event_id, slot, table_no),
    UNIQUE (event_id, slot, a_registration_id),
    UNIQUE (event_id, slot, b_registration_id)
);
