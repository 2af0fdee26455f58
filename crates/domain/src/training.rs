//! Training programmes (notice measure 3): the national technician target and its zone
//! quotas (3.1), each zone's annual plan and its review, the trainee registry with its
//! protected 身份证号, roster validation, and progress figures computed from the trainee
//! records, never typed in.
//!
//! Personal data: a trainee's 身份证号 is held as a [`ResidentId`](crate::ids::ResidentId)
//! whose `Debug`/`Display` print only the masked form; what is stored is a keyed hash (for
//! duplicate detection) and the masked form, so no page, export or log can show it in full.

pub mod classes;
mod figures;
pub mod managers;
mod plan;
mod quota;
mod roster;
mod subsidy;
mod trainee;

#[cfg(test)]
mod props;

pub use figures::{Progress, ProgressRow, TraineeFact, progress};
pub use plan::{PlanInput, PlanLine, PlanStatus, PlanStep, TrainingPlan, plan_step};
pub use quota::{NationalTarget, QuotaLine, check_allocation};
pub use roster::{RosterRow, RowProblem, validate_roster};
pub use subsidy::{ClaimLine, SubsidyClaim, SubsidyRates, subsidy_claim};
pub use trainee::{
    CertificateLevel, ExamResult, IdDigest, OCCUPATIONS, Occupation, Trainee, TraineeInput,
    id_digest, occupation,
};

use crate::access::Scope;
use crate::region::ProvinceCode;

/// Whether an actor with `scope` reads the trainees of a zone in `province`: the ministry
/// all, a province its own zones', a zone its own; nobody else.
pub fn reads_trainees(scope: &Scope, zone_id: i64, province: &ProvinceCode) -> bool {
    match scope {
        Scope::All => true,
        Scope::Province(own) => own == province,
        Scope::Zone(own) => *own == zone_id,
        Scope::Organisation(_) | Scope::Public => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_reads_only_its_own_zones_trainees() {
        let sichuan = ProvinceCode::parse("510000").expect("code");
        let shaanxi = ProvinceCode::parse("610000").expect("code");
        let scope = Scope::Province(sichuan.clone());
        assert!(reads_trainees(&scope, 7, &sichuan));
        assert!(!reads_trainees(&scope, 7, &shaanxi));
        assert!(reads_trainees(&Scope::Zone(7), 7, &shaanxi));
        assert!(!reads_trainees(&Scope::Zone(8), 7, &shaanxi));
        assert!(!reads_trainees(&Scope::Public, 7, &sichuan));
        assert!(!reads_trainees(&Scope::Organisation(7), 7, &sichuan));
        assert!(reads_trainees(&Scope::All, 7, &sichuan));
    }
}
