//! Ministry classes (notice 3.3) over JSON: demand surveys, answers, classes planned from the
//! demand, enrolment and completion. Refused input is 400 naming the field, writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, context, id as path_id};
use super::training::Saved;
use crate::client::ClientIp;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use gowest_app::App;
use gowest_app::training_classes::MinistryClasses;
use gowest_domain::training::classes::{ClassInput, CompletionInput, DemandInput, SurveyInput};
use gowest_domain::training::managers::EnrolmentInput;

/// Surveys with demand summed by topic and region, classes, and the enrolments the token may see.
#[utoipa::path(get, path = "/api/v1/training/classes", tag = "training", security(("bearer" = [])),
    responses((status = 200, description = "Surveys, demand, classes, enrolments", body = MinistryClasses)))]
pub async fn list(State(app): State<App>, Bearer(actor): Bearer) -> Answer<Json<MinistryClasses>> {
    Ok(Json(app.ministry_classes(&actor).await?))
}

/// The ministry opens the demand survey of a year (201).
#[utoipa::path(post, path = "/api/v1/training/classes/surveys", tag = "training", security(("bearer" = [])),
    request_body = SurveyInput,
    responses((status = 201, description = "The survey's id", body = Saved)))]
pub async fn open_survey(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<SurveyInput>,
) -> Answer<(StatusCode, Json<Saved>)> {
    let input = raw;
    let id = app.open_class_survey(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(Saved { id })))
}

/// A central or western zone answers a survey for one topic; answering again replaces it.
#[utoipa::path(put, path = "/api/v1/training/classes/surveys/{id}/demand", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    request_body = DemandInput,
    responses((status = 200, description = "Recorded", body = Saved)))]
pub async fn answer_survey(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<DemandInput>,
) -> Answer<Json<Saved>> {
    let id = path_id(&id, "class survey")?;
    let input = raw;
    app.answer_class_survey(&context(actor, ip), id, &input)
        .await?;
    Ok(Json(Saved { id }))
}

/// The ministry plans a class of the survey's year, inviting zones (201).
#[utoipa::path(post, path = "/api/v1/training/classes/surveys/{id}/classes", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    request_body = ClassInput,
    responses((status = 201, description = "The class's id", body = Saved)))]
pub async fn plan_class(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ClassInput>,
) -> Answer<(StatusCode, Json<Saved>)> {
    let survey = path_id(&id, "class survey")?;
    let input = raw;
    let id = app
        .plan_ministry_class(&context(actor, ip), survey, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Saved { id })))
}

/// An invited zone enrols a manager in a class with seats left (201).
#[utoipa::path(post, path = "/api/v1/training/classes/{id}/enrolments", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Class id")),
    request_body = EnrolmentInput,
    responses((status = 201, description = "The enrolment's id", body = Saved)))]
pub async fn enrol(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<EnrolmentInput>,
) -> Answer<(StatusCode, Json<Saved>)> {
    let class = path_id(&id, "ministry class")?;
    let input = raw;
    let id = app
        .enrol_in_class(&context(actor, ip), class, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Saved { id })))
}

/// The ministry records whether an enrolled manager completed the class.
#[utoipa::path(put, path = "/api/v1/training/classes/enrolments/{id}", tag = "training", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Enrolment id")),
    request_body = CompletionInput,
    responses((status = 200, description = "Recorded", body = Saved)))]
pub async fn complete(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<CompletionInput>,
) -> Answer<Json<Saved>> {
    let id = path_id(&id, "class enrolment")?;
    let completed = raw.parse().map_err(gowest_app::AppError::from)?;
    app.record_class_completion(&context(actor, ip), id, completed)
        .await?;
    Ok(Json(Saved { id }))
}
