-- The programme's targets (issue 17): the notice's figures, added from data/targets.json at
-- start-up when their code is missing and edited by the ministry afterwards. Progress is
-- never stored: it is computed from the records on each request.
CREATE TABLE programme_targets (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (unit IN ('persons', 'fen', 'enterprises', 'expos')),
    period      TEXT NOT NULL CHECK (period IN ('per_year', 'span')),
    year_from   BIGINT NOT NULL,
    year_to     BIGINT,
    comparison  TEXT NOT NULL CHECK (comparison IN ('at_least', 'above')),
    -- In the unit (fen for money); NULL while the figure is still to be entered.
    amount      BIGINT CHECK (amount > 0),
    central     BIGINT CHECK (central > 0),
    west        BIGINT CHECK (west > 0),
    source_kind TEXT NOT NULL CHECK (source_kind IN ('notice', 'programme_name')),
    source_ref  TEXT NOT NULL,
    source_zh   TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK (year_to IS NULL OR year_to >= year_from),
    CHECK ((central IS NULL) = (west IS NULL))
);
