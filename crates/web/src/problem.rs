//! Errors as RFC 9457 `application/problem+json`, in Chinese and English, naming the field.

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use gowest_app::AppError;
use gowest_app::error::RowError;
use gowest_domain::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
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
            AppError::Conflict(what) => Problem::new(
                StatusCode::CONFLICT,
                "conflict",
                "Conflict",
                "与现有数据冲突",
            )
            .detail(
                format!("conflicts with existing data ({what})"),
                "与现有数据冲突",
            ),
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
            other => {
                let id = uuid::Uuid::new_v4().to_string();
                tracing::error!(request_id = %id, error = %other, "request failed");
                let mut p = Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Internal error",
                    "系统内部错误",
                )
                .detail(
                    "the server could not complete the request; quote the request id to the operators",
                    "服务器未能完成请求，请将请求编号告知运维人员",
                );
                p.request_id = Some(id);
                p
            }
        };
        problem.into_response()
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
