//! Signing in and out, sessions shared through the database, and password changes.

use crate::audit::Context;
use crate::write::{Record, System};
use crate::{App, AppError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash::rand_core::OsRng};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use gowest_domain::access::{Actor, Membership, Visitor, needs_second_factor};
use gowest_domain::account::check_password;
use gowest_domain::change::Entity;
use gowest_domain::login_throttle::{LockedUntil, ThrottlePolicy};
use gowest_domain::{FieldError, Validation};
use gowest_store::sessions::SessionRecord;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A session ends after this long without a request…
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// …and this long after sign-in, whatever happens.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often, to spare the database a write per request.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// Hashes a password with argon2id and a fresh salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches an argon2 hash made by [`hash_password`].
pub fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Runs the hash check off the async threads: argon2 is deliberately slow.
async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_matches(&password, &hash))
        .await
        .unwrap_or(false)
}

pub(crate) fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The session's id in the database: a hash of the cookie's token.
fn session_id(token: &str) -> String {
    sha256_hex(token)
}

/// A real hash to check unknown usernames against, so they take as long as known ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// Where a session stands with the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// Not needed, or passed.
    Passed,
    /// The user has a TOTP secret and must enter a code.
    Verify,
    /// A user who needs a second factor (`access::needs_second_factor`) and has no TOTP
    /// secret must enrol one before acting.
    Enrol,
}

/// A signed-in session: the cookie token, and what pages need to know about it.
/// While the second factor is pending the actor holds no administrator duty, so no
/// administrator right can be had before it is passed.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub memberships: Vec<Membership>,
    pub must_change_password: bool,
    pub second_factor: SecondFactor,
    pub(crate) enrolling_totp_secret: Option<String>,
}

impl Session {
    pub(crate) fn id(&self) -> String {
        session_id(&self.token)
    }
}

