//! `/find`: the enterprise's "find a location" wizard (选址匹配). The question (industry,
//! ports, workforce, regions) and the weights go in the query string, so a ranking can be
//! bookmarked and shared; `?demand=ID` starts from a published demand. htmx requests get
//! the results only, so moving a weight re-ranks in place.

use super::choices::{self, Opt, OptGroup};
use super::ctx::{Ctx, Frame, Lang};
use super::format;
use super::query::to_query;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Query;
use gowest_app::matching::{LocationMatch, LocationMatches};
use gowest_app::{App, AppError};
use gowest_domain::location_query::LocationQueryInput;
use gowest_domain::matching::{Factor, FactorScore, RawUnit, Weights};
use gowest_domain::money::Fen;
use gowest_domain::region::Region;
use serde::Deserialize;

const SHOWN: usize = 20;
const CHARTED: usize = 10;

/// Start from this published demand (read apart from the question: the form encoding
/// has no types, so a flattened struct could not read a number).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FromDemand {
    pub demand: Option<String>,
}

pub struct WeightSlider {
    pub name: String,
    pub label: &'static str,
    pub value: u8,
}

pub struct FindForm {
    pub industries: Vec<OptGroup>,
    pub ports: Vec<OptGroup>,
    pub regions: Vec<(Opt, bool)>,
    pub workforce: String,
    pub processing_trade: bool,
    pub weights: Vec<WeightSlider>,
    pub from_demand: String,
}

pub struct FactorBar {
    pub label: &'static str,
    pub index: String,
    /// Bar width in percent: an index of 300 fills the bar, 100 (average) a third.
    pub width: u32,
    pub above: bool,
    pub raw: String,
    pub weight: u8,
}

pub struct MatchCard {
    pub rank: u32,
    pub zone_id: i64,
    pub name: String,
    pub href: String,
    pub province: String,
    pub region: &'static str,
    pub region_code: &'static str,
    pub level: &'static str,
    pub score: String,
    pub reason: String,
    pub bars: Vec<FactorBar>,
    pub measures: String,
    pub projects: Vec<(String, String)>,
}

pub struct FindResults {
    /// False until the question is complete enough to rank.
    pub asked: bool,
    pub errors: Vec<String>,
    pub candidates: u32,
    pub cards: Vec<MatchCard>,
    /// ECharts data for the score decomposition of the top zones, as JSON.
    pub chart: ScriptJson,
    /// The question as a query string, for links that keep it.
    pub question: String,
    /// The question as hidden fields of the comparison form.
    pub question_fields: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "find.html")]
pub struct FindPage {
    lang: Lang,
    frame: Frame,
    form: FindForm,
    r: FindResults,
}

#[derive(Template, WebTemplate)]
#[template(path = "find_results.html")]
pub struct FindPartial {
    lang: Lang,
    frame: Frame,
    r: FindResults,
}

pub(crate) fn raw_value(f: &FactorScore, lang: Lang) -> String {
    let Some(raw) = f.raw else {
        return lang.pick("无数据", "no data").to_owned();
    };
    match f.unit {
        RawUnit::Fit if raw >= 1.0 => lang.pick("主导产业一致", "leading industry").to_owned(),
        RawUnit::Fit if raw > 0.0 => lang.pick("同门类产业", "same section").to_owned(),
        RawUnit::Fit => lang.pick("非主导产业", "not a leading industry").to_owned(),
        RawUnit::FenPerM2 => format::land_price(Fen(raw.round() as i64), lang),
        RawUnit::FenPerMonth => format::monthly_wage(Fen(raw.round() as i64), lang),
        RawUnit::Ratio => format!("{raw:.1}×{}", lang.pick("用工需求", " the workforce")),
        RawUnit::Hours => format!("{raw:.1} {}", lang.pick("小时", "h")),
        RawUnit::Points => format!("{raw:.0} {}", lang.pick("分", "points")),
        RawUnit::Measures => format!("{raw:.0} {}", lang.pick("项", "measures")),
    }
}

pub(crate) fn factor_label(factor: Factor, lang: Lang) -> &'static str {
    lang.pick(factor.name_zh(), factor.name_en())
}

fn card(m: &LocationMatch, lang: Lang) -> MatchCard {
    let fit = &m.fit;
    MatchCard {
        rank: fit.rank,
        zone_id: fit.zone_id,
        name: lang
            .or_zh(&m.zone_name_zh, m.zone_name_en.as_deref())
            .to_owned(),
        href: format!("/zones/{}", fit.zone_id),
        province: m.province_name_zh.clone(),
        region: format::region(m.region, lang),
        region_code: m.region.code(),
        level: format::level_short(m.level, lang),
        score: format!("{:.1}", fit.score),
        reason: lang.pick(&fit.reason_zh, &fit.reason_en).to_owned(),
        bars: fit
            .factors
            .iter()
            .map(|f| FactorBar {
                label: factor_label(f.factor, lang),
                index: if f.missing {
                    "—".to_owned()
                } else {
                    format!("{:.0}", f.index)
                },
                width: (f.index / 3.0).clamp(0.0, 100.0).round() as u32,
                above: f.index >= 100.0,
                raw: raw_value(f, lang),
                weight: f.weight,
            })
            .collect(),
        measures: fit.eligible_measures.join(lang.pick("、", ", ")),
        projects: m
            .projects
            .iter()
            .map(|p| (format!("/projects/{}", p.id), p.title_zh.clone()))
            .collect(),
    }
}

