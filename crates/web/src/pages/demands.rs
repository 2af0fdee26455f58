//! `/demands`: published relocation demand (转移意向) of eastern enterprises, without their
//! names: zones see who posted in the console.

use super::choices::{self, Opt, OptGroup};
use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use super::query::{to_query, with_query};
use super::zones::{PageLink, malformed, messages, page_links};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::demands::DemandView;
use gowest_app::{App, AppError};
use gowest_domain::region::Region;
use serde::Deserialize;

const PER_PAGE: usize = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemandQuery {
    pub industry: String,
    /// A region the enterprise would move to.
    pub region: String,
    pub page: Option<usize>,
}

pub struct DemandRow {
    pub title: String,
    pub industry: String,
    pub origin: String,
    pub investment: String,
    pub workforce: String,
    pub land: String,
    pub regions: String,
    pub start_by: String,
    pub processing_trade: bool,
    pub find_href: String,
}

pub struct DemandResults {
    pub total: String,
    pub rows: Vec<DemandRow>,
    pub pages: Vec<PageLink>,
}

#[derive(Template, WebTemplate)]
#[template(path = "demands.html")]
pub struct DemandsPage {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    regions: Vec<Opt>,
    industries: Vec<OptGroup>,
    r: DemandResults,
}

#[derive(Template, WebTemplate)]
#[template(path = "demands_partial.html")]
pub struct DemandsPartial {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    r: DemandResults,
}

pub(crate) fn regions_text(regions: &[Region], lang: Lang) -> String {
    if regions.is_empty() {
        return lang.pick("不限", "Anywhere").to_owned();
    }
    regions
        .iter()
        .map(|r| format::region(*r, lang))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

fn row(app: &App, v: &DemandView, lang: Lang) -> DemandRow {
    let directory = app.directory();
    let f = &v.demand.fields;
    let industry = directory
        .catalog
        .industries
        .get(&f.industry)
        .map(|i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned())
        .unwrap_or_else(|| f.industry.to_string());
    DemandRow {
        title: f.title.clone(),
        industry,
        origin: v.enterprise_province_zh.clone(),
        investment: format::investment(f.investment, lang),
        workforce: format!(
            "{} {}",
            format::count(f.workforce as usize),
            lang.pick("人", "workers")
        ),
        land: f
            .land_hundredth_mu
            .map(|l| format::mu(l, lang))
            .unwrap_or_else(|| "—".into()),
        regions: regions_text(&f.preferred_regions, lang),
        start_by: f
            .start_by
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_else(|| "—".into()),
        processing_trade: v.processing_trade,
        find_href: format!("/find?demand={}", v.demand.id),
    }
}

pub async fn list(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<DemandQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let (q, found) = match query {
        Ok(Query(q)) => {
            let filter = gowest_app::demands::DemandQuery {
                industry: q.industry.clone(),
                region: q.region.clone(),
            };
            let found = app.find_published_demands(&filter, None);
            (q, found)
        }
        Err(_) => (DemandQuery::default(), Err(AppError::Invalid(malformed()))),
    };
    let (status, errors, matching) = match found {
        Ok(matching) => (StatusCode::OK, Vec::new(), matching),
        Err(AppError::Invalid(v)) => (StatusCode::BAD_REQUEST, messages(&v, lang), Vec::new()),
        Err(other) => return PageError::new(&ctx, other).into_response(),
    };
    let pages = matching.len().div_ceil(PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let filters: Vec<(&str, &str)> = [("industry", q.industry.trim()), ("region", q.region.trim())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let link = |n: u32| {
        let n = n.to_string();
        let mut pairs = filters.clone();
        pairs.push(("page", &n));
        with_query("/demands", &to_query(&pairs))
    };
    let r = DemandResults {
        total: format::count(matching.len()),
        rows: matching
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|v| row(&app, v, lang))
            .collect(),
        pages: if pages > 1 {
            page_links(page as u32, pages as u32, &link)
        } else {
            Vec::new()
        },
    };
    let mut frame = ctx.frame("demands");
    let mut response = if ctx.fragment {
        frame.oob = true;
        (
            status,
            DemandsPartial {
                lang,
                frame,
                errors,
                r,
            },
        )
            .into_response()
    } else {
        let directory = app.directory();
        (
            status,
            DemandsPage {
                lang,
                frame,
                errors,
                regions: choices::regions(q.region.trim(), lang),
                industries: choices::industry_groups(&directory.catalog, q.industry.trim(), lang),
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
