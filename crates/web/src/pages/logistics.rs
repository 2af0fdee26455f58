//! `/logistics`: a zone's routes to the ports (物流通道). Every port with the zone's fastest
//! and cheapest route over the road, rail and river network, and the chosen port's two routes
//! drawn over the network on lon/lat axes with ECharts (no China base map is available
//! offline; the network itself outlines the country well enough to read a route).

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::logistics::modes_zh;
use gowest_domain::logistics::Mode;
use gowest_domain::logistics::route::Route;
use gowest_domain::money::Fen;
use serde::Deserialize;

/// One route as the table shows it.
struct RouteCell {
    modes: String,
    corridors: String,
    hours: String,
    cost: String,
}

struct PortRow {
    id: i64,
    name: String,
    kind: &'static str,
    coastal: String,
    fastest: Option<RouteCell>,
    cheapest: Option<RouteCell>,
    unavailable: String,
    chosen: bool,
}

/// One 大通关 agreement as the page lists it.
struct ClearanceRow {
    port: String,
    province: String,
    measures: String,
    signed_on: String,
    before: String,
    after: String,
    saved: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "logistics.html")]
struct LogisticsPage {
    lang: Lang,
    frame: Frame,
    zones: Vec<(i64, String)>,
    zone_id: i64,
    zone_name: String,
    kind: String,
    rows: Vec<PortRow>,
    port_name: String,
    chart: ScriptJson,
    clearance: Vec<ClearanceRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LogisticsQuery {
    zone: String,
    port: String,
    kind: String,
}

fn cell(route: &Route, lang: Lang) -> RouteCell {
    RouteCell {
        modes: modes_zh(route),
        corridors: route.corridors().join("、"),
        hours: format::hours(
            u32::try_from(route.totals.hours_tenths).unwrap_or(u32::MAX),
            lang,
        ),
        cost: format!(
            "{} {}",
            format::yuan(Fen(route.totals.cost_fen)),
            lang.pick("元/箱", "yuan/TEU")
        ),
    }
}

fn kind_name(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "sea" => lang.pick("海港", "Seaport"),
        "river" => lang.pick("内河港", "River port"),
        _ => lang.pick("无水港", "Dry port"),
    }
}

fn points(route: Option<&Route>) -> Vec<[f64; 2]> {
    let Some(route) = route else {
        return Vec::new();
    };
    let mut out: Vec<[f64; 2]> = route
        .legs
        .iter()
        .map(|l| [l.from.lon, l.from.lat])
        .collect();
    if let Some(last) = route.legs.last() {
        out.push([last.to.lon, last.to.lat]);
    }
    out
}

