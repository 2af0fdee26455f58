//! Statistical returns (统计直报) over JSON: the returns in the token's scope (a zone its own,
//! a province its zones, the ministry all), one return with its versions and the checks'
//! findings, the zone's draft, filing and revision, the province's return and acceptance,
//! and the spreadsheets (template, import, export). Refused input is 400 naming the field
//! (or the row and header of a sheet), writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use super::sheet::{ImportParams, Imported};
use crate::client::ClientIp;
use crate::download;
use crate::problem::Problem;
use crate::upload::SheetBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use gowest_app::App;
use gowest_app::AppError;
use gowest_app::returns::ReturnFilter;
use gowest_app::returns::{DraftInput, ReturnDetail, ReturnView};
use gowest_domain::returns::{Period, Status};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Which returns a list or export holds, within the token's scope.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    /// One zone.
    pub zone_id: Option<i64>,
    /// One year.
    pub year: Option<i32>,
    /// `draft`, `filed`, `returned` or `accepted` (of the newest version).
    pub status: Option<String>,
}

fn invalid(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

fn period_of(raw: &str, field: &str) -> Result<Period, AppError> {
    Period::parse(raw).ok_or_else(|| {
        invalid(
            field,
            "not_a_period",
            "报告期应写作“2025-H1”（半年报）或“2025-Y”（年报）".into(),
            format!("{field} must be a period such as 2025-H1 or 2025-Y"),
        )
    })
}

impl ListParams {
    fn filter(self) -> Result<ReturnFilter, AppError> {
        let status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(Status::parse(s).ok_or_else(|| {
                invalid(
                    "status",
                    "unknown",
                    format!("没有状态“{s}”"),
                    "status must be draft, filed, returned or accepted".into(),
                )
            })?),
        };
        Ok(ReturnFilter {
            zone_id: self.zone_id,
            province: None,
            year: self.year,
            status,
        })
    }
}

