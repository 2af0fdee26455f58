//! The stages of a project and the one rule for moving between them.

use super::{coded_enum, not_in_future, text_field};
use crate::error::{FieldError, Validation};
use crate::money::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    /// Where a project stands. The first five are a line, in this order; 终止 leaves the
    /// line from any stage before 投产.
    pub enum Stage {
        /// 在谈: under negotiation, nothing signed.
        Negotiating => ("negotiating", "在谈", "Negotiating"),
        /// 签约: a contract with an amount is signed.
        Signed => ("signed", "签约", "Signed"),
        /// 落地: the company is registered in the zone and has land or premises.
        Landed => ("landed", "落地", "Landed"),
        /// 开工: construction has started.
        Started => ("started", "开工", "Started"),
        /// 投产: production has started; the end of the line.
        Producing => ("producing", "投产", "Producing"),
        /// 终止: dropped, with a reason.
        Dropped => ("dropped", "终止", "Dropped"),
    }
}

impl Stage {
    /// The position on the line (在谈 = 0 … 投产 = 4); `None` for 终止, which is off it.
    pub fn progress(self) -> Option<u8> {
        match self {
            Stage::Negotiating => Some(0),
            Stage::Signed => Some(1),
            Stage::Landed => Some(2),
            Stage::Started => Some(3),
            Stage::Producing => Some(4),
            Stage::Dropped => None,
        }
    }

    /// Nothing follows 投产 or 终止.
    pub fn is_terminal(self) -> bool {
        matches!(self, Stage::Producing | Stage::Dropped)
    }

    /// The API name of the date this stage sets (`stage` for 在谈, which sets none).
    fn date_field(self) -> &'static str {
        match self {
            Stage::Negotiating => "stage",
            Stage::Signed => "signed_on",
            Stage::Landed => "landed_on",
            Stage::Started => "started_on",
            Stage::Producing => "producing_on",
            Stage::Dropped => "dropped_on",
        }
    }
}

/// The day each stage was reached. A date is set exactly when the stage was reached, so
/// "ever signed" is `signed_on.is_some()` even for a project dropped later.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageDates {
    pub signed_on: Option<NaiveDate>,
    pub landed_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub producing_on: Option<NaiveDate>,
    pub dropped_on: Option<NaiveDate>,
}

impl StageDates {
    pub fn date_of(&self, stage: Stage) -> Option<NaiveDate> {
        match stage {
            Stage::Negotiating => None,
            Stage::Signed => self.signed_on,
            Stage::Landed => self.landed_on,
            Stage::Started => self.started_on,
            Stage::Producing => self.producing_on,
            Stage::Dropped => self.dropped_on,
        }
    }

    fn slot(&mut self, stage: Stage) -> Option<&mut Option<NaiveDate>> {
        match stage {
            Stage::Negotiating => None,
            Stage::Signed => Some(&mut self.signed_on),
            Stage::Landed => Some(&mut self.landed_on),
            Stage::Started => Some(&mut self.started_on),
            Stage::Producing => Some(&mut self.producing_on),
            Stage::Dropped => Some(&mut self.dropped_on),
        }
    }

    /// The last date set: no later stage may be dated before it.
    pub fn latest(&self) -> Option<NaiveDate> {
        Stage::ALL.into_iter().filter_map(|s| self.date_of(s)).max()
    }
}

/// New investment, or a capital increase (增资) of an existing one, which counts only the
/// added amount: contract − base, which must be positive. A change of investor is neither:
/// it is a new signing and is entered as a new record of kind `New`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PipelineKind {
    New,
    CapitalIncrease { base_amount: Fen },
}

impl PipelineKind {
    pub fn code(self) -> &'static str {
        match self {
            PipelineKind::New => "new",
            PipelineKind::CapitalIncrease { .. } => "capital_increase",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            PipelineKind::New => "新建",
            PipelineKind::CapitalIncrease { .. } => "增资",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            PipelineKind::New => "New investment",
            PipelineKind::CapitalIncrease { .. } => "Capital increase",
        }
    }

    /// The amount that counts for a contract: all of it, or only what a capital increase
    /// adds. `None` unless that is positive.
    pub fn counted(self, contract: Fen) -> Option<Fen> {
        let counted = match self {
            PipelineKind::New => contract,
            PipelineKind::CapitalIncrease { base_amount } => {
                Fen(contract.0.checked_sub(base_amount.0)?)
            }
        };
        (counted.0 > 0).then_some(counted)
    }
}

/// A project's position: its kind (fixed at creation), stage, dates, and what signing and
/// dropping recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PipelineState {
    pub kind: PipelineKind,
    pub stage: Stage,
    pub dates: StageDates,
    /// The contract amount, set once at signing.
    pub contract_amount: Option<Fen>,
    pub drop_reason: Option<String>,
}

impl PipelineState {
    /// A project under negotiation.
    pub fn new(kind: PipelineKind) -> PipelineState {
        PipelineState {
            kind,
            stage: Stage::Negotiating,
            dates: StageDates::default(),
            contract_amount: None,
            drop_reason: None,
        }
    }
}

