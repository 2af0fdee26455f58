//! One project record and the operations on it, each returning a new record.

use super::funds::{Evidence, FundsEntry};
use super::problem::Problem;
use super::screening::{DuplicateKey, DuplicateReview, likely_duplicates};
use super::stage::{self, PipelineKind, PipelineState, Stage, Step};
use super::{not_in_future, text_field};
use crate::error::{FieldError, Validation};
use crate::ids::CreditCode;
use crate::money::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One signing of the project's contract. A project may be signed again at later events
/// (一炮数响); only the credited signing counts, and it is the same whatever order the
/// signings were entered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Signing {
    /// The 招商 event (expo, 推介会), or `None` when signed outside any event.
    pub event_id: Option<i64>,
    pub signed_on: NaiveDate,
}

impl Signing {
    /// The credit goes to the earliest signing; on one day, to one at an event before one
    /// outside any, then to the lowest event id, so the choice never depends on order.
    fn credit_order(&self) -> (NaiveDate, bool, Option<i64>) {
        (self.signed_on, self.event_id.is_none(), self.event_id)
    }
}

/// An investment project in a zone. A change of investor is a new signing and so a new
/// record; the investor of a record never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PipelineRecord {
    pub id: i64,
    pub zone_id: i64,
    pub project_name: String,
    pub investor_name: String,
    pub investor_credit_code: Option<CreditCode>,
    pub state: PipelineState,
    /// Every signing; empty until signed. `state.dates.signed_on` is the credited one's date.
    pub signings: Vec<Signing>,
    pub funds: Vec<FundsEntry>,
    pub jobs_created: u32,
    pub problems: Vec<Problem>,
    pub review: DuplicateReview,
}

const NAME_CHARS: (usize, usize) = (2, 100);

fn one_error(field: &str, code: &'static str, zh: String, en: String) -> Validation {
    Validation(vec![FieldError::new(field, code, zh, en)])
}

fn unknown_index(field: &str, index: usize) -> Validation {
    one_error(
        field,
        "unknown",
        format!("没有第{}条记录", index + 1),
        format!("{field} has no entry {index}"),
    )
}

impl PipelineRecord {
    /// A project under negotiation.
    pub fn new(
        id: i64,
        zone_id: i64,
        project_name: &str,
        investor_name: &str,
        investor_credit_code: Option<CreditCode>,
        kind: PipelineKind,
    ) -> Result<PipelineRecord, Validation> {
        let mut v = Validation::default();
        let project_name = text_field(&mut v, "project_name", "项目名称", project_name, NAME_CHARS);
        let investor_name = text_field(
            &mut v,
            "investor_name",
            "投资方名称",
            investor_name,
            NAME_CHARS,
        );
        if let PipelineKind::CapitalIncrease { base_amount } = kind
            && base_amount.0 <= 0
        {
            v.push(FieldError::new(
                "base_amount",
                "not_positive",
                "增资项目的原投资额须大于零",
                "base_amount of a capital increase must be positive",
            ));
        }
        match (project_name, investor_name) {
            (Some(project_name), Some(investor_name)) if v.is_empty() => Ok(PipelineRecord {
                id,
                zone_id,
                project_name,
                investor_name,
                investor_credit_code,
                state: PipelineState::new(kind),
                signings: Vec::new(),
                funds: Vec::new(),
                jobs_created: 0,
                problems: Vec::new(),
                review: DuplicateReview::Unflagged,
            }),
            _ => Err(v),
        }
    }

    /// Moves the project (see [`stage::advance`]); the move that signs records its signing.
    pub fn advance(&self, step: &Step, today: NaiveDate) -> Result<PipelineRecord, Validation> {
        let state = stage::advance(&self.state, step, today)?;
        let mut next = self.clone();
        if self.state.dates.signed_on.is_none() && state.dates.signed_on.is_some() {
            next.signings.push(Signing {
                event_id: step.event_id,
                signed_on: step.on,
            });
        }
        next.state = state;
        Ok(next)
    }

    /// Records another signing of the signed project, at another event. It adds nothing to
    /// any figure; if it is the earliest, it takes the credit and the signing date.
    pub fn add_signing(
        &self,
        signing: Signing,
        today: NaiveDate,
    ) -> Result<PipelineRecord, Validation> {
        let mut v = Validation::default();
        let Some(first) = self.state.dates.signed_on else {
            return Err(one_error(
                "stage",
                "not_signed",
                "项目尚未签约".into(),
                "the project is not signed yet".into(),
            ));
        };
        not_in_future(&mut v, "signed_on", "签约日期", signing.signed_on, today);
        if signing.event_id.is_some()
            && self.signings.iter().any(|s| s.event_id == signing.event_id)
        {
            v.push(FieldError::new(
                "event_id",
                "duplicate_event",
                "该活动的签约已登记",
                "a signing at this event is already recorded",
            ));
        }
        let mut next = self.clone();
        next.signings.push(signing);
        next.state.dates.signed_on = Some(first.min(signing.signed_on));
        v.finish(next)
    }