pub async fn page(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<LogisticsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    // A zone, port or kind that is given but not understood is named, not silently replaced.
    let bad = |field: &str, raw: &str| {
        let refused = gowest_domain::FieldError::new(
            field,
            "unknown",
            format!("无法识别的{field}：“{raw}”"),
            format!("{field}: \"{raw}\" is not understood"),
        );
        let e = gowest_app::AppError::Invalid(gowest_domain::Validation(vec![refused]));
        PageError::new(&ctx, e).into_response()
    };
    for (field, raw) in [("zone", q.zone.trim()), ("port", q.port.trim())] {
        if !raw.is_empty() && raw.parse::<i64>().is_err() {
            return bad(field, raw);
        }
    }
    if !matches!(q.kind.as_str(), "" | "sea" | "river" | "dry") {
        return bad("kind", &q.kind);
    }
    let dir = app.directory();
    let zones: Vec<(i64, String)> = dir
        .zones
        .iter()
        .filter(|l| l.zone.fields.location.is_some())
        .map(|l| {
            (
                l.zone.id,
                format!("{} · {}", l.zone.province_name_zh, l.zone.fields.name_zh),
            )
        })
        .collect();
    // Without a choice, a 重庆 zone: the measure's showcase of the Yangtze and the rail trunks.
    let zone_id = q.zone.trim().parse::<i64>().ok().or_else(|| {
        dir.zones
            .iter()
            .find(|l| {
                l.zone.fields.province_code.as_str() == "500000" && l.zone.fields.location.is_some()
            })
            .or_else(|| dir.zones.iter().find(|l| l.zone.fields.location.is_some()))
            .map(|l| l.zone.id)
    });
    let Some(zone_id) = zone_id else {
        return PageError::new(&ctx, gowest_app::AppError::NotFound { entity: "zone" })
            .into_response();
    };
    let kind = q.kind.clone();
    let routes = match app.zone_routes(zone_id, (!kind.is_empty()).then_some(kind.as_str())) {
        Ok(r) => r,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let chosen = q
        .port
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| routes.ports.iter().any(|p| p.port.id == *id))
        .or_else(|| {
            routes
                .ports
                .iter()
                .find(|p| p.port.name_zh == "上海港" && p.fastest.is_some())
                .or_else(|| routes.ports.first())
                .map(|p| p.port.id)
        });
    let chosen_port = routes.ports.iter().find(|p| Some(p.port.id) == chosen);
    let network = match app.logistics_network().await {
        Ok(n) => n,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let at: std::collections::HashMap<i64, [f64; 2]> = network
        .nodes
        .iter()
        .map(|n| (n.id, [n.location.lon, n.location.lat]))
        .collect();
    let lines = |mode: Mode| {
        network
            .links
            .iter()
            .filter(|l| l.mode == mode)
            .filter_map(|l| Some([*at.get(&l.from_node)?, *at.get(&l.to_node)?]))
            .collect::<Vec<_>>()
    };
    let chart = ScriptJson::new(&serde_json::json!({
        "labels": {
            "road": lang.pick("公路", "Road"), "rail": lang.pick("铁路", "Rail"), "river": lang.pick("水运", "River"),
            "nodes": lang.pick("枢纽与港口", "Hubs and ports"),
            "fastest": lang.pick("最快线路", "Fastest route"), "cheapest": lang.pick("最省线路", "Cheapest route"),
        },
        "nodes": network.nodes.iter().map(|n| serde_json::json!([n.location.lon, n.location.lat, n.name_zh])).collect::<Vec<_>>(),
        "road": lines(Mode::Road),
        "rail": lines(Mode::Rail),
        "river": lines(Mode::River),
        "zone": routes.location.map(|p| serde_json::json!([p.lon, p.lat, routes.zone_name_zh])),
        "fastest": points(chosen_port.and_then(|p| p.fastest.as_ref())),
        "cheapest": points(chosen_port.and_then(|p| p.cheapest.as_ref())),
    }));
    let rows = routes
        .ports
        .iter()
        .map(|p| PortRow {
            id: p.port.id,
            name: lang
                .or_zh(&p.port.name_zh, Some(&p.port.name_en))
                .to_owned(),
            kind: kind_name(p.port.kind.code(), lang),
            coastal: p.coastal_economic_zone.clone().unwrap_or_default(),
            fastest: p.fastest.as_ref().map(|r| cell(r, lang)),
            cheapest: p.cheapest.as_ref().map(|r| cell(r, lang)),
            unavailable: p
                .unavailable
                .map(|r| lang.pick(r.message_zh(), r.message_en()).to_owned())
                .unwrap_or_default(),
            chosen: Some(p.port.id) == chosen,
        })
        .collect();
    let agreements = match app.clearance_agreements().await {
        Ok(a) => a,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let catalog = &dir.catalog;
    let clearance = agreements
        .iter()
        .map(|a| ClearanceRow {
            port: catalog
                .port(a.port_id)
                .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
                .unwrap_or_default(),
            province: catalog
                .province(&a.province_code)
                .map(|p| p.name_zh.clone())
                .unwrap_or_default(),
            measures: a.measures.clone(),
            signed_on: a.signed_on.to_string(),
            before: format::hours(a.hours_before_tenths, lang),
            after: format::hours(a.hours_after_tenths, lang),
            saved: a
                .saved_bp()
                .map(|bp| format!("{}%", format_percent(bp)))
                .unwrap_or_default(),
        })
        .collect();
    LogisticsPage {
        lang,
        frame: ctx.frame("logistics"),
        zones,
        zone_id,
        zone_name: routes.zone_name_zh.clone(),
        kind,
        rows,
        port_name: chosen_port
            .map(|p| {
                lang.or_zh(&p.port.name_zh, Some(&p.port.name_en))
                    .to_owned()
            })
            .unwrap_or_default(),
        chart,
        clearance,
    }
    .into_response()
}

/// Basis points as a percentage with one decimal, rounded toward zero: 6,597 is `65.9`.
fn format_percent(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let tenths = bp.abs() / 10;
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}
