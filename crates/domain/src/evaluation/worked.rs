//! The worked example of docs/evaluation.md, computed by the program: the test reads the
//! example scheme from the document, scores the four zones and checks that the document
//! shows exactly these tables.

use super::test_schemes::zone;
use super::{Adjustment, CONTRACT_FIELDS, Evaluation, Method, Raw, Scheme, ZoneYear, evaluate};
use crate::region::Region;

const DOC: &str = include_str!("../../../../docs/evaluation.md");

/// The first ```json block of the document: the example scheme.
fn doc_scheme() -> Scheme {
    let start = DOC.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + DOC[start..].find("```").expect("its end");
    Scheme::from_json(&DOC[start..end], &CONTRACT_FIELDS).expect("the example scheme is valid")
}

/// 亿元 in fen.
const YI: i64 = 10_000_000_000;
/// 万美元 in US cents.
const WAN_USD: i64 = 1_000_000;

fn zones() -> Vec<ZoneYear> {
    let at = |id, region, fdi_wan_usd: i64, trade_yi: i64, exports_yi: i64, energy| {
        zone(
            id,
            region,
            &[
                ("fdi_actual", fdi_wan_usd * WAN_USD),
                ("trade_total", trade_yi * YI),
                ("exports", exports_yi * YI),
                ("energy_intensity", energy),
            ],
        )
    };
    let mut zones = vec![
        at(1, Region::East, 1000, 50, 20, 500),
        at(2, Region::Central, 3000, 100, 20, 300),
        at(3, Region::West, 5000, 80, 24, 400),
        at(4, Region::West, 2000, 30, 18, 700),
    ];
    zones[3].adjustments.push(Adjustment {
        points: -50,
        reason: "省级通报典型案例".into(),
        evidence: "示例通报第3号".into(),
    });
    zones
}

fn value(raw: Raw) -> f64 {
    match raw {
        Raw::Value(x) => x,
        Raw::NotFiled | Raw::NotComputable => f64::NAN,
    }
}

/// The two tables of the example, as the document prints them.
fn render(e: &Evaluation) -> String {
    let mut by_id: Vec<_> = e.zones.iter().collect();
    by_id.sort_by_key(|z| z.zone_id);
    let mut raw = String::from(
        "| 开发区 zone | 区域 region | 实际使用外资 (万美元) | 出口占比 export share (%) | 能耗 energy (kg/万元) |\n\
         |---|---|---:|---:|---:|\n",
    );
    let mut scores = String::from(
        "| 开发区 zone | 外资 score → points | 出口占比 score → points | 能耗 score → points | 加权 weighted | 加扣分 adjustments | 总分 total | 全国 national | 区域 regional |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for z in by_id {
        let l = &z.explanation.lines;
        raw.push_str(&format!(
            "| {} | {} | {:.0} | {:.2} | {:.0} |\n",
            z.zone_id,
            z.region.name_zh(),
            value(l[0].raw) / WAN_USD as f64,
            value(l[1].raw),
            value(l[2].raw),
        ));
        let cells: Vec<String> = l
            .iter()
            .map(|x| format!("{:.2} → {:.2}", x.score, x.contribution))
            .collect();
        let rank = |r: Option<u32>| r.map_or("—".to_owned(), |r| r.to_string());
        let adjustments = z.adjusted.bonus + z.adjusted.deduction;
        let adjustments = if adjustments == 0.0 {
            "—".to_owned()
        } else {
            format!("{adjustments:+.2}")
        };
        scores.push_str(&format!(
            "| {} | {} | {:.2} | {} | {:.2} | {} | {} |\n",
            z.zone_id,
            cells.join(" | "),
            z.weighted,
            adjustments,
            z.total(),
            rank(z.national_rank),
            rank(z.regional_rank),
        ));
    }
    format!("{raw}\n{scores}")
}

#[test]
fn docs_evaluation_md_shows_the_programs_numbers() {
    let e = evaluate(&doc_scheme(), 2022, Method::Efficacy, &zones()).expect("valid");
    let tables = render(&e);
    assert!(
        DOC.contains(&tables),
        "docs/evaluation.md must contain exactly the tables the program computes:\n{tables}"
    );
}

#[test]
fn the_example_figures_by_hand() {
    let e = evaluate(&doc_scheme(), 2022, Method::Efficacy, &zones()).expect("valid");
    let totals: Vec<(i64, f64)> = e.zones.iter().map(|z| (z.zone_id, z.total())).collect();
    let expected = [(3, 88.8), (2, 83.2), (1, 72.8), (4, 72.7)];
    assert_eq!(totals.len(), expected.len());
    for ((id, total), (want_id, want)) in totals.into_iter().zip(expected) {
        assert_eq!(id, want_id);
        assert!((total - want).abs() < 1e-9, "zone {id}: {total}");
    }
    let z4 = e.zones.iter().find(|z| z.zone_id == 4).expect("zone 4");
    assert!(
        (z4.weighted - 73.2).abs() < 1e-9,
        "the deduction overtakes zone 1"
    );
    assert_eq!((z4.national_rank, z4.regional_rank), (Some(4), Some(2)));
}
