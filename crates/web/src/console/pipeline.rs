//! `/console/pipeline`: a zone's 招商 pipeline as a board (a column per stage) or a table
//! (filters, Excel export), its figures, the new-record form and the spreadsheet import.

use super::signed::{CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::format::yuan;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::pipeline::{DuplicateReview, FiguresBy, FiguresRow, PipelineEntry, Stage};
use serde::Deserialize;

pub struct Card {
    pub id: i64,
    pub project: String,
    pub investor: String,
    pub stage: &'static str,
    pub amount: String,
    pub signed_on: String,
    pub flagged: bool,
    pub open_problems: usize,
}

pub struct Column {
    pub code: &'static str,
    pub label: &'static str,
    pub cards: Vec<Card>,
}

fn card(e: &PipelineEntry, lang: Lang) -> Card {
    let s = &e.record.state;
    Card {
        id: e.id(),
        project: e.record.project_name.clone(),
        investor: e.record.investor_name.clone(),
        stage: lang.pick(s.stage.name_zh(), s.stage.name_en()),
        amount: s.contract_amount.map(yuan).unwrap_or_default(),
        signed_on: s.dates.signed_on.map(|d| d.to_string()).unwrap_or_default(),
        flagged: matches!(e.record.review, DuplicateReview::Flagged { .. }),
        open_problems: e
            .record
            .problems
            .iter()
            .filter(|p| p.resolved_on.is_none())
            .count(),
    }
}

/// The figures of a set of records as the pages show them.
pub struct Summary {
    pub projects: u64,
    pub signed: u64,
    pub amount: String,
    pub performance: String,
    pub landing: String,
    pub start: String,
    pub funds: String,
    pub jobs: u64,
}

pub fn summary(row: &FiguresRow) -> Summary {
    let f = &row.figures;
    let r = &row.rates;
    let rate = |x: &gowest_domain::pipeline::Rate| {
        format!("{} ({}/{})", x.percent(), x.numerator, x.denominator)
    };
    Summary {
        projects: f.projects,
        signed: f.signed_projects,
        amount: yuan(gowest_domain::money::Fen(
            i64::try_from(f.signed_amount_fen).unwrap_or(i64::MAX),
        )),
        performance: rate(&r.performance_rate),
        landing: rate(&r.landing_rate),
        start: rate(&r.start_rate),
        funds: rate(&r.funds_rate),
        jobs: f.jobs_created,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_board.html")]
struct BoardPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    zone_id: i64,
    zone_name: String,
    table: bool,
    keeps: bool,
    columns: Vec<Column>,
    rows: Vec<Card>,
    stage: String,
    q: String,
    summary: Summary,
    stages: Vec<(&'static str, &'static str)>,
    imported: Option<usize>,
    import_errors: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    zone: Option<i64>,
    view: Option<String>,
    stage: Option<String>,
    q: Option<String>,
    imported: Option<usize>,
}

/// The zone to show: the one asked for, else the actor's own.
fn zone_of(signed: &Signed, asked: Option<i64>) -> Option<i64> {
    asked.or_else(|| signed.session.actor.own_zone())
}

async fn board_page(
    app: &App,
    signed: &Signed,
    q: BoardQuery,
    import_errors: Vec<String>,
) -> Result<BoardPage, AppError> {
    let lang = signed.ctx.lang;
    let zone_id = zone_of(signed, q.zone).ok_or(AppError::Forbidden)?;
    let actor = &signed.session.actor;
    let entries = app.pipeline_records(actor, Some(zone_id)).await?;
    let zone_name = app
        .directory()
        .zone(zone_id)
        .map(|z| z.fields.name_zh.clone())
        .unwrap_or_default();
    let figures = app.group_figures(&entries, FiguresBy::National);
    let summary = summary(&figures.first().cloned().unwrap_or_else(|| {
        FiguresRow::new(
            "all".into(),
            String::new(),
            String::new(),
            Default::default(),
        )
    }));
    let columns = Stage::ALL
        .into_iter()
        .map(|stage| Column {
            code: stage.code(),
            label: lang.pick(stage.name_zh(), stage.name_en()),
            cards: entries
                .iter()
                .filter(|e| e.record.state.stage == stage)
                .map(|e| card(e, lang))
                .collect(),
        })
        .collect();
    let stage = q.stage.clone().unwrap_or_default();
    let text = q.q.clone().unwrap_or_default();
    let rows = entries
        .iter()
        .filter(|e| stage.is_empty() || e.record.state.stage.code() == stage)
        .filter(|e| {
            text.trim().is_empty()
                || e.record.project_name.contains(text.trim())
                || e.record.investor_name.contains(text.trim())
        })
        .map(|e| card(e, lang))
        .collect();
    Ok(BoardPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("pipeline"),
        zone_id,
        zone_name,
        table: q.view.as_deref() == Some("table"),
        keeps: actor.pipeline_keeper(zone_id).is_some(),
        columns,
        rows,
        stage,
        q: text,
        summary,
        stages: Stage::ALL
            .into_iter()
            .map(|s| (s.code(), lang.pick(s.name_zh(), s.name_en())))
            .collect(),
        imported: q.imported,
        import_errors,
    })
}

pub async fn board(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<BoardQuery>,
) -> Response {
    if zone_of(&signed, q.zone).is_none() {
        return Redirect::to("/console/pipeline/figures").into_response();
    }
    match board_page(&app, &signed, q, Vec::new()).await {
        Ok(page) => page.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The zone's records as .xlsx, in the import format.
pub async fn export(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<BoardQuery>,
) -> Response {
    let result = async {
        let zone = zone_of(&signed, q.zone).ok_or(AppError::Forbidden)?;
        let entries = app
            .pipeline_records(&signed.session.actor, Some(zone))
            .await?;
        gowest_app::pipeline_sheet::records_xlsx(&entries)
    }
    .await;
    match result {
        Ok(bytes) => crate::download::file(bytes, "pipeline.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// Imports a spreadsheet into the signed-in zone; any bad row is listed and nothing written.
pub async fn import(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let Some(keeper) = signed
        .session
        .actor
        .own_zone()
        .and_then(|z| signed.session.actor.pipeline_keeper(z))
    else {
        return signed.forbidden();
    };
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_pipeline_records(&keeper, &signed.context(), &file.name, &file.bytes)
                .await
        }
        Ok(None) => return Redirect::to("/console/pipeline?view=table").into_response(),
        Err(refused) => Err(refused),
    };
    let lines = match result {
        Ok(n) => {
            return Redirect::to(&format!("/console/pipeline?view=table&imported={n}"))
                .into_response();
        }
        Err(AppError::RowsRejected(rows)) => rows.iter().map(|r| r.to_string()).collect(),
        Err(AppError::File(message)) => vec![message],
        Err(refused @ AppError::TooLarge(_)) => vec![refused.to_string()],
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let q = BoardQuery {
        view: Some("table".into()),
        ..BoardQuery::default()
    };
    match board_page(&app, &signed, q, lines).await {
        Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
