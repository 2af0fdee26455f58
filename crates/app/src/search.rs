//! Full-text search over zones, investment projects and published demand, kept in step
//! with the directory snapshot: whenever a snapshot is loaded (after a local write, or when
//! another instance's write shows in the change log), the documents that changed are
//! written to the index and the ones that went away are removed.

pub use crate::search_page::{FacetCount, SearchHit, SearchPage, SearchParams, SnippetSpan};

use crate::search_docs::documents;
use crate::zones::Progress;
use crate::{App, AppError};
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
