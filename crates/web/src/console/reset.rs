//! `/reset/{token}`: the holder of a one-time link sets their own password. No sign-in:
//! the token in the path is the secret (only its hash is stored), so no other site can
//! post this form without it. A used, replaced or expired link answers 410, an unknown
//! one 400, each with a page that says so.

use crate::client::ClientIp;
use crate::pages::Ctx;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::accounts::LinkRefusal;
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/reset.html")]
struct ResetPage {
    lang: Lang,
    frame: Frame,
    /// The account's username, while the link is good.
    username: Option<String>,
    refusal: Option<LinkRefusal>,
    done: bool,
    errors: Vec<FieldError>,
}

impl ResetPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.lang.pick(&e.message_zh, &e.message_en))
    }

    fn refusal_text(&self) -> &'static str {
        match self.refusal {
            Some(LinkRefusal::Expired) => self.lang.pick(
                "此链接已过期，请联系安全管理员重新发送。",
                "This link has expired; ask the security administrator for a new one.",
            ),
            Some(LinkRefusal::Used) => self.lang.pick(
                "此链接已使用或已被新链接取代，不能再次使用。",
                "This link has been used or replaced by a newer one; it works only once.",
            ),
            _ => self.lang.pick(
                "链接无效，请检查是否完整复制。",
                "This link is not valid; check that it was copied whole.",
            ),
        }
    }
}

fn render(ctx: &Ctx, page: Result<ResetPage, AppError>) -> Response {
    match page {
        Ok(p) => {
            let status = match p.refusal {
                Some(LinkRefusal::Unknown) => StatusCode::BAD_REQUEST,
                Some(_) => StatusCode::GONE,
                None if !p.errors.is_empty() => StatusCode::BAD_REQUEST,
                None => StatusCode::OK,
            };
            (status, p).into_response()
        }
        Err(e) => PageError::new(ctx, e).into_response(),
    }
}

fn blank(ctx: &Ctx) -> ResetPage {
    ResetPage {
        lang: ctx.lang,
        frame: ctx.frame(""),
        username: None,
        refusal: None,
        done: false,
        errors: Vec::new(),
    }
}

pub async fn form(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> Response {
    let page = app.password_link(&token, ip).await.map(|state| {
        let mut p = blank(&ctx);
        match state {
            Ok(username) => p.username = Some(username),
            Err(refusal) => p.refusal = Some(refusal),
        }
        p
    });
    render(&ctx, page)
}

#[derive(Deserialize)]
pub struct SetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

pub async fn submit(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    Form(form): Form<SetForm>,
) -> Response {
    let mut p = blank(&ctx);
    let username = match app.password_link(&token, ip.clone()).await {
        Ok(Ok(username)) => username,
        Ok(Err(refusal)) => {
            p.refusal = Some(refusal);
            return render(&ctx, Ok(p));
        }
        Err(e) => return render(&ctx, Err(e)),
    };
    p.username = Some(username);
    if form.password != form.password_again {
        p.errors.push(FieldError::new(
            "password_again",
            "mismatch",
            "两次输入的新密码不一致",
            "the new passwords differ",
        ));
        return render(&ctx, Ok(p));
    }
    match app.set_password_by_link(&token, &form.password, ip).await {
        Ok(Ok(())) => p.done = true,
        Ok(Err(refusal)) => p.refusal = Some(refusal),
        Err(AppError::Invalid(v)) => p.errors = v.0,
        Err(e) => return render(&ctx, Err(e)),
    }
    render(&ctx, Ok(p))
}
