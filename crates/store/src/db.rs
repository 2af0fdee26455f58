//! Connections: the backend enum, transactions, and the macros that run one statement on either.

use crate::Result;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

/// One open transaction; dropped without [`Tx::finish`] it rolls back. Its connection is
/// private: the only way to commit is `finish`, which appends the audit row and the
/// change log's events first.
pub struct Tx {
    pub(crate) conn: Conn,
}

/// A read-only transaction: every read of [`Tx`] through `Deref`, but no way to commit
/// ([`Tx::finish`] takes the transaction by value, which a `ReadTx` never gives out).
pub struct ReadTx(Tx);

impl std::ops::Deref for ReadTx {
    type Target = Tx;
    fn deref(&self) -> &Tx {
        &self.0
    }
}

impl std::ops::DerefMut for ReadTx {
    fn deref_mut(&mut self) -> &mut Tx {
        &mut self.0
    }
}

pub(crate) enum Conn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the backend's pool (`&SqlitePool` or `&PgPool`).
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store.pool() {
            $crate::db::PoolRef::Sqlite($pool) => $body,
            $crate::db::PoolRef::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Runs `$body` with `$conn` bound to the transaction's connection (`&mut SqliteConnection`
/// or `&mut PgConnection`).
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match &mut $tx.conn {
            $crate::db::Conn::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::Conn::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

pub(crate) enum PoolRef<'a> {
    Sqlite(&'a SqlitePool),
    Postgres(&'a PgPool),
}

impl Store {
    /// Opens (creating if missing) the SQLite database at `path`: WAL, foreign keys on,
    /// `synchronous=FULL` so a commit is on disk before it is acknowledged.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Store {
            pool: Pool::Sqlite(pool),
        })
    }

    /// Connects to `postgres://…` (or `sqlite://…`) by URL.
    pub async fn connect(url: &str) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Store {
                pool: Pool::Postgres(pool),
            });
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Store::open_sqlite(Path::new(path)).await;
        }
        let options = SqliteConnectOptions::from_str(url)?;
        Store::open_sqlite(options.get_filename()).await
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) fn pool(&self) -> PoolRef<'_> {
        match &self.pool {
            Pool::Sqlite(p) => PoolRef::Sqlite(p),
            Pool::Postgres(p) => PoolRef::Postgres(p),
        }
    }

    /// Applies pending migrations; safe to run from several instances at once
    /// (sqlx takes a lock on PostgreSQL).
    #[tracing::instrument(skip(self))]
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Pool::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// The highest migration version the code knows for this backend.
    pub fn latest_known_version(&self) -> i64 {
        let migrator = match self.pool {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// The versions of every migration the code carries for each backend.
    pub fn known_versions() -> (Vec<i64>, Vec<i64>) {
        let versions = |m: &Migrator| m.iter().map(|m| m.version).collect();
        (versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS))
    }

    /// The highest migration applied to this database, 0 when none.
    pub async fn schema_version(&self) -> Result<i64> {
        let exists_sql = match self.pool {
            Pool::Sqlite(_) => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Pool::Postgres(_) => {
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename = '_sqlx_migrations'"
            }
        };
        let exists: i64 = on_pool!(self, |p| sqlx::query_scalar(exists_sql)
            .fetch_one(p)
            .await?);
        if exists == 0 {
            return Ok(0);
        }
        let sql = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";
        let version: i64 = on_pool!(self, |p| sqlx::query_scalar(sql).fetch_one(p).await?);
        Ok(version)
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write transaction cannot fail half-way
    /// on a stale snapshot.
    pub async fn begin(&self) -> Result<Tx> {
        let conn = match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => Conn::Postgres(p.begin().await?),
        };
        Ok(Tx { conn })
    }

    /// Opens a transaction only to read in, for reads that exist on [`Tx`] alone: a
    /// deferred `BEGIN` on SQLite (no write lock), `READ ONLY` on PostgreSQL. A [`ReadTx`]
    /// cannot be finished, so nothing read this way is ever committed.
    pub async fn read(&self) -> Result<ReadTx> {
        let conn = match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(p.begin_with("BEGIN DEFERRED").await?),
            Pool::Postgres(p) => Conn::Postgres(p.begin_with("BEGIN READ ONLY").await?),
        };
        Ok(ReadTx(Tx { conn }))
    }

    pub async fn close(&self) {
        on_pool!(self, |p| p.close().await);
    }
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.conn {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Commits; reached only through [`Tx::finish`] (and the migration-time loaders in
    /// this crate), so no change commits without its audit row and events.
    pub(crate) async fn commit(self) -> Result<()> {
        match self.conn {
            Conn::Sqlite(tx) => tx.commit().await?,
            Conn::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Commits a test's fixture rows as they are, with no audit row or event: only the
    /// test kit enables this feature, and the release binary is built without it.
    #[cfg(feature = "fixtures")]
    pub async fn commit_fixture(self) -> Result<()> {
        self.commit().await
    }
}
