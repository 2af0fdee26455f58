//! Wholesale markets and agricultural distribution enterprises over JSON (measure 10 (二)):
//! the register (public, bounded pages, also as .xlsx), the figures by province and region with
//! the pilot programmes' terms (public), and registration and edits by the ministry's or a
//! province's writing staff (bearer token). Refused input is a 400 naming the fields.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::distributors::{DistributorFilter, MarketsOverview};
use gowest_app::{App, AppError};
use gowest_domain::distributors::{Business, Distributor, DistributorInput};
use gowest_domain::markets::{Market, MarketInput};
use gowest_domain::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    /// GB/T 2260 province code; every province when empty.
    pub province_code: String,
    /// A business code (`wholesale`, `chain_retail`, `cold_chain_logistics`, `processing`,
    /// `export`); every business when empty.
    pub business: String,
    /// Only pilots (`true`) or only others (`false`).
    pub pilot: Option<bool>,
    /// 1–500; 100 when absent.
    pub limit: Option<i64>,
    pub offset: i64,
}

/// One page of the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct DistributorPage {
    pub items: Vec<Distributor>,
    /// How many match in all.
    pub total: i64,
}

/// Distributors, by province then id, at most 500 a page; public.
#[utoipa::path(get, path = "/api/v1/distributors", tag = "distributors", params(ListParams),
    responses(
        (status = 200, description = "One page", body = DistributorPage),
        (status = 400, description = "An unknown province or business, or a limit out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<ListParams>,
) -> Answer<Json<DistributorPage>> {
    let q = raw;
    let business = match q.business.trim() {
        "" => None,
        code => Some(Business::parse(code).ok_or_else(|| {
            AppError::Invalid(Validation(vec![FieldError::new(
                "business",
                "unknown",
                format!("未知的主营业务“{code}”"),
                format!("business: \"{code}\" is not a business code"),
            )]))
        })?),
    };
    let (items, total) = app
        .distributors(DistributorFilter {
            province_code: Some(q.province_code),
            business,
            pilot: q.pilot,
            limit: q.limit.unwrap_or(100),
            offset: q.offset,
        })
        .await?;
    Ok(Json(DistributorPage { items, total }))
}

/// One distributor; public.
#[utoipa::path(get, path = "/api/v1/distributors/{id}", tag = "distributors",
    params(("id" = i64, Path, description = "Distributor id")),
    responses(
        (status = 200, description = "The distributor", body = Distributor),
        (status = 404, description = "No such distributor", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_one(State(app): State<App>, Path(raw): Path<String>) -> Answer<Json<Distributor>> {
    Ok(Json(app.distributor(id(&raw, "distributor")?).await?))
}

/// Registers a distributor (the ministry's or its province's writing staff).
#[utoipa::path(post, path = "/api/v1/distributors", tag = "distributors", security(("bearer" = [])),
    request_body = DistributorInput,
    responses(
        (status = 201, description = "Registered", body = Distributor),
        (status = 400, description = "A field is invalid or the credit code is registered; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry's or the province's writing staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<DistributorInput>,
) -> Answer<Response> {
    let input = raw;
    let d = app
        .create_distributor(&context(actor, ip), &input, false)
        .await?;
    Ok((StatusCode::CREATED, Json(d)).into_response())
}

/// Rewrites a distributor (the ministry's or its province's writing staff).
#[utoipa::path(put, path = "/api/v1/distributors/{id}", tag = "distributors", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Distributor id")),
    request_body = DistributorInput,
    responses(
        (status = 200, description = "Updated", body = Distributor),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry's or the province's writing staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such distributor", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<DistributorInput>,
) -> Answer<Json<Distributor>> {
    let id = id(&raw, "distributor")?;
    Ok(Json(
        app.update_distributor(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// The whole register as .xlsx, in the import's columns; public.
#[utoipa::path(get, path = "/api/v1/distributors.xlsx", tag = "distributors",
    responses((status = 200, description = "The register", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn xlsx(State(app): State<App>) -> Answer<Response> {
    let bytes = app.export_distributors().await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"distributors.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Every wholesale market; public.
#[utoipa::path(get, path = "/api/v1/markets", tag = "distributors",
    responses((status = 200, description = "The markets, by province", body = Vec<Market>)))]
pub async fn markets(State(app): State<App>) -> Answer<Json<Vec<Market>>> {
    Ok(Json(app.markets().await?.as_ref().clone()))
}

/// Registers a wholesale market (the ministry's or its province's writing staff).
#[utoipa::path(post, path = "/api/v1/markets", tag = "distributors", security(("bearer" = [])),
    request_body = MarketInput,
    responses(
        (status = 201, description = "Registered", body = Market),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry's or the province's writing staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_market(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<MarketInput>,
) -> Answer<Response> {
    let input = raw;
    let m = app.register_market(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// One wholesale market; public.
#[utoipa::path(get, path = "/api/v1/markets/{id}", tag = "distributors",
    params(("id" = i64, Path, description = "Market id")),
    responses(
        (status = 200, description = "The market", body = Market),
        (status = 404, description = "No such market", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn market(State(app): State<App>, Path(raw): Path<String>) -> Answer<Json<Market>> {
    Ok(Json(app.market(id(&raw, "market")?).await?))
}

/// Rewrites a wholesale market (the ministry's or its province's writing staff).
#[utoipa::path(put, path = "/api/v1/markets/{id}", tag = "distributors", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Market id")),
    request_body = MarketInput,
    responses(
        (status = 200, description = "Updated", body = Market),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry's or the province's writing staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such market", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_market(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<MarketInput>,
) -> Answer<Json<Market>> {
    let id = id(&raw, "market")?;
    Ok(Json(
        app.update_market(&context(actor, ip), id, &input).await?,
    ))
}

/// Markets and distributors by province and region, and the pilot programmes' entry rules,
/// support standards and slots by region; public.
#[utoipa::path(get, path = "/api/v1/markets/overview", tag = "distributors",
    responses((status = 200, description = "The register in figures", body = MarketsOverview)))]
pub async fn overview(State(app): State<App>) -> Answer<Json<MarketsOverview>> {
    Ok(Json(app.markets_overview().await?))
}
