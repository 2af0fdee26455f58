-- Rural commerce information (measure 10 (一)): information service stations in central and
-- western townships with their part-time assistants and farmers trained. Keep in step with the
-- other backend's 0010_rural.sql. CHECKs mirror gowest_domain::rural.
CREATE TABLE rural_stations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh         TEXT NOT NULL,
    province_code   TEXT NOT NULL REFERENCES provinces (code),
    county          TEXT NOT NULL,
    township        TEXT NOT NULL,
    opened_on       TEXT NOT NULL,
    assistants      BIGINT NOT NULL CHECK (assistants >= 0),
    farmers_trained BIGINT NOT NULL CHECK (farmers_trained >= 0),
    created_at      TEXT NOT NULL,
    demo            BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (province_code, county, township, name_zh)
);
