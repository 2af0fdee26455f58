-- Price tables laid out for ingest (measured: a batch is one market's reports, up to a year
-- of days × every product; see docs/performance.md). Keep in step with the other backend's
-- 0015_prices_clustered.sql.
--
-- 1. The second index on reports is (day, market_id) instead of (product, day). A market's
--    batch lands at one place per day in (day, market_id) — 365 places for a year — but at one
--    place per product and day in (product, day): 12,045 leaf pages rewritten for a year of 33
--    products, nearly the whole index every batch. (day, market_id) also serves the reads by
--    day (who reported, who was late), which (product, day) could not; the recomputation of a
--    product's sums from raw reports (a check, not a page) reads the days' reports instead.
--    The reports stay a rowid table: clustered on their key (WITHOUT ROWID) they inserted
--    about half as fast, each insert moving ~100-byte rows instead of appending.
-- 2. The daily aggregates clustered on their key (WITHOUT ROWID): as a rowid table each row
--    was written twice, in the table and in its primary-key index, and a series read looked
--    every aggregate up in the table through that index. Clustered, a product's year of
--    aggregates is one range. Same columns and key as 0009_prices.sql.

DROP INDEX price_reports_product_day;
CREATE INDEX price_reports_day_market ON price_reports (day, market_id);

CREATE TABLE price_daily_clustered (
    product          TEXT NOT NULL,
    day              TEXT NOT NULL,
    province_code    TEXT NOT NULL,
    sum_price_volume BIGINT NOT NULL,
    sum_volume       BIGINT NOT NULL,
    sum_price        BIGINT NOT NULL,
    reports          BIGINT NOT NULL,
    PRIMARY KEY (product, day, province_code)
) WITHOUT ROWID;
INSERT INTO price_daily_clustered (product, day, province_code, sum_price_volume, sum_volume,
    sum_price, reports)
SELECT product, day, province_code, sum_price_volume, sum_volume, sum_price, reports
FROM price_daily;
DROP TABLE price_daily;
ALTER TABLE price_daily_clustered RENAME TO price_daily;
