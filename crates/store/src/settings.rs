//! Small key–value settings kept in the database (reference-data version, demo flag).

use crate::db::{Conn, on_pool, on_tx};
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
        on_tx!(self, |c| sqlx::query(sql)
            .bind(key)
            .bind(value)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }
}

impl Tx {
    /// Reads a setting inside the transaction, after [`Tx::lock`] when it guards a decision.
    pub async fn setting(&mut self, key: &str) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE key = $1";
        let value = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(key)
            .fetch_optional(c)
            .await?);
        Ok(value)
    }

    /// Serialises this transaction with every other one that takes the same lock, until
    /// commit. SQLite's `BEGIN IMMEDIATE` already serialises writers, so only PostgreSQL
    /// needs the advisory lock that several instances starting at once contend for.
    pub async fn lock(&mut self, key: i64) -> Result<()> {
        if let Conn::Postgres(tx) = &mut self.conn {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}
