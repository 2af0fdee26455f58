//! Turning path segments, query strings and bodies into values, with errors in the API's own
//! shape: every refusal is a problem+json 400 that names the field, in Chinese and English.

use crate::problem::ApiError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_domain::{FieldError, Validation};
use serde::de::DeserializeOwned;

/// A numeric id from the path; anything else names no record, so it is a 404.
pub fn id(raw: &str, entity: &'static str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound { entity })
}

/// A JSON body. Unlike axum's `Json`, every refusal (no JSON content type, empty, not JSON, a
/// field missing or of the wrong type) is a 400 problem naming the field; never a 415/422/500.
pub struct ApiJson<T>(pub T);

/// The query string's parameters; a refusal is a 400 problem naming the parameter.
pub struct ApiQuery<T>(pub T);

fn refused(field: String, zh: String, en: String) -> ApiError {
    ApiError(AppError::Invalid(Validation(vec![FieldError::new(
        field,
        "malformed",
        zh,
        en,
    )])))
}

/// The field a serde error is about: the path to it, or the name in "missing field `x`".
fn field_of(path: &serde_path_to_error::Path, message: &str, whole: &str) -> String {
    let path = path.to_string();
    if !matches!(path.as_str(), "" | "." | "?") {
        return path;
    }
    message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .map_or_else(|| whole.to_owned(), str::to_owned)
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !json {
            return Err(refused(
                "body".into(),
                "请求体须为 JSON（Content-Type: application/json）".into(),
                "the body must be JSON (Content-Type: application/json)".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                refused(
                    "body".into(),
                    "请求体无法读取（可能超过大小上限）".into(),
                    format!("the body cannot be read: {}", e.body_text()),
                )
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let message = e.inner().to_string();
            let field = field_of(e.path(), &message, "body");
            refused(
                field.clone(),
                format!("请求体的 {field} 有误：{message}"),
                format!("{field}: {message}"),
            )
        })?;
        de.end().map_err(|e| {
            refused(
                "body".into(),
                "请求体在 JSON 之后还有多余内容".into(),
                format!("the body has more after the JSON value: {e}"),
            )
        })?;
        Ok(ApiJson(value))
    }
}

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let message = e.inner().to_string();
                let field = field_of(e.path(), &message, "query");
                refused(
                    field.clone(),
                    format!("查询参数 {field} 有误：{message}"),
                    format!("query parameter {field}: {message}"),
                )
            })
    }
}

/// What a handler answers: its value, or an error in the API's problem shape.
pub type Answer<T> = Result<T, ApiError>;

/// The audit context of a request made with a bearer token.
pub fn context(actor: gowest_domain::access::Actor, ip: Option<String>) -> Context {
    Context::user(actor, ip)
}
