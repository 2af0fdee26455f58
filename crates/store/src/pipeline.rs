//! The 招商 pipeline: records with their signings, funds in place and problems.
//! Reads assemble whole records (four queries, one per table); writes change one row.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::ids::CreditCode;
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::pipeline::{
    DuplicateReview, Evidence, FundsEntry, FundsKind, FundsRef, FundsSource, InvestorOrigin,
    PipelineEntry, PipelineKind, PipelineRecord, PipelineState, Problem, ProblemStatus, Signing,
    Stage, StageDates,
};
use gowest_domain::region::ProvinceCode;
use std::collections::HashMap;

mod rows;

use rows::{FundsRow, ProblemRow, RecordRow, SigningRow};

/// Which records to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordSet {
    All,
    One(i64),
    Zone(i64),
    /// The zones of a province (GB/T 2260 code).
    Province(String),
    /// Records with a problem routed to this organisation.
    RoutedTo(i64),
}

enum Arg {
    None,
    Int(i64),
    Text(String),
}

impl RecordSet {
    fn filter(&self) -> (&'static str, Arg) {
        match self {
            RecordSet::All => ("", Arg::None),
            RecordSet::One(id) => ("WHERE r.id = $1", Arg::Int(*id)),
            RecordSet::Zone(id) => ("WHERE r.zone_id = $1", Arg::Int(*id)),
            RecordSet::Province(code) => (
                "WHERE r.zone_id IN (SELECT z.id FROM zones z WHERE z.province_code = $1)",
                Arg::Text(code.clone()),
            ),
            RecordSet::RoutedTo(org) => (
                "WHERE r.id IN (SELECT q.record_id FROM pipeline_problems q \
                 WHERE q.routed_to_org = $1)",
                Arg::Int(*org),
            ),
        }
    }
}

/// The four statements that read a set of records.
struct Queries {
    records: String,
    signings: String,
    funds: String,
    problems: String,
}

impl Queries {
    fn new(filter: &str) -> Queries {
        let of = format!("SELECT r.id FROM pipeline_records r {filter}");
        Queries {
            records: format!(
                "SELECT {} FROM pipeline_records r {filter} ORDER BY r.id",
                rows::RECORD_COLUMNS
            ),
            signings: format!(
                "SELECT record_id, event_id, signed_on FROM pipeline_signings \
                 WHERE record_id IN ({of}) ORDER BY record_id, id"
            ),
            funds: format!(
                "SELECT f.id, f.record_id, f.received_on, f.source, f.kind, f.amount_fen, \
                 f.attachment_id, a.file_name, a.sha256, a.bytes FROM pipeline_funds f \
                 LEFT JOIN attachments a ON a.id = f.attachment_id \
                 WHERE f.record_id IN ({of}) ORDER BY f.record_id, f.id"
            ),
            problems: format!(
                "SELECT id, record_id, stage, raised_on, text, routed_to_org, status, \
                 resolution, resolved_on FROM pipeline_problems \
                 WHERE record_id IN ({of}) ORDER BY record_id, id"
            ),
        }
    }
}

/// Reads `$set` on a pool (`on_pool`) or inside a transaction (`on_tx`).
macro_rules! load_entries {
    ($on:ident, $target:expr, $set:expr) => {{
        let (filter, arg) = $set.filter();
        let q = Queries::new(filter);
        macro_rules! fetch {
            ($sql:expr) => {
                $on!($target, |c| {
                    let query = sqlx::query_as($sql);
                    let query = match &arg {
                        Arg::None => query,
                        Arg::Int(i) => query.bind(*i),
                        Arg::Text(t) => query.bind(t.clone()),
                    };
                    query.fetch_all(c).await?
                })
            };
        }
        let records: Vec<RecordRow> = fetch!(&q.records);
        let signings: Vec<SigningRow> = fetch!(&q.signings);
        let funds: Vec<FundsRow> = fetch!(&q.funds);
        let problems: Vec<ProblemRow> = fetch!(&q.problems);
        assemble(records, signings, funds, problems)
    }};
}

fn group<T>(items: Vec<T>, key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for item in items {
        map.entry(key(&item)).or_default().push(item);
    }
    map
}

