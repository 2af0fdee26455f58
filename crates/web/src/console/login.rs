//! `/login`, `/logout` and `/login/second-factor`.

use super::signed::{FORM_COOKIE, SESSION_COOKIE, current_session, session_cookie};
use crate::client::ClientIp;
use crate::pages::Ctx;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, FromRequestParts, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use gowest_app::auth::{LoginError, SecondFactor};
use gowest_app::{App, AppError};
use serde::Deserialize;

/// The double-submit token for forms shown before sign-in: a cookie and a hidden field
/// that must match, so another site cannot post them.
pub(super) fn form_token(jar: CookieJar) -> (CookieJar, String) {
    if let Some(existing) = jar.get(FORM_COOKIE) {
        let token = existing.value().to_owned();
        return (jar, token);
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let cookie = Cookie::build((FORM_COOKIE, token.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .build();
    (jar.add(cookie), token)
}

pub(super) fn form_token_matches(jar: &CookieJar, sent: &str) -> bool {
    jar.get(FORM_COOKIE)
        .is_some_and(|c| !sent.is_empty() && c.value() == sent)
}

/// Only a path on this site, safe in a `Location` header; the console by default.
pub(super) fn local(next: Option<&str>) -> String {
    match next.filter(|n| !n.is_empty()) {
        Some(n) => crate::pages::ctx::local_path(Some(n)),
        None => "/console".to_owned(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/login.html")]
struct LoginPage {
    lang: Lang,
    frame: Frame,
    next: String,
    username: String,
    error: Option<String>,
    form_token: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(ctx: Ctx, jar: CookieJar, Query(q): Query<NextQuery>) -> Response {
    let (jar, token) = form_token(jar);
    let page = LoginPage {
        lang: ctx.lang,
        frame: ctx.frame("login"),
        next: local(q.next.as_deref()),
        username: String::new(),
        error: None,
        form_token: token,
    };
    (jar, page).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    form_token: String,
}

pub async fn submit(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = ctx.lang;
    let next = local(form.next.as_deref());
    let again = |jar: CookieJar, status: StatusCode, error: String| {
        let (jar, token) = form_token(jar);
        let page = LoginPage {
            lang,
            frame: ctx.frame("login"),
            next: next.clone(),
            username: form.username.clone(),
            error: Some(error),
            form_token: token,
        };
        (status, jar, page).into_response()
    };
    if !form_token_matches(&jar, &form.form_token) {
        let message = lang.pick(
            "页面已过期，请重新提交。",
            "The page expired; please submit again.",
        );
        return again(jar, StatusCode::FORBIDDEN, message.into());
    }
    match app.login(&form.username, &form.password, ip).await {
        Ok(session) => {
            let target = match (session.second_factor, session.must_change_password) {
                (SecondFactor::Passed, false) => next,
                (SecondFactor::Passed, true) => "/account/password".into(),
                _ => "/login/second-factor".into(),
            };
            (
                jar.add(session_cookie(session.token)),
                Redirect::to(&target),
            )
                .into_response()
        }
        Err(LoginError::WrongCredentials) => again(
            jar,
            StatusCode::UNAUTHORIZED,
            lang.pick("用户名或密码不正确。", "Wrong username or password.")
                .into(),
        ),
        Err(LoginError::Locked(until)) => {
            let at = until.with_timezone(&super::beijing()).format("%H:%M");
            let message = match lang {
                Lang::Zh => format!("登录失败次数过多，请于北京时间 {at} 后再试。"),
                Lang::En => {
                    format!("Too many failed attempts; try again after {at} (Beijing time).")
                }
            };
            again(jar, StatusCode::TOO_MANY_REQUESTS, message)
        }
        Err(LoginError::App(e)) => PageError::new(&ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    parts: RequestParts,
    Form(form): Form<CsrfForm>,
) -> Response {
    match current_session(&parts.0, &app).await {
        Ok(Some(session)) if session.csrf_token == form.csrf => {
            if let Err(e) = app.logout(&session, ip).await {
                return PageError::new(&ctx, e).into_response();
            }
        }
        Ok(Some(_)) => return PageError::new(&ctx, AppError::Forbidden).into_response(),
        Ok(None) => {}
        Err(e) => return PageError::new(&ctx, e).into_response(),
    }
    (jar.remove(Cookie::from(SESSION_COOKIE)), Redirect::to("/")).into_response()
}

/// The request's head, for handlers that look at the session themselves.
pub struct RequestParts(pub Parts);

impl<S: Send + Sync> FromRequestParts<S> for RequestParts {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestParts(parts.clone()))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/second_factor.html")]
struct SecondFactorPage {
    lang: Lang,
    frame: Frame,
    enrol: bool,
    secret: String,
    otpauth_url: String,
    csrf: String,
    error: Option<String>,
}

async fn second_factor_page(
    app: &App,
    ctx: &Ctx,
    session: &gowest_app::auth::Session,
    ip: Option<String>,
    error: Option<String>,
) -> Result<SecondFactorPage, AppError> {
    let enrol = session.second_factor == SecondFactor::Enrol;
    let (secret, otpauth_url) = if enrol {
        let offer = app.offer_totp(session, ip).await?;
        (offer.secret_base32, offer.otpauth_url)
    } else {
        (String::new(), String::new())
    };
    Ok(SecondFactorPage {
        lang: ctx.lang,
        frame: ctx.frame("login"),
        enrol,
        secret,
        otpauth_url,
        csrf: session.csrf_token.clone(),
        error,
    })
}

pub async fn second_factor_form(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    parts: RequestParts,
) -> Response {
    match current_session(&parts.0, &app).await {
        Ok(Some(s)) if s.second_factor != SecondFactor::Passed => {
            match second_factor_page(&app, &ctx, &s, ip, None).await {
                Ok(page) => page.into_response(),
                Err(e) => PageError::new(&ctx, e).into_response(),
            }
        }
        Ok(Some(_)) => Redirect::to("/console").into_response(),
        Ok(None) => Redirect::to("/login").into_response(),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

pub async fn second_factor_submit(
    State(app): State<App>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    parts: RequestParts,
    Form(form): Form<CodeForm>,
) -> Response {
    let session = match current_session(&parts.0, &app).await {
        Ok(Some(s)) if s.second_factor != SecondFactor::Passed => s,
        Ok(Some(_)) => return Redirect::to("/console").into_response(),
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    if form.csrf != session.csrf_token {
        return PageError::new(&ctx, AppError::Forbidden).into_response();
    }
    let result = match session.second_factor {
        SecondFactor::Enrol => app.confirm_totp(&session, &form.code, ip.clone()).await,
        _ => app.verify_totp(&session, &form.code, ip.clone()).await,
    };
    match result {
        Ok(()) if session.must_change_password => Redirect::to("/account/password").into_response(),
        Ok(()) => Redirect::to("/console").into_response(),
        // Too many wrong codes: the session has ended; back to the password.
        Err(AppError::Invalid(v)) if v.0.iter().any(|e| e.code == "too_many") => {
            let message =
                v.0.first()
                    .map(|e| ctx.lang.pick(&e.message_zh, &e.message_en));
            let (jar, token) = form_token(CookieJar::from_headers(&parts.0.headers));
            let page = LoginPage {
                lang: ctx.lang,
                frame: ctx.frame("login"),
                next: "/console".into(),
                username: session.actor.username.clone(),
                error: message.map(str::to_owned),
                form_token: token,
            };
            let jar = jar.remove(Cookie::from(SESSION_COOKIE));
            (StatusCode::UNAUTHORIZED, jar, page).into_response()
        }
        Err(AppError::Invalid(v)) => {
            let message =
                v.0.first()
                    .map(|e| ctx.lang.pick(&e.message_zh, &e.message_en).to_owned());
            match second_factor_page(&app, &ctx, &session, ip, message).await {
                Ok(page) => (StatusCode::UNAUTHORIZED, page).into_response(),
                Err(e) => PageError::new(&ctx, e).into_response(),
            }
        }
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/account_totp.html")]
struct AccountTotpPage {
    lang: Lang,
    frame: Frame,
    nav: super::signed::Nav,
    enrolled: bool,
    secret: String,
    otpauth_url: String,
    error: Option<String>,
}

async fn account_totp_page(
    app: &App,
    signed: &super::signed::Signed,
    error: Option<String>,
) -> Result<AccountTotpPage, AppError> {
    let enrolled = app.has_totp(&signed.session).await?;
    let (secret, otpauth_url) = if enrolled {
        (String::new(), String::new())
    } else {
        let offer = app.offer_totp(&signed.session, signed.ip.clone()).await?;
        (offer.secret_base32, offer.otpauth_url)
    };
    Ok(AccountTotpPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("password"),
        enrolled,
        secret,
        otpauth_url,
        error,
    })
}

/// `/account/second-factor`: a user whose roles do not require a second factor may enrol
/// one by choice; from then on every sign-in asks for it.
pub async fn account_totp_form(State(app): State<App>, signed: super::signed::Signed) -> Response {
    match account_totp_page(&app, &signed, None).await {
        Ok(page) => page.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn account_totp_submit(
    State(app): State<App>,
    super::signed::CsrfForm(signed, form): super::signed::CsrfForm<CodeForm>,
) -> Response {
    match app
        .confirm_totp(&signed.session, &form.code, signed.ip.clone())
        .await
    {
        Ok(()) => Redirect::to("/account/second-factor").into_response(),
        Err(AppError::Invalid(v)) => {
            let message = v.0.first().map(|e| {
                signed
                    .ctx
                    .lang
                    .pick(&e.message_zh, &e.message_en)
                    .to_owned()
            });
            match account_totp_page(&app, &signed, message).await {
                Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
