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

/// The field codes a scheme may read: the statistical returns' contract codes, which every
/// edition of the returns' dictionary keeps. The app may validate against the dictionary's own,
/// longer list instead.
pub const CONTRACT_FIELDS: [&str; 20] = crate::returns::dictionary::CONTRACT_CODES;
