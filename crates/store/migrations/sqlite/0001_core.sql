-- Core: settings, reference data, zones, change log. Keep in step with postgres/0001_core.sql.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE provinces (
    code                  TEXT PRIMARY KEY,
    name_zh               TEXT NOT NULL,
    name_en               TEXT NOT NULL,
    region                TEXT NOT NULL CHECK (region IN ('east', 'central', 'west', 'northeast')),
    western_development   BOOLEAN NOT NULL,
    coastal_economic_zone TEXT
);

CREATE TABLE industries (
    code    TEXT PRIMARY KEY,
    level   TEXT NOT NULL CHECK (level IN ('section', 'division')),
    parent  TEXT REFERENCES industries (code),
    name_zh TEXT NOT NULL,
    name_en TEXT
);

CREATE TABLE ports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh       TEXT NOT NULL UNIQUE,
    name_en       TEXT NOT NULL,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    kind          TEXT NOT NULL CHECK (kind IN ('sea', 'river', 'dry')),
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL
);

CREATE TABLE zones (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh                TEXT NOT NULL UNIQUE,
    name_en                TEXT,
    level                  TEXT NOT NULL,
    province_code          TEXT NOT NULL REFERENCES provinces (code),
    city_zh                TEXT,
    lat                    DOUBLE PRECISION,
    lon                    DOUBLE PRECISION,
    approved_year          BIGINT,
    national_in_2006       BOOLEAN NOT NULL DEFAULT FALSE,
    named_in_notice        BOOLEAN NOT NULL DEFAULT FALSE,
    area_hectares          BIGINT CHECK (area_hectares >= 0),
    land_price_fen_per_m2  BIGINT CHECK (land_price_fen_per_m2 >= 0),
    avg_wage_fen_per_month BIGINT CHECK (avg_wage_fen_per_month >= 0),
    seaport_port_id        BIGINT REFERENCES ports (id),
    seaport_km             BIGINT CHECK (seaport_km >= 0),
    seaport_hours_tenths   BIGINT CHECK (seaport_hours_tenths >= 0),
    contact_name           TEXT,
    contact_phone          TEXT,
    contact_email          TEXT,
    website                TEXT,
    description_zh         TEXT,
    description_en         TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX zones_province ON zones (province_code);

CREATE TABLE zone_industries (
    zone_id       BIGINT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    industry_code TEXT NOT NULL REFERENCES industries (code),
    PRIMARY KEY (zone_id, position)
);
CREATE INDEX zone_industries_code ON zone_industries (industry_code);

-- What changed; other instances poll its row count to refresh their caches and indexes.
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity    TEXT NOT NULL,
    entity_id BIGINT,
    action    TEXT NOT NULL,
    at        TEXT NOT NULL
);
