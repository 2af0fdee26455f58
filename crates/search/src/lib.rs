//! Full-text search over zones (开发区), investment projects (招商项目) and relocation demands
//! (转移意向), in tantivy, with exact recall for Chinese.
//!
//! A document matches a query when every whitespace-separated query word occurs in it as a
//! substring (after [`normalize`]: Latin case and full-width folded) of its Chinese title,
//! English title, body, or the pinyin of its Chinese title ([`substring_match`] is the rule,
//! written the slow way). Word segmentation never decides a match: each word is looked up by
//! its character n-grams, at consecutive positions exactly where the word occurs. jieba words,
//! in the body and in the titles, only rank the matches.

mod collect;
mod doc;
mod error;
mod query;
mod schema;
mod snippet;
mod text;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use doc::{DocKind, SearchDoc};
pub use error::{QueryProblem, Result, SearchError};
pub use query::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, SearchQuery};
pub use snippet::SnippetPart;
pub use text::{normalize, pinyin_of, substring_match};

use collect::{Best, Candidate, Counts};
use doc::{REGIONS, doc_key, section_letter};
use schema::{Fields, build_schema, register_tokenizers, to_document};

/// Memory for the writer's in-RAM segments. More (and more threads) makes bulk indexing
/// faster, but a server's writer mostly upserts a few documents, and what its arenas touch
/// stays in its memory: 2 threads with 256 MB cost a demo server ~30 MB of RSS.
const WRITER_MEMORY_BYTES: usize = 32 * 1024 * 1024;
const WRITER_THREADS: usize = 1;
/// The file beside the index that records which schema wrote it.
const VERSION_FILE: &str = "gowest-search.version";
/// `rebuild` reports progress after this many documents.
const PROGRESS_EVERY: u64 = 10_000;

/// The search index. `Send + Sync`: share it in an `Arc`. Searches run concurrently; writes
/// are serialised by an internal lock and are visible to searches when they return.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    needs_rebuild: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Every match that passes the filters, not only this page.
    pub total: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: DocKind,
    pub id: i64,
    pub score: f32,
    pub title_zh: String,
    pub title_en: Option<String>,
    /// Excerpt of the body around the first match; concatenate the parts for plain text.
    pub snippet: Vec<SnippetPart>,
}

