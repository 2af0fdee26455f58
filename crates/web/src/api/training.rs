//! Training programmes over JSON: progress against quota, the trainee registry (身份证号
//! masked), a zone's annual plan and its review, roster import. Every call needs a bearer
//! token; refused input is 400 naming the field (a roster: naming the rows), writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, body, context, id as path_id, query};
use crate::client::ClientIp;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use gowest_app::App;
use gowest_app::training::{TraineeView, decode_roster};
use gowest_app::zones::NoProgress;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::training::{PlanInput, PlanStatus, PlanStep, Progress};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearQuery {
    /// Programme year, e.g. 2007.
    pub year: i32,
}

/// Progress by zone, province, region and month within the token's scope.
#[utoipa::path(get, path = "/api/v1/training/progress", tag = "training", security(("bearer" = [])),
    params(YearQuery),
    responses((status = 200, description = "Progress against quota", body = Progress)))]
pub async fn progress(
    State(app): State<App>,
    Bearer(actor): Bearer,
    q: Result<Query<YearQuery>, QueryRejection>,
) -> Answer<Json<Progress>> {
    let q = query(q)?;
    Ok(Json(app.training_progress(&actor, q.year).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    #[serde(default = "default_limit")]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
}

fn default_limit() -> i64 {
    100
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TraineePage {
    pub items: Vec<TraineeView>,
    pub total: i64,
}

/// Trainees in the token's scope, newest first, 身份证号 masked.
#[utoipa::path(get, path = "/api/v1/training/trainees", tag = "training", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "A page of trainees", body = TraineePage)))]
pub async fn trainees(
    State(app): State<App>,
    Bearer(actor): Bearer,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Answer<Json<TraineePage>> {
    let q = query(q)?;
    let (items, total) = app.trainees(&actor, q.limit, q.offset).await?;
    Ok(Json(TraineePage { items, total }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Saved {
    pub id: i64,
}

/// Files or rewrites the zone's plan of a year (while draft or returned).
#[utoipa::path(put, path = "/api/v1/zones/{id}/training-plan", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Zone id")),
    request_body = PlanInput,
    responses((status = 200, description = "The plan's id", body = Saved)))]
pub async fn save_plan(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    raw: Result<Json<PlanInput>, JsonRejection>,
) -> Answer<Json<Saved>> {
    let zone = path_id(&id, "zone")?;
    let input = body(raw)?;
    let id = app
        .save_training_plan(&context(actor, ip), zone, &input)
        .await?;
    Ok(Json(Saved { id }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StepBody {
    pub year: i32,
    /// `submit`, `approve` or `return`.
    pub step: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepAnswer {
    pub status: PlanStatus,
}

/// A review step: the zone submits; its province, then the ministry, approve or return.
#[utoipa::path(post, path = "/api/v1/zones/{id}/training-plan/steps", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Zone id")),
    request_body = StepBody,
    responses((status = 200, description = "The plan's new status", body = StepAnswer)))]
pub async fn step_plan(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    raw: Result<Json<StepBody>, JsonRejection>,
) -> Answer<Json<StepAnswer>> {
    let zone = path_id(&id, "zone")?;
    let b = body(raw)?;
    let step = PlanStep::parse(&b.step).ok_or_else(|| {
        gowest_app::AppError::Invalid(Validation(vec![FieldError::new(
            "step",
            "unknown",
            "操作应为 submit、approve 或 return",
            "step must be submit, approve or return",
        )]))
    })?;
    let status = app
        .step_training_plan(&context(actor, ip), zone, b.year, step, &b.reason)
        .await?;
    Ok(Json(StepAnswer { status }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RosterBody {
    /// Ends in `.xlsx` or `.csv`.
    pub file_name: String,
    pub content_base64: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    pub registered: usize,
}

/// Imports a roster into the zone's registry, all rows or none (400 names every bad row).
#[utoipa::path(post, path = "/api/v1/zones/{id}/training/roster", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Zone id")),
    request_body = RosterBody,
    responses((status = 200, description = "How many trainees were registered", body = Imported)))]
pub async fn import_roster(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    raw: Result<Json<RosterBody>, JsonRejection>,
) -> Answer<Json<Imported>> {
    let zone = path_id(&id, "zone")?;
    let b = body(raw)?;
    let bytes = decode_roster(&b.content_base64)?;
    let registered = app
        .import_roster(&context(actor, ip), zone, &b.file_name, &bytes, &NoProgress)
        .await?;
    Ok(Json(Imported { registered }))
}
