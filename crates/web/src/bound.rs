//! Length caps on every text a request carries, checked before any handler runs, so no
//! handler (or audit row, or export) can meet a 200 KB name.
//!
//! Query values, `application/x-www-form-urlencoded` fields and every string in a JSON body
//! are held to [`MAX_TEXT`] characters; usernames to [`MAX_USERNAME`] and names to
//! [`MAX_NAME`]. A refusal is a 400 naming the field in Chinese and English: problem+json
//! under `/api`, an error page elsewhere. Files are not text: multipart bodies (uploads) keep
//! their own size limits, and JSON fields ending in `_base64` carry a file.

use crate::pages::Ctx;
use crate::pages::error::PageError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gowest_app::AppError;
use gowest_domain::{FieldError, Validation};

/// The domain's caps: any free text; a username wherever it is typed (sign-in,
/// registration, user forms and API); a person's, organisation's, zone's or file's name.
use gowest_domain::input::{
    MAX_NAME_CHARS as MAX_NAME, MAX_TEXT_CHARS as MAX_TEXT, MAX_USERNAME_CHARS as MAX_USERNAME,
};
/// Fields of one form or query string: the longest real form (a fund claim's rows) has a few
/// hundred.
pub const MAX_FIELDS: usize = 5_000;
/// Forms are read whole only up to axum's default body limit, as their handlers would.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// JSON up to the largest limit an API route sets (a roster, base64); without a bearer
/// token, which every API write needs, no more than a form.
const MAX_JSON_BYTES: usize = 32 * 1024 * 1024;

/// The most characters `field` may hold.
pub(crate) fn cap(field: &str) -> usize {
    let key = field.rsplit('.').next().unwrap_or(field);
    if key == "username" {
        MAX_USERNAME
    } else if matches!(key, "name" | "name_zh" | "name_en" | "display_name")
        || key.ends_with("_name")
    {
        MAX_NAME
    } else {
        MAX_TEXT
    }
}

pub(crate) fn too_long(field: &str, max: usize, got: usize) -> FieldError {
    FieldError::new(
        field,
        "too_long",
        format!("{field} 过长：最多 {max} 个字符，收到 {got} 个"),
        format!("{field} is too long: at most {max} characters, got {got}"),
    )
}

pub(crate) fn too_many_fields(got: usize) -> FieldError {
    FieldError::new(
        "",
        "too_many_fields",
        format!("字段过多：最多 {MAX_FIELDS} 个，收到 {got} 个"),
        format!("too many fields: at most {MAX_FIELDS}, got {got}"),
    )
}

/// The first value over its cap, if any. Counting characters only when the bytes could
/// exceed the cap keeps the common case to a length comparison.
fn check(field: &str, value: &str) -> Option<FieldError> {
    let max = cap(field);
    if value.len() <= max {
        return None;
    }
    let got = value.chars().count();
    (got > max).then(|| too_long(field, max, got))
}

fn check_pairs(encoded: &[u8]) -> Option<FieldError> {
    // Nothing shorter than the smallest cap can break one.
    if encoded.len() <= MAX_USERNAME {
        return None;
    }
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(encoded).ok()?;
    if pairs.len() > MAX_FIELDS {
        return Some(too_many_fields(pairs.len()));
    }
    pairs.iter().find_map(|(k, v)| check(k, v))
}

fn check_json(value: &serde_json::Value, path: &mut String) -> Option<FieldError> {
    match value {
        serde_json::Value::String(s) => check(path, s),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            push(path, &i.to_string());
            let found = check_json(item, path);
            path.truncate(len);
            found
        }),
        serde_json::Value::Object(map) => map.iter().find_map(|(key, item)| {
            if key.ends_with("_base64") {
                return None;
            }
            let len = path.len();
            push(path, key);
            let found = check(path, key).or_else(|| check_json(item, path));
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

fn push(path: &mut String, segment: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(segment);
}

#[derive(Clone, Copy)]
enum Kind {
    Form,
    Json,
    Other,
}

fn kind(parts: &Parts) -> Kind {
    let Some(media) = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
    else {
        return Kind::Other;
    };
    let ends_with_json = media.len() >= 5
        && media.is_char_boundary(media.len() - 5)
        && media[media.len() - 5..].eq_ignore_ascii_case("+json");
    if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Kind::Form
    } else if media.eq_ignore_ascii_case("application/json") || ends_with_json {
        Kind::Json
    } else {
        Kind::Other
    }
}

fn refuse(parts: &Parts, error: FieldError) -> Response {
    if parts.uri.path().starts_with("/api/") {
        crate::problem::invalid(vec![error]).into_response()
    } else {
        let ctx = Ctx::from_parts(parts);
        PageError::new(&ctx, AppError::Invalid(Validation(vec![error]))).into_response()
    }
}

fn too_large(parts: &Parts) -> Response {
    let error = FieldError::new(
        "body",
        "too_large",
        "请求内容过大",
        "the request body is too large",
    );
    let mut response = refuse(parts, error);
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    response
}

/// Refuses a request with an over-long text before `next` sees it; runs `next` otherwise.
pub(crate) async fn bound(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(error) = parts.uri.query().and_then(|q| check_pairs(q.as_bytes())) {
        return refuse(&parts, error);
    }
    let kind = kind(&parts);
    let limit = match kind {
        Kind::Other => return next.run(Request::from_parts(parts, body)).await,
        Kind::Json if parts.headers.contains_key(header::AUTHORIZATION) => MAX_JSON_BYTES,
        Kind::Form | Kind::Json => MAX_FORM_BYTES,
    };
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return too_large(&parts);
    };
    let error = match kind {
        Kind::Form => check_pairs(&bytes),
        // Not JSON: the handler's own extractor refuses it with its usual message.
        Kind::Json => serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|value| check_json(&value, &mut String::new())),
        Kind::Other => None,
    };
    match error {
        Some(error) => refuse(&parts, error),
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_follow_the_field() {
        assert!(check("username", &"a".repeat(64)).is_none());
        assert_eq!(
            check("username", &"a".repeat(65)).map(|e| e.code),
            Some("too_long")
        );
        assert!(check("name_en", &"名".repeat(200)).is_none());
        assert!(check("contact_name", &"名".repeat(201)).is_some());
        assert!(check("description", &"字".repeat(10_000)).is_none());
        assert!(check("description", &"字".repeat(10_001)).is_some());
    }

    #[test]
    fn json_strings_are_found_at_any_depth_and_named_by_path() {
        let long = "x".repeat(MAX_TEXT + 1);
        let value = serde_json::json!({ "rows": [{ "note": "ok" }, { "note": long }] });
        let error = check_json(&value, &mut String::new()).expect("refused");
        assert_eq!(error.field, "rows.1.note");
        assert!(error.message_zh.contains("最多 10000 个字符"));
        let file = serde_json::json!({ "content_base64": "A".repeat(MAX_TEXT * 3) });
        assert!(check_json(&file, &mut String::new()).is_none());
    }

    #[test]
    fn forms_are_decoded_before_counting() {
        let encoded = format!("username={}&password=x", "%E5%90%8D".repeat(64));
        assert!(check_pairs(encoded.as_bytes()).is_none(), "64 characters");
        let encoded = format!("username={}&password=x", "%E5%90%8D".repeat(65));
        assert_eq!(
            check_pairs(encoded.as_bytes()).map(|e| e.field),
            Some("username".to_owned())
        );
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(
            check_pairs(many.as_bytes()).map(|e| e.code),
            Some("too_many_fields")
        );
    }
}
