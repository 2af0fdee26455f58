//! Figures computed from records, never typed in. They add up exactly (`+`, `Sum`), so a
//! province's figures are the sum of its zones' and a region's the sum of its provinces'.
//!
//! Definitions (also in docs/glossary.md), over the records that count, i.e. all but
//! confirmed duplicates; "signed projects" are those that ever reached 签约, including
//! those dropped later:
//! - 落地率 landing rate = signed projects that reached 落地 or beyond / signed projects;
//! - 开工率 start rate = signed projects that reached 开工 or beyond / signed projects;
//! - 履约率 performance rate = signed projects not dropped / signed projects (履约: the
//!   contract is being performed);
//! - 资金到位率 funds rate = verified funds in place / signed amount, an amount ratio that
//!   may pass 100%; [`PipelineFigures::funds_rate_incl_unverified`] also counts entries
//!   still without evidence (待核实);
//! - signed amount = the sum of counted amounts: contracts, for 增资 only the increase,
//!   each project once whatever the number of signings.

use super::funds::{FundsKind, FundsSource};
use super::record::PipelineRecord;
use super::screening::DuplicateReview;
use super::stage::Stage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Field-by-field `+`, `+=` and `Sum`: listing every field makes the compiler refuse a
/// field added later and forgotten here.
macro_rules! summable {
    ($name:ident { $($field:ident),+ $(,)? }) => {
        impl std::ops::Add for $name {
            type Output = $name;
            fn add(self, rhs: $name) -> $name {
                $name { $($field: self.$field + rhs.$field),+ }
            }
        }

        impl std::ops::AddAssign for $name {
            fn add_assign(&mut self, rhs: $name) {
                *self = *self + rhs;
            }
        }

        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = $name>>(iter: I) -> $name {
                iter.fold($name::default(), |a, b| a + b)
            }
        }
    };
}

/// An exact ratio; shown in basis points (1 bp = 0.01%) only at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ratio {
    pub numerator: i128,
    pub denominator: i128,
}

impl Ratio {
    /// Basis points rounded half up (6667 for 2/3); `None` when the denominator is zero.
    /// The checked arithmetic cannot fail for sums of i64 amounts over fewer than 2^60
    /// records; `None` would be the answer if it did.
    pub fn basis_points(&self) -> Option<i128> {
        if self.denominator <= 0 || self.numerator < 0 {
            return None;
        }
        let twice = self.numerator.checked_mul(20_000)?;
        let den2 = self.denominator.checked_mul(2)?;
        Some(twice.checked_add(self.denominator)? / den2)
    }
}

/// Numbers of projects by their current stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageCounts {
    pub negotiating: u64,
    pub signed: u64,
    pub landed: u64,
    pub started: u64,
    pub producing: u64,
    pub dropped: u64,
}
summable!(StageCounts {
    negotiating,
    signed,
    landed,
    started,
    producing,
    dropped
});

impl StageCounts {
    pub fn count(&self, stage: Stage) -> u64 {
        match stage {
            Stage::Negotiating => self.negotiating,
            Stage::Signed => self.signed,
            Stage::Landed => self.landed,
            Stage::Started => self.started,
            Stage::Producing => self.producing,
            Stage::Dropped => self.dropped,
        }
    }

    fn get_mut(&mut self, stage: Stage) -> &mut u64 {
        match stage {
            Stage::Negotiating => &mut self.negotiating,
            Stage::Signed => &mut self.signed,
            Stage::Landed => &mut self.landed,
            Stage::Started => &mut self.started,
            Stage::Producing => &mut self.producing,
            Stage::Dropped => &mut self.dropped,
        }
    }
}

/// Money in place, fen: with evidence, and 待核实 (entered without evidence yet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundsAmount {
    pub verified_fen: i128,
    pub unverified_fen: i128,
}
summable!(FundsAmount {
    verified_fen,
    unverified_fen
});

impl FundsAmount {
    pub fn total_fen(&self) -> i128 {
        self.verified_fen + self.unverified_fen
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundsByKind {
    pub fixed_assets: FundsAmount,
    pub working_capital: FundsAmount,
}
summable!(FundsByKind {
    fixed_assets,
    working_capital
});

impl FundsByKind {
    pub fn get(&self, kind: FundsKind) -> FundsAmount {
        match kind {
            FundsKind::FixedAssets => self.fixed_assets,
            FundsKind::WorkingCapital => self.working_capital,
        }
    }

    pub fn total(&self) -> FundsAmount {
        self.fixed_assets + self.working_capital
    }
}

/// 实际到位资金 split by source × kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundsBySource {
    pub foreign: FundsByKind,
    pub other_province: FundsByKind,
    pub other_city_in_province: FundsByKind,
    pub local_city: FundsByKind,
}
summable!(FundsBySource {
    foreign,
    other_province,
    other_city_in_province,
    local_city
});

impl FundsBySource {
    pub fn get(&self, source: FundsSource) -> FundsByKind {
        match source {
            FundsSource::Foreign => self.foreign,
            FundsSource::OtherProvince => self.other_province,
            FundsSource::OtherCityInProvince => self.other_city_in_province,
            FundsSource::LocalCity => self.local_city,
        }
    }

