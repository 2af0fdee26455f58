//! The second factor: time-based one-time codes (RFC 6238), required of administrators and
//! of everyone whose roles approve money or registrations or edit other organisations'
//! records (`domain::access::needs_second_factor`); others may enrol from their account.
//! Secrets are sealed (ChaCha20-Poly1305 under a key derived from the master key) in the
//! database; at most [`MAX_WRONG_CODES`] wrong codes are taken per pending sign-in.

use crate::audit::Context;
use crate::auth::{SecondFactor, Session};
use crate::write::{Record, System};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::change::Entity;
use gowest_domain::{FieldError, Validation};
use totp_rs::{Algorithm, Secret, TOTP};

const ISSUER: &str = "gowest";

/// A secret offered for enrolment: typed into, or scanned by, an authenticator app.
#[derive(Debug, Clone)]
pub struct TotpOffer {
    pub secret_base32: String,
    pub otpauth_url: String,
}

fn totp(secret_base32: &str, username: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AppError::Internal(format!("TOTP secret: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.into()),
        username.to_owned(),
    )
    .map_err(|e| AppError::Internal(format!("TOTP: {e}")))
}

fn wrong_code() -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(
        "code",
        "wrong",
        "动态验证码不正确或已过期",
        "the code is wrong or expired",
    )]))
}

/// Seconds per code.
const STEP: i64 = 30;

/// Wrong codes one pending sign-in may enter; the last of them ends the session, and each
/// counts toward the account's lock like a wrong password.
pub const MAX_WRONG_CODES: i64 = 5;

fn too_many_codes() -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(
        "code",
        "too_many",
        "动态验证码错误次数过多，请重新登录",
        "too many wrong codes; sign in again",
    )]))
}

fn user_context(user_id: i64) -> String {
    format!("users.totp_secret:{user_id}")
}

fn enrolment_context(user_id: i64) -> String {
    format!("sessions.enrolling_totp_secret:{user_id}")
}

/// Seals every TOTP secret still kept in plain text (written before sealing existed), and
/// drops plain secrets offered for enrolment. Run at start; a no-op once done (a start
/// with nothing to seal writes nothing).
pub(crate) async fn seal_plain_secrets(
    store: &gowest_store::Store,
    key: &crate::audit::AuditKey,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    use crate::audit::SEALED_PREFIX;
    let plain = store.unsealed_totp_secrets(SEALED_PREFIX).await?;
    let ctx = Context::system("system");
    let mut tx = crate::write::begin(store, key, &System::new(), &ctx, now).await?;
    for (user_id, secret) in &plain {
        let sealed = key.seal(secret, &user_context(*user_id))?;
        tx.seal_totp_secret(*user_id, secret, &sealed).await?;
    }
    let dropped = tx.drop_unsealed_enrolments(SEALED_PREFIX).await?;
    if !plain.is_empty() || dropped > 0 {
        // Whose secrets were sealed, never the secrets.
        let users: Vec<i64> = plain.iter().map(|(id, _)| *id).collect();
        tx.finish(
            Record::new("user.totp_seal", Entity::User, None)
                .after(&serde_json::json!({ "sealed": users, "offers_dropped": dropped })),
        )
        .await?;
    }
    Ok(plain.len())
}

impl App {
    /// The 30-second step whose code this is: the current one, or one either side for a
    /// clock that is a little off.
    fn matching_step(
        &self,
        secret: &str,
        username: &str,
        code: &str,
    ) -> Result<Option<i64>, AppError> {
        let totp = totp(secret, username)?;
        let now = self.clock.now().timestamp().div_euclid(STEP);
        Ok([now, now - 1, now + 1]
            .into_iter()
            .find(|step| u64::try_from(step * STEP).is_ok_and(|t| totp.generate(t) == code.trim())))
    }

    /// Whether the session's user has a second factor enrolled.
    pub async fn has_totp(&self, session: &Session) -> Result<bool, AppError> {
        Ok(self
            .store
            .user(session.actor.user_id)
            .await?
            .totp_secret
            .is_some())
    }

