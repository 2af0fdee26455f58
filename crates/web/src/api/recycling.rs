//! Recycling pilots over JSON: the register (list, save, spreadsheet in and out) and the
//! programme's figures. Refused input is 400 naming the field (or the row and column of a
//! sheet), writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context};
use super::sheet::{ImportParams, Imported};
use crate::client::ClientIp;
use crate::download;
use crate::problem::Problem;
use crate::upload::SheetBody;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::recycling::{Figures, Pilot, PilotInput};

/// The pilots; public.
#[utoipa::path(get, path = "/api/v1/recycling/pilots", tag = "recycling",
    responses((status = 200, description = "Pilots with stations, volumes (kg a year by material) and energy saved", body = Vec<Pilot>)))]
pub async fn pilots(State(app): State<App>) -> Answer<Json<Vec<Pilot>>> {
    Ok(Json(app.recycling_pilots().await?))
}

/// Volumes by material, stations and energy saved over all pilots; public.
#[utoipa::path(get, path = "/api/v1/recycling/figures", tag = "recycling",
    responses((status = 200, description = "The programme's figures", body = Figures)))]
pub async fn figures(State(app): State<App>) -> Answer<Json<Figures>> {
    Ok(Json(app.recycling_figures().await?))
}

/// Adds a pilot or replaces the one of the same name; the ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/recycling/pilots", tag = "recycling", security(("bearer" = [])),
    request_body = PilotInput,
    responses(
        (status = 201, description = "Saved", body = Pilot),
        (status = 400, description = "A field is invalid (e.g. an unknown material or fund application); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_pilot(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<PilotInput>,
) -> Answer<Response> {
    let input = raw;
    let pilot = app
        .save_recycling_pilot(&context(actor, ip), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(pilot)).into_response())
}

/// The register as .xlsx in the import layout; public.
#[utoipa::path(get, path = "/api/v1/recycling/pilots.xlsx", tag = "recycling",
    responses((status = 200, description = "One pilot a row", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(app): State<App>) -> Answer<Response> {
    Ok(download::file(
        app.export_recycling_pilots().await?,
        "recycling-pilots.xlsx",
        None,
    ))
}

/// Imports a sheet of pilots (the body is the file), all rows or none; the ministry.
#[utoipa::path(post, path = "/api/v1/recycling/pilots/import", tag = "recycling", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Imported (the count is in `bases`)", body = Imported),
        (status = 400, description = "A row is invalid (named by row and column) or the file unreadable; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn import(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiQuery(raw): ApiQuery<ImportParams>,
    SheetBody(bytes): SheetBody,
) -> Answer<Json<Imported>> {
    let params = raw;
    let bases = app
        .import_recycling_pilots(&context(actor, ip), &params.file, &bytes)
        .await?;
    Ok(Json(Imported { records: bases }))
}
