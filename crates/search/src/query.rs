//! The query: what the caller asks, its checks, and the tantivy query that finds exactly the
//! documents containing every word.

use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::collect::Filters;
use crate::doc::{DocKind, region_index, section_bit};
use crate::error::{QueryProblem, Result, SearchError};
use crate::schema::{Fields, QUAD_LEN, SHORT_MAX, jieba_words};
use crate::text::query_words;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most hits returned by one search; a larger `limit` is lowered to this.
pub const MAX_LIMIT: usize = 100;
/// Deepest `offset` accepted.
pub const MAX_OFFSET: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words separated by whitespace; a document matches when it contains every word.
    pub text: String,
    /// Kinds to return; empty means all.
    pub kinds: Vec<DocKind>,
    /// A region code (`west`, …).
    pub region: Option<String>,
    /// A GB/T 4754 section letter.
    pub industry_section: Option<String>,
    /// A six-digit province code: a scope rather than a facet, so facets count within it too.
    pub province_code: Option<String>,
    pub offset: usize,
    /// Capped at [`MAX_LIMIT`]. 0 returns counts and facets only.
    pub limit: usize,
}

impl SearchQuery {
    /// A query for `text` over all kinds, first page of 20.
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            kinds: Vec::new(),
            region: None,
            industry_section: None,
            province_code: None,
            offset: 0,
            limit: 20,
        }
    }
}

/// A checked query: normalised words and filters as packed-word values.
pub(crate) struct Parsed {
    pub words: Vec<String>,
    /// Bit per allowed kind; all three when the query named none.
    pub kind_mask: u64,
    pub region: Option<u64>,
    pub section: Option<u32>,
    pub province: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

impl Parsed {
    pub(crate) fn filters(&self) -> Filters {
        Filters {
            kind_mask: self.kind_mask,
            region: self.region,
            section: self.section,
        }
    }
}

pub(crate) fn parse(q: &SearchQuery) -> Result<Parsed> {
    let invalid = |p| Err(SearchError::InvalidQuery(p));
    let chars = q.text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return invalid(QueryProblem::TooLong { chars });
    }
    let words = query_words(&q.text);
    if words.is_empty() {
        return invalid(QueryProblem::Empty);
    }
    let region = match q.region.as_deref() {
        None => None,
        Some(r) => match region_index(r) {
            Some(i) => Some(i),
            None => return invalid(QueryProblem::UnknownRegion(r.to_owned())),
        },
    };
    let section = match q.industry_section.as_deref() {
        None => None,
        Some(s) => match section_bit(&s.to_ascii_uppercase()) {
            Some(b) => Some(b),
            None => return invalid(QueryProblem::UnknownIndustrySection(s.to_owned())),
        },
    };
    if q.offset > MAX_OFFSET {
        return invalid(QueryProblem::OffsetTooLarge(q.offset));
    }
    let kind_mask = if q.kinds.is_empty() {
        0b111
    } else {
        q.kinds.iter().fold(0, |m, k| m | 1 << k.index())
    };
    Ok(Parsed {
        words,
        kind_mask,
        region,
        section,
        province: q.province_code.clone(),
        offset: q.offset,
        limit: q.limit.min(MAX_LIMIT),
    })
}

/// Finds the documents whose match texts contain `word`. Up to 3 characters: the word is a
/// term of `grams_short`. 4: a term of `grams_quad`. Longer: the phrase of 4-grams at offsets
/// 0, 4, 8, … and the last one; they cover every character at its place, and positions are
/// character indexes, so the phrase matches exactly where the word occurs.
fn contains(f: &Fields, word: &str) -> Box<dyn Query> {
    let chars: Vec<char> = word.chars().collect();
    let term = |field, s: &[char]| Term::from_field_text(field, &s.iter().collect::<String>());
    if chars.len() <= SHORT_MAX {
        return Box::new(TermQuery::new(
            term(f.grams_short, &chars),
            IndexRecordOption::Basic,
        ));
    }
    if chars.len() == QUAD_LEN {
        return Box::new(TermQuery::new(
            term(f.grams_quad, &chars),
            IndexRecordOption::Basic,
        ));
    }
    let last = chars.len() - QUAD_LEN;
    let mut offsets: Vec<usize> = (0..last).step_by(QUAD_LEN).collect();
    offsets.push(last);
    Box::new(PhraseQuery::new_with_offset(
        offsets
            .into_iter()
            .map(|o| (o, term(f.grams_quad, &chars[o..o + QUAD_LEN])))
            .collect(),
    ))
}

/// Every word as a substring, and the province scope: decides what matches, unscored.
pub(crate) fn matching(f: &Fields, p: &Parsed) -> Box<dyn Query> {
    let mut must: Vec<(Occur, Box<dyn Query>)> = p
        .words
        .iter()
        .map(|w| (Occur::Must, contains(f, w)))
        .collect();
    if let Some(province) = &p.province {
        must.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.province, province),
                IndexRecordOption::Basic,
            )),
        ));
    }
    Box::new(BooleanQuery::new(must))
}

/// Ranks the matches: BM25 of each word's jieba words in the body and in the titles. Only
/// term clauses, side by side, so tantivy can prune by block-max WAND. `None` when the words
/// have no jieba word (every match then scores the same).
pub(crate) fn ranking(f: &Fields, p: &Parsed) -> Option<Box<dyn Query>> {
    let mut terms: Vec<String> = Vec::new();
    for w in &p.words {
        for jw in jieba_words(w) {
            if !terms.contains(&jw) {
                terms.push(jw);
            }
        }
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .flat_map(|t| [f.words, f.title_words].map(|field| (field, t)))
        .map(|(field, t)| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            ));
            (Occur::Should, query)
        })
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}
