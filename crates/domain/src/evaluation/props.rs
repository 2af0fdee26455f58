//! Properties of a run over random zones, values, adjustments and weights.

use super::test_schemes::{indicator, plain};
use super::{
    Adjustment, Direction, Method, Scheme, TIE_TOLERANCE, WEIGHT_TOTAL, ZoneYear, evaluate,
};
use crate::region::Region;
use proptest::prelude::*;

const FIELDS: [&str; 4] = ["gdp", "exports", "new_jobs", "energy_intensity"];

/// A scheme over the four fields, the last lower-is-better, with the given weights.
fn scheme(weights: [u32; 4]) -> Scheme {
    let mut s = plain(&[]);
    s.dimensions[0].indicators = FIELDS
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(i, (f, w))| {
            let direction = if i == 3 {
                Direction::LowerBetter
            } else {
                Direction::HigherBetter
            };
            indicator(f, direction, w)
        })
        .collect();
    s
}

/// Weights of four indicators adding up to 10000, each at least 1.
fn weights() -> impl Strategy<Value = [u32; 4]> {
    (1u32..9997, 1u32..9997, 1u32..9997).prop_filter_map("sum", |(a, b, c)| {
        let rest = WEIGHT_TOTAL.checked_sub(a + b + c)?;
        (rest > 0).then_some([a, b, c, rest])
    })
}

fn zones() -> impl Strategy<Value = Vec<ZoneYear>> {
    let values = prop::collection::vec(prop::option::weighted(0.9, -1_000_000i64..1_000_000), 4);
    let adjustments = prop::collection::vec(prop_oneof![-2_000i64..=-1, 1i64..=2_000], 0..3);
    let zone = (values, adjustments, 0usize..4, prop::bool::weighted(0.1));
    prop::collection::vec(zone, 1..24).prop_map(|zs| {
        zs.into_iter()
            .enumerate()
            .map(|(i, (values, points, region, dq))| ZoneYear {
                zone_id: i as i64 + 1,
                region: Region::ALL[region],
                values: FIELDS
                    .iter()
                    .zip(values)
                    .filter_map(|(f, v)| Some(((*f).to_owned(), v?)))
                    .collect(),
                previous: Default::default(),
                adjustments: points
                    .into_iter()
                    .map(|points| Adjustment {
                        points,
                        reason: "r".into(),
                        evidence: "e".into(),
                    })
                    .collect(),
                disqualification: dq.then(|| super::Disqualification {
                    reason: "重大安全事故".into(),
                    evidence: "e".into(),
                }),
            })
            .collect()
    })
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![Just(Method::Efficacy), Just(Method::ZScore)]
}

proptest! {
    #[test]
    fn scores_stay_within_0_and_100_plus_the_bonus_cap(
        w in weights(), zs in zones(), m in method(),
    ) {
        let s = scheme(w);
        let e = evaluate(&s, 2023, m, &zs).expect("valid");
        let cap = s.bonus_cap as f64 / 100.0;
        for z in &e.zones {
            prop_assert!((0.0..=100.0 + cap + 1e-9).contains(&z.total()), "{}", z.total());
            prop_assert!((-1e-9..=100.0 + 1e-9).contains(&z.weighted));
            for l in &z.explanation.lines {
                prop_assert!((m.floor()..=100.0).contains(&l.score), "{}", l.score);
            }
            let sum: f64 = z.explanation.lines.iter().map(|l| l.contribution).sum();
            prop_assert!((sum - z.weighted).abs() < 1e-9);
        }
    }

    #[test]
    fn rank_order_matches_total_order(w in weights(), zs in zones(), m in method()) {
        let e = evaluate(&scheme(w), 2023, m, &zs).expect("valid");
        let ranked: Vec<_> = e.zones.iter().filter(|z| z.national_rank.is_some()).collect();
        for a in &ranked {
            for b in &ranked {
                let (ra, rb) = (a.national_rank, b.national_rank);
                if a.total() > b.total() + TIE_TOLERANCE {
                    prop_assert!(ra < rb, "{} > {} but rank {:?} vs {:?}", a.total(), b.total(), ra, rb);
                }
                if ra == rb {
                    prop_assert!((a.total() - b.total()).abs() <= TIE_TOLERANCE * 4.0);
                }
                if a.region == b.region && a.total() > b.total() + TIE_TOLERANCE {
                    prop_assert!(a.regional_rank < b.regional_rank);
                }
            }
        }
        let unranked = e.zones.iter().filter(|z| z.disqualification.is_some());
        prop_assert!(unranked.clone().all(|z| z.national_rank.is_none() && z.regional_rank.is_none()));
        prop_assert_eq!(ranked.len() + unranked.count(), zs.len());
    }

    #[test]
    fn adding_a_constant_to_every_value_leaves_efficacy_scores_unchanged(
        w in weights(), zs in zones(), c in -1_000_000i64..1_000_000,
    ) {
        let s = scheme(w);
        let before = evaluate(&s, 2023, Method::Efficacy, &zs).expect("valid");
        let shifted: Vec<ZoneYear> = zs
            .iter()
            .cloned()
            .map(|mut z| {
                z.values.values_mut().for_each(|v| *v += c);
                z
            })
            .collect();
        let after = evaluate(&s, 2023, Method::Efficacy, &shifted).expect("valid");
        for (a, b) in before.zones.iter().zip(&after.zones) {
            prop_assert_eq!(a.zone_id, b.zone_id);
            for (x, y) in a.explanation.lines.iter().zip(&b.explanation.lines) {
                prop_assert!((x.score - y.score).abs() < 1e-9, "{} vs {}", x.score, y.score);
            }
        }
    }

    #[test]
    fn a_scheme_is_valid_exactly_when_its_weights_are_positive_and_add_up(
        w in prop_oneof![weights(), prop::array::uniform4(0u32..6000)],
    ) {
        let result = scheme(w).validate(&super::CONTRACT_FIELDS);
        let sum: u32 = w.iter().sum();
        let good = sum == WEIGHT_TOTAL && w.iter().all(|&x| x > 0);
        prop_assert_eq!(result.is_ok(), good, "{:?}", w);
    }
}
