//! Properties of the pipeline rules over random records built by the operations themselves,
//! so every record tested is one the rules could have produced.

use super::funds::tests::evidence;
use super::*;
use crate::money::Fen;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2006, 11, 1).expect("a date")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2008, 12, 31).expect("a date")
}

fn at(offset: u64) -> NaiveDate {
    start() + Days::new(offset)
}

/// A move as random numbers: target stage, day, amount, event, with or without a reason.
type RawStep = (usize, u64, Option<i64>, Option<i64>, bool);

fn raw_steps() -> impl Strategy<Value = Vec<RawStep>> {
    prop::collection::vec(
        (
            0usize..6,
            0u64..800,
            prop::option::of(-5i64..1_000_000_000_000),
            prop::option::of(1i64..6),
            any::<bool>(),
        ),
        0..8,
    )
}

fn to_step((stage, day, amount, event, reason): RawStep) -> Step {
    Step {
        to: Stage::ALL[stage],
        on: at(day),
        contract_amount: amount.map(Fen),
        event_id: event,
        reason: reason.then(|| "投资方战略调整".to_owned()),
    }
}

/// Funds as random numbers: day, source, kind, amount, with evidence or not.
type RawFunds = (u64, usize, usize, i64, bool);

#[derive(Debug, Clone)]
struct RawRecord {
    base: Option<i64>,
    steps: Vec<RawStep>,
    more_signings: Vec<(Option<i64>, u64)>,
    funds: Vec<RawFunds>,
    jobs: u32,
    review: usize,
    problems: usize,
}

fn raw_record() -> impl Strategy<Value = RawRecord> {
    (
        prop::option::of(1i64..1_000_000_000),
        raw_steps(),
        prop::collection::vec((prop::option::of(1i64..6), 0u64..800), 0..4),
        prop::collection::vec(
            (
                0u64..800,
                0usize..4,
                0usize..2,
                1i64..1_000_000_000,
                any::<bool>(),
            ),
            0..5,
        ),
        0u32..5_000,
        0usize..4,
        0usize..3,
    )
        .prop_map(
            |(base, steps, more_signings, funds, jobs, review, problems)| RawRecord {
                base,
                steps,
                more_signings,
                funds,
                jobs,
                review,
                problems,
            },
        )
}

/// Applies every operation the rules accept, skipping the refused ones.
fn build(id: i64, raw: &RawRecord) -> PipelineRecord {
    let kind = raw
        .base
        .map_or(PipelineKind::New, |b| PipelineKind::CapitalIncrease {
            base_amount: Fen(b),
        });
    let mut r = PipelineRecord::new(id, 1, "液晶电视整机项目", "四川长虹", None, kind)
        .expect("valid names");
    for &s in &raw.steps {
        r = r.advance(&to_step(s), today()).unwrap_or(r);
    }
    for &(event_id, day) in &raw.more_signings {
        let signing = Signing {
            event_id,
            signed_on: at(day),
        };
        r = r.add_signing(signing, today()).unwrap_or(r);
    }
    for &(day, source, kind, amount, verified) in &raw.funds {
        let entry = FundsEntry {
            received_on: at(day),
            source: FundsSource::ALL[source],
            kind: FundsKind::ALL[kind],
            amount: Fen(amount),
            evidence: verified.then(evidence),
        };
        r = r.add_funds(entry, today()).unwrap_or(r);
    }
    for _ in 0..raw.problems {
        r = r
            .raise_problem("水电气配套未到位", 5, at(700), today())
            .unwrap_or(r);
    }
    r.jobs_created = raw.jobs;
    r.review = match raw.review {
        0 => DuplicateReview::Unflagged,
        1 => DuplicateReview::Flagged { of: vec![id + 1] },
        2 => DuplicateReview::ConfirmedDuplicate { of: id + 1 },
        _ => DuplicateReview::Cleared,
    };
    r
}

fn records() -> impl Strategy<Value = Vec<PipelineRecord>> {
    prop::collection::vec(raw_record(), 0..12).prop_map(|raws| {
        raws.iter()
            .zip(1..)
            .map(|(raw, id)| build(id, raw))
            .collect()
    })
}

/// Dates in stage order, set exactly for the stages reached.
fn dates_consistent(state: &PipelineState) -> bool {
    let d = &state.dates;
    let line = [d.signed_on, d.landed_on, d.started_on, d.producing_on];
    let reached = line.iter().take_while(|x| x.is_some()).count();
    let prefix = line[reached..].iter().all(Option::is_none);
    let set: Vec<NaiveDate> = line.iter().flatten().copied().collect();
    let ordered = set.windows(2).all(|w| w[0] <= w[1]);
    let dropped_last = d.dropped_on.is_none_or(|x| set.iter().all(|&s| s <= x));
    let stage_matches = match state.stage.progress() {
        Some(p) => usize::from(p) == reached && d.dropped_on.is_none(),
        None => d.dropped_on.is_some(),
    };
    prefix && ordered && dropped_last && stage_matches
}

