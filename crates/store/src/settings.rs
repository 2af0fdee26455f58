//! Small key–value settings kept in the database (reference-data version, demo flag).

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, Tx};

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE key = $1";
        let value = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(key)
            .fetch_optional(p)
            .await?);
        Ok(value)
    }
}

impl Tx {
    pub async fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        on_tx!(self, |c| sqlx::query(sql).bind(key).bind(value).execute(c).await?.rows_affected());
        Ok(())
    }
}
