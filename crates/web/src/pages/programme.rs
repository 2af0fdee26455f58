//! `/programme`: the programme's targets (the 2006 notice's figures) with their progress
//! computed from the records, for everyone: each target's source sentence, a progress bar,
//! the figure (money in 万元/亿元 with the exact 元 on hover; shares as percentages with
//! numerator and denominator) and charts by year and by region; the leading provinces.
//! `/programme/targets.xlsx` downloads the same with exact figures. The console's
//! `/console/targets` shows the same cards, scoped.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format::{group_thousands, investment, yuan};
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::targets::Share;
use gowest_domain::money::Fen;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::targets::{Comparison, Line, Measure, Period, SourceKind, TargetProgress, Unit};

/// A figure as read (`3.00 亿元`, `52,340 人`) and exactly (`300,000,000.00 元`).
pub struct Figure {
    pub short: String,
    pub exact: String,
}

fn figure(unit: Unit, value: i128, lang: Lang) -> Figure {
    match unit {
        Unit::Fen => {
            let fen = Fen(i64::try_from(value).unwrap_or(i64::MAX));
            Figure {
                short: investment(fen, lang),
                exact: format!("{} {}", yuan(fen), lang.pick("元", "yuan")),
            }
        }
        _ => {
            let n = group_thousands(&value.to_string());
            let unit = lang.pick(unit.name_zh(), unit.name_en());
            let sep = if lang == Lang::Zh { "" } else { " " };
            Figure {
                short: format!("{n}{sep}{unit}"),
                exact: format!("{n}{sep}{unit}"),
            }
        }
    }
}

fn percent(line: &Line) -> Option<String> {
    line.basis_points()
        .map(|bp| format!("{}.{:02}%", bp / 100, bp % 100))
}

/// A share of a line: the percentage, and the bar's width (capped at the full bar).
pub struct Bar {
    pub percent: String,
    pub value: i128,
}

fn bar(line: &Line) -> Option<Bar> {
    Some(Bar {
        percent: percent(line)?,
        value: line.basis_points()?.clamp(0, 10_000),
    })
}

/// One line of a table under a card: a year, a region or a province.
pub struct Row {
    pub key: String,
    pub name: String,
    pub achieved: Figure,
    pub companion: Figure,
    pub target: Option<Figure>,
    pub bar: Option<Bar>,
    pub met: Option<bool>,
}

/// One target as the page shows it.
pub struct Card {
    pub code: &'static str,
    pub name: String,
    pub period: String,
    pub source_ref: String,
    pub source_zh: String,
    pub from_name: bool,
    pub notes: Vec<&'static str>,
    /// `2008年` for a yearly target; the period for one over a span.
    pub when: String,
    pub achieved_label: &'static str,
    pub companion_label: &'static str,
    pub comparison: &'static str,
    pub headline: Row,
    pub years_met: Option<String>,
    pub regions: Vec<Row>,
    pub provinces: Vec<Row>,
    pub years: Vec<Row>,
}

fn labels(code: Measure, lang: Lang) -> (&'static str, &'static str) {
    match code {
        Measure::Technicians => (
            lang.pick("取得职业资格的技工", "Technicians certified"),
            lang.pick("参训人数", "Trained"),
        ),
        Measure::CdbLoans => (
            lang.pick("已承诺贷款", "Loans committed"),
            lang.pick("已发放", "Disbursed"),
        ),
        Measure::InterestSubsidy => (
            lang.pick("已拨付贴息", "Subsidy paid"),
            lang.pick("已承诺贴息", "Subsidy committed"),
        ),
        Measure::EnterprisesWest => (
            lang.pick(
                "落户中西部的东部及境外企业",
                "Eastern and foreign enterprises landed",
            ),
            lang.pick("投产项目", "Projects in production"),
        ),
        Measure::Expo => (
            lang.pick("已举办中博会", "Expos held"),
            lang.pick("中博会签约项目", "Projects signed at the expo"),
        ),
    }
}

