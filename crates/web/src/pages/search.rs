//! `/search?q=…`: one search box over zones, investment projects and published demand, with
//! counts by kind, region and industry to narrow the results.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use super::query::{to_query, with_query};
use super::zones::{PageLink, page_links};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::search::{FacetCount, SearchHit, SearchParams};
use gowest_app::{App, AppError};
use gowest_domain::region::Region;

/// A facet value as a link that adds (or, when chosen, removes) its filter.
pub struct FacetLink {
    pub label: String,
    pub count: String,
    pub href: String,
    pub chosen: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPageView {
    lang: Lang,
    frame: Frame,
    q: String,
    asked: bool,
    error: String,
    total: String,
    hits: Vec<SearchHit>,
    kinds: Vec<FacetLink>,
    regions: Vec<FacetLink>,
    industries: Vec<FacetLink>,
    pages: Vec<PageLink>,
}

fn kind_label(kind: &str, lang: Lang) -> String {
    match kind {
        "zone" => lang.pick("开发区", "Zones"),
        "project" => lang.pick("招商项目", "Projects"),
        "demand" => lang.pick("转移意向", "Relocation demand"),
        other => other,
    }
    .to_owned()
}

fn link_with(params: &SearchParams, name: &str, value: &str) -> String {
    let mut p = params.clone();
    let slot = match name {
        "kind" => &mut p.kind,
        "region" => &mut p.region,
        _ => &mut p.industry,
    };
    *slot = if slot.trim() == value {
        String::new()
    } else {
        value.to_owned()
    };
    p.page = None;
    with_query("/search", &to_query(&pairs(&p)))
}

fn pairs(p: &SearchParams) -> Vec<(&str, &str)> {
    [
        ("q", p.q.trim()),
        ("kind", p.kind.trim()),
        ("region", p.region.trim()),
        ("industry", p.industry.trim()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

fn facet(
    params: &SearchParams,
    name: &str,
    current: &str,
    counts: &[FacetCount],
    label: impl Fn(&str) -> String,
) -> Vec<FacetLink> {
    counts
        .iter()
        .map(|c| FacetLink {
            label: label(&c.value),
            count: format::count(c.count as usize),
            href: link_with(params, name, &c.value),
            chosen: current.trim() == c.value,
        })
        .collect()
}

pub async fn search(
    State(app): State<App>,
    ctx: Ctx,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let mut view = SearchPageView {
        lang,
        frame: ctx.frame("search"),
        q: params.q.clone(),
        asked: !params.q.trim().is_empty(),
        error: String::new(),
        total: String::new(),
        hits: Vec::new(),
        kinds: Vec::new(),
        regions: Vec::new(),
        industries: Vec::new(),
        pages: Vec::new(),
    };
    if !view.asked {
        return view.into_response();
    }
    let page = match app.search_page(&params) {
        Ok(page) => page,
        Err(AppError::Invalid(v)) => {
            view.error =
                v.0.iter()
                    .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
                    .collect::<Vec<_>>()
                    .join("；");
            return (StatusCode::BAD_REQUEST, view).into_response();
        }
        Err(other) => return PageError::new(&ctx, other).into_response(),
    };
    let directory = app.directory();
    view.total = format::count(page.total as usize);
    view.kinds = facet(&params, "kind", &params.kind, &page.by_kind, |k| {
        kind_label(k, lang)
    });
    view.regions = facet(&params, "region", &params.region, &page.by_region, |r| {
        Region::parse(r).map_or_else(|| r.to_owned(), |r| format::region(r, lang).to_owned())
    });
    view.industries = facet(
        &params,
        "industry",
        &params.industry,
        &page.by_industry,
        |s| {
            gowest_domain::industry::IndustryCode::parse(s)
                .and_then(|c| directory.catalog.industries.get(&c))
                .map_or_else(
                    || s.to_owned(),
                    |i| format!("{s} {}", lang.or_zh(&i.name_zh, i.name_en.as_deref())),
                )
        },
    );
    let base = pairs(&params);
    let link = |n: u32| {
        let n = n.to_string();
        let mut p = base.clone();
        p.push(("page", &n));
        with_query("/search", &to_query(&p))
    };
    if page.pages > 1 {
        view.pages = page_links(page.page as u32, page.pages.min(500) as u32, &link);
    }
    view.hits = page.hits;
    view.into_response()
}
