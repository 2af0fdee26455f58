-- Industrial transfer: what zones can offer, enterprises and their relocation demand,
-- investment projects. Keep in step with the other backend's 0003_transfer.sql.
ALTER TABLE zones ADD COLUMN labour_available BIGINT CHECK (labour_available >= 0);

CREATE TABLE enterprises (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    credit_code           TEXT NOT NULL UNIQUE,
    name_zh               TEXT NOT NULL,
    name_en               TEXT,
    province_code         TEXT NOT NULL REFERENCES provinces (code),
    industry_code         TEXT NOT NULL REFERENCES industries (code),
    size                  TEXT NOT NULL CHECK (size IN ('large', 'medium', 'small', 'micro')),
    export_share_permille BIGINT NOT NULL CHECK (export_share_permille BETWEEN 0 AND 1000),
    processing_trade      BOOLEAN NOT NULL,
    -- The account holder, once the enterprise has registered.
    org_id                BIGINT UNIQUE REFERENCES organisations (id),
    demo                  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX enterprises_province ON enterprises (province_code);

CREATE TABLE relocation_demands (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    enterprise_id        BIGINT NOT NULL REFERENCES enterprises (id),
    title                TEXT NOT NULL,
    industry_code        TEXT NOT NULL REFERENCES industries (code),
    investment_fen       BIGINT NOT NULL CHECK (investment_fen > 0),
    land_hundredth_mu    BIGINT CHECK (land_hundredth_mu >= 0),
    workforce            BIGINT NOT NULL CHECK (workforce >= 0),
    -- Items joined by ';' (validated items never contain one).
    skills               TEXT NOT NULL,
    power_kva            BIGINT CHECK (power_kva >= 0),
    water_tonnes_per_day BIGINT CHECK (water_tonnes_per_day >= 0),
    -- Region codes joined by ';'; empty means anywhere.
    preferred_regions    TEXT NOT NULL,
    start_by             TEXT,
    description          TEXT,
    -- The enterprise's own factor weights as JSON; NULL means the ministry's defaults.
    weights              TEXT,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    published_at         TEXT,
    demo                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX relocation_demands_enterprise ON relocation_demands (enterprise_id);
CREATE INDEX relocation_demands_status ON relocation_demands (status);

CREATE TABLE demand_ports (
    demand_id BIGINT NOT NULL REFERENCES relocation_demands (id),
    position  BIGINT NOT NULL,
    port_id   BIGINT NOT NULL REFERENCES ports (id),
    PRIMARY KEY (demand_id, position)
);

CREATE TABLE investment_projects (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id           BIGINT NOT NULL REFERENCES zones (id),
    title_zh          TEXT NOT NULL,
    title_en          TEXT,
    industry_code     TEXT NOT NULL REFERENCES industries (code),
    amount_fen        BIGINT NOT NULL CHECK (amount_fen > 0),
    mode              TEXT NOT NULL CHECK (mode IN ('wholly_owned', 'joint_venture', 'cooperative', 'acquisition', 'other')),
    land_hundredth_mu BIGINT CHECK (land_hundredth_mu >= 0),
    incentives        TEXT,
    description       TEXT,
    status            TEXT NOT NULL CHECK (status IN ('open', 'negotiating', 'taken', 'withdrawn')),
    demo              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX investment_projects_zone ON investment_projects (zone_id);
CREATE INDEX investment_projects_status ON investment_projects (status, industry_code);