    /// Offers a fresh secret to a session that must enrol, or to a signed-in user without a
    /// second factor who chooses one (from the account page). A fresh offer is audited; the
    /// secret itself is not.
    pub async fn offer_totp(
        &self,
        session: &Session,
        ip: Option<String>,
    ) -> Result<TotpOffer, AppError> {
        let may_enrol = match session.second_factor {
            SecondFactor::Enrol => true,
            SecondFactor::Verify => false,
            SecondFactor::Passed => !self.has_totp(session).await?,
        };
        if !may_enrol {
            return Err(AppError::Forbidden);
        }
        let user_id = session.actor.user_id;
        let secret = match &session.enrolling_totp_secret {
            Some(sealed) => self.audit_key.open(sealed, &enrolment_context(user_id))?,
            None => {
                let mut bytes = vec![0u8; 20];
                getrandom::getrandom(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
                let Secret::Encoded(secret) = Secret::Raw(bytes).to_encoded() else {
                    return Err(AppError::Internal("TOTP secret encoding".into()));
                };
                let sealed = self.audit_key.seal(&secret, &enrolment_context(user_id))?;
                let ctx = Context::user(session.actor.clone(), ip);
                let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
                tx.offer_totp_secret(&session.id(), &sealed).await?;
                tx.finish(Record::new("user.totp_offer", Entity::User, user_id))
                    .await?;
                secret
            }
        };
        let otpauth_url = totp(&secret, &session.actor.username)?.get_url();
        Ok(TotpOffer {
            secret_base32: secret,
            otpauth_url,
        })
    }

    /// Enrols the offered secret once the user shows a valid code from it. During sign-in
    /// a wrong code counts against the session like one at [`verify_totp`](Self::verify_totp).
    pub async fn confirm_totp(
        &self,
        session: &Session,
        code: &str,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        let Some(sealed) = session.enrolling_totp_secret.as_deref() else {
            return Err(AppError::Forbidden);
        };
        // A chosen enrolment never replaces a secret already enrolled (a reset does that).
        if session.second_factor == SecondFactor::Passed && self.has_totp(session).await? {
            return Err(AppError::Forbidden);
        }
        let user_id = session.actor.user_id;
        let secret = self.audit_key.open(sealed, &enrolment_context(user_id))?;
        let Some(step) = self.matching_step(&secret, &session.actor.username, code)? else {
            return self.wrong_code(session, ip, false).await;
        };
        let now = self.clock.now();
        let stored = self.audit_key.seal(&secret, &user_context(user_id))?;
        let ctx = Context::user(session.actor.clone(), ip);
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        tx.set_totp_secret(user_id, Some(&stored), now).await?;
        tx.use_totp_step(user_id, step).await?;
        if session.second_factor == SecondFactor::Enrol
            && !tx.pass_second_factor(&session.id()).await?
        {
            return Err(AppError::Forbidden);
        }
        tx.clear_totp_offer(&session.id()).await?;
        tx.finish(Record::new("user.totp_enrol", Entity::User, user_id))
            .await?;
        Ok(())
    }

    /// Counts a wrong code against the pending sign-in (and, when `counts_as_login`, against
    /// the account's lock, as a wrong password does); the last allowed one ends the session.
    async fn wrong_code(
        &self,
        session: &Session,
        ip: Option<String>,
        counts_as_login: bool,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let ctx = Context::user(session.actor.clone(), ip.clone());
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        let pending = session.second_factor != SecondFactor::Passed;
        let failures = if pending {
            tx.count_totp_failure(&session.id()).await?
        } else {
            0
        };
        if counts_as_login {
            tx.record_login_attempt(&session.actor.username, ip.as_deref(), false, now)
                .await?;
        }
        let ended = failures >= MAX_WRONG_CODES;
        if ended {
            tx.delete_session(&session.id()).await?;
        }
        let action = if ended {
            "login.second_factor_locked"
        } else {
            "login.second_factor_failed"
        };
        tx.finish(
            Record::new(action, Entity::User, session.actor.user_id).after_text(
                pending.then(|| serde_json::json!({ "wrong_codes": failures }).to_string()),
            ),
        )
        .await?;
        Err(if ended {
            too_many_codes()
        } else {
            wrong_code()
        })
    }

    /// Passes the second factor with a code. A wrong or replayed code counts as a failed
    /// sign-in; the fifth ends the session, so a sixth code — even the right one — finds no
    /// session to pass.
    pub async fn verify_totp(
        &self,
        session: &Session,
        code: &str,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        if session.second_factor != SecondFactor::Verify {
            return Err(AppError::Forbidden);
        }
        let user = self.store.user(session.actor.user_id).await?;
        let sealed = user.totp_secret.as_deref().ok_or(AppError::Forbidden)?;
        let secret = self.audit_key.open(sealed, &user_context(user.id))?;
        let Some(step) = self.matching_step(&secret, &user.username, code)? else {
            return self.wrong_code(session, ip, true).await;
        };
        let ctx = Context::user(session.actor.clone(), ip.clone());
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        // A replayed code fails like a wrong one; the update is atomic, so two sessions
        // racing with the same code cannot both pass.
        if !tx.use_totp_step(user.id, step).await? {
            drop(tx);
            return self.wrong_code(session, ip, true).await;
        }
        // The session may have ended meanwhile (too many wrong codes in another request).
        if !tx.pass_second_factor(&session.id()).await? {
            return Err(AppError::Forbidden);
        }
        tx.finish(Record::new("login.second_factor", Entity::User, user.id))
            .await?;
        Ok(())
    }
}