fn second_factor(user: &gowest_store::users::UserRecord, pending: bool) -> SecondFactor {
    match (pending, &user.totp_secret) {
        (false, _) => SecondFactor::Passed,
        (true, Some(_)) => SecondFactor::Verify,
        (true, None) => SecondFactor::Enrol,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("too many failed attempts; locked until {0}")]
    Locked(DateTime<Utc>),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<gowest_store::StoreError> for LoginError {
    fn from(e: gowest_store::StoreError) -> Self {
        LoginError::App(e.into())
    }
}

impl App {
    /// Checks the password (throttled per account and per address), records the attempt in
    /// the audit log, and opens a session acting for the user's first organisation.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: Option<String>,
    ) -> Result<Session, LoginError> {
        let now = self.clock.now();
        let username = username.trim().to_ascii_lowercase();
        let policy = ThrottlePolicy::default();
        let since = now - policy.window;
        let account = self.store.recent_failures_of_user(&username, since).await?;
        let address = match &ip {
            Some(ip) => self.store.recent_failures_from(ip, since).await?,
            None => Vec::new(),
        };
        if let Err(LockedUntil(until)) = policy.check(&account, &address, now) {
            return Err(LoginError::Locked(until));
        }

        let user = self.store.user_by_name(&username).await?;
        let hash = user
            .as_ref()
            .map_or(dummy_hash(), |u| u.password_hash.as_str());
        let matches = verify_blocking(password.to_owned(), hash.to_owned()).await;
        let user = user.filter(|u| matches && !u.disabled);

        let Some(user) = user else {
            let ctx = Context {
                actor: None,
                agent: "login",
                ip: ip.clone(),
            };
            let mut tx = self.write(&Visitor, &ctx).await?;
            tx.record_login_attempt(&username, ip.as_deref(), false, now)
                .await?;
            // Nobody signed in: the name as typed (which may name no account) is the actor's.
            tx.finish(Record::new("login.failed", Entity::User, None).claimed_by(username))
                .await?;
            return Err(LoginError::WrongCredentials);
        };
        // An expired password (the security administrator's setting) must be changed before
        // anything else, as a first sign-in's must.
        let rules = self.password_rules().await?;
        let expired = user
            .password_changed_at
            .is_some_and(|at| rules.expired(at, now));
        let memberships = self.store.memberships(user.id).await?;
        let token = random_token()?;
        let record = SessionRecord {
            id: session_id(&token),
            user_id: user.id,
            org_id: memberships.first().map(|m| m.org.id),
            csrf_token: random_token()?,
            second_factor_pending: needs_second_factor(user.duty, &memberships)
                || user.totp_secret.is_some(),
            enrolling_totp_secret: None,
            totp_failures: 0,
            created_at: now,
            last_seen_at: now,
        };
        let actor = actor_of(&user, &memberships, &record);
        let mut tx = self
            .write(&Visitor, &Context::user(actor.clone(), ip.clone()))
            .await?;
        tx.record_login_attempt(&username, ip.as_deref(), true, now)
            .await?;
        if expired && !user.must_change_password {
            tx.require_password_change(user.id).await?;
        }
        tx.insert_session(&record, ip.as_deref()).await?;
        tx.finish(Record::new("login", Entity::User, user.id))
            .await?;
        Ok(Session {
            token,
            second_factor: second_factor(&user, record.second_factor_pending),
            csrf_token: record.csrf_token,
            actor,
            memberships,
            must_change_password: user.must_change_password || expired,
            enrolling_totp_secret: None,
        })
    }

    /// The live session of a cookie token, or `None` (unknown, expired, or user disabled).
    pub async fn session(&self, token: &str) -> Result<Option<Session>, AppError> {
        let now = self.clock.now();
        let id = session_id(token);
        let Some(record) = self.store.session(&id).await? else {
            return Ok(None);
        };
        if now - record.last_seen_at > IDLE_TIMEOUT || now - record.created_at > ABSOLUTE_TIMEOUT {
            // The server's housekeeping: whoever holds the cookie is no longer signed in.
            let mut tx = self
                .write(&System::new(), &Context::system("system"))
                .await?;
            tx.delete_session(&id).await?;
            tx.finish(Record::new("session.expire", Entity::User, record.user_id))
                .await?;
            return Ok(None);
        }
        let user = self.store.user(record.user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        if now - record.last_seen_at > TOUCH_EVERY {
            self.store.touch_session(&id, now).await?;
        }
        let memberships = self.store.memberships(user.id).await?;
        Ok(Some(Session {
            token: token.to_owned(),
            actor: actor_of(&user, &memberships, &record),
            second_factor: second_factor(&user, record.second_factor_pending),
            csrf_token: record.csrf_token,
            enrolling_totp_secret: record.enrolling_totp_secret,
            memberships,
            must_change_password: user.must_change_password,
        }))
    }

    pub async fn logout(&self, session: &Session, ip: Option<String>) -> Result<(), AppError> {
        let ctx = Context::user(session.actor.clone(), ip);
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        tx.delete_session(&session_id(&session.token)).await?;
        tx.finish(Record::new("logout", Entity::User, session.actor.user_id))
            .await?;
        Ok(())
    }

    /// Acts for another of the user's organisations from now on.
    pub async fn switch_organisation(
        &self,
        session: &Session,
        org_id: i64,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        if !session.memberships.iter().any(|m| m.org.id == org_id) {
            return Err(AppError::Forbidden);
        }
        let ctx = Context::user(session.actor.clone(), ip);
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        tx.set_session_org(&session_id(&session.token), Some(org_id))
            .await?;
        tx.finish(
            Record::new("session.switch_org", Entity::Organisation, org_id)
                .before_text(session.actor.acting.as_ref().map(|m| m.org.id.to_string())),
        )
        .await?;
        Ok(())
    }

    /// Changes the signed-in user's own password (policy and reuse rule checked); the
    /// user's other sessions end and their API tokens are revoked.
    pub async fn change_password(
        &self,
        session: &Session,
        current: &str,
        new: &str,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        let user = self.store.user(session.actor.user_id).await?;
        if !verify_blocking(current.to_owned(), user.password_hash.clone()).await {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "current_password",
                "wrong",
                "当前密码不正确",
                "the current password is wrong",
            )])));
        }
        check_password(new, &user.username)?;
        if new == current {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "password",
                "unchanged",
                "新密码不能与当前密码相同",
                "the new password must differ from the current one",
            )])));
        }
        self.refuse_reuse(&user, new).await?;
        let hash = hash_password(new)?;
        let now = self.clock.now();
        let ctx = Context::user(session.actor.clone(), ip);
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        tx.push_password_history(user.id, &user.password_hash, now)
            .await?;
        tx.set_password(user.id, &hash, false, now).await?;
        tx.delete_sessions_of(user.id, Some(&session_id(&session.token)))
            .await?;
        tx.revoke_api_tokens_of(user.id, now).await?;
        tx.finish(Record::new("user.password_change", Entity::User, user.id))
            .await?;
        Ok(())
    }
}

fn actor_of(
    user: &gowest_store::users::UserRecord,
    memberships: &[Membership],
    session: &SessionRecord,
) -> Actor {
    actor_for(
        user,
        memberships,
        session.org_id,
        session.second_factor_pending,
    )
}

pub(crate) fn actor_for(
    user: &gowest_store::users::UserRecord,
    memberships: &[Membership],
    org_id: Option<i64>,
    second_factor_pending: bool,
) -> Actor {
    Actor {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        duty: user.duty.filter(|_| !second_factor_pending),
        acting: org_id
            .and_then(|id| memberships.iter().find(|m| m.org.id == id))
            .cloned(),
        demo: user.demo,
    }
}
