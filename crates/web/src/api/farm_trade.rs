//! Farm-product supply–demand matching (购销对接) over JSON: open offers and an offer's matches
//! (public, without who posted them), posting an offer, a list of offers or a spreadsheet of
//! them (all or none), recording a deal, and the enterprise's own offers and deals as .xlsx (an
//! enterprise's bearer token). Refused input is a 400 naming the fields (or rows and columns).

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id};
use super::prices::rows_as_fields;
use super::sheet::ImportParams;
use crate::client::ClientIp;
use crate::problem::Problem;
use crate::upload::SheetBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use gowest_app::App;
use gowest_app::farm_trade::OfferQuery;
use gowest_domain::farm_trade::{
    DealInput, OfferInput, OfferMatch, Proximity, Side, StandingOffer,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An offer as the public sees it: no organisation, no person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicOffer {
    pub id: i64,
    pub side: Side,
    /// Catalogue code.
    pub product: String,
    /// Grams or pieces offered at first.
    pub quantity_base: i64,
    /// Grams or pieces still open.
    pub remaining_base: i64,
    /// Fen per the product's catalogue unit.
    pub price_fen: Option<i64>,
    pub province_code: String,
    pub county: Option<String>,
    pub available_from: NaiveDate,
    pub available_to: NaiveDate,
}

impl From<StandingOffer> for PublicOffer {
    fn from(o: StandingOffer) -> Self {
        PublicOffer {
            id: o.id,
            side: o.side,
            product: o.product,
            quantity_base: o.quantity_base,
            remaining_base: o.remaining_base,
            price_fen: o.price_fen,
            province_code: o.province_code,
            county: o.county,
            available_from: o.available_from,
            available_to: o.available_to,
        }
    }
}

/// One match for an offer, with why.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchView {
    pub offer: PublicOffer,
    pub proximity: Proximity,
    pub price_gap_fen: Option<i64>,
    pub overlap_days: i64,
    pub reasons_zh: Vec<String>,
    pub reasons_en: Vec<String>,
}

impl From<OfferMatch> for MatchView {
    fn from(m: OfferMatch) -> Self {
        MatchView {
            offer: m.offer.into(),
            proximity: m.proximity,
            price_gap_fen: m.price_gap_fen,
            overlap_days: m.overlap_days,
            reasons_zh: m.reasons_zh,
            reasons_en: m.reasons_en,
        }
    }
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Open offers (something left, standing today or later), newest first, at most 500; public.
#[utoipa::path(get, path = "/api/v1/farm-trade/offers", tag = "farm_trade", params(OfferQuery),
    responses(
        (status = 200, description = "Open offers", body = Vec<PublicOffer>),
        (status = 400, description = "An unknown product or side", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn offers(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<OfferQuery>,
) -> Answer<Json<Vec<PublicOffer>>> {
    let q = raw;
    let list = app.open_farm_offers(&q).await?;
    Ok(Json(list.into_iter().map(PublicOffer::from).collect()))
}

/// The open offers of the other side matching one offer, nearest first, with reasons; public.
#[utoipa::path(get, path = "/api/v1/farm-trade/offers/{id}/matches", tag = "farm_trade",
    params(("id" = i64, Path, description = "Offer id")),
    responses(
        (status = 200, description = "Matches, same province first, then same region, then anywhere", body = Vec<MatchView>),
        (status = 404, description = "No such offer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn matches(
    State(app): State<App>,
    Path(raw): Path<String>,
) -> Answer<Json<Vec<MatchView>>> {
    let offer = id(&raw, "farm offer")?;
    let found = app.farm_offer_matches(offer).await?;
    Ok(Json(found.into_iter().map(MatchView::from).collect()))
}

/// Posts an offer for the token's enterprise.
#[utoipa::path(post, path = "/api/v1/farm-trade/offers", tag = "farm_trade", security(("bearer" = [])),
    request_body = OfferInput,
    responses(
        (status = 201, description = "Posted", body = Created),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's organisation is not an enterprise", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_offer(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<OfferInput>,
) -> Answer<Response> {
    let input = raw;
    let id = app.post_farm_offer(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// Records a deal between a sell and a buy offer, one of them the token's enterprise's; both
/// are drawn down in one transaction.
#[utoipa::path(post, path = "/api/v1/farm-trade/deals", tag = "farm_trade", security(("bearer" = [])),
    request_body = DealInput,
    responses(
        (status = 201, description = "Recorded", body = Created),
        (status = 400, description = "A field is invalid or the quantity exceeds what is left; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither offer is the token's enterprise's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another deal drew the offer down first", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_deal(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<DealInput>,
) -> Answer<Response> {
    let input = raw;
    let id = app.record_farm_deal(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// A list of offers to post at once.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OfferBatch {
    pub rows: Vec<OfferInput>,
}

/// The ids of the offers posted, in the order given.
#[derive(Debug, Serialize, ToSchema)]
pub struct Posted {
    pub posted: usize,
    pub ids: Vec<i64>,
}

/// Posts a list of offers for the token's enterprise, all or none (at most 2,000).
#[utoipa::path(post, path = "/api/v1/farm-trade/offers/batch", tag = "farm_trade", security(("bearer" = [])),
    request_body = OfferBatch,
    responses(
        (status = 201, description = "Posted", body = Posted),
        (status = 400, description = "A row is invalid (named `rows.N.FIELD`, N from 1); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's organisation is not an enterprise", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_batch(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<OfferBatch>,
) -> Answer<Response> {
    let batch = raw;
    let ids = app
        .post_farm_offers(&context(actor, ip), &batch.rows, 1)
        .await
        .map_err(rows_as_fields)?;
    let posted = ids.len();
    Ok((StatusCode::CREATED, Json(Posted { posted, ids })).into_response())
}

/// Posts a spreadsheet of offers (the body is the file, in the console template's columns) for
/// the token's enterprise, all rows or none.
#[utoipa::path(post, path = "/api/v1/farm-trade/offers/import", tag = "farm_trade", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Posted", body = Posted),
        (status = 400, description = "A row is invalid (named by row and column) or the file unreadable; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's organisation is not an enterprise", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn import(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiQuery(raw): ApiQuery<ImportParams>,
    SheetBody(bytes): SheetBody,
) -> Answer<Response> {
    let params = raw;
    let ids = app
        .import_farm_offers(&context(actor, ip), &params.file, &bytes)
        .await?;
    let posted = ids.len();
    Ok((StatusCode::CREATED, Json(Posted { posted, ids })).into_response())
}

/// The token's enterprise's offers and the deals drawn on them, as one .xlsx (two sheets).
#[utoipa::path(get, path = "/api/v1/farm-trade/export.xlsx", tag = "farm_trade", security(("bearer" = [])),
    responses(
        (status = 200, description = "Sheets 供求信息 and 成交记录", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "The token's organisation is not an enterprise", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn export(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
) -> Answer<Response> {
    let bytes = app.export_own_farm_trade(&context(actor, ip)).await?;
    Ok(crate::download::file(bytes, "farm-trade.xlsx", None))
}
