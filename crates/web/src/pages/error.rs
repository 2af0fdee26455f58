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
