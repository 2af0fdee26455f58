//! Figures grouped by zone, province, region or the whole country, with each rate given as
//! its exact counts and in basis points, as reports and pages show them.

use super::figures::{PipelineFigures, Ratio};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How to group records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FiguresBy {
    Zone,
    Province,
    Region,
    National,
}

impl FiguresBy {
    pub fn parse(raw: &str) -> Option<FiguresBy> {
        match raw.trim() {
            "zone" => Some(FiguresBy::Zone),
            "province" => Some(FiguresBy::Province),
            "region" => Some(FiguresBy::Region),
            "national" | "" => Some(FiguresBy::National),
            _ => None,
        }
    }
}

/// An exact rate: numerator / denominator, and basis points (1 bp = 0.01%) rounded half up;
/// `basis_points` is absent when there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Rate {
    pub numerator: i128,
    pub denominator: i128,
    pub basis_points: Option<i128>,
}

impl From<Ratio> for Rate {
    fn from(r: Ratio) -> Rate {
        Rate {
            numerator: r.numerator,
            denominator: r.denominator,
            basis_points: r.basis_points(),
        }
    }
}

impl Rate {
    /// `66.67%`, or `—` when undefined.
    pub fn percent(&self) -> String {
        match self.basis_points {
            Some(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            None => "—".into(),
        }
    }
}

/// 履约率, 落地率, 开工率 and 资金到位率 (with and without entries still lacking evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Rates {
    pub performance_rate: Rate,
    pub landing_rate: Rate,
    pub start_rate: Rate,
    pub funds_rate: Rate,
    pub funds_rate_incl_unverified: Rate,
}

impl Rates {
    pub fn of(f: &PipelineFigures) -> Rates {
        Rates {
            performance_rate: f.performance_rate().into(),
            landing_rate: f.landing_rate().into(),
            start_rate: f.start_rate().into(),
            funds_rate: f.funds_rate().into(),
            funds_rate_incl_unverified: f.funds_rate_incl_unverified().into(),
        }
    }
}

/// The figures of one group: a zone (key = its id), a province (its code), a region (its
/// code) or the country (`all`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FiguresRow {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub figures: PipelineFigures,
    pub rates: Rates,
}

impl FiguresRow {
    pub fn new(key: String, name_zh: String, name_en: String, figures: PipelineFigures) -> Self {
        FiguresRow {
            key,
            name_zh,
            name_en,
            rates: Rates::of(&figures),
            figures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_show_exact_counts_and_percentages() {
        let r = Rate::from(Ratio {
            numerator: 2,
            denominator: 3,
        });
        assert_eq!(r.basis_points, Some(6667));
        assert_eq!(r.percent(), "66.67%");
        let none = Rate::from(Ratio {
            numerator: 0,
            denominator: 0,
        });
        assert_eq!(none.percent(), "—");
        assert_eq!(FiguresBy::parse("province"), Some(FiguresBy::Province));
        assert_eq!(FiguresBy::parse("city"), None);
    }
}
