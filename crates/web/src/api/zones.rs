//! The zone directory.

use crate::problem::{ApiError, Problem, invalid};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::{Page, RawZoneQuery};

/// Zones filtered by region, province, level, industry and text; sorted; one page.
#[utoipa::path(get, path = "/api/v1/zones", tag = "zones", params(RawZoneQuery),
    responses(
        (status = 200, description = "One page of zones", body = Page<Zone>),
        (status = 400, description = "A parameter is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    query: Result<Query<RawZoneQuery>, QueryRejection>,
) -> Result<Response, Response> {
    let Query(raw) = query.map_err(|e| {
        invalid(vec![FieldError::new(
            "query",
            "malformed",
            "查询参数格式不正确",
            format!("malformed query string: {}", e.body_text()),
        )])
        .into_response()
    })?;
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
