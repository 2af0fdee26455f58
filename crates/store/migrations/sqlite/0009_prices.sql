-- Agricultural wholesale-market prices (measure 10): the markets that report, their daily
-- price reports, and the daily aggregates the series are read from. Keep in step with the
-- other backend's 0009_prices.sql. CHECKs mirror gowest_domain::prices.

-- A wholesale market (农产品批发市场); its clerks are the writing members of its organisation.
CREATE TABLE wholesale_markets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT REFERENCES organisations (id),
    name_zh       TEXT NOT NULL,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    county        TEXT NOT NULL DEFAULT '',
    pilot         BOOLEAN NOT NULL DEFAULT FALSE,
    demo          BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX wholesale_markets_org ON wholesale_markets (org_id);

-- One report: price in fen per the product's catalogue unit, volume in grams or pieces, and
-- what the clerk typed (unit, price) so the exact conversion can be checked again.
CREATE TABLE price_reports (
    market_id          BIGINT NOT NULL REFERENCES wholesale_markets (id),
    product            TEXT NOT NULL,
    day                TEXT NOT NULL,
    variety            TEXT NOT NULL DEFAULT '',
    grade              TEXT NOT NULL,
    price_fen          BIGINT NOT NULL CHECK (price_fen >= 0),
    volume_base        BIGINT NOT NULL CHECK (volume_base >= 0),
    reported_unit      TEXT NOT NULL,
    reported_price_fen BIGINT NOT NULL CHECK (reported_price_fen >= 0),
    received_at        TEXT NOT NULL,
    late               BOOLEAN NOT NULL,
    PRIMARY KEY (market_id, day, product, variety, grade)
);
CREATE INDEX price_reports_product_day ON price_reports (product, day);

-- Sums per product × province × day, updated in the transaction that writes the reports, so
-- a national series for a year reads at most 365 × 31 small rows.
CREATE TABLE price_daily (
    product          TEXT NOT NULL,
    day              TEXT NOT NULL,
    province_code    TEXT NOT NULL,
    sum_price_volume BIGINT NOT NULL,
    sum_volume       BIGINT NOT NULL,
    sum_price        BIGINT NOT NULL,
    reports          BIGINT NOT NULL,
    PRIMARY KEY (product, day, province_code)
);
