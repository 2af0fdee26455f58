-- Logistics channels (measure 6): the network's nodes (hubs and ports) and the links between
-- them, loaded from data/ once and edited by the ministry after. Keep in step with the other
-- backend's 0008_logistics.sql. CHECKs mirror gowest_domain::logistics.

CREATE TABLE logistics_nodes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh       TEXT NOT NULL UNIQUE,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    -- The port standing at this node; at most one node per port.
    port_id       BIGINT UNIQUE REFERENCES ports (id)
);

-- Travelled both ways with the same figures; hours in tenths, cost per container in fen.
CREATE TABLE logistics_links (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    from_node    BIGINT NOT NULL REFERENCES logistics_nodes (id),
    to_node      BIGINT NOT NULL REFERENCES logistics_nodes (id),
    mode         TEXT NOT NULL CHECK (mode IN ('road', 'rail', 'river')),
    corridor     TEXT NOT NULL DEFAULT '',
    km           BIGINT NOT NULL CHECK (km > 0),
    hours_tenths BIGINT NOT NULL CHECK (hours_tenths > 0),
    cost_fen     BIGINT NOT NULL CHECK (cost_fen >= 0),
    updated_at   TEXT NOT NULL,
    CHECK (from_node <> to_node)
);
CREATE INDEX logistics_links_from ON logistics_links (from_node);
CREATE INDEX logistics_links_to ON logistics_links (to_node);
