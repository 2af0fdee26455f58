use super::*;
use crate::returns::checks::tests::{annual_values, half_year_values};
use proptest::prelude::*;

fn dict() -> Dictionary {
    Dictionary::shipped().expect("valid")
}

fn cells(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(h, t)| ((*h).to_owned(), (*t).to_owned()))
        .collect()
}

#[test]
fn the_template_columns_follow_the_dictionary() {
    let d = dict();
    let h = headers(&d);
    assert_eq!(h.len(), 3 + 20 + 20);
    assert_eq!(
        h[..4],
        [
            "园区编号",
            "园区名称",
            "报告期",
            "实际使用外资金额（万美元）"
        ]
    );
    assert!(h.contains(&"税收收入（万元）".to_owned()));
    assert!(h.contains(&"企业R&D经费投入强度（%）".to_owned()));
    assert!(h.contains(&"规上工业单位增加值能耗（吨标准煤/万元）".to_owned()));
    assert!(h.contains(&"高新技术企业数（家）".to_owned()));
    assert_eq!(h[23], "说明：实际使用外资金额");
}

#[test]
fn a_row_as_people_type_it() {
    let r = parse_row(
        &dict(),
        &cells(&[
            ("园区编号", "17"),
            ("园区名称", "成都经济技术开发区"),
            ("报告期", "2025年半年报"),
            ("税收收入(万元)", "95,000"),
            ("实际使用外资金额（万美元）", "1250.5"),
            ("new_jobs", "3200"),
            ("地区生产总值（万元）", " "),
            ("说明: 税收收入", "新增龙头企业投产"),
        ]),
    )
    .expect("valid");
    assert_eq!((r.zone_id, r.period), (17, Period::HalfYear(2025)));
    assert_eq!(r.values["tax_revenue"], 95_000_000_000);
    assert_eq!(r.values["fdi_actual"], 1_250_500_000);
    assert_eq!(r.values["new_jobs"], 3_200);
    assert!(!r.values.contains_key("gdp"));
    assert_eq!(r.explanation("tax_revenue"), Some("新增龙头企业投产"));
    assert_eq!(r.status, crate::returns::Status::Draft);
}

#[test]
fn each_bad_cell_names_its_header() {
    let e = parse_row(
        &dict(),
        &cells(&[
            ("园区编号", "abc"),
            ("报告期", "2025年三季报"),
            ("税收收入（万元）", "9.5亿"),
            ("企业R&D经费投入强度（%）", "120"),
            ("利润总额（万元）", "1"),
        ]),
    )
    .expect_err("refused");
    let got: Vec<(&str, &str)> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
    assert_eq!(
        got,
        [
            ("园区编号", "not_a_zone_id"),
            ("报告期", "not_a_period"),
            ("税收收入（万元）", "not_a_number"),
            ("企业R&D经费投入强度（%）", "out_of_range"),
            ("利润总额（万元）", "unknown_column"),
        ]
    );
    let e = parse_row(&dict(), &cells(&[("税收收入（万元）", "1")])).expect_err("no zone");
    let got: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(got, ["园区编号", "报告期"]);
    let e = parse_row(
        &dict(),
        &cells(&[
            ("园区编号", "1"),
            ("报告期", "2025-H1"),
            ("税收收入（万元）", "1"),
            ("tax_revenue", "2"),
        ]),
    )
    .expect_err("twice");
    assert_eq!(
        (e.0[0].field.as_str(), e.0[0].code),
        ("tax_revenue", "duplicate_column")
    );
    // An annual-only field in a half-year row names its header.
    let e = parse_row(
        &dict(),
        &cells(&[
            ("园区编号", "1"),
            ("报告期", "2025-H1"),
            ("高新技术企业数（家）", "64"),
        ]),
    )
    .expect_err("not collected");
    assert_eq!(e.0[0].field, "高新技术企业数（家）");
    assert_eq!(e.0[0].code, "not_collected");
}

proptest! {
    #[test]
    fn an_exported_row_imports_to_the_same_return(
        scale in 1i64..1000,
        annual in any::<bool>(),
        explain in any::<bool>(),
    ) {
        let d = dict();
        let (period, base) = if annual {
            (Period::Annual(2024), annual_values())
        } else {
            (Period::HalfYear(2024), half_year_values())
        };
        // Scale the figures down (odd fen included) while keeping them in range.
        let values = base.into_iter().map(|(c, v)| (c, (v / scale).max(1))).collect();
        let mut explanations = BTreeMap::new();
        if explain {
            explanations.insert("gdp".to_owned(), "口径调整".to_owned());
        }
        let r = ZoneReturn::new(9, period).edit(&d, values, explanations).expect("valid");
        let row = export_row(&d, &r, "示例园区");
        let pairs: Vec<(String, String)> = headers(&d).into_iter().zip(row).collect();
        prop_assert_eq!(parse_row(&d, &pairs), Ok(r));
    }
}
