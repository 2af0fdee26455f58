//! API tokens: a signed-in user makes them for integrations, acting as the user in the
//! organisation the user acted for when making it. A token expires (90 days unless chosen
//! otherwise, at most a year), may be read-only, and is revoked by its owner, a password
//! change, a credential reset or disabling the user.

use crate::audit::Context;
use crate::auth::{SecondFactor, Session, actor_for, random_token, sha256_hex};
use crate::write::{Operator, Record, Right};
use crate::{App, AppError};
use chrono::{DateTime, Duration, Utc};
use gowest_domain::access::Actor;
pub use gowest_domain::capability::{Capabilities, Capability};
use gowest_domain::change::Entity;
use gowest_domain::{FieldError, Validation};
use gowest_store::api_tokens::ApiTokenRecord;

/// Tokens start with this, so leaked ones are easy to find in logs and repositories.
const PREFIX: &str = "gw_";
/// A token's life unless its maker chooses another.
pub const DEFAULT_DAYS: u32 = 90;
/// The longest life a token may be given.
pub const MAX_DAYS: u32 = 365;

/// What a token may do through the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    /// Reads only: every method but GET and HEAD is refused with 403.
    ReadOnly,
    ReadWrite,
}

impl TokenScope {
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::ReadOnly => "read_only",
            TokenScope::ReadWrite => "read_write",
        }
    }

    pub fn parse(code: &str) -> Option<TokenScope> {
        [TokenScope::ReadOnly, TokenScope::ReadWrite]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What the maker asks for.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub name: String,
    pub scope: TokenScope,
    /// The parts of the API it may reach; all by default.
    pub capabilities: Capabilities,
    /// Days until it expires; [`DEFAULT_DAYS`] when `None`.
    pub days: Option<u32>,
}

/// A token the API accepts: who it acts as, and what it may do.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub actor: Actor,
    pub scope: TokenScope,
    pub capabilities: Capabilities,
}

/// Why a token is refused; the API names it in its 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Not a token of this platform (or mistyped).
    Unknown,
    Expired(DateTime<Utc>),
    /// Revoked by its owner, a password change, a credential reset or disabling.
    Revoked(DateTime<Utc>),
    /// Its user is disabled.
    Disabled,
}

/// A token as listed to its owner.
#[derive(Debug, Clone)]
pub struct TokenListing {
    pub record: ApiTokenRecord,
    pub scope: TokenScope,
    pub capabilities: Capabilities,
    pub expired: bool,
}

impl App {
    /// Makes a read-write token that lives [`DEFAULT_DAYS`] days; the plain value is
    /// returned once and never stored.
    pub async fn create_api_token(
        &self,
        session: &Session,
        name: &str,
        ip: Option<String>,
    ) -> Result<(i64, String), AppError> {
        let request = TokenRequest {
            name: name.to_owned(),
            scope: TokenScope::ReadWrite,
            capabilities: Capabilities::all(),
            days: None,
        };
        self.create_api_token_with(session, &request, ip).await
    }

    /// Makes a token with the asked scope and life; the plain value is returned once.
    pub async fn create_api_token_with(
        &self,
        session: &Session,
        request: &TokenRequest,
        ip: Option<String>,
    ) -> Result<(i64, String), AppError> {
        if session.second_factor != SecondFactor::Passed {
            return Err(AppError::Forbidden);
        }
        let ctx = Context::user(session.actor.clone(), ip);
        self.insert_api_token(&session.actor.own_account(), &session.actor, &ctx, request)
            .await
    }

    /// The operator at the server makes a token for an account (`gowest token create`), as
    /// `gowest user passwd` resets one: neither the account's password nor its second factor
    /// is asked, the token acts for the account's first organisation, and the audit row names
    /// the account and the operator's tool.
    pub async fn create_api_token_for(
        &self,
        op: &Operator,
        username: &str,
        request: &TokenRequest,
    ) -> Result<(i64, String), AppError> {
        let Some(user) = self.store.user_by_name(username).await? else {
            return Err(Validation(vec![FieldError::new(
                "username",
                "unknown",
                format!("没有名为 {username} 的账号"),
                format!("no account named {username}"),
            )])
            .into());
        };
        if user.disabled {
            return Err(Validation(vec![FieldError::new(
                "username",
                "disabled",
                format!("账号 {username} 已停用"),
                format!("the account {username} is disabled"),
            )])
            .into());
        }
        let memberships = self.store.memberships(user.id).await?;
        let actor = actor_for(
            &user,
            &memberships,
            memberships.first().map(|m| m.org.id),
            false,
        );
        self.insert_api_token(op, &actor, &Context::system("cli"), request)
            .await
    }

