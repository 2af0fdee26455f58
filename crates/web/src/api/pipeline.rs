//! The 招商 pipeline over JSON: records in the token's scope, creating and moving them,
//! signings, funds in place with evidence. Every call needs a bearer token; a refused input
//! is 400 with the fields at fault, and writes nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::pipeline_funds::{Attachment, EvidenceUpload};
use gowest_app::{App, AppError};
use gowest_domain::pipeline::{
    FundsInput, JobsInput, PipelineEntry, RecordInput, SigningInput, StepInput,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// One zone; by default every zone in the token's scope.
    pub zone_id: Option<i64>,
}

/// Records in the token's scope (ministry: all; province: its zones; zone: its own).
#[utoipa::path(get, path = "/api/v1/pipeline", tag = "pipeline", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The records", body = Vec<PipelineEntry>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(raw_query): ApiQuery<ListQuery>,
) -> Answer<Json<Vec<PipelineEntry>>> {
    let q = raw_query;
    Ok(Json(app.pipeline_records(&actor, q.zone_id).await?))
}

/// One record, with its signings, funds and problems.
#[utoipa::path(get, path = "/api/v1/pipeline/{id}", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 404, description = "No such record in the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    Ok(Json(app.pipeline_record(&actor, id).await?))
}

/// A new record: the zone and the record's fields as typed.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = PipelineCreate)]
pub struct CreateBody {
    pub zone_id: i64,
    #[serde(flatten)]
    pub record: RecordInput,
}

/// Creates a record in 在谈 for the token's own zone; it is screened for duplicates.
#[utoipa::path(post, path = "/api/v1/pipeline", tag = "pipeline", security(("bearer" = [])),
    request_body = CreateBody,
    responses(
        (status = 201, description = "The new record", body = PipelineEntry),
        (status = 403, description = "The token may not keep this zone's pipeline", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<CreateBody>,
) -> Answer<Response> {
    let b = raw;
    let keeper = actor
        .pipeline_keeper(b.zone_id)
        .ok_or(AppError::Forbidden)?;
    let entry = app
        .create_pipeline_record(&keeper, &context(actor, ip), &b.record)
        .await?;
    let location = format!("/api/v1/pipeline/{}", entry.id());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(entry),
    )
        .into_response())
}

/// Moves a record forward (在谈 → 签约 → 落地 → 开工 → 投产) or drops it (终止).
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/advance", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = StepInput,
    responses(
        (status = 200, description = "The moved record", body = PipelineEntry),
        (status = 400, description = "The move is refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn advance(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<StepInput>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let step = raw;
    Ok(Json(
        app.advance_pipeline(&context(actor, ip), id, &step).await?,
    ))
}

/// Records another signing of a signed project, at another event; it adds to no figure.
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/signings", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = SigningInput,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn signing(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<SigningInput>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let input = raw;
    Ok(Json(
        app.add_pipeline_signing(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// Reports the jobs a landed project has created so far, without moving it.
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/jobs", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = JobsInput,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 400, description = "Refused (not landed yet, not a whole number); nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn jobs(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<JobsInput>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let input = raw;
    Ok(Json(
        app.report_pipeline_jobs(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// An evidence file in a JSON body (PDF, JPEG, PNG or XLSX, at most 10 MB).
#[derive(Debug, Deserialize, ToSchema)]
pub struct EvidenceBody {
    pub file_name: String,
    /// e.g. `application/pdf`; must agree with the content.
    pub media_type: Option<String>,
    pub content_base64: String,
}

impl EvidenceBody {
    fn upload(&self) -> Result<EvidenceUpload, AppError> {
        EvidenceUpload::from_base64(
            &self.file_name,
            self.media_type.as_deref(),
            &self.content_base64,
        )
    }
}

/// Money in place, with its evidence or without (then counted apart as 待核实).
#[derive(Debug, Deserialize, ToSchema)]
pub struct FundsBody {
    #[serde(flatten)]
    pub funds: FundsInput,
    pub evidence: Option<EvidenceBody>,
}

/// Enters money in place (实际到位资金); the server computes the evidence's SHA-256.
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/funds", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = FundsBody,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn funds(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<FundsBody>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let b = raw;
    let upload = b.evidence.as_ref().map(EvidenceBody::upload).transpose()?;
    Ok(Json(
        app.add_pipeline_funds(&context(actor, ip), id, &b.funds, upload.as_ref())
            .await?,
    ))
}

/// Attaches the evidence of an entry entered without it.
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/funds/{funds_id}/evidence", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id"), ("funds_id" = i64, Path, description = "Funds entry id")),
    request_body = EvidenceBody,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attach_evidence(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path((id, funds_id)): Path<(String, String)>,
    ApiJson(raw): ApiJson<EvidenceBody>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let funds_id = path_id(&funds_id, "funds entry")?;
    let upload = raw.upload()?;
    Ok(Json(
        app.attach_pipeline_evidence(&context(actor, ip), id, funds_id, &upload)
            .await?,
    ))
}

/// The evidence file of a funds entry, as stored.
#[utoipa::path(get, path = "/api/v1/pipeline/{id}/funds/{funds_id}/evidence", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id"), ("funds_id" = i64, Path, description = "Funds entry id")),
    responses(
        (status = 200, description = "The file; its SHA-256 in the `X-Content-SHA256` header"),
        (status = 404, description = "No such evidence in the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn download_evidence(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path((id, funds_id)): Path<(String, String)>,
) -> Answer<Response> {
    let id = path_id(&id, "pipeline record")?;
    let funds_id = path_id(&funds_id, "funds entry")?;
    let file = app.pipeline_evidence(&actor, id, funds_id).await?;
    Ok(attachment_response(file))
}

/// A stored file as a download, with its SHA-256 so the receiver can check it.
pub fn attachment_response(file: Attachment) -> Response {
    let name = crate::pages::query::encode_component(&file.file_name);
    (
        [
            (header::CONTENT_TYPE, file.media_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{name}"),
            ),
            (
                header::HeaderName::from_static("x-content-sha256"),
                file.sha256,
            ),
        ],
        file.content,
    )
        .into_response()
}
