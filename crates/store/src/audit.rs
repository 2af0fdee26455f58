//! The audit log: appended in the same transaction as the write it records, chained by
//! keyed hashes, never updated or deleted (the database's triggers refuse it too).

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::audit::{AuditEntry, AuditRecord, GENESIS, link_hash};

/// Serialises appends, so ids and hashes follow commit order on every backend.
const APPEND_LOCK: i64 = 0x676f_7765_7374_0002;

const COLUMNS: &str = "id, at, actor_user_id, actor_name, org_id, ip, action, entity, entity_id, \
                       before_data, after_data, prev_hash, hash";

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor_user_id: Option<i64>,
    actor_name: String,
    org_id: Option<i64>,
    ip: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before_data: Option<String>,
    after_data: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            entry: AuditEntry {
                at: r.at,
                actor_user_id: r.actor_user_id,
                actor_name: r.actor_name,
                org_id: r.org_id,
                ip: r.ip,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before_data,
                after: r.after_data,
            },
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Filters for browsing the log; all optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action_prefix: Option<String>,
    pub entity: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Rows with an id below this (for paging backwards from the newest).
    pub before_id: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Newest first.
    pub async fn audit_rows(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE ($1 IS NULL OR actor_name = $1) \
             AND ($2 IS NULL OR action LIKE $2 || '%') AND ($3 IS NULL OR entity = $3) \
             AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5) \
             AND ($6 IS NULL OR id < $6) ORDER BY id DESC LIMIT $7"
        );
        let rows: Vec<AuditRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(&q.actor)
            .bind(&q.action_prefix)
            .bind(&q.entity)
            .bind(q.from)
            .bind(q.to)
            .bind(q.before_id)
            .bind(q.limit)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }

    /// Rows after `after_id` in chain order, for verification in batches.
    pub async fn audit_batch(&self, after_id: i64, limit: i64) -> Result<Vec<AuditRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2");
        let rows: Vec<AuditRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(after_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }
}

impl Tx {
    /// Appends one entry to the chain; it commits or rolls back with the transaction.
    pub(crate) async fn append_audit(
        &mut self,
        key: &[u8],
        entry: AuditEntry,
    ) -> Result<AuditRecord> {
        self.lock(APPEND_LOCK).await?;
        let last: Option<(i64, String)> = on_tx!(self, |c| sqlx::query_as(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
        )
        .fetch_optional(c)
        .await?);
        let (id, prev_hash) = match last {
            Some((id, hash)) => (id + 1, hash),
            None => (1, GENESIS.to_owned()),
        };
        let entry = entry.normalised();
        let hash = link_hash(key, id, &prev_hash, &entry);
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        );
        on_tx!(self, |c| sqlx::query(&sql)
            .bind(id)
            .bind(entry.at)
            .bind(entry.actor_user_id)
            .bind(&entry.actor_name)
            .bind(entry.org_id)
            .bind(&entry.ip)
            .bind(&entry.action)
            .bind(&entry.entity)
            .bind(&entry.entity_id)
            .bind(&entry.before)
            .bind(&entry.after)
            .bind(&prev_hash)
            .bind(&hash)
            .execute(c)
            .await?
            .rows_affected());
        Ok(AuditRecord {
            id,
            entry,
            prev_hash,
            hash,
        })
    }
}
