//! `/projects`: the investment projects zones post (招商项目), filtered, one page at a time;
//! `/projects/{id}`: one project with its zone's contacts. htmx requests get the results only.

use super::choices::{self, Opt, OptGroup, opt};
use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::error::not_found;
use super::format;
use super::query::{to_query, with_query};
use super::zones::{PageLink, malformed, messages, page_links};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::projects::{self as listing, ProjectQuery, ProjectView};
use gowest_app::{App, AppError};
use gowest_domain::project::InvestmentMode;

pub struct ProjectRow {
    pub href: String,
    pub title: String,
    pub zone: String,
    pub zone_href: String,
    pub province: String,
    pub region_code: &'static str,
    pub industry: String,
    pub amount: String,
    pub mode: &'static str,
    pub land: String,
    pub status: &'static str,
    pub status_code: &'static str,
}

pub struct ProjectResults {
    pub total: String,
    pub rows: Vec<ProjectRow>,
    pub pages: Vec<PageLink>,
}

pub struct ProjectForm {
    pub regions: Vec<Opt>,
    pub provinces: Vec<OptGroup>,
    pub industries: Vec<OptGroup>,
    pub modes: Vec<Opt>,
    pub all: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "projects.html")]
pub struct ProjectsPage {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    form: ProjectForm,
    r: ProjectResults,
}

#[derive(Template, WebTemplate)]
#[template(path = "projects_partial.html")]
pub struct ProjectsPartial {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    r: ProjectResults,
}

fn industry_name(app: &App, view: &ProjectView, lang: Lang) -> String {
    let directory = app.directory();
    let code = &view.project.fields.industry;
    directory
        .catalog
        .industries
        .get(code)
        .map(|i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned())
        .unwrap_or_else(|| code.to_string())
}

fn row(app: &App, view: &ProjectView, lang: Lang) -> ProjectRow {
    let p = &view.project.fields;
    ProjectRow {
        href: format!("/projects/{}", view.project.id),
        title: lang.or_zh(&p.title_zh, p.title_en.as_deref()).to_owned(),
        zone: view.zone_name_zh.clone(),
        zone_href: format!("/zones/{}", view.project.zone_id),
        province: view.province_name_zh.clone(),
        region_code: view.region.code(),
        industry: industry_name(app, view, lang),
        amount: format::investment(p.amount, lang),
        mode: lang.pick(p.mode.name_zh(), p.mode.name_en()),
        land: p
            .land_hundredth_mu
            .map(|l| format::mu(l, lang))
            .unwrap_or_else(|| "—".into()),
        status: lang.pick(p.status.name_zh(), p.status.name_en()),
        status_code: p.status.code(),
    }
}

fn filter_pairs(q: &ProjectQuery) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&'static str, String)> = [
        ("region", q.region.trim()),
        ("province", q.province.trim()),
        ("industry", q.industry.trim()),
        ("mode", q.mode.trim()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k, v.to_owned()))
    .collect();
    if let Some(zone) = q.zone {
        pairs.push(("zone", zone.to_string()));
    }
    if q.all {
        pairs.push(("all", "true".into()));
    }
    pairs
}

pub async fn list(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<ProjectQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let (q, listed) = match query {
        Ok(Query(q)) => {
            let listed = app.list_projects(&q);
            (q, listed)
        }
        Err(_) => (ProjectQuery::default(), Err(AppError::Invalid(malformed()))),
    };
    let (status, errors, page) = match listed {
        Ok(page) => (StatusCode::OK, Vec::new(), page),
        Err(AppError::Invalid(v)) => (
            StatusCode::BAD_REQUEST,
            messages(&v, lang),
            listing::ProjectPage::default(),
        ),
        Err(other) => return PageError::new(&ctx, other).into_response(),
    };
    let pairs = filter_pairs(&q);
    let link = |n: u32| {
        let mut p: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let n = n.to_string();
        p.push(("page", &n));
        with_query("/projects", &to_query(&p))
    };
    let r = ProjectResults {
        total: format::count(page.total),
        rows: page.items.iter().map(|v| row(&app, v, lang)).collect(),
        pages: if page.pages > 1 {
            page_links(page.page as u32, page.pages as u32, &link)
        } else {
            Vec::new()
        },
    };
    let mut frame = ctx.frame("projects");
    let mut response = if ctx.fragment {
        frame.oob = true;
        (
            status,
            ProjectsPartial {
                lang,
                frame,
                errors,
                r,
            },
        )
            .into_response()
    } else {
        let directory = app.directory();
        let form = ProjectForm {
            regions: choices::regions(q.region.trim(), lang),
            provinces: choices::province_groups(&directory.catalog, q.province.trim(), lang),
            industries: choices::industry_groups(&directory.catalog, q.industry.trim(), lang),
            modes: InvestmentMode::ALL
                .iter()
                .map(|m| opt(m.code(), lang.pick(m.name_zh(), m.name_en()), q.mode.trim()))
                .collect(),
            all: q.all,
        };
        (
            status,
            ProjectsPage {
                lang,
                frame,
                errors,
                form,
                r,
            },
        )
            .into_response()
    };
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie"));
    response
}

#[derive(Template, WebTemplate)]
#[template(path = "project.html")]
pub struct ProjectPage {
    lang: Lang,
    frame: Frame,
    p: ProjectRow,
    incentives: String,
    description: String,
    contact_name: String,
    contact_phone: String,
    demo: bool,
}

pub async fn show(State(app): State<App>, ctx: Ctx, Path(raw): Path<String>) -> Response {
    let Some(view) = raw.parse().ok().and_then(|id| app.project(id).ok()) else {
        return not_found(&ctx);
    };
    let lang = ctx.lang;
    let zone = app.directory().zone(view.project.zone_id).cloned();
    let contact = zone.map(|z| z.fields.contact).unwrap_or_default();
    let fields = &view.project.fields;
    ProjectPage {
        lang,
        frame: ctx.frame("projects"),
        incentives: fields.incentives.clone().unwrap_or_default(),
        description: fields.description.clone().unwrap_or_default(),
        contact_name: contact.name.unwrap_or_default(),
        contact_phone: contact.phone.unwrap_or_default(),
        demo: view.project.demo,
        p: row(&app, &view, lang),
    }
    .into_response()
}
