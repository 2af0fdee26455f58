//! Sessions (shared by every instance) and login attempts (for throttling).

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, Tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: i64,
    pub org_id: Option<i64>,
    pub csrf_token: String,
    pub second_factor_pending: bool,
    pub enrolling_totp_secret: Option<String>,
    /// Wrong codes entered since sign-in.
    pub totp_failures: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl Store {
    pub async fn session(&self, id: &str) -> Result<Option<SessionRecord>> {
        let sql = "SELECT id, user_id, org_id, csrf_token, second_factor_pending, \
                   enrolling_totp_secret, totp_failures, created_at, last_seen_at \
                   FROM sessions WHERE id = $1";
        let row = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        Ok(row)
    }

    pub async fn touch_session(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE sessions SET last_seen_at = $1 WHERE id = $2";
        on_pool!(self, |p| sqlx::query(sql)
            .bind(now)
            .bind(id)
            .execute(p)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Failed logins of `username` since its last success and after `since`, newest first.
    pub async fn recent_failures_of_user(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        let sql = "SELECT at FROM login_attempts WHERE username = $1 AND NOT success AND at > $2 \
                   AND at > COALESCE((SELECT MAX(at) FROM login_attempts \
                   WHERE username = $1 AND success), $2) ORDER BY at DESC LIMIT 100";
        let rows = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(username)
            .bind(since)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// Failed logins from `ip` after `since`, newest first.
    pub async fn recent_failures_from(
        &self,
        ip: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        let sql = "SELECT at FROM login_attempts WHERE ip = $1 AND NOT success AND at > $2 \
                   ORDER BY at DESC LIMIT 100";
        let rows = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(ip)
            .bind(since)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }
}

impl Tx {
    pub async fn insert_session(&mut self, s: &SessionRecord, ip: Option<&str>) -> Result<()> {
        let sql = "INSERT INTO sessions (id, user_id, org_id, csrf_token, second_factor_pending, \
                   ip, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(&s.id)
            .bind(s.user_id)
            .bind(s.org_id)
            .bind(&s.csrf_token)
            .bind(s.second_factor_pending)
            .bind(ip)
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn delete_session(&mut self, id: &str) -> Result<()> {
        on_tx!(self, |c| sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Ends every session of a user (password change, disabling).
    pub async fn delete_sessions_of(&mut self, user_id: i64, except: Option<&str>) -> Result<()> {
        let sql = "DELETE FROM sessions WHERE user_id = $1 AND id <> COALESCE($2, '')";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(user_id)
            .bind(except)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_session_org(&mut self, id: &str, org_id: Option<i64>) -> Result<()> {
        on_tx!(self, |c| sqlx::query(
            "UPDATE sessions SET org_id = $1 WHERE id = $2"
        )
        .bind(org_id)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
        Ok(())
    }

    /// Marks the second factor as passed.
    /// Marks the second factor passed; `false` when the session is gone (ended after too
    /// many wrong codes, signed out) or no longer pending.
    pub async fn pass_second_factor(&mut self, id: &str) -> Result<bool> {
        let sql = "UPDATE sessions SET second_factor_pending = FALSE, enrolling_totp_secret = NULL \
                   WHERE id = $1 AND second_factor_pending";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Counts a wrong code against a pending sign-in; returns the count now.
    pub async fn count_totp_failure(&mut self, id: &str) -> Result<i64> {
        let sql = "UPDATE sessions SET totp_failures = totp_failures + 1 WHERE id = $1 \
                   RETURNING totp_failures";
        let n = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        Ok(n.unwrap_or(i64::MAX))
    }

    /// Forgets the TOTP secret offered to a session (enrolled, or abandoned).
    pub async fn clear_totp_offer(&mut self, id: &str) -> Result<()> {
        let sql = "UPDATE sessions SET enrolling_totp_secret = NULL WHERE id = $1";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Keeps a TOTP secret offered for enrolment until the user confirms it.
    pub async fn offer_totp_secret(&mut self, id: &str, secret: &str) -> Result<()> {
        let sql = "UPDATE sessions SET enrolling_totp_secret = $1 WHERE id = $2";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(secret)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn record_login_attempt(
        &mut self,
        username: &str,
        ip: Option<&str>,
        success: bool,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO login_attempts (at, username, ip, success) VALUES ($1, $2, $3, $4)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(at)
            .bind(username)
            .bind(ip)
            .bind(success)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }
}
