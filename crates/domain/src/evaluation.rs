//! 国家级经开区综合发展水平考核评价: indicator systems as versioned data, normalisation,
//! bonus and deduction items, scores, national and regional ranks, the explanation of each
//! zone's score, and the 降级备选 rule. Worked example: docs/evaluation.md.
//!
//! A run is [`evaluate`]: a validated [`Scheme`], a year, a [`Method`] and each zone's
//! [`ZoneYear`] give an [`Evaluation`]. Three years of results give the demotion list
//! through [`demotion_candidates`].

mod adjust;
mod demotion;
mod normalise;
mod scheme;
mod score;

#[cfg(test)]
mod checks;
#[cfg(test)]
mod props;
#[cfg(test)]
mod test_schemes;
#[cfg(test)]
mod worked;

pub use adjust::{Adjusted, Adjustment, AdjustmentInput, Disqualification};
pub use demotion::{
    BOTTOM_PLACES, DemotionCandidate, PLACINGS_NEEDED, Placing, WINDOW_YEARS, YearPlacings,
    demotion_candidates,
};
pub use normalise::{Method, Raw};
pub use scheme::{Dimension, Direction, Indicator, Scheme, Source, WEIGHT_TOTAL};
pub use score::{
    DimensionScore, Evaluation, Explanation, IndicatorLine, TIE_TOLERANCE, ZoneScore, ZoneYear,
    evaluate,
};

/// The field codes of the statistical returns (the contract with module `returns`, which
/// owns the dictionary); a scheme may read only these. The app may validate against the
/// returns' own, longer list instead.
pub const CONTRACT_FIELDS: [&str; 20] = [
    "fdi_actual",
    "trade_total",
    "exports",
    "gdp",
    "tax_revenue",
    "industrial_output",
    "fixed_asset_investment",
    "new_jobs",
    "rd_intensity",
    "high_tech_enterprises",
    "research_institutions",
    "incubators",
    "listed_enterprises",
    "large_manufacturers",
    "energy_intensity",
    "carbon_intensity",
    "water_intensity",
    "solid_waste_utilisation",
    "cooperation_parks",
    "paired_assistance",
];
