//! `/prices`: the public wholesale-price page (农产品批发市场价格): one product's series for
//! the nation, a region or a province, drawn with ECharts, with its latest periods in a table
//! and the open-data downloads (CSV, JSON) of the same bounded query.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
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
    title: String,
    rows: Vec<Row>,
    chart: String,
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
            ..SeriesQuery::default()
        })
        .await
    {
        Ok(s) => s,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let chart = serde_json::json!({
        "name": format!("{}（元/{}）", series.product_name_zh, series.unit),
        "dates": series.points.iter().map(|p| p.start.to_string()).collect::<Vec<_>>(),
        "prices": series.points.iter().map(|p| format_scaled(p.price_fen, 2)).collect::<Vec<_>>(),
    })
    .to_string()
    .replace('<', "\\u003c");
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
        title: format!("{}（元/{}）", series.product_name_zh, series.unit),
        query: format!(
            "product={}&granularity={}&region={}",
            series.product, granularity, q.region
        ),
        product: series.product.clone(),
        granularity,
        region: q.region,
        rows,
        chart,
    }
    .into_response()
}
