//! `/compare?zones=1&zones=2…`: two to four zones side by side — their facts, and, when the
//! wizard's question comes along, their factor indices and rank for it (with a radar chart).

use super::ctx::{Ctx, Frame, Lang};
use super::find::{factor_label, raw_value};
use super::format;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Query;
use gowest_app::App;
use gowest_domain::location_query::LocationQueryInput;
use gowest_domain::matching::Factor;
use gowest_domain::zone::Zone;
use serde::Deserialize;

pub const MIN_ZONES: usize = 2;
pub const MAX_ZONES: usize = 4;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ZoneIds {
    pub zones: Vec<String>,
}

/// One row of the comparison table: a label and one cell per zone.
pub struct CompareRow {
    pub label: String,
    pub cells: Vec<String>,
    /// The index of the best cell, for highlighting; none when not comparable.
    pub best: Option<usize>,
}

pub struct ZoneHead {
    pub name: String,
    pub href: String,
    pub province: String,
    pub region_code: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "compare.html")]
pub struct ComparePage {
    lang: Lang,
    frame: Frame,
    message: String,
    heads: Vec<ZoneHead>,
    facts: Vec<CompareRow>,
    scores: Vec<CompareRow>,
    /// ECharts radar data, as JSON; empty without a question.
    chart: ScriptJson,
    back: String,
}

fn best_by(values: &[Option<i64>], lower_is_better: bool) -> Option<usize> {
    let known = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)));
    let best = if lower_is_better {
        known.min_by_key(|(i, v)| (*v, *i))
    } else {
        known.max_by_key(|(i, v)| (*v, std::cmp::Reverse(*i)))
    };
    best.map(|(i, _)| i)
}

fn fact_rows(zones: &[&Zone], lang: Lang) -> Vec<CompareRow> {
    let dash = || "—".to_owned();
    let land: Vec<Option<i64>> = zones
        .iter()
        .map(|z| z.fields.land_price_fen_per_m2.map(|p| p.0))
        .collect();
    let wage: Vec<Option<i64>> = zones
        .iter()
        .map(|z| z.fields.avg_wage_fen_per_month.map(|p| p.0))
        .collect();
    let labour: Vec<Option<i64>> = zones
        .iter()
        .map(|z| z.fields.labour_available.map(i64::from))
        .collect();
    let port: Vec<Option<i64>> = zones
        .iter()
        .map(|z| {
            z.nearest_seaport
                .as_ref()
                .map(|s| i64::from(s.hours_tenths))
        })
        .collect();
    vec![
        CompareRow {
            label: lang.pick("级别", "Level").to_owned(),
            cells: zones
                .iter()
                .map(|z| format::level_short(z.fields.level, lang).to_owned())
                .collect(),
            best: None,
        },
        CompareRow {
            label: lang
                .pick("工业用地价格", "Industrial land price")
                .to_owned(),
            cells: zones
                .iter()
                .map(|z| {
                    z.fields
                        .land_price_fen_per_m2
                        .map_or_else(dash, |p| format::land_price(p, lang))
                })
                .collect(),
            best: best_by(&land, true),
        },
        CompareRow {
            label: lang.pick("平均工资", "Average wage").to_owned(),
            cells: zones
                .iter()
                .map(|z| {
                    z.fields
                        .avg_wage_fen_per_month
                        .map_or_else(dash, |w| format::monthly_wage(w, lang))
                })
                .collect(),
            best: best_by(&wage, true),
        },
        CompareRow {
            label: lang.pick("可招用劳动力", "Workers available").to_owned(),
            cells: zones
                .iter()
                .map(|z| {
                    z.fields
                        .labour_available
                        .map_or_else(dash, |n| format::count(n as usize))
                })
                .collect(),
            best: best_by(&labour, false),
        },
        CompareRow {
            label: lang.pick("最近海港", "Nearest seaport").to_owned(),
            cells: zones
                .iter()
                .map(|z| {
                    z.nearest_seaport.as_ref().map_or_else(dash, |s| {
                        format!("{} {}", s.port_name_zh, format::hours(s.hours_tenths, lang))
                    })
                })
                .collect(),
            best: best_by(&port, true),
        },
        CompareRow {
            label: lang.pick("主导产业", "Leading industries").to_owned(),
            cells: zones
                .iter()
                .map(|z| {
                    let codes: Vec<&str> = z
                        .fields
                        .leading_industries
                        .iter()
                        .map(|c| c.as_str())
                        .collect();
                    if codes.is_empty() {
                        dash()
                    } else {
                        codes.join("、")
                    }
                })
                .collect(),
            best: None,
        },
    ]
}

