//! One evaluation run: a scheme, a year, a normalisation method and the zones' filed values
//! give each zone its indicator and dimension scores, its total, its ranks and the
//! explanation of every point.

use super::adjust::{Adjusted, Adjustment, Disqualification, apply};
use super::normalise::{Method, Raw, normalise};
use super::scheme::{Scheme, Source, WEIGHT_TOTAL};
use crate::error::{FieldError, Validation};
use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// Totals closer than this share a rank: two zones with the same figures must tie even if
/// their sums were added up in a different order.
pub const TIE_TOLERANCE: f64 = 1e-9;

/// What one zone filed for the year scored and the year before, and its adjustments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ZoneYear {
    pub zone_id: i64,
    pub region: Region,
    /// Values in the stored unit, by field code; a field not here was not filed.
    pub values: BTreeMap<String, i64>,
    /// Last year's values, read by growth indicators.
    pub previous: BTreeMap<String, i64>,
    pub adjustments: Vec<Adjustment>,
    pub disqualification: Option<Disqualification>,
}

/// One indicator's part in a zone's score: one bar of the waterfall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorLine {
    pub dimension: String,
    pub indicator: String,
    pub raw: Raw,
    /// 0–100 on the run's method.
    pub score: f64,
    /// Points of the total: score × dimension weight × indicator weight.
    pub contribution: f64,
    /// Why there is no value: `未填报 / not filed` or `无法计算 / cannot be computed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DimensionScore {
    pub dimension: String,
    /// 0–100: the weighted mean of its indicators' scores.
    pub score: f64,
    /// Points of the total: score × dimension weight.
    pub contribution: f64,
}

/// A zone's score, point by point, in the scheme's order, then the adjustments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    pub lines: Vec<IndicatorLine>,
    pub adjustments: Vec<Adjustment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ZoneScore {
    pub zone_id: i64,
    pub region: Region,
    pub dimensions: Vec<DimensionScore>,
    /// The weighted sum of the indicators, before adjustments.
    pub weighted: f64,
    pub adjusted: Adjusted,
    pub disqualification: Option<Disqualification>,
    /// None when disqualified.
    pub national_rank: Option<u32>,
    /// Rank among the zones of its region; None when disqualified.
    pub regional_rank: Option<u32>,
    pub explanation: Explanation,
}

impl ZoneScore {
    pub fn total(&self) -> f64 {
        self.adjusted.total
    }
}

/// The result of a run: ranked zones first (by rank, then zone id), disqualified ones last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evaluation {
    pub scheme: String,
    pub year: i32,
    pub method: Method,
    pub zones: Vec<ZoneScore>,
}

/// Scores and ranks the zones of one year on a validated scheme.
pub fn evaluate(
    scheme: &Scheme,
    year: i32,
    method: Method,
    zones: &[ZoneYear],
) -> Result<Evaluation, Validation> {
    check_zones(zones)?;
    let n = zones.len();
    let mut lines: Vec<Vec<IndicatorLine>> = vec![Vec::with_capacity(scheme.indicator_count()); n];
    let mut dimensions: Vec<Vec<DimensionScore>> =
        vec![Vec::with_capacity(scheme.dimensions.len()); n];
    let total_weight = f64::from(WEIGHT_TOTAL);
    for d in &scheme.dimensions {
        let dim_weight = f64::from(d.weight) / total_weight;
        let mut dim_scores = vec![0.0; n];
        for x in &d.indicators {
            let weight = f64::from(x.weight) / total_weight;
            let raws: Vec<Raw> = zones.iter().map(|z| raw(&x.source, z)).collect();
            let scores = normalise(method, x.direction, &raws);
            for (i, (r, s)) in raws.into_iter().zip(scores).enumerate() {
                dim_scores[i] += s * weight;
                lines[i].push(IndicatorLine {
                    dimension: d.code.clone(),
                    indicator: x.code.clone(),
                    raw: r,
                    score: s,
                    contribution: s * weight * dim_weight,
                    note: note(r),
                });
            }
        }
        for (i, score) in dim_scores.into_iter().enumerate() {
            dimensions[i].push(DimensionScore {
                dimension: d.code.clone(),
                score,
                contribution: score * dim_weight,
            });
        }
    }
    let mut scored: Vec<ZoneScore> = zones
        .iter()
        .zip(lines.into_iter().zip(dimensions))
        .map(|(z, (lines, dimensions))| {
            let weighted = dimensions.iter().map(|d| d.contribution).sum();
            ZoneScore {
                zone_id: z.zone_id,
                region: z.region,
                dimensions,
                weighted,
                adjusted: apply(weighted, &z.adjustments, scheme.bonus_cap),
                disqualification: z.disqualification.clone(),
                national_rank: None,
                regional_rank: None,
                explanation: Explanation {
                    lines,
                    adjustments: z.adjustments.clone(),
                },
            }
        })
        .collect();
    rank(&mut scored);
    Ok(Evaluation {
        scheme: scheme.code.clone(),
        year,
        method,
        zones: scored,
    })
}

