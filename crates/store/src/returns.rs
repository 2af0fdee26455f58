//! Statistical returns (统计直报): every version of every zone's return, with who filed,
//! returned and accepted it. Values and explanations are stored as JSON objects keyed by
//! the dictionary's field codes (the dictionary is data, so a new field needs no migration).

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::returns::period::{Period, PeriodKind};
use gowest_domain::returns::workflow::Status;
use gowest_domain::returns::zone_return::{Values, ZoneReturn};
use std::collections::BTreeMap;

/// One stored version of a return, with the people behind its moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReturn {
    pub id: i64,
    pub ret: ZoneReturn,
    pub filed_by: Option<i64>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<i64>,
    pub accepted_by: Option<i64>,
    pub demo: bool,
    pub updated_at: DateTime<Utc>,
}

/// Which returns a list holds. `province` keeps the zones of one province.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnFilter {
    pub zone_id: Option<i64>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub status: Option<Status>,
}

/// A filed return waiting on its zone's province: what a "filed, awaiting review" to-do
/// needs (the record, the zone, the province that acts, and since when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitingReview {
    pub id: i64,
    pub zone_id: i64,
    pub province_code: String,
    pub period: Period,
    pub version: u32,
    pub filed_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ReturnRow {
    id: i64,
    zone_id: i64,
    period_kind: String,
    period_year: i64,
    version: i64,
    status: String,
    values_json: String,
    explanations_json: String,
    revision_reason: Option<String>,
    return_reason: Option<String>,
    filed_on: Option<NaiveDate>,
    filed_by: Option<i64>,
    returned_at: Option<DateTime<Utc>>,
    returned_by: Option<i64>,
    accepted_on: Option<NaiveDate>,
    accepted_by: Option<i64>,
    demo: bool,
    updated_at: DateTime<Utc>,
}

const TABLE: &str = "statistical_returns";

fn period_of(id: i64, kind: &str, year: i64) -> Result<Period> {
    let kind = PeriodKind::parse(kind)
        .ok_or_else(|| StoreError::corrupt(TABLE, format!("period kind of {id}")))?;
    let year =
        i32::try_from(year).map_err(|_| StoreError::corrupt(TABLE, format!("year of {id}")))?;
    Ok(Period::new(kind, year))
}

impl ReturnRow {
    fn into_stored(self) -> Result<StoredReturn> {
        let id = self.id;
        let bad = |what: &str| StoreError::corrupt(TABLE, format!("{what} of {id}"));
        let values: Values = serde_json::from_str(&self.values_json).map_err(|_| bad("values"))?;
        let explanations: BTreeMap<String, String> =
            serde_json::from_str(&self.explanations_json).map_err(|_| bad("explanations"))?;
        Ok(StoredReturn {
            id,
            ret: ZoneReturn {
                zone_id: self.zone_id,
                period: period_of(id, &self.period_kind, self.period_year)?,
                version: u32::try_from(self.version).map_err(|_| bad("version"))?,
                status: Status::parse(&self.status).ok_or_else(|| bad("status"))?,
                values,
                explanations,
                revision_reason: self.revision_reason,
                return_reason: self.return_reason,
                filed_on: self.filed_on,
                accepted_on: self.accepted_on,
            },
            filed_by: self.filed_by,
            returned_at: self.returned_at,
            returned_by: self.returned_by,
            accepted_by: self.accepted_by,
            demo: self.demo,
            updated_at: self.updated_at,
        })
    }
}

const COLUMNS: &str = "r.id, r.zone_id, r.period_kind, r.period_year, r.version, r.status, \
    r.values_json, r.explanations_json, r.revision_reason, r.return_reason, r.filed_on, \
    r.filed_by, r.returned_at, r.returned_by, r.accepted_on, r.accepted_by, r.demo, r.updated_at";

/// Only the newest version of each zone's return for a period.
const LATEST: &str = "NOT EXISTS (SELECT 1 FROM statistical_returns n WHERE n.zone_id = r.zone_id \
    AND n.period_kind = r.period_kind AND n.period_year = r.period_year AND n.version > r.version)";

