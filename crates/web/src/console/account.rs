//! `/account/password` and `/account/organisation`: the signed-in user's own account.

use super::signed::{CsrfForm, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/password.html")]
struct PasswordPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    forced: bool,
    errors: Vec<FieldError>,
}

impl PasswordPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.lang.pick(&e.message_zh, &e.message_en))
    }
}

fn page(signed: &Signed, errors: Vec<FieldError>) -> PasswordPage {
    PasswordPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("password"),
        forced: signed.session.must_change_password,
        errors,
    }
}

pub async fn password_form(signed: Signed) -> Response {
    page(&signed, Vec::new()).into_response()
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

pub async fn password_submit(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<PasswordForm>,
) -> Response {
    if form.password != form.password_again {
        let e = FieldError::new(
            "password_again",
            "mismatch",
            "两次输入的新密码不一致",
            "the new passwords differ",
        );
        return (StatusCode::BAD_REQUEST, page(&signed, vec![e])).into_response();
    }
    let result = app
        .change_password(
            &signed.session,
            &form.current_password,
            &form.password,
            signed.ip.clone(),
        )
        .await;
    match result {
        Ok(()) => Redirect::to("/console?notice=password").into_response(),
        Err(AppError::Invalid(v)) => (StatusCode::BAD_REQUEST, page(&signed, v.0)).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct SwitchForm {
    org_id: i64,
}

pub async fn switch_organisation(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<SwitchForm>,
) -> Response {
    match app
        .switch_organisation(&signed.session, form.org_id, signed.ip.clone())
        .await
    {
        Ok(()) => Redirect::to("/console").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
