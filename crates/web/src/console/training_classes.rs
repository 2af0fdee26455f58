//! Ministry classes in the console (notice 3.3): the ministry opens a year's demand survey,
//! sees the demand summed by topic and region, plans classes beside it and records
//! completion; central and western zones answer the survey and enrol managers in the
//! classes they are invited to.

use super::signed::{CsrfForm, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::training_classes::{MinistryClasses, SurveyView};
use gowest_app::{App, AppError};
use gowest_domain::region::Region;
use gowest_domain::training::classes::{
    ClassInput, CompletionInput, DemandInput, SurveyInput, answers_surveys,
};
use gowest_domain::training::managers::{EnrolmentInput, MANAGER_TOPICS, Topic};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/training_classes.html")]
struct ClassesPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    data: MinistryClasses,
    topics: &'static [Topic],
    /// The signed-in central or western zone, when its staff keep its training.
    own_zone: Option<i64>,
    ministry: bool,
    problems: Vec<String>,
}

impl ClassesPage {
    /// The surveyed people of a topic, shown beside it when planning.
    fn surveyed(&self, survey: &SurveyView, code: &str) -> i64 {
        survey
            .demand
            .iter()
            .find(|d| d.topic == code)
            .map_or(0, |d| d.total)
    }

    /// The zones that answered a survey, as the default invitation.
    fn answering_zones(&self, survey: &SurveyView) -> String {
        let mut ids: Vec<i64> = survey.answers.iter().map(|a| a.zone_id).collect();
        ids.dedup();
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    }

    /// A class's title for the enrolment list (its number when the reader cannot see it).
    fn class_title(&self, id: &i64) -> String {
        self.data
            .surveys
            .iter()
            .flat_map(|s| &s.classes)
            .find(|c| c.id == *id)
            .map_or_else(|| format!("#{id}"), |c| c.title.clone())
    }

    fn invited(&self, zones: &[gowest_app::training_classes::InvitedZone]) -> bool {
        self.own_zone
            .is_some_and(|own| zones.iter().any(|z| z.id == own))
    }
}

async fn page(app: &App, signed: &Signed, problems: Vec<String>) -> Result<ClassesPage, AppError> {
    let actor = &signed.session.actor;
    let data = app.ministry_classes(actor).await?;
    let own_zone = actor
        .own_zone()
        .filter(|z| actor.training_keeper(*z).is_some())
        .filter(|z| {
            answers_surveys(
                app.directory()
                    .zone(*z)
                    .map_or(Region::Northeast, |z| z.region),
            )
        });
    Ok(ClassesPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("training"),
        data,
        topics: &MANAGER_TOPICS,
        own_zone,
        ministry: actor.training_planner().is_some(),
        problems,
    })
}

fn render(result: Result<ClassesPage, AppError>, signed: &Signed) -> Response {
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
        Ok(()) => Redirect::to("/console/training/classes").into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(lines) => super::refused(render(page(app, signed, lines).await, signed)),
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

#[derive(Debug, Deserialize)]
pub struct SurveyForm {
    #[serde(flatten)]
    pub survey: SurveyInput,
}

pub async fn open(State(app): State<App>, CsrfForm(signed, f): CsrfForm<SurveyForm>) -> Response {
    let outcome = app
        .open_class_survey(&signed.context(), &f.survey)
        .await
        .map(|_| ());
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct DemandForm {
    pub survey_id: i64,
    #[serde(flatten)]
    pub demand: DemandInput,
}

pub async fn demand(State(app): State<App>, CsrfForm(signed, f): CsrfForm<DemandForm>) -> Response {
    let outcome = app
        .answer_class_survey(&signed.context(), f.survey_id, &f.demand)
        .await;
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct ClassForm {
    pub survey_id: i64,
    #[serde(flatten)]
    pub class: ClassInput,
}

pub async fn plan(State(app): State<App>, CsrfForm(signed, f): CsrfForm<ClassForm>) -> Response {
    let outcome = app
        .plan_ministry_class(&signed.context(), f.survey_id, &f.class)
        .await
        .map(|_| ());
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    pub class_id: i64,
    #[serde(flatten)]
    pub manager: EnrolmentInput,
}

pub async fn enrol(State(app): State<App>, CsrfForm(signed, f): CsrfForm<EnrolForm>) -> Response {
    let outcome = app
        .enrol_in_class(&signed.context(), f.class_id, &f.manager)
        .await
        .map(|_| ());
    answer(&app, &signed, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct CompletionForm {
    pub enrolment_id: i64,
    #[serde(flatten)]
    pub completion: CompletionInput,
}

pub async fn complete(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<CompletionForm>,
) -> Response {
    let outcome = match f.completion.parse() {
        Ok(done) => {
            app.record_class_completion(&signed.context(), f.enrolment_id, done)
                .await
        }
        Err(v) => Err(AppError::Invalid(v)),
    };
    answer(&app, &signed, outcome).await
}
