//! Errors: a query the user can fix (with a message in Chinese and English), a record the
//! caller built wrong, or a failure of the index itself.

use crate::doc::DocKind;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid query: {}", .0.message_en())]
    InvalidQuery(QueryProblem),
    #[error("cannot index {} {id}: {reason}", .kind.code())]
    InvalidDoc {
        kind: DocKind,
        id: i64,
        reason: String,
    },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
}

/// What is wrong with a query, to show to the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    /// Nothing but whitespace.
    Empty,
    /// More than [`crate::MAX_QUERY_CHARS`] characters.
    TooLong {
        chars: usize,
    },
    UnknownRegion(String),
    UnknownIndustrySection(String),
    /// `offset` beyond [`crate::MAX_OFFSET`]: deep pages cost memory and nobody reads them.
    OffsetTooLarge(usize),
}

impl QueryProblem {
    /// Stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            QueryProblem::Empty => "empty",
            QueryProblem::TooLong { .. } => "too_long",
            QueryProblem::UnknownRegion(_) => "unknown_region",
            QueryProblem::UnknownIndustrySection(_) => "unknown_industry_section",
            QueryProblem::OffsetTooLarge(_) => "offset_too_large",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            QueryProblem::Empty => "请输入搜索词".into(),
            QueryProblem::TooLong { chars } => format!(
                "搜索词过长（{chars} 个字符），最多 {} 个字符",
                crate::MAX_QUERY_CHARS
            ),
            QueryProblem::UnknownRegion(r) => format!("未知的地区：{r}"),
            QueryProblem::UnknownIndustrySection(s) => format!("未知的行业门类：{s}"),
            QueryProblem::OffsetTooLarge(o) => {
                format!("翻页过深（第 {o} 条起），最多到第 {} 条", crate::MAX_OFFSET)
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            QueryProblem::Empty => "enter a search term".into(),
            QueryProblem::TooLong { chars } => format!(
                "the search text is too long ({chars} characters, at most {})",
                crate::MAX_QUERY_CHARS
            ),
            QueryProblem::UnknownRegion(r) => format!("unknown region: {r}"),
            QueryProblem::UnknownIndustrySection(s) => format!("unknown industry section: {s}"),
            QueryProblem::OffsetTooLarge(o) => {
                format!("offset {o} is too deep, at most {}", crate::MAX_OFFSET)
            }
        }
    }
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
