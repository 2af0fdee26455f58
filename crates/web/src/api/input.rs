//! Turning path segments and bodies into values, with errors in the API's own shape.

use crate::problem::ApiError;
use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_domain::{FieldError, Validation};

/// A numeric id from the path; anything else names no record, so it is a 404.
pub fn id(raw: &str, entity: &'static str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound { entity })
}

/// The JSON body, or a 400 naming the body.
pub fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| {
        AppError::Invalid(Validation(vec![FieldError::new(
            "body",
            "malformed",
            "请求体不是有效的 JSON 对象",
            format!("the body is not a valid JSON object: {}", e.body_text()),
        )]))
    })
}

/// The query string's parameters, or a 400 naming the query string.
pub fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    query.map(|Query(v)| v).map_err(|e| {
        AppError::Invalid(Validation(vec![FieldError::new(
            "query",
            "malformed",
            "查询参数格式不正确",
            format!("malformed query string: {}", e.body_text()),
        )]))
    })
}

/// What a handler answers: its value, or an error in the API's problem shape.
pub type Answer<T> = Result<T, ApiError>;

/// The audit context of a request made with a bearer token.
pub fn context(actor: gowest_domain::access::Actor, ip: Option<String>) -> Context {
    Context::user(actor, ip)
}
