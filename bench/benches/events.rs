//! The B2B scheduler at the scale: 1,000 participants (two per organisation) with
//! 10 meeting requests each to people of other organisations. Prints the placement against
//! the upper bound for a one-day (16 slots) and a day-and-a-half (24 slots) programme with
//! 500 tables, then times the one-day run (see docs/performance.md).

use criterion::{Criterion, criterion_group};
use gowest_domain::events::{Attendee, PairRequest, schedule};
use std::hint::black_box;
use std::time::Instant;

const PEOPLE: i64 = 1_000;
const REQUESTS_EACH: usize = 10;
const TABLES: u32 = 500;

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
}

fn input() -> (Vec<Attendee>, Vec<PairRequest>) {
    let org = |p: i64| (p + 1) / 2;
    let attendees: Vec<Attendee> = (1..=PEOPLE)
        .map(|person| Attendee {
            person,
            organisation: org(person),
        })
        .collect();
    let mut rng = Rng(7);
    let mut requests = Vec::new();
    for a in 1..=PEOPLE {
        let mut asked = Vec::new();
        while asked.len() < REQUESTS_EACH {
            let b = 1 + (rng.next() % PEOPLE as u64) as i64;
            if org(b) != org(a) && !asked.contains(&b) {
                asked.push(b);
                requests.push(PairRequest {
                    a,
                    b,
                    priority: (rng.next() % 3) as u8,
                });
            }
        }
    }
    (attendees, requests)
}

fn report() {
    let (attendees, requests) = input();
    for slots in [16u16, 24] {
        let started = Instant::now();
        let t = schedule(&attendees, &requests, slots, TABLES).expect("valid input");
        let took = started.elapsed();
        println!(
            "events/schedule {slots} slots × {TABLES} tables: {} requests, {} distinct pairs, \
             placed {} ({:.1}% of pairs, {:.1}% of the upper bound {}), {:.2} s",
            requests.len(),
            t.requested,
            t.placed,
            100.0 * t.placed as f64 / t.requested as f64,
            100.0 * t.placed as f64 / t.upper_bound as f64,
            t.upper_bound,
            took.as_secs_f64()
        );
    }
}

fn bench(c: &mut Criterion) {
    let (attendees, requests) = input();
    let mut group = c.benchmark_group("events");
    group.sample_size(10);
    group.bench_function("schedule_1000x10_16_slots", |b| {
        b.iter(|| schedule(black_box(&attendees), black_box(&requests), 16, TABLES))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    // `cargo test --benches` runs without `--bench`: the report is for the timed run only.
    if std::env::args().any(|a| a == "--bench") {
        report();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
