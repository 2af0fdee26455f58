//! What a match returns: a ranking of zones for a demand, each with its per-factor
//! breakdown and a one-line reason, in the shape the API serves.

use super::Factor;
use serde::Serialize;
use utoipa::ToSchema;

/// The unit of a factor's raw value, so that a client can format it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawUnit {
    /// 0–1: 1 the same division, 0.5 the same section, 0 neither.
    Fit,
    FenPerM2,
    FenPerMonth,
    /// Recruitable workers ÷ workforce needed, capped.
    Ratio,
    Hours,
    /// Regional-priority points from the rules' table.
    Points,
    /// Number of support measures.
    Measures,
}

impl RawUnit {
    pub fn of(factor: Factor) -> RawUnit {
        match factor {
            Factor::IndustryFit => RawUnit::Fit,
            Factor::LandCost => RawUnit::FenPerM2,
            Factor::LabourCost => RawUnit::FenPerMonth,
            Factor::LabourAvailability => RawUnit::Ratio,
            Factor::PortAccess => RawUnit::Hours,
            Factor::RegionalPriority => RawUnit::Points,
            Factor::Support => RawUnit::Measures,
        }
    }
}

/// One factor of one zone's score.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FactorScore {
    pub factor: Factor,
    /// The zone's own figure in `unit`; `None` when the zone has no data for it.
    pub raw: Option<f64>,
    pub unit: RawUnit,
    /// Relative to the average candidate zone = 100, higher is better, 0–300, to 0.1.
    pub index: f64,
    pub weight: u8,
    /// No data: the index is the neutral 100.
    pub missing: bool,
}

/// One zone's fit to one demand.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ZoneMatch {
    pub zone_id: i64,
    /// Weighted mean of the factor indices, to 0.01 (100 = the average candidate).
    pub score: f64,
    /// 1 = best among the candidates; ties go to the lower zone id.
    pub rank: u32,
    pub factors: Vec<FactorScore>,
    /// Codes of the support measures the move would be eligible for, e.g. `1.1`.
    pub eligible_measures: Vec<String>,
    pub reason_zh: String,
    pub reason_en: String,
}

impl ZoneMatch {
    pub fn factor(&self, factor: Factor) -> Option<&FactorScore> {
        self.factors.iter().find(|f| f.factor == factor)
    }
}

/// The best zones for a demand.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ranking {
    /// Zones that passed the demand's region filter and were scored.
    pub candidates: u32,
    /// At most the requested number, best first.
    pub matches: Vec<ZoneMatch>,
}

/// One zone seen from one demand (the reverse view): `None` in [`super::MatchIndex::score_zone`]
/// when the zone is not a candidate for that demand.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DemandFit {
    /// Position of the demand in the slice given.
    pub demand: usize,
    pub candidates: u32,
    #[serde(flatten)]
    pub zone: ZoneMatch,
}
