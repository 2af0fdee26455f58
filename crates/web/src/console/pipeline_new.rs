//! `/console/pipeline/new`: a zone's staff add a record in 在谈; errors show beside the fields.

use super::signed::{CsrfForm, Nav, Signed};
use super::zone_profile::FieldRow;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::pipeline::RecordInput;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/pipeline_new.html")]
struct NewPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    fields: Vec<FieldRow>,
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
            .map(|(name, zh, en)| FieldRow {
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
    #[serde(flatten)]
    input: RecordInput,
}

pub async fn create(State(app): State<App>, CsrfForm(signed, form): CsrfForm<NewForm>) -> Response {
    let actor = &signed.session.actor;
    let Some(keeper) = actor.own_zone().and_then(|z| actor.pipeline_keeper(z)) else {
        return signed.forbidden();
    };
    match app
        .create_pipeline_record(&keeper, &signed.context(), &form.input)
        .await
    {
        Ok(entry) => Redirect::to(&format!("/console/pipeline/{}", entry.id())).into_response(),
        Err(AppError::Invalid(v)) => (
            StatusCode::BAD_REQUEST,
            new_page(&signed, &form.input, &v.0),
        )
            .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