fn assemble(
    records: Vec<RecordRow>,
    signings: Vec<SigningRow>,
    funds: Vec<FundsRow>,
    problems: Vec<ProblemRow>,
) -> Result<Vec<PipelineEntry>> {
    let mut signings = group(signings, |s| s.record_id);
    let mut funds = group(funds, |f| f.record_id);
    let mut problems = group(problems, |p| p.record_id);
    records
        .into_iter()
        .map(|row| {
            let id = row.id;
            row.into_entry(
                signings.remove(&id).unwrap_or_default(),
                funds.remove(&id).unwrap_or_default(),
                problems.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}

fn corrupt(id: i64, what: &str) -> StoreError {
    StoreError::corrupt("pipeline_records", format!("{what} of {id}"))
}

fn review_columns(review: &DuplicateReview) -> (&'static str, String) {
    let of = match review {
        DuplicateReview::Flagged { of } => {
            of.iter().map(i64::to_string).collect::<Vec<_>>().join(";")
        }
        DuplicateReview::ConfirmedDuplicate { of } => of.to_string(),
        DuplicateReview::Unflagged | DuplicateReview::Cleared => String::new(),
    };
    (review.code(), of)
}

impl Store {
    pub async fn pipeline_entries(&self, set: &RecordSet) -> Result<Vec<PipelineEntry>> {
        load_entries!(on_pool, self, set)
    }

    pub async fn pipeline_entry(&self, id: i64) -> Result<PipelineEntry> {
        let mut all = self.pipeline_entries(&RecordSet::One(id)).await?;
        all.pop().ok_or(StoreError::NotFound {
            entity: "pipeline record",
        })
    }

    /// Records with a problem still open, for a rebuild of what they wait for.
    pub async fn pipeline_records_with_open_problems(&self) -> Result<Vec<i64>> {
        let sql = "SELECT DISTINCT record_id FROM pipeline_problems WHERE status = 'open' \
                   ORDER BY record_id";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_all(p)
            .await?))
    }

    /// Rows in the pipeline tables (records, signings, funds, problems, attachments):
    /// what tests compare to show that a refused request wrote nothing.
    pub async fn pipeline_row_counts(&self) -> Result<[i64; 5]> {
        let sql = "SELECT (SELECT COUNT(*) FROM pipeline_records), \
            (SELECT COUNT(*) FROM pipeline_signings), (SELECT COUNT(*) FROM pipeline_funds), \
            (SELECT COUNT(*) FROM pipeline_problems), (SELECT COUNT(*) FROM attachments)";
        let row: (i64, i64, i64, i64, i64) =
            on_pool!(self, |p| sqlx::query_as(sql).fetch_one(p).await?);
        Ok([row.0, row.1, row.2, row.3, row.4])
    }
}

impl Tx {
    /// Records read inside the writing transaction, so a check and its write see one state.
    pub async fn pipeline_entries(&mut self, set: &RecordSet) -> Result<Vec<PipelineEntry>> {
        load_entries!(on_tx, self, set)
    }

    pub async fn pipeline_entry(&mut self, id: i64) -> Result<PipelineEntry> {
        let mut all = self.pipeline_entries(&RecordSet::One(id)).await?;
        all.pop().ok_or(StoreError::NotFound {
            entity: "pipeline record",
        })
    }

    /// Inserts a record and its signings; returns its id.
    pub async fn insert_pipeline_record(
        &mut self,
        record: &PipelineRecord,
        origin: &InvestorOrigin,
        industry: &IndustryCode,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO pipeline_records (zone_id, project_name, investor_name, \
            investor_credit_code, investor_province_code, investor_country, industry_code, kind, \
            base_amount_fen, stage, review, demo, created_at, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'negotiating', 'unflagged', $10, $11, $11) \
            RETURNING id";
        let (province, country) = match origin {
            InvestorOrigin::Province { province_code } => (Some(province_code.as_str()), None),
            InvestorOrigin::Abroad { country } => (None, Some(country.as_str())),
        };
        let base = match record.state.kind {
            PipelineKind::New => None,
            PipelineKind::CapitalIncrease { base_amount } => Some(base_amount.0),
        };
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(record.zone_id)
            .bind(&record.project_name)
            .bind(&record.investor_name)
            .bind(record.investor_credit_code.as_ref().map(|c| c.as_str()))
            .bind(province)
            .bind(country)
            .bind(industry.as_str())
            .bind(record.state.kind.code())
            .bind(base)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        let stored = PipelineRecord {
            id,
            ..record.clone()
        };
        self.update_pipeline_record(&stored, now).await?;
        for signing in &record.signings {
            self.insert_pipeline_signing(id, signing).await?;
        }
        Ok(id)
    }

    /// Writes the record's stage, dates, contract, jobs and review.
    pub async fn update_pipeline_record(
        &mut self,
        record: &PipelineRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE pipeline_records SET stage = $1, signed_on = $2, landed_on = $3, \
            started_on = $4, producing_on = $5, dropped_on = $6, contract_amount_fen = $7, \
            drop_reason = $8, jobs_created = $9, review = $10, review_of = $11, updated_at = $12 \
            WHERE id = $13";
        let s = &record.state;
        let (review, review_of) = review_columns(&record.review);
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(s.stage.code())
            .bind(s.dates.signed_on)
            .bind(s.dates.landed_on)
            .bind(s.dates.started_on)
            .bind(s.dates.producing_on)
            .bind(s.dates.dropped_on)
            .bind(s.contract_amount.map(|f| f.0))
            .bind(&s.drop_reason)
            .bind(i64::from(record.jobs_created))
            .bind(review)
            .bind(&review_of)
            .bind(now)
            .bind(record.id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "pipeline record",
            });
        }
        Ok(())
    }

    pub async fn insert_pipeline_signing(&mut self, record_id: i64, s: &Signing) -> Result<()> {
        let sql = "INSERT INTO pipeline_signings (record_id, event_id, signed_on) \
            VALUES ($1, $2, $3)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(record_id)
            .bind(s.event_id)
            .bind(s.signed_on)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn insert_pipeline_funds(
        &mut self,
        record_id: i64,
        entry: &FundsEntry,
        attachment_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO pipeline_funds (record_id, received_on, source, kind, amount_fen, \
            attachment_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(record_id)
            .bind(entry.received_on)
            .bind(entry.source.code())
            .bind(entry.kind.code())
            .bind(entry.amount.0)
            .bind(attachment_id)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    /// Attaches evidence to an entry that has none; the domain refuses replacing it.
    pub async fn set_pipeline_funds_evidence(
        &mut self,
        funds_id: i64,
        attachment_id: i64,
    ) -> Result<()> {
        let sql = "UPDATE pipeline_funds SET attachment_id = $1 \
            WHERE id = $2 AND attachment_id IS NULL";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(attachment_id)
            .bind(funds_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "funds entry",
            });
        }
        Ok(())
    }

    pub async fn insert_pipeline_problem(
        &mut self,
        record_id: i64,
        p: &Problem,
        raised_by: Option<i64>,
    ) -> Result<i64> {
        let sql = "INSERT INTO pipeline_problems (record_id, stage, raised_on, text, \
            routed_to_org, status, raised_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(record_id)
            .bind(p.stage.code())
            .bind(p.raised_on)
            .bind(&p.text)
            .bind(p.routed_to_org)
            .bind(p.status.code())
            .bind(raised_by)
            .fetch_one(c)
            .await?))
    }

    pub async fn resolve_pipeline_problem(
        &mut self,
        problem_id: i64,
        p: &Problem,
        resolved_by: Option<i64>,
    ) -> Result<()> {
        let sql = "UPDATE pipeline_problems SET status = $1, resolution = $2, resolved_on = $3, \
            resolved_by = $4 WHERE id = $5 AND status = 'open'";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(p.status.code())
            .bind(&p.resolution)
            .bind(p.resolved_on)
            .bind(resolved_by)
            .bind(problem_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "problem" });
        }
        Ok(())
    }

    /// The record a problem belongs to.
    pub async fn pipeline_problem_record(&mut self, problem_id: i64) -> Result<i64> {
        let sql = "SELECT record_id FROM pipeline_problems WHERE id = $1";
        let id: Option<i64> = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(problem_id)
            .fetch_optional(c)
            .await?);
        id.ok_or(StoreError::NotFound { entity: "problem" })
    }
}
