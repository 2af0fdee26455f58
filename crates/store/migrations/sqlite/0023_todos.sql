-- To-dos: what each organisation is waited on for, projected from the records by the
-- event log (see app/src/todos.rs). A projection: it can be rebuilt from the records at
-- any time, so it carries no audit rows of its own.
CREATE TABLE todos (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    org_id        BIGINT NOT NULL REFERENCES organisations (id),
    -- Who supervises the owner: its province (zones, enterprises) and its tier (0 ministry,
    -- 1 province, bank or agency, 2 zone or enterprise).
    org_province  TEXT,
    org_tier      INTEGER NOT NULL,
    entity        TEXT NOT NULL,
    record_id     BIGINT NOT NULL,
    title         TEXT NOT NULL,
    link          TEXT NOT NULL,
    since         TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    ministry_on   TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    closed_at     TEXT
);
-- At most one open item per kind, organisation and record.
CREATE UNIQUE INDEX todos_open_once ON todos (kind, org_id, entity, record_id) WHERE closed_at IS NULL;
-- An organisation's open list (soonest due first) and its counts by kind, each read from
-- the index alone; its done list, newest first.
CREATE INDEX todos_open_of_org ON todos (org_id, due_on, id) WHERE closed_at IS NULL;
CREATE INDEX todos_open_kinds ON todos (org_id, kind, due_on, closed_at) WHERE closed_at IS NULL;
CREATE INDEX todos_done_of_org ON todos (org_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX todos_of_record ON todos (entity, record_id) WHERE closed_at IS NULL;
CREATE INDEX todos_raised ON todos (org_tier, org_province, due_on) WHERE closed_at IS NULL;
CREATE INDEX todos_ministry ON todos (ministry_on) WHERE closed_at IS NULL;

-- How far each projection has read the event log.
CREATE TABLE projection_cursors (
    name          TEXT PRIMARY KEY,
    last_event_id BIGINT NOT NULL
);
