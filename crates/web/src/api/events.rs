//! Investment-promotion events over JSON: the public list and pages, registration, meeting
//! requests, the organiser's scheduler and console, each participant's agenda and its
//! iCalendar file. Refused input is 400 naming the field, writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::events::{AgendaEntry, EventConsole, ScheduleReport};
use gowest_domain::events::{
    EventInput, EventProgramme, MeetingRequest, MeetingRequestInput, Registration,
    RegistrationInput,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// Every event, latest first; public.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    responses((status = 200, description = "The events", body = Vec<EventProgramme>)))]
pub async fn list(State(app): State<App>) -> Answer<Json<Vec<EventProgramme>>> {
    Ok(Json(app.events().await?))
}

/// One event; public.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = EventProgramme),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(app): State<App>, Path(id): Path<String>) -> Answer<Json<EventProgramme>> {
    let id = path_id(&id, "event")?;
    Ok(Json(app.event(id).await?))
}

/// Creates an event organised by the token's organisation, registration open.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", security(("bearer" = [])),
    request_body = EventInput,
    responses(
        (status = 201, description = "The new event", body = EventProgramme),
        (status = 403, description = "The token's organisation does not organise events", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<EventInput>,
) -> Answer<Response> {
    let input = raw;
    let event = app.create_event(&context(actor, ip), &input, false).await?;
    Ok((StatusCode::CREATED, Json(event)).into_response())
}

/// Registers the token's enterprise or zone; the organiser decides.
#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    request_body = RegistrationInput,
    responses(
        (status = 201, description = "The registration, pending", body = Registration),
        (status = 400, description = "A field is invalid, registration is closed or already made", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<RegistrationInput>,
) -> Answer<Response> {
    let id = path_id(&id, "event")?;
    let input = raw;
    let reg = app
        .register_for_event(&context(actor, ip), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(reg)).into_response())
}

/// Withdraws the token's registration (pending or approved).
#[utoipa::path(post, path = "/api/v1/events/{id}/registrations/withdraw", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "The registration, withdrawn", body = Registration),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Already rejected or withdrawn", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<Registration>> {
    let id = path_id(&id, "event")?;
    Ok(Json(
        app.withdraw_event_registration(&context(actor, ip), id)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Opening {
    pub open: bool,
}

/// Opens or closes registration; the organiser only.
#[utoipa::path(post, path = "/api/v1/events/{id}/registration-open", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    request_body = Opening,
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "Not the organiser", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_open(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<Opening>,
) -> Answer<StatusCode> {
    let id = path_id(&id, "event")?;
    let o = raw;
    app.set_event_registration_open(&context(actor, ip), id, o.open)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Decision {
    pub approve: bool,
}

/// The organiser approves or rejects a registration.
#[utoipa::path(post, path = "/api/v1/events/{id}/registrations/{registration_id}/decision", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"), ("registration_id" = i64, Path, description = "Registration id")),
    request_body = Decision,
    responses(
        (status = 200, description = "The registration", body = Registration),
        (status = 403, description = "Not the organiser", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The registration cannot move so", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn decide(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path((id, registration_id)): Path<(String, String)>,
    ApiJson(raw): ApiJson<Decision>,
) -> Answer<Json<Registration>> {
    let id = path_id(&id, "event")?;
    let registration_id = path_id(&registration_id, "registration")?;
    let d = raw;
    Ok(Json(
        app.decide_event_registration(&context(actor, ip), id, registration_id, d.approve)
            .await?,
    ))
}

/// A meeting request from the token's registration to another approved participant.
#[utoipa::path(post, path = "/api/v1/events/{id}/meeting-requests", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    request_body = MeetingRequestInput,
    responses(
        (status = 201, description = "The request", body = MeetingRequest),
        (status = 400, description = "To oneself, to a non-participant, twice, or not yet approved", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn request_meeting(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<MeetingRequestInput>,
) -> Answer<Response> {
    let id = path_id(&id, "event")?;
    let input = raw;
    let request = app.request_meeting(&context(actor, ip), id, &input).await?;
    Ok((StatusCode::CREATED, Json(request)).into_response())
}

/// Runs the scheduler and replaces the timetable; the organiser only.
#[utoipa::path(post, path = "/api/v1/events/{id}/schedule", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "Placed against requested and the upper bound", body = ScheduleReport),
        (status = 403, description = "Not the organiser", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn schedule(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<Json<ScheduleReport>> {
    let id = path_id(&id, "event")?;
    Ok(Json(app.run_scheduler(&context(actor, ip), id).await?))
}

/// The token's organisation's meetings at the event.
#[utoipa::path(get, path = "/api/v1/events/{id}/agenda", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "The agenda by slot", body = Vec<AgendaEntry>)))]
pub async fn agenda(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<Vec<AgendaEntry>>> {
    let id = path_id(&id, "event")?;
    Ok(Json(app.event_agenda(&actor, id).await?.1))
}

/// The agenda as an iCalendar file (RFC 5545).
#[utoipa::path(get, path = "/api/v1/events/{id}/agenda.ics", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "text/calendar", content_type = "text/calendar")))]
pub async fn agenda_ics(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Response> {
    let id = path_id(&id, "event")?;
    let ics = app.event_agenda_ics(&actor, id).await?;
    Ok(crate::download::file(ics.into_bytes(), "agenda.ics", None))
}

/// The organiser's console: registrations, requests, meetings, signed projects.
#[utoipa::path(get, path = "/api/v1/events/{id}/console", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "The console", body = EventConsole),
        (status = 403, description = "Not the organiser", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn console(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<EventConsole>> {
    let id = path_id(&id, "event")?;
    Ok(Json(app.event_console(&actor, id).await?))
}
