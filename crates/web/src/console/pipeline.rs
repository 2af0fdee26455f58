//! `/console/pipeline`: a zone's 招商 pipeline as a board (a column per stage) or a table
//! (filters, Excel export), its figures, the new-record form and the spreadsheet import.

use super::signed::{Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::format::yuan;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::pipeline::{
    DuplicateReview, FiguresBy, FiguresRow, PipelineEntry, RecordInput, Stage,
};
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
        Ok(bytes) => xlsx_download(bytes, "pipeline.xlsx"),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub fn xlsx_download(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Imports a spreadsheet into the signed-in zone; any bad row is listed and nothing written.
pub async fn import(State(app): State<App>, signed: Signed, mut form: Multipart) -> Response {
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.xlsx").to_owned();
                file = field.bytes().await.ok().map(|b| (name, b.to_vec()));
            }
            _ => {}
        }
    }
    if let Some(refused) = signed.bad_csrf(&csrf) {
        return refused;
    }
    let Some(keeper) = signed
        .session
        .actor
        .own_zone()
        .and_then(|z| signed.session.actor.pipeline_keeper(z))
    else {
        return signed.forbidden();
    };
    let Some((name, bytes)) = file else {
        return Redirect::to("/console/pipeline?view=table").into_response();
    };
    match app
        .import_pipeline_records(&keeper, &signed.context(), &name, &bytes)
        .await
    {
        Ok(n) => {
            Redirect::to(&format!("/console/pipeline?view=table&imported={n}")).into_response()
        }
        Err(AppError::RowsRejected(rows)) => {
            let lines = rows.iter().map(|r| r.to_string()).collect();
            let q = BoardQuery {
                view: Some("table".into()),
                ..BoardQuery::default()
            };
            match board_page(&app, &signed, q, lines).await {
                Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Err(AppError::File(message)) => {
            let q = BoardQuery {
                view: Some("table".into()),
                ..BoardQuery::default()
            };
            match board_page(&app, &signed, q, vec![message]).await {
                Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_new.html")]
struct NewPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    fields: Vec<super::zone_profile::FieldRow>,
}

const NEW_FIELDS: [(&str, &str, &str); 8] = [
    ("project_name", "项目名称", "Project name"),
    ("investor_name", "投资方名称", "Investor"),
    (
        "investor_credit_code",
        "投资方统一社会信用代码（可空）",
        "Investor's credit code (optional)",
    ),
    (
        "investor_origin",
        "投资方来源地（省份代码如 440000，或“境外:日本”）",
        "Investor's origin (province code, or 境外:country)",
    ),
    (
        "industry",
        "行业代码（GB/T 4754）",
        "Industry (GB/T 4754 code)",
    ),
    (
        "kind",
        "项目类型（新建 / 增资）",
        "Kind (新建 new / 增资 capital increase)",
    ),
    (
        "base_amount_yuan",
        "增资项目原投资额（元）",
        "Capital increase: base amount (yuan)",
    ),
    ("jobs_created", "新增就业（人）", "Jobs created"),
];

fn new_page(signed: &Signed, input: &RecordInput, errors: &[FieldError]) -> NewPage {
    let lang = signed.ctx.lang;
    let value = |name: &str| -> String {
        match name {
            "project_name" => &input.project_name,
            "investor_name" => &input.investor_name,
            "investor_credit_code" => &input.investor_credit_code,
            "investor_origin" => &input.investor_origin,
            "industry" => &input.industry,
            "kind" => &input.kind,
            "base_amount_yuan" => &input.base_amount_yuan,
            _ => &input.jobs_created,
        }
        .clone()
    };
    NewPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("pipeline"),
        fields: NEW_FIELDS
            .iter()
            .map(|(name, zh, en)| super::zone_profile::FieldRow {
                name,
                label: lang.pick(zh, en),
                value: value(name),
                error: errors
                    .iter()
                    .find(|e| e.field == *name)
                    .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned()),
                paragraph: false,
            })
            .collect(),
    }
}

pub async fn new_form(signed: Signed) -> Response {
    match signed
        .session
        .actor
        .own_zone()
        .and_then(|z| signed.session.actor.pipeline_keeper(z))
    {
        Some(_) => new_page(&signed, &RecordInput::default(), &[]).into_response(),
        None => signed.forbidden(),
    }
}

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: RecordInput,
}

pub async fn create(State(app): State<App>, signed: Signed, Form(form): Form<NewForm>) -> Response {
    let actor = &signed.session.actor;
    let Some(keeper) = actor.own_zone().and_then(|z| actor.pipeline_keeper(z)) else {
        return signed.forbidden();
    };
    if let Some(refused) = signed.bad_csrf(&form.csrf) {
        return refused;
    }
    match app
        .create_pipeline_record(&keeper, &signed.context(), &form.input)
        .await
    {
        Ok(entry) => Redirect::to(&format!("/console/pipeline/{}", entry.id())).into_response(),
        Err(AppError::Invalid(v)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            new_page(&signed, &form.input, &v.0),
        )
            .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
