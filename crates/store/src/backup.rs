//! Consistent copies of a live SQLite database.

use crate::db::PoolRef;
use crate::{Result, Store, StoreError};
use std::path::Path;

impl Store {
    /// Writes a consistent snapshot to `target` with `VACUUM INTO`, while other
    /// connections keep reading and writing. PostgreSQL deployments use pg_dump instead.
    pub async fn backup_to(&self, target: &Path) -> Result<()> {
        let PoolRef::Sqlite(pool) = self.pool() else {
            return Err(StoreError::Unsupported(
                "backup of PostgreSQL: use pg_dump / 请使用 pg_dump 备份 PostgreSQL",
            ));
        };
        let target = target.to_string_lossy().into_owned();
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(pool)
            .await?;
        Ok(())
    }
}
