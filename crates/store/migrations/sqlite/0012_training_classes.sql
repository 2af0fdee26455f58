-- Ministry classes (notice 3.3), issue 6: a yearly demand survey of central and western
-- zones, the classes the ministry plans from it with the zones it invites, enrolment within
-- the seats, completion. Topics are the codes of
-- gowest_domain::training::managers::MANAGER_TOPICS. Keep in step with the other backend's
-- 0012_training_classes.sql.

CREATE TABLE class_surveys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    year       BIGINT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- One answer per zone and topic; answering again replaces it.
CREATE TABLE class_demands (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id  BIGINT NOT NULL REFERENCES class_surveys (id),
    zone_id    BIGINT NOT NULL REFERENCES zones (id),
    topic      TEXT NOT NULL,
    people     BIGINT NOT NULL CHECK (people > 0),
    months     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (survey_id, zone_id, topic)
);

CREATE TABLE ministry_classes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id  BIGINT NOT NULL REFERENCES class_surveys (id),
    topic      TEXT NOT NULL,
    title      TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    place      TEXT NOT NULL,
    seats      BIGINT NOT NULL CHECK (seats > 0),
    created_at TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE ministry_class_zones (
    class_id BIGINT NOT NULL REFERENCES ministry_classes (id),
    zone_id  BIGINT NOT NULL REFERENCES zones (id),
    PRIMARY KEY (class_id, zone_id)
);

CREATE TABLE ministry_class_enrolments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id     BIGINT NOT NULL REFERENCES ministry_classes (id),
    zone_id      BIGINT NOT NULL REFERENCES zones (id),
    manager_name TEXT NOT NULL,
    position     TEXT NOT NULL,
    completed    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TEXT NOT NULL,
    UNIQUE (class_id, zone_id, manager_name)
);
