//! Unit tests of parsing typed-in pipeline input.

use super::*;
use crate::test_catalog::catalog;

fn laptop() -> RecordInput {
    RecordInput {
        project_name: "笔记本电脑整机生产项目".into(),
        investor_name: "富士康精密电子有限公司".into(),
        investor_credit_code: String::new(),
        investor_origin: "440000".into(),
        industry: "39".into(),
        kind: String::new(),
        base_amount_yuan: String::new(),
        jobs_created: "0".into(),
    }
}

fn fields(r: Result<NewRecord, Validation>) -> Vec<String> {
    r.expect_err("refused")
        .0
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_record_and_its_origin_parse() {
    let r = laptop().validate(0, 3, &catalog()).expect("valid");
    assert_eq!(r.record.state.stage, Stage::Negotiating);
    let abroad = RecordInput {
        investor_origin: "境外：日本".into(),
        kind: "增资".into(),
        base_amount_yuan: "1000000".into(),
        ..laptop()
    };
    let r = abroad.validate(0, 3, &catalog()).expect("valid");
    assert_eq!(
        r.investor_origin,
        InvestorOrigin::Abroad {
            country: "日本".into()
        }
    );
    assert!(matches!(
        r.record.state.kind,
        PipelineKind::CapitalIncrease { .. }
    ));
}

#[test]
fn bad_records_name_every_field() {
    let bad = RecordInput {
        project_name: String::new(),
        investor_credit_code: "91350100M000100Y44".into(),
        investor_origin: "火星".into(),
        industry: "ZZ".into(),
        kind: "增资".into(),
        base_amount_yuan: "-5".into(),
        ..laptop()
    };
    assert_eq!(
        fields(bad.validate(0, 3, &catalog())),
        [
            "investor_credit_code",
            "investor_origin",
            "industry",
            "base_amount_yuan",
            "project_name"
        ]
    );
}

#[test]
fn steps_funds_and_problems_parse_or_name_the_field() {
    let step = StepInput {
        to: "签约".into(),
        on: "2007-03-01".into(),
        contract_amount_yuan: "1500000.50".into(),
        event_id: "4".into(),
        ..StepInput::default()
    };
    let (step, jobs) = step.validate().expect("valid");
    assert_eq!(step.contract_amount.map(|f| f.0), Some(150_000_050));
    assert_eq!((step.event_id, jobs), (Some(4), None));
    let bad = StepInput {
        to: "approved".into(),
        on: "2007-13-01".into(),
        contract_amount_yuan: "-1".into(),
        ..StepInput::default()
    };
    let errors: Vec<String> = bad
        .validate()
        .expect_err("refused")
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(errors, ["to", "on", "contract_amount_yuan"]);
    let funds = FundsInput {
        received_on: "2007-04-01".into(),
        source: "境外".into(),
        kind: "fixed_assets".into(),
        amount_yuan: String::new(),
    };
    assert_eq!(
        funds.validate().expect_err("no amount").0[0].field,
        "amount_yuan"
    );
    let today = NaiveDate::from_ymd_opt(2007, 6, 30).expect("date");
    assert_eq!(
        ProblemInput {
            text: "道路未通".into(),
            routed_to_org: "7".into(),
            raised_on: String::new()
        }
        .validate(today),
        Ok((7, today))
    );
}
