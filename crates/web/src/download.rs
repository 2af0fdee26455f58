//! Files handed to the browser: the media type follows the extension, and the name keeps its
//! Chinese form where there is one (RFC 6266 / 5987: an ASCII `filename` for old clients, the
//! Chinese one in `filename*`). Exports may hold personal data, so nothing is cached.

use crate::pages::query::encode_component;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The media type of a file we hand out, by its extension.
fn media_type(file_name: &str) -> &'static str {
    match file_name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("ics") => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn disposition(ascii_name: &str, chinese_name: Option<&str>) -> String {
    match chinese_name {
        Some(name) => format!(
            "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
            encode_component(name)
        ),
        None => format!("attachment; filename=\"{ascii_name}\""),
    }
}

/// `bytes` as a download named `ascii_name` (`zones.xlsx`), shown as `chinese_name`
/// (`开发区名录.xlsx`) where the browser understands it.
pub fn file(bytes: Vec<u8>, ascii_name: &str, chinese_name: Option<&str>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type(ascii_name).to_owned()),
            (
                header::CONTENT_DISPOSITION,
                disposition(ascii_name, chinese_name),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_are_encoded() {
        assert_eq!(
            disposition("zones.csv", Some("开发区名录.csv")),
            "attachment; filename=\"zones.csv\"; filename*=UTF-8''%E5%BC%80%E5%8F%91%E5%8C%BA%E5%90%8D%E5%BD%95.csv"
        );
        assert_eq!(
            disposition("pipeline.xlsx", None),
            "attachment; filename=\"pipeline.xlsx\""
        );
    }

    #[test]
    fn media_type_follows_the_extension() {
        assert_eq!(media_type("a.csv"), "text/csv; charset=utf-8");
        assert!(media_type("a.xlsx").contains("spreadsheetml"));
        assert_eq!(media_type("a.json"), "application/json");
        assert_eq!(media_type("a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(media_type("a"), "application/octet-stream");
    }
}
