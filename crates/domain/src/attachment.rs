//! Uploaded files (证明材料 and the like): which kinds are accepted and how large, checked
//! against the bytes themselves, not only the name or the declared type.

use crate::error::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// 10 MB: a scanned bank slip or registration certificate fits many times over.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file the platform keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
    Xlsx,
}

impl MediaType {
    pub const ALL: [MediaType; 4] = [
        MediaType::Pdf,
        MediaType::Jpeg,
        MediaType::Png,
        MediaType::Xlsx,
    ];

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn parse_mime(raw: &str) -> Option<MediaType> {
        let raw = raw.trim().to_ascii_lowercase();
        MediaType::ALL.into_iter().find(|m| m.mime() == raw)
    }

    /// What the first bytes say the file is. XLSX is a ZIP container; the declared type
    /// must agree, so a ZIP sniff alone does not admit arbitrary archives as anything else.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"PK\x03\x04") {
            Some(MediaType::Xlsx)
        } else {
            None
        }
    }
}

fn error(field: &str, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(field, code, zh, en)
}

/// Checks an upload: a plain file name, a size within the limit, and content that is one of
/// the accepted kinds and agrees with the declared type (when one is declared).
pub fn check_upload(
    field: &str,
    file_name: &str,
    declared: Option<&str>,
    bytes: &[u8],
) -> Result<MediaType, Validation> {
    let mut v = Validation::default();
    let name = file_name.trim();
    if name.is_empty()
        || name.chars().count() > 255
        || name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\'))
    {
        v.push(error(
            field,
            "bad_file_name",
            "文件名须为1–255个字符，且不含路径分隔符".into(),
            format!("{field}: the file name must be 1–255 characters without path separators"),
        ));
    }
    if bytes.is_empty() {
        v.push(error(
            field,
            "empty",
            "文件为空".into(),
            format!("{field}: the file is empty"),
        ));
        return Err(v);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        v.push(error(
            field,
            "too_large",
            format!("文件不能超过{}MB", MAX_ATTACHMENT_BYTES / 1024 / 1024),
            format!(
                "{field}: the file must be at most {} MB",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    let sniffed = MediaType::sniff(bytes);
    let declared_type = declared
        .map(str::trim)
        .filter(|d| !d.is_empty() && *d != "application/octet-stream")
        .map(|d| (d, MediaType::parse_mime(d)));
    match (sniffed, declared_type) {
        (None, _) | (_, Some((_, None))) => v.push(error(
            field,
            "unsupported_type",
            "只接受 PDF、JPEG、PNG 或 XLSX 文件".into(),
            format!("{field}: only PDF, JPEG, PNG or XLSX files are accepted"),
        )),
        (Some(s), Some((_, Some(d)))) if s != d => v.push(error(
            field,
            "type_mismatch",
            "文件内容与声明的类型不符".into(),
            format!("{field}: the content does not match the declared type"),
        )),
        _ => {}
    }
    match sniffed {
        Some(kind) if v.is_empty() => Ok(kind),
        _ => Err(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<MediaType, Validation>) -> Vec<&'static str> {
        r.expect_err("refused").0.iter().map(|e| e.code).collect()
    }

    #[test]
    fn accepted_kinds_are_recognised_by_content() {
        assert_eq!(
            check_upload("f", "进账单.pdf", Some("application/pdf"), b"%PDF-1.4 ..."),
            Ok(MediaType::Pdf)
        );
        assert_eq!(
            check_upload("f", "a.png", None, b"\x89PNG\r\n\x1a\nrest"),
            Ok(MediaType::Png)
        );
        assert_eq!(
            check_upload(
                "f",
                "a.jpg",
                Some("application/octet-stream"),
                b"\xff\xd8\xff\xe0"
            ),
            Ok(MediaType::Jpeg)
        );
    }

    #[test]
    fn wrong_kinds_sizes_and_names_are_refused() {
        assert_eq!(
            codes(check_upload("f", "a.exe", None, b"MZ\x90")),
            ["unsupported_type"]
        );
        assert_eq!(
            codes(check_upload("f", "a.pdf", Some("image/png"), b"%PDF-1.4")),
            ["type_mismatch"]
        );
        assert_eq!(
            codes(check_upload("f", "a.pdf", Some("text/html"), b"%PDF-1.4")),
            ["unsupported_type"]
        );
        assert_eq!(codes(check_upload("f", "a.pdf", None, b"")), ["empty"]);
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES + 1, b' ');
        assert_eq!(codes(check_upload("f", "a.pdf", None, &big)), ["too_large"]);
        assert_eq!(
            codes(check_upload("f", "../a.pdf", None, b"%PDF-")),
            ["bad_file_name"]
        );
    }
}
