//! `/console/tokens`: API tokens for integrations, shown once when made.

use super::signed::{CsrfForm, Id, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::api_tokens::{Capabilities, Capability, TokenRequest, TokenScope};
use gowest_app::{App, AppError};
use gowest_domain::{FieldError, Validation};

/// A token as the page lists it.
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    pub read_only: bool,
    /// The capabilities it is limited to, named; empty for all.
    pub capabilities: Vec<&'static str>,
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/tokens.html")]
struct TokensPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    /// Every capability a token may be limited to: (code, Chinese name).
    all_capabilities: Vec<(&'static str, &'static str)>,
    tokens: Vec<TokenRow>,
    issued: Option<String>,
    error: Option<String>,
}

async fn page(
    app: &App,
    signed: &Signed,
    issued: Option<String>,
    error: Option<String>,
) -> Result<TokensPage, AppError> {
    let fmt = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&super::beijing())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    let tokens = app
        .api_tokens(&signed.session)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            read_only: t.scope == TokenScope::ReadOnly,
            capabilities: t
                .capabilities
                .listed()
                .iter()
                .map(|c| signed.ctx.lang.pick(c.name_zh(), c.code()))
                .collect(),
            expired: t.expired,
            id: t.record.id,
            name: t.record.name,
            created: fmt(t.record.created_at),
            expires: fmt(t.record.expires_at),
            last_used: t.record.last_used_at.map(fmt).unwrap_or_default(),
            revoked: t.record.revoked_at.is_some(),
        })
        .collect();
    Ok(TokensPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("tokens"),
        all_capabilities: Capability::ALL
            .iter()
            .map(|c| (c.code(), c.name_zh()))
            .collect(),
        tokens,
        issued,
        error,
    })
}

pub async fn list(State(app): State<App>, signed: Signed) -> Response {
    match page(&app, &signed, None, None).await {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Default)]
pub struct CreateForm {
    name: String,
    scope: String,
    days: String,
    /// Ticked capabilities; none ticked means every capability.
    capabilities: Vec<String>,
}

impl CreateForm {
    /// The form's fields; each ticked box sends `capabilities` once.
    fn from_pairs(pairs: Vec<(String, String)>) -> CreateForm {
        let mut form = CreateForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => form.name = value,
                "scope" => form.scope = value,
                "days" => form.days = value,
                "capabilities" => form.capabilities.push(value),
                _ => {}
            }
        }
        form
    }
}

impl CreateForm {
    /// The request, or the fields at fault (an unknown scope, days that are not a number).
    fn request(&self) -> Result<TokenRequest, AppError> {
        let mut problems = Vec::new();
        let scope = TokenScope::parse(self.scope.trim());
        if scope.is_none() {
            problems.push(FieldError::new(
                "scope",
                "invalid",
                "请选择只读或读写",
                "choose read-only or read-write",
            ));
        }
        let days = match self.days.trim() {
            "" => None,
            raw => match raw.parse::<u32>() {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(FieldError::new(
                        "days",
                        "invalid",
                        "有效期须为 1–365 的整数天",
                        "days must be a whole number from 1 to 365",
                    ));
                    None
                }
            },
        };
        let ticked = self.capabilities.iter().map(String::as_str);
        let capabilities = match Capabilities::parse_codes("capabilities", ticked) {
            Ok(capabilities) => capabilities,
            Err(problem) => {
                problems.push(problem);
                Capabilities::all()
            }
        };
        match scope {
            Some(scope) if problems.is_empty() => Ok(TokenRequest {
                name: self.name.clone(),
                scope,
                capabilities,
                days,
            }),
            _ => Err(Validation(problems).into()),
        }
    }
}

pub async fn create(
    State(app): State<App>,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let form = CreateForm::from_pairs(pairs);
    let created = match form.request() {
        Ok(request) => {
            app.create_api_token_with(&signed.session, &request, signed.ip.clone())
                .await
        }
        Err(e) => Err(e),
    };
    let result = match created {
        Ok((_, token)) => page(&app, &signed, Some(token), None)
            .await
            .map(|p| (StatusCode::OK, p)),
        Err(AppError::Invalid(v)) => {
            let message = v.0.first().map(|e| {
                signed
                    .ctx
                    .lang
                    .pick(&e.message_zh, &e.message_en)
                    .to_owned()
            });
            page(&app, &signed, None, message)
                .await
                .map(|p| (StatusCode::BAD_REQUEST, p))
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn revoke(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app
        .revoke_api_token(&signed.session, id, signed.ip.clone())
        .await
    {
        Ok(()) => Redirect::to("/console/tokens").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
