//! Manager training in the console (notice 3.2): the courses eastern zones offer on the
//! eight topics, the course form for eastern zones, enrolment for central and western zones,
//! attendance and completion for the host, and the east→west pairs.

use super::signed::{CsrfForm, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::training_managers::ManagerTraining;
use gowest_app::{App, AppError};
use gowest_domain::region::Region;
use gowest_domain::training::managers::{
    AttendanceInput, CourseInput, EnrolmentInput, MANAGER_TOPICS, Topic, enrols_managers,
    offers_courses,
};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/training_managers.html")]
struct ManagersPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    data: ManagerTraining,
    topics: &'static [Topic],
    /// The signed-in zone, when its staff keep its training.
    own_zone: Option<i64>,
    offers: bool,
    enrols: bool,
    problems: Vec<String>,
}

impl ManagersPage {
    fn hosts(&self, zone_id: &i64) -> bool {
        self.offers && self.own_zone == Some(*zone_id)
    }

    fn yuan(&self, fen: &gowest_domain::money::Fen) -> String {
        crate::pages::format::yuan(*fen)
    }
}

async fn page(app: &App, signed: &Signed, problems: Vec<String>) -> Result<ManagersPage, AppError> {
    let actor = &signed.session.actor;
    let data = app.manager_training(actor).await?;
    let own_zone = actor
        .own_zone()
        .filter(|z| actor.training_keeper(*z).is_some());
    let region = own_zone
        .and_then(|z| app.directory().zone(z).map(|z| z.region))
        .unwrap_or(Region::Northeast);
    Ok(ManagersPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("training"),
        data,
        topics: &MANAGER_TOPICS,
        own_zone,
        offers: own_zone.is_some() && offers_courses(region),
        enrols: own_zone.is_some() && enrols_managers(region),
        problems,
    })
}

fn render(result: Result<ManagersPage, AppError>, signed: &Signed) -> Response {
    match result {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn show(State(app): State<App>, signed: Signed) -> Response {
    render(page(&app, &signed, Vec::new()).await, &signed)
}

/// After a write: back to the page, or the page at 400 listing what was refused.
async fn answer(app: &App, signed: &Signed, outcome: Result<(), AppError>) -> Response {
    match outcome {
        Ok(()) => Redirect::to("/console/training/managers").into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(lines) => super::refused(render(page(app, signed, lines).await, signed)),
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

#[derive(Debug, Deserialize)]
pub struct CourseForm {
    #[serde(flatten)]
    pub course: CourseInput,
}

pub async fn offer(State(app): State<App>, CsrfForm(signed, f): CsrfForm<CourseForm>) -> Response {
    let outcome = app
        .offer_manager_course(&signed.context(), &f.course)
        .await
        .map(|_| ());
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    pub course_id: i64,
    #[serde(flatten)]
    pub manager: EnrolmentInput,
}

pub async fn enrol(State(app): State<App>, CsrfForm(signed, f): CsrfForm<EnrolForm>) -> Response {
    let outcome = app
        .enrol_manager(&signed.context(), f.course_id, &f.manager)
        .await
        .map(|_| ());
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct AttendanceForm {
    pub enrolment_id: i64,
    #[serde(flatten)]
    pub attendance: AttendanceInput,
}

pub async fn attendance(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<AttendanceForm>,
) -> Response {
    let outcome = app
        .record_manager_attendance(&signed.context(), f.enrolment_id, &f.attendance)
        .await;
    answer(&app, &signed, outcome).await
}
