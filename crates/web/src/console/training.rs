//! Training programmes in the console: progress against quota by zone, province, region and
//! month; the trainees in the user's scope (身份证号 masked); a zone's annual plan form and
//! roster upload; the plans of the year with the review buttons of the user's stage.

use super::signed::{CsrfForm, CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::training::TraineeView;
use gowest_app::training_jobs::{ImportJobView, JobState};
use gowest_app::{App, AppError};
use gowest_domain::access::Scope;
use gowest_domain::training::{PlanInput, PlanStatus, PlanStep, Progress};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct QuotaForm {
    pub year: String,
    pub central: String,
    pub west: String,
    pub quotas: String,
}

/// The ministry (a writing role) sets targets and quotas.
fn sets_quotas(actor: &gowest_domain::access::Actor) -> bool {
    actor.training_planner().is_some()
}

pub struct SubsidyRow {
    pub programme_id: i64,
    pub name: String,
    /// Certified trainees and the computed amount, or why there is nothing to claim.
    pub claim: Result<(u64, String, String), String>,
}

pub struct PlanRow {
    pub zone_id: i64,
    pub zone: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub institution: String,
    pub budget: String,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/training.html")]
struct TrainingPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    year: i32,
    progress: Progress,
    /// Display names of the progress keys: `zone:149`, `province:510000`, `region:west`.
    names: std::collections::HashMap<String, String>,
    trainees: Vec<TraineeView>,
    total: i64,
    plans: Vec<PlanRow>,
    /// The signed-in zone's id when its staff keep its training.
    keeper_zone: Option<i64>,
    reviewer: bool,
    /// Lines of refused input (a roster's rows, a plan's fields).
    problems: Vec<String>,
    /// The roster import the page was opened on (after an upload).
    job: Option<ImportJobView>,
    /// What the signed-in zone may claim from each training-subsidy programme.
    subsidies: Vec<SubsidyRow>,
    /// The ministry's target and quota form: central, west, one `zone:number` a line.
    quotas: Option<QuotaForm>,
    form: PlanInput,
}

/// A roster import's progress alone: the answer to the page's polls.
#[derive(Template, WebTemplate)]
#[template(path = "console/training_job.html")]
struct JobFragment {
    lang: Lang,
    job: ImportJobView,
}

impl TrainingPage {
    /// Whether the signed-in zone keeps the plan of `zone_id` (its own).
    fn keeps(&self, zone_id: &i64) -> bool {
        self.keeper_zone == Some(*zone_id)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub year: Option<i32>,
    /// A roster import to show the progress of.
    pub job: Option<i64>,
}

fn reads(signed: &Signed) -> bool {
    matches!(
        signed.session.actor.scope(),
        Scope::All | Scope::Province(_) | Scope::Zone(_)
    )
}

async fn page(
    app: &App,
    signed: &Signed,
    year: i32,
    problems: Vec<String>,
    job: Option<i64>,
    form: PlanInput,
) -> Result<TrainingPage, AppError> {
    let actor = &signed.session.actor;
    let lang = signed.ctx.lang;
    let progress = app.training_progress(actor, year).await?;
    let (trainees, total) = app.trainees(actor, 100, 0).await?;
    let plans = app
        .training_plans(actor, year)
        .await?
        .into_iter()
        .map(|(zone, p)| {
            let status = PlanStatus::parse(&p.status).unwrap_or(PlanStatus::Draft);
            PlanRow {
                zone_id: p.zone_id,
                zone,
                status: lang.pick(status.name_zh(), status.code()),
                status_code: status.code(),
                institution: p.institution,
                budget: crate::pages::format::yuan(gowest_domain::money::Fen(p.budget_fen)),
                reason: p.reason.unwrap_or_default(),
            }
        })
        .collect();
    let job = match job {
        Some(id) => Some(app.roster_import_job(actor, id).await?),
        None => None,
    };
    let keeper_zone = actor
        .own_zone()
        .filter(|z| actor.training_keeper(*z).is_some());
    let quotas = if sets_quotas(actor) {
        let target = app.training_target(year).await?;
        let lines = app.training_quota_lines(year).await?;
        Some(QuotaForm {
            year: year.to_string(),
            central: target.central.to_string(),
            west: target.west.to_string(),
            quotas: lines
                .iter()
                .map(|(_, name, n)| format!("{name}:{n}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
    } else {
        None
    };
    let mut subsidies = Vec::new();
    if keeper_zone.is_some() {
        let ctx = signed.context();
        for p in app.fund_programmes().await? {
            if gowest_app::funds_data::training_subsidy_rates(&p.programme.code).is_none() {
                continue;
            }
            let claim = match app.training_subsidy_preview(&ctx, p.programme.id).await {
                Ok((_, c)) => Ok((
                    c.trainees,
                    c.basis_zh(),
                    crate::pages::format::yuan(c.total),
                )),
                Err(AppError::Invalid(v)) => Err(v
                    .0
                    .iter()
                    .map(|f| lang.pick(&f.message_zh, &f.message_en).to_owned())
                    .collect::<Vec<_>>()
                    .join("; ")),
                Err(e) => return Err(e),
            };
            subsidies.push(SubsidyRow {
                programme_id: p.programme.id,
                name: lang
                    .pick(&p.programme.name_zh, &p.programme.name_en)
                    .to_owned(),
                claim,
            });
        }
    }
    let names = progress_names(app, &progress, lang);
    Ok(TrainingPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("training"),
        year,
        names,
        progress,
        trainees,
        total,
        plans,
        keeper_zone,
        reviewer: actor.fund_reviewer().is_some(),
        problems,
        job,
        subsidies,
        quotas,
        form,
    })
}

pub async fn show(State(app): State<App>, signed: Signed, Query(q): Query<PageQuery>) -> Response {
    if !reads(&signed) {
        return signed.forbidden();
    }
    let year = q.year.unwrap_or_else(|| app.training_year());
    let form = PlanInput {
        year: year.to_string(),
        ..PlanInput::default()
    };
    match page(&app, &signed, year, Vec::new(), q.job, form).await {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// A refused form or roster: the page again, at 400, listing what is wrong.
async fn refused(
    app: &App,
    signed: &Signed,
    year: i32,
    lines: Vec<String>,
    form: PlanInput,
) -> Response {
    match page(app, signed, year, lines, None, form).await {
        Ok(p) => (StatusCode::BAD_REQUEST, p).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct PlanForm {
    #[serde(flatten)]
    pub plan: PlanInput,
}

/// The zone saves its plan of the year.
pub async fn save_plan(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<PlanForm>,
) -> Response {
    let Some(zone) = signed.session.actor.own_zone() else {
        return signed.forbidden();
    };
    let year = f
        .plan
        .year
        .trim()
        .parse()
        .unwrap_or_else(|_| app.training_year());
    match app
        .save_training_plan(&signed.context(), zone, &f.plan)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/training?year={year}")).into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => refused(&app, &signed, year, l, f.plan).await,
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    pub zone_id: i64,
    pub year: i32,
    pub step: String,
    #[serde(default)]
    pub reason: String,
}

/// A review step on a plan: submit (the zone), approve or return (province, ministry).
pub async fn step(State(app): State<App>, CsrfForm(signed, f): CsrfForm<StepForm>) -> Response {
    let Some(step) = PlanStep::parse(&f.step) else {
        return signed.forbidden();
    };
    match app
        .step_training_plan(&signed.context(), f.zone_id, f.year, step, &f.reason)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/training?year={}", f.year)).into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => {
                let form = PlanInput {
                    year: f.year.to_string(),
                    ..PlanInput::default()
                };
                refused(&app, &signed, f.year, l, form).await
            }
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

/// The zone uploads a roster: all rows registered, or the page lists every bad row.
pub async fn import(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let year = upload
        .field("year")
        .trim()
        .parse()
        .unwrap_or_else(|_| app.training_year());
    let Some(zone) = signed.session.actor.own_zone() else {
        return signed.forbidden();
    };
    let form = PlanInput {
        year: year.to_string(),
        ..PlanInput::default()
    };
    let file = match upload.file() {
        Ok(Some(file)) => file,
        Ok(None) => {
            let lang = signed.ctx.lang;
            let line = lang.pick(
                "请选择名册文件（.xlsx 或 .csv）",
                "choose a roster file (.xlsx or .csv)",
            );
            return refused(&app, &signed, year, vec![line.to_owned()], form).await;
        }
        Err(too_large) => {
            return refused(&app, &signed, year, vec![too_large.to_string()], form).await;
        }
    };
    match app
        .start_roster_import(&signed.context(), zone, file.name, file.bytes)
        .await
    {
        Ok(job) => {
            Redirect::to(&format!("/console/training?year={year}&job={job}")).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PollQuery {
    /// Set by the page's own polls: a finished job then reloads the page.
    pub poll: Option<u8>,
}

/// A roster import's progress, polled by the page while it runs. Once it has finished, the
/// answer tells htmx to reload the page, whose figures then include the new trainees.
pub async fn job(
    State(app): State<App>,
    signed: Signed,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Query(q): Query<PollQuery>,
) -> Response {
    if !reads(&signed) {
        return signed.forbidden();
    }
    match app.roster_import_job(&signed.session.actor, id).await {
        Ok(job) => {
            if q.poll.is_some() && job.state.finished() {
                // No fragment: the reloaded page shows the outcome beside figures that
                // include it, never an outcome beside the figures from before.
                return ([("HX-Refresh", "true")], "").into_response();
            }
            JobFragment {
                lang: signed.ctx.lang,
                job,
            }
            .into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The trainees the user may read, as .xlsx or .csv (`format`), 身份证号 masked.
pub async fn export(
    State(app): State<App>,
    signed: Signed,
    axum::extract::Path(format): axum::extract::Path<String>,
) -> Response {
    if !reads(&signed) {
        return signed.forbidden();
    }
    let actor = &signed.session.actor;
    let bytes = match format.as_str() {
        "trainees.xlsx" => app.export_trainees_xlsx(actor).await,
        "trainees.csv" => app.export_trainees(actor).await,
        _ => {
            return PageError::new(
                &signed.ctx,
                AppError::NotFound {
                    entity: "export format",
                },
            )
            .into_response();
        }
    };
    match bytes {
        Ok(bytes) => crate::download::file(bytes, &format, None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ClaimForm {
    pub programme_id: i64,
}

/// The zone claims a training subsidy: a fund application computed from its certified
/// trainees, opened for it to submit.
pub async fn claim(State(app): State<App>, CsrfForm(signed, f): CsrfForm<ClaimForm>) -> Response {
    match app
        .claim_training_subsidy(&signed.context(), f.programme_id)
        .await
    {
        Ok(a) => Redirect::to(&format!("/console/funds/{}", a.id)).into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => {
                let year = app.training_year();
                let form = PlanInput {
                    year: year.to_string(),
                    ..PlanInput::default()
                };
                refused(&app, &signed, year, l, form).await
            }
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

/// The ministry sets the year's target and zone quotas; refused whole (400) naming the lines
/// or the region over its target.
pub async fn set_quotas(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<QuotaForm>,
) -> Response {
    if !sets_quotas(&signed.session.actor) {
        return signed.forbidden();
    }
    let year = f
        .year
        .trim()
        .parse()
        .unwrap_or_else(|_| app.training_year());
    let number = |field: &str, raw: &str| {
        raw.trim().parse::<u32>().map_err(|_| {
            AppError::Invalid(gowest_domain::error::Validation(vec![
                gowest_domain::error::FieldError::new(
                    field,
                    "not_a_number",
                    "年度目标应为非负整数",
                    format!("{field} must be a whole number"),
                ),
            ]))
        })
    };
    let outcome = async {
        let target = gowest_domain::training::NationalTarget {
            year,
            central: number("central", &f.central)?,
            west: number("west", &f.west)?,
        };
        let quotas = app.parse_quota_text(&f.quotas)?;
        app.set_training_quotas(&signed.context(), target, &quotas)
            .await
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to(&format!("/console/training?year={year}")).into_response(),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => {
                let form = PlanInput {
                    year: year.to_string(),
                    ..PlanInput::default()
                };
                match page(&app, &signed, year, l, None, form).await {
                    Ok(mut p) => {
                        // The typed form again, so nothing typed is lost.
                        p.quotas = Some(f);
                        (StatusCode::BAD_REQUEST, p).into_response()
                    }
                    Err(e) => PageError::new(&signed.ctx, e).into_response(),
                }
            }
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

/// Names for the progress tables' keys, so the page reads 四川省 and 成都经济技术开发区, not codes.
fn progress_names(
    app: &App,
    progress: &Progress,
    lang: Lang,
) -> std::collections::HashMap<String, String> {
    use gowest_domain::region::{ProvinceCode, Region};
    let directory = app.directory();
    let mut names = std::collections::HashMap::new();
    for r in &progress.by_region {
        if let Some(region) = Region::parse(&r.key) {
            let name = lang.pick(region.name_zh(), region.name_en());
            names.insert(format!("region:{}", r.key), name.to_owned());
        }
    }
    for r in &progress.by_province {
        let province = ProvinceCode::parse(&r.key).and_then(|c| directory.catalog.province(&c));
        if let Some(p) = province {
            names.insert(format!("province:{}", r.key), p.name_zh.clone());
        }
    }
    for r in &progress.by_zone {
        let zone = r.key.parse().ok().and_then(|id| directory.zone(id));
        if let Some(z) = zone {
            names.insert(format!("zone:{}", r.key), z.fields.name_zh.clone());
        }
    }
    names
}

impl TrainingPage {
    /// The name of a progress key, or the key itself when it names nothing known.
    fn name(&self, table: &str, key: &str) -> String {
        self.names
            .get(&format!("{table}:{key}"))
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }
}

/// Trained against quota as a percentage with one decimal, rounded down; blank without a quota.
fn share(trained: &u64, quota: &u64) -> String {
    match quota {
        0 => String::new(),
        q => {
            let tenths = trained * 1000 / q;
            format!("{}.{}%", tenths / 10, tenths % 10)
        }
    }
}
