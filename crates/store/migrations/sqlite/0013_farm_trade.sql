-- Supply–demand matching for farm products (购销对接, measure 10): offers to sell or buy a
-- catalogue product, and the deals that draw them down. Keep in step with the other backend's
-- 0013_farm_trade.sql. CHECKs mirror gowest_domain::farm_trade: a deal can never leave an offer
-- below zero, even if two deals race.
CREATE TABLE farm_offers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES organisations (id),
    side            TEXT NOT NULL CHECK (side IN ('sell', 'buy')),
    product         TEXT NOT NULL,
    quantity_base   BIGINT NOT NULL CHECK (quantity_base > 0),
    remaining_base  BIGINT NOT NULL CHECK (remaining_base >= 0 AND remaining_base <= quantity_base),
    price_fen       BIGINT CHECK (price_fen >= 0),
    province_code   TEXT NOT NULL REFERENCES provinces (code),
    county          TEXT,
    available_from  TEXT NOT NULL,
    available_to    TEXT NOT NULL CHECK (available_to >= available_from),
    created_by      BIGINT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    demo            BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX farm_offers_open ON farm_offers (product, side, remaining_base);

CREATE TABLE farm_deals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    sell_offer_id   BIGINT NOT NULL REFERENCES farm_offers (id),
    buy_offer_id    BIGINT NOT NULL REFERENCES farm_offers (id),
    product         TEXT NOT NULL,
    quantity_base   BIGINT NOT NULL CHECK (quantity_base > 0),
    price_fen       BIGINT NOT NULL CHECK (price_fen >= 0),
    deal_on         TEXT NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    demo            BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX farm_deals_sell ON farm_deals (sell_offer_id);
CREATE INDEX farm_deals_buy ON farm_deals (buy_offer_id);
