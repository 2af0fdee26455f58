//! Programme funds over JSON: programmes with their pools, applications in the token's
//! scope, drafts, transitions with files, new versions, the live calculation preview and the
//! interest-subsidy quota split. Refused input is 400 with the fields at fault, and writes
//! nothing; a pool that cannot take an approval answers 400 `pool_exhausted`.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::funds::ApplicationFilter;
use gowest_app::funds::{ActionInput, ApplicationView, ProgrammeEdit};
use gowest_app::pipeline_funds::EvidenceUpload;
use gowest_app::{App, AppError};
use gowest_domain::funds::application::Status;
use gowest_domain::funds::{Application, ApplicationInput, Preview, ProgrammePool};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Every programme with its pool: size, committed, disbursed (fen).
#[utoipa::path(get, path = "/api/v1/funds/programmes", tag = "funds", security(("bearer" = [])),
    responses((status = 200, description = "The programmes", body = Vec<ProgrammePool>)))]
pub async fn programmes(
    State(app): State<App>,
    Bearer(_actor): Bearer,
) -> Answer<Json<Vec<ProgrammePool>>> {
    Ok(Json(app.fund_programmes().await?))
}

/// The ministry edits a programme: its window, its pool's size, the designated zones.
#[utoipa::path(put, path = "/api/v1/funds/programmes/{id}", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Programme id")),
    request_body = ProgrammeEdit,
    responses(
        (status = 200, description = "The programme", body = ProgrammePool),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit_programme(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ProgrammeEdit>,
) -> Answer<Json<ProgrammePool>> {
    let id = path_id(&id, "fund programme")?;
    let edit = raw;
    Ok(Json(
        app.edit_fund_programme(&context(actor, ip), id, &edit)
            .await?,
    ))
}

/// The calculation an application form shows as it is filled: interest per loan, the flag,
/// the eligible interest and the (capped) subsidy. Writes nothing.
#[utoipa::path(post, path = "/api/v1/funds/programmes/{id}/preview", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Programme id")),
    request_body = ApplicationInput,
    responses(
        (status = 200, description = "The computed figures", body = Preview),
        (status = 400, description = "A value is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn preview(
    State(app): State<App>,
    Bearer(_actor): Bearer,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ApplicationInput>,
) -> Answer<Json<Preview>> {
    let id = path_id(&id, "fund programme")?;
    let input = raw;
    Ok(Json(app.fund_preview(id, &input).await?))
}

/// Splits the year's interest-subsidy quota over the approved claims (largest remainder,
/// to the fen) and commits each share. Once per programme; the ministry only.
#[utoipa::path(post, path = "/api/v1/funds/programmes/{id}/allocate", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The approved claims with their shares", body = Vec<Application>),
        (status = 409, description = "Already allocated", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn allocate(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<Vec<Application>>> {
    let id = path_id(&id, "fund programme")?;
    Ok(Json(
        app.allocate_fund_quota(&context(actor, ip), id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub programme_id: Option<i64>,
    /// A status code (`submitted`, `province_reviewed`, …); by default all.
    pub status: Option<String>,
}

pub(crate) fn filter(
    programme_id: Option<i64>,
    status: Option<&str>,
) -> Result<ApplicationFilter, AppError> {
    let statuses = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => Vec::new(),
        Some(raw) => vec![Status::parse(raw).ok_or_else(|| {
            AppError::Invalid(Validation(vec![FieldError::new(
                "status",
                "unknown",
                format!("未知状态“{raw}”"),
                format!("status: '{raw}' is not a status"),
            )]))
        })?],
    };
    Ok(ApplicationFilter {
        programme_id,
        statuses,
        ..ApplicationFilter::default()
    })
}

/// Applications in the token's scope: its own organisation's, its province's, all for the
/// ministry, policy loans for the bank.
#[utoipa::path(get, path = "/api/v1/funds/applications", tag = "funds", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The applications", body = Vec<Application>),
        (status = 400, description = "A bad filter", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Answer<Json<Vec<Application>>> {
    let f = filter(q.programme_id, q.status.as_deref())?;
    Ok(Json(app.fund_applications(&actor, f).await?))
}

/// A new draft: the programme and the form's fields as typed.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = FundApplicationCreate)]
pub struct CreateBody {
    pub programme_id: i64,
    #[serde(flatten)]
    pub input: ApplicationInput,
}

/// Files a draft for the token's organisation (a zone, an enterprise or a promotion agency).
#[utoipa::path(post, path = "/api/v1/funds/applications", tag = "funds", security(("bearer" = [])),
    request_body = CreateBody,
    responses(
        (status = 201, description = "The new draft", body = Application),
        (status = 403, description = "The token may not apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No programme with this programme_id", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Ineligible or invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<CreateBody>,
) -> Answer<Response> {
    let b = raw;
    let a = app
        .create_fund_application(&context(actor, ip), b.programme_id, &b.input)
        .await?;
    let location = format!("/api/v1/funds/applications/{}", a.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(a)).into_response())
}

/// One application with its computed figures and its history.
#[utoipa::path(get, path = "/api/v1/funds/applications/{id}", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicationView),
        (status = 404, description = "No such application in the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<ApplicationView>> {
    let id = path_id(&id, "fund application")?;
    Ok(Json(app.fund_application(&actor, id).await?))
}

/// Rewrites a draft; any other version is read-only.
#[utoipa::path(put, path = "/api/v1/funds/applications/{id}", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    request_body = ApplicationInput,
    responses(
        (status = 200, description = "The draft", body = Application),
        (status = 400, description = "Invalid, or not a draft; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ApplicationInput>,
) -> Answer<Json<Application>> {
    let id = path_id(&id, "fund application")?;
    let input = raw;
    Ok(Json(
        app.update_fund_draft(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// A file sent with a transition, base64 in JSON (PDF, JPEG, PNG or XLSX, at most 10 MB).
#[derive(Debug, Deserialize, ToSchema)]
pub struct FileBody {
    pub file_name: String,
    pub media_type: Option<String>,
    pub content_base64: String,
}

/// A transition: `submit`, `province_approve`, `return`, `approve`, `reject`,
/// `bank_approve`, `bank_decline`, `pay`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionBody {
    pub action: String,
    #[serde(default)]
    pub comment: String,
    /// 元 granted on approval; blank grants what was asked for.
    #[serde(default)]
    pub granted_yuan: String,
    pub attachment: Option<FileBody>,
}

/// Moves an application one step, with its ledger entries, comment and file, in one
/// transaction with its audit row.
#[utoipa::path(post, path = "/api/v1/funds/applications/{id}/actions", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    request_body = ActionBody,
    responses(
        (status = 200, description = "The application after the step", body = Application),
        (status = 403, description = "Not this stage's reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Refused (incomplete, closed, pool exhausted…); nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn act(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ActionBody>,
) -> Answer<Json<Application>> {
    let id = path_id(&id, "fund application")?;
    let b = raw;
    let attachment = b
        .attachment
        .as_ref()
        .map(|f| {
            EvidenceUpload::from_base64(&f.file_name, f.media_type.as_deref(), &f.content_base64)
        })
        .transpose()
        .map_err(|e| match e {
            AppError::Invalid(mut v) => {
                v.0.iter_mut().for_each(|f| f.field = "attachment".into());
                AppError::Invalid(v)
            }
            other => other,
        })?;
    let input = ActionInput {
        action: b.action,
        comment: b.comment,
        granted_yuan: b.granted_yuan,
        attachment,
    };
    Ok(Json(
        app.act_on_fund_application(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// Version n+1 of a returned application, as a new draft.
#[utoipa::path(post, path = "/api/v1/funds/applications/{id}/versions", tag = "funds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Id of the returned version")),
    responses(
        (status = 201, description = "The new draft", body = Application),
        (status = 409, description = "A newer version exists", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Not returned", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn new_version(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Response> {
    let id = path_id(&id, "fund application")?;
    let a = app.new_fund_version(&context(actor, ip), id).await?;
    let location = format!("/api/v1/funds/applications/{}", a.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(a)).into_response())
}