    pub fn add_funds(
        &self,
        entry: FundsEntry,
        today: NaiveDate,
    ) -> Result<PipelineRecord, Validation> {
        let mut v = Validation::default();
        entry.check(&mut v, &self.state, today);
        let mut next = self.clone();
        next.funds.push(entry);
        v.finish(next)
    }

    /// Attaches evidence to an unverified entry; evidence once attached is not replaced.
    pub fn attach_evidence(
        &self,
        index: usize,
        evidence: Evidence,
    ) -> Result<PipelineRecord, Validation> {
        let mut next = self.clone();
        let Some(entry) = next.funds.get_mut(index) else {
            return Err(unknown_index("funds", index));
        };
        if entry.evidence.is_some() {
            return Err(one_error(
                "evidence",
                "already_attached",
                "该笔资金已有证明材料".into(),
                "this entry already has evidence".into(),
            ));
        }
        let mut v = Validation::default();
        evidence.check(&mut v);
        entry.evidence = Some(evidence);
        v.finish(next)
    }

    /// Reports the jobs created so far, between stage moves. A project that has not landed has
    /// no workplace in the zone yet, so it has created no jobs there.
    pub fn report_jobs(&self, jobs: u32) -> Result<PipelineRecord, Validation> {
        if self.state.dates.date_of(Stage::Landed).is_none() {
            return Err(one_error(
                "jobs_created",
                "not_landed",
                "项目落地后才能填报新增就业".into(),
                "jobs can be reported once the project has landed".into(),
            ));
        }
        let mut next = self.clone();
        next.jobs_created = jobs;
        Ok(next)
    }

    /// Raises a problem at the project's current stage.
    pub fn raise_problem(
        &self,
        text: &str,
        routed_to_org: i64,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<PipelineRecord, Validation> {
        let problem = Problem::raise(self.state.stage, text, routed_to_org, on, today)?;
        let mut next = self.clone();
        next.problems.push(problem);
        Ok(next)
    }

    pub fn resolve_problem(
        &self,
        index: usize,
        resolution: &str,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<PipelineRecord, Validation> {
        let mut next = self.clone();
        let Some(problem) = next.problems.get_mut(index) else {
            return Err(unknown_index("problems", index));
        };
        *problem = problem.resolve(resolution, on, today)?;
        Ok(next)
    }

    /// What screening compares.
    pub fn duplicate_key(&self) -> DuplicateKey {
        DuplicateKey {
            id: self.id,
            investor_credit_code: self.investor_credit_code.clone(),
            investor_name: self.investor_name.clone(),
            project_name: self.project_name.clone(),
            event_id: self.credited_signing().and_then(|s| s.event_id),
        }
    }

    /// Screens the record against the others and flags what looks like the same project.
    pub fn screen(&self, others: &[DuplicateKey]) -> PipelineRecord {
        let found = likely_duplicates(&self.duplicate_key(), others);
        PipelineRecord {
            review: self.review.after_screening(&found),
            ..self.clone()
        }
    }

    pub fn confirm_duplicate(&self, of: i64) -> Result<PipelineRecord, Validation> {
        Ok(PipelineRecord {
            review: self.review.confirm(self.id, of)?,
            ..self.clone()
        })
    }

    pub fn clear_duplicate(&self) -> Result<PipelineRecord, Validation> {
        Ok(PipelineRecord {
            review: self.review.clear()?,
            ..self.clone()
        })
    }

    /// The signing the project is credited to: the first (see [`Signing`]).
    pub fn credited_signing(&self) -> Option<&Signing> {
        self.signings.iter().min_by_key(|s| s.credit_order())
    }

    /// The amount this record adds to the signed amount: the contract, or for 增资 only the
    /// increase; zero before signing and for a confirmed duplicate.
    pub fn counted_amount(&self) -> Fen {
        if self.review.excluded() {
            return Fen(0);
        }
        self.state
            .contract_amount
            .and_then(|c| self.state.kind.counted(c))
            .unwrap_or_default()
    }
}

#[cfg(test)]
pub(super) mod tests;
