//! `/console/pipeline/{id}`: one record (stage timeline, signings, funds with evidence,
//! problems, review flag) and its forms: advance, funds (with a file), problem.

use super::signed::{CsrfForm, CsrfUpload, Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::format::yuan;
use crate::upload::Upload;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::pipeline_funds::EvidenceUpload;
use gowest_app::{App, AppError};
use gowest_domain::pipeline::{
    FundsInput, JobsInput, PipelineEntry, ProblemInput, SigningInput, Stage, StepInput,
};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;

pub struct FundsLine {
    pub id: i64,
    pub on: String,
    pub source: &'static str,
    pub kind: &'static str,
    pub amount: String,
    pub evidence: Option<String>,
}

pub struct ProblemLine {
    pub stage: &'static str,
    pub raised_on: String,
    pub text: String,
    pub routed_to: String,
    pub status: &'static str,
    pub resolution: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_record.html")]
struct RecordPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    id: i64,
    project: String,
    investor: String,
    zone_id: i64,
    stage: &'static str,
    amount: String,
    review: &'static str,
    flagged: bool,
    timeline: Vec<(&'static str, String)>,
    signings: Vec<(String, String)>,
    funds: Vec<FundsLine>,
    problems: Vec<ProblemLine>,
    keeps: bool,
    /// Signed at least once: another signing may be recorded.
    signed_yet: bool,
    /// Landed: jobs may be reported.
    landed: bool,
    jobs: u32,
    events: Vec<(i64, String)>,
    stages: Vec<(&'static str, &'static str)>,
    orgs: Vec<(i64, String)>,
    errors: Vec<(String, String)>,
}

async fn page(
    app: &App,
    signed: &Signed,
    e: &PipelineEntry,
    errors: &[FieldError],
) -> Result<RecordPage, AppError> {
    let lang = signed.ctx.lang;
    let r = &e.record;
    // A failure to read these is the page's failure, not an empty choice list.
    let events = app.promotion_events().await?;
    let orgs = app.organisations_for_pipeline().await?;
    let event_name = |id: Option<i64>| match id {
        Some(id) => events
            .iter()
            .find(|ev| ev.id == id)
            .map_or_else(|| id.to_string(), |ev| ev.name_zh.clone()),
        None => lang.pick("非活动签约", "outside any event").to_owned(),
    };
    Ok(RecordPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("pipeline"),
        id: e.id(),
        project: r.project_name.clone(),
        investor: r.investor_name.clone(),
        zone_id: e.zone_id(),
        stage: lang.pick(r.state.stage.name_zh(), r.state.stage.name_en()),
        amount: r.state.contract_amount.map(yuan).unwrap_or_default(),
        review: lang.pick(r.review.name_zh(), r.review.name_en()),
        flagged: !matches!(
            r.review,
            gowest_domain::pipeline::DuplicateReview::Unflagged
        ),
        timeline: Stage::ALL
            .into_iter()
            .filter(|s| *s != Stage::Negotiating)
            .map(|s| {
                let on = r
                    .state
                    .dates
                    .date_of(s)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                (lang.pick(s.name_zh(), s.name_en()), on)
            })
            .collect(),
        signings: r
            .signings
            .iter()
            .map(|s| (s.signed_on.to_string(), event_name(s.event_id)))
            .collect(),
        funds: r
            .funds
            .iter()
            .zip(&e.funds)
            .map(|(f, id)| FundsLine {
                id: id.id,
                on: f.received_on.to_string(),
                source: lang.pick(f.source.name_zh(), f.source.name_en()),
                kind: lang.pick(f.kind.name_zh(), f.kind.name_en()),
                amount: yuan(f.amount),
                evidence: f.evidence.as_ref().map(|ev| ev.file_name.clone()),
            })
            .collect(),
        problems: r
            .problems
            .iter()
            .map(|p| ProblemLine {
                stage: lang.pick(p.stage.name_zh(), p.stage.name_en()),
                raised_on: p.raised_on.to_string(),
                text: p.text.clone(),
                routed_to: orgs
                    .iter()
                    .find(|(id, _)| *id == p.routed_to_org)
                    .map_or_else(|| p.routed_to_org.to_string(), |(_, n)| n.clone()),
                status: lang.pick(p.status.name_zh(), p.status.name_en()),
                resolution: p.resolution.clone().unwrap_or_default(),
            })
            .collect(),
        keeps: signed.session.actor.pipeline_keeper(e.zone_id()).is_some(),
        signed_yet: !r.signings.is_empty(),
        landed: r.state.dates.date_of(Stage::Landed).is_some(),
        jobs: r.jobs_created,
        events: events
            .iter()
            .map(|ev| (ev.id, format!("{} · {}", ev.starts_on, ev.name_zh)))
            .collect(),
        stages: Stage::ALL
            .into_iter()
            .skip(1)
            .map(|s| (s.code(), lang.pick(s.name_zh(), s.name_en())))
            .collect(),
        orgs,
        errors: errors
            .iter()
            .map(|e| {
                (
                    e.field.clone(),
                    lang.pick(&e.message_zh, &e.message_en).to_owned(),
                )
            })
            .collect(),
    })
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    match app.pipeline_record(&signed.session.actor, id).await {
        Ok(e) => match page(&app, &signed, &e, &[]).await {
            Ok(page) => page.into_response(),
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// After a write: back to the record, or the record with the refusal beside the forms.
async fn answer(
    app: &App,
    signed: &Signed,
    id: i64,
    result: Result<PipelineEntry, AppError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/console/pipeline/{id}")).into_response(),
        Err(AppError::Invalid(v)) => match app.pipeline_record(&signed.session.actor, id).await {
            Ok(e) => match page(app, signed, &e, &v.0).await {
                Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            },
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(flatten)]
    step: StepInput,
}

pub async fn advance(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<StepForm>,
) -> Response {
    let result = app
        .advance_pipeline(&signed.context(), id, &form.step)
        .await;
    answer(&app, &signed, id, result).await
}

#[derive(Deserialize)]
pub struct ProblemForm {
    #[serde(flatten)]
    problem: ProblemInput,
}

pub async fn raise(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ProblemForm>,
) -> Response {
    let result = app
        .raise_pipeline_problem(&signed.context(), id, &form.problem)
        .await;
    answer(&app, &signed, id, result).await
}

/// The evidence file of a multipart form, if one was chosen; the form's own refusal (a field
/// over its cap, a form that broke off) first.
fn evidence_of(upload: &mut Upload) -> Result<Option<EvidenceUpload>, AppError> {
    Ok(upload.file()?.map(|file| EvidenceUpload {
        file_name: file.name,
        media_type: file.media_type,
        content: file.bytes,
    }))
}

/// Funds in place, with an optional evidence file (multipart form).
pub async fn funds(
    State(app): State<App>,
    Id(id): Id,
    CsrfUpload(signed, mut form): CsrfUpload,
) -> Response {
    let upload = match evidence_of(&mut form) {
        Ok(upload) => upload,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let input = FundsInput {
        received_on: form.field("received_on").to_owned(),
        source: form.field("source").to_owned(),
        kind: form.field("kind").to_owned(),
        amount_yuan: form.field("amount_yuan").to_owned(),
    };
    let result = app
        .add_pipeline_funds(&signed.context(), id, &input, upload.as_ref())
        .await;
    answer(&app, &signed, id, result).await
}

/// The evidence of an entry entered without it (multipart form).
pub async fn attach_evidence(
    State(app): State<App>,
    Path((id, funds_id)): Path<(i64, i64)>,
    CsrfUpload(signed, mut form): CsrfUpload,
) -> Response {
    let upload = match evidence_of(&mut form) {
        Ok(upload) => upload,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let result = match upload {
        Some(upload) => {
            app.attach_pipeline_evidence(&signed.context(), id, funds_id, &upload)
                .await
        }
        None => Err(AppError::Invalid(Validation(vec![FieldError::required(
            "evidence",
            "证明材料",
        )]))),
    };
    answer(&app, &signed, id, result).await
}

#[derive(Deserialize)]
pub struct SigningForm {
    #[serde(flatten)]
    signing: SigningInput,
}

/// Another signing of a signed project (一炮数响).
pub async fn signing(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<SigningForm>,
) -> Response {
    let result = app
        .add_pipeline_signing(&signed.context(), id, &form.signing)
        .await;
    answer(&app, &signed, id, result).await
}

#[derive(Deserialize)]
pub struct JobsForm {
    #[serde(flatten)]
    jobs: JobsInput,
}

pub async fn jobs(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<JobsForm>,
) -> Response {
    let result = app
        .report_pipeline_jobs(&signed.context(), id, &form.jobs)
        .await;
    answer(&app, &signed, id, result).await
}

pub async fn evidence(
    State(app): State<App>,
    signed: Signed,
    Path((id, funds_id)): Path<(i64, i64)>,
) -> Response {
    match app
        .pipeline_evidence(&signed.session.actor, id, funds_id)
        .await
    {
        Ok(file) => crate::api::pipeline::attachment_response(file),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
