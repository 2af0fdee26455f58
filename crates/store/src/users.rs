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
    /// When the password was last set (`None` only for rows older than migration 0018
    /// that were never updated, which the migration fills).
    pub password_changed_at: Option<DateTime<Utc>>,
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
                       totp_secret, disabled, demo, password_changed_at";

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
    password_changed_at: Option<DateTime<Utc>>,
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
            password_changed_at: self.password_changed_at,
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
                   duty, demo, created_at, updated_at, password_changed_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) \
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
        let sql = "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3, \
                   password_changed_at = $3 WHERE id = $4";
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

/// A one-time link's purpose: a reset of a forgotten password, or a new account's first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Reset,
    Welcome,
}

impl LinkPurpose {
    pub fn code(self) -> &'static str {
        match self {
            LinkPurpose::Reset => "reset",
            LinkPurpose::Welcome => "welcome",
        }
    }
}

/// A stored one-time password link (its token's hash only).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PasswordLink {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A privileged membership asked for and not yet decided, with the names to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingGrant {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub role: Role,
    pub requested_by: Option<String>,
    pub requested_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PendingGrantRow {
    id: i64,
    user_id: i64,
    username: String,
    display_name: String,
    org_id: i64,
    org_name: String,
    role: String,
    requested_by: Option<String>,
    requested_at: DateTime<Utc>,
}

impl Store {
    /// The user's earlier password hashes, newest first, at most `limit`.
    pub async fn password_history(&self, user_id: i64, limit: i64) -> Result<Vec<String>> {
        let sql = "SELECT password_hash FROM password_history WHERE user_id = $1 \
                   ORDER BY id DESC LIMIT $2";
        let rows = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(user_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// The link whose token has this hash, used or not.
    pub async fn password_link(&self, token_hash: &str) -> Result<Option<PasswordLink>> {
        let sql = "SELECT id, user_id, purpose, created_at, expires_at, used_at \
                   FROM password_links WHERE token_hash = $1";
        let row = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(token_hash)
            .fetch_optional(p)
            .await?);
        Ok(row)
    }

    /// Grants waiting for a decision, oldest first.
    pub async fn pending_grants(&self) -> Result<Vec<PendingGrant>> {
        let sql = "SELECT g.id, g.user_id, u.username, u.display_name, g.org_id, \
                   o.name_zh AS org_name, g.role, r.username AS requested_by, g.requested_at \
                   FROM pending_grants g JOIN users u ON u.id = g.user_id \
                   JOIN organisations o ON o.id = g.org_id \
                   LEFT JOIN users r ON r.id = g.requested_by \
                   WHERE g.decision IS NULL ORDER BY g.id";
        let rows: Vec<PendingGrantRow> =
            on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                let role = Role::parse(&r.role)
                    .ok_or_else(|| StoreError::corrupt("pending_grants", r.role.clone()))?;
                Ok(PendingGrant {
                    id: r.id,
                    user_id: r.user_id,
                    username: r.username,
                    display_name: r.display_name,
                    org_id: r.org_id,
                    org_name: r.org_name,
                    role,
                    requested_by: r.requested_by,
                    requested_at: r.requested_at,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Requires a password change at the next request (an expired password).
    pub async fn require_password_change(&mut self, user_id: i64) -> Result<()> {
        let sql = "UPDATE users SET must_change_password = TRUE WHERE id = $1";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_disabled(
        &mut self,
        user_id: i64,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(disabled)
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

    pub async fn push_password_history(
        &mut self,
        user_id: i64,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO password_history (user_id, password_hash, created_at) \
                   VALUES ($1, $2, $3)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(user_id)
            .bind(password_hash)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Stores a new link for `user_id`; the user's earlier unused links are voided, so
    /// only the newest works.
    pub async fn insert_password_link(
        &mut self,
        token_hash: &str,
        user_id: i64,
        purpose: LinkPurpose,
        created_by: Option<i64>,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<i64> {
        let void = "UPDATE password_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL";
        on_tx!(self, |c| sqlx::query(void)
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await?
            .rows_affected());
        let sql = "INSERT INTO password_links (token_hash, user_id, purpose, created_by, \
                   created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.code())
            .bind(created_by)
            .bind(now)
            .bind(expires_at)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// Marks a link used, if it still is unused and unexpired; `false` means it is not
    /// (a second use, even a concurrent one, finds no row).
    pub async fn use_password_link(&mut self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let sql = "UPDATE password_links SET used_at = $1 \
                   WHERE id = $2 AND used_at IS NULL AND expires_at > $1";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    pub async fn insert_pending_grant(
        &mut self,
        user_id: i64,
        org_id: i64,
        role: Role,
        requested_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO pending_grants (user_id, org_id, role, requested_by, requested_at) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(user_id)
            .bind(org_id)
            .bind(role.code())
            .bind(requested_by)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// Decides an undecided grant; its user, organisation and role, or `None` when it was
    /// already decided (or never was).
    pub async fn decide_grant(
        &mut self,
        id: i64,
        approve: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<(i64, i64, Role)>> {
        let sql = "UPDATE pending_grants SET decision = $1, decided_by = $2, decided_at = $3 \
                   WHERE id = $4 AND decision IS NULL RETURNING user_id, org_id, role";
        let row: Option<(i64, i64, String)> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(if approve { "approved" } else { "refused" })
            .bind(by)
            .bind(now)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.map(|(user, org, role)| {
            Role::parse(&role)
                .map(|r| (user, org, r))
                .ok_or_else(|| StoreError::corrupt("pending_grants", role))
        })
        .transpose()
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
