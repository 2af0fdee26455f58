-- Statistical returns (统计直报): one row per version of one zone's return for one period.
-- A version is never overwritten once accepted; a revision is a new row (version + 1).
-- Values and explanations are JSON objects keyed by the dictionary's field codes: the
-- dictionary is data (data/returns/dictionary.json), so an edition that adds a field needs
-- no migration.
CREATE TABLE statistical_returns (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id          BIGINT NOT NULL REFERENCES zones (id),
    period_kind      TEXT NOT NULL,
    period_year      BIGINT NOT NULL,
    version          BIGINT NOT NULL,
    status           TEXT NOT NULL,
    values_json      TEXT NOT NULL,
    explanations_json TEXT NOT NULL,
    revision_reason  TEXT,
    return_reason    TEXT,
    filed_on         TEXT,
    filed_by         BIGINT REFERENCES users (id),
    returned_at      TEXT,
    returned_by      BIGINT REFERENCES users (id),
    accepted_on      TEXT,
    accepted_by      BIGINT REFERENCES users (id),
    demo             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX statistical_returns_version ON statistical_returns (zone_id, period_kind, period_year, version);
CREATE INDEX statistical_returns_status ON statistical_returns (status, period_year);
