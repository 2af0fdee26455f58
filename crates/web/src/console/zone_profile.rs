//! `/console/zones/{id}`: a zone's staff keep its profile; errors show beside the fields.

use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::access::ZoneEditor;
use gowest_domain::region::ProvinceCode;
use gowest_domain::zone::ZoneLevel;
use gowest_domain::zone_input::ZoneInput;
use serde::Deserialize;

/// One editable field: name, labels, and whether it takes a paragraph.
const FIELDS: [(&str, &str, &str, bool); 19] = [
    ("name_en", "英文名称", "English name", false),
    ("city_zh", "所在城市", "City", false),
    ("lat", "纬度", "Latitude", false),
    ("lon", "经度", "Longitude", false),
    ("approved_year", "批准年份", "Year approved", false),
    (
        "area_km2",
        "规划面积（平方公里）",
        "Planned area (km²)",
        false,
    ),
    (
        "leading_industries",
        "主导产业代码（GB/T 4754，以分号分隔）",
        "Leading industries (GB/T 4754 codes, separated by ;)",
        false,
    ),
    (
        "land_price_yuan_per_m2",
        "工业用地价格（元/平方米）",
        "Industrial land price (yuan/m²)",
        false,
    ),
    (
        "avg_wage_yuan_per_month",
        "平均工资（元/月）",
        "Average wage (yuan/month)",
        false,
    ),
    (
        "labour_available",
        "可招用劳动力（人）",
        "Workers available to recruit (persons)",
        false,
    ),
    (
        "seaport",
        "最近海港（如 上海港）",
        "Nearest seaport (e.g. 上海港)",
        false,
    ),
    ("seaport_km", "距海港公里", "Km to the seaport", false),
    ("seaport_hours", "距海港小时", "Hours to the seaport", false),
    ("contact_name", "联系人", "Contact person", false),
    ("contact_phone", "联系电话", "Phone", false),
    ("contact_email", "电子邮箱", "E-mail", false),
    ("website", "网址", "Website", false),
    ("description_zh", "中文简介", "Description (Chinese)", true),
    ("description_en", "英文简介", "Description (English)", true),
];

pub struct FieldRow {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub paragraph: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/zone_form.html")]
struct ZoneFormPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    zone_id: i64,
    name_zh: String,
    fixed: Vec<(&'static str, String)>,
    fields: Vec<FieldRow>,
    saved: bool,
    has_errors: bool,
}

fn render(
    app: &App,
    signed: &Signed,
    editor: &ZoneEditor,
    input: &ZoneInput,
    errors: &[FieldError],
    saved: bool,
) -> ZoneFormPage {
    let lang = signed.ctx.lang;
    let level = ZoneLevel::parse(&input.level).map_or_else(
        || input.level.clone(),
        |l| lang.pick(l.name_zh(), l.name_en()).to_owned(),
    );
    let province = ProvinceCode::parse(&input.province_code)
        .and_then(|code| {
            app.directory()
                .catalog
                .province(&code)
                .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
        })
        .unwrap_or_else(|| input.province_code.clone());
    let fields = FIELDS
        .iter()
        .map(|(name, zh, en, paragraph)| FieldRow {
            name,
            label: lang.pick(zh, en),
            value: input.field(name).unwrap_or_default().to_owned(),
            error: errors
                .iter()
                .find(|e| {
                    e.field == *name || (*name == "lat" && e.field == "lon" && input.lon.is_empty())
                })
                .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned()),
            paragraph: *paragraph,
        })
        .collect();
    ZoneFormPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("zone"),
        zone_id: editor.zone_id(),
        name_zh: input.name_zh.clone(),
        fixed: vec![
            (lang.pick("级别", "Level"), level),
            (lang.pick("省份", "Province"), province),
        ],
        fields,
        saved,
        has_errors: !errors.is_empty(),
    }
}

/// `/console/zone`: the signed-in zone's own profile.
pub async fn own_zone(signed: Signed) -> Response {
    match signed.session.actor.own_zone() {
        Some(id) => Redirect::to(&format!("/console/zones/{id}")).into_response(),
        None => signed.forbidden(),
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn form(
    State(app): State<App>,
    signed: Signed,
    Id(id): Id,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Response {
    let Some(editor) = signed.session.actor.zone_editor(id) else {
        return signed.forbidden();
    };
    match app.zone_form(&editor) {
        Ok(input) => render(&app, &signed, &editor, &input, &[], q.saved.is_some()).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ZoneForm {
    #[serde(flatten)]
    input: ZoneInput,
}

pub async fn submit(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ZoneForm>,
) -> Response {
    let Some(editor) = signed.session.actor.zone_editor(id) else {
        return signed.forbidden();
    };
    match app
        .update_zone_profile(&editor, &signed.context(), form.input.clone())
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/zones/{id}?saved=1")).into_response(),
        Err(AppError::Invalid(v)) => {
            // Show what was typed, with the register's fixed fields.
            let mut shown = form.input;
            if let Ok(current) = app.zone_form(&editor) {
                shown.name_zh = current.name_zh;
                shown.level = current.level;
                shown.province_code = current.province_code;
            }
            (
                StatusCode::BAD_REQUEST,
                render(&app, &signed, &editor, &shown, &v.0, false),
            )
                .into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
