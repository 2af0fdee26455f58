-- Agricultural distribution enterprises (农产品流通企业, measure 10 (二)): the register the
-- ministry and the provinces keep beside the wholesale markets, with the pilot flag a fund
-- approval sets. Keep in step with the other backend's 0014_distributors.sql. CHECKs mirror
-- gowest_domain::distributors.
CREATE TABLE agri_distributors (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id              BIGINT REFERENCES organisations (id),
    name_zh             TEXT NOT NULL,
    credit_code         TEXT NOT NULL UNIQUE,
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    county              TEXT NOT NULL DEFAULT '',
    business            TEXT NOT NULL CHECK (business IN ('wholesale', 'chain_retail', 'cold_chain_logistics', 'processing', 'export')),
    annual_turnover_fen BIGINT NOT NULL CHECK (annual_turnover_fen >= 0),
    storage_tonnes      BIGINT NOT NULL CHECK (storage_tonnes >= 0),
    trading_area_m2     BIGINT NOT NULL CHECK (trading_area_m2 >= 0),
    pilot               BOOLEAN NOT NULL DEFAULT FALSE,
    demo                BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at          TEXT NOT NULL
);
CREATE INDEX agri_distributors_province ON agri_distributors (province_code, id);
CREATE INDEX agri_distributors_org ON agri_distributors (org_id);
