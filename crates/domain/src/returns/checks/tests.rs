use super::*;
use crate::returns::period::Period;

fn dict() -> Dictionary {
    Dictionary::shipped().expect("valid")
}

/// A plausible half-year return of a western zone, in stored units.
pub(crate) fn half_year_values() -> Values {
    [
        ("fdi_actual", 1_250_000_000),               // 1,250 万美元
        ("trade_total", 320_000_000_000),            // 320,000 万元
        ("exports", 210_000_000_000),                // 210,000 万元
        ("gdp", 850_000_000_000),                    // 850,000 万元
        ("tax_revenue", 95_000_000_000),             // 95,000 万元
        ("industrial_output", 2_100_000_000_000),    // 2,100,000 万元
        ("fixed_asset_investment", 400_000_000_000), // 400,000 万元
        ("new_jobs", 3_200),
    ]
    .into_iter()
    .map(|(c, v)| (c.to_owned(), v))
    .collect()
}

/// The same zone's annual figures: the flows about double the half year's.
pub(crate) fn annual_values() -> Values {
    let mut v: Values = half_year_values()
        .into_iter()
        .map(|(c, x)| (c, x * 2 + 1))
        .collect();
    for (c, x) in [
        ("rd_intensity", 185),
        ("high_tech_enterprises", 64),
        ("research_institutions", 22),
        ("incubators", 3),
        ("listed_enterprises", 4),
        ("large_manufacturers", 9),
        ("energy_intensity", 452),
        ("carbon_intensity", 1_130),
        ("water_intensity", 12_500),
        ("solid_waste_utilisation", 8_650),
        ("cooperation_parks", 2),
        ("paired_assistance", 5),
    ] {
        v.insert(c.to_owned(), x);
    }
    v
}

fn filed(period: Period, values: Values) -> ZoneReturn {
    ZoneReturn {
        values,
        ..ZoneReturn::new(1, period)
    }
}

fn codes(v: &Validation) -> Vec<(String, &'static str)> {
    v.0.iter().map(|e| (e.field.clone(), e.code)).collect()
}

#[test]
fn missing_fields_are_listed_by_name_for_the_period() {
    let d = dict();
    let empty = filed(Period::HalfYear(2025), Values::new());
    let f = check(&d, &empty, Comparison::default(), CheckSettings::default());
    let missing: Vec<&str> = f.errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(missing, crate::returns::CONTRACT_CODES[..8]);
    assert!(f.errors.0.iter().all(|e| e.code == "required"));
    assert_eq!(
        f.errors.0[5].message_zh,
        "规模以上工业总产值（万元）未填报（半年报必填）"
    );
    let annual = filed(Period::Annual(2025), half_year_values());
    let f = check(&d, &annual, Comparison::default(), CheckSettings::default());
    assert_eq!(f.errors.0.len(), 12);
    assert_eq!(f.errors.0[0].field, "rd_intensity");
    let full = filed(Period::Annual(2025), annual_values());
    let f = check(&d, &full, Comparison::default(), CheckSettings::default());
    assert!(f.can_file(), "{:?}", f.errors);
}

#[test]
fn absurd_values_and_parts_above_their_whole_are_errors() {
    let d = dict();
    let mut values = annual_values();
    values.insert("rd_intensity".into(), 12_000); // 120 %
    values.insert("incubators".into(), -2);
    values.insert("exports".into(), values["trade_total"] + 1);
    let f = check(
        &d,
        &filed(Period::Annual(2025), values),
        Comparison::default(),
        CheckSettings::default(),
    );
    assert_eq!(
        codes(&f.errors),
        [
            ("exports".to_owned(), "above_whole"),
            ("rd_intensity".to_owned(), "out_of_range"),
            ("incubators".to_owned(), "out_of_range"),
        ]
    );
    assert_eq!(f.errors.0[0].message_zh, "出口总额不能大于进出口总额");
    assert!(!f.can_file());
}

