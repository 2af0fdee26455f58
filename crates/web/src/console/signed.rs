//! The signed-in session of a request, and the checks every console page makes.

use crate::pages::Ctx;
use crate::pages::error::PageError;
use crate::upload::Upload;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use gowest_app::auth::{SecondFactor, Session};
use gowest_app::{App, AppError};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub(crate) const SESSION_COOKIE: &str = "gowest_session";
/// The double-submit token of forms shown before sign-in (login, registration).
pub const FORM_COOKIE: &str = "gowest_form";

/// The session cookie: script cannot read it, other sites cannot send it with a form.
pub fn session_cookie(token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build()
}

/// A request from a signed-in user whose password and second factor are in order.
pub struct Signed {
    pub session: Session,
    pub ctx: Ctx,
    pub ip: Option<String>,
    /// Open to-dos of the acting organisation, for the sidebar of a page (GET requests only:
    /// a form post answers with a redirect and shows no sidebar).
    pub todos_open: Option<i64>,
}

impl Signed {
    /// The refusal of a form whose CSRF token is not this session's; `None` when it is.
    fn bad_csrf(&self, token: &str) -> Option<Response> {
        (token != self.session.csrf_token)
            .then(|| PageError::new(&self.ctx, AppError::Forbidden).into_response())
    }

    pub fn forbidden(&self) -> Response {
        PageError::new(&self.ctx, AppError::Forbidden).into_response()
    }

    pub fn context(&self) -> gowest_app::audit::Context {
        gowest_app::audit::Context::user(self.session.actor.clone(), self.ip.clone())
    }
}

/// A console form posted by a signed-in user, its CSRF token already checked against the
/// session: the only way a console handler reads a posted form, so none can forget the
/// check. A wrong or missing token is refused (403) before the form is read; a form that does
/// not parse is a 400 naming what is wrong. A form with repeated fields (ticked boxes) reads
/// as `Vec<(String, String)>`.
pub struct CsrfForm<T>(pub Signed, pub T);

/// A console form with a file ([`Upload`]) posted by a signed-in user, its CSRF token
/// checked against the session before any handler sees it.
pub struct CsrfUpload(pub Signed, pub Upload);

impl FromRequest<App> for CsrfUpload {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<CsrfUpload, Response> {
        let (mut parts, body) = req.into_parts();
        let signed = Signed::from_request_parts(&mut parts, app).await?;
        let upload = match Upload::from_request(Request::from_parts(parts, body), app).await {
            Ok(upload) => upload,
            Err(rejection) => return Err(rejection.into_response()),
        };
        if let Some(refused) = signed.bad_csrf(upload.field("csrf")) {
            return Err(refused);
        }
        Ok(CsrfUpload(signed, upload))
    }
}

/// The form of a button that sends nothing but its CSRF token.
#[derive(Deserialize)]
pub struct NoFields {}

impl<T: DeserializeOwned> FromRequest<App> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<CsrfForm<T>, Response> {
        let (mut parts, body) = req.into_parts();
        let signed = Signed::from_request_parts(&mut parts, app).await?;
        let request = Request::from_parts(parts, body);
        let bytes = match Bytes::from_request(request, app).await {
            Ok(bytes) => bytes,
            Err(rejection) => return Err(rejection.into_response()),
        };
        #[derive(Deserialize, Default)]
        struct Token {
            #[serde(default)]
            csrf: String,
        }
        let token: Token = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if let Some(refused) = signed.bad_csrf(&token.csrf) {
            return Err(refused);
        }
        match serde_urlencoded::from_bytes::<T>(&bytes) {
            Ok(form) => Ok(CsrfForm(signed, form)),
            Err(e) => {
                let refused = AppError::Invalid(Validation(vec![FieldError::new(
                    "",
                    "unreadable_form",
                    format!("表单无法读取：{e}"),
                    format!("the form cannot be read: {e}"),
                )]));
                Err(PageError::new(&signed.ctx, refused).into_response())
            }
        }
    }
}

/// The session behind the request's cookie, whatever its state.
pub async fn current_session(parts: &Parts, app: &App) -> Result<Option<Session>, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    match jar.get(SESSION_COOKIE) {
        Some(cookie) => app.session(cookie.value()).await,
        None => Ok(None),
    }
}

