-- Logistics channels (measure 6): the network's nodes (hubs and ports) and the links between
-- them, loaded from data/ once and edited by the ministry after. Keep in step with the other
-- backend's 0008_logistics.sql. CHECKs mirror gowest_domain::logistics.

CREATE TABLE logistics_nodes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh       TEXT NOT NULL UNIQUE,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    -- The port standing at this node; at most one node per port.
    port_id       BIGINT UNIQUE REFERENCES ports (id)
);

-- Travelled both ways with the same figures; hours in tenths, cost per container in fen.
CREATE TABLE logistics_links (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    from_node    BIGINT NOT NULL REFERENCES logistics_nodes (id),
    to_node      BIGINT NOT NULL REFERENCES logistics_nodes (id),
    mode         TEXT NOT NULL CHECK (mode IN ('road', 'rail', 'river')),
    corridor     TEXT NOT NULL DEFAULT '',
    km           BIGINT NOT NULL CHECK (km > 0),
    hours_tenths BIGINT NOT NULL CHECK (hours_tenths > 0),
    cost_fen     BIGINT NOT NULL CHECK (cost_fen >= 0),
    updated_at   TEXT NOT NULL,
    CHECK (from_node <> to_node)
);
CREATE INDEX logistics_links_from ON logistics_links (from_node);
CREATE INDEX logistics_links_to ON logistics_links (to_node);

-- Service-outsourcing bases (measure 7, module `outsourcing`): one migration number for
-- issue 8. Lists (languages, services) are stored joined by ';' — they are read whole.
CREATE TABLE outsourcing_bases (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh       TEXT NOT NULL UNIQUE,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    city_zh       TEXT NOT NULL,
    companies     BIGINT NOT NULL CHECK (companies >= 0),
    staff         BIGINT NOT NULL CHECK (staff >= 0),
    languages     TEXT NOT NULL DEFAULT '',
    services      TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Offshore-outsourcing demand posted by a company (its organisation when posted signed in).
CREATE TABLE outsourcing_demands (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT REFERENCES organisations (id),
    company      TEXT NOT NULL,
    service      TEXT NOT NULL CHECK (service IN ('ito', 'bpo', 'kpo')),
    languages    TEXT NOT NULL DEFAULT '',
    staff_needed BIGINT NOT NULL CHECK (staff_needed > 0),
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

-- Labour cooperation (measure 8, module `labour`): labour-export bases and overseas
-- contracting projects looking for workers. Occupations joined by ';'.
CREATE TABLE labour_bases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh           TEXT NOT NULL UNIQUE,
    province_code     TEXT NOT NULL REFERENCES provinces (code),
    county            TEXT NOT NULL DEFAULT '',
    workers_available BIGINT NOT NULL CHECK (workers_available >= 0),
    trained_per_year  BIGINT NOT NULL CHECK (trained_per_year >= 0),
    training_support  TEXT NOT NULL DEFAULT '',
    occupations       TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE overseas_projects (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh        TEXT NOT NULL,
    contractor     TEXT NOT NULL,
    country        TEXT NOT NULL,
    occupations    TEXT NOT NULL,
    workers_needed BIGINT NOT NULL CHECK (workers_needed > 0),
    starts_on      TEXT,
    created_at     TEXT NOT NULL
);

-- Recycling pilots (measure 9, module `recycling`): volumes as JSON {material: kg a year},
-- energy saved in kg of coal equivalent; the funded project is a fund application.
CREATE TABLE recycling_pilots (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh             TEXT NOT NULL UNIQUE,
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    kind                TEXT NOT NULL CHECK (kind IN ('city', 'zone')),
    stations            BIGINT NOT NULL CHECK (stations >= 0),
    volumes_kg          TEXT NOT NULL,
    energy_saved_kgce   BIGINT NOT NULL CHECK (energy_saved_kgce >= 0),
    fund_application_id BIGINT REFERENCES fund_applications (id),
    updated_at          TEXT NOT NULL
);

-- Clearance-cooperation agreements (大通关) between a coastal port and an interior province;
-- clearance hours per container before and after, in tenths.
CREATE TABLE clearance_agreements (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    port_id             BIGINT NOT NULL REFERENCES ports (id),
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    measures            TEXT NOT NULL,
    hours_before_tenths BIGINT NOT NULL CHECK (hours_before_tenths >= 0),
    hours_after_tenths  BIGINT NOT NULL CHECK (hours_after_tenths >= 0),
    signed_on           TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
