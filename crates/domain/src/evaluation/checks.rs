//! The checks of the research notes (section 5) on the shipped 2021 edition: a zone best on
//! every indicator scores 100, worst on every indicator 60, midway 80, and best on 对外开放
//! alone 0.30·100 + 0.70·60 = 72.

use super::test_schemes::{plain, zone};
use super::{Evaluation, Method, Scheme, ZoneYear, evaluate};
use crate::region::Region;

/// Last year's value and this year's.
type YearPair = (i64, i64);

/// Per field: last year and this year, for a zone best on every indicator and for one worst
/// on every indicator. Ratios and growth rates come out best and worst too (export share
/// 90 % against 20 %, GDP growth +100 % against −50 %; lower is better for the intensities).
const FIELDS: [(&str, YearPair, YearPair); 20] = [
    ("fdi_actual", (50, 100), (100, 10)),
    ("trade_total", (500, 1000), (100, 50)),
    ("exports", (900, 900), (10, 10)),
    ("gdp", (500, 1000), (200, 100)),
    ("tax_revenue", (500, 500), (1, 1)),
    ("industrial_output", (100, 100), (1, 1)),
    ("fixed_asset_investment", (100, 100), (1, 1)),
    ("new_jobs", (500, 1000), (1000, 100)),
    ("rd_intensity", (500, 500), (10, 10)),
    ("high_tech_enterprises", (10, 20), (10, 5)),
    ("research_institutions", (5, 10), (10, 2)),
    ("incubators", (10, 10), (1, 1)),
    ("listed_enterprises", (10, 10), (1, 1)),
    ("large_manufacturers", (10, 10), (1, 1)),
    ("energy_intensity", (100, 100), (900, 900)),
    ("carbon_intensity", (400, 200), (500, 800)),
    ("water_intensity", (100, 100), (900, 900)),
    ("solid_waste_utilisation", (9500, 9500), (3000, 3000)),
    ("cooperation_parks", (5, 5), (0, 0)),
    ("paired_assistance", (5, 5), (0, 0)),
];

/// A zone that takes the best values for the fields `best_for` says, the worst for others.
fn zone_taking(id: i64, best_for: impl Fn(&str) -> bool) -> ZoneYear {
    let mut z = zone(id, Region::West, &[]);
    for (field, best, worst) in FIELDS {
        let (before, now) = if best_for(field) { best } else { worst };
        z.values.insert(field.into(), now);
        z.previous.insert(field.into(), before);
    }
    z
}

fn run(zones: &[ZoneYear]) -> Evaluation {
    let scheme = Scheme::mofcom_2021().expect("shipped");
    evaluate(&scheme, 2021, Method::Efficacy, zones).expect("valid")
}

fn total_of(e: &Evaluation, id: i64) -> f64 {
    e.zones
        .iter()
        .find(|z| z.zone_id == id)
        .map(|z| z.total())
        .expect("zone scored")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn best_on_every_indicator_scores_100_and_worst_60() {
    let e = run(&[zone_taking(1, |_| true), zone_taking(2, |_| false)]);
    for line in &e.zones[0].explanation.lines {
        assert_eq!(line.score, 100.0, "{}", line.indicator);
    }
    for line in &e.zones[1].explanation.lines {
        assert_eq!(line.score, 60.0, "{}", line.indicator);
    }
    assert!(close(total_of(&e, 1), 100.0), "{}", total_of(&e, 1));
    assert!(close(total_of(&e, 2), 60.0), "{}", total_of(&e, 2));
}

#[test]
fn best_on_opening_alone_scores_72_and_its_mirror_88() {
    let opening = |f: &str| ["fdi_actual", "trade_total", "exports"].contains(&f);
    let e = run(&[zone_taking(1, opening), zone_taking(2, |f| !opening(f))]);
    let dims: Vec<f64> = e.zones[1].dimensions.iter().map(|d| d.score).collect();
    assert_eq!(dims, [100.0, 60.0, 60.0, 60.0, 60.0], "zone 1's dimensions");
    assert!(close(total_of(&e, 1), 72.0), "{}", total_of(&e, 1));
    assert!(close(total_of(&e, 2), 88.0), "{}", total_of(&e, 2));
}

#[test]
fn midway_on_every_indicator_scores_80_under_efficacy_and_the_mean_50_under_z_score() {
    let scheme = plain(&[("gdp", 5000), ("exports", 3000), ("new_jobs", 2000)]);
    let at = |id, x| {
        zone(
            id,
            Region::East,
            &[("gdp", x), ("exports", x), ("new_jobs", x)],
        )
    };
    let zones = [at(1, 10), at(2, 20), at(3, 30)];
    let e = evaluate(&scheme, 2021, Method::Efficacy, &zones).expect("valid");
    assert!(close(total_of(&e, 2), 80.0), "{}", total_of(&e, 2));
    let e = evaluate(&scheme, 2021, Method::ZScore, &zones).expect("valid");
    assert!(close(total_of(&e, 2), 50.0), "{}", total_of(&e, 2));
}
