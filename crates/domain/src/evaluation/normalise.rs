//! Normalisation: one indicator's raw values across the zones of a run, turned into scores
//! on a common scale, so indicators in yuan, persons and percent can be added up.

use super::scheme::Direction;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// How raw values become scores; chosen per run.
    pub enum Method {
        /// 60 + 40·(x − min)/(max − min), reversed for lower-is-better indicators.
        Efficacy => ("efficacy", "功效系数法", "efficacy coefficient"),
        /// 50 + (50/3)·z with z clipped to ±3 standard deviations: 0 to 100, the mean at 50.
        ZScore => ("z_score", "标准分法", "z-score"),
    }
}

/// Where the z-score scale is clipped, in standard deviations.
const Z_CLIP: f64 = 3.0;

impl Method {
    /// The score of a zone with no value (未填报), which is also the method's lowest score.
    pub fn floor(self) -> f64 {
        match self {
            Method::Efficacy => 60.0,
            Method::ZScore => 0.0,
        }
    }

    /// The score when every zone that filed has the same value. Under 功效系数 no zone is
    /// behind the best, so all get the best score (100); under z-score every zone is at the
    /// mean (z = 0), so all get 50.
    pub fn all_equal(self) -> f64 {
        match self {
            Method::Efficacy => 100.0,
            Method::ZScore => 50.0,
        }
    }
}

/// An indicator's raw value for one zone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Raw {
    /// In the indicator's unit.
    Value(f64),
    /// 未填报: a field it needs was not filed.
    NotFiled,
    /// 无法计算: filed, but the ratio's denominator or last year's value is zero.
    NotComputable,
}

impl Raw {
    fn value(self) -> Option<f64> {
        match self {
            Raw::Value(x) => Some(x),
            Raw::NotFiled | Raw::NotComputable => None,
        }
    }
}

/// The scores of one indicator's raw values, in the same order. Only values take part in
/// the minimum, maximum, mean and spread; a zone without one gets [`Method::floor`].
pub(super) fn normalise(method: Method, direction: Direction, raws: &[Raw]) -> Vec<f64> {
    let values = || raws.iter().filter_map(|r| r.value());
    let sign = match direction {
        Direction::HigherBetter => 1.0,
        Direction::LowerBetter => -1.0,
    };
    let score: Box<dyn Fn(f64) -> f64> = match method {
        Method::Efficacy => {
            let min = values().fold(f64::INFINITY, f64::min);
            let max = values().fold(f64::NEG_INFINITY, f64::max);
            let range = max - min;
            if range > 0.0 {
                Box::new(move |x| match direction {
                    Direction::HigherBetter => 60.0 + 40.0 * (x - min) / range,
                    Direction::LowerBetter => 60.0 + 40.0 * (max - x) / range,
                })
            } else {
                Box::new(|_| method.all_equal())
            }
        }
        Method::ZScore => {
            let n = values().count() as f64;
            let mean = values().sum::<f64>() / n;
            let sd = (values().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            if sd > 0.0 {
                Box::new(move |x| {
                    let z = (sign * (x - mean) / sd).clamp(-Z_CLIP, Z_CLIP);
                    50.0 + 50.0 * z / Z_CLIP
                })
            } else {
                Box::new(|_| method.all_equal())
            }
        }
    };
    raws.iter()
        .map(|r| r.value().map_or(method.floor(), &score))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(xs: &[f64]) -> Vec<Raw> {
        xs.iter().map(|&x| Raw::Value(x)).collect()
    }

    #[test]
    fn efficacy_maps_min_to_60_max_to_100_and_midway_to_80() {
        let raws = values(&[10.0, 30.0, 20.0]);
        let up = normalise(Method::Efficacy, Direction::HigherBetter, &raws);
        assert_eq!(up, [60.0, 100.0, 80.0]);
        let down = normalise(Method::Efficacy, Direction::LowerBetter, &raws);
        assert_eq!(down, [100.0, 60.0, 80.0]);
    }

    #[test]
    fn a_zone_that_did_not_file_scores_the_floor_and_does_not_move_the_range() {
        let raws = [
            Raw::Value(10.0),
            Raw::NotFiled,
            Raw::Value(20.0),
            Raw::NotComputable,
        ];
        let s = normalise(Method::Efficacy, Direction::HigherBetter, &raws);
        assert_eq!(s, [60.0, 60.0, 100.0, 60.0]);
        let s = normalise(Method::ZScore, Direction::HigherBetter, &raws);
        assert_eq!(s, [50.0 - 50.0 / 3.0, 0.0, 50.0 + 50.0 / 3.0, 0.0]);
    }

    #[test]
    fn all_equal_gives_100_under_efficacy_and_50_under_z_score() {
        let raws = [Raw::Value(7.0), Raw::Value(7.0), Raw::NotFiled];
        for d in Direction::ALL {
            assert_eq!(normalise(Method::Efficacy, d, &raws), [100.0, 100.0, 60.0]);
            assert_eq!(normalise(Method::ZScore, d, &raws), [50.0, 50.0, 0.0]);
        }
    }

    #[test]
    fn nobody_filed_gives_everyone_the_floor() {
        let raws = [Raw::NotFiled, Raw::NotComputable];
        assert_eq!(
            normalise(Method::Efficacy, Direction::HigherBetter, &raws),
            [60.0, 60.0]
        );
        assert_eq!(
            normalise(Method::ZScore, Direction::LowerBetter, &raws),
            [0.0, 0.0]
        );
    }

    #[test]
    fn z_score_puts_the_mean_at_50_and_clips_at_three_deviations() {
        // Mean 0, population sd 1 for ±1; the outlier's own weight keeps it under 3 sd, so
        // it is built with many zones at the mean.
        let mut xs = vec![0.0; 98];
        xs.extend([-1.0, 1.0]);
        let s = normalise(Method::ZScore, Direction::HigherBetter, &values(&xs));
        assert_eq!(s[0], 50.0);
        let sd = (2.0f64 / 100.0).sqrt();
        assert!((s[99] - (50.0 + 50.0 / 3.0 / sd).min(100.0)).abs() < 1e-12);
        assert_eq!(s[99], 100.0, "z = 7.07 is clipped to 3");
        assert_eq!(s[98], 0.0);
        let down = normalise(Method::ZScore, Direction::LowerBetter, &values(&xs));
        assert_eq!((down[98], down[99]), (100.0, 0.0));
    }
}
