//! `/farm-trade`: the open offers of farm-product supply–demand matching (农产品购销对接) —
//! product, side, what is left, price, place and dates — filterable by product, side and
//! province. Who posted an offer is not shown.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format::yuan;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::farm_trade::OfferQuery;
use gowest_domain::farm_trade::{StandingOffer, quantity_in};
use gowest_domain::money::Fen;

/// One offer as the page shows it.
pub struct OfferRow {
    pub id: i64,
    pub side_zh: &'static str,
    pub side_en: &'static str,
    pub product: String,
    pub remaining: String,
    pub unit: String,
    /// `¥x.xx`, or empty when a buyer named no price.
    pub price: String,
    pub province: String,
    pub county: String,
    pub from: String,
    pub to: String,
}

/// Offers as rows with names in `lang`.
pub fn rows(app: &App, lang: Lang, offers: Vec<StandingOffer>) -> Vec<OfferRow> {
    let catalogue = app.price_catalogue();
    let directory = app.directory();
    offers
        .into_iter()
        .map(|o| {
            let product = catalogue.find(&o.product);
            let unit = product.map(|p| p.unit);
            let province = gowest_domain::region::ProvinceCode::parse(&o.province_code)
                .and_then(|c| directory.catalog.province(&c).cloned());
            OfferRow {
                id: o.id,
                side_zh: o.side.name_zh(),
                side_en: o.side.code(),
                product: product.map_or(o.product.clone(), |p| {
                    lang.pick(&p.name_zh, &p.name_en).to_owned()
                }),
                remaining: unit.map_or(o.remaining_base.to_string(), |u| {
                    quantity_in(o.remaining_base, u)
                }),
                unit: unit.map_or(String::new(), |u| {
                    lang.pick(u.name_zh(), u.code()).to_owned()
                }),
                price: o.price_fen.map_or(String::new(), |f| yuan(Fen(f))),
                province: province.map_or(o.province_code.clone(), |p| {
                    lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned()
                }),
                county: o.county.unwrap_or_default(),
                from: o.available_from.to_string(),
                to: o.available_to.to_string(),
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "farm_trade.html")]
struct FarmTradePage {
    lang: Lang,
    frame: Frame,
    offers: Vec<OfferRow>,
    q: OfferQuery,
    /// Catalogue (code, name) for the product filter.
    products: Vec<(String, String)>,
}

pub async fn page(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<OfferQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let offers = match app.open_farm_offers(&q).await {
        Ok(o) => o,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let lang = ctx.lang;
    let products = app
        .price_catalogue()
        .products
        .iter()
        .map(|p| (p.code.clone(), lang.pick(&p.name_zh, &p.name_en).to_owned()))
        .collect();
    FarmTradePage {
        lang,
        frame: ctx.frame("prices"),
        offers: rows(&app, lang, offers),
        q,
        products,
    }
    .into_response()
}
