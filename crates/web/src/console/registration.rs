//! `/register`: an enterprise registers itself and waits for approval.

use super::login::{form_token, form_token_matches};
use crate::client::ClientIp;
use crate::pages::Ctx;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use gowest_app::registration::Registration;
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/register.html")]
struct RegisterPage {
    lang: Lang,
    frame: Frame,
    form: Registration,
    provinces: Vec<(String, String)>,
    errors: Vec<FieldError>,
    done: bool,
    form_token: String,
}

impl RegisterPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.lang.pick(&e.message_zh, &e.message_en))
    }
}

fn page(
    app: &App,
    ctx: &Ctx,
    form: Registration,
    errors: Vec<FieldError>,
    done: bool,
    token: String,
) -> RegisterPage {
    RegisterPage {
        lang: ctx.lang,
        frame: ctx.frame("login"),
        provinces: app
            .provinces()
            .into_iter()
            .map(|p| {
                (
                    p.code.to_string(),
                    ctx.lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
                )
            })
            .collect(),
        form,
        errors,
        done,
        form_token: token,
    }
}

pub async fn form(State(app): State<App>, ctx: Ctx, jar: CookieJar) -> Response {
    let (jar, token) = form_token(jar);
    (
        jar,
        page(
            &app,
            &ctx,
            Registration::default(),
            Vec::new(),
            false,
            token,
        ),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    form_token: String,
    #[serde(flatten)]
    registration: Registration,
}

pub async fn submit(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Form(form): Form<RegisterForm>,
) -> Response {
    if !form_token_matches(&jar, &form.form_token) {
        return PageError::new(&ctx, AppError::Forbidden).into_response();
    }
    let (jar, token) = form_token(jar);
    let mut shown = form.registration.clone();
    shown.password = String::new();
    match app.register_enterprise(form.registration, ip).await {
        Ok(_) => (jar, page(&app, &ctx, shown, Vec::new(), true, token)).into_response(),
        Err(AppError::Invalid(v)) => (
            StatusCode::BAD_REQUEST,
            jar,
            page(&app, &ctx, shown, v.0, false, token),
        )
            .into_response(),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}