fn key_strategy() -> impl Strategy<Value = DuplicateKey> {
    let investors = prop::sample::select(vec![
        "富士康精密电子(成都)有限公司",
        "富士康精密电子（成都）有限公司",
        "仁宝电脑工业有限公司",
        "英特尔产品（中国）有限公司",
    ]);
    let projects = prop::sample::select(vec![
        "笔记本电脑整机生产项目",
        "笔记本电脑整机生产基地项目",
        "液晶面板模组项目",
        "芯片封装测试",
        "厂",
    ]);
    let codes = prop::sample::select(vec![
        None,
        Some("91350100M000100Y43"),
        Some("91110000802100433B"),
    ]);
    (
        1i64..20,
        codes,
        investors,
        projects,
        prop::option::of(1i64..4),
    )
        .prop_map(|(id, code, investor, project, event)| DuplicateKey {
            id,
            investor_credit_code: code.and_then(|c| crate::ids::CreditCode::parse(c).ok()),
            investor_name: investor.to_owned(),
            project_name: project.to_owned(),
            event_id: event,
        })
}

/// The same extra signings, twice: as generated and shuffled.
fn signings_in_two_orders() -> impl Strategy<Value = (Vec<Signing>, Vec<Signing>)> {
    prop::collection::vec((prop::option::of(1i64..50), 0u64..800), 1..6)
        .prop_map(|raw| {
            raw.into_iter()
                .map(|(event_id, d)| Signing {
                    event_id,
                    signed_on: at(d),
                })
                .collect::<Vec<_>>()
        })
        .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
}

proptest! {
    #[test]
    fn figures_of_a_union_are_the_sum_of_the_parts(
        all in records(),
        mask in prop::collection::vec(any::<bool>(), 12),
    ) {
        let (a, b): (Vec<_>, Vec<_>) = all.iter().zip(&mask).partition(|(_, m)| **m);
        let a = figures(a.into_iter().map(|(r, _)| r));
        let b = figures(b.into_iter().map(|(r, _)| r));
        prop_assert_eq!(figures(&all), a + b);
    }

    #[test]
    fn count_rates_never_pass_one_and_amounts_add_up(all in records()) {
        let f = figures(&all);
        for rate in [f.landing_rate(), f.start_rate(), f.performance_rate()] {
            prop_assert!(rate.numerator <= rate.denominator);
            prop_assert!(rate.basis_points().is_none_or(|bp| bp <= 10_000));
        }
        prop_assert!(f.started_projects <= f.landed_projects);
        let counted: i128 = all.iter().map(|r| i128::from(r.counted_amount().0)).sum();
        prop_assert_eq!(f.signed_amount_fen, counted);
        prop_assert!(f.funds_rate().numerator <= f.funds_rate_incl_unverified().numerator);
        prop_assert_eq!(f.projects + f.excluded_duplicates, all.len() as u64);
    }

    #[test]
    fn a_project_signed_at_several_events_counts_once_whatever_the_order(
        raw in raw_record(),
        (signings, shuffled_signings) in signings_in_two_orders(),
    ) {
        let mut r = build(1, &raw);
        r.signings.extend(signings);
        let mut shuffled = r.clone();
        shuffled.signings.truncate(shuffled.signings.len() - shuffled_signings.len());
        shuffled.signings.extend(shuffled_signings);
        prop_assert_eq!(r.credited_signing(), shuffled.credited_signing());
        prop_assert_eq!(r.duplicate_key(), shuffled.duplicate_key());
        prop_assert_eq!(figures([&r]), figures([&shuffled]));
        prop_assert!(figures([&r]).signed_projects <= 1);
    }

    #[test]
    fn random_moves_never_regress_or_disorder_dates(steps in raw_steps()) {
        let mut state = PipelineState::new(PipelineKind::New);
        for s in steps {
            let Ok(next) = advance(&state, &to_step(s), today()) else { continue };
            match (state.stage.progress(), next.stage.progress()) {
                (Some(a), Some(b)) => prop_assert!(b > a),
                (Some(_), None) => prop_assert!(state.stage != Stage::Producing),
                (None, _) => prop_assert!(false, "moved after 终止"),
            }
            prop_assert!(dates_consistent(&next), "{next:?}");
            prop_assert!(next.dates.latest() <= Some(today()));
            state = next;
        }
    }

    #[test]
    fn likely_duplicates_is_symmetric(keys in prop::collection::vec(key_strategy(), 2..8)) {
        for a in &keys {
            for b in &keys {
                if a.id == b.id {
                    continue;
                }
                let ab = likely_duplicates(a, std::slice::from_ref(b)).contains(&b.id);
                let ba = likely_duplicates(b, std::slice::from_ref(a)).contains(&a.id);
                prop_assert_eq!(ab, ba, "{:?} / {:?}", a, b);
            }
        }
    }
}
