//! `/console/users`: the system administrator makes accounts; the security administrator
//! resets credentials. Each sees only the actions of their own duty.

use super::signed::{Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::accounts::{
    AccountAuthority, AccountReader, NewAccount, OrgForm, UserSummary, temporary_password,
};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::account::Role;
use gowest_domain::org::Organisation;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/users.html")]
struct UsersPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    users: Vec<UserSummary>,
    organisations: Vec<Organisation>,
    can_create: bool,
    can_reset: bool,
    errors: Vec<FieldError>,
    issued: Option<(String, String)>,
}

impl UsersPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.lang.pick(&e.message_zh, &e.message_en))
    }

    fn role_name(&self, role: &Role) -> &'static str {
        self.lang.pick(role.name_zh(), role.name_en())
    }
}

async fn page(
    app: &App,
    signed: &Signed,
    errors: Vec<FieldError>,
    issued: Option<(String, String)>,
) -> Result<UsersPage, AppError> {
    let actor = &signed.session.actor;
    let system = actor.system_admin();
    let security = actor.security_admin();
    let reader = match (&system, &security) {
        (Some(s), _) => AccountReader::System(s),
        (None, Some(s)) => AccountReader::Security(s),
        (None, None) => return Err(AppError::Forbidden),
    };
    let users = app.user_summaries(reader).await?;
    let organisations = match &system {
        Some(s) => app.organisations_for_admin(s).await?,
        None => Vec::new(),
    };
    Ok(UsersPage {
        lang: signed.ctx.lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("users"),
        users,
        organisations,
        can_create: system.is_some(),
        can_reset: security.is_some(),
        errors,
        issued,
    })
}

pub async fn list(State(app): State<App>, signed: Signed) -> Response {
    match page(&app, &signed, Vec::new(), None).await {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    org_id: Option<i64>,
    #[serde(default)]
    role: String,
}

pub async fn create(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<CreateForm>,
) -> Response {
    let Some(admin) = signed.session.actor.system_admin() else {
        return signed.forbidden();
    };
    if let Some(refused) = signed.bad_csrf(&form.csrf) {
        return refused;
    }
    let outcome = async {
        let role = Role::parse(&form.role).ok_or_else(|| {
            AppError::Invalid(gowest_domain::Validation(vec![FieldError::new(
                "role",
                "invalid",
                "请选择角色",
                "choose a role",
            )]))
        })?;
        let org_id = form.org_id.ok_or_else(|| {
            AppError::Invalid(gowest_domain::Validation(vec![FieldError::new(
                "org_id",
                "required",
                "请选择机构",
                "choose an organisation",
            )]))
        })?;
        let password = temporary_password()?;
        let account = NewAccount {
            username: form.username.clone(),
            display_name: form.display_name.clone(),
            password: password.clone(),
            duty: None,
            memberships: vec![(org_id, role)],
            must_change_password: true,
            demo: false,
        };
        app.add_user(AccountAuthority::Admin(&admin), &signed.context(), account)
            .await?;
        Ok::<_, AppError>(password)
    }
    .await;
    let issued =
        outcome.map(|password| Some((form.username.trim().to_ascii_lowercase(), password)));
    answer(&app, &signed, issued).await
}

/// The users page after a form: with the temporary password when one was issued, or with
/// the form's errors beside their fields (400); any other failure is the error page.
async fn answer(
    app: &App,
    signed: &Signed,
    outcome: Result<Option<(String, String)>, AppError>,
) -> Response {
    let result = match outcome {
        Ok(issued) => page(app, signed, Vec::new(), issued).await,
        Err(AppError::Invalid(v)) => page(app, signed, v.0, None).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(p) if !p.errors.is_empty() => (StatusCode::BAD_REQUEST, p).into_response(),
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    csrf: String,
}

pub async fn create_organisation(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<OrgCreateForm>,
) -> Response {
    let Some(admin) = signed.session.actor.system_admin() else {
        return signed.forbidden();
    };
    if let Some(refused) = signed.bad_csrf(&form.csrf) {
        return refused;
    }
    let outcome = match app.organisation_from_form(&form.org) {
        Ok((name, place)) => app
            .add_organisation(
                AccountAuthority::Admin(&admin),
                &signed.context(),
                &name,
                place,
            )
            .await
            .map(|_| None),
        Err(v) => Err(AppError::Invalid(v)),
    };
    answer(&app, &signed, outcome).await
}

#[derive(Deserialize)]
pub struct OrgCreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    org: OrgForm,
}

pub async fn reset(
    State(app): State<App>,
    signed: Signed,
    Id(id): Id,
    Form(form): Form<ResetForm>,
) -> Response {
    let Some(security) = signed.session.actor.security_admin() else {
        return signed.forbidden();
    };
    if let Some(refused) = signed.bad_csrf(&form.csrf) {
        return refused;
    }
    let result = async {
        let password = app
            .reset_credentials(&security, &signed.context(), id)
            .await?;
        let username = app
            .user_summaries(AccountReader::Security(&security))
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.username)
            .unwrap_or_default();
        page(&app, &signed, Vec::new(), Some((username, password))).await
    }
    .await;
    match result {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