fn to_login(ctx: &Ctx) -> Response {
    let next = crate::pages::query::encode_component(&ctx.here);
    Redirect::to(&format!("/login?next={next}")).into_response()
}

impl FromRequestParts<App> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Signed, Response> {
        let ctx = Ctx::from_parts(parts);
        let session = match current_session(parts, app).await {
            Ok(Some(session)) => session,
            Ok(None) => return Err(to_login(&ctx)),
            Err(e) => return Err(PageError::new(&ctx, e).into_response()),
        };
        if session.second_factor != SecondFactor::Passed {
            return Err(Redirect::to("/login/second-factor").into_response());
        }
        if session.must_change_password && parts.uri.path() != "/account/password" {
            return Err(Redirect::to("/account/password").into_response());
        }
        let todos_open = if parts.method == axum::http::Method::GET {
            match app.todo_counts(&session.actor).await {
                Ok(counts) => Some(counts.iter().map(|c| c.open).sum()),
                Err(e) => return Err(PageError::new(&ctx, e).into_response()),
            }
        } else {
            None
        };
        Ok(Signed {
            session,
            ip: crate::client::client_ip(parts),
            ctx,
            todos_open,
        })
    }
}

/// The console's sidebar and user box, from what the session may do.
#[derive(Debug, Clone)]
pub struct Nav {
    pub active: &'static str,
    /// Open to-dos of the acting organisation, when known.
    pub todos: Option<i64>,
    /// Whether the account acts for an organisation (and so has a to-do list).
    pub inbox: bool,
    pub display_name: String,
    pub username: String,
    pub demo: bool,
    pub acting: Option<(i64, String, &'static str)>,
    pub others: Vec<(i64, String)>,
    pub duty: Option<&'static str>,
    pub csrf: String,
    pub zone: bool,
    /// The zone's investment projects: its staff, and ministry administrators for any zone.
    pub projects: bool,
    /// The enterprise's profile and relocation demand.
    pub enterprise: bool,
    pub approvals: bool,
    pub audit: bool,
    pub users: bool,
    /// The zone's pipeline board (zone organisations).
    pub pipeline: bool,
    /// Pipeline figures and duplicate review (ministry and provinces).
    pub pipeline_figures: bool,
    pub pipeline_review: bool,
    /// Problems routed to the organisation (any organisation).
    pub pipeline_problems: bool,
    /// Fund applications: applicants (zones, enterprises, agencies) and reviewers.
    pub funds: bool,
    /// Pools and quotas: the ministry, provinces and the bank.
    pub funds_dashboard: bool,
    /// Promotion events: every active organisation.
    pub events: bool,
    /// The cooperation register: zones, provinces and the ministry.
    pub cooperation: bool,
    /// Technician training: zones, provinces and the ministry.
    pub training: bool,
    /// Price reporting: staff of enterprises (wholesale markets are run by enterprises).
    pub prices: bool,
    /// The logistics network: the ministry's writing staff.
    pub logistics: bool,
    /// Rural information stations: the writing staff of the ministry and of provinces.
    pub rural: bool,
    /// The distributor register: the ministry's and provinces' writing staff.
    pub distributors: bool,
}

impl Nav {
    pub fn item(&self, name: &str) -> &'static str {
        if self.active == name { "page" } else { "false" }
    }
}

