//! Wholesale markets that report prices.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use gowest_domain::markets::Market;
use gowest_domain::region::ProvinceCode;

#[derive(sqlx::FromRow)]
struct MarketRow {
    id: i64,
    org_id: Option<i64>,
    name_zh: String,
    province_code: String,
    county: String,
    pilot: bool,
}

impl MarketRow {
    fn into_domain(self) -> Result<Market> {
        let province_code =
            ProvinceCode::parse(&self.province_code).ok_or_else(|| StoreError::Corrupt {
                table: "wholesale_markets",
                detail: format!("province code {}", self.province_code),
            })?;
        Ok(Market {
            id: self.id,
            org_id: self.org_id,
            name_zh: self.name_zh,
            province_code,
            county: self.county,
            pilot: self.pilot,
        })
    }
}

const COLUMNS: &str = "id, org_id, name_zh, province_code, county, pilot";

impl Store {
    pub async fn markets(&self) -> Result<Vec<Market>> {
        let sql = format!("SELECT {COLUMNS} FROM wholesale_markets ORDER BY province_code, id");
        let rows: Vec<MarketRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(MarketRow::into_domain).collect()
    }

    /// One market, read outside any transaction.
    pub async fn market(&self, id: i64) -> Result<Market> {
        let sql = format!("SELECT {COLUMNS} FROM wholesale_markets WHERE id = $1");
        let row: Option<MarketRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "market" })?
            .into_domain()
    }

    pub async fn markets_of_org(&self, org_id: i64) -> Result<Vec<Market>> {
        let sql = format!("SELECT {COLUMNS} FROM wholesale_markets WHERE org_id = $1 ORDER BY id");
        let rows: Vec<MarketRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org_id)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(MarketRow::into_domain).collect()
    }
}

impl Tx {
    pub async fn market(&mut self, id: i64) -> Result<Market> {
        let sql = format!("SELECT {COLUMNS} FROM wholesale_markets WHERE id = $1");
        let row: Option<MarketRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "market" })?
            .into_domain()
    }

    /// Rewrites a market's register fields; false when it does not exist.
    pub async fn update_market(&mut self, market: &Market) -> Result<bool> {
        let sql = "UPDATE wholesale_markets SET org_id = $1, name_zh = $2, province_code = $3, \
                   county = $4, pilot = $5 WHERE id = $6";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(market.org_id)
            .bind(&market.name_zh)
            .bind(market.province_code.as_str())
            .bind(&market.county)
            .bind(market.pilot)
            .bind(market.id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    pub async fn insert_market(&mut self, market: &Market, demo: bool) -> Result<i64> {
        let sql = "INSERT INTO wholesale_markets (org_id, name_zh, province_code, county, pilot, demo) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(market.org_id)
            .bind(&market.name_zh)
            .bind(market.province_code.as_str())
            .bind(&market.county)
            .bind(market.pilot)
            .bind(demo)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
