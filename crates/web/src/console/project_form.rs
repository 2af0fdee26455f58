//! `/console/projects/new` and `/console/projects/{id}`: one investment project's form.

use super::projects::{ZoneQuery, editor};
use super::signed::{CsrfForm, Id, Nav, Signed};
use super::transfer::{Control, Field, FieldsOf, plain};
use crate::pages::choices::{OptGroup, industry_groups, opt};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::access::ZoneEditor;
use gowest_domain::project::{InvestmentMode, ProjectInput, ProjectStatus};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/project_form.html")]
struct ProjectFormPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    zone: (i64, String),
    /// `None` for a new project.
    id: Option<i64>,
    fields: Vec<Field>,
    has_errors: bool,
}

fn render(
    app: &App,
    signed: &Signed,
    editor: &ZoneEditor,
    id: Option<i64>,
    input: &ProjectInput,
    errors: &[FieldError],
) -> ProjectFormPage {
    let lang = signed.ctx.lang;
    let directory = app.directory();
    let of = FieldsOf { lang, errors };
    let mut industries = industry_groups(&directory.catalog, &input.industry, lang);
    industries.insert(0, plain(lang, &input.industry, []));
    // Spreadsheets may carry 独资 or 招商中: the selects know codes.
    let mode = InvestmentMode::parse(&input.mode).map_or("", |m| m.code());
    let status = ProjectStatus::parse(&input.status).map_or("open", |s| s.code());
    let fields = vec![
        of.field(
            "title_zh",
            ("项目名称", "Title (Chinese)"),
            &input.title_zh,
            Control::Text,
        ),
        of.field(
            "title_en",
            ("英文名称", "English title"),
            &input.title_en,
            Control::Text,
        ),
        of.field(
            "industry",
            ("行业", "Industry"),
            &input.industry,
            Control::Select(industries),
        ),
        of.field(
            "amount_yuan",
            ("投资总额（元）", "Total investment (yuan)"),
            &input.amount_yuan,
            Control::Text,
        ),
        of.field(
            "mode",
            ("合作方式", "Form of investment"),
            mode,
            Control::Select(vec![plain(
                lang,
                mode,
                InvestmentMode::ALL
                    .iter()
                    .map(|m| opt(m.code(), lang.pick(m.name_zh(), m.name_en()), mode)),
            )]),
        ),
        of.field(
            "land_mu",
            ("用地（亩）", "Land (mu)"),
            &input.land_mu,
            Control::Text,
        ),
        of.field(
            "status",
            ("项目状态", "Status"),
            status,
            Control::Select(vec![OptGroup {
                label: String::new(),
                options: ProjectStatus::ALL
                    .iter()
                    .map(|s| opt(s.code(), lang.pick(s.name_zh(), s.name_en()), status))
                    .collect(),
            }]),
        ),
        of.field(
            "incentives",
            ("优惠政策", "Incentives"),
            &input.incentives,
            Control::Paragraph,
        ),
        of.field(
            "description",
            ("项目简介", "Description"),
            &input.description,
            Control::Paragraph,
        ),
    ];
    let zone = editor.zone_id();
    ProjectFormPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("projects"),
        zone: (
            zone,
            directory
                .zone(zone)
                .map(|z| z.fields.name_zh.clone())
                .unwrap_or_default(),
        ),
        id,
        fields,
        has_errors: !errors.is_empty(),
    }
}

/// The editor of an existing project's zone.
fn project_editor(app: &App, signed: &Signed, id: i64) -> Result<ZoneEditor, AppError> {
    let view = app.project(id)?;
    signed
        .session
        .actor
        .zone_editor(view.project.zone_id)
        .ok_or(AppError::Forbidden)
}

pub async fn new_form(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<ZoneQuery>,
) -> Response {
    match editor(&app, &signed, q.zone()) {
        Ok(editor) => {
            render(&app, &signed, &editor, None, &ProjectInput::default(), &[]).into_response()
        }
        Err(_) => signed.forbidden(),
    }
}

pub async fn edit_form(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    let editor = match project_editor(&app, &signed, id) {
        Ok(editor) => editor,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    match app.project_form(&editor, id) {
        Ok(input) => render(&app, &signed, &editor, Some(id), &input, &[]).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ProjectForm {
    #[serde(flatten)]
    input: ProjectInput,
}

async fn save(
    app: &App,
    signed: &Signed,
    editor: ZoneEditor,
    id: Option<i64>,
    form: ProjectForm,
) -> Response {
    let ctx = signed.context();
    let outcome = match id {
        None => app.create_project(&editor, &ctx, form.input.clone()).await,
        Some(id) => {
            app.update_project(&editor, &ctx, id, form.input.clone())
                .await
        }
    };
    match outcome {
        Ok(view) => Redirect::to(&format!(
            "/console/projects?zone={}&notice=saved",
            view.project.zone_id
        ))
        .into_response(),
        Err(AppError::Invalid(v)) => (
            StatusCode::BAD_REQUEST,
            render(app, signed, &editor, id, &form.input, &v.0),
        )
            .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn create(
    State(app): State<App>,
    Query(q): Query<ZoneQuery>,
    CsrfForm(signed, form): CsrfForm<ProjectForm>,
) -> Response {
    match editor(&app, &signed, q.zone()) {
        Ok(editor) => save(&app, &signed, editor, None, form).await,
        Err(_) => signed.forbidden(),
    }
}

pub async fn update(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ProjectForm>,
) -> Response {
    match project_editor(&app, &signed, id) {
        Ok(editor) => save(&app, &signed, editor, Some(id), form).await,
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
