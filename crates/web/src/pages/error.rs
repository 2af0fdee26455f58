//! The pages' renderer of [`AppError`]: an HTML page with the status, never internals.
//! (The API renders the same error as problem+json, in `crate::problem`.)

use super::ctx::{Ctx, Frame, Lang};
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::AppError;

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: Lang,
    frame: Frame,
    status: u16,
    title: &'static str,
    message: String,
    request_id: Option<String>,
}

/// A handler's error on its way to an HTML page.
pub struct PageError {
    ctx: Ctx,
    error: AppError,
}

impl PageError {
    pub fn new(ctx: &Ctx, error: AppError) -> PageError {
        PageError {
            ctx: ctx.clone(),
            error,
        }
    }
}

fn page(ctx: &Ctx, status: StatusCode, title: &'static str, message: String) -> Response {
    let show_id = status.is_server_error();
    let body = ErrorPage {
        lang: ctx.lang,
        frame: ctx.frame(""),
        status: status.as_u16(),
        title,
        message,
        request_id: ctx.request_id.clone().filter(|_| show_id),
    };
    (status, body).into_response()
}

/// The friendly 404 page.
pub fn not_found(ctx: &Ctx) -> Response {
    let lang = ctx.lang;
    page(
        ctx,
        StatusCode::NOT_FOUND,
        lang.pick("页面不存在", "Page not found"),
        lang.pick(
            "您要找的页面不存在或已被移除。可以从首页或开发区名录重新查找。",
            "The page you asked for does not exist or has moved. Try the home page or the zone directory.",
        )
        .to_owned(),
    )
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (ctx, lang) = (&self.ctx, self.ctx.lang);
        match self.error {
            AppError::NotFound { .. } => not_found(ctx),
            AppError::Forbidden => page(
                ctx,
                StatusCode::FORBIDDEN,
                lang.pick("无权访问", "Forbidden"),
                lang.pick("您没有查看此页面的权限。", "You may not see this page.")
                    .to_owned(),
            ),
            AppError::Invalid(v) => page(
                ctx,
                StatusCode::BAD_REQUEST,
                lang.pick("输入有误", "Invalid input"),
                v.0.iter()
                    .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; ")),
            ),
            AppError::RowsRejected(rows) => page(
                ctx,
                StatusCode::BAD_REQUEST,
                lang.pick("输入有误", "Invalid input"),
                rows.iter()
                    .map(|r| match lang {
                        Lang::Zh => format!("第{}行 {}：{}", r.row, r.column, r.message_zh),
                        Lang::En => {
                            format!("row {}, column {}: {}", r.row, r.column, r.message_en)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; ")),
            ),
            AppError::File(reason) => page(
                ctx,
                StatusCode::BAD_REQUEST,
                lang.pick("文件无法读取", "File cannot be read"),
                reason,
            ),
            AppError::Conflict(what) => {
                // The detail may name a database constraint: it goes to the log only.
                tracing::warn!(conflict = %what, request_id = ?ctx.request_id, "page refused as a conflict");
                page(
                    ctx,
                    StatusCode::CONFLICT,
                    lang.pick("与现有数据冲突", "Conflict"),
                    lang.pick(
                        "与现有数据或他人同时所做的修改冲突，请刷新后重试。",
                        "This conflicts with existing data or with a change made meanwhile; reload and try again.",
                    )
                    .to_owned(),
                )
            }
            AppError::TooLarge(refused) => page(
                ctx,
                StatusCode::BAD_REQUEST,
                lang.pick("文件过大", "File too large"),
                lang.pick(&refused.message_zh(), &refused.message_en())
                    .to_owned(),
            ),
            AppError::Unavailable(error) => {
                tracing::error!(%error, request_id = ?ctx.request_id, "database unavailable");
                page(
                    ctx,
                    StatusCode::SERVICE_UNAVAILABLE,
                    lang.pick("服务暂时不可用", "Service unavailable"),
                    lang.pick(
                        "数据库暂时无法连接，请稍后再试。",
                        "The database is not reachable; please try again shortly.",
                    )
                    .to_owned(),
                )
            }
            other => {
                tracing::error!(error = %other, request_id = ?ctx.request_id, "page failed");
                page(
                    ctx,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang.pick("系统内部错误", "Internal error"),
                    lang.pick(
                        "服务器未能完成请求，请将下面的请求编号告知运维人员。",
                        "The server could not complete the request; quote the request id below to the operators.",
                    )
                    .to_owned(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gowest_app::error::RowError;

    fn ctx() -> Ctx {
        Ctx {
            lang: Lang::En,
            here: "/console".into(),
            fragment: false,
            request_id: Some("rid-1".into()),
        }
    }

    async fn answer(error: AppError) -> (StatusCode, String) {
        let response = PageError::new(&ctx(), error).into_response();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn refusals_keep_their_status_on_pages() {
        // A conflict was a 500 showing nothing; it is a 409 without the constraint's text.
        let (status, body) = answer(AppError::Conflict(
            "UNIQUE constraint failed: distributors.credit_code".into(),
        ))
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            !body.contains("UNIQUE") && !body.contains("credit_code"),
            "{body}"
        );
        assert!(body.contains("reload and try again"), "{body}");

        let rows = vec![RowError {
            row: 3,
            column: "C 省份代码".into(),
            field: "province_code".into(),
            message_zh: "省份代码不存在".into(),
            message_en: "no such province".into(),
        }];
        let (status, body) = answer(AppError::RowsRejected(rows)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("row 3") && body.contains("no such province"),
            "{body}"
        );

        let (status, body) = answer(AppError::File("not an .xlsx file".into())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("not an .xlsx file"), "{body}");

        let (status, body) = answer(AppError::Internal("getrandom: no entropy".into())).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            !body.contains("entropy") && body.contains("rid-1"),
            "{body}"
        );
    }
}
