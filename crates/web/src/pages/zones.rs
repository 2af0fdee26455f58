//! `/zones`: the zone directory (search form above a table, pages) and its downloads.
//! An htmx request gets `zones_partial.html` (the results) instead of the whole page.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use super::query::{filter_pairs, to_query, with_query};
use super::zones_form::{FilterForm, PAGE_SIZES};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::directory::Directory;
use gowest_app::{App, AppError};
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::{Page, RawZoneQuery};
use gowest_domain::{FieldError, Validation};

pub struct ZoneRow {
    pub href: String,
    pub name: String,
    /// The Chinese name under an English one.
    pub name_zh: String,
    pub province: String,
    pub region_code: &'static str,
    pub city: String,
    pub level: &'static str,
    pub year: String,
    pub land_price: String,
    pub wage: String,
    pub seaport: String,
    pub seaport_km: String,
    pub seaport_estimated: bool,
}

/// A page number, or a gap (`…`) when `href` is empty.
pub struct PageLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// What `zones_partial.html` shows.
pub struct Results {
    /// False when the query was refused: no table, only the form and the message.
    pub shown: bool,
    pub total: String,
    pub first: usize,
    pub last: usize,
    pub rows: Vec<ZoneRow>,
    pub pages: Vec<PageLink>,
    pub prev: String,
    pub next: String,
    pub export_xlsx: String,
    pub export_csv: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "zones.html")]
pub struct ZonesPage {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    form: FilterForm,
    r: Results,
}

#[derive(Template, WebTemplate)]
#[template(path = "zones_partial.html")]
pub struct ZonesPartial {
    lang: Lang,
    frame: Frame,
    errors: Vec<String>,
    r: Results,
}

pub fn malformed() -> Validation {
    Validation(vec![FieldError::new(
        "query",
        "malformed",
        "查询参数格式不正确（例如同一参数出现两次）",
        "malformed query string (a parameter given twice, for example)",
    )])
}

pub(crate) fn messages(v: &Validation, lang: Lang) -> Vec<String> {
    v.0.iter()
        .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
        .collect()
}

pub async fn directory(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<RawZoneQuery>, QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let (mut raw, refused) = match query {
        Ok(Query(raw)) => (raw, None),
        Err(_) => (RawZoneQuery::default(), Some(malformed())),
    };
    if raw.per_page.as_deref().is_none_or(|p| p.trim().is_empty()) {
        raw.per_page = Some(PAGE_SIZES[0].to_string());
    }
    let listed = match refused {
        Some(v) => Err(v),
        None => match app.list_zones(&raw) {
            Ok(page) => Ok(page),
            Err(AppError::Invalid(v)) => Err(v),
            Err(other) => return PageError::new(&ctx, other).into_response(),
        },
    };
    let directory = app.directory();
    let (status, errors, r) = match &listed {
        Ok(page) => (
            StatusCode::OK,
            Vec::new(),
            results(page, &raw, &directory, lang),
        ),
        Err(v) => (
            StatusCode::BAD_REQUEST,
            messages(v, lang),
            refused_results(&raw),
        ),
    };
    let mut frame = ctx.frame("zones");
    let mut response = if ctx.fragment {
        frame.oob = true;
        let partial = ZonesPartial {
            lang,
            frame,
            errors,
            r,
        };
        (status, partial).into_response()
    } else {
        let form = FilterForm::new(&raw, &directory.catalog, lang);
        let page = ZonesPage {
            lang,
            frame,
            errors,
            form,
            r,
        };
        (status, page).into_response()
    };
    // The same URL answers a fragment or a page: caches must keep them apart.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie"));
    response
}

fn exports(raw: &RawZoneQuery) -> (String, String) {
    let query = to_query(&filter_pairs(raw));
    (
        with_query("/zones/export.xlsx", &query),
        with_query("/zones/export.csv", &query),
    )
}

fn refused_results(raw: &RawZoneQuery) -> Results {
    let (export_xlsx, export_csv) = exports(raw);
    Results {
        shown: false,
        total: String::new(),
        first: 0,
        last: 0,
        rows: Vec::new(),
        pages: Vec::new(),
        prev: String::new(),
        next: String::new(),
        export_xlsx,
        export_csv,
    }
}

