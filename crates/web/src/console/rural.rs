//! Rural commerce information stations in the console (农村商务信息服务站点): a province's
//! commerce department (its own province only) or the ministry registers one station by the
//! form or many by uploading the template (.xlsx or .csv), all rows or none, and exports its
//! register. Refused input answers 400: a form's fields are named beside the form, a sheet's
//! rows by row and column; nothing is written.

use super::signed::{CsrfForm, CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::rural::{
    CoverageReport, station_scope, station_template_csv, station_template_xlsx,
};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::rural::StationInput;
use serde::Deserialize;
use std::collections::HashMap;

/// One station of the register as listed.
pub struct StationRow {
    pub id: i64,
    pub province_code: String,
    pub county: String,
    pub township: String,
    pub name_zh: String,
    pub opened_on: String,
    pub assistants: i64,
    pub farmers_trained: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/rural.html")]
struct RuralConsole {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    /// The province kept, by name, or empty for the ministry (every province).
    keeps: String,
    coverage: CoverageReport,
    stations: Vec<StationRow>,
    /// Provinces the form offers (the kept one, or every central and western one): code, name.
    provinces: Vec<(String, String)>,
    names: HashMap<String, String>,
    form: StationInput,
    /// A form's refused fields with their messages.
    errors: Vec<(String, String)>,
    /// A sheet's refused rows, each naming its row and column.
    rows: Vec<String>,
    flash: Option<String>,
}

impl RuralConsole {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn province(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    /// How many stations were just registered, after a redirect.
    pub registered: Option<usize>,
}

/// The province the signed-in staff keep (`Some(None)` for the ministry); `None` for anyone
/// who keeps no stations.
fn scope(signed: &Signed) -> Option<Option<ProvinceCode>> {
    station_scope(&signed.session.actor).ok()
}

async fn page(
    app: &App,
    signed: &Signed,
    kept: Option<&ProvinceCode>,
    form: StationInput,
    refused: &[FieldError],
    rows: Vec<String>,
    flash: Option<String>,
) -> Result<RuralConsole, AppError> {
    let lang = signed.ctx.lang;
    let code = kept.map_or("", ProvinceCode::as_str);
    let directory = app.directory();
    let name =
        |p: &gowest_domain::region::Province| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned();
    let names: HashMap<String, String> = directory
        .catalog
        .provinces
        .values()
        .map(|p| (p.code.as_str().to_owned(), name(p)))
        .collect();
    let provinces = directory
        .catalog
        .provinces
        .values()
        .filter(|p| matches!(p.region, Region::Central | Region::West))
        .filter(|p| kept.is_none_or(|k| *k == p.code))
        .map(|p| (p.code.as_str().to_owned(), name(p)))
        .collect();
    // A new form is for the kept province; typed values are kept as typed.
    let form = StationInput {
        province_code: if form.province_code.is_empty() {
            code.to_owned()
        } else {
            form.province_code
        },
        ..form
    };
    Ok(RuralConsole {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("rural"),
        keeps: names.get(code).cloned().unwrap_or_default(),
        coverage: app.station_coverage("province_code", code).await?,
        stations: app
            .stations(code)
            .await?
            .into_iter()
            .map(|s| StationRow {
                id: s.id,
                province_code: s.province_code,
                county: s.county,
                township: s.township,
                name_zh: s.name_zh,
                opened_on: s.opened_on.to_string(),
                assistants: s.assistants,
                farmers_trained: s.farmers_trained,
            })
            .collect(),
        provinces,
        names,
        form,
        errors: super::field_messages(lang, refused),
        rows,
        flash,
    })
}

fn shown(signed: &Signed, page: Result<RuralConsole, AppError>) -> Response {
    match page {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn show(State(app): State<App>, signed: Signed, Query(q): Query<PageQuery>) -> Response {
    let Some(kept) = scope(&signed) else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let flash = q.registered.map(|n| {
        if lang.is_en() {
            format!("{n} station(s) registered")
        } else {
            format!("已登记站点 {n} 个")
        }
    });
    let p = page(
        &app,
        &signed,
        kept.as_ref(),
        StationInput::default(),
        &[],
        Vec::new(),
        flash,
    )
    .await;
    shown(&signed, p)
}

#[derive(Debug, Deserialize)]
pub struct StationForm {
    #[serde(flatten)]
    pub station: StationInput,
}

/// One station typed into the form.
pub async fn register(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<StationForm>,
) -> Response {
    let Some(kept) = scope(&signed) else {
        return signed.forbidden();
    };
    match app.register_station(&signed.context(), &f.station).await {
        Ok(()) => Redirect::to("/console/rural?registered=1").into_response(),
        Err(AppError::Invalid(v)) => {
            let p = page(
                &app,
                &signed,
                kept.as_ref(),
                f.station,
                &v.0,
                Vec::new(),
                None,
            )
            .await;
            super::refused(shown(&signed, p))
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// A spreadsheet of stations: every row written, or the page lists every bad row.
pub async fn upload(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let Some(kept) = scope(&signed) else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_stations(&signed.context(), &file.name, &file.bytes)
                .await
        }
        Err(too_large) => Err(too_large),
        Ok(None) => Err(AppError::File(
            lang.pick(
                "请选择站点文件（.xlsx 或 .csv）",
                "choose a stations file (.xlsx or .csv)",
            )
            .to_owned(),
        )),
    };
    let lines = match result {
        Ok(n) => return Redirect::to(&format!("/console/rural?registered={n}")).into_response(),
        Err(e) => match super::refusal_lines(&e, lang) {
            Some(lines) => lines,
            None => return PageError::new(&signed.ctx, e).into_response(),
        },
    };
    let p = page(
        &app,
        &signed,
        kept.as_ref(),
        StationInput::default(),
        &[],
        lines,
        None,
    )
    .await;
    super::refused(shown(&signed, p))
}

/// The upload template (.xlsx with the province codes, or .csv), dated today, or the
/// register of the kept province (every province for the ministry) as .xlsx.
pub async fn file(State(app): State<App>, signed: Signed, Path(name): Path<String>) -> Response {
    if scope(&signed).is_none() {
        return signed.forbidden();
    }
    let today = app.price_today();
    let bytes = match name.as_str() {
        "template.xlsx" => station_template_xlsx(&app.directory().catalog, today),
        "template.csv" => station_template_csv(today),
        "export.xlsx" => app.export_own_stations(&signed.context()).await,
        _ => {
            return PageError::new(&signed.ctx, AppError::NotFound { entity: "file" })
                .into_response();
        }
    };
    match bytes {
        Ok(bytes) => crate::download::file(bytes, &format!("rural-stations-{name}"), None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
