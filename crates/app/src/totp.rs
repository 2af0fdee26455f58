//! The second factor: time-based one-time codes (RFC 6238), required of administrators.

use crate::audit::Context;
use crate::auth::{SecondFactor, Session};
use crate::{App, AppError};
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
        .map_err(|e| AppError::File(format!("TOTP secret: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.into()),
        username.to_owned(),
    )
    .map_err(|e| AppError::File(format!("TOTP: {e}")))
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

    /// Offers a fresh secret to a session that must enrol.
    pub async fn offer_totp(&self, session: &Session) -> Result<TotpOffer, AppError> {
        if session.second_factor != SecondFactor::Enrol {
            return Err(AppError::Forbidden);
        }
        let secret = match &session.enrolling_totp_secret {
            Some(secret) => secret.clone(),
            None => {
                let mut bytes = vec![0u8; 20];
                getrandom::getrandom(&mut bytes).map_err(|e| AppError::File(e.to_string()))?;
                let Secret::Encoded(secret) = Secret::Raw(bytes).to_encoded() else {
                    return Err(AppError::File("TOTP secret encoding".into()));
                };
                let mut tx = self.store.begin().await?;
                tx.offer_totp_secret(&session.id(), &secret).await?;
                tx.commit().await?;
                secret
            }
        };
        let otpauth_url = totp(&secret, &session.actor.username)?.get_url();
        Ok(TotpOffer {
            secret_base32: secret,
            otpauth_url,
        })
    }

    /// Enrols the offered secret once the user shows a valid code from it.
    pub async fn confirm_totp(
        &self,
        session: &Session,
        code: &str,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        let Some(secret) = session.enrolling_totp_secret.as_deref() else {
            return Err(AppError::Forbidden);
        };
        let Some(step) = self.matching_step(secret, &session.actor.username, code)? else {
            return Err(wrong_code());
        };
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.set_totp_secret(session.actor.user_id, Some(secret), now)
            .await?;
        tx.use_totp_step(session.actor.user_id, step).await?;
        tx.pass_second_factor(&session.id()).await?;
        let entry = Context::user(session.actor.clone(), ip).entry(
            now,
            "user.totp_enrol",
            "user",
            Some(session.actor.user_id.to_string()),
        );
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Passes the second factor with a code; a wrong code counts as a failed sign-in.
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
        let secret = user.totp_secret.as_deref().ok_or(AppError::Forbidden)?;
        let step = self.matching_step(secret, &user.username, code)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        // A replayed code fails like a wrong one; the update is atomic, so two sessions
        // racing with the same code cannot both pass.
        let ok = match step {
            Some(step) => tx.use_totp_step(user.id, step).await?,
            None => false,
        };
        let action = if ok {
            "login.second_factor"
        } else {
            "login.second_factor_failed"
        };
        if ok {
            tx.pass_second_factor(&session.id()).await?;
        } else {
            tx.record_login_attempt(&user.username, ip.as_deref(), false, now)
                .await?;
        }
        let entry = Context::user(session.actor.clone(), ip).entry(
            now,
            action,
            "user",
            Some(user.id.to_string()),
        );
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        if ok { Ok(()) } else { Err(wrong_code()) }
    }
}
