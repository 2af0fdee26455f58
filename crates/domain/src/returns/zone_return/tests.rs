use super::*;
use crate::returns::checks::tests::half_year_values;
use crate::returns::workflow::Side;
use proptest::prelude::*;

fn dict() -> Dictionary {
    Dictionary::shipped().expect("valid")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

fn draft() -> ZoneReturn {
    ZoneReturn::new(42, Period::HalfYear(2025))
        .edit(&dict(), half_year_values(), BTreeMap::new())
        .expect("valid")
}

fn file(r: &ZoneReturn, on: NaiveDate) -> Result<ZoneReturn, Validation> {
    r.file(&dict(), Comparison::default(), CheckSettings::default(), on)
}

fn codes(v: &Validation) -> Vec<(&str, &'static str)> {
    v.0.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

#[test]
fn typed_values_by_code() {
    let typed: BTreeMap<String, String> = [
        ("tax_revenue", "95,000"),
        ("fdi_actual", "1250"),
        ("new_jobs", ""),
        ("rd_intensity", "1.85%"),
    ]
    .into_iter()
    .map(|(c, t)| (c.to_owned(), t.to_owned()))
    .collect();
    let values = parse_values(&dict(), &typed).expect("valid");
    assert_eq!(values["tax_revenue"], 95_000_000_000);
    assert_eq!(values["fdi_actual"], 1_250_000_000);
    assert_eq!(values["rd_intensity"], 185);
    assert!(!values.contains_key("new_jobs"));
    let bad: BTreeMap<String, String> = [("gdp", "12.3.4"), ("profit", "1"), ("incubators", "-1")]
        .into_iter()
        .map(|(c, t)| (c.to_owned(), t.to_owned()))
        .collect();
    let e = parse_values(&dict(), &bad).expect_err("three errors");
    assert_eq!(
        codes(&e),
        [
            ("gdp", "not_a_number"),
            ("incubators", "out_of_range"),
            ("profit", "unknown")
        ]
    );
}

#[test]
fn edits_are_checked_against_the_period_and_the_status() {
    let mut values = half_year_values();
    values.insert("rd_intensity".into(), 185);
    values.insert("made_up".into(), 1);
    let mut explanations = BTreeMap::new();
    explanations.insert("gdp".into(), "  ".into());
    explanations.insert("exports".into(), "说".repeat(MAX_REASON_CHARS + 1));
    let e = ZoneReturn::new(1, Period::HalfYear(2025))
        .edit(&dict(), values, explanations)
        .expect_err("refused");
    assert_eq!(
        codes(&e),
        [
            ("made_up", "unknown"),
            ("rd_intensity", "not_collected"),
            ("exports", "too_long")
        ]
    );
    assert_eq!(e.0[1].message_zh, "企业R&D经费投入强度不在半年报中填报");
    let filed = file(&draft(), d(2025, 7, 1)).expect("files");
    let e = filed
        .edit(&dict(), half_year_values(), BTreeMap::new())
        .expect_err("filed is read-only");
    assert_eq!(codes(&e), [("status", "not_editable")]);
}

#[test]
fn filing_waits_for_the_period_to_end_and_for_the_checks() {
    let e = file(&draft(), d(2025, 6, 30)).expect_err("too early");
    assert_eq!(codes(&e), [("period", "not_ended")]);
    assert!(e.0[0].message_zh.contains("2025-07-01"));
    let empty = ZoneReturn::new(42, Period::HalfYear(2025));
    let e = file(&empty, d(2025, 7, 2)).expect_err("nothing filled in");
    assert_eq!(e.0.len(), 8);
    let filed = file(&draft(), d(2025, 7, 20)).expect("late but allowed");
    assert_eq!(filed.status, Status::Filed);
    assert_eq!(filed.filed_on, Some(d(2025, 7, 20)));
    assert!(filed.filed_late());
    assert!(
        !file(&draft(), d(2025, 7, 15))
            .expect("on time")
            .filed_late()
    );
    assert!(!draft().filed_late());
}

#[test]
fn an_unexplained_jump_stops_filing_and_its_explanation_travels() {
    let before = half_year_values();
    let mut values = before.clone();
    values.insert("fdi_actual".into(), before["fdi_actual"] * 2);
    let with = Comparison {
        a_year_before: Some(&before),
        same_year_other: None,
    };
    let r = ZoneReturn::new(42, Period::HalfYear(2025))
        .edit(&dict(), values.clone(), BTreeMap::new())
        .expect("valid");
    let e = r
        .file(&dict(), with, CheckSettings::default(), d(2025, 7, 10))
        .expect_err("unexplained");
    assert_eq!(codes(&e), [("fdi_actual", "explanation_required")]);
    let why: BTreeMap<String, String> = [(
        "fdi_actual".to_owned(),
        " 外资企业增资扩股5000万美元 ".to_owned(),
    )]
    .into();
    let r = r.edit(&dict(), values, why).expect("valid");
    let filed = r
        .file(&dict(), with, CheckSettings::default(), d(2025, 7, 10))
        .expect("explained");
    assert_eq!(
        filed.explanation("fdi_actual"),
        Some("外资企业增资扩股5000万美元")
    );
    let accepted = filed.accept(d(2025, 7, 20)).expect("accepted");
    assert_eq!(
        accepted.explanation("fdi_actual"),
        filed.explanation("fdi_actual")
    );
}

#[test]
fn the_province_returns_with_a_reason_and_the_zone_files_again() {
    let filed = file(&draft(), d(2025, 7, 5)).expect("files");
    let e = filed.send_back("   ").expect_err("reason required");
    assert_eq!(codes(&e), [("reason", "required")]);
    let back = filed
        .send_back("税收收入与税务部门数据不一致")
        .expect("returned");
    assert_eq!(back.status, Status::Returned);
    assert!(back.status.editable());
    let fixed = back
        .edit(&dict(), half_year_values(), BTreeMap::new())
        .expect("edit a returned version");
    let again = file(&fixed, d(2025, 7, 12)).expect("files again");
    assert_eq!(again.version, 1);
    let accepted = again.accept(d(2025, 7, 14)).expect("accepted");
    assert_eq!(
        (accepted.status, accepted.accepted_on),
        (Status::Accepted, Some(d(2025, 7, 14)))
    );
    assert!(draft().accept(d(2025, 7, 14)).is_err());
}

#[test]
fn a_revision_is_a_new_version_reviewed_again() {
    let v1 = file(&draft(), d(2025, 7, 5))
        .and_then(|r| r.accept(d(2025, 7, 6)))
        .expect("accepted");
    assert_eq!(
        codes(&v1.revise("").expect_err("reason")),
        [("reason", "required")]
    );
    let v2 = v1.revise("统计部门核定数调整").expect("revised");
    assert_eq!((v2.version, v2.status), (2, Status::Draft));
    assert_eq!(v2.revision_reason.as_deref(), Some("统计部门核定数调整"));
    assert_eq!((v2.filed_on, v2.accepted_on), (None, None));
    assert_eq!(v2.values, v1.values);
    assert!(draft().revise("x").is_err());
    let last = ZoneReturn {
        version: u32::MAX,
        ..v1.clone()
    };
    assert_eq!(
        codes(&last.revise("更正").expect_err("no version after the last")),
        [("version", "too_many_versions")]
    );
    // Until the province accepts version 2, version 1 is the one that counts.
    let versions = vec![v1.clone(), v2.clone()];
    assert_eq!(counting_version(&versions), Some(&v1));
    let v2 = file(&v2, d(2025, 8, 1))
        .and_then(|r| r.accept(d(2025, 8, 2)))
        .expect("accepted");
    let versions = vec![v1, v2.clone()];
    assert_eq!(counting_version(&versions), Some(&v2));
    assert_eq!(counting_version(&[draft()]), None);
}

#[derive(Debug, Clone, Copy)]
enum Move {
    Edit,
    File,
    SendBack,
    Accept,
    Revise,
}

proptest! {
    #[test]
    fn only_the_provinces_accept_makes_a_version_accepted(
        moves in prop::collection::vec(
            prop_oneof![
                Just(Move::Edit), Just(Move::File), Just(Move::SendBack),
                Just(Move::Accept), Just(Move::Revise)
            ],
            0..25,
        )
    ) {
        let dict = dict();
        let mut r = draft();
        for m in moves {
            let result = match m {
                Move::Edit => r.edit(&dict, half_year_values(), BTreeMap::new()),
                Move::File => file(&r, d(2025, 7, 3)),
                Move::SendBack => r.send_back("请核对"),
                Move::Accept => r.accept(d(2025, 7, 4)),
                Move::Revise => r.revise("更正"),
            };
            if let Ok(after) = result {
                if after.status == Status::Accepted && r.status != Status::Accepted {
                    prop_assert!(matches!(m, Move::Accept));
                    prop_assert_eq!(Action::Accept.side(), Side::Province);
                    prop_assert_eq!(r.status, Status::Filed);
                }
                // Versions only grow, and only by one through a revision.
                prop_assert!(after.version == r.version
                    || (matches!(m, Move::Revise) && after.version == r.version + 1));
                r = after;
            }
        }
    }
}
