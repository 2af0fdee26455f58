//! `/prices/overview`: the market overview the price page loads after it shows (htmx): the
//! national price index over twelve months and every product's anomaly level, worst first.
//! It reads years of figures, so the page itself never waits for it.

use super::ctx::{Ctx, Lang};
use super::error::PageError;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::decimal::format_scaled;

struct WarningRow {
    product: String,
    name: String,
    month: String,
    price: String,
    unit: String,
    ipa: String,
    level: &'static str,
    level_name: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "prices_overview.html")]
struct OverviewFragment {
    lang: Lang,
    chart: ScriptJson,
    warnings: Vec<WarningRow>,
}

pub async fn fragment(State(app): State<App>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let overview = match app.price_overview().await {
        Ok(o) => o,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let chart = ScriptJson::new(&serde_json::json!({
        "name": lang.pick("价格指数", "Price index"),
        "months": overview.index.iter().map(|p| p.start.format("%Y-%m").to_string()).collect::<Vec<_>>(),
        "index": overview.index.iter().map(|p| format_scaled(p.index_centi, 2)).collect::<Vec<_>>(),
    }));
    let warnings = overview
        .warnings
        .iter()
        .map(|w| WarningRow {
            product: w.product.clone(),
            name: lang.or_zh(&w.name_zh, Some(&w.name_en)).to_owned(),
            month: w.month.format("%Y-%m").to_string(),
            price: format_scaled(w.price_fen, 2),
            unit: w.unit.clone(),
            // Scores that round to zero read 0.00, not −0.00.
            ipa: format!("{:.2}", if w.ipa.abs() < 0.005 { 0.0 } else { w.ipa }),
            level: w.level.code(),
            level_name: lang.pick(w.level.name_zh(), w.level.name_en()),
        })
        .collect();
    OverviewFragment {
        lang,
        chart,
        warnings,
    }
    .into_response()
}
