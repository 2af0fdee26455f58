//! Properties of the ranking over random zone sets, with travel hours from a table so that
//! a test can move one zone closer to a port directly.

use super::*;
use crate::geo::LatLon;
use crate::port::Port;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Hours per zone id; a second port adds its id in hours, so the mean over ports differs.
struct TableHours(BTreeMap<i64, f64>);

impl PortHours for TableHours {
    fn hours(&self, zone_id: i64, _from: LatLon, port: &Port) -> Option<f64> {
        self.0.get(&zone_id).map(|h| h + port.id as f64)
    }
}

const CODES: [&str; 6] = ["39", "36", "13", "26", "65", "C"];

fn any_zone(id: i64) -> impl Strategy<Value = (Z, Option<f64>)> {
    (
        0..4usize,
        0..5usize,
        (20.0f64..45.0, 100.0f64..122.0),
        proptest::sample::subsequence(CODES.to_vec(), 0..3),
        proptest::option::weighted(0.9, 1i64..3_000),
        proptest::option::weighted(0.9, 1_500i64..12_000),
        proptest::option::weighted(0.9, 0u32..50_000),
        proptest::option::weighted(0.9, 0.0f64..60.0),
    )
        .prop_map(move |(r, l, at, industries, land, wage, labour, hours)| {
            let zone = Z {
                id,
                region: Region::ALL[r],
                level: ZoneLevel::ALL[l],
                at,
                industries,
                land,
                wage,
                labour,
            };
            (zone, hours)
        })
}

fn any_zones() -> impl Strategy<Value = Vec<(Z, Option<f64>)>> {
    (2..24usize).prop_flat_map(|n| {
        // Ids spread out and unordered, so that id order is not insertion order.
        (0..n)
            .map(|i| any_zone(((i * 7919) % 1000) as i64 + 1))
            .collect::<Vec<_>>()
    })
}

