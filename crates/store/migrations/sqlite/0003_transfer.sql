-- Industrial transfer: what zones can offer, enterprises and their relocation demand,
-- investment projects. Keep in step with the other backend's 0003_transfer.sql.
ALTER TABLE zones ADD COLUMN labour_available BIGINT CHECK (labour_available >= 0);