    fn cell_mut(&mut self, source: FundsSource, kind: FundsKind) -> &mut FundsAmount {
        let by_kind = match source {
            FundsSource::Foreign => &mut self.foreign,
            FundsSource::OtherProvince => &mut self.other_province,
            FundsSource::OtherCityInProvince => &mut self.other_city_in_province,
            FundsSource::LocalCity => &mut self.local_city,
        };
        match kind {
            FundsKind::FixedAssets => &mut by_kind.fixed_assets,
            FundsKind::WorkingCapital => &mut by_kind.working_capital,
        }
    }

    pub fn total(&self) -> FundsAmount {
        FundsSource::ALL
            .into_iter()
            .map(|s| self.get(s).total())
            .sum()
    }
}

/// The pipeline figures of a set of records (a zone, a province, a region). Amounts are
/// i128 fen, so sums of i64 contracts cannot overflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PipelineFigures {
    /// Records that count: all but confirmed duplicates.
    pub projects: u64,
    pub by_stage: StageCounts,
    /// Ever reached 签约, including projects dropped after signing.
    pub signed_projects: u64,
    /// Signed and reached 落地 or beyond.
    pub landed_projects: u64,
    /// Signed and reached 开工 or beyond.
    pub started_projects: u64,
    /// Signed and not dropped: the contract is being performed (履约).
    pub performing_projects: u64,
    /// The sum of counted amounts (see [`PipelineRecord::counted_amount`]).
    pub signed_amount_fen: i128,
    pub funds: FundsBySource,
    pub jobs_created: u64,
    /// Counted, but flagged as likely duplicates and awaiting review.
    pub flagged_for_review: u64,
    /// Confirmed duplicates, left out of every other figure.
    pub excluded_duplicates: u64,
    pub open_problems: u64,
}
summable!(PipelineFigures {
    projects,
    by_stage,
    signed_projects,
    landed_projects,
    started_projects,
    performing_projects,
    signed_amount_fen,
    funds,
    jobs_created,
    flagged_for_review,
    excluded_duplicates,
    open_problems,
});

impl PipelineFigures {
    /// The figures of one record.
    pub fn of(record: &PipelineRecord) -> PipelineFigures {
        let mut f = PipelineFigures::default();
        if record.review.excluded() {
            f.excluded_duplicates = 1;
            return f;
        }
        let state = &record.state;
        let dates = &state.dates;
        f.projects = 1;
        *f.by_stage.get_mut(state.stage) = 1;
        if dates.signed_on.is_some() {
            f.signed_projects = 1;
            f.landed_projects = u64::from(dates.landed_on.is_some());
            f.started_projects = u64::from(dates.started_on.is_some());
            f.performing_projects = u64::from(dates.dropped_on.is_none());
        }
        f.signed_amount_fen = i128::from(record.counted_amount().0);
        for entry in &record.funds {
            let cell = f.funds.cell_mut(entry.source, entry.kind);
            let amount = i128::from(entry.amount.0);
            if entry.is_verified() {
                cell.verified_fen += amount;
            } else {
                cell.unverified_fen += amount;
            }
        }
        f.jobs_created = u64::from(record.jobs_created);
        f.flagged_for_review = u64::from(matches!(record.review, DuplicateReview::Flagged { .. }));
        f.open_problems = record
            .problems
            .iter()
            .filter(|p| p.resolved_on.is_none())
            .count() as u64;
        f
    }

    /// 落地率
    pub fn landing_rate(&self) -> Ratio {
        self.of_signed(self.landed_projects)
    }

    /// 开工率
    pub fn start_rate(&self) -> Ratio {
        self.of_signed(self.started_projects)
    }

    /// 履约率
    pub fn performance_rate(&self) -> Ratio {
        self.of_signed(self.performing_projects)
    }

    /// 资金到位率: verified funds in place / signed amount.
    pub fn funds_rate(&self) -> Ratio {
        Ratio {
            numerator: self.funds.total().verified_fen,
            denominator: self.signed_amount_fen,
        }
    }

    /// Funds in place with and without evidence / signed amount.
    pub fn funds_rate_incl_unverified(&self) -> Ratio {
        Ratio {
            numerator: self.funds.total().total_fen(),
            denominator: self.signed_amount_fen,
        }
    }

