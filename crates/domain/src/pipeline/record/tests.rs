//! Unit tests of the record rules, and the helpers other tests build on.

use super::*;
use crate::pipeline::funds::tests::{entry, evidence};
use crate::pipeline::stage::Stage;
use crate::pipeline::stage::tests::{day, signing, step};

pub fn today() -> NaiveDate {
    day(2007, 6, 30)
}

pub fn project(id: i64) -> PipelineRecord {
    PipelineRecord::new(
        id,
        3,
        "笔记本电脑整机生产项目",
        "富士康精密电子(成都)有限公司",
        None,
        PipelineKind::New,
    )
    .expect("valid")
}

pub fn signed_at(id: i64, event: Option<i64>, on: NaiveDate, yuan: i64) -> PipelineRecord {
    let step = Step {
        event_id: event,
        ..signing(on, yuan)
    };
    project(id).advance(&step, today()).expect("signs")
}

fn codes(r: Result<PipelineRecord, Validation>) -> Vec<(String, &'static str)> {
    let v = r.expect_err("refused");
    v.0.into_iter().map(|e| (e.field, e.code)).collect()
}

fn pair(field: &str, code: &'static str) -> (String, &'static str) {
    (field.to_owned(), code)
}

#[test]
fn a_new_record_needs_names_and_a_positive_base_for_an_increase() {
    let r = PipelineRecord::new(1, 2, "  液晶面板项目 ", "京东方", None, PipelineKind::New)
        .expect("valid");
    assert_eq!(r.project_name, "液晶面板项目");
    assert_eq!(r.state.stage, Stage::Negotiating);
    let bad = PipelineRecord::new(
        1,
        2,
        "",
        "京",
        None,
        PipelineKind::CapitalIncrease {
            base_amount: Fen(0),
        },
    );
    assert_eq!(
        codes(bad),
        [
            pair("project_name", "required"),
            pair("investor_name", "too_short"),
            pair("base_amount", "not_positive")
        ]
    );
}

#[test]
fn the_signing_move_records_its_event_and_later_signings_never_add() {
    let r = signed_at(1, Some(10), day(2007, 3, 1), 1_000);
    assert_eq!(r.signings.len(), 1);
    assert_eq!(r.credited_signing().and_then(|s| s.event_id), Some(10));
    let again = Signing {
        event_id: Some(11),
        signed_on: day(2007, 5, 1),
    };
    let r2 = r.add_signing(again, today()).expect("recorded");
    assert_eq!(r2.credited_signing().and_then(|s| s.event_id), Some(10));
    assert_eq!(r2.counted_amount(), r.counted_amount());
    assert_eq!(r2.state.dates.signed_on, Some(day(2007, 3, 1)));
    let earlier = Signing {
        event_id: Some(12),
        signed_on: day(2007, 2, 1),
    };
    let r3 = r2.add_signing(earlier, today()).expect("recorded");
    assert_eq!(r3.credited_signing(), Some(&earlier));
    assert_eq!(r3.state.dates.signed_on, Some(day(2007, 2, 1)));
    assert_eq!(r3.duplicate_key().event_id, Some(12));
}

#[test]
fn ties_on_one_day_go_to_an_event_then_the_lowest_event() {
    let on = day(2007, 3, 1);
    let mut r = signed_at(1, None, on, 1);
    r = r
        .add_signing(
            Signing {
                event_id: Some(9),
                signed_on: on,
            },
            today(),
        )
        .expect("ok");
    r = r
        .add_signing(
            Signing {
                event_id: Some(4),
                signed_on: on,
            },
            today(),
        )
        .expect("ok");
    assert_eq!(r.credited_signing().and_then(|s| s.event_id), Some(4));
}

#[test]
fn bad_signings_are_refused() {
    let again = Signing {
        event_id: Some(10),
        signed_on: day(2007, 7, 1),
    };
    assert_eq!(
        codes(project(1).add_signing(again, today())),
        [pair("stage", "not_signed")]
    );
    assert_eq!(
        codes(signed_at(1, Some(10), day(2007, 3, 1), 1).add_signing(again, today())),
        [
            pair("signed_on", "in_future"),
            pair("event_id", "duplicate_event")
        ]
    );
}

