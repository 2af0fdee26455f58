//! The matching engine over a register grown to every provincial zone: the 232 national
//! zones as shipped plus 5,000 generated provincial zones. Measures one demand against all
//! zones, the reverse view, the index build, and (with `--bench`) a timed re-ranking of
//! 100,000 demands over two threads, with per-demand p50/p99 (see docs/matching.md).

use chrono::DateTime;
use criterion::{Criterion, criterion_group};
use gowest_app::reference;
use gowest_domain::geo::LatLon;
use gowest_domain::industry::IndustryCode;
use gowest_domain::matching::{
    EstimatedRoadHours, HoursTable, MatchDemand, MatchIndex, MatchRules, Weights,
};
use gowest_domain::money::Fen;
use gowest_domain::port::{Port, PortKind};
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::Region;
use gowest_domain::zone::{Zone, ZoneLevel};
use std::hint::black_box;
use std::time::{Duration, Instant};

const PROVINCIAL: usize = 5_000;
const BATCH: usize = 100_000;
const CODES: [&str; 22] = [
    "13", "14", "15", "17", "18", "19", "26", "27", "29", "30", "31", "32", "33", "34", "35", "36",
    "37", "38", "39", "40", "C", "65",
];

/// splitmix64: deterministic, and no dependency for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn catalog() -> ReferenceCatalog {
    let ports = reference::ports()
        .expect("ports")
        .into_iter()
        .zip(1..)
        .map(|(p, id)| Port { id, ..p })
        .collect();
    ReferenceCatalog::new(
        reference::provinces().expect("provinces"),
        reference::industries().expect("industries"),
        ports,
    )
}

/// Wage (元/month) and land (元/m²) ranges by region, roughly those of the late 2000s.
fn costs(region: Region) -> ((i64, i64), (i64, i64)) {
    match region {
        Region::East => ((5_500, 10_000), (600, 2_500)),
        Region::Central => ((3_200, 5_500), (200, 600)),
        Region::West => ((3_300, 6_000), (150, 600)),
        Region::Northeast => ((3_800, 6_000), (250, 700)),
    }
}

fn fill(zone: &mut Zone, rng: &mut Rng) {
    let ((w0, w1), (l0, l1)) = costs(zone.region);
    let f = &mut zone.fields;
    let present = |rng: &mut Rng| rng.below(20) != 0;
    f.avg_wage_fen_per_month = present(rng).then(|| Fen(rng.range(w0, w1) * 100));
    f.land_price_fen_per_m2 = present(rng).then(|| Fen(rng.range(l0, l1) * 100));
    f.labour_available = present(rng).then(|| rng.range(500, 40_000) as u32);
    let n = 2 + rng.below(4);
    f.leading_industries = (0..n)
        .filter_map(|_| IndustryCode::parse(CODES[rng.below(CODES.len())]))
        .collect();
    f.leading_industries.sort();
    f.leading_industries.dedup();
}

fn zones(catalog: &ReferenceCatalog, rng: &mut Rng) -> Vec<Zone> {
    let epoch = DateTime::UNIX_EPOCH;
    let mut national: Vec<Zone> = reference::national_zones()
        .expect("zones")
        .iter()
        .zip(1..)
        .filter_map(|(input, id)| {
            let fields = input.validate(catalog, 2026).ok()?;
            Zone::derive(id, fields, epoch, catalog)
        })
        .collect();
    assert_eq!(national.len(), 232, "every shipped national zone validates");
    for zone in &mut national {
        fill(zone, rng);
    }
    // Provincial zones sit around a national zone of their province: a realistic spread
    // of provinces (more where there are more zones) and coordinates inside China.
    let provincial: Vec<Zone> = (0..PROVINCIAL)
        .map(|i| {
            let mut zone = national[rng.below(national.len())].clone();
            zone.id = 1_000 + i as i64;
            zone.fields.level = ZoneLevel::Provincial;
            zone.fields.name_zh = format!("省级开发区{i:04}");
            zone.fields.location = zone.fields.location.map(|at| {
                let (dlat, dlon) = (rng.unit() * 2.0 - 1.0, rng.unit() * 2.0 - 1.0);
                LatLon::new(at.lat + dlat, at.lon + dlon).unwrap_or(at)
            });
            fill(&mut zone, rng);
            zone
        })
        .collect();
    national.extend(provincial);
    national
}

