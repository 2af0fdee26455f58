//! Full-text search over zones, investment projects and published demand, kept in step
//! with the directory snapshot: whenever a snapshot is loaded (after a local write, or when
//! another instance's write shows in the change log), the documents that changed are
//! written to the index and the ones that went away are removed.

use crate::directory::Directory;
use crate::zones::Progress;
use crate::{App, AppError};
use gowest_domain::region::Region;
use gowest_domain::zone::Zone;
use gowest_search::{DocKind, QueryProblem, SearchDoc, SearchIndex, SearchQuery, SearchResults};
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlace {
    /// No index: one-shot commands that never search (an import must not pay for indexing).
    Off,
    /// Rebuilt from the database at every start (tests; a server without a data directory).
    Memory,
    /// On disk, in a directory of its own; what was indexed is remembered in `state`
    /// beside it, so a restart writes only what changed meanwhile.
    Disk { dir: PathBuf, state: PathBuf },
}

type Prints = HashMap<(DocKind, i64), u64>;

/// The index and what was last written to it.
pub struct Search {
    index: Option<SearchIndex>,
    state: Option<PathBuf>,
    /// A hash of each indexed document's text, to tell which ones changed.
    indexed: Mutex<Prints>,
}

impl Search {
    pub(crate) fn open(place: SearchPlace) -> Result<Arc<Search>, AppError> {
        let (index, state) = match place {
            SearchPlace::Off => (None, None),
            SearchPlace::Memory => (Some(SearchIndex::in_memory().map_err(search_error)?), None),
            SearchPlace::Disk { dir, state } => {
                let index = SearchIndex::open(&dir).map_err(|e| {
                    AppError::Search(format!(
                        "无法打开检索索引目录 {0}（是否有另一个 gowest 正在使用？每个实例须用自己的 \
                         --search-dir）/ cannot open the search index in {0} (is another gowest \
                         using it? each instance needs its own --search-dir): {e}",
                        dir.display()
                    ))
                })?;
                // A new or wiped index holds nothing, whatever an old state file says.
                if index.needs_rebuild() {
                    let _ = std::fs::remove_file(&state);
                }
                (Some(index), Some(state))
            }
        };
        let indexed = state.as_deref().map(read_state).unwrap_or_default();
        Ok(Arc::new(Search {
            index,
            state,
            indexed: Mutex::new(indexed),
        }))
    }
}

/// The state file: `kind:id` → hash. Missing or unreadable means "nothing known", which
/// makes the next sync write every document: slower, never wrong.
fn read_state(path: &Path) -> Prints {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Prints::new();
    };
    let Ok(map) = serde_json::from_str::<HashMap<String, u64>>(&text) else {
        return Prints::new();
    };
    map.into_iter()
        .filter_map(|(key, print)| {
            let (kind, id) = key.split_once(':')?;
            Some(((DocKind::from_code(kind)?, id.parse().ok()?), print))
        })
        .collect()
}

/// Written to a temporary file and renamed, so a crash leaves the old state or the new one.
fn write_state(path: &Path, prints: &Prints) -> Result<(), AppError> {
    let map: HashMap<String, u64> = prints
        .iter()
        .map(|((kind, id), print)| (format!("{}:{id}", kind.code()), *print))
        .collect();
    let text = serde_json::to_string(&map).map_err(|e| AppError::Search(e.to_string()))?;
    let temp = path.with_extension("json.tmp");
    std::fs::write(&temp, text)
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|e| AppError::Search(format!("{}: {e}", path.display())))
}

fn fingerprint(doc: &SearchDoc) -> u64 {
    let mut h = DefaultHasher::new();
    (
        &doc.title_zh,
        &doc.title_en,
        &doc.body,
        &doc.region,
        &doc.province_code,
        &doc.industry_sections,
    )
        .hash(&mut h);
    h.finish()
}