fn any_demand() -> impl Strategy<Value = MatchDemand> {
    (
        proptest::sample::select(CODES.to_vec()),
        0u32..20_000,
        proptest::sample::select(vec![vec![], vec![SHENZHEN], vec![SHANGHAI, SHENZHEN]]),
        proptest::sample::subsequence(Region::ALL.to_vec(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(industry, workforce, ports, regions, pt)| MatchDemand {
            workforce,
            preferred_regions: regions,
            ..demand(industry, ports, pt)
        })
}

fn any_weights() -> impl Strategy<Value = Weights> {
    proptest::array::uniform7(0u8..=100)
        .prop_filter("one weight above zero", |w| w.iter().any(|x| *x > 0))
        .prop_map(|w| {
            let mut weights = Weights::zero();
            for (f, x) in Factor::ALL.into_iter().zip(w) {
                weights.set(f, x);
            }
            weights
        })
}

fn build(zones: &[(Z, Option<f64>)]) -> (MatchIndex, TableHours) {
    let list: Vec<Zone> = zones.iter().map(|(z, _)| z.zone()).collect();
    let hours = zones
        .iter()
        .filter_map(|(z, h)| h.map(|h| (z.id, h)))
        .collect();
    (
        MatchIndex::new(&list, &catalog(), MatchRules::default()),
        TableHours(hours),
    )
}

/// One improvement of one factor of one zone.
#[derive(Debug, Clone, Copy)]
enum Better {
    Land,
    Wage,
    Labour,
    Port,
    Industry,
}

fn improve(zones: &mut [(Z, Option<f64>)], k: usize, how: Better, d: &MatchDemand) {
    let (z, hours) = &mut zones[k];
    match how {
        Better::Land => z.land = z.land.map(|p| (p * 2 / 3).max(1)),
        Better::Wage => z.wage = z.wage.map(|w| (w * 2 / 3).max(1)),
        Better::Labour => z.labour = z.labour.map(|l| l * 2 + 100),
        Better::Port => *hours = hours.map(|h| h / 2.0),
        Better::Industry => {
            let code = CODES
                .iter()
                .find(|c| **c == d.industry.as_str())
                .copied()
                .unwrap_or("39");
            z.industries.retain(|c| *c != code);
            z.industries.insert(0, code);
            z.industries.truncate(3);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rankings_are_deterministic_and_independent_of_input_order(
        zones in any_zones(), d in any_demand(), w in any_weights()
    ) {
        let (index, hours) = build(&zones);
        let first = index.rank(&d, &w, &hours, 50);
        prop_assert_eq!(&first, &index.rank(&d, &w, &hours, 50));
        let mut reversed = zones.clone();
        reversed.reverse();
        let (index2, hours2) = build(&reversed);
        prop_assert_eq!(&first, &index2.rank(&d, &w, &hours2, 50));
        let table = HoursTable::new(&index, &hours);
        prop_assert_eq!(&first, &index.rank(&d, &w, &table, 50));
    }

    #[test]
    fn rankings_are_sorted_filtered_limited_and_tie_broken_by_id(
        zones in any_zones(), d in any_demand(), w in any_weights(), limit in 0..30usize
    ) {
        let (index, hours) = build(&zones);
        let all = index.rank(&d, &w, &hours, usize::MAX);
        let top = index.rank(&d, &w, &hours, limit);
        let expected = zones.iter().filter(|(z, _)| {
            d.preferred_regions.is_empty() || d.preferred_regions.contains(&z.region)
        }).count();
        prop_assert_eq!(all.candidates as usize, expected);
        prop_assert_eq!(all.matches.len(), expected);
        prop_assert_eq!(&top.matches[..], &all.matches[..limit.min(expected)]);
        for (i, pair) in all.matches.windows(2).enumerate() {
            prop_assert!(pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].zone_id < pair[1].zone_id));
            prop_assert_eq!(pair[0].rank as usize, i + 1);
        }
        for m in &all.matches {
            let z = zones.iter().find(|(z, _)| z.id == m.zone_id).map(|(z, _)| z.region);
            prop_assert!(d.preferred_regions.is_empty()
                || z.is_some_and(|r| d.preferred_regions.contains(&r)));
            let alone = index.rank_of(m.zone_id, &d, &w, &hours);
            prop_assert_eq!(Some(m), alone.as_ref());
            for f in &m.factors {
                prop_assert!((0.0..=300.0).contains(&f.index));
                prop_assert!(!f.missing || f.index == 100.0);
            }
        }
    }

    #[test]
    fn improving_a_factor_never_lowers_score_or_rank(
        mut zones in any_zones(), d in any_demand(), w in any_weights(),
        pick in any::<prop::sample::Index>(),
        how in proptest::sample::select(vec![
            Better::Land, Better::Wage, Better::Labour, Better::Port, Better::Industry,
        ])
    ) {
        let k = pick.index(zones.len());
        let id = zones[k].0.id;
        let (index, hours) = build(&zones);
        let before = index.rank_of(id, &d, &w, &hours);
        improve(&mut zones, k, how, &d);
        let (index, hours) = build(&zones);
        let after = index.rank_of(id, &d, &w, &hours);
        match (before, after) {
            (Some(b), Some(a)) => {
                prop_assert!(a.score >= b.score, "{:?}: {} → {}", how, b.score, a.score);
                prop_assert!(a.rank <= b.rank, "{:?}: rank {} → {}", how, b.rank, a.rank);
            }
            (None, None) => {}
            (b, a) => prop_assert!(false, "candidacy changed: {:?} → {:?}", b, a),
        }
    }

    /// The score is Σ wᵢ·indexᵢ / Σ wᵢ, so raising wᶠ pulls it towards indexᶠ: it cannot
    /// fall when indexᶠ is at least the current score (in particular when indexᶠ is the
    /// zone's highest index).
    #[test]
    fn raising_a_weight_never_lowers_a_zone_at_least_as_good_on_that_factor(
        zones in any_zones(), d in any_demand(), w in any_weights(),
        f in proptest::sample::select(Factor::ALL.to_vec()), up in 1u8..=100
    ) {
        let (index, hours) = build(&zones);
        let mut heavier = w;
        heavier.set(f, w.get(f).saturating_add(up).min(Weights::MAX));
        for m in index.rank(&d, &w, &hours, usize::MAX).matches {
            let on_f = m.factor(f).map_or(0.0, |s| s.index);
            if on_f >= m.score {
                let after = index.rank_of(m.zone_id, &d, &heavier, &hours);
                prop_assert!(after.is_some_and(|a| a.score >= m.score));
            }
        }
    }

    #[test]
    fn weights_validate_exactly_when_some_weight_counts(w in proptest::array::uniform7(0u8..=100)) {
        let mut weights = Weights::zero();
        for (f, x) in Factor::ALL.into_iter().zip(w) {
            weights.set(f, x);
        }
        prop_assert_eq!(weights.validate().is_ok(), w.iter().any(|x| *x > 0));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// With more zones than possible raw values, fit, labour, hours, points and counts are
    /// read from per-demand tables; they must equal the direct computation.
    #[test]
    fn lookup_tables_agree_with_direct_indices(
        zones in (0..700i64).map(any_zone).collect::<Vec<_>>(),
        d in any_demand(),
        w in any_weights(),
    ) {
        let (index, hours) = build(&zones);
        let pass = super::super::score::Pass::new(&index, &d, &w, &hours);
        for c in 0..pass.slots.len() {
            let direct = Factor::ALL.map(|f| pass.stats[f as usize].index(f, pass.raw[c][f as usize]));
            let indices = pass.indices(c);
            for f in Factor::ALL {
                if w.get(f) > 0 {
                    prop_assert_eq!(indices[f as usize], direct[f as usize], "{:?}", f);
                }
            }
        }
    }
}