fn check_zones(zones: &[ZoneYear]) -> Result<(), Validation> {
    let mut v = Validation::default();
    let mut seen = BTreeSet::new();
    for (i, z) in zones.iter().enumerate() {
        if !seen.insert(z.zone_id) {
            v.push(FieldError::new(
                format!("zones[{i}].zone_id"),
                "duplicate",
                format!("开发区{}在本次评价中出现两次", z.zone_id),
                format!("zone {} appears twice in the run", z.zone_id),
            ));
        }
        for (j, a) in z.adjustments.iter().enumerate() {
            a.check(&format!("zones[{i}].adjustments[{j}]."), &mut v);
        }
    }
    v.finish(())
}

fn raw(source: &Source, z: &ZoneYear) -> Raw {
    let filed = |map: &BTreeMap<String, i64>, f: &str| map.get(f).map(|&x| x as f64);
    let percent = |num: f64, den: f64| {
        if den == 0.0 {
            Raw::NotComputable
        } else {
            Raw::Value(100.0 * num / den)
        }
    };
    match source {
        Source::Field(f) => filed(&z.values, f).map_or(Raw::NotFiled, Raw::Value),
        Source::Ratio {
            numerator,
            denominator,
        } => match (filed(&z.values, numerator), filed(&z.values, denominator)) {
            (Some(num), Some(den)) => percent(num, den),
            _ => Raw::NotFiled,
        },
        Source::Growth(f) => match (filed(&z.values, f), filed(&z.previous, f)) {
            (Some(now), Some(before)) => percent(now - before, before.abs()),
            _ => Raw::NotFiled,
        },
    }
}

fn note(raw: Raw) -> Option<String> {
    match raw {
        Raw::Value(_) => None,
        Raw::NotFiled => Some("未填报 / not filed".into()),
        Raw::NotComputable => Some(
            "无法计算（分母或上年值为零）/ cannot be computed (zero denominator or last year zero)"
                .into(),
        ),
    }
}

/// Sorts the zones (ranked by total, then by zone id; disqualified last) and gives the
/// national and regional ranks: zones within [`TIE_TOLERANCE`] share a rank, and the next
/// rank skips as many places as shared it (1, 2, 2, 4).
fn rank(zones: &mut [ZoneScore]) {
    zones.sort_by(|a, b| {
        a.disqualification
            .is_some()
            .cmp(&b.disqualification.is_some())
            .then(b.total().total_cmp(&a.total()))
            .then(a.zone_id.cmp(&b.zone_id))
    });
    let mut national = Ranker::default();
    let mut regional: BTreeMap<Region, Ranker> = BTreeMap::new();
    for z in zones.iter_mut().filter(|z| z.disqualification.is_none()) {
        z.national_rank = Some(national.next(z.adjusted.total));
        let region = regional.entry(z.region).or_default();
        z.regional_rank = Some(region.next(z.adjusted.total));
    }
}

