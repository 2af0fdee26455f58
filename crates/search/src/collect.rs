//! A search in two passes over each segment. The first visits every text match without
//! scoring: it counts the total and the facets, and marks the matches that pass the filters.
//! The second ranks only those: when they are few, each is scored; otherwise block-max WAND
//! over the ranking terms visits just the documents that can still enter the best `keep`.
//! Matches with none of the terms (they all score the constant 1) fill what is left, newest
//! first. Filters are applied in the first pass rather
//! than in the query, so each facet can ignore its own filter (a region facet shows every
//! region, not only the chosen one) without a second search.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::columnar::ColumnValues;
use tantivy::query::Weight;
use tantivy::{BitSet, COLLECT_BLOCK_BUFFER_LEN, DocAddress, DocId, DocSet, Score, SegmentReader};

use crate::doc::{DocKind, Packed};

/// The score every match gets; ranking terms add their BM25 to it.
const MATCH_SCORE: Score = 1.0;

/// The query's filters as packed-word values.
#[derive(Clone, Copy)]
pub(crate) struct Filters {
    pub kind_mask: u64,
    pub region: Option<u64>,
    pub section: Option<u32>,
}

#[derive(Default, Clone)]
pub(crate) struct Counts {
    /// Documents passing every filter.
    pub total: u64,
    /// Per kind, over documents passing the region and section filters.
    pub kinds: [u64; 4],
    /// Per region, over documents passing the kind and section filters.
    pub regions: [u64; 4],
    /// Per section bit, over documents passing the kind and region filters.
    pub sections: [u64; 26],
}

impl Counts {
    /// Counts one match; says whether it passes every filter.
    fn add(&mut self, f: Filters, p: Packed) -> bool {
        let kind_ok = f.kind_mask & (1 << p.kind()) != 0;
        let region_ok = f.region.is_none_or(|r| r == p.region());
        let sections = p.sections();
        let section_ok = f.section.is_none_or(|s| sections & (1 << s) != 0);
        if region_ok && section_ok {
            self.kinds[p.kind() as usize] += 1;
        }
        if kind_ok && section_ok {
            self.regions[p.region() as usize] += 1;
        }
        if kind_ok && region_ok {
            let mut rest = sections;
            while rest != 0 {
                self.sections[rest.trailing_zeros() as usize] += 1;
                rest &= rest - 1;
            }
        }
        let passes = kind_ok && region_ok && section_ok;
        self.total += u64::from(passes);
        passes
    }
}

/// A candidate hit. Better is greater: higher score, then the newer record (higher id).
#[derive(Clone, Copy)]
pub(crate) struct Candidate {
    pub score: Score,
    pub id: i64,
    pub kind: DocKind,
    pub address: DocAddress,
}

impl Candidate {
    fn key(&self) -> (f32, i64, Reverse<DocKind>) {
        (self.score, self.id, Reverse(self.kind))
    }
}

