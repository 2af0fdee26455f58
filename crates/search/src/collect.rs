//! One pass over the text matches that counts the total and all facets and keeps the best
//! hits. Filters are applied here rather than in the query, so each facet can ignore its own
//! filter (a region facet shows every region, not only the chosen one) without a second search.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::doc::{DocKind, Packed};

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
    fn add(&mut self, o: &Counts) {
        self.total += o.total;
        for (a, b) in self.kinds.iter_mut().zip(o.kinds) {
            *a += b;
        }
        for (a, b) in self.regions.iter_mut().zip(o.regions) {
            *a += b;
        }
        for (a, b) in self.sections.iter_mut().zip(o.sections) {
            *a += b;
        }
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

pub(crate) struct FacetCollector {
    pub filters: Filters,
    /// How many of the best hits to keep: offset + limit.
    pub keep: usize,
}

pub(crate) struct FacetSegment {
    segment: SegmentOrdinal,
    filters: Filters,
    keep: usize,
    packed: Arc<dyn ColumnValues<u64>>,
    ids: Arc<dyn ColumnValues<i64>>,
    counts: Counts,
    /// Min-heap of the best `keep` candidates.
    best: BinaryHeap<Reverse<Candidate>>,
}

impl Collector for FacetCollector {
    type Fruit = (Counts, Vec<Candidate>);
    type Child = FacetSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        Ok(FacetSegment {
            segment,
            filters: self.filters,
            keep: self.keep,
            packed: fast.u64("packed")?.first_or_default_col(0),
            ids: fast.i64("id")?.first_or_default_col(0),
            counts: Counts::default(),
            // `keep` is unbounded for `search_all`: grow as needed.
            best: BinaryHeap::with_capacity(self.keep.min(1024) + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Counts, Vec<Candidate>)>,
    ) -> tantivy::Result<(Counts, Vec<Candidate>)> {
        let mut counts = Counts::default();
        let mut all = Vec::new();
        for (c, cands) in fruits {
            counts.add(&c);
            all.extend(cands);
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.keep);
        Ok((counts, all))
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = (Counts, Vec<Candidate>);

    fn collect(&mut self, doc: DocId, score: Score) {
        let p = Packed(self.packed.get_val(doc));
        // Only `SearchDoc::packed` writes the word, always with a valid kind.
        let Some(kind) = DocKind::from_index(p.kind()) else {
            return;
        };
        let f = self.filters;
        let kind_ok = f.kind_mask & (1 << p.kind()) != 0;
        let region_ok = f.region.is_none_or(|r| r == p.region());
        let sections = p.sections();
        let section_ok = f.section.is_none_or(|s| sections & (1 << s) != 0);
        let c = &mut self.counts;
        if region_ok && section_ok {
            c.kinds[p.kind() as usize] += 1;
        }
        if kind_ok && section_ok {
            c.regions[p.region() as usize] += 1;
        }
        if kind_ok && region_ok {
            let mut rest = sections;
            while rest != 0 {
                c.sections[rest.trailing_zeros() as usize] += 1;
                rest &= rest - 1;
            }
        }
        if !(kind_ok && region_ok && section_ok) {
            return;
        }
        c.total += 1;
        if self.keep == 0 {
            return;
        }
        // Most matches lose to the current worst on score alone: skip reading their id.
        if self.best.len() == self.keep && self.best.peek().is_some_and(|w| score < w.0.score) {
            return;
        }
        let cand = Candidate {
            score,
            id: self.ids.get_val(doc),
            kind,
            address: DocAddress::new(self.segment, doc),
        };
        if self.best.len() < self.keep {
            self.best.push(Reverse(cand));
        } else if self.best.peek().is_some_and(|w| cand > w.0) {
            self.best.pop();
            self.best.push(Reverse(cand));
        }
    }

    fn harvest(self) -> (Counts, Vec<Candidate>) {
        (self.counts, self.best.into_iter().map(|r| r.0).collect())
    }
}
