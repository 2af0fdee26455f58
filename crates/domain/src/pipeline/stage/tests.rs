//! Unit tests of the stage rules, and the helpers other tests build on.

use super::*;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

pub fn step(to: Stage, on: NaiveDate) -> Step {
    Step {
        to,
        on,
        contract_amount: None,
        event_id: None,
        reason: None,
    }
}

pub fn signing(on: NaiveDate, yuan: i64) -> Step {
    Step {
        contract_amount: Some(Fen(yuan * 100)),
        ..step(Stage::Signed, on)
    }
}

const TODAY: (i32, u32, u32) = (2007, 6, 30);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

fn codes(result: Result<PipelineState, Validation>) -> Vec<(String, &'static str)> {
    let errors = result.expect_err("refused");
    errors.0.into_iter().map(|e| (e.field, e.code)).collect()
}

fn pair(field: &str, code: &'static str) -> (String, &'static str) {
    (field.to_owned(), code)
}

fn signed() -> PipelineState {
    advance(
        &PipelineState::new(PipelineKind::New),
        &signing(day(2007, 3, 1), 5_000_000),
        today(),
    )
    .expect("signs")
}

#[test]
fn a_project_moves_along_the_line_with_its_dates() {
    let s = signed();
    assert_eq!(s.stage, Stage::Signed);
    assert_eq!(s.contract_amount, Some(Fen(500_000_000)));
    let s = advance(&s, &step(Stage::Landed, day(2007, 4, 1)), today()).expect("lands");
    let s = advance(&s, &step(Stage::Started, day(2007, 5, 1)), today()).expect("starts");
    let s = advance(&s, &step(Stage::Producing, day(2007, 6, 30)), today()).expect("produces");
    assert_eq!(s.stage, Stage::Producing);
    assert_eq!(s.dates.signed_on, Some(day(2007, 3, 1)));
    assert_eq!(s.dates.producing_on, Some(day(2007, 6, 30)));
    assert_eq!(s.dates.latest(), Some(day(2007, 6, 30)));
}

#[test]
fn skipped_stages_take_the_same_date() {
    let s = advance(&signed(), &step(Stage::Started, day(2007, 5, 2)), today()).expect("ok");
    assert_eq!(s.dates.landed_on, Some(day(2007, 5, 2)));
    assert_eq!(s.dates.started_on, Some(day(2007, 5, 2)));
    assert_eq!(s.dates.producing_on, None);
    let mut sign_and_land = signing(day(2007, 2, 2), 10);
    sign_and_land.to = Stage::Landed;
    let s = advance(
        &PipelineState::new(PipelineKind::New),
        &sign_and_land,
        today(),
    )
    .expect("signs and lands");
    assert_eq!(s.dates.signed_on, Some(day(2007, 2, 2)));
    assert_eq!(s.dates.landed_on, Some(day(2007, 2, 2)));
}

#[test]
fn moves_backwards_sideways_or_after_the_end_are_refused() {
    let s = signed();
    assert_eq!(
        codes(advance(&s, &step(Stage::Signed, day(2007, 4, 1)), today())),
        [pair("stage", "not_forward")]
    );
    assert_eq!(
        codes(advance(
            &s,
            &step(Stage::Negotiating, day(2007, 4, 1)),
            today()
        )),
        [pair("stage", "not_forward")]
    );
    let done = advance(&s, &step(Stage::Producing, day(2007, 4, 1)), today()).expect("ok");
    let mut drop = step(Stage::Dropped, day(2007, 5, 1));
    drop.reason = Some("投资方资金链断裂".into());
    assert_eq!(
        codes(advance(&done, &drop, today())),
        [pair("stage", "terminal")]
    );
    let dropped = advance(&s, &drop, today()).expect("drops");
    assert_eq!(
        codes(advance(
            &dropped,
            &step(Stage::Landed, day(2007, 6, 1)),
            today()
        )),
        [pair("stage", "terminal")]
    );
}

