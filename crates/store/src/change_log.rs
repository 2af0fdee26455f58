//! The change log: one row per committed change, written in the same transaction.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, Tx};
use chrono::{DateTime, Utc};

/// How far the log has grown. Rows are only ever appended, so the count changes whenever
/// any transaction commits a change, even one whose id is lower than an earlier commit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeMark {
    pub count: i64,
    pub max_id: i64,
}

impl Store {
    pub async fn change_mark(&self) -> Result<ChangeMark> {
        let sql = "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM change_log";
        let (count, max_id): (i64, i64) =
            on_pool!(self, |p| sqlx::query_as(sql).fetch_one(p).await?);
        Ok(ChangeMark { count, max_id })
    }
}

impl Tx {
    pub async fn log_change(
        &mut self,
        entity: &str,
        entity_id: Option<i64>,
        action: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO change_log (entity, entity_id, action, at) VALUES ($1, $2, $3, $4)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(entity)
            .bind(entity_id)
            .bind(action)
            .bind(at)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }
}