impl Signed {
    pub fn nav(&self, active: &'static str) -> Nav {
        use gowest_domain::access::Scope;
        use gowest_domain::org::OrgStatus;
        let actor = &self.session.actor;
        let lang = self.ctx.lang;
        let acting = actor.acting.as_ref();
        let zone = actor
            .own_zone()
            .and_then(|z| actor.zone_editor(z))
            .is_some();
        // A ministry administrator's right covers every zone, whichever id is asked about.
        let any_zone = matches!(actor.scope(), Scope::All) && actor.zone_editor(0).is_some();
        Nav {
            active,
            todos: self.todos_open,
            inbox: actor.org_id().is_some(),
            display_name: actor.display_name.clone(),
            username: actor.username.clone(),
            demo: actor.demo,
            acting: acting.map(|m| {
                let standing = match m.org.status {
                    OrgStatus::Active => None,
                    OrgStatus::Pending => Some(lang.pick("待审核", "pending approval")),
                    OrgStatus::Rejected => Some(lang.pick("未通过审核", "rejected")),
                    OrgStatus::Suspended => Some(lang.pick("已暂停", "suspended")),
                };
                let name = match standing {
                    None => m.org.name_zh.clone(),
                    Some(s) => format!("{}（{s}）", m.org.name_zh),
                };
                (
                    m.org.id,
                    name,
                    lang.pick(m.role.name_zh(), m.role.name_en()),
                )
            }),
            others: self
                .session
                .memberships
                .iter()
                .filter(|m| Some(m.org.id) != acting.map(|a| a.org.id))
                .map(|m| (m.org.id, m.org.name_zh.clone()))
                .collect(),
            duty: actor.duty.map(|d| lang.pick(d.name_zh(), d.name_en())),
            csrf: self.session.csrf_token.clone(),
            zone,
            projects: zone || any_zone,
            enterprise: actor.enterprise_agent().is_some(),
            approvals: matches!(actor.scope(), Scope::All | Scope::Province(_))
                && acting.is_some_and(|m| m.role.writes()),
            audit: actor.audit_admin().is_some(),
            users: actor.system_admin().is_some() || actor.security_admin().is_some(),
            pipeline: matches!(actor.scope(), Scope::Zone(_)),
            pipeline_figures: matches!(actor.scope(), Scope::All | Scope::Province(_)),
            pipeline_review: actor.duplicate_reviewer().is_some(),
            pipeline_problems: acting.is_some_and(|m| m.org.status == OrgStatus::Active),
            funds: actor.fund_applicant().is_some() || actor.fund_reviewer().is_some(),
            funds_dashboard: actor.fund_reviewer().is_some(),
            events: acting.is_some_and(|m| m.org.status == OrgStatus::Active),
            cooperation: matches!(
                actor.scope(),
                Scope::All | Scope::Province(_) | Scope::Zone(_)
            ),
            training: matches!(
                actor.scope(),
                Scope::All | Scope::Province(_) | Scope::Zone(_)
            ),
            prices: actor.enterprise_agent().is_some(),
            logistics: actor.network_keeper().is_some(),
            rural: actor.stations_kept().is_some(),
            distributors: matches!(actor.scope(), Scope::All | Scope::Province(_))
                && acting.is_some_and(|m| m.role.writes()),
        }
    }
}

/// A numeric id from the path; anything else is the HTML "not found" page, not a bare 400.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Id, Response> {
        let ctx = Ctx::from_parts(parts);
        let not_found =
            || PageError::new(&ctx, AppError::NotFound { entity: "record" }).into_response();
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| not_found())?;
        raw.parse().map(Id).map_err(|_| not_found())
    }
}

#[cfg(test)]
mod tests {
    /// Every console handler of a signed-in user reads a posted body only through
    /// [`super::CsrfForm`] or [`super::CsrfUpload`], so none can forget the CSRF check. The one
    /// exception computes a preview and writes nothing.
    #[test]
    fn signed_handlers_read_posted_bodies_only_through_the_csrf_extractors() {
        const READS_ONLY: [&str; 1] = ["funds_form.rs: preview"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console");
        let mut offenders = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("console sources") {
            let path = entry.expect("entry").path();
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("source");
            for item in text.split("pub async fn ").skip(1) {
                let name = item.split('(').next().unwrap_or_default();
                let signature = item.split(") -> ").next().unwrap_or_default();
                let bare = signature.replace("CsrfForm", "").replace("CsrfUpload", "");
                let reads_body = bare.contains("Form<")
                    || bare.contains(": Upload")
                    || bare.contains("Multipart");
                let place = format!("{file}: {name}");
                if signature.contains("Signed")
                    && reads_body
                    && !READS_ONLY.contains(&place.as_str())
                {
                    offenders.push(place);
                }
            }
        }
        assert!(offenders.is_empty(), "{offenders:#?}");
    }
}
