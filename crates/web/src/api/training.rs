//! Training programmes over JSON: progress against quota, the trainee registry (身份证号
//! masked), a zone's annual plan and its review, roster import. Every call needs a bearer
//! token; refused input is 400 naming the field (a roster: naming the rows), writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use axum::Json;
use axum::extract::{Path, State};
use gowest_app::App;
use gowest_app::training::{TraineeView, decode_roster};
use gowest_app::training_jobs::ImportJobView;
use gowest_app::training_managers::ManagerTraining;
use gowest_app::zones::NoProgress;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::funds::Application;
use gowest_domain::training::managers::{AttendanceInput, CourseInput, EnrolmentInput};
use gowest_domain::training::{
    NationalTarget, PlanInput, PlanStatus, PlanStep, Progress, SubsidyClaim,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Answer<Json<Progress>> {
    Ok(Json(app.training_progress(&actor, q.year).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Answer<Json<TraineePage>> {
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
    ApiJson(raw): ApiJson<PlanInput>,
) -> Answer<Json<Saved>> {
    let zone = path_id(&id, "zone")?;
    let input = raw;
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
    ApiJson(raw): ApiJson<StepBody>,
) -> Answer<Json<StepAnswer>> {
    let zone = path_id(&id, "zone")?;
    let b = raw;
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
#[schema(as = RosterImported)]
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
    ApiJson(raw): ApiJson<RosterBody>,
) -> Answer<Json<Imported>> {
    let zone = path_id(&id, "zone")?;
    let b = raw;
    let bytes = decode_roster(&b.content_base64)?;
    let registered = app
        .import_roster(&context(actor, ip), zone, &b.file_name, &bytes, &NoProgress)
        .await?;
    Ok(Json(Imported { registered }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobStarted {
    /// Poll `/api/v1/training/roster-jobs/{id}`.
    pub id: i64,
}

/// Starts importing a roster in the background (202); poll the job for progress and outcome.
#[utoipa::path(post, path = "/api/v1/zones/{id}/training/roster-jobs", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Zone id")),
    request_body = RosterBody,
    responses((status = 202, description = "The job's id", body = JobStarted)))]
pub async fn start_roster_job(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<RosterBody>,
) -> Answer<(axum::http::StatusCode, Json<JobStarted>)> {
    let zone = path_id(&id, "zone")?;
    let b = raw;
    let bytes = decode_roster(&b.content_base64)?;
    let id = app
        .start_roster_import(&context(actor, ip), zone, b.file_name, bytes)
        .await?;
    Ok((axum::http::StatusCode::ACCEPTED, Json(JobStarted { id })))
}

/// A roster import: rows validated and written so far, then its outcome (the refused rows
/// named). Others than the zone, its province and the ministry get 404.
#[utoipa::path(get, path = "/api/v1/training/roster-jobs/{id}", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Job id")),
    responses((status = 200, description = "The job", body = ImportJobView)))]
pub async fn roster_job(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<ImportJobView>> {
    let id = path_id(&id, "roster import")?;
    Ok(Json(app.roster_import_job(&actor, id).await?))
}

/// What the token's zone may claim from a training-subsidy programme: its certified trainees
/// of the programme's years per level, times the programme's sum per level.
#[utoipa::path(get, path = "/api/v1/training/subsidy/{programme_id}", tag = "training", security(("bearer" = [])),
    params(("programme_id" = i64, Path, description = "Fund programme id")),
    responses((status = 200, description = "The computed claim", body = SubsidyClaim)))]
pub async fn subsidy_preview(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<SubsidyClaim>> {
    let id = path_id(&id, "fund programme")?;
    let (_, claim) = app
        .training_subsidy_preview(&context(actor, ip), id)
        .await?;
    Ok(Json(claim))
}

/// Files the zone's training-subsidy claim (201): a draft fund application whose amount is
/// computed from its certified trainees; submit it through the fund API.
#[utoipa::path(post, path = "/api/v1/training/subsidy/{programme_id}/claims", tag = "training", security(("bearer" = [])),
    params(("programme_id" = i64, Path, description = "Fund programme id")),
    responses((status = 201, description = "The claim, a draft fund application", body = Application)))]
pub async fn claim_subsidy(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<(axum::http::StatusCode, Json<Application>)> {
    let id = path_id(&id, "fund programme")?;
    let claim = app.claim_training_subsidy(&context(actor, ip), id).await?;
    Ok((axum::http::StatusCode::CREATED, Json(claim)))
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct QuotaItem {
    pub zone_id: i64,
    pub quota: u32,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TargetBody {
    /// Technicians to train in central zones this year (the notice: 50,000).
    pub central: u32,
    /// And in western zones (the notice: 50,000).
    pub west: u32,
    /// Every zone's quota; replaces the year's allocation.
    pub quotas: Vec<QuotaItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Targets {
    pub target: NationalTarget,
    pub quotas: Vec<QuotaItem>,
}

async fn targets(app: &App, year: i32) -> Result<Targets, gowest_app::AppError> {
    Ok(Targets {
        target: app.training_target(year).await?,
        quotas: app
            .training_quota_lines(year)
            .await?
            .into_iter()
            .map(|(zone_id, _, quota)| QuotaItem { zone_id, quota })
            .collect(),
    })
}

fn year_of(raw: &str) -> Result<i32, gowest_app::AppError> {
    raw.parse().map_err(|_| {
        gowest_app::AppError::Invalid(Validation(vec![FieldError::new(
            "year",
            "not_a_year",
            "年度应为四位数字",
            "year must be a four-digit year",
        )]))
    })
}

/// The year's national target (the notice's 100,000 unless the ministry set another) and
/// its zone quotas.
#[utoipa::path(get, path = "/api/v1/training/targets/{year}", tag = "training", security(("bearer" = [])),
    params(("year" = i32, Path, description = "Programme year")),
    responses((status = 200, description = "Target and quotas", body = Targets)))]
pub async fn get_targets(
    State(app): State<App>,
    Bearer(_actor): Bearer,
    Path(year): Path<String>,
) -> Answer<Json<Targets>> {
    Ok(Json(targets(&app, year_of(&year)?).await?))
}

/// The ministry sets the year's target and allocates it to zones; refused (400) when a
/// region's quotas add up to more than its target, a zone is eastern or named twice.
#[utoipa::path(put, path = "/api/v1/training/targets/{year}", tag = "training", security(("bearer" = [])),
    params(("year" = i32, Path, description = "Programme year")),
    request_body = TargetBody,
    responses((status = 200, description = "Target and quotas as saved", body = Targets)))]
pub async fn set_targets(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(year): Path<String>,
    ApiJson(raw): ApiJson<TargetBody>,
) -> Answer<Json<Targets>> {
    let year = year_of(&year)?;
    let b = raw;
    let quotas: Vec<(i64, u32)> = b.quotas.iter().map(|q| (q.zone_id, q.quota)).collect();
    let target = NationalTarget {
        year,
        central: b.central,
        west: b.west,
    };
    app.set_training_quotas(&context(actor, ip), target, &quotas)
        .await?;
    Ok(Json(targets(&app, year).await?))
}

/// Manager training (notice 3.2): courses, the enrolments the token may see, east→west pairs.
#[utoipa::path(get, path = "/api/v1/training/managers", tag = "training", security(("bearer" = [])),
    responses((status = 200, description = "Courses, enrolments and pairs", body = ManagerTraining)))]
