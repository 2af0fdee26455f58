//! The one error type of the use-cases; the web layer renders it as problem+json.

use gowest_domain::Validation;
use gowest_store::StoreError;
use std::path::PathBuf;

/// A spreadsheet cell that failed a rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// Row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// Column letter (`C`) and header (`省份代码`), or empty for a whole-row problem.
    pub column: String,
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "第{}行 {}: {} / row {}, column {}: {}",
            self.row, self.column, self.message_zh, self.row, self.column, self.message_en
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0}")]
    Invalid(Validation),
    #[error("{} rows rejected; nothing was written", .0.len())]
    RowsRejected(Vec<RowError>),
    /// The actor lacks the right; shown as 403 (or 404 where existence is private).
    #[error("forbidden")]
    Forbidden,
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("file: {0}")]
    File(String),
    /// An uploaded file over a size or shape cap (`bounded_sheet`), refused before reading.
    #[error("{0}")]
    TooLarge(#[from] crate::bounded_sheet::TooLarge),
    #[error("{0} already exists")]
    TargetExists(PathBuf),
    /// The database cannot be reached; the client may retry.
    #[error("unavailable: {0}")]
    Unavailable(StoreError),
    #[error("store: {0}")]
    Store(StoreError),
    /// The search index failed (not the query: that is `Invalid`).
    #[error("search index: {0}")]
    Search(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { entity } => AppError::NotFound { entity },
            StoreError::Conflict { constraint } => AppError::Conflict(constraint),
            unavailable @ StoreError::Unavailable(_) => AppError::Unavailable(unavailable),
            other => AppError::Store(other),
        }
    }
}

impl From<Validation> for AppError {
    fn from(v: Validation) -> Self {
        AppError::Invalid(v)
    }
}
