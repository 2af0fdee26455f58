//! The zone directory.

use super::bearer::Bearer;
use super::input::{ApiJson, ApiQuery};
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gowest_app::audit::Context;
use gowest_app::{App, AppError};
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::{Page, RawZoneQuery};
use gowest_domain::zone_input::ZoneInput;

/// Zones filtered by region, province, level, industry and text; sorted; one page.
#[utoipa::path(get, path = "/api/v1/zones", tag = "zones", params(RawZoneQuery),
    responses(
        (status = 200, description = "One page of zones", body = Page<Zone>),
        (status = 400, description = "A parameter is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<RawZoneQuery>,
) -> Result<Response, Response> {
    let json = app
        .list_zones_json(&raw)
        .map_err(|e| ApiError(e).into_response())?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// One zone by id.
#[utoipa::path(get, path = "/api/v1/zones/{id}", tag = "zones",
    params(("id" = i64, Path, description = "Zone id")),
    responses(
        (status = 200, description = "The zone", body = Zone),
        (status = 404, description = "No such zone", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn get(State(app): State<App>, Path(id): Path<String>) -> Result<Json<Zone>, ApiError> {
    // A non-numeric id names no zone: 404, like any other unknown id.
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound { entity: "zone" })?;
    Ok(Json(app.zone(id)?))
}

/// Replaces a zone's profile (a zone's own token, or a ministry administrator's). Name,
/// level, province and the 2006 flags follow the register and are kept.
#[utoipa::path(put, path = "/api/v1/zones/{id}", tag = "zones", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Zone id")),
    request_body = ZoneInput,
    responses(
        (status = 200, description = "The updated zone", body = Zone),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token may not edit this zone", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ZoneInput>,
) -> Result<Json<Zone>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound { entity: "zone" })?;
    let editor = actor.zone_editor(id).ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    Ok(Json(app.update_zone_profile(&editor, &ctx, input).await?))
}
