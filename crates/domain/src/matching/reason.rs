//! The breakdown and the one-line reason of a zone's match: the two factors that lift the
//! zone most above the average candidate (index above 100 × weight), and its largest
//! weakness when a weighted factor sits at 70 or below.

use super::Factor;
use super::index::IndustryKey;
use super::result::{FactorScore, RawUnit, ZoneMatch};
use super::score::{LABOUR_CAP_PERMILLE, MISSING, NEUTRAL, Pass};

/// An index at or below 70.0 is worth naming as a weakness.
const WEAK_INDEX: i64 = 700;

pub(crate) fn zone_match(pass: &Pass, candidate: usize, score_centi: i64, rank: u32) -> ZoneMatch {
    let row = pass.row(candidate);
    let raw = pass.raw[candidate];
    let indices = pass.indices(candidate);
    let factors = Factor::ALL
        .iter()
        .map(|&f| {
            let value = raw[f as usize];
            FactorScore {
                factor: f,
                raw: (value != MISSING).then(|| display(f, value)),
                unit: RawUnit::of(f),
                index: indices[f as usize] as f64 / 10.0,
                weight: pass.weights.get(f),
                missing: value == MISSING,
            }
        })
        .collect();
    let eligible_measures = pass
        .index
        .rules
        .measures
        .iter()
        .filter(|m| m.reaches(row.level, row.region, pass.demand.processing_trade))
        .map(|m| m.code.clone())
        .collect();
    let (reason_zh, reason_en) = reason(pass, candidate, &indices);
    ZoneMatch {
        zone_id: row.id,
        score: score_centi as f64 / 100.0,
        rank,
        factors,
        eligible_measures,
        reason_zh,
        reason_en,
    }
}

/// The raw value in the unit of [`RawUnit::of`].
fn display(factor: Factor, raw: i64) -> f64 {
    let raw = raw as f64;
    match factor {
        Factor::IndustryFit => raw / 2.0,
        Factor::LabourAvailability => raw / 1000.0,
        Factor::PortAccess => raw / 10.0,
        _ => raw,
    }
}

fn reason(pass: &Pass, candidate: usize, indices: &[i64; 7]) -> (String, String) {
    let raw = pass.raw[candidate];
    let mut lift: Vec<(i64, Factor)> = Factor::ALL
        .iter()
        .filter(|f| pass.weights.get(**f) > 0 && raw[**f as usize] != MISSING)
        .map(|f| {
            (
                (indices[*f as usize] - NEUTRAL) * i64::from(pass.weights.get(*f)),
                *f,
            )
        })
        .collect();
    // Largest lift first; equal lifts in factor order, so the text is deterministic.
    lift.sort_by_key(|(l, f)| (-l, *f));
    let mut parts: Vec<(String, String)> = lift
        .iter()
        .filter(|(l, _)| *l > 0)
        .take(2)
        .map(|(_, f)| phrase(pass, candidate, *f))
        .collect();
    if parts.is_empty() {
        parts.push((
            "各项因素接近或低于平均水平".into(),
            "No factor above the average candidate".into(),
        ));
    }
    if let Some((_, f)) = lift
        .iter()
        .rev()
        .find(|(_, f)| indices[*f as usize] <= WEAK_INDEX)
    {
        parts.push(phrase(pass, candidate, *f));
    }
    // Certified technicians in the trades the industry employs are counted in the labour
    // figure; say so whenever labour matters to the question, since the count is news a
    // zone can act on.
    let technicians = pass
        .row(candidate)
        .technicians
        .fitting(IndustryKey::of(&pass.demand.industry));
    if technicians > 0 && pass.weights.get(Factor::LabourAvailability) > 0 {
        parts.push((
            format!("已培训对口持证技工 {technicians} 名"),
            format!("{technicians} certified technicians trained in trades the industry employs"),
        ));
    }
    let (zh, en): (Vec<String>, Vec<String>) = parts.into_iter().unzip();
    (zh.join("；"), en.join("; "))
}

/// Percent difference of `value` from `mean`, rounded.
fn pct(value: f64, mean: f64) -> i64 {
    if mean <= 0.0 {
        return 0;
    }
    ((value / mean - 1.0).abs() * 100.0).round() as i64
}

