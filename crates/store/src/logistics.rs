//! The logistics network: nodes (hubs and ports) and links (road, rail, river).

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::geo::LatLon;
use gowest_domain::logistics::{ClearanceAgreement, Link, Mode, Node};
use gowest_domain::region::ProvinceCode;

#[derive(sqlx::FromRow)]
struct NodeRow {
    id: i64,
    name_zh: String,
    province_code: String,
    lat: f64,
    lon: f64,
    port_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: i64,
    from_node: i64,
    to_node: i64,
    mode: String,
    corridor: String,
    km: i64,
    hours_tenths: i64,
    cost_fen: i64,
}

const NODES: &str =
    "SELECT id, name_zh, province_code, lat, lon, port_id FROM logistics_nodes ORDER BY id";
const LINKS: &str = "SELECT id, from_node, to_node, mode, corridor, km, hours_tenths, cost_fen \
                     FROM logistics_links ORDER BY id";

fn node(r: NodeRow) -> Result<Node> {
    let bad = |what: String| StoreError::corrupt("logistics_nodes", what);
    Ok(Node {
        province_code: ProvinceCode::parse(&r.province_code)
            .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
        location: LatLon::new(r.lat, r.lon).ok_or_else(|| bad(format!("location of {}", r.id)))?,
        id: r.id,
        name_zh: r.name_zh,
        port_id: r.port_id,
    })
}

fn link(r: LinkRow) -> Result<Link> {
    let bad = |what: String| StoreError::corrupt("logistics_links", what);
    Ok(Link {
        mode: Mode::parse(&r.mode).ok_or_else(|| bad(format!("mode {}", r.mode)))?,
        km: u32::try_from(r.km).map_err(|_| bad(format!("km of {}", r.id)))?,
        hours_tenths: u32::try_from(r.hours_tenths)
            .map_err(|_| bad(format!("hours of {}", r.id)))?,
        id: r.id,
        from_node: r.from_node,
        to_node: r.to_node,
        corridor: r.corridor,
        cost_fen: r.cost_fen,
    })
}

/// A node to add; `port_id` when a port stands there.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNode<'a> {
    pub name_zh: &'a str,
    pub province_code: &'a ProvinceCode,
    pub location: LatLon,
    pub port_id: Option<i64>,
}

impl Store {
    pub async fn logistics_nodes(&self) -> Result<Vec<Node>> {
        let rows: Vec<NodeRow> = on_pool!(self, |p| sqlx::query_as(NODES).fetch_all(p).await?);
        rows.into_iter().map(node).collect()
    }

    pub async fn logistics_links(&self) -> Result<Vec<Link>> {
        let rows: Vec<LinkRow> = on_pool!(self, |p| sqlx::query_as(LINKS).fetch_all(p).await?);
        rows.into_iter().map(link).collect()
    }
}

impl Tx {
    pub async fn logistics_nodes(&mut self) -> Result<Vec<Node>> {
        let rows: Vec<NodeRow> = on_tx!(self, |c| sqlx::query_as(NODES).fetch_all(c).await?);
        rows.into_iter().map(node).collect()
    }

    pub async fn insert_logistics_node(&mut self, n: &NewNode<'_>) -> Result<i64> {
        let sql = "INSERT INTO logistics_nodes (name_zh, province_code, lat, lon, port_id) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(n.name_zh)
            .bind(n.province_code.as_str())
            .bind(n.location.lat)
            .bind(n.location.lon)
            .bind(n.port_id)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn logistics_link(&mut self, id: i64) -> Result<Link> {
        let sql = "SELECT id, from_node, to_node, mode, corridor, km, hours_tenths, cost_fen \
                   FROM logistics_links WHERE id = $1";
        let row: Option<LinkRow> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        link(row.ok_or(StoreError::NotFound {
            entity: "logistics_link",
        })?)
    }

    pub async fn insert_logistics_link(&mut self, l: &Link, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO logistics_links (from_node, to_node, mode, corridor, km, \
                   hours_tenths, cost_fen, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                   RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(l.from_node)
            .bind(l.to_node)
            .bind(l.mode.code())
            .bind(&l.corridor)
            .bind(i64::from(l.km))
            .bind(i64::from(l.hours_tenths))
            .bind(l.cost_fen)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// Replaces link `l.id`'s figures.
    pub async fn update_logistics_link(&mut self, l: &Link, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE logistics_links SET from_node = $1, to_node = $2, mode = $3, \
                   corridor = $4, km = $5, hours_tenths = $6, cost_fen = $7, updated_at = $8 \
                   WHERE id = $9";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(l.from_node)
            .bind(l.to_node)
            .bind(l.mode.code())
            .bind(&l.corridor)
            .bind(i64::from(l.km))
            .bind(i64::from(l.hours_tenths))
            .bind(l.cost_fen)
            .bind(now)
            .bind(l.id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "logistics_link",
            });
        }
        Ok(())
    }

    pub async fn delete_logistics_link(&mut self, id: i64) -> Result<()> {
        let n = on_tx!(self, |c| sqlx::query(
            "DELETE FROM logistics_links WHERE id = $1"
        )
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "logistics_link",
            });
        }
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct ClearanceRow {
    id: i64,
    port_id: i64,
    province_code: String,
    measures: String,
    hours_before_tenths: i64,
    hours_after_tenths: i64,
    signed_on: chrono::NaiveDate,
}

impl Store {
    /// Clearance agreements, newest signing first.
    pub async fn clearance_agreements(&self) -> Result<Vec<ClearanceAgreement>> {
        let sql = "SELECT id, port_id, province_code, measures, hours_before_tenths, \
                   hours_after_tenths, signed_on FROM clearance_agreements \
                   ORDER BY signed_on DESC, id DESC";
        let rows: Vec<ClearanceRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                let bad = |what: String| StoreError::corrupt("clearance_agreements", what);
                Ok(ClearanceAgreement {
                    province_code: ProvinceCode::parse(&r.province_code)
                        .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
                    hours_before_tenths: u32::try_from(r.hours_before_tenths)
                        .map_err(|_| bad(format!("hours of {}", r.id)))?,
                    hours_after_tenths: u32::try_from(r.hours_after_tenths)
                        .map_err(|_| bad(format!("hours of {}", r.id)))?,
                    id: r.id,
                    port_id: r.port_id,
                    measures: r.measures,
                    signed_on: r.signed_on,
                })
            })
            .collect()
    }
}

impl Tx {
    pub async fn insert_clearance_agreement(
        &mut self,
        a: &ClearanceAgreement,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO clearance_agreements (port_id, province_code, measures, \
                   hours_before_tenths, hours_after_tenths, signed_on, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(a.port_id)
            .bind(a.province_code.as_str())
            .bind(&a.measures)
            .bind(i64::from(a.hours_before_tenths))
            .bind(i64::from(a.hours_after_tenths))
            .bind(a.signed_on)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
