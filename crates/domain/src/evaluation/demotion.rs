//! 降级备选: under the 2021 rules a zone in its region's bottom 5 in at least 2 of 3
//! consecutive years is a demotion candidate; candidates are listed per region by the
//! average of the scores of those years, lowest first.

use super::score::Evaluation;
use crate::error::{FieldError, Validation};
use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A zone is "bottom" when fewer than this many ranked zones of its region are behind it.
pub const BOTTOM_PLACES: usize = 5;
/// The window of consecutive years the rule looks at.
pub const WINDOW_YEARS: usize = 3;
/// Bottom placings within the window that make a candidate.
pub const PLACINGS_NEEDED: usize = 2;

/// A zone's place in one year's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Placing {
    pub zone_id: i64,
    pub region: Region,
    pub total: f64,
    /// None when disqualified that year.
    pub regional_rank: Option<u32>,
}

/// One year's placings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct YearPlacings {
    pub year: i32,
    pub placings: Vec<Placing>,
}

impl Evaluation {
    /// The part of a run the demotion rule reads.
    pub fn placings(&self) -> YearPlacings {
        YearPlacings {
            year: self.year,
            placings: self
                .zones
                .iter()
                .map(|z| Placing {
                    zone_id: z.zone_id,
                    region: z.region,
                    total: z.total(),
                    regional_rank: z.regional_rank,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DemotionCandidate {
    pub zone_id: i64,
    /// The region of the latest year it was in the bottom.
    pub region: Region,
    /// The years it was in its region's bottom 5, oldest first.
    pub years: Vec<i32>,
    /// The mean of its totals in those years.
    pub average: f64,
}

/// The candidates of a window of three consecutive years, by region (东, 中, 西, 东北),
/// then by average (lowest first), then by zone id. A zone disqualified in a year counts
/// as in the bottom that year: an accident must not shield it from the list.
pub fn demotion_candidates(years: &[YearPlacings]) -> Result<Vec<DemotionCandidate>, Validation> {
    let mut sorted: Vec<&YearPlacings> = years.iter().collect();
    sorted.sort_by_key(|y| y.year);
    let consecutive = sorted.windows(2).all(|w| w[1].year == w[0].year + 1);
    if sorted.len() != WINDOW_YEARS || !consecutive {
        let got: Vec<String> = sorted.iter().map(|y| y.year.to_string()).collect();
        return Err(Validation(vec![FieldError::new(
            "years",
            "not_a_window",
            format!("降级备选需要连续3年的结果，收到：{}", got.join("、")),
            format!(
                "the demotion rule needs 3 consecutive years, got: {}",
                got.join(", ")
            ),
        )]));
    }
    let mut bottoms: BTreeMap<i64, (Region, Vec<i32>, Vec<f64>)> = BTreeMap::new();
    for y in sorted {
        for p in bottom(&y.placings) {
            let entry = bottoms
                .entry(p.zone_id)
                .or_insert_with(|| (p.region, Vec::new(), Vec::new()));
            entry.0 = p.region;
            entry.1.push(y.year);
            entry.2.push(p.total);
        }
    }
    let mut candidates: Vec<DemotionCandidate> = bottoms
        .into_iter()
        .filter(|(_, (_, years, _))| years.len() >= PLACINGS_NEEDED)
        .map(|(zone_id, (region, years, totals))| DemotionCandidate {
            zone_id,
            region,
            years,
            average: totals.iter().sum::<f64>() / totals.len() as f64,
        })
        .collect();
    candidates.sort_by(|a, b| {
        a.region
            .cmp(&b.region)
            .then(a.average.total_cmp(&b.average))
            .then(a.zone_id.cmp(&b.zone_id))
    });
    Ok(candidates)
}

/// The placings in their region's bottom: disqualified, or with fewer than
/// [`BOTTOM_PLACES`] ranked zones of the region ranked strictly behind (so zones tied at
/// the boundary are all in).
fn bottom(placings: &[Placing]) -> impl Iterator<Item = &Placing> {
    let mut ranks: BTreeMap<Region, Vec<u32>> = BTreeMap::new();
    for p in placings {
        if let Some(r) = p.regional_rank {
            ranks.entry(p.region).or_default().push(r);
        }
    }
    placings.iter().filter(move |p| match p.regional_rank {
        None => true,
        Some(r) => {
            let behind = ranks
                .get(&p.region)
                .map_or(0, |rs| rs.iter().filter(|&&o| o > r).count());
            behind < BOTTOM_PLACES
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten western zones, ids 1–10; `bottom` lists those placed 6th–10th (with totals
    /// 50, 49, …) and the others take the top places.
    fn year(year: i32, bottom: [i64; 5]) -> YearPlacings {
        let mut placings = Vec::new();
        let mut top = 1;
        for id in 1..=10 {
            let (rank, total) = match bottom.iter().position(|&b| b == id) {
                Some(i) => (6 + i as u32, 50.0 - i as f64),
                None => {
                    top += 1;
                    (top - 1, 90.0 - f64::from(top))
                }
            };
            placings.push(Placing {
                zone_id: id,
                region: Region::West,
                total,
                regional_rank: Some(rank),
            });
        }
        YearPlacings { year, placings }
    }

    fn ids(c: &[DemotionCandidate]) -> Vec<i64> {
        c.iter().map(|c| c.zone_id).collect()
    }

    #[test]
    fn bottom_in_years_one_and_three_is_a_candidate_but_one_and_four_is_not() {
        let y1 = year(2021, [1, 2, 3, 4, 5]);
        let y2 = year(2022, [6, 7, 8, 9, 10]);
        let y3 = year(2023, [1, 7, 8, 9, 10]);
        let y4 = year(2024, [2, 6, 8, 9, 10]);
        // Zone 2: bottom in 2021 and 2024 only, never twice in one window.
        let first = demotion_candidates(&[y1.clone(), y2.clone(), y3.clone()]).expect("window");
        assert!(ids(&first).contains(&1));
        assert!(!ids(&first).contains(&2));
        let second = demotion_candidates(&[y2, y3, y4]).expect("window");
        assert!(!ids(&second).contains(&2));
        let one = first.iter().find(|c| c.zone_id == 1).expect("zone 1");
        assert_eq!((one.years.clone(), one.average), (vec![2021, 2023], 50.0));
    }

    #[test]
    fn candidates_are_ordered_by_region_then_average_then_id() {
        let y1 = year(2021, [1, 2, 3, 4, 5]);
        let y2 = year(2022, [5, 4, 3, 2, 1]);
        let y3 = year(2023, [10, 9, 8, 7, 6]);
        let c = demotion_candidates(&[y3, y1, y2]).expect("window in any order");
        // Averages: 1 → (50+46)/2 = 48, 2 → (49+47)/2 = 48, 3 → 48, 4 → 48, 5 → 48: all tie.
        assert_eq!(ids(&c), [1, 2, 3, 4, 5]);
        let mut east = year(2021, [1, 2, 3, 4, 5]);
        for p in &mut east.placings {
            p.region = Region::East;
            p.zone_id += 100;
        }
        let mut y1 = year(2021, [1, 2, 3, 4, 5]);
        y1.placings.extend(east.placings.clone());
        let mut y2 = year(2022, [3, 1, 2, 4, 5]);
        y2.placings.extend(east.placings.clone());
        let y3 = year(2023, [6, 7, 8, 9, 10]);
        let c = demotion_candidates(&[y1, y2, y3]).expect("window");
        // East first (101 averages 50, 105 averages 46); in the west 5 (46), 4 (47),
        // 2 (49, 48 → 48.5), 3 (48, 50 → 49), 1 (50, 49 → 49.5).
        assert_eq!(ids(&c), [105, 104, 103, 102, 101, 5, 4, 2, 3, 1]);
    }

    #[test]
    fn a_disqualified_year_counts_and_ties_at_the_boundary_are_all_in() {
        let mut y1 = year(2021, [1, 2, 3, 4, 5]);
        y1.placings[5].regional_rank = None; // zone 6
        let mut y2 = year(2022, [7, 8, 9, 10, 1]);
        // Zone 6 ties with zone 7 at the boundary (6th): both are in the bottom.
        y2.placings[5].regional_rank = Some(6);
        let y3 = year(2023, [1, 2, 3, 4, 5]);
        let c = demotion_candidates(&[y1, y2, y3]).expect("window");
        assert!(ids(&c).contains(&6), "{:?}", ids(&c));
    }

    #[test]
    fn the_window_must_be_three_consecutive_years() {
        for years in [vec![2021, 2022], vec![2021, 2022, 2024], vec![2021; 3]] {
            let window: Vec<YearPlacings> =
                years.iter().map(|&y| year(y, [1, 2, 3, 4, 5])).collect();
            let err = demotion_candidates(&window).expect_err("not a window");
            assert_eq!(err.0[0].field, "years");
        }
    }
}
