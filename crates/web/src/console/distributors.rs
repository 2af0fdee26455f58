//! The register of agricultural distribution enterprises for the ministry's and provinces'
//! writing staff: the province's distributors (every province for the ministry), a form to
//! register one, and a spreadsheet upload (all rows or none, each refused row and column
//! named, 400).

use super::signed::{CsrfForm, CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::distributors::{DistributorFilter, MAX_LIMIT};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::access::Scope;
use gowest_domain::distributors::{Business, Distributor, DistributorInput};
use gowest_domain::markets::MarketInput;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/distributors.html")]
struct RegisterPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    rows: Vec<Distributor>,
    total: i64,
    businesses: Vec<(&'static str, &'static str)>,
    input: DistributorInput,
    errors: Vec<(String, String)>,
    /// Refused spreadsheet rows: (row, column, message).
    rejected: Vec<(usize, String, String)>,
    upload_error: Option<String>,
    /// The market form as typed, and its refusals.
    market: MarketForm,
    market_errors: Vec<(String, String)>,
}

impl RegisterPage {
    /// The market form's fields: (name, label zh, label en, value).
    fn market_fields(&self) -> [(&'static str, &'static str, &'static str, &str); 4] {
        let m = &self.market;
        [
            ("name_zh", "市场名称", "Name", &m.name_zh),
            (
                "province_code",
                "省份代码",
                "Province code",
                &m.province_code,
            ),
            ("county", "县（市、区）", "County", &m.county),
            (
                "org_id",
                "填报机构编号（可选）",
                "Reporting organisation id (optional)",
                &m.org_id,
            ),
        ]
    }

    fn market_error(&self, field: &str) -> Option<&str> {
        self.market_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn yuan(&self, d: &Distributor) -> String {
        crate::pages::format::yuan(d.annual_turnover)
    }

    /// The form's text fields: (name, label zh, label en, value).
    fn fields(&self) -> [(&'static str, &'static str, &'static str, &str); 8] {
        let i = &self.input;
        [
            ("name_zh", "企业名称", "Name", &i.name_zh),
            (
                "credit_code",
                "统一社会信用代码",
                "Unified social credit code",
                &i.credit_code,
            ),
            (
                "province_code",
                "省份代码",
                "Province code",
                &i.province_code,
            ),
            ("county", "县（市、区）", "County", &i.county),
            (
                "annual_turnover_yuan",
                "年营业额（元）",
                "Annual turnover (yuan)",
                &i.annual_turnover_yuan,
            ),
            (
                "storage_tonnes",
                "仓储/冷链能力（吨）",
                "Storage / cold chain (t)",
                &i.storage_tonnes,
            ),
            (
                "trading_area_m2",
                "交易/分拣面积（平方米）",
                "Trading area (m²)",
                &i.trading_area_m2,
            ),
            (
                "org_id",
                "机构编号（可选）",
                "Organisation id (optional)",
                &i.org_id,
            ),
        ]
    }
}

/// The ministry's and provinces' writing staff keep the register.
fn keeps_register(signed: &Signed) -> bool {
    let actor = &signed.session.actor;
    matches!(actor.scope(), Scope::All | Scope::Province(_))
        && actor.acting.as_ref().is_some_and(|m| m.role.writes())
}

async fn page(
    app: &App,
    signed: &Signed,
    input: Option<DistributorInput>,
    refused: &[FieldError],
) -> Result<RegisterPage, AppError> {
    let lang = signed.ctx.lang;
    let province = match signed.session.actor.scope() {
        Scope::Province(code) => Some(code),
        _ => None,
    };
    let filter = DistributorFilter {
        province_code: province.as_ref().map(|c| c.as_str().to_owned()),
        limit: MAX_LIMIT,
        ..DistributorFilter::default()
    };
    let (rows, total) = app.distributors(filter).await?;
    Ok(RegisterPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("distributors"),
        rows,
        total,
        businesses: Business::ALL
            .into_iter()
            .map(|b| (b.code(), lang.pick(b.name_zh(), b.name_en())))
            .collect(),
        market: MarketForm {
            province_code: province
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            ..MarketForm::default()
        },
        market_errors: Vec::new(),
        input: input.unwrap_or_else(|| DistributorInput {
            province_code: province.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            ..DistributorInput::default()
        }),
        errors: super::field_messages(lang, refused),
        rejected: Vec::new(),
        upload_error: None,
    })
}

pub async fn show(State(app): State<App>, signed: Signed) -> Response {
    if !keeps_register(&signed) {
        return signed.forbidden();
    }
    match page(&app, &signed, None, &[]).await {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    input: DistributorInput,
}

pub async fn create(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<RegisterForm>,
) -> Response {
    match app
        .create_distributor(&signed.context(), &form.input, false)
        .await
    {
        Ok(_) => Redirect::to("/console/distributors").into_response(),
        Err(AppError::Invalid(v)) => match page(&app, &signed, Some(form.input), &v.0).await {
            Ok(p) => super::refused(p.into_response()),
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn upload(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    if !keeps_register(&signed) {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    let mut p = match page(&app, &signed, None, &[]).await {
        Ok(p) => p,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_distributors(&signed.context(), &file.name, &file.bytes)
                .await
        }
        Ok(None) => {
            p.upload_error = Some(
                lang.pick(
                    "请选择要导入的 .xlsx 或 .csv 文件。",
                    "Choose an .xlsx or .csv file to import.",
                )
                .to_owned(),
            );
            return (StatusCode::BAD_REQUEST, p).into_response();
        }
        Err(too_large) => Err(too_large),
    };
    match result {
        Ok(_) => Redirect::to("/console/distributors").into_response(),
        Err(AppError::RowsRejected(rows)) => {
            p.rejected = rows
                .into_iter()
                .map(|r| {
                    let m = lang.pick(&r.message_zh, &r.message_en).to_owned();
                    (r.row, r.column, m)
                })
                .collect();
            (StatusCode::BAD_REQUEST, p).into_response()
        }
        Err(AppError::File(reason)) => {
            p.upload_error = Some(reason);
            (StatusCode::BAD_REQUEST, p).into_response()
        }
        Err(too_large @ AppError::TooLarge(_)) => {
            p.upload_error = Some(too_large.to_string());
            (StatusCode::BAD_REQUEST, p).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// A wholesale market as the console's form sends it (an empty organisation id is none).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MarketForm {
    csrf: String,
    name_zh: String,
    province_code: String,
    county: String,
    org_id: String,
}

pub async fn create_market(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<MarketForm>,
) -> Response {
    let org_id = match form.org_id.trim() {
        "" => Ok(None),
        raw => raw.parse::<i64>().map(Some).map_err(|_| {
            FieldError::new(
                "org_id",
                "invalid",
                format!("“{raw}”不是有效的机构编号"),
                format!("org_id: \"{raw}\" is not an organisation id"),
            )
        }),
    };
    let result = match org_id {
        Ok(org_id) => {
            let input = MarketInput {
                name_zh: form.name_zh.clone(),
                province_code: form.province_code.clone(),
                county: form.county.clone(),
                pilot: false,
                org_id,
            };
            app.register_market(&signed.context(), &input).await
        }
        Err(e) => Err(AppError::Invalid(gowest_domain::Validation(vec![e]))),
    };
    match result {
        Ok(_) => Redirect::to("/markets").into_response(),
        Err(AppError::Invalid(v)) => match page(&app, &signed, None, &[]).await {
            Ok(mut p) => {
                p.market_errors = super::field_messages(signed.ctx.lang, &v.0);
                p.market = form;
                super::refused(p.into_response())
            }
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
