//! Investment projects: the public listing, and zones posting their own.

use super::bearer::Bearer;
use super::input::{ApiJson, ApiQuery, id};
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::audit::Context;
use gowest_app::projects::{ProjectPage, ProjectQuery, ProjectView};
use gowest_app::{App, AppError};
use gowest_domain::project::ProjectInput;
use serde::Deserialize;
use utoipa::IntoParams;

/// Listed projects filtered by region, province, industry, zone and mode; one page.
#[utoipa::path(get, path = "/api/v1/projects", tag = "transfer", params(ProjectQuery),
    responses(
        (status = 200, description = "One page of projects", body = ProjectPage),
        (status = 400, description = "A parameter is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    ApiQuery(query): ApiQuery<ProjectQuery>,
) -> Result<Json<ProjectPage>, Response> {
    app.list_projects(&query)
        .map(Json)
        .map_err(|e| ApiError(e).into_response())
}

/// One project by id.
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "transfer",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = ProjectView),
        (status = 404, description = "No such project", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Path(raw): Path<String>,
) -> Result<Json<ProjectView>, ApiError> {
    Ok(Json(app.project(id(&raw, "project")?)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZoneParam {
    /// The zone posting the project (the token's own zone, or any for a ministry administrator).
    pub zone: i64,
}

/// Posts a project for a zone.
#[utoipa::path(post, path = "/api/v1/projects", tag = "transfer", security(("bearer" = [])),
    params(ZoneParam), request_body = ProjectInput,
    responses(
        (status = 201, description = "The new project", body = ProjectView),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token may not post for this zone", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiQuery(ZoneParam { zone }): ApiQuery<ZoneParam>,
    ApiJson(input): ApiJson<ProjectInput>,
) -> Result<(StatusCode, Json<ProjectView>), ApiError> {
    let editor = actor.zone_editor(zone).ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    let view = app.create_project(&editor, &ctx, input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Replaces one of the zone's projects.
#[utoipa::path(put, path = "/api/v1/projects/{id}", tag = "transfer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Project id")), request_body = ProjectInput,
    responses(
        (status = 200, description = "The saved project", body = ProjectView),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token may not edit this project", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ProjectInput>,
) -> Result<Json<ProjectView>, ApiError> {
    let project = app.project(id(&raw, "project")?)?;
    let editor = actor
        .zone_editor(project.project.zone_id)
        .ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    Ok(Json(
        app.update_project(&editor, &ctx, project.project.id, input)
            .await?,
    ))
}
