//! Errors as RFC 9457 `application/problem+json`, in Chinese and English, naming the field.

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use gowest_app::AppError;
use gowest_app::error::RowError;
use gowest_domain::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub title_zh: String,
    pub status: u16,
    pub detail: String,
    pub detail_zh: String,
    /// The fields at fault, for input errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Quote this to the operators; present on server errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    fn new(status: StatusCode, kind: &str, title: &str, title_zh: &str) -> Problem {
        Problem {
            kind: format!("https://gowest.mofcom.example/problems/{kind}"),
            title: title.into(),
            title_zh: title_zh.into(),
            status: status.as_u16(),
            detail: String::new(),
            detail_zh: String::new(),
            errors: Vec::new(),
            request_id: None,
        }
    }

    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "未认证",
        )
        .detail(
            "send a valid API token: Authorization: Bearer gw_…",
            "请在请求头中提供有效的 API 令牌：Authorization: Bearer gw_…",
        )
    }

    fn detail(mut self, en: impl Into<String>, zh: impl Into<String>) -> Problem {
        self.detail = en.into();
        self.detail_zh = zh.into();
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// The handlers' error: an [`AppError`] on its way to becoming a problem document.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

pub fn invalid(errors: Vec<FieldError>) -> Problem {
    let (en, zh) = match errors.first() {
        Some(first) => (first.message_en.clone(), first.message_zh.clone()),
        None => (String::new(), String::new()),
    };
    let mut p = Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid-input",
        "Invalid input",
        "输入有误",
    )
    .detail(en, zh);
    p.errors = errors;
    p
}

fn rows_rejected(rows: Vec<RowError>) -> Problem {
    let errors = rows
        .into_iter()
        .map(|r| FieldError {
            field: r.field,
            code: "invalid",
            message_zh: format!("第{}行 {}：{}", r.row, r.column, r.message_zh),
            message_en: format!("row {}, column {}: {}", r.row, r.column, r.message_en),
        })
        .collect();
    // Refused rows are refused input: 400 like every other (the API convention).
    invalid(errors)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = match self.0 {
            AppError::Invalid(v) => invalid(v.0),
            AppError::RowsRejected(rows) => rows_rejected(rows),
            AppError::NotFound { entity } => {
                Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", "未找到").detail(
                    format!("{entity} not found"),
                    format!("未找到该记录（{entity}）"),
                )
            }
            AppError::Forbidden => {
                Problem::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", "无权操作")
                    .detail("you may not do this", "您没有此项操作的权限")
            }
            AppError::Conflict(what) => {
                // The detail may name a database constraint: it goes to the log only.
                tracing::warn!(conflict = %what, "request refused as a conflict");
                conflict()
            }
            AppError::File(reason) => invalid(vec![FieldError::new(
                "file",
                "unreadable",
                format!("文件无法读取：{reason}"),
                format!("the file cannot be read: {reason}"),
            )]),
            AppError::TooLarge(refused) => Problem::new(
                StatusCode::BAD_REQUEST,
                "too-large",
                "File too large",
                "文件过大",
            )
            .detail(refused.message_en(), refused.message_zh()),
            AppError::Unavailable(error) => {
                tracing::error!(%error, "database unavailable");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Service unavailable",
                    "服务暂时不可用",
                )
                .detail(
                    "the database is not reachable; try again shortly",
                    "数据库暂时无法连接，请稍后再试",
                )
            }
            other => return internal(other.to_string()),
        };
        problem.into_response()
    }
}

/// The 409 every conflict answers: the same words whatever the cause, so no constraint or
/// table name reaches a client.
fn conflict() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "conflict",
        "Conflict",
        "与现有数据冲突",
    )
    .detail(
        "this conflicts with existing data or with a change made meanwhile; reload and try again",
        "与现有数据或他人同时所做的修改冲突，请刷新后重试",
    )
}

/// A server error waiting for its request id: [`request_id`] (the middleware) fills in the
/// id of the request, the one the `x-request-id` header carries, and logs the cause with it.
#[derive(Clone)]
struct Fault {
    problem: Problem,
    cause: String,
}

fn internal(cause: String) -> Response {
    let problem = Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "系统内部错误",
    )
    .detail(
        "the server could not complete the request; quote the request id to the operators",
        "服务器未能完成请求，请将请求编号告知运维人员",
    );
    let mut response = problem.clone().into_response();
    response.extensions_mut().insert(Fault { problem, cause });
    response
}

/// A server error's problem document carries the request's own id (`header`, the
/// `x-request-id` the outer layer set), and the log line names the same id, so one request
/// has one id. Any other answer passes unchanged.
pub(crate) fn with_request_id(
    mut response: Response,
    header: Option<axum::http::HeaderValue>,
) -> Response {
    let Some(Fault { mut problem, cause }) = response.extensions_mut().remove::<Fault>() else {
        return response;
    };
    let id = header.and_then(|v| v.to_str().ok().map(str::to_owned));
    tracing::error!(request_id = ?id, error = %cause, "request failed");
    problem.request_id = id;
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match serde_json::to_vec(&problem) {
        Ok(body) => Response::from_parts(parts, axum::body::Body::from(body)),
        Err(_) => Response::from_parts(parts, axum::body::Body::empty()),
    }
}

/// The fallback: problem+json under `/api`, the HTML 404 page everywhere else.
pub async fn not_found(uri: Uri, ctx: crate::pages::Ctx) -> Response {
    let path = uri.path();
    if path != "/api" && !path.starts_with("/api/") {
        return crate::pages::not_found(&ctx);
    }
    Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", "未找到")
        .detail(
            format!("no such resource: {}", uri.path()),
            format!("没有这个地址：{}", uri.path()),
        )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(error: AppError) -> (StatusCode, serde_json::Value) {
        let response = ApiError(error).into_response();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        (status, serde_json::from_slice(&body).expect("problem+json"))
    }

    #[tokio::test]
    async fn no_database_text_reaches_a_client() {
        for (backend_text, constraint) in [
            (
                "UNIQUE constraint failed: distributors.credit_code",
                "credit_code",
            ),
            ("distributors_credit_code_key", "distributors"),
        ] {
            let (status, problem) = answer(AppError::Conflict(backend_text.into())).await;
            assert_eq!(status, StatusCode::CONFLICT);
            let text = problem.to_string();
            assert!(!text.contains(constraint), "{text}");
            assert!(problem["detail_zh"].as_str().is_some_and(|d| !d.is_empty()));
        }
    }

    #[tokio::test]
    async fn a_file_the_user_can_fix_is_400_an_internal_failure_500() {
        let (status, problem) = answer(AppError::File("empty file".into())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(problem["errors"][0]["field"], "file");
        let (status, problem) = answer(AppError::Internal("getrandom failed".into())).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!problem.to_string().contains("getrandom"), "{problem}");
    }
}
