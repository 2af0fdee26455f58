//! `/prices`: the public wholesale-price page (农产品批发市场价格): one product's series for
//! the nation, a region or a province, drawn with ECharts, with its latest periods in a table
//! and the open-data downloads (CSV, JSON) of the same bounded query.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::prices::SeriesQuery;
use gowest_domain::decimal::format_scaled;
use serde::Deserialize;

/// One table row: period, price in 元, change and year-on-year in percent.
struct Row {
    start: String,
    price: String,
    change: String,
    yoy: String,
    reports: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "prices.html")]
struct PricesPage {
    lang: Lang,
    frame: Frame,
    products: Vec<(String, String)>,
    product: String,
    granularity: String,
    region: String,
    province_code: String,
    market: String,
    /// (code, name) of every province, for the province filter.
    provinces: Vec<(String, String)>,
    /// Markets by province: (province name, [(id, name)]).
    markets: Vec<(String, Vec<(i64, String)>)>,
    title: String,
    rows: Vec<Row>,
    chart: ScriptJson,
    query: String,
}

impl PricesPage {
    fn is_product(&self, code: &str) -> bool {
        self.product == code
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PricesQuery {
    product: String,
    granularity: String,
    region: String,
    province_code: String,
    market: String,
}

fn pct(bp: Option<i64>) -> String {
    bp.map(|b| format!("{}%", format_scaled(b, 2)))
        .unwrap_or_default()
}

pub async fn page(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<PricesQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let catalogue = app.price_catalogue();
    let product = if q.product.is_empty() {
        catalogue
            .products
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default()
    } else {
        q.product.clone()
    };
    let granularity = if q.granularity.is_empty() {
        "day".to_owned()
    } else {
        q.granularity.clone()
    };
    let series = match app
        .price_series(&SeriesQuery {
            product: product.clone(),
            granularity: granularity.clone(),
            region: q.region.clone(),
            province_code: q.province_code.clone(),
            market: q.market.clone(),
            ..SeriesQuery::default()
        })
        .await
    {
        Ok(s) => s,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let markets = match app.markets().await {
        Ok(m) => m,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let dir = app.directory();
    let province_name = |code: &str| {
        gowest_domain::region::ProvinceCode::parse(code)
            .and_then(|c| dir.catalog.province(&c).map(|p| p.name_zh.clone()))
            .unwrap_or_else(|| code.to_owned())
    };
    // Whose prices: a market, a province or a region before the product's name.
    let place = markets
        .iter()
        .find(|m| m.id.to_string() == q.market.trim())
        .map(|m| m.name_zh.clone())
        .or_else(|| {
            (!q.province_code.trim().is_empty()).then(|| province_name(q.province_code.trim()))
        })
        .or_else(|| {
            gowest_domain::region::Region::parse(q.region.trim())
                .map(|r| lang.pick(r.name_zh(), r.code()).to_owned())
        });
    let title = match &place {
        Some(place) => format!("{place} · {}（元/{}）", series.product_name_zh, series.unit),
        None => format!("{}（元/{}）", series.product_name_zh, series.unit),
    };
    let mut by_province: Vec<(String, Vec<(i64, String)>)> = Vec::new();
    for m in markets.iter() {
        let name = province_name(m.province_code.as_str());
        match by_province.last_mut() {
            Some((p, list)) if *p == name => list.push((m.id, m.name_zh.clone())),
            _ => by_province.push((name, vec![(m.id, m.name_zh.clone())])),
        }
    }
    let provinces = dir
        .catalog
        .provinces
        .values()
        .map(|p| (p.code.as_str().to_owned(), p.name_zh.clone()))
        .collect();
    let chart = ScriptJson::new(&serde_json::json!({
        "name": title,
        "dates": series.points.iter().map(|p| p.start.to_string()).collect::<Vec<_>>(),
        "prices": series.points.iter().map(|p| format_scaled(p.price_fen, 2)).collect::<Vec<_>>(),
    }));
    let rows = series
        .points
        .iter()
        .rev()
        .take(14)
        .map(|p| Row {
            start: p.start.to_string(),
            price: format_scaled(p.price_fen, 2),
            change: pct(p.change_bp),
            yoy: pct(p.year_on_year_bp),
            reports: p.reports,
        })
        .collect();
    PricesPage {
        lang,
        frame: ctx.frame("prices"),
        products: catalogue
            .products
            .iter()
            .map(|p| {
                (
                    p.code.clone(),
                    lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
                )
            })
            .collect(),
        title,
        query: format!(
            "product={}&granularity={}&region={}&province_code={}&market={}",
            series.product,
            granularity,
            super::query::encode_component(&q.region),
            super::query::encode_component(&q.province_code),
            super::query::encode_component(&q.market),
        ),
        product: series.product.clone(),
        granularity,
        region: q.region,
        province_code: q.province_code,
        market: q.market,
        provinces,
        markets: by_province,
        rows,
        chart,
    }
    .into_response()
}
