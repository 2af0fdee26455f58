//! Pipeline rows as the database returns them, and their conversion back into the domain's
//! types; a stored value that breaks a rule is reported as corrupt, never guessed at.

use super::{
    CreditCode, DateTime, DuplicateReview, Evidence, Fen, FundsEntry, FundsKind, FundsRef,
    FundsSource, IndustryCode, InvestorOrigin, NaiveDate, PipelineEntry, PipelineKind,
    PipelineRecord, PipelineState, Problem, ProblemStatus, ProvinceCode, Result, Signing, Stage,
    StageDates, Utc, corrupt,
};

pub(super) const RECORD_COLUMNS: &str = "r.id, r.zone_id, r.project_name, r.investor_name, \
    r.investor_credit_code, r.investor_province_code, r.investor_country, r.industry_code, \
    r.kind, r.base_amount_fen, r.stage, r.signed_on, r.landed_on, r.started_on, \
    r.producing_on, r.dropped_on, r.contract_amount_fen, r.drop_reason, r.jobs_created, \
    r.review, r.review_of, r.demo, r.created_at, r.updated_at";

#[derive(sqlx::FromRow)]
pub(super) struct RecordRow {
    pub id: i64,
    zone_id: i64,
    project_name: String,
    investor_name: String,
    investor_credit_code: Option<String>,
    investor_province_code: Option<String>,
    investor_country: Option<String>,
    industry_code: String,
    kind: String,
    base_amount_fen: Option<i64>,
    stage: String,
    signed_on: Option<NaiveDate>,
    landed_on: Option<NaiveDate>,
    started_on: Option<NaiveDate>,
    producing_on: Option<NaiveDate>,
    dropped_on: Option<NaiveDate>,
    contract_amount_fen: Option<i64>,
    drop_reason: Option<String>,
    jobs_created: i64,
    review: String,
    review_of: String,
    demo: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub(super) struct SigningRow {
    pub record_id: i64,
    event_id: Option<i64>,
    signed_on: NaiveDate,
}

#[derive(sqlx::FromRow)]
pub(super) struct FundsRow {
    id: i64,
    pub record_id: i64,
    received_on: NaiveDate,
    source: String,
    kind: String,
    amount_fen: i64,
    attachment_id: Option<i64>,
    file_name: Option<String>,
    sha256: Option<String>,
    bytes: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(super) struct ProblemRow {
    id: i64,
    pub record_id: i64,
    stage: String,
    raised_on: NaiveDate,
    text: String,
    routed_to_org: i64,
    status: String,
    resolution: Option<String>,
    resolved_on: Option<NaiveDate>,
}

fn ids(joined: &str) -> Option<Vec<i64>> {
    joined
        .split(';')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect()
}

impl RecordRow {
    fn review(&self) -> Option<DuplicateReview> {
        let of = ids(&self.review_of)?;
        Some(match (self.review.as_str(), of.as_slice()) {
            ("unflagged", []) => DuplicateReview::Unflagged,
            ("cleared", []) => DuplicateReview::Cleared,
            ("flagged", [_, ..]) => DuplicateReview::Flagged { of },
            ("confirmed_duplicate", [one]) => DuplicateReview::ConfirmedDuplicate { of: *one },
            _ => return None,
        })
    }

    pub(super) fn into_entry(
        self,
        signings: Vec<SigningRow>,
        funds: Vec<FundsRow>,
        problems: Vec<ProblemRow>,
    ) -> Result<PipelineEntry> {
        let id = self.id;
        let bad = |what: &str| corrupt(id, what);
        let kind = match (self.kind.as_str(), self.base_amount_fen) {
            ("new", None) => PipelineKind::New,
            ("capital_increase", Some(base)) => PipelineKind::CapitalIncrease {
                base_amount: Fen(base),
            },
            _ => return Err(bad("kind")),
        };
        let investor_origin = match (&self.investor_province_code, &self.investor_country) {
            (Some(code), None) => InvestorOrigin::Province {
                province_code: ProvinceCode::parse(code).ok_or_else(|| bad("province"))?,
            },
            (None, Some(country)) => InvestorOrigin::Abroad {
                country: country.clone(),
            },
            _ => return Err(bad("investor origin")),
        };
        let review = self.review().ok_or_else(|| bad("review"))?;
        let mut funds_refs = Vec::with_capacity(funds.len());
        let mut funds_entries = Vec::with_capacity(funds.len());
        for f in funds {
            let evidence = match (f.file_name, f.sha256, f.bytes) {
                (Some(file_name), Some(sha256), Some(bytes)) => Some(Evidence {
                    file_name,
                    sha256,
                    bytes: u64::try_from(bytes).map_err(|_| bad("evidence bytes"))?,
                }),
                _ => None,
            };
            funds_refs.push(FundsRef {
                id: f.id,
                attachment_id: f.attachment_id,
            });
            funds_entries.push(FundsEntry {
                received_on: f.received_on,
                source: FundsSource::parse(&f.source).ok_or_else(|| bad("funds source"))?,
                kind: FundsKind::parse(&f.kind).ok_or_else(|| bad("funds kind"))?,
                amount: Fen(f.amount_fen),
                evidence,
            });
        }
        let problem_ids = problems.iter().map(|p| p.id).collect();
        let problems = problems
            .into_iter()
            .map(|p| {
                Ok(Problem {
                    stage: Stage::parse(&p.stage).ok_or_else(|| bad("problem stage"))?,
                    raised_on: p.raised_on,
                    text: p.text,
                    routed_to_org: p.routed_to_org,
                    status: ProblemStatus::parse(&p.status).ok_or_else(|| bad("problem status"))?,
                    resolution: p.resolution,
                    resolved_on: p.resolved_on,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let record = PipelineRecord {
            id,
            zone_id: self.zone_id,
            project_name: self.project_name,
            investor_name: self.investor_name,
            investor_credit_code: self
                .investor_credit_code
                .map(|c| CreditCode::parse(&c).map_err(|_| bad("credit code")))
                .transpose()?,
            state: PipelineState {
                kind,
                stage: Stage::parse(&self.stage).ok_or_else(|| bad("stage"))?,
                dates: StageDates {
                    signed_on: self.signed_on,
                    landed_on: self.landed_on,
                    started_on: self.started_on,
                    producing_on: self.producing_on,
                    dropped_on: self.dropped_on,
                },
                contract_amount: self.contract_amount_fen.map(Fen),
                drop_reason: self.drop_reason,
            },
            signings: signings
                .into_iter()
                .map(|s| Signing {
                    event_id: s.event_id,
                    signed_on: s.signed_on,
                })
                .collect(),
            funds: funds_entries,
            jobs_created: u32::try_from(self.jobs_created).map_err(|_| bad("jobs_created"))?,
            problems,
            review,
        };
        Ok(PipelineEntry {
            record,
            investor_origin,
            industry: IndustryCode::parse(&self.industry_code).ok_or_else(|| bad("industry"))?,
            funds: funds_refs,
            problem_ids,
            demo: self.demo,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