/// The newest version of each return in the token's scope, newest period first.
#[utoipa::path(get, path = "/api/v1/returns", tag = "returns", security(("bearer" = [])),
    params(ListParams),
    responses(
        (status = 200, description = "The returns", body = Vec<ReturnView>),
        (status = 400, description = "A filter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's organisation reads no zone's returns", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Answer<Json<Vec<ReturnView>>> {
    Ok(Json(app.returns(&actor, params.filter()?).await?))
}

/// One return (by the id of any version) with all its versions, the checks' findings on
/// the newest, and the accepted figures it is compared with.
#[utoipa::path(get, path = "/api/v1/returns/{id}", tag = "returns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Return version id")),
    responses(
        (status = 200, description = "The return and its versions", body = ReturnDetail),
        (status = 403, description = "Not in the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such return", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<ReturnDetail>> {
    let id = path_id(&id, "statistical return")?;
    Ok(Json(app.return_detail(&actor, id).await?))
}

/// A zone's draft of a period: values typed in each field's shown unit, by field code.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftRequest {
    pub zone_id: i64,
    /// `2025-H1` or `2025-Y`.
    pub period: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    #[serde(default)]
    pub explanations: BTreeMap<String, String>,
}

/// Creates the draft of a period, or replaces the values of its newest version while that
/// is a draft or returned; the zone's own staff.
#[utoipa::path(post, path = "/api/v1/returns", tag = "returns", security(("bearer" = [])),
    request_body = DraftRequest,
    responses(
        (status = 200, description = "The draft", body = ReturnView),
        (status = 400, description = "A value is invalid (named by field code) or the return is not editable; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the zone's own staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_draft(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<DraftRequest>,
) -> Answer<Json<ReturnView>> {
    let period = period_of(&raw.period, "period")?;
    let input = DraftInput {
        values: raw.values,
        explanations: raw.explanations,
    };
    Ok(Json(
        app.save_return_draft(&context(actor, ip), raw.zone_id, period, &input)
            .await?,
    ))
}

/// Files the newest version; refused naming each field while one is missing, out of range
/// or flagged without an explanation.
#[utoipa::path(post, path = "/api/v1/returns/{id}/file", tag = "returns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Return version id")),
    responses(
        (status = 200, description = "Filed", body = ReturnView),
        (status = 400, description = "The checks refused it, each error naming its field; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the zone's own staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn file(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<ReturnView>> {
    let id = path_id(&id, "statistical return")?;
    Ok(Json(app.file_return(&context(actor, ip), id).await?))
}

/// A reason for returning or revising.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonInput {
    pub reason: String,
}

/// The province (or the ministry) returns a filed version to the zone with a reason.
#[utoipa::path(post, path = "/api/v1/returns/{id}/return", tag = "returns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Return version id")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Returned", body = ReturnView),
        (status = 400, description = "No reason, or not filed; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the zone's province or the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn send_back(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ReasonInput>,
) -> Answer<Json<ReturnView>> {
    let id = path_id(&id, "statistical return")?;
    Ok(Json(
        app.send_back_return(&context(actor, ip), id, &raw.reason)
            .await?,
    ))
}

/// The province (or the ministry) accepts a filed version.
#[utoipa::path(post, path = "/api/v1/returns/{id}/accept", tag = "returns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Return version id")),
    responses(
        (status = 200, description = "Accepted", body = ReturnView),
        (status = 400, description = "Not filed; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the zone's province or the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn accept(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<ReturnView>> {
    let id = path_id(&id, "statistical return")?;
    Ok(Json(app.accept_return(&context(actor, ip), id).await?))
}

/// The zone revises its accepted newest version: version n + 1 opens as a draft.
#[utoipa::path(post, path = "/api/v1/returns/{id}/revise", tag = "returns", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Return version id")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "The new version", body = ReturnView),
        (status = 400, description = "No reason, not accepted or not the newest; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the zone's own staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revise(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ReasonInput>,
) -> Answer<Json<ReturnView>> {
    let id = path_id(&id, "statistical return")?;
    Ok(Json(
        app.revise_return(&context(actor, ip), id, &raw.reason)
            .await?,
    ))
}

/// The period a template is for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct TemplateParams {
    /// `2025-H1` or `2025-Y`.
    pub period: String,
}

/// The template of a period as .xlsx, a row per zone in scope, with the 口径 sheet.
#[utoipa::path(get, path = "/api/v1/returns/template.xlsx", tag = "returns", security(("bearer" = [])),
    params(TemplateParams),
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "The period is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn template(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(params): ApiQuery<TemplateParams>,
) -> Answer<Response> {
    let period = period_of(&params.period, "period")?;
    let bytes = app.returns_template(&actor, period).await?;
    Ok(download::file(
        bytes,
        &format!("returns-{}.xlsx", period.code()),
        None,
    ))
}

/// Imports a filled template as the zone's drafts, all rows or none.
#[utoipa::path(post, path = "/api/v1/returns/import", tag = "returns", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Imported (the count is in `records`)", body = Imported),
        (status = 400, description = "A cell is invalid (named by row and header) or the file unreadable; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a zone's writing staff", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn import(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiQuery(params): ApiQuery<ImportParams>,
    SheetBody(bytes): SheetBody,
) -> Answer<Json<Imported>> {
    let records = app
        .import_returns(&context(actor, ip), &params.file, &bytes)
        .await?;
    Ok(Json(Imported { records }))
}

/// The returns in scope as .xlsx (the template's columns, then status, version and dates).
#[utoipa::path(get, path = "/api/v1/returns.xlsx", tag = "returns", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, description = "One return a row, figures exact", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_xlsx(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Answer<Response> {
    let bytes = app.export_returns_xlsx(&actor, params.filter()?).await?;
    Ok(download::file(bytes, "returns.xlsx", Some("统计直报.xlsx")))
}

/// The same as CSV.
#[utoipa::path(get, path = "/api/v1/returns.csv", tag = "returns", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, description = "One return a row, figures exact", content_type = "text/csv")))]
pub async fn export_csv(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Answer<Response> {
    let bytes = app.export_returns_csv(&actor, params.filter()?).await?;
    Ok(download::file(bytes, "returns.csv", Some("统计直报.csv")))
}