fn notes(p: &TargetProgress, lang: Lang) -> Vec<&'static str> {
    let t = &p.target;
    let mut out = Vec::new();
    if t.amount.is_none() {
        out.push(lang.pick(
            "目标值待商务部录入：通知提及该额度，但未载明数额，平台不作估计。",
            "The figure is to be entered by the ministry: the notice refers to it without stating it, and the platform does not estimate it.",
        ));
    }
    match t.code {
        Measure::EnterprisesWest => out.push(lang.pick(
            "目标数取自工程名称“万商西进”（约一万家），并非通知原文的句子。按东部省份或境外投资方在中西部开发区有项目落地计，每家企业只计一次。",
            "The figure comes from the programme's name (万商, about ten thousand enterprises), not from a sentence of the notice. Counted as investors from the east or abroad with a project landed in a central or western zone, each once.",
        )),
        Measure::Expo => out.push(lang.pick(
            "每年一届为中博会的举办惯例（首届 2006 年），通知要求“全力办好”，未规定届次。按名称含“中国中部投资贸易博览会”或“中博会”的招商活动计。",
            "One edition a year is the expo's own practice (first held 2006); the notice asks that it be run well, without a frequency. Counted from promotion events named 中国中部投资贸易博览会 or 中博会.",
        )),
        Measure::CdbLoans => out.push(lang.pick(
            "按国家开发银行政策性贷款资金池的台账计：已承诺（扣除释放）与已发放，按台账记账年份分年。",
            "From the ledger of the CDB policy-loan pools: committed (less released) and disbursed, by the year of each entry.",
        )),
        Measure::InterestSubsidy => out.push(lang.pick(
            "按各年度贴息项目的台账计：已拨付的贴息须高于 2005 年贴息额度。",
            "From each year's interest-subsidy programme: the subsidy paid must be above the 2005 level.",
        )),
        Measure::Technicians => out.push(lang.pick(
            "按培训名册中取得职业资格证书的人数计，与技工培训页面同一来源。",
            "Counted from the trainee rosters' certified trainees, the source of the training pages.",
        )),
    }
    out
}

fn province_name(app: &App, code: &str, lang: Lang) -> String {
    ProvinceCode::parse(code)
        .and_then(|c| {
            app.directory()
                .catalog
                .province(&c)
                .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
        })
        .unwrap_or_else(|| code.to_owned())
}

fn region_name(code: &str, lang: Lang) -> String {
    Region::parse(code).map_or_else(
        || code.to_owned(),
        |r| lang.pick(r.name_zh(), r.name_en()).to_owned(),
    )
}

fn row(unit: Unit, line: &Line, name: String, lang: Lang) -> Row {
    Row {
        key: line.key.clone(),
        name,
        achieved: figure(unit, line.achieved, lang),
        companion: figure(unit, line.companion, lang),
        target: line.target.map(|t| figure(unit, t, lang)),
        bar: bar(line),
        met: line.met,
    }
}

