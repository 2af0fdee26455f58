//! `/console/enterprise`: an enterprise keeps its profile; the credit code stays as
//! registered, and errors show beside the fields.

use super::signed::{CsrfForm, Nav, Signed};
use super::transfer::{Control, Field, FieldsOf, plain};
use crate::pages::choices::{OptGroup, industry_groups, opt, province_groups};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::enterprise::{EnterpriseInput, EnterpriseSize};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/enterprise_form.html")]
struct EnterprisePage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    credit_code: String,
    fields: Vec<Field>,
    /// Errors of fields the form does not show (the credit code).
    other_errors: Vec<String>,
    saved: bool,
    has_errors: bool,
}

fn render(
    app: &App,
    signed: &Signed,
    input: &EnterpriseInput,
    errors: &[FieldError],
    saved: bool,
) -> EnterprisePage {
    let lang = signed.ctx.lang;
    let catalog = &app.directory().catalog;
    let of = FieldsOf { lang, errors };
    let mut industries = industry_groups(catalog, &input.industry, lang);
    industries.insert(0, plain(lang, &input.industry, []));
    // Stored inputs carry codes, a spreadsheet may carry 大型: the select knows codes.
    let size = EnterpriseSize::parse(&input.size).map_or("", |s| s.code());
    let processing = match input.processing_trade.as_str() {
        "是" | "yes" | "true" => "是",
        _ => "否",
    };
    let fields = vec![
        of.field(
            "name_zh",
            ("企业名称", "Company name (Chinese)"),
            &input.name_zh,
            Control::Text,
        ),
        of.field(
            "name_en",
            ("英文名称", "English name"),
            &input.name_en,
            Control::Text,
        ),
        of.field(
            "province_code",
            ("现生产所在省份", "Province where it produces now"),
            &input.province_code,
            Control::Select(province_groups(catalog, &input.province_code, lang)),
        ),
        of.field(
            "industry",
            ("所属行业（国民经济行业分类）", "Industry (GB/T 4754)"),
            &input.industry,
            Control::Select(industries),
        ),
        of.field(
            "size",
            ("企业规模", "Size"),
            &input.size,
            Control::Select(vec![plain(
                lang,
                size,
                EnterpriseSize::ALL
                    .into_iter()
                    .map(|s| opt(s.code(), lang.pick(s.name_zh(), s.name_en()), size)),
            )]),
        ),
        of.field(
            "export_share_pct",
            ("出口额占销售额比例（%）", "Exports as a share of sales (%)"),
            &input.export_share_pct,
            Control::Text,
        ),
        of.field(
            "processing_trade",
            ("从事加工贸易", "Engaged in processing trade"),
            processing,
            Control::Select(vec![OptGroup {
                label: String::new(),
                options: vec![
                    opt("是", lang.pick("是", "Yes"), processing),
                    opt("否", lang.pick("否", "No"), processing),
                ],
            }]),
        ),
    ];
    let other_errors = of.unplaced(&fields.iter().collect::<Vec<_>>());
    EnterprisePage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("enterprise"),
        credit_code: input.credit_code.clone(),
        fields,
        other_errors,
        saved,
        has_errors: !errors.is_empty(),
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn form(State(app): State<App>, signed: Signed, Query(q): Query<SavedQuery>) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    match app.enterprise_form(&agent).await {
        Ok(input) => render(&app, &signed, &input, &[], q.saved.is_some()).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct EnterpriseForm {
    #[serde(flatten)]
    input: EnterpriseInput,
}

pub async fn submit(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<EnterpriseForm>,
) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    match app
        .save_enterprise(&agent, &signed.context(), form.input.clone())
        .await
    {
        Ok(_) => Redirect::to("/console/enterprise?saved=1").into_response(),
        Err(AppError::Invalid(v)) => {
            // What was typed, with the code as registered: the form never sends it.
            let mut shown = form.input;
            if let Ok(current) = app.enterprise_form(&agent).await {
                shown.credit_code = current.credit_code;
            }
            (
                StatusCode::BAD_REQUEST,
                render(&app, &signed, &shown, &v.0, false),
            )
                .into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