/// One move asked for. `contract_amount` and `event_id` belong to the move that signs (from
/// 在谈 to 签约 or beyond) and are refused on any other; `reason` belongs to 终止.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Step {
    pub to: Stage,
    pub on: NaiveDate,
    pub contract_amount: Option<Fen>,
    /// The 招商 event where the contract was signed, if any.
    pub event_id: Option<i64>,
    pub reason: Option<String>,
}

const REASON_CHARS: (usize, usize) = (2, 500);

fn not_allowed(field: &str, zh: &str, en: &str) -> FieldError {
    FieldError::new(field, "not_allowed", zh, en)
}

/// Moves a project forward. The rules:
/// - only forward along 在谈 → 签约 → 落地 → 开工 → 投产; stages may be skipped (a project
///   often reports 落地 and 开工 together), and each skipped stage is dated the same day, so
///   every figure that asks "reached X or beyond" stays true to the dates;
/// - 终止 from any stage before 投产, with a reason; nothing follows 投产 or 终止;
/// - the date is not after `today` and not before the latest date already recorded;
/// - the move that signs needs a positive contract amount (for 增资, above the base amount).
pub fn advance(
    current: &PipelineState,
    step: &Step,
    today: NaiveDate,
) -> Result<PipelineState, Validation> {
    let mut v = Validation::default();
    let from = current.stage;
    if from.is_terminal() {
        v.push(FieldError::new(
            "stage",
            "terminal",
            format!("项目已{}，不能再变更阶段", from.name_zh()),
            format!("the project is {}: its stage cannot change", from.code()),
        ));
        return Err(v);
    }
    let forward = match (from.progress(), step.to.progress()) {
        (_, None) => true,
        (Some(a), Some(b)) => b > a,
        (None, Some(_)) => false,
    };
    if !forward {
        v.push(FieldError::new(
            "stage",
            "not_forward",
            format!(
                "不能从“{}”回到或停留在“{}”",
                from.name_zh(),
                step.to.name_zh()
            ),
            format!("cannot move from {} to {}", from.code(), step.to.code()),
        ));
        return Err(v);
    }

    let date_field = step.to.date_field();
    let label = format!("{}日期", step.to.name_zh());
    not_in_future(&mut v, date_field, &label, step.on, today);
    if let Some(latest) = current.dates.latest()
        && step.on < latest
    {
        v.push(FieldError::new(
            date_field,
            "before_previous",
            format!("{label}不能早于上一阶段日期（{latest}）"),
            format!("{date_field} must not be before the previous stage's date ({latest})"),
        ));
    }

    let signs = from == Stage::Negotiating && step.to != Stage::Dropped;
    if signs {
        match step.contract_amount {
            None => v.push(FieldError::required("contract_amount", "签约金额")),
            Some(amount) if amount.0 <= 0 => v.push(FieldError::new(
                "contract_amount",
                "not_positive",
                "签约金额须大于零",
                "contract_amount must be positive",
            )),
            Some(amount) => {
                if current.kind.counted(amount).is_none() {
                    v.push(FieldError::new(
                        "contract_amount",
                        "not_above_base",
                        "增资项目的签约金额须大于原投资额（只计增加部分）",
                        "a capital increase's contract_amount must exceed its base_amount",
                    ));
                }
            }
        }
    } else {
        if step.contract_amount.is_some() {
            v.push(not_allowed(
                "contract_amount",
                "签约金额只在签约时填写",
                "contract_amount is given only by the move that signs",
            ));
        }
        if step.event_id.is_some() {
            v.push(not_allowed(
                "event_id",
                "签约活动只在签约时填写",
                "event_id is given only by the move that signs",
            ));
        }
    }

    let reason = step.reason.as_deref().filter(|r| !r.trim().is_empty());
    let drop_reason = if step.to == Stage::Dropped {
        text_field(
            &mut v,
            "reason",
            "终止原因",
            reason.unwrap_or(""),
            REASON_CHARS,
        )
    } else {
        if reason.is_some() {
            v.push(not_allowed(
                "reason",
                "原因只在终止项目时填写",
                "reason is given only when dropping a project",
            ));
        }
        None
    };

    let mut next = current.clone();
    next.stage = step.to;
    if signs {
        next.contract_amount = step.contract_amount;
    }
    next.drop_reason = drop_reason;
    match (from.progress(), step.to.progress()) {
        (Some(from), Some(to)) => {
            // The stage reached and every stage skipped on the way get the same day.
            for stage in Stage::ALL {
                if stage.progress().is_some_and(|p| p > from && p <= to)
                    && let Some(slot) = next.dates.slot(stage)
                {
                    *slot = Some(step.on);
                }
            }
        }
        _ => next.dates.dropped_on = Some(step.on),
    }
    v.finish(next)
}

#[cfg(test)]
pub(super) mod tests;