fn phrase(pass: &Pass, candidate: usize, factor: Factor) -> (String, String) {
    let raw = pass.raw[candidate][factor as usize];
    let mean = pass.stats[factor as usize].mean().unwrap_or(0.0);
    let p = pct(raw as f64, mean);
    let below = (raw as f64) < mean;
    match factor {
        Factor::IndustryFit => {
            let industry = &pass.demand.industry;
            let (zh, en) = pass.index.industry_name(industry);
            match raw {
                2 => (
                    format!("主导产业与{zh}一致"),
                    format!("Leading industries include {en}"),
                ),
                1 => {
                    let section = industry.section().unwrap_or_else(|| industry.clone());
                    let (szh, sen) = pass.index.industry_name(&section);
                    (
                        format!("主导产业与{zh}同属{szh}"),
                        format!("Leading industries in the same section as {en} ({sen})"),
                    )
                }
                _ => (
                    format!("主导产业不含{zh}"),
                    format!("{en} is not among its leading industries"),
                ),
            }
        }
        Factor::LandCost if below => (
            format!("工业地价低于平均水平{p}%"),
            format!("Land {p}% cheaper than average"),
        ),
        Factor::LandCost => (
            format!("工业地价高于平均水平{p}%"),
            format!("Land {p}% dearer than average"),
        ),
        Factor::LabourCost if below => (
            format!("工资低于平均水平{p}%"),
            format!("Wages {p}% below average"),
        ),
        Factor::LabourCost => (
            format!("工资高于平均水平{p}%"),
            format!("Wages {p}% above average"),
        ),
        Factor::LabourAvailability if raw >= LABOUR_CAP_PERMILLE => (
            "可招用劳动力达用工需求的2倍以上".into(),
            "Recruitable labour at least twice the workforce needed".into(),
        ),
        Factor::LabourAvailability if raw >= 1000 => (
            format!("可招用劳动力为用工需求的{:.1}倍", raw as f64 / 1000.0),
            format!(
                "Recruitable labour {:.1}× the workforce needed",
                raw as f64 / 1000.0
            ),
        ),
        Factor::LabourAvailability => (
            format!("可招用劳动力仅为用工需求的{}%", raw / 10),
            format!(
                "Recruitable labour only {}% of the workforce needed",
                raw / 10
            ),
        ),
        Factor::PortAccess => port_phrase(pass, raw, p, below),
        Factor::RegionalPriority => {
            let region = pass.row(candidate).region;
            if below {
                (
                    format!("位于{}，非工程重点承接地区", region.name_zh()),
                    format!(
                        "In the {}, not a destination of the programme",
                        region.name_en()
                    ),
                )
            } else {
                (
                    format!("位于{}，属工程承接地区", region.name_zh()),
                    format!(
                        "In the {}, a destination of the programme",
                        region.name_en()
                    ),
                )
            }
        }
        Factor::Support if raw == 0 => (
            "不在工程扶持政策范围内".into(),
            "Outside the programme's support measures".into(),
        ),
        Factor::Support => (
            format!("可享{raw}项扶持政策"),
            format!("Eligible for {raw} support measures"),
        ),
    }
}

fn port_phrase(pass: &Pass, tenths: i64, p: i64, below: bool) -> (String, String) {
    let zh: Vec<&str> = pass.ports.iter().map(|p| p.name_zh.as_str()).collect();
    let en: Vec<&str> = pass.ports.iter().map(|p| p.name_en.as_str()).collect();
    let hours = (tenths + 5) / 10;
    let (avg_zh, avg_en) = if pass.ports.len() > 1 {
        ("平均", " on average")
    } else {
        ("", "")
    };
    let base_zh = format!("距{}{avg_zh}约{hours}小时", zh.join("、"));
    let base_en = format!("About {hours} h to {}{avg_en}", en.join(", "));
    if below {
        (base_zh, base_en)
    } else {
        (
            format!("{base_zh}，比平均远{p}%"),
            format!("{base_en}, {p}% farther than average"),
        )
    }
}
