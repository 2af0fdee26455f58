//! API tokens for integrations: only their SHA-256 is stored.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub org_id: Option<i64>,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    /// `read_only` or `read_write`.
    pub scope: String,
    /// The capabilities it is limited to, comma-separated; empty for all.
    pub capabilities: String,
}

const COLUMNS: &str = "id, user_id, org_id, name, created_at, last_used_at, revoked_at, expires_at, scope, \
     capabilities";

impl Store {
    pub async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiTokenRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
        let rows = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// The token with this hash, revoked or expired ones included (the caller says why it
    /// refuses them).
    pub async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1");
        let row = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(token_hash)
            .fetch_optional(p)
            .await?);
        Ok(row)
    }

    pub async fn touch_api_token(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
        on_pool!(self, |p| sqlx::query(sql)
            .bind(now)
            .bind(id)
            .execute(p)
            .await?
            .rows_affected());
        Ok(())
    }
}

impl Tx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_api_token(
        &mut self,
        user_id: i64,
        org_id: Option<i64>,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        scope: &str,
        capabilities: &str,
    ) -> Result<i64> {
        let sql = "INSERT INTO api_tokens \
                   (user_id, org_id, name, token_hash, created_at, expires_at, scope, \
                   capabilities) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(user_id)
            .bind(org_id)
            .bind(name)
            .bind(token_hash)
            .bind(now)
            .bind(expires_at)
            .bind(scope)
            .bind(capabilities)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// Revokes a token of `user_id`; another user's token is "not found".
    pub async fn revoke_api_token(
        &mut self,
        user_id: i64,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE api_tokens SET revoked_at = $1 \
                   WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(id)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "api token",
            });
        }
        Ok(())
    }
}

impl Tx {
    /// Revokes every live token of a user: after a password change, a credential reset or
    /// disabling, nothing made with the old credentials keeps working.
    pub async fn revoke_api_tokens_of(&mut self, user_id: i64, now: DateTime<Utc>) -> Result<u64> {
        let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n)
    }
}