fn sections(directory: &Directory, codes: &[gowest_domain::industry::IndustryCode]) -> Vec<String> {
    let mut out: Vec<String> = codes
        .iter()
        .filter_map(|c| c.section().or_else(|| Some(c.clone())))
        .filter(|c| directory.catalog.industries.contains_key(c))
        .map(|c| c.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn industry_names(
    directory: &Directory,
    codes: &[gowest_domain::industry::IndustryCode],
) -> String {
    codes
        .iter()
        .filter_map(|c| directory.catalog.industries.get(c))
        .map(|i| i.name_zh.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn zone_doc(directory: &Directory, zone: &Zone) -> SearchDoc {
    let f = &zone.fields;
    let body = [
        zone.province_name_zh.as_str(),
        f.city_zh.as_deref().unwrap_or(""),
        f.level.name_zh(),
        &industry_names(directory, &f.leading_industries),
        f.description_zh.as_deref().unwrap_or(""),
    ]
    .join(" ");
    SearchDoc {
        kind: DocKind::Zone,
        id: zone.id,
        title_zh: f.name_zh.clone(),
        title_en: f.name_en.clone(),
        body,
        region: zone.region.code().to_owned(),
        province_code: f.province_code.to_string(),
        industry_sections: sections(directory, &f.leading_industries),
    }
}

/// Every document the snapshot should have in the index: all zones, the projects still
/// listed, and published demand (without the enterprise's name, which is not public).
pub(crate) fn documents(directory: &Directory) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = directory
        .zones
        .iter()
        .map(|l| zone_doc(directory, &l.zone))
        .collect();
    for p in directory
        .projects
        .iter()
        .filter(|p| p.fields.status.listed())
    {
        let Some(zone) = directory.zone(p.zone_id) else {
            continue;
        };
        let f = &p.fields;
        let codes = std::slice::from_ref(&f.industry);
        docs.push(SearchDoc {
            kind: DocKind::Project,
            id: p.id,
            title_zh: f.title_zh.clone(),
            title_en: f.title_en.clone(),
            body: [
                zone.fields.name_zh.as_str(),
                zone.province_name_zh.as_str(),
                &industry_names(directory, codes),
                f.mode.name_zh(),
                f.description.as_deref().unwrap_or(""),
                f.incentives.as_deref().unwrap_or(""),
            ]
            .join(" "),
            region: zone.region.code().to_owned(),
            province_code: zone.fields.province_code.to_string(),
            industry_sections: sections(directory, codes),
        });
    }
    for d in &directory.demands {
        let Some(enterprise) = directory.enterprises.get(&d.enterprise_id) else {
            continue;
        };
        let f = &d.fields;
        let codes = std::slice::from_ref(&f.industry);
        let province = directory.catalog.province(&enterprise.fields.province_code);
        let wanted: Vec<&str> = f.preferred_regions.iter().map(|r| r.name_zh()).collect();
        docs.push(SearchDoc {
            kind: DocKind::Demand,
            id: d.id,
            title_zh: f.title.clone(),
            title_en: None,
            body: [
                province.map_or("", |p| p.name_zh.as_str()),
                &industry_names(directory, codes),
                &f.skills.join(" "),
                &wanted.join(" "),
                f.description.as_deref().unwrap_or(""),
            ]
            .join(" "),
            // A demand is filed under where the enterprise is now.
            region: province
                .map_or(Region::East, |p| p.region)
                .code()
                .to_owned(),
            province_code: enterprise.fields.province_code.to_string(),
            industry_sections: sections(directory, codes),
        });
    }
    docs
}

impl App {
    /// Brings the index in step with the current snapshot; returns how many documents it
    /// wrote or removed.
    pub(crate) fn sync_search(&self) -> Result<usize, AppError> {
        let Some(index) = &self.search.index else {
            return Ok(0);
        };
        // One sync at a time, each reading the snapshot current when it starts: a slower
        // sync of an older snapshot can never overwrite a newer one.
        let mut indexed = match self.search.indexed.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let directory = self.directory();
        let docs = documents(&directory);
        let mut fresh: HashMap<(DocKind, i64), u64> = HashMap::with_capacity(docs.len());
        let mut changed = Vec::new();
        for doc in docs {
            let print = fingerprint(&doc);
            let key = (doc.kind, doc.id);
            if indexed.get(&key) != Some(&print) {
                changed.push(doc);
            }
            fresh.insert(key, print);
        }
        let gone: Vec<(DocKind, i64)> = indexed
            .keys()
            .filter(|k| !fresh.contains_key(k))
            .copied()
            .collect();
        let count = changed.len() + gone.len();
        if count == 0 {
            return Ok(0);
        }
        if !changed.is_empty() {
            index.upsert(&changed).map_err(search_error)?;
        }
        for (kind, id) in &gone {
            index.remove(*kind, *id).map_err(search_error)?;
        }
        if let Some(path) = &self.search.state {
            write_state(path, &fresh)?;
        }
        *indexed = fresh;
        Ok(count)
    }

    /// Rebuilds the whole index from the database (`gowest reindex`).
    pub fn reindex(&self, progress: &dyn Progress) -> Result<u64, AppError> {
        let Some(index) = &self.search.index else {
            return Err(AppError::Search(
                "this command runs without a search index".into(),
            ));
        };
        let mut indexed = match self.search.indexed.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let directory = self.directory();
        let docs = documents(&directory);
        let prints: Prints = docs
            .iter()
            .map(|d| ((d.kind, d.id), fingerprint(d)))
            .collect();
        progress.set_total(docs.len() as u64);
        let added = index
            .rebuild(docs.into_iter(), |done| progress.advance(done))
            .map_err(search_error)?;
        if let Some(path) = &self.search.state {
            write_state(path, &prints)?;
        }
        *indexed = prints;
        Ok(added)
    }

    /// Searches zones, listed projects and published demand.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, AppError> {
        let Some(index) = &self.search.index else {
            return Err(AppError::Search("search is off in this process".into()));
        };
        index.search(query).map_err(|e| match e {
            gowest_search::SearchError::InvalidQuery(problem) => {
                let field = match problem {
                    QueryProblem::UnknownRegion(_) => "region",
                    QueryProblem::UnknownIndustrySection(_) => "industry",
                    QueryProblem::OffsetTooLarge(_) => "page",
                    _ => "q",
                };
                AppError::Invalid(gowest_domain::Validation(vec![
                    gowest_domain::FieldError::new(
                        field,
                        problem.code(),
                        problem.message_zh(),
                        problem.message_en(),
                    ),
                ]))
            }
            other => search_error(other),
        })
    }

    /// What the index should hold for the current snapshot (for checks against a scan).
    pub fn search_documents(&self) -> Vec<SearchDoc> {
        documents(&self.directory())
    }

    /// Every match of `query` in rank order, ignoring paging.
    pub fn search_ids(&self, query: &SearchQuery) -> Result<Vec<(DocKind, i64)>, AppError> {
        let Some(index) = &self.search.index else {
            return Err(AppError::Search("search is off in this process".into()));
        };
        index.search_all(query).map_err(search_error)
    }

    pub fn search_doc_count(&self) -> u64 {
        self.search.index.as_ref().map_or(0, SearchIndex::doc_count)
    }
}

fn search_error(e: gowest_search::SearchError) -> AppError {
    AppError::Search(e.to_string())
}

/// A search as it arrives from a form or the API: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, utoipa::IntoParams)]
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
