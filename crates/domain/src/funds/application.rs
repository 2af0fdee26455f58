//! The one application engine of every fund programme: an application moves
//! 草稿 → 已提交 → 省级已审 → 部已批准 / 已驳回 (→ 银行已决定, for policy loans) → 已拨付,
//! or is returned (退回) for a new version. A returned version is read-only: the applicant
//! files version n+1, which starts as a draft (SFC2021's versioned submissions).

use super::ProgrammeKind;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// Where an application stands.
    pub enum Status {
        Draft => ("draft", "草稿", "draft"),
        Submitted => ("submitted", "已提交", "submitted"),
        ProvinceReviewed => ("province_reviewed", "省级已审", "province reviewed"),
        Approved => ("approved", "部已批准", "ministry approved"),
        Rejected => ("rejected", "已驳回", "rejected"),
        Returned => ("returned", "已退回", "returned"),
        BankApproved => ("bank_approved", "银行已审贷", "bank approved"),
        BankDeclined => ("bank_declined", "银行未审贷", "bank declined"),
        Paid => ("paid", "已拨付", "paid or disbursed"),
    }
}

crate::pipeline::coded_enum! {
    /// What someone does to an application.
    pub enum Action {
        Submit => ("submit", "提交", "submit"),
        ProvinceApprove => ("province_approve", "省级审核通过", "province approves"),
        Return => ("return", "退回修改", "return for a new version"),
        Approve => ("approve", "批准", "approve"),
        Reject => ("reject", "驳回", "reject"),
        BankApprove => ("bank_approve", "银行审贷通过", "bank approves the loan"),
        BankDecline => ("bank_decline", "银行不予贷款", "bank declines the loan"),
        Pay => ("pay", "拨付", "pay or disburse"),
    }
}

/// Who may take an action: the applicant, the province, the ministry or the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Applicant,
    Province,
    Ministry,
    Bank,
}

impl Action {
    /// The stage whose staff take this action on an application that is `from`: the
    /// province returns what it holds, the ministry the rest.
    pub fn stage(self, kind: ProgrammeKind, from: Status) -> Stage {
        match self {
            Action::Submit => Stage::Applicant,
            Action::ProvinceApprove => Stage::Province,
            Action::Return if from == Status::Submitted => Stage::Province,
            Action::Return | Action::Reject | Action::Approve => Stage::Ministry,
            Action::BankApprove | Action::BankDecline => Stage::Bank,
            // The bank disburses its loans; the ministry pays subsidies and special funds.
            Action::Pay if kind == ProgrammeKind::PolicyLoan => Stage::Bank,
            Action::Pay => Stage::Ministry,
        }
    }
}

impl Status {
    /// Only a draft is edited; every other version is read-only.
    pub fn editable(self) -> bool {
        self == Status::Draft
    }

    /// Statuses a reviewer at `stage` works on (their queue).
    pub fn queue(stage: Stage, kind: ProgrammeKind) -> Vec<Status> {
        match stage {
            Stage::Applicant => vec![Status::Draft, Status::Returned],
            Stage::Province => vec![Status::Submitted],
            Stage::Ministry if kind == ProgrammeKind::PolicyLoan => vec![Status::ProvinceReviewed],
            Stage::Ministry => vec![Status::ProvinceReviewed, Status::Approved],
            Stage::Bank => vec![Status::Approved, Status::BankApproved],
        }
    }
}

/// The status after `action`, or the refusal naming the `action` field. The province may
/// return a submitted application and the ministry a province-reviewed one; rejecting is
/// the ministry's decision (the province returns what it does not pass).
pub fn next(kind: ProgrammeKind, from: Status, action: Action) -> Result<Status, FieldError> {
    use Action as A;
    use Status as S;
    let loan = kind == ProgrammeKind::PolicyLoan;
    let to = match (from, action) {
        (S::Draft, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::ProvinceApprove) => Some(S::ProvinceReviewed),
        (S::Submitted | S::ProvinceReviewed, A::Return) => Some(S::Returned),
        (S::ProvinceReviewed, A::Approve) => Some(S::Approved),
        (S::ProvinceReviewed, A::Reject) => Some(S::Rejected),
        (S::Approved, A::BankApprove | A::BankDecline) if loan => {
            Some(if action == A::BankApprove {
                S::BankApproved
            } else {
                S::BankDeclined
            })
        }
        (S::BankApproved, A::Pay) if loan => Some(S::Paid),
        (S::Approved, A::Pay) if !loan => Some(S::Paid),
        _ => None,
    };
    to.ok_or_else(|| {
        FieldError::new(
            "action",
            "not_allowed",
            format!(
                "“{}”状态的申请不能执行“{}”",
                from.name_zh(),
                action.name_zh()
            ),
            format!(
                "an application that is {} cannot be given '{}'",
                from.name_en(),
                action.code()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_paths_of_each_kind() {
        let walk = |kind, actions: &[Action]| {
            actions
                .iter()
                .try_fold(Status::Draft, |s, &a| next(kind, s, a))
        };
        use Action::*;
        assert_eq!(
            walk(
                ProgrammeKind::InterestSubsidy,
                &[Submit, ProvinceApprove, Approve, Pay]
            ),
            Ok(Status::Paid)
        );
        assert_eq!(
            walk(
                ProgrammeKind::PolicyLoan,
                &[Submit, ProvinceApprove, Approve, BankApprove, Pay]
            ),
            Ok(Status::Paid)
        );
        assert!(
            walk(
                ProgrammeKind::PolicyLoan,
                &[Submit, ProvinceApprove, Approve, Pay]
            )
            .is_err()
        );
        assert!(
            walk(
                ProgrammeKind::SpecialFund,
                &[Submit, ProvinceApprove, Approve, BankApprove]
            )
            .is_err()
        );
        assert_eq!(
            walk(ProgrammeKind::SpecialFund, &[Submit, Return]),
            Ok(Status::Returned)
        );
        assert_eq!(
            walk(
                ProgrammeKind::SpecialFund,
                &[Submit, ProvinceApprove, Reject]
            ),
            Ok(Status::Rejected)
        );
    }

    #[test]
    fn terminal_and_returned_versions_take_no_action() {
        for kind in ProgrammeKind::ALL {
            for from in [
                Status::Returned,
                Status::Rejected,
                Status::Paid,
                Status::BankDeclined,
            ] {
                for action in Action::ALL {
                    let e = next(kind, from, action).expect_err("no way out");
                    assert_eq!(e.field, "action");
                }
                assert!(!from.editable());
            }
        }
        assert!(Status::Draft.editable());
    }

    #[test]
    fn every_action_has_one_stage_and_returns_come_from_the_holder() {
        let (loan, fund) = (ProgrammeKind::PolicyLoan, ProgrammeKind::SpecialFund);
        assert_eq!(Action::Pay.stage(loan, Status::BankApproved), Stage::Bank);
        assert_eq!(Action::Pay.stage(fund, Status::Approved), Stage::Ministry);
        assert_eq!(
            Action::Return.stage(fund, Status::Submitted),
            Stage::Province
        );
        assert_eq!(
            Action::Return.stage(fund, Status::ProvinceReviewed),
            Stage::Ministry
        );
    }
}
