//! Evaluation of 232 zones × 30 indicators (the 2021 edition) × 3 years, and the demotion
//! list over those years: the issue 17 aim is at most 1 s.

use criterion::{Criterion, criterion_group, criterion_main};
use gowest_domain::evaluation::{
    Adjustment, CONTRACT_FIELDS, Method, Scheme, ZoneYear, demotion_candidates, evaluate,
};
use gowest_domain::region::Region;
use std::collections::BTreeMap;
use std::hint::black_box;

const ZONES: usize = 232;
const YEARS: [i32; 3] = [2021, 2022, 2023];

/// A small deterministic generator, so every run scores the same figures.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as i64
    }
}

/// The zones' filings for each year, each year's `previous` the year before. Each year
/// about one value in fifty goes unfiled (and stays so), and one zone in ten has an
/// adjustment.
fn filings() -> Vec<Vec<ZoneYear>> {
    let mut rng = Lcg(17);
    let region = |i: usize| match i {
        0..107 => Region::East,
        107..159 => Region::Central,
        159..210 => Region::West,
        _ => Region::Northeast,
    };
    let mut last: Vec<BTreeMap<String, i64>> = (0..ZONES)
        .map(|_| {
            CONTRACT_FIELDS
                .iter()
                .map(|f| ((*f).to_owned(), 1 + rng.next(1_000_000_000)))
                .collect()
        })
        .collect();
    YEARS
        .iter()
        .map(|_| {
            let zones: Vec<ZoneYear> = (0..ZONES)
                .map(|i| {
                    let mut values = BTreeMap::new();
                    for (f, v) in &last[i] {
                        if rng.next(50) != 0 {
                            values.insert(f.clone(), v + v * (rng.next(41) - 20) / 100);
                        }
                    }
                    let mut adjustments = Vec::new();
                    if rng.next(10) == 0 {
                        adjustments.push(Adjustment {
                            points: rng.next(300) - 150,
                            reason: "bench".into(),
                            evidence: "bench".into(),
                        });
                    }
                    adjustments.retain(|a| a.points != 0);
                    ZoneYear {
                        zone_id: i as i64 + 1,
                        region: region(i),
                        values,
                        previous: last[i].clone(),
                        adjustments,
                        disqualification: None,
                    }
                })
                .collect();
            last = zones.iter().map(|z| z.values.clone()).collect();
            zones
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let scheme = Scheme::mofcom_2021().expect("the shipped scheme is valid");
    assert_eq!(scheme.indicator_count(), 30);
    let years = filings();
    c.bench_function(
        "evaluate 232 zones x 30 indicators x 3 years + demotion",
        |b| {
            b.iter(|| {
                let placings: Vec<_> = YEARS
                    .iter()
                    .zip(&years)
                    .map(|(&year, zones)| {
                        evaluate(&scheme, year, Method::Efficacy, black_box(zones))
                            .expect("valid")
                            .placings()
                    })
                    .collect();
                black_box(demotion_candidates(&placings).expect("a window"))
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