/// Hands out competition ranks to totals given best first.
#[derive(Default)]
struct Ranker {
    seen: u32,
    last: Option<(f64, u32)>,
}

impl Ranker {
    fn next(&mut self, total: f64) -> u32 {
        self.seen += 1;
        let rank = match self.last {
            Some((prev, rank)) if prev - total <= TIE_TOLERANCE => rank,
            _ => self.seen,
        };
        self.last = Some((total, rank));
        rank
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_schemes::{plain, zone};
    use super::*;

    fn ranks(e: &Evaluation) -> Vec<(i64, Option<u32>, Option<u32>)> {
        e.zones
            .iter()
            .map(|z| (z.zone_id, z.national_rank, z.regional_rank))
            .collect()
    }

    #[test]
    fn ties_share_a_rank_in_zone_id_order_and_disqualified_zones_are_not_ranked() {
        let scheme = plain(&[("gdp", 10_000)]);
        let mut zones = vec![
            zone(4, Region::West, &[("gdp", 50)]),
            zone(2, Region::West, &[("gdp", 50)]),
            zone(3, Region::East, &[("gdp", 90)]),
            zone(1, Region::East, &[("gdp", 10)]),
            zone(5, Region::West, &[("gdp", 30)]),
        ];
        zones[2].disqualification = Some(Disqualification {
            reason: "重大安全事故".into(),
            evidence: "应急管理部通报".into(),
        });
        let e = evaluate(&scheme, 2023, Method::Efficacy, &zones).expect("valid");
        assert_eq!(
            ranks(&e),
            [
                (2, Some(1), Some(1)),
                (4, Some(1), Some(1)),
                (5, Some(3), Some(3)),
                (1, Some(4), Some(1)),
                (3, None, None),
            ]
        );
        // The disqualified zone still sets the top of the range: it is scored, only not ranked.
        assert_eq!(e.zones[4].total(), 100.0);
    }

    #[test]
    fn ratios_and_growth_read_the_right_fields_and_say_why_a_value_is_missing() {
        let scheme = super::super::Scheme::mofcom_2021().expect("shipped");
        let mut z = zone(1, Region::West, &[("exports", 30), ("trade_total", 120)]);
        z.previous.insert("trade_total".into(), 100);
        let mut other = zone(2, Region::West, &[("exports", 0), ("trade_total", 0)]);
        other.previous.insert("trade_total".into(), 0);
        let e = evaluate(&scheme, 2023, Method::Efficacy, &[z, other]).expect("valid");
        let line = |zone: usize, code: &str| {
            e.zones[zone]
                .explanation
                .lines
                .iter()
                .find(|l| l.indicator == code)
                .cloned()
                .expect("line")
        };
        assert_eq!(line(0, "export_share").raw, Raw::Value(25.0));
        assert_eq!(line(0, "trade_growth").raw, Raw::Value(20.0));
        assert_eq!(line(1, "export_share").raw, Raw::NotComputable);
        assert_eq!(line(1, "trade_growth").raw, Raw::NotComputable);
        let gdp = line(0, "gdp");
        assert_eq!((gdp.raw, gdp.score), (Raw::NotFiled, 60.0));
        assert_eq!(gdp.note.as_deref(), Some("未填报 / not filed"));
        assert_eq!(e.zones[0].explanation.lines.len(), 30);
    }

    #[test]
    fn a_run_refuses_a_zone_twice_and_a_blank_adjustment_by_field() {
        let scheme = plain(&[("gdp", 10_000)]);
        let mut a = zone(1, Region::East, &[]);
        a.adjustments.push(Adjustment {
            points: 0,
            reason: "x".into(),
            evidence: " ".into(),
        });
        let b = zone(1, Region::East, &[]);
        let err = evaluate(&scheme, 2023, Method::ZScore, &[a, b]).expect_err("bad");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "zones[0].adjustments[0].points",
                "zones[0].adjustments[0].evidence",
                "zones[1].zone_id"
            ]
        );
    }
}
