//! Events in the console: the list with each event's standing for the signed-in
//! organisation; the participant's page (registration, meeting requests, agenda and its
//! iCalendar file); the organiser's console (approvals, the scheduler, the figures).

use super::signed::{CsrfForm, Id, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::App;
use gowest_app::events::{EventConsole, Participation};
use gowest_domain::events::{EventProgramme, MeetingRequestInput, RegistrationInput};
use serde::Deserialize;

pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub place: String,
    pub dates: String,
    pub open: bool,
    pub organiser: bool,
}

fn row(e: &EventProgramme, lang: Lang, organiser: bool) -> EventRow {
    EventRow {
        id: e.id,
        name: e.name_zh.clone(),
        kind: lang.pick(e.kind.name_zh(), e.kind.name_en()),
        place: match &e.venue_zh {
            Some(v) => format!("{} · {v}", e.city_zh),
            None => e.city_zh.clone(),
        },
        dates: format!("{} — {}", e.starts_on, e.ends_on),
        open: e.registration_open,
        organiser,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/events.html")]
struct ListPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    rows: Vec<EventRow>,
    creates: bool,
}

pub async fn list(State(app): State<App>, signed: Signed) -> Response {
    // As the menu: events are for people acting for an active organisation.
    if !signed.nav("events").events {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    match app.events().await {
        Ok(events) => ListPage {
            lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("events"),
            creates: actor.event_creator().is_some(),
            rows: events
                .iter()
                .map(|e| row(e, lang, actor.event_organiser(e.organiser_org_id).is_some()))
                .collect(),
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/event.html")]
struct EventPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    e: EventRow,
    p: Participation,
    registrant: bool,
    status: &'static str,
    /// Special funds the organisation may ask for the event's funding: (programme id, name).
    funding: Vec<(i64, String)>,
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    let funding = match app.event_funding_programmes(actor).await {
        Ok(programmes) => programmes,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let funding = funding
        .into_iter()
        .map(|pp| {
            let p = pp.programme;
            (p.id, lang.pick(&p.name_zh, &p.name_en).to_owned())
        })
        .collect();
    match app.event_participation(actor, id).await {
        Ok(p) => EventPage {
            funding,
            lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("events"),
            e: row(&p.event, lang, p.organiser),
            status: p
                .mine
                .as_ref()
                .map_or("", |m| lang.pick(m.status.name_zh(), m.status.name_en())),
            registrant: actor.event_registrant().is_some(),
            p,
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    input: RegistrationInput,
}

pub async fn register(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<RegisterForm>,
) -> Response {
    match app
        .register_for_event(&signed.context(), id, &form.input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/events/{id}")).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(flatten)]
    input: MeetingRequestInput,
}

pub async fn request(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<RequestForm>,
) -> Response {
    match app
        .request_meeting(&signed.context(), id, &form.input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/events/{id}#requests")).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn agenda_ics(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    match app.event_agenda_ics(&signed.session.actor, id).await {
        Ok(ics) => crate::download::file(ics.into_bytes(), "agenda.ics", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/event_organiser.html")]
struct OrganiserPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    e: EventRow,
    c: EventConsole,
    report: Option<ReportQuery>,
    statuses: Vec<&'static str>,
    pending: usize,
    approved: usize,
}

/// The last scheduler run's figures, carried in the redirect after it.
pub struct ReportQuery {
    placed: usize,
    requested: usize,
    bound: usize,
}

#[derive(Deserialize)]
pub struct ReportParams {
    placed: Option<usize>,
    requested: Option<usize>,
    bound: Option<usize>,
}

pub async fn organiser(
    State(app): State<App>,
    signed: Signed,
    Id(id): Id,
    Query(q): Query<ReportParams>,
) -> Response {
    use gowest_domain::events::RegistrationStatus;
    let lang = signed.ctx.lang;
    match app.event_console(&signed.session.actor, id).await {
        Ok(c) => OrganiserPage {
            lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("events"),
            e: row(&c.event, lang, true),
            statuses: c
                .registrations
                .iter()
                .map(|r| lang.pick(r.status.name_zh(), r.status.name_en()))
                .collect(),
            pending: c
                .registrations
                .iter()
                .filter(|r| r.status == RegistrationStatus::Pending)
                .count(),
            approved: c
                .registrations
                .iter()
                .filter(|r| r.status == RegistrationStatus::Approved)
                .count(),
            report: match (q.placed, q.requested, q.bound) {
                (Some(placed), Some(requested), Some(bound)) => Some(ReportQuery {
                    placed,
                    requested,
                    bound,
                }),
                _ => None,
            },
            c,
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    approve: String,
}

pub async fn decide(
    State(app): State<App>,
    Path((id, registration)): Path<(i64, i64)>,
    CsrfForm(signed, form): CsrfForm<DecisionForm>,
) -> Response {
    let approve = form.approve == "true";
    match app
        .decide_event_registration(&signed.context(), id, registration, approve)
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("/console/events/{id}/organiser#registrations")).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn run_schedule(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app.run_scheduler(&signed.context(), id).await {
        Ok(r) => Redirect::to(&format!(
            "/console/events/{id}/organiser?placed={}&requested={}&bound={}",
            r.placed, r.requested, r.upper_bound
        ))
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/event_new.html")]
struct NewPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    kinds: Vec<(&'static str, &'static str)>,
}

/// The form of a new event, for organisations that organise events.
pub async fn new_form(signed: Signed) -> Response {
    use gowest_domain::events::EventKind;
    if signed.session.actor.event_creator().is_none() {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    NewPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("events"),
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), lang.pick(k.name_zh(), k.name_en())))
            .collect(),
    }
    .into_response()
}

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(flatten)]
    input: gowest_domain::events::EventInput,
}

pub async fn create(State(app): State<App>, CsrfForm(signed, form): CsrfForm<NewForm>) -> Response {
    match app
        .create_event(&signed.context(), &form.input, false)
        .await
    {
        Ok(e) => Redirect::to(&format!("/console/events/{}/organiser", e.id)).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn registrations_export(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    match app
        .export_registrations_xlsx(&signed.session.actor, id)
        .await
    {
        Ok(bytes) => crate::download::file(bytes, "registrations.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn withdraw(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app.withdraw_event_registration(&signed.context(), id).await {
        Ok(_) => Redirect::to(&format!("/console/events/{id}")).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct OpenForm {
    open: String,
}

pub async fn set_open(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<OpenForm>,
) -> Response {
    let open = form.open == "true";
    match app
        .set_event_registration_open(&signed.context(), id, open)
        .await
    {
        Ok(()) => Redirect::to(&format!("/console/events/{id}/organiser")).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
