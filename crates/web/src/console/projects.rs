//! `/console/projects`: a zone keeps its investment projects (招商项目), one by one or as a
//! spreadsheet; ministry administrators pick the zone they work on.

use super::signed::{CsrfUpload, Nav, Signed};
use super::transfer::{beijing_time, wan_yuan};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::access::{Scope, ZoneEditor};
use gowest_domain::project::ProjectStatus;
use serde::Deserialize;

pub struct ProjectRow {
    pub id: i64,
    pub title: String,
    pub industry: String,
    pub amount: String,
    pub mode: &'static str,
    pub status: ProjectStatus,
    pub status_name: &'static str,
    pub updated: String,
}

/// One refused cell of an import: where, and why.
pub struct RejectedCell {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/projects.html")]
struct ProjectsPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    /// The zones a ministry administrator may pick, with the chosen one marked.
    zones: Vec<(i64, String, bool)>,
    /// The zone shown, when one is chosen.
    zone: Option<(i64, String)>,
    rows: Vec<ProjectRow>,
    notice: Option<String>,
    import_error: Option<String>,
    rejected: Vec<RejectedCell>,
}

/// `?zone=` as typed: an empty or malformed value means "not chosen", not a bare 400.
#[derive(Deserialize, Default)]
pub struct ZoneQuery {
    #[serde(default)]
    zone: String,
    notice: Option<String>,
    inserted: Option<usize>,
    updated: Option<usize>,
}

impl ZoneQuery {
    pub(super) fn zone(&self) -> Option<i64> {
        self.zone.trim().parse().ok()
    }
}

/// The editor of the zone asked for (or the actor's own); `Err(true)` when the actor may
/// pick a zone but has not, `Err(false)` when it may not edit projects here at all.
pub(super) fn editor(app: &App, signed: &Signed, asked: Option<i64>) -> Result<ZoneEditor, bool> {
    let actor = &signed.session.actor;
    match asked.or_else(|| actor.own_zone()) {
        Some(zone) if app.directory().zone(zone).is_some() => actor.zone_editor(zone).ok_or(false),
        Some(_) => Err(false),
        None => Err(picks_zone(signed)),
    }
}

fn picks_zone(signed: &Signed) -> bool {
    let actor = &signed.session.actor;
    // A ministry administrator's right covers every zone, whichever id is asked about.
    matches!(actor.scope(), Scope::All) && actor.zone_editor(0).is_some()
}

fn refusal(app: &App, signed: &Signed, asked: Option<i64>) -> Option<Response> {
    match editor(app, signed, asked) {
        Ok(_) | Err(true) => None,
        Err(false) => Some(signed.forbidden()),
    }
}

fn list_page(app: &App, signed: &Signed, zone: Option<i64>) -> ProjectsPage {
    let lang = signed.ctx.lang;
    let directory = app.directory();
    let zones = if picks_zone(signed) {
        directory
            .zones
            .iter()
            .map(|l| {
                (
                    l.zone.id,
                    l.zone.fields.name_zh.clone(),
                    Some(l.zone.id) == zone,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let rows = directory
        .projects
        .iter()
        .filter(|p| Some(p.zone_id) == zone)
        .map(|p| ProjectRow {
            id: p.id,
            title: p.fields.title_zh.clone(),
            industry: directory
                .catalog
                .industries
                .get(&p.fields.industry)
                .map_or_else(
                    || p.fields.industry.to_string(),
                    |i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned(),
                ),
            amount: wan_yuan(p.fields.amount),
            mode: lang.pick(p.fields.mode.name_zh(), p.fields.mode.name_en()),
            status: p.fields.status,
            status_name: lang.pick(p.fields.status.name_zh(), p.fields.status.name_en()),
            updated: beijing_time(p.updated_at),
        })
        .collect();
    ProjectsPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("projects"),
        zones,
        zone: zone.and_then(|id| directory.zone(id).map(|z| (id, z.fields.name_zh.clone()))),
        rows,
        notice: None,
        import_error: None,
        rejected: Vec::new(),
    }
}

pub async fn list(State(app): State<App>, signed: Signed, Query(q): Query<ZoneQuery>) -> Response {
    if let Some(refused) = refusal(&app, &signed, q.zone()) {
        return refused;
    }
    let zone = editor(&app, &signed, q.zone()).ok().map(|e| e.zone_id());
    let mut page = list_page(&app, &signed, zone);
    let lang = signed.ctx.lang;
    page.notice = match q.notice.as_deref() {
        Some("saved") => Some(
            lang.pick("项目已保存。", "The project was saved.")
                .to_owned(),
        ),
        Some("imported") => {
            let (inserted, updated) = (q.inserted.unwrap_or(0), q.updated.unwrap_or(0));
            Some(if lang.is_en() {
                format!("Imported: {inserted} new, {updated} updated.")
            } else {
                format!("导入完成：新增 {inserted} 个项目，更新 {updated} 个。")
            })
        }
        _ => None,
    };
    page.into_response()
}

pub async fn export(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<ZoneQuery>,
) -> Response {
    let Ok(editor) = editor(&app, &signed, q.zone()) else {
        return signed.forbidden();
    };
    match app.export_projects(&editor) {
        Ok(bytes) => crate::download::file(bytes, "projects.xlsx", Some("招商项目.xlsx")),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn import(
    State(app): State<App>,
    Query(q): Query<ZoneQuery>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let Ok(editor) = editor(&app, &signed, q.zone()) else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let zone = editor.zone_id();
    let mut page = list_page(&app, &signed, Some(zone));
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_projects(&editor, &signed.context(), file.bytes, &file.name)
                .await
        }
        Ok(None) => {
            page.import_error = Some(
                lang.pick("请选择要导入的文件。", "Choose a file to import.")
                    .to_owned(),
            );
            return (StatusCode::BAD_REQUEST, page).into_response();
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(report) => Redirect::to(&format!(
            "/console/projects?zone={zone}&notice=imported&inserted={}&updated={}",
            report.inserted, report.updated
        ))
        .into_response(),
        Err(AppError::RowsRejected(errors)) => {
            page.rejected = errors
                .into_iter()
                .map(|e| RejectedCell {
                    row: e.row,
                    column: e.column,
                    message: lang.pick(&e.message_zh, &e.message_en).to_owned(),
                })
                .collect();
            (StatusCode::BAD_REQUEST, page).into_response()
        }
        Err(AppError::File(reason)) => {
            page.import_error = Some(reason);
            (StatusCode::BAD_REQUEST, page).into_response()
        }
        Err(refused @ AppError::TooLarge(_)) => {
            page.import_error = Some(refused.to_string());
            (StatusCode::BAD_REQUEST, page).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
