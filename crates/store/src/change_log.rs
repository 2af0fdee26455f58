//! The change log: one row per committed change (a domain event), written with its audit
//! row in the transaction of the change, by [`Tx::finish`], the only way a change commits.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::audit::{AuditEntry, AuditRecord};
use gowest_domain::change::{Entity, Event, NewEvent, parse_orgs};

impl Store {
    /// The id of the newest change-log row, 0 when there is none.
    pub async fn last_event_id(&self) -> Result<i64> {
        let sql = "SELECT COALESCE(MAX(id), 0) FROM change_log";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_one(p)
            .await?))
    }

    /// Events after `after_id`, oldest first, at most `limit`.
    pub async fn events_after(&self, after_id: i64, limit: i64) -> Result<Vec<Event>> {
        let sql = "SELECT id, at, entity, entity_id, action, actor_user_id, org_ids, audit_id \
                   FROM change_log WHERE id > $1 AND audit_id IS NOT NULL ORDER BY id LIMIT $2";
        let rows: Vec<EventRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(after_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// Appends an audit row that records no change (a read of personal data, a refused
    /// request, a failed sign-in) in a transaction of its own.
    pub async fn append_audit_alone(&self, key: &[u8], entry: AuditEntry) -> Result<AuditRecord> {
        #[allow(clippy::disallowed_methods)] // an audit row alone, no change
        let mut tx = self.begin().await?;
        let row = tx.append_audit(key, entry).await?;
        tx.commit().await?;
        Ok(row)
    }
}

type EventRow = (
    i64,
    DateTime<Utc>,
    String,
    Option<i64>,
    String,
    Option<i64>,
    String,
    Option<i64>,
);

trait IntoEvent {
    fn into_event(self) -> Result<Event>;
}

impl IntoEvent for EventRow {
    fn into_event(self) -> Result<Event> {
        let (id, at, entity, entity_id, action, by, orgs, audit_id) = self;
        let damaged = |what: &str| StoreError::corrupt("change_log", format!("row {id}: {what}"));
        Ok(Event {
            id,
            at,
            entity: Entity::parse(&entity).ok_or_else(|| damaged("unknown entity"))?,
            entity_id,
            action,
            by,
            orgs: parse_orgs(&orgs).ok_or_else(|| damaged("unreadable organisations"))?,
            audit_id: audit_id.ok_or_else(|| damaged("no audit row"))?,
        })
    }
}

impl Tx {
    /// The one way a change commits: appends the audit rows, then one change-log row per
    /// event (each pointing at the first audit row), then commits. Refuses a change with
    /// no audit row, so none can be recorded without one. The events are written while the
    /// audit chain's lock is held (SQLite: the write lock), so their ids commit in order and
    /// a reader that remembers the last id it read never skips one.
    pub async fn finish(
        mut self,
        key: &[u8],
        audit: Vec<AuditEntry>,
        events: &[NewEvent],
    ) -> Result<Vec<AuditRecord>> {
        let Some(at) = audit.first().map(|e| e.at) else {
            return Err(StoreError::Unsupported("a change must carry its audit row"));
        };
        let mut rows = Vec::with_capacity(audit.len());
        for entry in audit {
            rows.push(self.append_audit(key, entry).await?);
        }
        let audit_id = rows[0].id;
        let sql = "INSERT INTO change_log (entity, entity_id, action, at, actor_user_id, org_ids, \
                   audit_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";
        for event in events {
            on_tx!(&mut self, |c| sqlx::query(sql)
                .bind(event.entity.code())
                .bind(event.entity_id)
                .bind(&event.action)
                .bind(at)
                .bind(event.by)
                .bind(event.orgs_text())
                .bind(audit_id)
                .execute(c)
                .await?
                .rows_affected());
        }
        self.commit().await?;
        Ok(rows)
    }
}
