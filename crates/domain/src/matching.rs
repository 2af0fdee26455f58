//! Matching a relocation demand to zones: the factors site-selection analysts weigh, the
//! weights (data, not code) that say how much each counts, and the engine that ranks zones
//! with every factor as an index against the average candidate = 100 (docs/matching.md).

mod hours;
mod index;
mod rank;
mod reason;
mod result;
mod score;
mod support;
#[cfg(test)]
mod tests;

pub use hours::{EstimatedRoadHours, HoursTable, PortHours};
pub use index::MatchIndex;
pub use result::{DemandFit, FactorScore, Ranking, RawUnit, ZoneMatch};
pub use support::{MatchRules, RegionalPriority, SupportMeasure};

use crate::error::{FieldError, Validation};
use crate::industry::IndustryCode;
use crate::money::Fen;
use crate::region::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What an enterprise wants, as matching reads it; the app converts stored relocation
/// demand into this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatchDemand {
    pub industry: IndustryCode,
    /// Planned investment. No factor reads it yet: the notice's measures have no size
    /// threshold; it is carried so that rules with one need no new shape.
    pub investment: Fen,
    /// Workers the plant needs.
    pub workforce: u32,
    /// Ports the enterprise ships through (catalog ids); unknown ids are ignored.
    pub port_ids: Vec<i64>,
    /// Empty: everywhere. Otherwise only zones in these regions are candidates.
    pub preferred_regions: Vec<Region>,
    /// The enterprise does processing trade (加工贸易); some measures are only for it.
    pub processing_trade: bool,
}

/// One factor of the location score.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// 产业契合度: the demand's industry among the zone's leading industries.
    IndustryFit,
    /// 土地成本: industrial land price.
    LandCost,
    /// 劳动力成本: average wage.
    LabourCost,
    /// 劳动力供给: workers the zone can recruit against the workforce needed.
    LabourAvailability,
    /// 港口通达: hours from the zone to the ports the enterprise ships through.
    PortAccess,
    /// 区域政策导向: the programme's priority for central and western China.
    RegionalPriority,
    /// 可享扶持政策: the programme's support measures the move would be eligible for.
    Support,
}

impl Factor {
    pub const ALL: [Factor; 7] = [
        Factor::IndustryFit,
        Factor::LandCost,
        Factor::LabourCost,
        Factor::LabourAvailability,
        Factor::PortAccess,
        Factor::RegionalPriority,
        Factor::Support,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Factor::IndustryFit => "industry_fit",
            Factor::LandCost => "land_cost",
            Factor::LabourCost => "labour_cost",
            Factor::LabourAvailability => "labour_availability",
            Factor::PortAccess => "port_access",
            Factor::RegionalPriority => "regional_priority",
            Factor::Support => "support",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Factor::IndustryFit => "产业契合度",
            Factor::LandCost => "土地成本",
            Factor::LabourCost => "劳动力成本",
            Factor::LabourAvailability => "劳动力供给",
            Factor::PortAccess => "港口通达",
            Factor::RegionalPriority => "区域政策导向",
            Factor::Support => "可享扶持政策",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Factor::IndustryFit => "Industry fit",
            Factor::LandCost => "Land cost",
            Factor::LabourCost => "Labour cost",
            Factor::LabourAvailability => "Labour availability",
            Factor::PortAccess => "Port access",
            Factor::RegionalPriority => "Regional priority",
            Factor::Support => "Programme support",
        }
    }

    pub fn parse(code: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// How much each factor counts, 0–100 each; the score divides by their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct Weights {
    pub industry_fit: u8,
    pub land_cost: u8,
    pub labour_cost: u8,
    pub labour_availability: u8,
    pub port_access: u8,
    pub regional_priority: u8,
    pub support: u8,
}

impl Weights {
    pub const MAX: u8 = 100;

    /// The ministry's defaults: industry fit and the programme's priorities first, then the
    /// costs that decide a processing-trade move (labour before land), then logistics.
    pub const MINISTRY_DEFAULT: Weights = Weights {
        industry_fit: 25,
        land_cost: 10,
        labour_cost: 15,
        labour_availability: 15,
        port_access: 15,
        regional_priority: 10,
        support: 10,
    };

    /// Every weight zero: not valid on its own, but the base to write "only these count",
    /// e.g. `Weights { port_access: 100, ..Weights::zero() }`.
    pub const fn zero() -> Weights {
        Weights {
            industry_fit: 0,
            land_cost: 0,
            labour_cost: 0,
            labour_availability: 0,
            port_access: 0,
            regional_priority: 0,
            support: 0,
        }
    }

    pub fn get(&self, factor: Factor) -> u8 {
        match factor {
            Factor::IndustryFit => self.industry_fit,
            Factor::LandCost => self.land_cost,
            Factor::LabourCost => self.labour_cost,
            Factor::LabourAvailability => self.labour_availability,
            Factor::PortAccess => self.port_access,
            Factor::RegionalPriority => self.regional_priority,
            Factor::Support => self.support,
        }
    }

    pub fn set(&mut self, factor: Factor, weight: u8) {
        let slot = match factor {
            Factor::IndustryFit => &mut self.industry_fit,
            Factor::LandCost => &mut self.land_cost,
            Factor::LabourCost => &mut self.labour_cost,
            Factor::LabourAvailability => &mut self.labour_availability,
            Factor::PortAccess => &mut self.port_access,
            Factor::RegionalPriority => &mut self.regional_priority,
            Factor::Support => &mut self.support,
        };
        *slot = weight;
    }

    pub fn total(&self) -> u32 {
        Factor::ALL.iter().map(|f| u32::from(self.get(*f))).sum()
    }

    /// Each weight at most [`Weights::MAX`], and at least one above zero.
    pub fn validate(self) -> Result<Weights, Validation> {
        let mut v = Validation::default();
        for factor in Factor::ALL {
            if self.get(factor) > Self::MAX {
                v.push(FieldError::new(
                    format!("weights.{}", factor.code()),
                    "out_of_range",
                    format!("“{}”的权重应在0到{}之间", factor.name_zh(), Self::MAX),
                    format!(
                        "the weight of {} must be between 0 and {}",
                        factor.name_en(),
                        Self::MAX
                    ),
                ));
            }
        }
        if v.is_empty() && self.total() == 0 {
            v.push(FieldError::new(
                "weights",
                "all_zero",
                "至少一个因素的权重应大于0",
                "at least one weight must be above zero",
            ));
        }
        v.finish(self)
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::MINISTRY_DEFAULT
    }
}