fn json_text<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt(TABLE, e.to_string()))
}

fn rows_into(rows: Vec<ReturnRow>) -> Result<Vec<StoredReturn>> {
    rows.into_iter().map(ReturnRow::into_stored).collect()
}

/// The list's query: the newest version of each return matching `filter`, by period
/// (newest first), then zone.
fn list_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM statistical_returns r JOIN zones z ON z.id = r.zone_id \
         WHERE {LATEST} AND ($1 IS NULL OR r.zone_id = $1) AND ($2 IS NULL OR z.province_code = $2) \
         AND ($3 IS NULL OR r.period_year = $3) AND ($4 IS NULL OR r.status = $4) \
         ORDER BY r.period_year DESC, r.period_kind, r.zone_id"
    )
}

impl Store {
    /// The newest version of each return in `filter`.
    #[tracing::instrument(skip(self))]
    pub async fn statistical_returns(&self, filter: &ReturnFilter) -> Result<Vec<StoredReturn>> {
        let sql = list_sql();
        let rows: Vec<ReturnRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(filter.zone_id)
            .bind(filter.province.as_deref())
            .bind(filter.year.map(i64::from))
            .bind(filter.status.map(|s| s.code()))
            .fetch_all(p)
            .await?);
        rows_into(rows)
    }

    /// Every return whose newest version is filed and waits on the zone's province, oldest
    /// filing first: the queue a "filed, awaiting review" to-do is opened from.
    #[tracing::instrument(skip(self))]
    pub async fn returns_awaiting_review(&self) -> Result<Vec<AwaitingReview>> {
        let sql = format!(
            "SELECT r.id, r.zone_id, z.province_code, r.period_kind, r.period_year, r.version, \
             r.filed_on FROM statistical_returns r JOIN zones z ON z.id = r.zone_id \
             WHERE r.status = $1 AND {LATEST} ORDER BY r.filed_on, r.id"
        );
        type Row = (i64, i64, String, String, i64, i64, Option<NaiveDate>);
        let rows: Vec<Row> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(Status::Filed.code())
            .fetch_all(p)
            .await?);
        rows.into_iter()
            .map(
                |(id, zone_id, province_code, kind, year, version, filed_on)| {
                    Ok(AwaitingReview {
                        id,
                        zone_id,
                        province_code,
                        period: period_of(id, &kind, year)?,
                        version: u32::try_from(version)
                            .map_err(|_| StoreError::corrupt(TABLE, format!("version of {id}")))?,
                        filed_on,
                    })
                },
            )
            .collect()
    }
}

