//! User accounts and their memberships.

use crate::db::{on_pool, on_tx};
use crate::orgs::OrgRow;
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::access::Membership;
use gowest_domain::account::{AdminDuty, Role};

/// A stored account. The password hash stays in the store and app layers.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub duty: Option<AdminDuty>,
    pub totp_secret: Option<String>,
    pub disabled: bool,
    pub demo: bool,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("duty", &self.duty)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, username, display_name, password_hash, must_change_password, duty, \
                       totp_secret, disabled, demo";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    password_hash: String,
    must_change_password: bool,
    duty: Option<String>,
    totp_secret: Option<String>,
    disabled: bool,
    demo: bool,
}

impl UserRow {
    fn into_record(self) -> Result<UserRecord> {
        let duty = match self.duty.as_deref() {
            None => None,
            Some(code) => Some(
                AdminDuty::parse(code)
                    .ok_or_else(|| StoreError::corrupt("users", format!("duty of {}", self.id)))?,
            ),
        };
        Ok(UserRecord {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            password_hash: self.password_hash,
            must_change_password: self.must_change_password,
            duty,
            totp_secret: self.totp_secret,
            disabled: self.disabled,
            demo: self.demo,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    role: String,
    #[sqlx(flatten)]
    org: OrgRow,
}

/// A new account's fields.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub duty: Option<AdminDuty>,
    pub demo: bool,
}

impl Store {
    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
        let row: Option<UserRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(username)
            .fetch_optional(p)
            .await?);
        row.map(UserRow::into_record).transpose()
    }

    pub async fn user(&self, id: i64) -> Result<UserRecord> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "user" })?
            .into_record()
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM users ORDER BY username");
        let rows: Vec<UserRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(UserRow::into_record).collect()
    }

    /// A user's memberships, with their organisations, ordered by organisation name.
    pub async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>> {
        let sql = "SELECT m.role, o.id, o.kind, o.name_zh, o.name_en, o.province_code, o.zone_id, \
                   o.credit_code, o.status FROM memberships m \
                   JOIN organisations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.name_zh";
        let rows: Vec<MembershipRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(user_id)
            .fetch_all(p)
            .await?);
        rows.into_iter()
            .map(|r| {
                let role = Role::parse(&r.role)
                    .ok_or_else(|| StoreError::corrupt("memberships", r.role.clone()))?;
                Ok(Membership {
                    org: r.org.into_org()?,
                    role,
                })
            })
            .collect()
    }
}

impl Tx {
    pub async fn insert_user(&mut self, user: &NewUser<'_>, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO users (username, display_name, password_hash, must_change_password, \
                   duty, demo, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                   RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.must_change_password)
            .bind(user.duty.map(AdminDuty::code))
            .bind(user.demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn set_password(
        &mut self,
        user_id: i64,
        password_hash: &str,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 \
                   WHERE id = $4";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(password_hash)
            .bind(must_change)
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "user" });
        }
        Ok(())
    }

    pub async fn set_totp_secret(
        &mut self,
        user_id: i64,
        secret: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE users SET totp_secret = $1, totp_last_step = NULL, updated_at = $2 \
                   WHERE id = $3";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(secret)
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Records that the code of `step` was used, unless that step or a later one already
    /// was; `false` means the code is a replay.
    pub async fn use_totp_step(&mut self, user_id: i64, step: i64) -> Result<bool> {
        let sql = "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                   AND (totp_last_step IS NULL OR totp_last_step < $1)";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(step)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    pub async fn set_membership(&mut self, user_id: i64, org_id: i64, role: Role) -> Result<()> {
        let sql = "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3) \
                   ON CONFLICT (user_id, org_id) DO UPDATE SET role = excluded.role";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(user_id)
            .bind(org_id)
            .bind(role.code())
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }
}

/// TOTP secrets kept from before they were sealed (encrypted), to be sealed at start.
impl Store {
    /// Users whose TOTP secret does not start with `sealed_prefix`, with that secret.
    pub async fn unsealed_totp_secrets(&self, sealed_prefix: &str) -> Result<Vec<(i64, String)>> {
        let sql = "SELECT id, totp_secret FROM users \
                   WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE $1 ORDER BY id";
        let rows = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(format!("{sealed_prefix}%"))
            .fetch_all(p)
            .await?);
        Ok(rows)
    }
}

impl Tx {
    /// Replaces a user's plain TOTP secret with its sealed form; the secret itself and its
    /// last used step stay as they were. Only a still-plain value is replaced.
    pub async fn seal_totp_secret(
        &mut self,
        user_id: i64,
        plain: &str,
        sealed: &str,
    ) -> Result<()> {
        let sql = "UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(sealed)
            .bind(user_id)
            .bind(plain)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Forgets secrets offered for enrolment before they were sealed; the user is offered
    /// a fresh one.
    pub async fn drop_unsealed_enrolments(&mut self, sealed_prefix: &str) -> Result<u64> {
        let sql = "UPDATE sessions SET enrolling_totp_secret = NULL \
                   WHERE enrolling_totp_secret IS NOT NULL AND enrolling_totp_secret NOT LIKE $1";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(format!("{sealed_prefix}%"))
            .execute(c)
            .await?
            .rows_affected());
        Ok(n)
    }
}