impl Ord for Candidate {
    fn cmp(&self, o: &Self) -> Ordering {
        let (a, b) = (self.key(), o.key());
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// The best `keep` candidates seen so far.
pub(crate) struct Best {
    keep: usize,
    /// Min-heap: the worst kept candidate on top.
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl Best {
    pub(crate) fn new(keep: usize) -> Self {
        Best {
            keep,
            // `keep` is unbounded for `search_all`: grow as needed.
            heap: BinaryHeap::with_capacity(keep.min(1024) + 1),
        }
    }

    fn full(&self) -> bool {
        self.heap.len() >= self.keep
    }

    fn offer(&mut self, c: Candidate) {
        if !self.full() {
            self.heap.push(Reverse(c));
        } else if self.heap.peek().is_some_and(|w| c > w.0) {
            self.heap.pop();
            self.heap.push(Reverse(c));
        }
    }

    /// The BM25 a document must exceed to still enter, for WAND. Slightly below the worst kept
    /// score, so that a tie (which the newer record wins) is still visited.
    fn wand_threshold(&self) -> Score {
        match self.heap.peek() {
            Some(w) if self.full() => {
                let bm25 = w.0.score - MATCH_SCORE;
                bm25 - bm25.abs() * 1e-5 - 1e-6
            }
            _ => Score::MIN,
        }
    }

    /// Best first.
    pub(crate) fn into_sorted(self) -> Vec<Candidate> {
        let mut all: Vec<Candidate> = self.heap.into_iter().map(|r| r.0).collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        all
    }
}

/// One segment's columns and its matches that pass the filters.
pub(crate) struct SegmentMatches {
    segment: u32,
    packed: Arc<dyn ColumnValues<u64>>,
    ids: Arc<dyn ColumnValues<i64>>,
    eligible: BitSet,
    /// Eligible documents already offered by the ranking pass.
    ranked: BitSet,
}

impl SegmentMatches {
    fn candidate(&self, doc: DocId, score: Score) -> Option<Candidate> {
        // Only `SearchDoc::packed` writes the word, always with a valid kind.
        let kind = DocKind::from_index(Packed(self.packed.get_val(doc)).kind())?;
        Some(Candidate {
            score,
            id: self.ids.get_val(doc),
            kind,
            address: DocAddress::new(self.segment, doc),
        })
    }
}

/// Pass 1 over one segment: counts every live match and marks those that pass the filters.
pub(crate) fn count(
    matching: &dyn Weight,
    segment: u32,
    reader: &SegmentReader,
    filters: Filters,
    counts: &mut Counts,
) -> tantivy::Result<SegmentMatches> {
    let fast = reader.fast_fields();
    let packed = fast.u64("packed")?.first_or_default_col(0);
    let ids = fast.i64("id")?.first_or_default_col(0);
    let alive = reader.alive_bitset();
    let mut eligible = BitSet::with_max_value(reader.max_doc());
    let mut words = [0u64; COLLECT_BLOCK_BUFFER_LEN];
    matching.for_each_no_score(reader, &mut |docs| {
        let words = &mut words[..docs.len()];
        packed.get_vals(docs, words);
        for (&doc, &word) in docs.iter().zip(words.iter()) {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            if counts.add(filters, Packed(word)) {
                eligible.insert(doc);
            }
        }
    })?;
    Ok(SegmentMatches {
        segment,
        packed,
        ids,
        ranked: BitSet::with_max_value(reader.max_doc()),
        eligible,
    })
}

/// Below this share of a segment's documents, the eligible ones are few enough to score each
/// directly; above it, WAND over the ranking terms skips more than it visits.
const SPARSE_SHARE: usize = 8;

/// Pass 2 over one segment: scores the eligible documents that contain a ranking term and can
/// still enter `best`.
pub(crate) fn rank(
    ranking: &dyn Weight,
    reader: &SegmentReader,
    m: &mut SegmentMatches,
    best: &mut Best,
) -> tantivy::Result<()> {
    if m.eligible.len() * SPARSE_SHARE < reader.max_doc() as usize {
        // Few matches, maybe of common ranking terms: move the terms to each match instead of
        // walking every document that has a term.
        let mut scorer = ranking.scorer(reader, 1.0)?;
        for doc in set_bits(&m.eligible) {
            if scorer.doc() < doc {
                scorer.seek(doc);
            }
            if scorer.doc() == doc {
                m.ranked.insert(doc);
                if let Some(c) = m.candidate(doc, MATCH_SCORE + scorer.score()) {
                    best.offer(c);
                }
            }
        }
        return Ok(());
    }
    ranking.for_each_pruning(best.wand_threshold(), reader, &mut |doc, bm25| {
        if m.eligible.contains(doc) {
            m.ranked.insert(doc);
            if let Some(c) = m.candidate(doc, MATCH_SCORE + bm25) {
                best.offer(c);
            }
        }
        best.wand_threshold()
    })
}

/// The members of `set`, ascending.
fn set_bits(set: &BitSet) -> impl Iterator<Item = DocId> + '_ {
    (0..set.max_value().div_ceil(64)).flat_map(move |bucket| {
        let mut bits = set.tinyset(bucket);
        std::iter::from_fn(move || bits.pop_lowest()).map(move |b| bucket * 64 + b)
    })
}

/// Fills `best` with the eligible documents the ranking pass did not offer: they contain no
/// ranking term, so they score [`MATCH_SCORE`]. When `best` is already full, every one of them
/// scores below what it holds.
pub(crate) fn fill(m: &SegmentMatches, best: &mut Best) {
    if best.full() && best.heap.peek().is_some_and(|w| w.0.score > MATCH_SCORE) {
        return;
    }
    for doc in set_bits(&m.eligible) {
        if !m.ranked.contains(doc)
            && let Some(c) = m.candidate(doc, MATCH_SCORE)
        {
            best.offer(c);
        }
    }
}
