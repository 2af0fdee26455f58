//! Validation errors that name the field at fault, in Chinese and English.

use serde::Serialize;
use utoipa::ToSchema;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field (API name) at fault, e.g. `province_code`.
    pub field: String,
    /// A stable machine-readable code, e.g. `required`, `unknown`, `negative`.
    pub code: &'static str,
    pub message_zh: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: &'static str,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code,
            message_zh: message_zh.into(),
            message_en: message_en.into(),
        }
    }

    pub fn required(field: &str, label_zh: &str) -> Self {
        Self::new(
            field,
            "required",
            format!("{label_zh}不能为空"),
            format!("{field} is required"),
        )
    }
}

/// All the problems found in one input; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(transparent)]
pub struct Validation(pub Vec<FieldError>);

impl Validation {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no problem was found.
    pub fn finish<T>(self, value: T) -> Result<T, Validation> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for Validation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {} / {}", e.field, e.message_zh, e.message_en))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Validation {}