fn results(page: &Page<Zone>, raw: &RawZoneQuery, directory: &Directory, lang: Lang) -> Results {
    let filters = filter_pairs(raw);
    let per_page = page.per_page.to_string();
    let link = |n: u32| {
        let n = n.to_string();
        let mut pairs = filters.clone();
        if page.per_page != PAGE_SIZES[0] {
            pairs.push(("per_page", &per_page));
        }
        pairs.push(("page", &n));
        with_query("/zones", &to_query(&pairs))
    };
    // Where the reader is, so a zone page can link back to this very page.
    let mut here = filters.clone();
    if page.per_page != PAGE_SIZES[0] {
        here.push(("per_page", &per_page));
    }
    let page_number = page.page.to_string();
    if page.page > 1 {
        here.push(("page", &page_number));
    }
    let from = to_query(&here);
    let rows = page
        .items
        .iter()
        .map(|z| row(z, &from, directory, lang))
        .collect();
    let last_page = page.total.div_ceil(page.per_page as usize).max(1) as u32;
    let current = page.page;
    let first = (current as usize - 1) * page.per_page as usize + 1;
    let (export_xlsx, export_csv) = exports(raw);
    Results {
        shown: true,
        total: format::count(page.total),
        first: first.min(page.total),
        last: (first + page.items.len()).saturating_sub(1),
        rows,
        pages: page_links(current, last_page, &link),
        prev: if current > 1 {
            link(current - 1)
        } else {
            String::new()
        },
        next: if current < last_page {
            link(current + 1)
        } else {
            String::new()
        },
        export_xlsx,
        export_csv,
    }
}

/// 1 … 4 5 [6] 7 8 … 20
pub(crate) fn page_links(current: u32, last: u32, link: &dyn Fn(u32) -> String) -> Vec<PageLink> {
    let mut out = Vec::new();
    let mut previous = 0;
    for n in 1..=last {
        let near = n.abs_diff(current) <= 2;
        if n == 1 || n == last || near {
            if n > previous + 1 {
                out.push(PageLink {
                    label: "…".into(),
                    href: String::new(),
                    current: false,
                });
            }
            out.push(PageLink {
                label: n.to_string(),
                href: link(n),
                current: n == current,
            });
            previous = n;
        }
    }
    out
}

fn row(z: &Zone, from: &str, directory: &Directory, lang: Lang) -> ZoneRow {
    let f = &z.fields;
    let catalog = &directory.catalog;
    let province = catalog.province(&f.province_code);
    let dash = || "—".to_owned();
    let seaport = z.nearest_seaport.as_ref();
    let port_name = seaport.map(|s| {
        let en = catalog.port(s.port_id).map(|p| p.name_en.as_str());
        lang.or_zh(&s.port_name_zh, en).to_owned()
    });
    let name = lang.or_zh(&f.name_zh, f.name_en.as_deref()).to_owned();
    ZoneRow {
        href: with_query(&format!("/zones/{}", z.id), &from_param(from)),
        name_zh: if name == f.name_zh {
            String::new()
        } else {
            f.name_zh.clone()
        },
        name,
        province: province
            .map(|p| lang.pick(&p.name_zh, &p.name_en).to_owned())
            .unwrap_or_else(|| z.province_name_zh.clone()),
        region_code: z.region.code(),
        city: f.city_zh.clone().unwrap_or_else(dash),
        level: format::level_short(f.level, lang),
        year: f.approved_year.map_or_else(dash, |y| y.to_string()),
        land_price: f
            .land_price_fen_per_m2
            .map_or_else(dash, |p| format::land_price(p, lang)),
        wage: f
            .avg_wage_fen_per_month
            .map_or_else(dash, |w| format::monthly_wage(w, lang)),
        seaport: port_name.unwrap_or_else(dash),
        seaport_km: seaport.map(|s| format::km(s.km)).unwrap_or_default(),
        seaport_estimated: seaport.is_some_and(|s| s.estimated),
    }
}

/// `from=<the directory's query>`, so a zone page can link back to the same list.
fn from_param(from: &str) -> String {
    if from.is_empty() {
        String::new()
    } else {
        format!("from={}", super::query::encode_component(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_show_ends_and_neighbours() {
        let labels = |current, last| {
            page_links(current, last, &|n| n.to_string())
                .into_iter()
                .map(|l| l.label)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(labels(1, 1), "1");
        assert_eq!(labels(1, 10), "1 2 3 … 10");
        assert_eq!(labels(6, 20), "1 … 4 5 6 7 8 … 20");
        assert_eq!(labels(4, 5), "1 2 3 4 5");
    }
}
