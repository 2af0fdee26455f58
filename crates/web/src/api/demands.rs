//! Relocation demand: published ones for everyone, drafts for their own enterprise.

use super::bearer::{Bearer, MaybeBearer};
use super::input::{ApiJson, ApiQuery, id};
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use gowest_app::audit::Context;
use gowest_app::demands::{DemandQuery, DemandView};
use gowest_app::{App, AppError};
use gowest_domain::demand::{DemandInput, DemandStatus, RelocationDemand};
use serde::Deserialize;
use utoipa::ToSchema;

/// Published demands, filtered by industry and region (the enterprise's name only for
/// government, zone and agency tokens).
#[utoipa::path(get, path = "/api/v1/demands", tag = "transfer", params(DemandQuery),
    responses(
        (status = 200, description = "Published demands, newest first", body = Vec<DemandView>),
        (status = 400, description = "A parameter is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    MaybeBearer(actor): MaybeBearer,
    ApiQuery(query): ApiQuery<DemandQuery>,
) -> Result<Json<Vec<DemandView>>, ApiError> {
    Ok(Json(app.find_published_demands(&query, actor.as_ref())?))
}

/// The token's own enterprise's demands, in every status.
#[utoipa::path(get, path = "/api/v1/enterprise/demands", tag = "transfer", security(("bearer" = [])),
    responses(
        (status = 200, description = "Own demands", body = Vec<DemandView>),
        (status = 403, description = "The token is not an enterprise's", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn mine(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Result<Json<Vec<DemandView>>, ApiError> {
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    Ok(Json(app.my_demands(&agent).await?))
}

/// One demand: published, or the token's own.
#[utoipa::path(get, path = "/api/v1/demands/{id}", tag = "transfer",
    params(("id" = i64, Path, description = "Demand id")),
    responses(
        (status = 200, description = "The demand", body = DemandView),
        (status = 404, description = "No such demand, or not published", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    MaybeBearer(actor): MaybeBearer,
    Path(raw): Path<String>,
) -> Result<Json<DemandView>, ApiError> {
    let id = id(&raw, "demand")?;
    Ok(Json(app.demand_for(actor.as_ref(), id).await?))
}

/// Saves a new draft demand for the token's enterprise.
#[utoipa::path(post, path = "/api/v1/demands", tag = "transfer", security(("bearer" = [])),
    request_body = DemandInput,
    responses(
        (status = 201, description = "The new draft", body = RelocationDemand),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token is not an enterprise's", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(input): ApiJson<DemandInput>,
) -> Result<(axum::http::StatusCode, Json<RelocationDemand>), ApiError> {
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    let demand = app.create_demand(&agent, &ctx, input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(demand)))
}

/// Replaces the fields of one of the token's drafts or published demands.
#[utoipa::path(put, path = "/api/v1/demands/{id}", tag = "transfer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Demand id")),
    request_body = DemandInput,
    responses(
        (status = 200, description = "The saved demand", body = RelocationDemand),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "Not one of the token's demands", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<DemandInput>,
) -> Result<Json<RelocationDemand>, ApiError> {
    let id = id(&raw, "demand")?;
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    Ok(Json(app.update_demand(&agent, &ctx, id, input).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusChange {
    /// `published` or `withdrawn`.
    pub status: String,
}

/// Publishes or withdraws one of the token's demands.
#[utoipa::path(post, path = "/api/v1/demands/{id}/status", tag = "transfer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Demand id")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The demand in its new status", body = RelocationDemand),
        (status = 400, description = "Not a move the demand can make", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn set_status(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<StatusChange>,
) -> Result<Json<RelocationDemand>, ApiError> {
    let id = id(&raw, "demand")?;
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    let change = input;
    let to = DemandStatus::parse(change.status.trim()).ok_or_else(|| {
        AppError::Invalid(gowest_domain::Validation(vec![
            gowest_domain::FieldError::new(
                "status",
                "unknown",
                "状态应为 published 或 withdrawn",
                "status must be published or withdrawn",
            ),
        ]))
    })?;
    let ctx = Context::user(actor, ip);
    Ok(Json(app.set_demand_status(&agent, &ctx, id, to).await?))
}
