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
    /// The write conflicts with existing data or a concurrent change (409). The text is for
    /// the log only: it may name a database constraint, so no client ever sees it.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The file the user sent cannot be read or used; they can fix it (400, message shown).
    #[error("file: {0}")]
    File(String),
    /// An uploaded file over a size or shape cap (`bounded_sheet`), refused before reading.
    #[error("{0}")]
    TooLarge(#[from] crate::bounded_sheet::TooLarge),
    /// The server failed at something the user cannot fix (random generator, writing a
    /// spreadsheet, reference data, a task that died): 500, the text logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
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

impl AppError {
    /// Whether the user's request was refused (input, rights, state, a file they can fix),
    /// as opposed to the server failing to do its part.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            AppError::Invalid(_)
                | AppError::RowsRejected(_)
                | AppError::Forbidden
                | AppError::NotFound { .. }
                | AppError::Conflict(_)
                | AppError::File(_)
                | AppError::TooLarge(_)
                | AppError::TargetExists(_)
        )
    }
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

/// Whether a looked-up record is absent: `NotFound` is `Ok(true)`, a failure to read stays an
/// error (it must not be reported to the user as an unknown id).
pub(crate) fn absent<T>(found: Result<T, StoreError>) -> Result<bool, AppError> {
    match found {
        Ok(_) => Ok(false),
        Err(StoreError::NotFound { .. }) => Ok(true),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_not_found_is_absent_a_failure_stays_a_failure() {
        // `.await.is_err()` read a database failure as "no such organisation".
        assert!(matches!(absent(Ok(())), Ok(false)));
        let missing = StoreError::NotFound { entity: "org" };
        assert!(matches!(absent::<()>(Err(missing)), Ok(true)));
        let broken = StoreError::corrupt("organisations", "bad kind");
        assert!(matches!(absent::<()>(Err(broken)), Err(AppError::Store(_))));
    }
}