/// Each factor's share of each top zone's score: weight share × index, so the stacked
/// bar's length is the score itself.
fn chart(matches: &LocationMatches, lang: Lang) -> ScriptJson {
    let top: Vec<&LocationMatch> = matches.matches.iter().take(CHARTED).collect();
    let zones: Vec<String> = top
        .iter()
        .map(|m| {
            lang.or_zh(&m.zone_name_zh, m.zone_name_en.as_deref())
                .to_owned()
        })
        .collect();
    let series: Vec<serde_json::Value> = Factor::ALL
        .iter()
        .map(|factor| {
            let data: Vec<f64> = top
                .iter()
                .map(|m| {
                    let total: f64 = m.fit.factors.iter().map(|f| f64::from(f.weight)).sum();
                    m.fit.factor(*factor).map_or(0.0, |f| {
                        if total > 0.0 {
                            (f64::from(f.weight) / total * f.index * 10.0).round() / 10.0
                        } else {
                            0.0
                        }
                    })
                })
                .collect();
            serde_json::json!({ "name": factor_label(*factor, lang), "data": data })
        })
        .collect();
    ScriptJson::new(&serde_json::json!({ "zones": zones, "series": series }))
}

fn question_query(input: &LocationQueryInput) -> String {
    let pairs = input.pairs();
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    to_query(&refs)
}

fn form(app: &App, input: &LocationQueryInput, from_demand: String, lang: Lang) -> FindForm {
    let directory = app.directory();
    let catalog = &directory.catalog;
    let chosen: Vec<i64> = input
        .ports
        .iter()
        .filter_map(|p| {
            p.parse::<i64>()
                .ok()
                .or_else(|| catalog.port_by_name(p).map(|port| port.id))
        })
        .collect();
    let weights = input
        .clone()
        .validate(catalog)
        .map(|q| q.weights)
        .unwrap_or(Weights::MINISTRY_DEFAULT);
    FindForm {
        industries: choices::industry_groups(catalog, input.industry.trim(), lang),
        ports: choices::ports(catalog, &chosen, lang),
        regions: Region::ALL
            .into_iter()
            .filter(|r| *r != Region::East)
            .map(|r| {
                let checked = input
                    .regions
                    .iter()
                    .any(|x| x == r.code() || x == r.name_zh());
                (choices::opt(r.code(), format::region(r, lang), ""), checked)
            })
            .collect(),
        workforce: input.workforce.clone(),
        processing_trade: matches!(input.processing_trade.trim(), "true" | "是" | "1" | "on"),
        weights: Factor::ALL
            .iter()
            .map(|f| WeightSlider {
                name: format!("weight_{}", f.code()),
                label: factor_label(*f, lang),
                value: weights.get(*f),
            })
            .collect(),
        from_demand,
    }
}

fn results(app: &App, input: &LocationQueryInput, lang: Lang) -> (StatusCode, FindResults) {
    let mut r = FindResults {
        asked: false,
        errors: Vec::new(),
        candidates: 0,
        cards: Vec::new(),
        chart: ScriptJson::default(),
        question: question_query(input),
        question_fields: input.pairs(),
    };
    if input.industry.trim().is_empty() {
        return (StatusCode::OK, r);
    }
    match app.find_locations(input, SHOWN) {
        Ok((_, matches)) => {
            r.asked = true;
            r.candidates = matches.candidates;
            r.cards = matches.matches.iter().map(|m| card(m, lang)).collect();
            r.chart = chart(&matches, lang);
            (StatusCode::OK, r)
        }
        Err(AppError::Invalid(v)) => {
            r.errors =
                v.0.iter()
                    .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
                    .collect();
            (StatusCode::BAD_REQUEST, r)
        }
        Err(_) => (StatusCode::OK, r),
    }
}

pub async fn find(
    State(app): State<App>,
    ctx: Ctx,
    input: Result<Query<LocationQueryInput>, axum_extra::extract::QueryRejection>,
    from: Result<Query<FromDemand>, axum_extra::extract::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let mut input = input.map(|Query(p)| p).unwrap_or_default();
    let demand_id = from
        .ok()
        .and_then(|Query(f)| f.demand)
        .and_then(|d| d.trim().parse::<i64>().ok());
    let mut from_demand = String::new();
    if let Some(id) = demand_id
        && let Ok((view, mut question)) = app.demand_question(None, id).await
    {
        // Weights moved on the page win over the demand's own.
        if input.has_weights() {
            question.take_weights_from(&input);
        }
        input = question;
        from_demand = view.demand.fields.title.clone();
    }
    let (status, r) = results(&app, &input, lang);
    let mut frame = ctx.frame("find");
    let mut response = if ctx.fragment {
        frame.oob = true;
        (status, FindPartial { lang, frame, r }).into_response()
    } else {
        let form = form(&app, &input, from_demand, lang);
        (
            status,
            FindPage {
                lang,
                frame,
                form,
                r,
            },
        )
            .into_response()
    };
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie"));
    response
}
