//! `/console/users`: the system administrator makes accounts and organisations; the
//! security administrator resets and disables business accounts, decides privileged grants
//! and sets the password rules. Each sees only the actions of their own duty, and nobody
//! is ever shown a password: a new or reset account gets a one-time link.

use super::signed::{CsrfForm, Id, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::accounts::{
    AccountAuthority, AccountReader, IssuedLink, OrgForm, PendingGrant, UserSummary,
};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::account::{PasswordRules, Role};
use gowest_domain::org::Organisation;
use serde::Deserialize;

/// What a form just did, shown once above the page.
pub(crate) enum Done {
    /// A one-time link to pass on (new account or reset), and grants left waiting.
    Link(IssuedLink, usize),
    Notice(&'static str, &'static str),
}

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
    done: Option<Done>,
    grants: Vec<PendingGrant>,
    rules: PasswordRules,
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
    done: Option<Done>,
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
    let grants = match &security {
        Some(s) => app.pending_grants(s).await?,
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
        done,
        grants,
        rules: app.password_rules().await?,
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
    CsrfForm(signed, form): CsrfForm<CreateForm>,
) -> Response {
    let Some(admin) = signed.session.actor.system_admin() else {
        return signed.forbidden();
    };
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
        let created = app
            .create_account(
                &admin,
                &signed.context(),
                &form.username,
                &form.display_name,
                vec![(org_id, role)],
            )
            .await?;
        Ok::<_, AppError>(Some(Done::Link(created.link, created.pending)))
    }
    .await;
    answer(&app, &signed, outcome).await
}

/// The users page after a form: with what was done (a one-time link to pass on), or with
/// the form's errors beside their fields (400); any other failure is the error page.
async fn answer(app: &App, signed: &Signed, outcome: Result<Option<Done>, AppError>) -> Response {
    let result = match outcome {
        Ok(done) => page(app, signed, Vec::new(), done).await,
        Err(AppError::Invalid(v)) => page(app, signed, v.0, None).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(p) if !p.errors.is_empty() => (StatusCode::BAD_REQUEST, p).into_response(),
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn create_organisation(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<OrgCreateForm>,
) -> Response {
    let Some(admin) = signed.session.actor.system_admin() else {
        return signed.forbidden();
    };
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
    #[serde(flatten)]
    org: OrgForm,
}

/// The security administrator's right over the account in the path, checked before
/// anything else: refused (403) for an account that holds a duty.
async fn keeper(
    app: &App,
    signed: &Signed,
    id: i64,
) -> Result<gowest_domain::access::AccountKeeper, Response> {
    let Some(security) = signed.session.actor.security_admin() else {
        return Err(signed.forbidden());
    };
    app.account_keeper(&security, id)
        .await
        .map_err(|e| PageError::new(&signed.ctx, e).into_response())
}

pub async fn reset(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    let keeper = match keeper(&app, &signed, id).await {
        Ok(k) => k,
        Err(refused) => return refused,
    };
    let outcome = app
        .issue_reset_link(&keeper, &signed.context())
        .await
        .map(|link| Some(Done::Link(link, 0)));
    answer(&app, &signed, outcome).await
}

pub async fn disable(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    set_disabled(app, signed, id, true).await
}

pub async fn enable(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    set_disabled(app, signed, id, false).await
}

async fn set_disabled(app: App, signed: Signed, id: i64, disabled: bool) -> Response {
    let keeper = match keeper(&app, &signed, id).await {
        Ok(k) => k,
        Err(refused) => return refused,
    };
    let outcome = app
        .set_account_disabled(&keeper, &signed.context(), disabled)
        .await
        .map(|()| {
            Some(if disabled {
                Done::Notice(
                    "账号已停用，其会话与 API 令牌已撤销。",
                    "Account disabled; its sessions and API tokens are revoked.",
                )
            } else {
                Done::Notice("账号已启用。", "Account enabled.")
            })
        });
    answer(&app, &signed, outcome).await
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    decision: String,
}

/// The security administrator approves or refuses a privileged grant.
pub async fn decide_grant(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<GrantForm>,
) -> Response {
    let Some(security) = signed.session.actor.security_admin() else {
        return signed.forbidden();
    };
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => {
            let e = FieldError::new(
                "decision",
                "invalid",
                "请选择批准或拒绝",
                "approve or refuse",
            );
            return answer(
                &app,
                &signed,
                Err(AppError::Invalid(gowest_domain::Validation(vec![e]))),
            )
            .await;
        }
    };
    let outcome = app
        .decide_grant(&security, &signed.context(), id, approve)
        .await
        .map(|()| {
            Some(if approve {
                Done::Notice("授权已批准。", "Grant approved.")
            } else {
                Done::Notice("授权已拒绝。", "Grant refused.")
            })
        });
    answer(&app, &signed, outcome).await
}

#[derive(Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    expiry_days: String,
    #[serde(default)]
    remember: String,
}

/// The security administrator sets password expiry and reuse.
pub async fn password_rules(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<RulesForm>,
) -> Response {
    let Some(security) = signed.session.actor.security_admin() else {
        return signed.forbidden();
    };
    let outcome = match PasswordRules::parse(&form.expiry_days, &form.remember) {
        Ok(rules) => app
            .set_password_rules(&security, &signed.context(), rules)
            .await
            .map(|()| Some(Done::Notice("密码规则已保存。", "Password rules saved."))),
        Err(v) => Err(AppError::Invalid(v)),
    };
    answer(&app, &signed, outcome).await
}