/// Counts over all text matches, largest first, zero counts left out. Each facet applies the
/// other filters but not its own, so a UI can offer the alternatives to the current choice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub by_region: Vec<(String, u64)>,
    pub by_industry_section: Vec<(String, u64)>,
    pub by_kind: Vec<(String, u64)>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index when missing. The
    /// directory belongs to the index. An index written by another schema version (or one
    /// tantivy cannot open) is deleted and replaced by an empty one; [`Self::needs_rebuild`]
    /// then says so. One process at a time may open a directory.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let version = format!("{}\n", schema::SCHEMA_VERSION);
        let version_file = dir.join(VERSION_FILE);
        let (expected, _) = build_schema();
        if dir.join("meta.json").exists() {
            let same_version = std::fs::read_to_string(&version_file).ok() == Some(version.clone());
            if same_version
                && let Ok(index) = Index::open_in_dir(dir)
                && index.schema() == expected
            {
                return Self::with_index(index, false);
            }
            wipe(dir)?;
        }
        let index = Index::create_in_dir(dir, expected)?;
        std::fs::write(&version_file, version)?;
        Self::with_index(index, true)
    }

    /// A new, empty index in memory (tests, demo).
    pub fn in_memory() -> Result<Self> {
        Self::with_index(Index::create_in_ram(build_schema().0), true)
    }

    fn with_index(index: Index, needs_rebuild: bool) -> Result<Self> {
        register_tokenizers(&index);
        let (_, fields) = build_schema();
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            fields,
            reader,
            writer: Mutex::new(writer),
            needs_rebuild,
        })
    }

    /// True when the index was created or wiped by this open, so it holds nothing yet and the
    /// caller should [`Self::rebuild`] it from the database.
    pub fn needs_rebuild(&self) -> bool {
        self.needs_rebuild
    }

    /// Adds the documents, replacing any with the same kind and id. Checks them all first: an
    /// invalid one writes nothing. Committed and searchable on return.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<()> {
        let prepared = docs
            .iter()
            .map(|d| Ok((d.key(), to_document(&self.fields, d)?)))
            .collect::<Result<Vec<_>>>()?;
        self.write(|w, f| {
            for (key, doc) in prepared {
                w.delete_term(Term::from_field_text(f.key, &key));
                w.add_document(doc)?;
            }
            Ok(())
        })
    }

    /// Removes one document; removing a missing one is not an error.
    pub fn remove(&self, kind: DocKind, id: i64) -> Result<()> {
        self.write(|w, f| {
            w.delete_term(Term::from_field_text(f.key, &doc_key(kind, id)));
            Ok(())
        })
    }

    /// Replaces the whole content with `docs` in one commit (for `gowest reindex`), then merges
    /// it into one segment, which searches fastest. Calls `on_progress` with the number added
    /// so far every 10,000 documents and at the end. On any error the old content stays.
    pub fn rebuild(
        &self,
        docs: impl Iterator<Item = SearchDoc>,
        mut on_progress: impl FnMut(u64),
    ) -> Result<u64> {
        let mut added = 0u64;
        self.write(|w, f| {
            // Background merges would race the final merge below for the same segments.
            w.set_merge_policy(Box::new(NoMergePolicy));
            w.delete_all_documents()?;
            for doc in docs {
                w.add_document(to_document(f, &doc)?)?;
                added += 1;
                if added.is_multiple_of(PROGRESS_EVERY) {
                    on_progress(added);
                }
            }
            Ok(())
        })?;
        on_progress(added);
        let mut w = self.lock_writer()?;
        let segments = self.index.searchable_segment_ids()?;
        let merged = if segments.len() > 1 {
            w.merge(&segments).wait().map(|_| ())
        } else {
            Ok(())
        };
        w.set_merge_policy(Box::<LogMergePolicy>::default());
        merged?;
        self.reader.reload()?;
        Ok(added)
    }

    /// Runs `ops` on the writer and commits; on error rolls back, so a failed call leaves
    /// nothing half-written for the next commit to pick up.
    fn write(
        &self,
        ops: impl FnOnce(&mut IndexWriter<TantivyDocument>, &Fields) -> Result<()>,
    ) -> Result<()> {
        let mut w = self.lock_writer()?;
        let done = ops(&mut w, &self.fields).and_then(|()| Ok(w.commit()?));
        if let Err(e) = done {
            // The original error is the one worth reporting; a failed rollback adds nothing.
            let _ = w.rollback();
            return Err(e);
        }
        self.reader.reload()?;
        Ok(())
    }

    /// A writer left by a panicking writer may hold uncommitted operations: roll them back.
    fn lock_writer(&self) -> Result<MutexGuard<'_, IndexWriter<TantivyDocument>>> {
        match self.writer.lock() {
            Ok(w) => Ok(w),
            Err(poisoned) => {
                let mut w = PoisonError::into_inner(poisoned);
                w.rollback()?;
                self.writer.clear_poison();
                Ok(w)
            }
        }
    }

    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let parsed = query::parse(q)?;
        let searcher = self.reader.searcher();
        let (counts, best) = self.run(&searcher, &parsed, parsed.offset + parsed.limit)?;
        let hits = best
            .into_iter()
            .skip(parsed.offset)
            .map(|c| self.hit(&searcher, &c, &parsed.words))
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            total: counts.total,
            hits,
            facets: facets(&counts),
        })
    }

    /// Every match of `q` (text, kinds, region, section, province) in rank order, ignoring
    /// offset and limit: for exports, and for checking recall against a substring scan.
    pub fn search_all(&self, q: &SearchQuery) -> Result<Vec<(DocKind, i64)>> {
        let parsed = query::parse(q)?;
        let (_, all) = self.run(&self.reader.searcher(), &parsed, usize::MAX)?;
        Ok(all.iter().map(|c| (c.kind, c.id)).collect())
    }

    /// Counts and facets over every match, and the best `keep` of them (see `collect`).
    fn run(
        &self,
        searcher: &Searcher,
        parsed: &query::Parsed,
        keep: usize,
    ) -> Result<(Counts, Vec<Candidate>)> {
        let matching = query::matching(&self.fields, parsed)
            .weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut counts = Counts::default();
        let mut segments = Vec::new();
        for (ord, reader) in (0u32..).zip(searcher.segment_readers()) {
            let m = collect::count(&*matching, ord, reader, parsed.filters(), &mut counts)?;
            segments.push((reader, m));
        }
        let mut best = Best::new(keep);
        if keep == 0 {
            return Ok((counts, Vec::new()));
        }
        if let Some(ranking) = query::ranking(&self.fields, parsed) {
            let ranking = ranking.weight(EnableScoring::enabled_from_searcher(searcher))?;
            for (reader, m) in &mut segments {
                collect::rank(&*ranking, reader, m, &mut best)?;
            }
        }
        for (_, m) in &segments {
            collect::fill(m, &mut best);
        }
        Ok((counts, best.into_sorted()))
    }

    fn hit(&self, searcher: &Searcher, c: &Candidate, words: &[String]) -> Result<Hit> {
        let d: TantivyDocument = searcher.doc(c.address)?;
        let text = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        Ok(Hit {
            kind: c.kind,
            id: c.id,
            score: c.score,
            title_zh: text(self.fields.title_zh).unwrap_or_default(),
            title_en: text(self.fields.title_en),
            snippet: snippet::snippet(&text(self.fields.body).unwrap_or_default(), words),
        })
    }

    /// Documents in the index as of the last write.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn facets(c: &Counts) -> Facets {
    fn sorted(mut v: Vec<(String, u64)>) -> Vec<(String, u64)> {
        v.retain(|(_, n)| *n > 0);
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
    Facets {
        by_region: sorted(
            REGIONS
                .iter()
                .zip(c.regions)
                .map(|(r, n)| (r.to_string(), n))
                .collect(),
        ),
        by_industry_section: sorted(
            (0u32..)
                .zip(c.sections)
                .map(|(bit, n)| (section_letter(bit), n))
                .collect(),
        ),
        by_kind: sorted(
            DocKind::ALL
                .iter()
                .map(|k| (k.code().to_string(), c.kinds[k.index() as usize]))
                .collect(),
        ),
    }
}

/// Deletes the directory's content (an old index), keeping the directory.
fn wipe(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(path)?;
        } else {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}