/// The cards of every target.
pub fn cards(app: &App, all: &[TargetProgress], lang: Lang) -> Vec<Card> {
    all.iter()
        .map(|p| {
            let t = &p.target;
            let unit = t.unit;
            let (achieved_label, companion_label) = labels(t.code, lang);
            let when = match (t.period, p.year, t.year_to) {
                (Period::PerYear, Some(y), _) => format!("{y}{}", lang.pick("年", "")),
                (_, _, Some(to)) => format!("{}–{to}{}", t.year_from, lang.pick("年", "")),
                (_, _, None) => format!("{}{}", t.year_from, lang.pick("年起", " onwards")),
            };
            let companion = |unit: Unit, line: &Line| {
                let mut r = row(unit, line, String::new(), lang);
                if matches!(t.code, Measure::EnterprisesWest | Measure::Expo) {
                    r.companion = figure(Unit::Enterprises, line.companion, lang);
                    r.companion.short = format!(
                        "{} {}",
                        group_thousands(&line.companion.to_string()),
                        lang.pick("个", "projects")
                    );
                    r.companion.exact.clone_from(&r.companion.short);
                }
                r
            };
            Card {
                code: t.code.code(),
                name: lang.or_zh(&t.name_zh, Some(&t.name_en)).to_owned(),
                period: lang.pick(t.period.name_zh(), t.period.name_en()).to_owned(),
                source_ref: t.source_ref.clone(),
                source_zh: t.source_zh.clone(),
                from_name: t.source_kind == SourceKind::ProgrammeName,
                notes: notes(p, lang),
                when,
                achieved_label,
                companion_label,
                comparison: match t.comparison {
                    Comparison::AtLeast => lang.pick("目标", "Target"),
                    Comparison::Above => lang.pick("须高于", "Must exceed"),
                },
                headline: companion(unit, &p.headline),
                years_met: p.years_met.map(|y| {
                    format!(
                        "{} {} / {}",
                        lang.pick("达成年份", "Years met"),
                        y.met,
                        y.of
                    )
                }),
                regions: p
                    .by_region
                    .iter()
                    .map(|l| {
                        let mut r = companion(unit, l);
                        r.name = region_name(&l.key, lang);
                        r
                    })
                    .collect(),
                provinces: p
                    .by_province
                    .iter()
                    .take(10)
                    .map(|l| {
                        let mut r = companion(unit, l);
                        r.name = province_name(app, &l.key, lang);
                        r
                    })
                    .collect(),
                years: p
                    .by_year
                    .iter()
                    .map(|l| {
                        let mut r = companion(unit, l);
                        r.name.clone_from(&l.key);
                        r
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Chart values: money in 万元 (the axis says so), counts as they are.
fn chart_value(unit: Unit, v: i128) -> f64 {
    match unit {
        Unit::Fen => (v as f64) / 1_000_000.0,
        _ => v as f64,
    }
}

/// The charts' data, keyed by target code: by year, by region and the first ten provinces.
pub fn chart(app: &App, all: &[TargetProgress], lang: Lang) -> ScriptJson {
    let mut out = serde_json::Map::new();
    for p in all {
        let t = &p.target;
        let (achieved, companion) = labels(t.code, lang);
        let unit = match t.unit {
            Unit::Fen => lang.pick("万元", "10k yuan"),
            u => lang.pick(u.name_zh(), u.name_en()),
        };
        let money = t.unit == Unit::Fen;
        let by_place = p.by_region.iter().any(|l| l.achieved != 0);
        let values = |lines: &[Line], f: fn(&Line) -> i128| -> Vec<f64> {
            lines.iter().map(|l| chart_value(t.unit, f(l))).collect()
        };
        let targets = |lines: &[Line]| -> Vec<Option<f64>> {
            lines
                .iter()
                .map(|l| l.target.map(|v| chart_value(t.unit, v)))
                .collect()
        };
        out.insert(
            t.code.code().to_owned(),
            serde_json::json!({
                "unit": unit,
                "labels": [achieved, companion, lang.pick("目标", "Target")],
                // A companion in another unit (projects beside enterprises) is not drawn.
                "companion_drawn": money || t.unit == Unit::Persons,
                "years": p.by_year.iter().map(|l| l.key.clone()).collect::<Vec<_>>(),
                "year_achieved": values(&p.by_year, |l| l.achieved),
                "year_companion": values(&p.by_year, |l| l.companion),
                "year_target": targets(&p.by_year),
                "regions": p.by_region.iter().map(|l| region_name(&l.key, lang)).collect::<Vec<_>>(),
                // Expos have no place: their regions show the projects signed there instead.
                "region_label": if by_place { achieved } else { companion },
                "region_unit": if by_place { unit } else { lang.pick("个", "projects") },
                "region_achieved": values(&p.by_region, if by_place { |l: &Line| l.achieved } else { |l: &Line| l.companion }),
                "region_target": targets(&p.by_region),
                "provinces": p.by_province.iter().take(10).map(|l| province_name(app, &l.key, lang)).collect::<Vec<_>>(),
                "province_values": values(&p.by_province[..p.by_province.len().min(10)], if by_place { |l: &Line| l.achieved } else { |l: &Line| l.companion }),
            }),
        );
    }
    ScriptJson::new(&serde_json::Value::Object(out))
}

#[derive(Template, WebTemplate)]
#[template(path = "programme.html")]
struct ProgrammePage {
    lang: Lang,
    frame: Frame,
    cards: Vec<Card>,
    chart: ScriptJson,
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    match app.target_progress(&Share::National).await {
        Ok(all) => ProgrammePage {
            lang,
            frame: ctx.frame("programme"),
            cards: cards(&app, &all, lang),
            chart: chart(&app, &all, lang),
        }
        .into_response(),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}

pub async fn export(State(app): State<App>, ctx: Ctx) -> Response {
    match app.export_targets_xlsx(&Share::National).await {
        Ok(bytes) => {
            crate::download::file(bytes, "targets.xlsx", Some("万商西进工程目标进度.xlsx"))
        }
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}
