//! The pipeline's problems, duplicate review and figures over JSON.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use gowest_app::pipeline_review::ReviewDecision;
use gowest_app::{App, AppError};
use gowest_domain::pipeline::{
    FiguresBy, FiguresRow, PipelineEntry, ProblemInput, PromotionEvent, ResolveInput,
};
use gowest_domain::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

fn invalid(field: &str, zh: &str, en: &str) -> ApiError {
    ApiError(AppError::Invalid(Validation(vec![FieldError::new(
        field, "invalid", zh, en,
    )])))
}

/// Raises a problem at the record's stage, routed to the organisation that must solve it.
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/problems", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = ProblemInput,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn raise(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ProblemInput>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let input = raw;
    Ok(Json(
        app.raise_pipeline_problem(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// The organisation a problem is routed to resolves it.
#[utoipa::path(post, path = "/api/v1/pipeline-problems/{id}/resolve", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Problem id")),
    request_body = ResolveInput,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 403, description = "The problem is routed to another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn resolve(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ResolveInput>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "problem")?;
    let input = raw;
    Ok(Json(
        app.resolve_pipeline_problem(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// Records with problems routed to the token's organisation.
#[utoipa::path(get, path = "/api/v1/pipeline-problems", tag = "pipeline", security(("bearer" = [])),
    responses((status = 200, description = "Records with problems routed to us", body = Vec<PipelineEntry>)))]
pub async fn routed(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Answer<Json<Vec<PipelineEntry>>> {
    let list = app.problems_routed_to_me(&actor).await?;
    Ok(Json(list.into_iter().map(|(e, _)| e).collect()))
}

/// A reviewer's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewBody {
    /// `confirm` (a duplicate of record `of`) or `clear` (its own project).
    pub decision: String,
    pub of: Option<i64>,
}

/// Decides a duplicate flag (ministry, or the record's province).
#[utoipa::path(post, path = "/api/v1/pipeline/{id}/review", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Record id")),
    request_body = ReviewBody,
    responses(
        (status = 200, description = "The record", body = PipelineEntry),
        (status = 403, description = "Not a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ReviewBody>,
) -> Answer<Json<PipelineEntry>> {
    let id = path_id(&id, "pipeline record")?;
    let b = raw;
    let decision = match (b.decision.as_str(), b.of) {
        ("confirm", Some(of)) => ReviewDecision::Confirm { of },
        ("confirm", None) => {
            return Err(invalid(
                "of",
                "确认重复须指明与之重复的项目",
                "of is required to confirm a duplicate",
            ));
        }
        ("clear", _) => ReviewDecision::Clear,
        _ => {
            return Err(invalid(
                "decision",
                "处理结果应为 confirm 或 clear",
                "decision must be confirm or clear",
            ));
        }
    };
    let reviewer = actor.duplicate_reviewer().ok_or(AppError::Forbidden)?;
    let ctx = context(actor, ip);
    Ok(Json(
        app.review_pipeline_duplicate(&reviewer, &ctx, id, decision)
            .await?,
    ))
}

/// Flagged records awaiting review in the reviewer's scope.
#[utoipa::path(get, path = "/api/v1/pipeline-reviews", tag = "pipeline", security(("bearer" = [])),
    responses((status = 200, description = "Flagged records", body = Vec<PipelineEntry>)))]
pub async fn queue(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Answer<Json<Vec<PipelineEntry>>> {
    let reviewer = actor.duplicate_reviewer().ok_or(AppError::Forbidden)?;
    Ok(Json(app.duplicate_queue(&reviewer).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// `zone`, `province`, `region` or `national` (the default).
    pub by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresAnswer {
    pub by: FiguresBy,
    pub rows: Vec<FiguresRow>,
}

/// Figures of the token's scope, computed from the records: never stored, never typed in.
#[utoipa::path(get, path = "/api/v1/pipeline-figures", tag = "pipeline", security(("bearer" = [])),
    params(FiguresQuery),
    responses(
        (status = 200, description = "One row per group", body = FiguresAnswer),
        (status = 400, description = "Unknown grouping", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn figures(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ApiQuery(q): ApiQuery<FiguresQuery>,
) -> Answer<Json<FiguresAnswer>> {
    let by = FiguresBy::parse(q.by.as_deref().unwrap_or("")).ok_or_else(|| {
        invalid(
            "by",
            "分组应为 zone、province、region 或 national",
            "by must be zone, province, region or national",
        )
    })?;
    let rows = app.pipeline_figures(&actor, by).await?;
    Ok(Json(FiguresAnswer { by, rows }))
}

/// The 招商 events a signing may name.
#[utoipa::path(get, path = "/api/v1/promotion-events", tag = "pipeline", security(("bearer" = [])),
    responses((status = 200, description = "Events, latest first", body = Vec<PromotionEvent>)))]
pub async fn events(
    State(app): State<App>,
    Bearer(_actor): Bearer,
) -> Answer<Json<Vec<PromotionEvent>>> {
    Ok(Json(app.promotion_events().await?))
}
