//! Funds rows as the database returns them, and their conversion back into the domain's
//! types; a stored value that breaks a rule is reported as corrupt, never guessed at.

use super::ApplicationFilter;
use crate::{Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::funds::application::Status;
use gowest_domain::funds::interest::Ppm;
use gowest_domain::funds::pool::Totals;
use gowest_domain::funds::{Application, Programme, ProgrammeKind, ProgrammePool, Transition};
use gowest_domain::money::Fen;
use gowest_domain::region::{ProvinceCode, Region};

pub(super) const PROGRAMME_COLUMNS: &str = "p.id, p.code, p.kind, p.name_zh, p.name_en, p.year_from, \
    p.year_to, p.opens_on, p.closes_on, p.eligibility, p.subsidy_rate_ppm, p.zone_cap_fen, p.quota_rule, \
    p.allocated_at, f.id AS pool_id, f.size_fen, f.committed_fen, f.disbursed_fen";
pub(super) const PROGRAMME_FROM: &str =
    "FROM fund_programmes p JOIN fund_pools f ON f.programme_id = p.id";

pub(super) const APPLICATION_COLUMNS: &str = "a.id, a.programme_id, a.series_id, a.version, \
    a.applicant_org_id, a.zone_id, a.province_code, a.region, a.title, a.status, a.body, a.requested_fen, \
    a.flagged, a.granted_fen, a.committed_fen, a.disbursed_fen, a.demo, a.created_at, a.updated_at";

fn corrupt(table: &'static str, id: i64, what: &str) -> StoreError {
    StoreError::corrupt(table, format!("{what} of {id}"))
}

#[derive(sqlx::FromRow)]
pub(super) struct ProgrammeRow {
    id: i64,
    code: String,
    kind: String,
    name_zh: String,
    name_en: String,
    year_from: i64,
    year_to: i64,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    eligibility: String,
    subsidy_rate_ppm: Option<i64>,
    zone_cap_fen: Option<i64>,
    quota_rule: Option<String>,
    allocated_at: Option<DateTime<Utc>>,
    pool_id: i64,
    size_fen: i64,
    committed_fen: i64,
    disbursed_fen: i64,
}

impl ProgrammeRow {
    pub(super) fn into_domain(self) -> Result<ProgrammePool> {
        let id = self.id;
        let bad = |what| corrupt("fund_programmes", id, what);
        let quota_rule = match &self.quota_rule {
            Some(q) => Some(serde_json::from_str(q).map_err(|_| bad("quota_rule"))?),
            None => None,
        };
        Ok(ProgrammePool {
            programme: Programme {
                id,
                kind: ProgrammeKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
                code: self.code,
                name_zh: self.name_zh,
                name_en: self.name_en,
                year_from: i32::try_from(self.year_from).map_err(|_| bad("year_from"))?,
                year_to: i32::try_from(self.year_to).map_err(|_| bad("year_to"))?,
                opens_on: self.opens_on,
                closes_on: self.closes_on,
                eligibility: serde_json::from_str(&self.eligibility)
                    .map_err(|_| bad("eligibility"))?,
                subsidy_rate: self.subsidy_rate_ppm.map(Ppm),
                zone_cap: self.zone_cap_fen.map(Fen),
                quota_rule,
            },
            pool_id: self.pool_id,
            totals: Totals {
                size: Fen(self.size_fen),
                committed: Fen(self.committed_fen),
                disbursed: Fen(self.disbursed_fen),
            },
            allocated: self.allocated_at.is_some(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ApplicationRow {
    id: i64,
    programme_id: i64,
    series_id: Option<i64>,
    version: i64,
    applicant_org_id: i64,
    zone_id: Option<i64>,
    province_code: String,
    region: String,
    title: String,
    status: String,
    body: String,
    requested_fen: i64,
    flagged: bool,
    granted_fen: i64,
    committed_fen: i64,
    disbursed_fen: i64,
    demo: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ApplicationRow {
    pub(super) fn into_domain(self) -> Result<Application> {
        let id = self.id;
        let bad = |what| corrupt("fund_applications", id, what);
        Ok(Application {
            id,
            programme_id: self.programme_id,
            series_id: self.series_id.ok_or_else(|| bad("series_id"))?,
            version: self.version,
            applicant_org_id: self.applicant_org_id,
            zone_id: self.zone_id,
            province_code: ProvinceCode::parse(&self.province_code)
                .ok_or_else(|| bad("province_code"))?,
            region: Region::parse(&self.region).ok_or_else(|| bad("region"))?,
            title: self.title,
            status: Status::parse(&self.status).ok_or_else(|| bad("status"))?,
            body: serde_json::from_str(&self.body).map_err(|_| bad("body"))?,
            requested: Fen(self.requested_fen),
            flagged: self.flagged,
            granted: Fen(self.granted_fen),
            committed: Fen(self.committed_fen),
            disbursed: Fen(self.disbursed_fen),
            demo: self.demo,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct TransitionRow {
    action: String,
    from_status: String,
    to_status: String,
    comment: Option<String>,
    attachment_id: Option<i64>,
    by_user: Option<i64>,
    at: DateTime<Utc>,
}

impl TransitionRow {
    pub(super) fn into_domain(self) -> Result<Transition> {
        let bad = |s: &str| StoreError::corrupt("fund_transitions", format!("status {s}"));
        Ok(Transition {
            from_status: Status::parse(&self.from_status).ok_or_else(|| bad(&self.from_status))?,
            to_status: Status::parse(&self.to_status).ok_or_else(|| bad(&self.to_status))?,
            action: self.action,
            comment: self.comment,
            attachment_id: self.attachment_id,
            by_user: self.by_user,
            at: self.at,
        })
    }
}

pub(super) enum Bind {
    Int(i64),
    Text(String),
}

/// The statement and its arguments for a filter; statuses are codes from a fixed set, so
/// they are bound one placeholder each.
pub(super) fn application_query(f: &ApplicationFilter) -> (String, Vec<Bind>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    let next = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if let Some(p) = f.programme_id {
        clauses.push(format!(
            "a.programme_id = {}",
            next(Bind::Int(p), &mut binds)
        ));
    }
    if let Some(o) = f.applicant_org_id {
        clauses.push(format!(
            "a.applicant_org_id = {}",
            next(Bind::Int(o), &mut binds)
        ));
    }
    if let Some(code) = &f.province_code {
        clauses.push(format!(
            "a.province_code = {}",
            next(Bind::Text(code.clone()), &mut binds)
        ));
    }
    if !f.statuses.is_empty() {
        let marks: Vec<String> = f
            .statuses
            .iter()
            .map(|s| next(Bind::Text(s.code().to_owned()), &mut binds))
            .collect();
        clauses.push(format!("a.status IN ({})", marks.join(", ")));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (
        format!("SELECT {APPLICATION_COLUMNS} FROM fund_applications a {filter} ORDER BY a.id"),
        binds,
    )
}