fn demands(catalog: &ReferenceCatalog, n: usize, rng: &mut Rng) -> Vec<MatchDemand> {
    let sea: Vec<i64> = catalog
        .ports
        .iter()
        .filter(|p| p.kind == PortKind::Sea)
        .map(|p| p.id)
        .collect();
    (0..n)
        .map(|_| {
            let mut port_ids = vec![sea[rng.below(sea.len())]];
            if rng.below(3) == 0 {
                port_ids.push(sea[rng.below(sea.len())]);
            }
            MatchDemand {
                industry: IndustryCode::parse(CODES[rng.below(CODES.len())]).expect("code"),
                investment: Fen(rng.range(1_000, 100_000) * 1_000_000),
                workforce: rng.range(200, 10_000) as u32,
                port_ids,
                preferred_regions: if rng.below(5) == 0 {
                    vec![Region::ALL[rng.below(4)]]
                } else {
                    vec![]
                },
                processing_trade: rng.below(10) < 7,
            }
        })
        .collect()
}

struct Setup {
    index: MatchIndex,
    table: HoursTable,
    zones: Vec<Zone>,
    catalog: ReferenceCatalog,
    demands: Vec<MatchDemand>,
}

fn setup(n_demands: usize) -> Setup {
    let mut rng = Rng(2006);
    let catalog = catalog();
    let zones = zones(&catalog, &mut rng);
    let demands = demands(&catalog, n_demands, &mut rng);
    let index = MatchIndex::new(&zones, &catalog, MatchRules::default());
    let table = HoursTable::new(&index, &EstimatedRoadHours);
    Setup {
        index,
        table,
        zones,
        catalog,
        demands,
    }
}

fn matching(c: &mut Criterion) {
    let s = setup(100);
    let w = Weights::default();
    // The usual, and dearest, case: every zone a candidate, one port.
    let one = s
        .demands
        .iter()
        .find(|d| d.preferred_regions.is_empty() && d.port_ids.len() == 1)
        .expect("such a demand");
    let mut group = c.benchmark_group("matching");
    group.bench_function("rank 1 demand × 5232 zones, top 20, hours table", |b| {
        b.iter(|| black_box(s.index.rank(one, &w, &s.table, 20).candidates));
    });
    group.bench_function("rank 1 demand × 5232 zones, top 20, road estimate", |b| {
        b.iter(|| black_box(s.index.rank(one, &w, &EstimatedRoadHours, 20).candidates));
    });
    group.bench_function("rank_of 1 zone, 1 demand, hours table", |b| {
        b.iter(|| black_box(s.index.rank_of(1_500, one, &w, &s.table)));
    });
    group.sample_size(10);
    group.bench_function("score_zone 1 zone × 100 demands, hours table", |b| {
        b.iter(|| black_box(s.index.score_zone(1_500, &s.demands, &w, &s.table).len()));
    });
    group.bench_function("build index 5232 zones", |b| {
        b.iter(|| black_box(MatchIndex::new(&s.zones, &s.catalog, MatchRules::default()).len()));
    });
    group.bench_function("build hours table 5232 zones × 42 ports", |b| {
        b.iter(|| black_box(HoursTable::new(&s.index, &EstimatedRoadHours)));
    });
    group.finish();
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() - 1) * p / 100]
}

/// Per-demand latency over 2,000 different demands, then 100,000 demands over 2 threads.
fn batch() {
    let s = setup(BATCH);
    let w = Weights::default();
    let mut each: Vec<Duration> = s.demands[..2_000]
        .iter()
        .map(|d| {
            let t = Instant::now();
            black_box(s.index.rank(d, &w, &s.table, 20));
            t.elapsed()
        })
        .collect();
    each.sort();
    println!(
        "matching/one demand × {} zones (hours table): p50 {:?}, p99 {:?} (2,000 demands)",
        s.index.len(),
        percentile(&each, 50),
        percentile(&each, 99)
    );
    let t = Instant::now();
    let (ranked, cpu): (usize, Option<Duration>) = std::thread::scope(|scope| {
        let handles: Vec<_> = s
            .demands
            .chunks(s.demands.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(|| {
                    let start = thread_cpu();
                    let n: usize = chunk
                        .iter()
                        .map(|d| s.index.rank(d, &w, &s.table, 20).matches.len())
                        .sum();
                    (n, start.zip(thread_cpu()).map(|(a, b)| b - a))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .fold((0, Some(Duration::ZERO)), |(n, cpu), (m, c)| {
                (n + m, cpu.zip(c).map(|(a, b)| a + b))
            })
    });
    let wall = t.elapsed();
    println!(
        "matching/re-rank {} demands on 2 threads (hours table): {wall:?} wall, {cpu:?} CPU \
         over both threads ({ranked} matches)",
        s.demands.len()
    );
}

/// CPU time of the calling thread (Linux), to tell our cost from a busy machine's waits.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

criterion_group!(benches, matching);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs without `--bench`: skip the long timed run there.
    if std::env::args().any(|a| a == "--bench") {
        batch();
    }
}
