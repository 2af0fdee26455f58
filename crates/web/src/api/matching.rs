//! Matching: the zones that fit a relocation question or a published demand, and the
//! published demands that fit a zone.

use super::bearer::MaybeBearer;
use super::input::{ApiJson, ApiQuery, id};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use gowest_app::App;
use gowest_app::matching::{DemandForZone, LocationMatches};
use gowest_domain::location_query::LocationQueryInput;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct Limit {
    /// How many zones to return, 1–100 (default 20).
    pub limit: Option<usize>,
}

const DEFAULT_LIMIT: usize = 20;

/// Ranks every zone for a question: industry, ports, workforce, regions, weights. Each
/// result carries its factor indices (average candidate = 100) and a reason in zh and en.
#[utoipa::path(post, path = "/api/v1/matching", tag = "transfer", params(Limit),
    request_body = LocationQueryInput,
    responses(
        (status = 200, description = "Zones, best first", body = LocationMatches),
        (status = 400, description = "A field is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn find(
    State(app): State<App>,
    ApiQuery(limit): ApiQuery<Limit>,
    ApiJson(input): ApiJson<LocationQueryInput>,
) -> Result<Json<LocationMatches>, ApiError> {
    let (_, matches) = app.find_locations(&input, limit.limit.unwrap_or(DEFAULT_LIMIT))?;
    Ok(Json(matches))
}

/// Ranks every zone for a published demand (or the token's own), with its own weights.
#[utoipa::path(get, path = "/api/v1/demands/{id}/matches", tag = "transfer",
    params(("id" = i64, Path, description = "Demand id"), Limit),
    responses(
        (status = 200, description = "Zones, best first", body = LocationMatches),
        (status = 404, description = "No such demand, or not published", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn for_demand(
    State(app): State<App>,
    MaybeBearer(actor): MaybeBearer,
    Path(raw): Path<String>,
    ApiQuery(limit): ApiQuery<Limit>,
) -> Result<Json<LocationMatches>, ApiError> {
    let (_, input) = app
        .demand_question(actor.as_ref(), id(&raw, "demand")?)
        .await?;
    let (_, matches) = app.find_locations(&input, limit.limit.unwrap_or(DEFAULT_LIMIT))?;
    Ok(Json(matches))
}

/// The published demands that fit a zone best (the enterprise's name only for government,
/// zone and agency tokens).
#[utoipa::path(get, path = "/api/v1/zones/{id}/demands", tag = "transfer",
    params(("id" = i64, Path, description = "Zone id")),
    responses(
        (status = 200, description = "Demands, best fit first", body = Vec<DemandForZone>),
        (status = 404, description = "No such zone", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn for_zone(
    State(app): State<App>,
    MaybeBearer(actor): MaybeBearer,
    Path(raw): Path<String>,
) -> Result<Json<Vec<DemandForZone>>, ApiError> {
    Ok(Json(
        app.demands_for_zone(actor.as_ref(), id(&raw, "zone")?)?,
    ))
}