#[test]
fn funds_and_evidence() {
    let r = signed_at(1, None, day(2007, 3, 1), 1_000);
    assert_eq!(
        codes(project(1).add_funds(entry(day(2007, 4, 1), 5, None), today())),
        [pair("stage", "not_signed")]
    );
    let r = r
        .add_funds(entry(day(2007, 4, 1), 5, None), today())
        .expect("added");
    let r = r.attach_evidence(0, evidence()).expect("attached");
    assert!(r.funds[0].is_verified());
    assert_eq!(
        codes(r.attach_evidence(0, evidence())),
        [pair("evidence", "already_attached")]
    );
    assert_eq!(
        codes(r.attach_evidence(5, evidence())),
        [pair("funds", "unknown")]
    );
    let r = r
        .add_funds(entry(day(2007, 4, 2), 5, None), today())
        .expect("added");
    let empty = Evidence {
        bytes: 0,
        ..evidence()
    };
    assert_eq!(
        codes(r.attach_evidence(1, empty)),
        [pair("evidence.bytes", "empty")]
    );
}

#[test]
fn problems_are_raised_at_the_current_stage_and_resolved() {
    let r = signed_at(1, None, day(2007, 3, 1), 1);
    let r = r
        .raise_problem("用地指标尚未落实", 77, day(2007, 3, 5), today())
        .expect("raised");
    assert_eq!(r.problems[0].stage, Stage::Signed);
    assert_eq!(
        codes(r.resolve_problem(3, "已落实用地指标", day(2007, 4, 1), today())),
        [pair("problems", "unknown")]
    );
    let r = r
        .resolve_problem(0, "省国土厅已调剂用地指标", day(2007, 4, 1), today())
        .expect("resolved");
    assert!(r.problems[0].resolved_on.is_some());
    assert_eq!(
        codes(r.raise_problem("短", 77, day(2007, 4, 1), today())),
        [pair("text", "too_short")]
    );
}

#[test]
fn screening_flags_and_reviews_decide() {
    let a = signed_at(1, Some(10), day(2007, 3, 1), 100);
    let mut b = signed_at(2, Some(11), day(2007, 5, 1), 100);
    b.investor_name = "富士康精密电子（成都）有限公司".into();
    let b = b.screen(&[a.duplicate_key(), b.duplicate_key()]);
    assert_eq!(b.review, DuplicateReview::Flagged { of: vec![1] });
    let confirmed = b.confirm_duplicate(1).expect("confirmed");
    assert_eq!(confirmed.counted_amount(), Fen(0));
    assert_eq!(
        confirmed.clear_duplicate().map(|r| r.review),
        Ok(DuplicateReview::Cleared)
    );
    assert!(a.clear_duplicate().is_err());
}

#[test]
fn a_capital_increase_counts_the_increase_and_nothing_before_signing() {
    let kind = PipelineKind::CapitalIncrease {
        base_amount: Fen(30_000),
    };
    let r = PipelineRecord::new(1, 3, "二期扩产增资", "成都富士康", None, kind).expect("ok");
    assert_eq!(r.counted_amount(), Fen(0));
    let r = r
        .advance(&signing(day(2007, 3, 1), 500), today())
        .expect("signs");
    assert_eq!(r.counted_amount(), Fen(20_000));
    let r = r
        .advance(&step(Stage::Landed, day(2007, 4, 1)), today())
        .expect("lands");
    assert_eq!(
        r.signings.len(),
        1,
        "only the signing move records a signing"
    );
}

#[test]
fn jobs_are_reported_once_landed() {
    let r = signed_at(1, None, day(2007, 3, 1), 1_000);
    assert_eq!(
        codes(r.report_jobs(50)),
        [pair("jobs_created", "not_landed")]
    );
    let landed = r
        .advance(&step(Stage::Landed, day(2007, 5, 1)), today())
        .expect("landed");
    let reported = landed.report_jobs(50).expect("reported");
    assert_eq!(reported.jobs_created, 50);
    assert_eq!(reported.state, landed.state, "no stage move");
}