#[test]
fn dropping_needs_a_reason_and_keeps_the_history() {
    let s = signed();
    let drop = step(Stage::Dropped, day(2007, 5, 1));
    assert_eq!(
        codes(advance(&s, &drop, today())),
        [pair("reason", "required")]
    );
    let blank = Step {
        reason: Some("  ".into()),
        ..drop.clone()
    };
    assert_eq!(
        codes(advance(&s, &blank, today())),
        [pair("reason", "required")]
    );
    let with_reason = Step {
        reason: Some(" 环评未通过 ".into()),
        ..drop
    };
    let d = advance(&s, &with_reason, today()).expect("drops");
    assert_eq!(d.stage, Stage::Dropped);
    assert_eq!(d.drop_reason.as_deref(), Some("环评未通过"));
    assert_eq!(d.dates.signed_on, Some(day(2007, 3, 1)));
    assert_eq!(d.dates.dropped_on, Some(day(2007, 5, 1)));
    assert_eq!(d.dates.landed_on, None);
    let before_signing = advance(
        &PipelineState::new(PipelineKind::New),
        &with_reason,
        today(),
    )
    .expect("ok");
    assert_eq!(before_signing.dates.signed_on, None);
    assert_eq!(before_signing.contract_amount, None);
}

#[test]
fn dates_may_not_be_in_the_future_or_before_the_previous_stage() {
    let s = signed();
    assert_eq!(
        codes(advance(&s, &step(Stage::Landed, day(2007, 7, 1)), today())),
        [pair("landed_on", "in_future")]
    );
    assert_eq!(
        codes(advance(
            &s,
            &step(Stage::Started, day(2007, 2, 28)),
            today()
        )),
        [pair("started_on", "before_previous")]
    );
    assert!(advance(&s, &step(Stage::Landed, day(2007, 3, 1)), today()).is_ok());
}

#[test]
fn signing_needs_a_positive_amount_and_only_signing_takes_one() {
    let new = PipelineState::new(PipelineKind::New);
    assert_eq!(
        codes(advance(
            &new,
            &step(Stage::Signed, day(2007, 1, 1)),
            today()
        )),
        [pair("contract_amount", "required")]
    );
    assert_eq!(
        codes(advance(&new, &signing(day(2007, 1, 1), 0), today())),
        [pair("contract_amount", "not_positive")]
    );
    let mut late = signing(day(2007, 4, 1), 9);
    late.to = Stage::Landed;
    late.event_id = Some(7);
    assert_eq!(
        codes(advance(&signed(), &late, today())),
        [
            pair("contract_amount", "not_allowed"),
            pair("event_id", "not_allowed")
        ]
    );
    let mut reasoned = step(Stage::Landed, day(2007, 4, 1));
    reasoned.reason = Some("提前落地".into());
    assert_eq!(
        codes(advance(&signed(), &reasoned, today())),
        [pair("reason", "not_allowed")]
    );
}

#[test]
fn a_capital_increase_counts_only_what_it_adds() {
    let kind = PipelineKind::CapitalIncrease {
        base_amount: Fen(1_000_000),
    };
    assert_eq!(kind.counted(Fen(1_500_000)), Some(Fen(500_000)));
    assert_eq!(kind.counted(Fen(1_000_000)), None);
    assert_eq!(PipelineKind::New.counted(Fen(1)), Some(Fen(1)));
    let state = PipelineState::new(kind);
    let mut s = signing(day(2007, 1, 1), 0);
    s.contract_amount = Some(Fen(900_000));
    assert_eq!(
        codes(advance(&state, &s, today())),
        [pair("contract_amount", "not_above_base")]
    );
    s.contract_amount = Some(Fen(1_000_001));
    assert!(advance(&state, &s, today()).is_ok());
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut s = step(Stage::Signed, day(2008, 1, 1));
    s.reason = Some("无".into());
    assert_eq!(
        codes(advance(&PipelineState::new(PipelineKind::New), &s, today())),
        [
            pair("signed_on", "in_future"),
            pair("contract_amount", "required"),
            pair("reason", "not_allowed")
        ]
    );
}

#[test]
fn stage_order_and_ends() {
    let line: Vec<u8> = Stage::ALL.iter().filter_map(|s| s.progress()).collect();
    assert_eq!(line, [0, 1, 2, 3, 4]);
    assert!(Stage::Producing.is_terminal() && Stage::Dropped.is_terminal());
    assert!(!Stage::Started.is_terminal());
    assert_eq!(PipelineKind::New.code(), "new");
    assert_eq!(
        PipelineKind::CapitalIncrease {
            base_amount: Fen(1)
        }
        .name_zh(),
        "增资"
    );
}