impl Tx {
    /// One version by id.
    #[tracing::instrument(skip(self))]
    pub async fn statistical_return(&mut self, id: i64) -> Result<StoredReturn> {
        let sql = format!("SELECT {COLUMNS} FROM statistical_returns r WHERE r.id = $1");
        let row: Option<ReturnRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "statistical return",
        })?
        .into_stored()
    }

    /// Every version of one zone's return for one period, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn return_versions(
        &mut self,
        zone_id: i64,
        period: Period,
    ) -> Result<Vec<StoredReturn>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM statistical_returns r WHERE r.zone_id = $1 \
             AND r.period_kind = $2 AND r.period_year = $3 ORDER BY r.version"
        );
        let rows: Vec<ReturnRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(zone_id)
            .bind(period.kind().code())
            .bind(i64::from(period.year()))
            .fetch_all(c)
            .await?);
        rows_into(rows)
    }

    /// The values of the accepted version that counts (the highest accepted one), if any:
    /// the comparison figures of the checks.
    #[tracing::instrument(skip(self))]
    pub async fn accepted_return_values(
        &mut self,
        zone_id: i64,
        period: Period,
    ) -> Result<Option<Values>> {
        let sql = "SELECT values_json FROM statistical_returns WHERE zone_id = $1 \
            AND period_kind = $2 AND period_year = $3 AND status = $4 ORDER BY version DESC LIMIT 1";
        let text: Option<String> = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(zone_id)
            .bind(period.kind().code())
            .bind(i64::from(period.year()))
            .bind(Status::Accepted.code())
            .fetch_optional(c)
            .await?);
        text.map(|t| {
            serde_json::from_str(&t).map_err(|_| {
                StoreError::corrupt(TABLE, format!("values of zone {zone_id} {period}"))
            })
        })
        .transpose()
    }

    /// The organisations a zone's return concerns: the zone's own and its province's
    /// commerce department, each when it exists.
    #[tracing::instrument(skip(self))]
    pub async fn return_orgs(&mut self, zone_id: i64) -> Result<(Option<i64>, Option<i64>)> {
        let zone_sql = "SELECT id FROM organisations WHERE zone_id = $1";
        let zone_org: Option<i64> = on_tx!(self, |c| sqlx::query_scalar(zone_sql)
            .bind(zone_id)
            .fetch_optional(c)
            .await?);
        let province_sql = "SELECT o.id FROM organisations o JOIN zones z \
            ON z.province_code = o.province_code WHERE z.id = $1 AND o.kind = 'province' \
            ORDER BY o.id LIMIT 1";
        let province_org: Option<i64> = on_tx!(self, |c| sqlx::query_scalar(province_sql)
            .bind(zone_id)
            .fetch_optional(c)
            .await?);
        Ok((zone_org, province_org))
    }

    /// Stores a new version; a second row for the same zone, period and version is a
    /// conflict on `statistical_returns_version`.
    #[tracing::instrument(skip(self, r))]
    pub async fn insert_return(&mut self, r: &StoredReturn, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO statistical_returns (zone_id, period_kind, period_year, version, \
            status, values_json, explanations_json, revision_reason, return_reason, filed_on, \
            filed_by, returned_at, returned_by, accepted_on, accepted_by, demo, created_at, \
            updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
            $15, $16, $17, $17) RETURNING id";
        let values = json_text(&r.ret.values)?;
        let explanations = json_text(&r.ret.explanations)?;
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(r.ret.zone_id)
            .bind(r.ret.period.kind().code())
            .bind(i64::from(r.ret.period.year()))
            .bind(i64::from(r.ret.version))
            .bind(r.ret.status.code())
            .bind(&values)
            .bind(&explanations)
            .bind(&r.ret.revision_reason)
            .bind(&r.ret.return_reason)
            .bind(r.ret.filed_on)
            .bind(r.filed_by)
            .bind(r.returned_at)
            .bind(r.returned_by)
            .bind(r.ret.accepted_on)
            .bind(r.accepted_by)
            .bind(r.demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// Saves a version's status, values and moves. Only a version whose status is still
    /// `expected` is changed, so two reviewers acting at once cannot both move it; `false`
    /// when it had moved.
    #[tracing::instrument(skip(self, r))]
    pub async fn update_return(
        &mut self,
        r: &StoredReturn,
        expected: Status,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = "UPDATE statistical_returns SET status = $1, values_json = $2, \
            explanations_json = $3, revision_reason = $4, return_reason = $5, filed_on = $6, \
            filed_by = $7, returned_at = $8, returned_by = $9, accepted_on = $10, \
            accepted_by = $11, updated_at = $12 WHERE id = $13 AND status = $14";
        let values = json_text(&r.ret.values)?;
        let explanations = json_text(&r.ret.explanations)?;
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(r.ret.status.code())
            .bind(&values)
            .bind(&explanations)
            .bind(&r.ret.revision_reason)
            .bind(&r.ret.return_reason)
            .bind(r.ret.filed_on)
            .bind(r.filed_by)
            .bind(r.returned_at)
            .bind(r.returned_by)
            .bind(r.ret.accepted_on)
            .bind(r.accepted_by)
            .bind(now)
            .bind(r.id)
            .bind(expected.code())
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }
}