    fn of_signed(&self, count: u64) -> Ratio {
        Ratio {
            numerator: i128::from(count),
            denominator: i128::from(self.signed_projects),
        }
    }
}

/// The figures of any set of records: the sum of each record's.
pub fn figures<'a>(records: impl IntoIterator<Item = &'a PipelineRecord>) -> PipelineFigures {
    records.into_iter().map(PipelineFigures::of).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;
    use crate::pipeline::funds::tests::{entry, evidence};
    use crate::pipeline::record::tests::{project, signed_at, today};
    use crate::pipeline::stage::tests::day;
    use crate::pipeline::stage::{Stage, Step};

    fn ratio(numerator: i128, denominator: i128) -> Ratio {
        Ratio {
            numerator,
            denominator,
        }
    }

    #[test]
    fn basis_points_round_half_up_and_refuse_zero() {
        assert_eq!(ratio(2, 3).basis_points(), Some(6667));
        assert_eq!(ratio(1, 3).basis_points(), Some(3333));
        assert_eq!(ratio(1, 20_000).basis_points(), Some(1), "0.5 bp rounds up");
        assert_eq!(ratio(1, 20_001).basis_points(), Some(0));
        assert_eq!(ratio(3, 2).basis_points(), Some(15_000));
        assert_eq!(ratio(0, 0).basis_points(), None);
        assert_eq!(ratio(i128::MAX, 1).basis_points(), None);
    }

    fn to(stage: Stage, on: (u32, u32), reason: Option<&str>) -> Step {
        Step {
            to: stage,
            on: day(2007, on.0, on.1),
            contract_amount: None,
            event_id: None,
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn a_zone_s_figures_follow_from_its_records() {
        let now = today();
        let negotiating = project(1);
        let producing = signed_at(2, Some(10), day(2007, 1, 5), 1_000_000)
            .advance(&to(Stage::Producing, (5, 1), None), now)
            .and_then(|r| r.add_funds(entry(day(2007, 2, 1), 300_000, Some(evidence())), now))
            .and_then(|r| r.add_funds(entry(day(2007, 3, 1), 100_000, None), now))
            .map(|mut r| {
                r.jobs_created = 1_200;
                r
            })
            .expect("valid");
        let dropped = signed_at(3, Some(11), day(2007, 2, 1), 500_000)
            .advance(&to(Stage::Dropped, (4, 1), Some("投资方资金链断裂")), now)
            .expect("valid");
        let landed = signed_at(4, None, day(2007, 3, 1), 250_000)
            .advance(&to(Stage::Landed, (4, 1), None), now)
            .and_then(|r| r.raise_problem("厂房交付延期两个月", 9, day(2007, 5, 1), now))
            .expect("valid");
        let duplicate = signed_at(5, Some(12), day(2007, 3, 1), 1_000_000)
            .confirm_duplicate(2)
            .expect("confirmed");
        let f = figures([&negotiating, &producing, &dropped, &landed, &duplicate]);

        assert_eq!(f.projects, 4);
        assert_eq!(f.excluded_duplicates, 1);
        assert_eq!(f.by_stage.count(Stage::Negotiating), 1);
        assert_eq!(f.by_stage.count(Stage::Producing), 1);
        assert_eq!(f.by_stage.count(Stage::Dropped), 1);
        assert_eq!(f.by_stage.count(Stage::Landed), 1);
        assert_eq!(f.signed_projects, 3);
        assert_eq!(f.signed_amount_fen, 175_000_000);
        assert_eq!(f.landing_rate(), ratio(2, 3));
        assert_eq!(f.start_rate(), ratio(1, 3));
        assert_eq!(f.performance_rate().basis_points(), Some(6667));
        let cell = f
            .funds
            .get(FundsSource::OtherProvince)
            .get(FundsKind::FixedAssets);
        assert_eq!(cell.verified_fen, 30_000_000);
        assert_eq!(cell.unverified_fen, 10_000_000);
        assert_eq!(
            f.funds.get(FundsSource::Foreign).total(),
            FundsAmount::default()
        );
        assert_eq!(f.funds_rate(), ratio(30_000_000, 175_000_000));
        assert_eq!(f.funds_rate_incl_unverified().numerator, 40_000_000);
        assert_eq!(f.jobs_created, 1_200);
        assert_eq!(f.open_problems, 1);
        assert_eq!(f.flagged_for_review, 0);
    }

    #[test]
    fn no_records_no_rates() {
        let f = figures(std::iter::empty());
        assert_eq!(f, PipelineFigures::default());
        assert_eq!(f.landing_rate().basis_points(), None);
        assert_eq!(f.funds_rate().basis_points(), None);
        let one = figures([&project(1)]);
        assert_eq!(one + PipelineFigures::default(), one);
        assert_eq!(one.signed_amount_fen, i128::from(Fen(0).0));
    }
}
