-- Price tables laid out for ingest. Keep in step with the other backend's
-- 0015_prices_clustered.sql (which also clusters SQLite's daily aggregates on their key; PostgreSQL
-- tables are heaps, there is nothing to cluster).
--
-- The second index on reports is (day, market_id) instead of (product, day): a market's batch
-- (up to a year of days × every product) lands at one place per day in (day, market_id) but at
-- one place per product and day in (product, day), which rewrote most of that index's pages
-- every batch. (day, market_id) also serves the reads by day (who reported, who was late).
DROP INDEX price_reports_product_day;
CREATE INDEX price_reports_day_market ON price_reports (day, market_id);

-- Room on each page of the daily aggregates, so the upsert that adds a later market's reports
-- to a day's sums can rewrite the row on its own page (a HOT update) without a new
-- primary-key index entry. Applies to pages written from now on.
ALTER TABLE price_daily SET (fillfactor = 70);
