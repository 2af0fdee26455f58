//! Labour cooperation over JSON: labour-export bases (list, save, spreadsheet in and out),
//! overseas contracting projects and the bases that can staff them. Refused input is 400
//! naming the field (or the row and column of a sheet), writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use super::sheet::{ImportParams, Imported};
use crate::client::ClientIp;
use crate::download;
use crate::problem::Problem;
use crate::upload::SheetBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::labour::ProjectMatches;
use gowest_domain::labour::{ExportBase, ExportBaseInput, OverseasProject, OverseasProjectInput};

/// The labour-export bases; public.
#[utoipa::path(get, path = "/api/v1/labour/bases", tag = "labour",
    responses((status = 200, description = "Bases with workers and training", body = Vec<ExportBase>)))]
pub async fn bases(State(app): State<App>) -> Answer<Json<Vec<ExportBase>>> {
    Ok(Json(app.labour_bases().await?))
}

/// Adds a base or replaces the one of the same name; the ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/labour/bases", tag = "labour", security(("bearer" = [])),
    request_body = ExportBaseInput,
    responses(
        (status = 201, description = "Saved", body = ExportBase),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_base(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<ExportBaseInput>,
) -> Answer<Response> {
    let input = raw;
    let base = app.save_labour_base(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(base)).into_response())
}

/// The register as .xlsx in the import layout; public.
#[utoipa::path(get, path = "/api/v1/labour/bases.xlsx", tag = "labour",
    responses((status = 200, description = "One base a row", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(app): State<App>) -> Answer<Response> {
    Ok(download::file(
        app.export_labour_bases().await?,
        "labour-bases.xlsx",
        None,
    ))
}

/// Imports a sheet of bases (the body is the file), all rows or none; the ministry.
#[utoipa::path(post, path = "/api/v1/labour/bases/import", tag = "labour", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Imported", body = Imported),
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
        .import_labour_bases(&context(actor, ip), &params.file, &bytes)
        .await?;
    Ok(Json(Imported { records: bases }))
}

/// Overseas contracting projects looking for workers, newest first; public.
#[utoipa::path(get, path = "/api/v1/labour/projects", tag = "labour",
    responses((status = 200, description = "Projects", body = Vec<OverseasProject>)))]
pub async fn projects(State(app): State<App>) -> Answer<Json<Vec<OverseasProject>>> {
    Ok(Json(app.overseas_projects().await?))
}

/// Posts an overseas project looking for workers; any organisation's token.
#[utoipa::path(post, path = "/api/v1/labour/projects", tag = "labour", security(("bearer" = [])),
    request_body = OverseasProjectInput,
    responses(
        (status = 201, description = "Posted", body = OverseasProject),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_project(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<OverseasProjectInput>,
) -> Answer<Response> {
    let input = raw;
    let project = app
        .post_overseas_project(&context(actor, ip), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(project)).into_response())
}

/// The bases that can staff a project, best first; public.
#[utoipa::path(get, path = "/api/v1/labour/projects/{id}/matches", tag = "labour",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project and its bases", body = ProjectMatches),
        (status = 404, description = "No such project", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn matches(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Answer<Json<ProjectMatches>> {
    let id = path_id(&id, "overseas_project")?;
    Ok(Json(app.labour_matches(id).await?))
}