    async fn insert_api_token(
        &self,
        right: &impl Right,
        actor: &Actor,
        ctx: &Context,
        request: &TokenRequest,
    ) -> Result<(i64, String), AppError> {
        let name = request.name.trim();
        let mut problems = Vec::new();
        if name.is_empty() || name.chars().count() > 60 {
            problems.push(FieldError::new(
                "name",
                "invalid",
                "名称须为 1–60 个字符",
                "name must have 1–60 characters",
            ));
        }
        let days = request.days.unwrap_or(DEFAULT_DAYS);
        if !(1..=MAX_DAYS).contains(&days) {
            problems.push(FieldError::new(
                "days",
                "out_of_range",
                "有效期须为 1–365 天",
                "the token must live 1–365 days",
            ));
        }
        if !problems.is_empty() {
            return Err(Validation(problems).into());
        }
        let token = format!("{PREFIX}{}", random_token()?);
        let now = self.clock.now();
        let expires_at = now + Duration::days(i64::from(days));
        let org_id = actor.acting.as_ref().map(|m| m.org.id);
        let scope = request.scope.code();
        let mut tx = self.write(right, ctx).await?;
        let id = tx
            .insert_api_token(
                actor.user_id,
                org_id,
                name,
                &sha256_hex(&token),
                now,
                expires_at,
                scope,
                &request.capabilities.text(),
            )
            .await?;
        tx.finish(Record::new("api_token.create", Entity::ApiToken, id).after(
            &serde_json::json!({
                "user": actor.username,
                "name": name,
                "org_id": org_id,
                "scope": scope,
                "capabilities": request.capabilities.listed(),
                "expires_at": expires_at,
            }),
        ))
        .await?;
        Ok((id, token))
    }

    pub async fn api_tokens(&self, session: &Session) -> Result<Vec<TokenListing>, AppError> {
        let now = self.clock.now();
        let records = self.store.api_tokens_of(session.actor.user_id).await?;
        records
            .into_iter()
            .map(|record| {
                let damaged = || {
                    AppError::Store(gowest_store::StoreError::corrupt(
                        "api_tokens",
                        format!("token {}: unknown scope or capability", record.id),
                    ))
                };
                Ok(TokenListing {
                    scope: TokenScope::parse(&record.scope).ok_or_else(damaged)?,
                    capabilities: Capabilities::from_text(&record.capabilities)
                        .ok_or_else(damaged)?,
                    expired: record.expires_at <= now,
                    record,
                })
            })
            .collect()
    }

    pub async fn revoke_api_token(
        &self,
        session: &Session,
        id: i64,
        ip: Option<String>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let ctx = Context::user(session.actor.clone(), ip);
        let mut tx = self.write(&session.actor.own_account(), &ctx).await?;
        tx.revoke_api_token(session.actor.user_id, id, now).await?;
        tx.finish(Record::new("api_token.revoke", Entity::ApiToken, id))
            .await?;
        Ok(())
    }

    /// The actor and scope behind a bearer token, or why it is refused. Tokens never carry
    /// administrator duties: those need a person with a second factor at a browser.
    pub async fn actor_for_api_token(
        &self,
        token: &str,
    ) -> Result<Result<TokenGrant, TokenRefusal>, AppError> {
        if !token.starts_with(PREFIX) {
            return Ok(Err(TokenRefusal::Unknown));
        }
        let Some(record) = self.store.api_token_by_hash(&sha256_hex(token)).await? else {
            return Ok(Err(TokenRefusal::Unknown));
        };
        let now = self.clock.now();
        if let Some(at) = record.revoked_at {
            return Ok(Err(TokenRefusal::Revoked(at)));
        }
        if record.expires_at <= now {
            return Ok(Err(TokenRefusal::Expired(record.expires_at)));
        }
        // A scope or capability this build cannot read grants nothing.
        let (Some(scope), Some(capabilities)) = (
            TokenScope::parse(&record.scope),
            Capabilities::from_text(&record.capabilities),
        ) else {
            return Ok(Err(TokenRefusal::Unknown));
        };
        let user = self.store.user(record.user_id).await?;
        if user.disabled {
            return Ok(Err(TokenRefusal::Disabled));
        }
        self.store.touch_api_token(record.id, now).await?;
        let memberships = self.store.memberships(user.id).await?;
        let mut actor = actor_for(&user, &memberships, record.org_id, false);
        actor.duty = None;
        Ok(Ok(TokenGrant {
            actor,
            scope,
            capabilities,
        }))
    }
}