pub async fn compare(
    State(app): State<App>,
    ctx: Ctx,
    ids: Result<Query<ZoneIds>, axum_extra::extract::QueryRejection>,
    question: Result<Query<LocationQueryInput>, axum_extra::extract::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let zone_ids = ids.map(|Query(p)| p).unwrap_or_default();
    let asked = question.map(|Query(q)| q).unwrap_or_default();
    let directory = app.directory();
    let mut ids: Vec<i64> = zone_ids
        .zones
        .iter()
        .filter_map(|z| z.trim().parse().ok())
        .collect();
    ids.dedup();
    let zones: Vec<&Zone> = ids.iter().filter_map(|id| directory.zone(*id)).collect();
    let question = asked.validate(&directory.catalog).ok();
    let pairs = asked.pairs();
    let back_query: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let back = super::query::with_query("/find", &super::query::to_query(&back_query));
    if zones.len() < MIN_ZONES || zones.len() > MAX_ZONES || zones.len() != ids.len() {
        let page = ComparePage {
            lang,
            frame: ctx.frame("find"),
            message: lang
                .pick(
                    "请选择2至4个开发区进行对比。",
                    "Choose 2 to 4 zones to compare.",
                )
                .to_owned(),
            heads: Vec::new(),
            facts: Vec::new(),
            scores: Vec::new(),
            chart: ScriptJson::default(),
            back,
        };
        return (StatusCode::BAD_REQUEST, page).into_response();
    }
    let heads = zones
        .iter()
        .map(|z| ZoneHead {
            name: lang
                .or_zh(&z.fields.name_zh, z.fields.name_en.as_deref())
                .to_owned(),
            href: format!("/zones/{}", z.id),
            province: z.province_name_zh.clone(),
            region_code: z.region.code(),
        })
        .collect();
    let mut scores = Vec::new();
    let mut chart = ScriptJson::default();
    if let Some(q) = &question {
        let fits: Vec<_> = zones.iter().map(|z| app.zone_fit(z.id, q)).collect();
        let score_of = |i: usize| fits[i].as_ref().map(|f| (f.score * 100.0).round() as i64);
        let totals: Vec<Option<i64>> = (0..zones.len()).map(score_of).collect();
        scores.push(CompareRow {
            label: lang.pick("综合得分（排名）", "Score (rank)").to_owned(),
            cells: fits
                .iter()
                .map(|f| {
                    f.as_ref().map_or_else(
                        || {
                            lang.pick("不在意向地区内", "outside the chosen regions")
                                .to_owned()
                        },
                        |f| format!("{:.1}（{}）", f.score, f.rank),
                    )
                })
                .collect(),
            best: best_by(&totals, false),
        });
        for factor in Factor::ALL {
            let values: Vec<Option<i64>> = fits
                .iter()
                .map(|f| {
                    f.as_ref()
                        .and_then(|f| f.factor(factor))
                        .filter(|s| !s.missing)
                        .map(|s| (s.index * 10.0).round() as i64)
                })
                .collect();
            scores.push(CompareRow {
                label: factor_label(factor, lang).to_owned(),
                cells: fits
                    .iter()
                    .map(|f| match f.as_ref().and_then(|f| f.factor(factor)) {
                        Some(s) if !s.missing => format!("{:.0} · {}", s.index, raw_value(s, lang)),
                        _ => "—".to_owned(),
                    })
                    .collect(),
                best: best_by(&values, false),
            });
        }
        let indicator: Vec<serde_json::Value> = Factor::ALL
            .iter()
            .map(|f| serde_json::json!({ "name": factor_label(*f, lang), "max": 300 }))
            .collect();
        let series: Vec<serde_json::Value> = zones
            .iter()
            .zip(&fits)
            .filter_map(|(z, f)| {
                let f = f.as_ref()?;
                let values: Vec<f64> = Factor::ALL
                    .iter()
                    .map(|factor| f.factor(*factor).map_or(100.0, |s| s.index))
                    .collect();
                let name = lang.or_zh(&z.fields.name_zh, z.fields.name_en.as_deref());
                Some(serde_json::json!({ "name": name, "value": values }))
            })
            .collect();
        chart = ScriptJson::new(&serde_json::json!({ "indicator": indicator, "series": series }));
    }
    ComparePage {
        lang,
        frame: ctx.frame("find"),
        message: String::new(),
        facts: fact_rows(&zones, lang),
        heads,
        scores,
        chart,
        back,
    }
    .into_response()
}
