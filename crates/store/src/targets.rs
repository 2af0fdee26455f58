//! The programme's targets, and the sums of the fund ledger their progress is read from.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::targets::{Comparison, Measure, Period, SourceKind, Target, Unit};

#[derive(sqlx::FromRow)]
struct TargetRow {
    code: String,
    name_zh: String,
    name_en: String,
    unit: String,
    period: String,
    year_from: i64,
    year_to: Option<i64>,
    comparison: String,
    amount: Option<i64>,
    central: Option<i64>,
    west: Option<i64>,
    source_kind: String,
    source_ref: String,
    source_zh: String,
}

const COLUMNS: &str = "code, name_zh, name_en, unit, period, year_from, year_to, comparison, \
    amount, central, west, source_kind, source_ref, source_zh";

fn target(r: TargetRow) -> Result<Target> {
    let bad = |what: String| StoreError::corrupt("programme_targets", what);
    let year = |y: i64| i32::try_from(y).map_err(|_| bad(format!("year {y} of {}", r.code)));
    Ok(Target {
        code: Measure::parse(&r.code).ok_or_else(|| bad(format!("code {}", r.code)))?,
        unit: Unit::parse(&r.unit).ok_or_else(|| bad(format!("unit {}", r.unit)))?,
        period: Period::parse(&r.period).ok_or_else(|| bad(format!("period {}", r.period)))?,
        comparison: Comparison::parse(&r.comparison)
            .ok_or_else(|| bad(format!("comparison {}", r.comparison)))?,
        source_kind: SourceKind::parse(&r.source_kind)
            .ok_or_else(|| bad(format!("source kind {}", r.source_kind)))?,
        year_from: year(r.year_from)?,
        year_to: r.year_to.map(year).transpose()?,
        name_zh: r.name_zh,
        name_en: r.name_en,
        amount: r.amount,
        central: r.central,
        west: r.west,
        source_ref: r.source_ref,
        source_zh: r.source_zh,
    })
}

/// One entry of the fund ledger of a policy-loan pool or an interest subsidy, with the
/// programme's kind and first year and the applicant's province and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    pub programme_kind: String,
    pub programme_year: i32,
    pub at: DateTime<Utc>,
    pub zone_id: Option<i64>,
    pub province: ProvinceCode,
    pub region: Region,
    /// `commit`, `release` or `disburse`.
    pub entry_kind: String,
    pub amount_fen: i64,
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    programme_kind: String,
    programme_year: i64,
    at: DateTime<Utc>,
    zone_id: Option<i64>,
    province_code: String,
    region: String,
    entry_kind: String,
    amount_fen: i64,
}

impl Store {
    /// Every target, in code order.
    pub async fn targets(&self) -> Result<Vec<Target>> {
        let sql = format!("SELECT {COLUMNS} FROM programme_targets ORDER BY code");
        let rows: Vec<TargetRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(target).collect()
    }

    /// The ledger entries of the policy-loan pools and the interest subsidies. Read row by
    /// row (one per commitment or payment, so few) to take the year from a decoded time
    /// rather than from text that differs between the backends.
    pub async fn target_ledger(&self) -> Result<Vec<LedgerLine>> {
        let sql = "SELECT p.kind AS programme_kind, p.year_from AS programme_year, l.at, \
            a.zone_id, a.province_code, a.region, l.kind AS entry_kind, l.amount_fen \
            FROM fund_ledger l \
            JOIN fund_applications a ON a.id = l.application_id \
            JOIN fund_programmes p ON p.id = a.programme_id \
            WHERE p.kind IN ('policy_loan', 'interest_subsidy') ORDER BY l.id";
        let rows: Vec<LedgerRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                let bad = |what: String| StoreError::corrupt("fund_ledger", what);
                Ok(LedgerLine {
                    programme_year: i32::try_from(r.programme_year)
                        .map_err(|_| bad(format!("year {}", r.programme_year)))?,
                    province: ProvinceCode::parse(&r.province_code)
                        .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
                    region: Region::parse(&r.region)
                        .ok_or_else(|| bad(format!("region {}", r.region)))?,
                    at: r.at,
                    zone_id: r.zone_id,
                    programme_kind: r.programme_kind,
                    entry_kind: r.entry_kind,
                    amount_fen: r.amount_fen,
                })
            })
            .collect()
    }
}

impl Tx {
    /// One target as of this transaction.
    pub async fn target(&mut self, code: Measure) -> Result<Target> {
        let sql = format!("SELECT {COLUMNS} FROM programme_targets WHERE code = $1");
        let row: Option<TargetRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(code.code())
            .fetch_optional(c)
            .await?);
        target(row.ok_or(StoreError::NotFound { entity: "target" })?)
    }

    /// Adds a target unless its code exists, so the ministry's edits survive a restart;
    /// whether it was added.
    pub async fn ensure_target(&mut self, t: &Target, now: DateTime<Utc>) -> Result<bool> {
        let sql = format!(
            "INSERT INTO programme_targets ({COLUMNS}, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (code) DO NOTHING"
        );
        let n = on_tx!(self, |c| sqlx::query(&sql)
            .bind(t.code.code())
            .bind(&t.name_zh)
            .bind(&t.name_en)
            .bind(t.unit.code())
            .bind(t.period.code())
            .bind(i64::from(t.year_from))
            .bind(t.year_to.map(i64::from))
            .bind(t.comparison.code())
            .bind(t.amount)
            .bind(t.central)
            .bind(t.west)
            .bind(t.source_kind.code())
            .bind(&t.source_ref)
            .bind(&t.source_zh)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// The ministry's edit: the figures and the years; names and the source stay.
    pub async fn update_target(&mut self, t: &Target, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE programme_targets SET amount = $2, central = $3, west = $4, \
            year_from = $5, year_to = $6, updated_at = $7 WHERE code = $1";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(t.code.code())
            .bind(t.amount)
            .bind(t.central)
            .bind(t.west)
            .bind(i64::from(t.year_from))
            .bind(t.year_to.map(i64::from))
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "target" });
        }
        Ok(())
    }
}
