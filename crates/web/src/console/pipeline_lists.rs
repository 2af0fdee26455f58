//! Pipeline pages above one record: figures by zone, province and region; the duplicate
//! review queue; the problems routed to the signed-in organisation.

use super::pipeline::{Summary, summary};
use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::download;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::App;
use gowest_app::pipeline_review::ReviewDecision;
use gowest_domain::pipeline::{DuplicateReview, FiguresBy, ResolveInput};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_figures.html")]
struct FiguresPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    by: &'static str,
    rows: Vec<(String, String, Summary)>,
}

#[derive(Deserialize)]
pub struct ByQuery {
    by: Option<String>,
}

fn by_of(q: &ByQuery) -> FiguresBy {
    FiguresBy::parse(q.by.as_deref().unwrap_or("province")).unwrap_or(FiguresBy::Province)
}

/// The figures page is for the ministry and provinces; a zone sees its figures on its board.
fn sees_figures(signed: &Signed) -> bool {
    use gowest_domain::access::Scope;
    matches!(
        signed.session.actor.scope(),
        Scope::All | Scope::Province(_)
    )
}

pub async fn figures(State(app): State<App>, signed: Signed, Query(q): Query<ByQuery>) -> Response {
    if !sees_figures(&signed) {
        return signed.forbidden();
    }
    let by = by_of(&q);
    let lang = signed.ctx.lang;
    match app.pipeline_figures(&signed.session.actor, by).await {
        Ok(rows) => FiguresPage {
            lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("pipeline_figures"),
            by: match by {
                FiguresBy::Zone => "zone",
                FiguresBy::Province => "province",
                FiguresBy::Region => "region",
                FiguresBy::National => "national",
            },
            rows: rows
                .iter()
                .map(|r| {
                    let name = lang.or_zh(&r.name_zh, Some(&r.name_en)).to_owned();
                    (r.key.clone(), name, summary(r))
                })
                .collect(),
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn figures_export(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<ByQuery>,
) -> Response {
    if !sees_figures(&signed) {
        return signed.forbidden();
    }
    let result = match app.pipeline_figures(&signed.session.actor, by_of(&q)).await {
        Ok(rows) => gowest_app::pipeline_sheet::figures_xlsx(&rows),
        Err(e) => Err(e),
    };
    match result {
        Ok(bytes) => download::file(bytes, "pipeline-figures.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub struct Flagged {
    pub id: i64,
    pub project: String,
    pub investor: String,
    pub zone: String,
    pub of: Vec<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_review.html")]
struct ReviewPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    flagged: Vec<Flagged>,
}

pub async fn review_queue(State(app): State<App>, signed: Signed) -> Response {
    let Some(reviewer) = signed.session.actor.duplicate_reviewer() else {
        return signed.forbidden();
    };
    let directory = app.directory();
    match app.duplicate_queue(&reviewer).await {
        Ok(entries) => ReviewPage {
            lang: signed.ctx.lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("pipeline_review"),
            flagged: entries
                .iter()
                .map(|e| Flagged {
                    id: e.id(),
                    project: e.record.project_name.clone(),
                    investor: e.record.investor_name.clone(),
                    zone: directory
                        .zone(e.zone_id())
                        .map(|z| z.fields.name_zh.clone())
                        .unwrap_or_default(),
                    of: match &e.record.review {
                        DuplicateReview::Flagged { of } => of.clone(),
                        _ => Vec::new(),
                    },
                })
                .collect(),
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ReviewForm {
    decision: String,
    of: Option<i64>,
}

pub async fn decide(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ReviewForm>,
) -> Response {
    let Some(reviewer) = signed.session.actor.duplicate_reviewer() else {
        return signed.forbidden();
    };
    let decision = match (form.decision.as_str(), form.of) {
        ("confirm", Some(of)) => ReviewDecision::Confirm { of },
        _ => ReviewDecision::Clear,
    };
    match app
        .review_pipeline_duplicate(&reviewer, &signed.context(), id, decision)
        .await
    {
        Ok(_) => Redirect::to("/console/pipeline/review").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub struct Routed {
    pub problem_id: i64,
    pub record_id: i64,
    pub project: String,
    pub text: String,
    pub raised_on: String,
    pub open: bool,
    pub resolution: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_problems.html")]
struct ProblemsPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    problems: Vec<Routed>,
    solves: bool,
}

pub async fn problems(State(app): State<App>, signed: Signed) -> Response {
    let actor = &signed.session.actor;
    match app.problems_routed_to_me(actor).await {
        Ok(list) => {
            let org = actor.acting.as_ref().map_or(0, |m| m.org.id);
            let problems = list
                .iter()
                .flat_map(|(e, indexes)| {
                    indexes.iter().map(move |i| {
                        let p = &e.record.problems[*i];
                        Routed {
                            problem_id: e.problem_ids[*i],
                            record_id: e.id(),
                            project: e.record.project_name.clone(),
                            text: p.text.clone(),
                            raised_on: p.raised_on.to_string(),
                            open: p.resolved_on.is_none(),
                            resolution: p.resolution.clone().unwrap_or_default(),
                        }
                    })
                })
                .collect();
            ProblemsPage {
                lang: signed.ctx.lang,
                frame: signed.ctx.frame(""),
                nav: signed.nav("pipeline_problems"),
                problems,
                solves: actor.problem_solver(org).is_some(),
            }
            .into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ResolveForm {
    #[serde(flatten)]
    input: ResolveInput,
}

pub async fn resolve(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ResolveForm>,
) -> Response {
    match app
        .resolve_pipeline_problem(&signed.context(), id, &form.input)
        .await
    {
        Ok(_) => Redirect::to("/console/pipeline/problems").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
