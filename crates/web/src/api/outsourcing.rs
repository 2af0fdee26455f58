//! Service-outsourcing bases over JSON: the register (list, save, spreadsheet in and out),
//! offshore-outsourcing demand and the bases it fits. Refused input is 400 naming the field
//! (or the row and column of a sheet), writing nothing.

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
use gowest_app::outsourcing::DemandMatches;
use gowest_domain::outsourcing::{Base, BaseInput, Demand, DemandInput};

/// The designated bases; public.
#[utoipa::path(get, path = "/api/v1/outsourcing/bases", tag = "outsourcing",
    responses((status = 200, description = "Bases with their capacity", body = Vec<Base>)))]
pub async fn bases(State(app): State<App>) -> Answer<Json<Vec<Base>>> {
    Ok(Json(app.outsourcing_bases().await?))
}

/// Adds a base or replaces the one of the same name; the ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/outsourcing/bases", tag = "outsourcing", security(("bearer" = [])),
    request_body = BaseInput,
    responses(
        (status = 201, description = "Saved", body = Base),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_base(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<BaseInput>,
) -> Answer<Response> {
    let input = raw;
    let base = app
        .save_outsourcing_base(&context(actor, ip), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(base)).into_response())
}

/// The register as .xlsx in the import layout; public.
#[utoipa::path(get, path = "/api/v1/outsourcing/bases.xlsx", tag = "outsourcing",
    responses((status = 200, description = "One base a row", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(app): State<App>) -> Answer<Response> {
    Ok(download::file(
        app.export_outsourcing_bases().await?,
        "outsourcing-bases.xlsx",
        None,
    ))
}

/// Imports a sheet of bases (the body is the file), all rows or none; the ministry.
#[utoipa::path(post, path = "/api/v1/outsourcing/bases/import", tag = "outsourcing", security(("bearer" = [])),
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
        .import_outsourcing_bases(&context(actor, ip), &params.file, &bytes)
        .await?;
    Ok(Json(Imported { records: bases }))
}

/// Offshore-outsourcing demand, newest first; public.
#[utoipa::path(get, path = "/api/v1/outsourcing/demands", tag = "outsourcing",
    responses((status = 200, description = "Demand", body = Vec<Demand>)))]
pub async fn demands(State(app): State<App>) -> Answer<Json<Vec<Demand>>> {
    Ok(Json(app.outsourcing_demands().await?))
}

/// Posts a company's offshore-outsourcing demand; any organisation's token.
#[utoipa::path(post, path = "/api/v1/outsourcing/demands", tag = "outsourcing", security(("bearer" = [])),
    request_body = DemandInput,
    responses(
        (status = 201, description = "Posted", body = Demand),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_demand(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<DemandInput>,
) -> Answer<Response> {
    let input = raw;
    let demand = app
        .post_outsourcing_demand(&context(actor, ip), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(demand)).into_response())
}

/// The bases that fit a demand, best first; public.
#[utoipa::path(get, path = "/api/v1/outsourcing/demands/{id}/matches", tag = "outsourcing",
    params(("id" = i64, Path, description = "Demand id")),
    responses(
        (status = 200, description = "The demand and its bases", body = DemandMatches),
        (status = 404, description = "No such demand", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn matches(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Answer<Json<DemandMatches>> {
    let id = path_id(&id, "outsourcing_demand")?;
    Ok(Json(app.outsourcing_matches(id).await?))
}
