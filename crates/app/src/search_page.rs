//! A search as the public page and the API ask it: filters as typed, one page of results
//! ready to show, and the facets of every match.

use crate::{App, AppError};
use gowest_search::{DocKind, SearchQuery};

/// A search as it arrives from a form or the API: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct SearchParams {
    /// Words separated by spaces; a result contains every word (Chinese, English or pinyin).
    pub q: String,
    /// `zone`, `project` or `demand`; empty means all.
    pub kind: String,
    /// `east`, `central`, `west` or `northeast`.
    pub region: String,
    /// A GB/T 4754 section letter, e.g. `C`.
    pub industry: String,
    /// 1-based.
    pub page: Option<usize>,
}

pub const SEARCH_PAGE: usize = 20;

/// One result, ready to show.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    /// `zone`, `project` or `demand`.
    pub kind: &'static str,
    pub id: i64,
    pub title_zh: String,
    pub title_en: Option<String>,
    /// Where the record's page is.
    pub href: String,
    /// Text around the first match; `highlighted` parts are the query's words.
    pub snippet: Vec<SnippetSpan>,
    pub score: f32,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SnippetSpan {
    pub text: String,
    pub highlighted: bool,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// A page of results with the total and the facets of every match.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    pub total: u64,
    pub page: usize,
    pub pages: usize,
    pub hits: Vec<SearchHit>,
    pub by_kind: Vec<FacetCount>,
    pub by_region: Vec<FacetCount>,
    pub by_industry: Vec<FacetCount>,
}

fn counts(list: Vec<(String, u64)>) -> Vec<FacetCount> {
    list.into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect()
}

fn href(kind: DocKind, id: i64) -> String {
    match kind {
        DocKind::Zone => format!("/zones/{id}"),
        DocKind::Project => format!("/projects/{id}"),
        DocKind::Demand => format!("/find?demand={id}"),
    }
}

impl App {
    /// Searches with the filters as typed; a filter that is not one of its values is named.
    pub fn search_page(&self, params: &SearchParams) -> Result<SearchPage, AppError> {
        let mut query = SearchQuery::new(params.q.clone());
        let kind = params.kind.trim();
        if !kind.is_empty() {
            let kind = DocKind::from_code(kind).ok_or_else(|| {
                AppError::Invalid(gowest_domain::Validation(vec![
                    gowest_domain::FieldError::new(
                        "kind",
                        "unknown",
                        "类别应为 zone、project 或 demand",
                        "kind must be zone, project or demand",
                    ),
                ]))
            })?;
            query.kinds = vec![kind];
        }
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        query.region = given(&params.region);
        query.industry_section = given(&params.industry).map(|s| s.to_uppercase());
        let page = params.page.unwrap_or(1).max(1);
        query.offset = (page - 1) * SEARCH_PAGE;
        query.limit = SEARCH_PAGE;
        let results = self.search(&query)?;
        let total = results.total;
        Ok(SearchPage {
            total,
            page,
            pages: (total as usize).div_ceil(SEARCH_PAGE).max(1),
            hits: results
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    kind: h.kind.code(),
                    id: h.id,
                    href: href(h.kind, h.id),
                    title_zh: h.title_zh,
                    title_en: h.title_en,
                    snippet: h
                        .snippet
                        .into_iter()
                        .map(|p| SnippetSpan {
                            text: p.text,
                            highlighted: p.highlighted,
                        })
                        .collect(),
                    score: h.score,
                })
                .collect(),
            by_kind: counts(results.facets.by_kind),
            by_region: counts(results.facets.by_region),
            by_industry: counts(results.facets.by_industry_section),
        })
    }
}
