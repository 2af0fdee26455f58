//! Agricultural distribution enterprises (农产品流通企业) and the pilot flag of the register.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::distributors::{Business, Distributor};
use gowest_domain::ids::CreditCode;
use gowest_domain::money::Fen;
use gowest_domain::region::ProvinceCode;

/// What a list asks for; the caller bounds `limit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistributorFilter {
    pub province_code: Option<String>,
    pub business: Option<Business>,
    pub pilot: Option<bool>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: Option<i64>,
    name_zh: String,
    credit_code: String,
    province_code: String,
    county: String,
    business: String,
    annual_turnover_fen: i64,
    storage_tonnes: i64,
    trading_area_m2: i64,
    pilot: bool,
    demo: bool,
}

impl Row {
    fn into_domain(self) -> Result<Distributor> {
        let bad = |detail: String| StoreError::Corrupt {
            table: "agri_distributors",
            detail,
        };
        Ok(Distributor {
            id: self.id,
            org_id: self.org_id,
            credit_code: CreditCode::parse(&self.credit_code)
                .map_err(|_| bad(format!("credit code {}", self.credit_code)))?,
            province_code: ProvinceCode::parse(&self.province_code)
                .ok_or_else(|| bad(format!("province code {}", self.province_code)))?,
            business: Business::parse(&self.business)
                .ok_or_else(|| bad(format!("business {}", self.business)))?,
            name_zh: self.name_zh,
            county: self.county,
            annual_turnover: Fen(self.annual_turnover_fen),
            storage_tonnes: self.storage_tonnes,
            trading_area_m2: self.trading_area_m2,
            pilot: self.pilot,
            demo: self.demo,
        })
    }
}

const COLUMNS: &str = "id, org_id, name_zh, credit_code, province_code, county, business, \
    annual_turnover_fen, storage_tonnes, trading_area_m2, pilot, demo";

/// One WHERE for every filter: an absent value matches everything.
const WHERE: &str = "($1 IS NULL OR province_code = $1) AND ($2 IS NULL OR business = $2) \
    AND ($3 IS NULL OR pilot = $3)";

impl Store {
    /// One page of the register, by province then id, and how many match in all.
    pub async fn distributors(&self, f: &DistributorFilter) -> Result<(Vec<Distributor>, i64)> {
        let sql = format!(
            "SELECT {COLUMNS} FROM agri_distributors WHERE {WHERE} \
             ORDER BY province_code, id LIMIT $4 OFFSET $5"
        );
        let business = f.business.map(Business::code);
        let rows: Vec<Row> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(f.province_code.as_deref())
            .bind(business)
            .bind(f.pilot)
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(p)
            .await?);
        let count_sql = format!("SELECT COUNT(*) FROM agri_distributors WHERE {WHERE}");
        let total: i64 = on_pool!(self, |p| sqlx::query_scalar(&count_sql)
            .bind(f.province_code.as_deref())
            .bind(business)
            .bind(f.pilot)
            .fetch_one(p)
            .await?);
        Ok((
            rows.into_iter()
                .map(Row::into_domain)
                .collect::<Result<_>>()?,
            total,
        ))
    }

    /// Distributors and pilots per province: (province, distributors, pilots).
    pub async fn distributor_counts(&self) -> Result<Vec<(String, i64, i64)>> {
        let sql = "SELECT province_code, COUNT(*), SUM(CASE WHEN pilot THEN 1 ELSE 0 END) \
                   FROM agri_distributors GROUP BY province_code ORDER BY province_code";
        let rows: Vec<(String, i64, i64)> =
            on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        Ok(rows)
    }
}

impl Tx {
    pub async fn distributor(&mut self, id: i64) -> Result<Distributor> {
        let sql = format!("SELECT {COLUMNS} FROM agri_distributors WHERE id = $1");
        let row: Option<Row> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "distributor",
        })?
        .into_domain()
    }

    /// The distributor registered with a credit code, if any.
    pub async fn distributor_with_code(&mut self, code: &str) -> Result<Option<i64>> {
        let sql = "SELECT id FROM agri_distributors WHERE credit_code = $1";
        let id: Option<i64> = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(code)
            .fetch_optional(c)
            .await?);
        Ok(id)
    }

    /// Inserts each distributor (a duplicate credit code is a conflict); returns their ids.
    pub async fn insert_distributors(
        &mut self,
        all: &[Distributor],
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let sql = "INSERT INTO agri_distributors (org_id, name_zh, credit_code, province_code, county, \
                   business, annual_turnover_fen, storage_tonnes, trading_area_m2, pilot, demo, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
        let mut ids = Vec::with_capacity(all.len());
        for d in all {
            let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
                .bind(d.org_id)
                .bind(&d.name_zh)
                .bind(d.credit_code.as_str())
                .bind(d.province_code.as_str())
                .bind(&d.county)
                .bind(d.business.code())
                .bind(d.annual_turnover.0)
                .bind(d.storage_tonnes)
                .bind(d.trading_area_m2)
                .bind(d.pilot)
                .bind(d.demo)
                .bind(now)
                .fetch_one(c)
                .await?);
            ids.push(id);
        }
        Ok(ids)
    }

    /// Rewrites one distributor's fields (not its demo mark); false when it does not exist.
    pub async fn update_distributor(
        &mut self,
        d: &Distributor,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = "UPDATE agri_distributors SET org_id = $1, name_zh = $2, credit_code = $3, \
                   province_code = $4, county = $5, business = $6, annual_turnover_fen = $7, \
                   storage_tonnes = $8, trading_area_m2 = $9, pilot = $10, updated_at = $11 WHERE id = $12";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(d.org_id)
            .bind(&d.name_zh)
            .bind(d.credit_code.as_str())
            .bind(d.province_code.as_str())
            .bind(&d.county)
            .bind(d.business.code())
            .bind(d.annual_turnover.0)
            .bind(d.storage_tonnes)
            .bind(d.trading_area_m2)
            .bind(d.pilot)
            .bind(now)
            .bind(d.id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Marks the markets and distributors of an organisation as pilots (an approved pilot
    /// application); returns how many rows changed.
    pub async fn mark_pilots_of_org(&mut self, org_id: i64) -> Result<u64> {
        let mut changed = 0;
        for table in ["wholesale_markets", "agri_distributors"] {
            let sql = format!("UPDATE {table} SET pilot = TRUE WHERE org_id = $1 AND NOT pilot");
            changed += on_tx!(self, |c| sqlx::query(&sql)
                .bind(org_id)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(changed)
    }
}
