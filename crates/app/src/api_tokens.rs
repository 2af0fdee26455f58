//! API tokens: a signed-in user makes them for integrations, acting as the user in the
//! organisation the user acted for when making it.

use crate::audit::Context;
use crate::auth::{SecondFactor, Session, actor_for, random_token, sha256_hex};
use crate::{App, AppError};
use gowest_domain::access::Actor;
use gowest_domain::{FieldError, Validation};
use gowest_store::api_tokens::ApiTokenRecord;

/// Tokens start with this, so leaked ones are easy to find in logs and repositories.
const PREFIX: &str = "gw_";

impl App {
    /// Makes a token; the plain value is returned once and never stored.
    pub async fn create_api_token(
        &self,
        session: &Session,
        name: &str,
        ip: Option<String>,
    ) -> Result<(i64, String), AppError> {
        if session.second_factor != SecondFactor::Passed {
            return Err(AppError::Forbidden);
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(Validation(vec![FieldError::new(
                "name",
                "invalid",
                "名称须为 1–60 个字符",
                "name must have 1–60 characters",
            )])
            .into());
        }
        let token = format!("{PREFIX}{}", random_token()?);
        let now = self.clock.now();
        let org_id = session.actor.acting.as_ref().map(|m| m.org.id);
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_api_token(
                session.actor.user_id,
                org_id,
                name,
                &sha256_hex(&token),
                now,
            )
            .await?;
        let mut entry = Context::user(session.actor.clone(), ip).entry(
            now,
            "api_token.create",
            "api_token",
            Some(id.to_string()),
        );
        entry.after = Some(serde_json::json!({ "name": name, "org_id": org_id }).to_string());
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok((id, token))
    }

    pub async fn api_tokens(&self, session: &Session) -> Result<Vec<ApiTokenRecord>, AppError> {
        Ok(self.store.api_tokens_of(session.actor.user_id).await?)
    }

    pub async fn revoke_api_token(
        &self,
        session: &Session,
        id: i64,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.revoke_api_token(session.actor.user_id, id, now).await?;
        let entry = Context::user(session.actor.clone(), ip).entry(
            now,
            "api_token.revoke",
            "api_token",
            Some(id.to_string()),
        );
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a bearer token. Tokens never carry administrator duties: those
    /// need a person with a second factor at a browser.
    pub async fn actor_for_api_token(&self, token: &str) -> Result<Option<Actor>, AppError> {
        if !token.starts_with(PREFIX) {
            return Ok(None);
        }
        let Some(record) = self.store.api_token_by_hash(&sha256_hex(token)).await? else {
            return Ok(None);
        };
        let user = self.store.user(record.user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        self.store
            .touch_api_token(record.id, self.clock.now())
            .await?;
        let memberships = self.store.memberships(user.id).await?;
        let mut actor = actor_for(&user, &memberships, record.org_id, false);
        actor.duty = None;
        Ok(Some(actor))
    }
}