#[test]
fn jumps_over_the_threshold_need_an_explanation() {
    let d = dict();
    let before = half_year_values();
    let mut values = before.clone();
    values.insert("tax_revenue".into(), before["tax_revenue"] * 131 / 100); // +31 %
    values.insert("gdp".into(), before["gdp"] * 130 / 100); // +30 %: not over
    values.insert("new_jobs".into(), 3_200 * 60 / 100); // −40 %
    let ret = filed(Period::HalfYear(2025), values);
    let with = Comparison {
        a_year_before: Some(&before),
        same_year_other: None,
    };
    let f = check(&d, &ret, with, CheckSettings::default());
    assert!(f.errors.is_empty());
    let flagged: Vec<(&str, Option<i64>)> = f
        .flags
        .iter()
        .map(|x| match x.flag {
            FlagKind::Jump { change_bp, .. } => (x.field.as_str(), change_bp),
            FlagKind::HalfYearAboveAnnual { .. } => ("?", None),
        })
        .collect();
    assert_eq!(
        flagged,
        [("tax_revenue", Some(3_100)), ("new_jobs", Some(-4_000))]
    );
    assert!(!f.can_file());
    assert_eq!(
        codes(&f.refusal(&d)),
        [
            ("tax_revenue".to_owned(), "explanation_required"),
            ("new_jobs".to_owned(), "explanation_required"),
        ]
    );
    let refusal = f.refusal(&d);
    assert_eq!(
        refusal.0[0].message_zh,
        "税收收入同比变动+31.00%，超过阈值，请填写说明"
    );
    assert_eq!(
        refusal.0[1].message_en,
        "new_jobs changed by -40.00% year on year, over the threshold: explain it"
    );
    // A looser setting lets +31 % pass; −40 % still needs a word.
    let loose = check(&d, &ret, with, CheckSettings { jump_percent: 35 });
    assert_eq!(loose.flags.len(), 1);

    let mut explained = ret.clone();
    explained
        .explanations
        .insert("tax_revenue".into(), "新增两家龙头企业投产".into());
    explained
        .explanations
        .insert("new_jobs".into(), "上年含一次性招聘".into());
    let f = check(&d, &explained, with, CheckSettings::default());
    assert!(f.can_file());
    assert_eq!(
        f.flags[0].explanation.as_deref(),
        Some("新增两家龙头企业投产")
    );
}

#[test]
fn small_counts_and_zero_bases() {
    let d = dict();
    let before = annual_values();
    let mut values = before.clone();
    values.insert("incubators".into(), 5); // 3 → 5: +67 %, but fewer than 3 more
    values.insert("listed_enterprises".into(), 9); // 4 → 9: +125 % and 5 more
    let mut zero = before.clone();
    zero.insert("fdi_actual".into(), 0);
    let f = check(
        &d,
        &filed(Period::Annual(2025), values),
        Comparison {
            a_year_before: Some(&zero),
            same_year_other: None,
        },
        CheckSettings::default(),
    );
    let flagged: Vec<&FlagKind> = f.flags.iter().map(|x| &x.flag).collect();
    assert_eq!(
        flagged,
        [
            &FlagKind::Jump {
                a_year_before: 0,
                value: before["fdi_actual"],
                change_bp: None
            },
            &FlagKind::Jump {
                a_year_before: 4,
                value: 9,
                change_bp: Some(12_500)
            },
        ]
    );
    assert_eq!(
        f.refusal(&d).0[0].message_zh,
        "实际使用外资金额上年同期为零，请填写说明"
    );
}

#[test]
fn a_half_year_flow_above_the_annual_is_flagged_from_either_side() {
    let d = dict();
    let half = half_year_values();
    let mut annual = annual_values();
    annual.insert("exports".into(), half["exports"] - 1);
    let f = check(
        &d,
        &filed(Period::Annual(2025), annual.clone()),
        Comparison {
            a_year_before: None,
            same_year_other: Some(&half),
        },
        CheckSettings::default(),
    );
    assert_eq!(f.flags.len(), 1);
    assert_eq!(f.flags[0].field, "exports");
    assert_eq!(
        f.flags[0].flag,
        FlagKind::HalfYearAboveAnnual {
            half_year: half["exports"],
            annual: half["exports"] - 1
        }
    );
    let refusal = f.refusal(&d);
    assert_eq!(refusal.0[0].code, "explanation_required");
    assert_eq!(
        refusal.0[0].message_zh,
        "出口总额半年累计数大于同年年报数，请填写说明"
    );
    let f = check(
        &d,
        &filed(Period::HalfYear(2025), half),
        Comparison {
            a_year_before: None,
            same_year_other: Some(&annual),
        },
        CheckSettings::default(),
    );
    assert_eq!(f.flags.len(), 1);
    assert_eq!(f.flags[0].field, "exports");
}

#[test]
fn stocks_and_ratios_are_not_compared_half_to_annual() {
    // A field measured as a stock or ratio has no half-year total to compare, even if a
    // later edition collects it twice a year.
    let d = dict();
    let mut half = annual_values();
    half.insert("high_tech_enterprises".into(), 100);
    half.insert("energy_intensity".into(), 900);
    let f = check(
        &d,
        &filed(Period::Annual(2025), annual_values()),
        Comparison {
            a_year_before: None,
            same_year_other: Some(&half),
        },
        CheckSettings::default(),
    );
    assert_eq!(f.flags, []);
}

proptest::proptest! {
    #[test]
    fn a_jump_is_exactly_a_change_over_the_threshold(
        before in 1i64..1_000_000_000,
        value in 0i64..2_000_000_000,
        pct in 1u32..100,
    ) {
        let flagged = jump(before, value, 0, CheckSettings { jump_percent: pct }).is_some();
        let change = (value - before).abs() as f64 / before as f64 * 100.0;
        // Away from the boundary, where float rounding cannot matter, the two agree.
        if (change - f64::from(pct)).abs() > 1e-6 {
            proptest::prop_assert_eq!(flagged, change > f64::from(pct));
        }
    }
}