pub async fn managers(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Answer<Json<ManagerTraining>> {
    Ok(Json(app.manager_training(&actor).await?))
}

/// An eastern zone offers a course on one of the notice's eight topics (201).
#[utoipa::path(post, path = "/api/v1/training/managers/courses", tag = "training", security(("bearer" = [])),
    request_body = CourseInput,
    responses((status = 201, description = "The course's id", body = Saved)))]
pub async fn offer_course(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<CourseInput>,
) -> Answer<(axum::http::StatusCode, Json<Saved>)> {
    let input = raw;
    let id = app
        .offer_manager_course(&context(actor, ip), &input)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(Saved { id })))
}

/// A central or western zone enrols a manager on a course with seats left (201).
#[utoipa::path(post, path = "/api/v1/training/managers/courses/{id}/enrolments", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Course id")),
    request_body = EnrolmentInput,
    responses((status = 201, description = "The enrolment's id", body = Saved)))]
pub async fn enrol_manager(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<EnrolmentInput>,
) -> Answer<(axum::http::StatusCode, Json<Saved>)> {
    let course = path_id(&id, "manager course")?;
    let input = raw;
    let id = app
        .enrol_manager(&context(actor, ip), course, &input)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(Saved { id })))
}

/// The host zone records a manager's days attended and completion.
#[utoipa::path(put, path = "/api/v1/training/managers/enrolments/{id}", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Enrolment id")),
    request_body = AttendanceInput,
    responses((status = 200, description = "Recorded", body = Saved)))]
pub async fn record_attendance(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<AttendanceInput>,
) -> Answer<Json<Saved>> {
    let id = path_id(&id, "manager enrolment")?;
    let input = raw;
    app.record_manager_attendance(&context(actor, ip), id, &input)
        .await?;
    Ok(Json(Saved { id }))
}
