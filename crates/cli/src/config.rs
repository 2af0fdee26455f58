//! Configuration: command-line flags, then `GOWEST_*` environment variables (both by clap),
//! then a TOML file (`--config`), then defaults.

use anyhow::{Context, Result, bail};
use gowest_app::audit::AuditKey;
use gowest_app::search::SearchPlace;
use gowest_app::{App, Store};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct DatabaseArgs {
    /// TOML file with any of: bind, data_dir, database_url, audit_key_file, search_dir, demo, https
    #[arg(long, global = true, env = "GOWEST_CONFIG")]
    config: Option<PathBuf>,
    /// Directory of the embedded SQLite database [default: ./gowest-data]
    #[arg(long, global = true, env = "GOWEST_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// postgres://user:password@host/db to use PostgreSQL instead of the embedded SQLite
    #[arg(long, global = true, env = "GOWEST_DATABASE_URL")]
    database_url: Option<String>,
    /// File with the master key (audit chain; sealed secrets and other keys are derived from
    /// it), created if missing. It must be outside the data directory, so a copy of the data
    /// is not a copy of the key [required; DATA_DIR/audit.key only with --demo].
    /// Every instance on one PostgreSQL must use the same key.
    #[arg(long, global = true, env = "GOWEST_AUDIT_KEY_FILE")]
    audit_key_file: Option<PathBuf>,
    /// Directory of the search index; each server instance needs its own
    /// [default: DATA_DIR/search, DATA_DIR/demo-search with --demo]
    #[arg(long, global = true, env = "GOWEST_SEARCH_DIR")]
    search_dir: Option<PathBuf>,
    /// Use the demo database (demo.sqlite3 in the data directory) and fill it with demo data
    #[arg(long, global = true, env = "GOWEST_DEMO")]
    demo: bool,
    /// The site is reached over HTTPS (here or at a proxy): send HSTS, mark cookies Secure
    #[arg(long, global = true, env = "GOWEST_HTTPS")]
    https: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    audit_key_file: Option<PathBuf>,
    search_dir: Option<PathBuf>,
    demo: Option<bool>,
    https: Option<bool>,
}

pub struct Config {
    pub bind: Option<String>,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// `None` when not given outside the demo: commands that need the key refuse to start.
    pub audit_key_file: Option<PathBuf>,
    pub search_dir: PathBuf,
    pub demo: bool,
    pub https: bool,
}

impl Config {
    pub fn resolve(args: &DatabaseArgs) -> Result<Config> {
        let file = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read config file {}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("config file {} is invalid", path.display()))?
            }
            None => FileConfig::default(),
        };
        let data_dir = args
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("gowest-data"));
        let demo = args.demo || file.demo.unwrap_or(false);
        Ok(Config {
            bind: file.bind,
            search_dir: args
                .search_dir
                .clone()
                .or(file.search_dir)
                .unwrap_or_else(|| data_dir.join(if demo { "demo-search" } else { "search" })),
            audit_key_file: args
                .audit_key_file
                .clone()
                .or(file.audit_key_file)
                .or_else(|| demo.then(|| data_dir.join("audit.key"))),
            data_dir,
            database_url: args.database_url.clone().or(file.database_url),
            demo,
            https: args.https || file.https.unwrap_or(false),
        })
    }

    /// The SQLite file this configuration uses, when it uses SQLite.
    fn sqlite_path(&self) -> Option<PathBuf> {
        if self.database_url.is_some() {
            return None;
        }
        let name = if self.demo {
            "demo.sqlite3"
        } else {
            "gowest.sqlite3"
        };
        Some(self.data_dir.join(name))
    }

    pub async fn open_store(&self) -> Result<Store> {
        match (&self.database_url, self.sqlite_path()) {
            (Some(url), _) => Store::connect(url)
                .await
                .context("cannot connect to the database / 无法连接数据库"),
            (None, Some(path)) => {
                std::fs::create_dir_all(&self.data_dir).with_context(|| {
                    format!("cannot create data directory {}", self.data_dir.display())
                })?;
                Store::open_sqlite(&path)
                    .await
                    .with_context(|| format!("cannot open {}", path.display()))
            }
            (None, None) => bail!("no database configured"),
        }
    }

    /// The app for a one-shot command, without a search index.
    pub async fn open_app(&self) -> Result<App> {
        self.open_app_searching(SearchPlace::Off).await
    }

    /// The app with the search index on disk (`serve`, `reindex`).
    pub async fn open_app_with_search(&self) -> Result<App> {
        let state = self.search_dir.with_extension("state.json");
        let place = SearchPlace::Disk {
            dir: self.search_dir.clone(),
            state,
        };
        self.open_app_searching(place).await
    }

    async fn open_app_searching(&self, place: SearchPlace) -> Result<App> {
        let key_file = self.checked_key_file()?;
        let store = self.open_store().await?;
        let key = AuditKey::load_or_create(key_file)?;
        let clock = std::sync::Arc::new(gowest_domain::clock::SystemClock);
        Ok(App::start_with_search(store, key, clock, place).await?)
    }

    /// The master key file, refused when missing or inside the data directory (outside the
    /// demo): a backup or copy of the data directory must not carry the key that protects it.
    fn checked_key_file(&self) -> Result<&Path> {
        let hint = |why: &str| {
            format!(
                "{why}. Put the key outside the data directory ({}), readable only by the \
                 service user, e.g. --audit-key-file /etc/gowest/audit.key \
                 (GOWEST_AUDIT_KEY_FILE); it is created there if missing / \
                 审计主密钥文件须放在数据目录之外（如 /etc/gowest/audit.key），仅服务账号可读",
                self.data_dir.display()
            )
        };
        let Some(file) = self.audit_key_file.as_deref() else {
            bail!(hint("no audit key file given (--audit-key-file)"));
        };
        if !self.demo && inside(&self.data_dir, file) {
            bail!(hint(&format!(
                "the audit key file {} is inside the data directory",
                file.display()
            )));
        }
        Ok(file)
    }

    /// Replaces the SQLite database file with a checked copy of `backup`.
    pub async fn restore(&self, backup: &Path) -> Result<()> {
        let Some(target) = self.sqlite_path() else {
            bail!("PostgreSQL: restore with pg_restore / PostgreSQL 请使用 pg_restore 恢复");
        };
        // Open the backup read-write in a scratch copy, so a bad file never touches the target.
        std::fs::create_dir_all(&self.data_dir)?;
        let staged = self.data_dir.join(".restore.sqlite3");
        std::fs::copy(backup, &staged)
            .with_context(|| format!("cannot read backup {}", backup.display()))?;
        let check = async {
            let store = Store::open_sqlite(&staged).await?;
            let version = store.schema_version().await?;
            let zones = store.zone_count().await?;
            store.close().await;
            anyhow::Ok((version, zones))
        };
        let (version, zones) = match check.await {
            Ok(found) => found,
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(e.context("not a gowest backup / 不是有效的 gowest 备份文件"));
            }
        };
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", target.display()));
            if side.exists() {
                std::fs::remove_file(&side)?;
            }
            let staged_side = PathBuf::from(format!("{}{suffix}", staged.display()));
            if staged_side.exists() {
                std::fs::remove_file(&staged_side)?;
            }
        }
        std::fs::rename(&staged, &target)?;
        println!(
            "已恢复 / restored {} (schema version {version}, {zones} zones)",
            target.display()
        );
        Ok(())
    }
}

/// Whether `file` is (or would be created) inside `dir`, links and `..` resolved as far as
/// the paths exist.
fn inside(dir: &Path, file: &Path) -> bool {
    fn resolved(path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // The longest existing ancestor is canonicalised; the rest is appended as written.
        let mut existing = absolute.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for name in rest.into_iter().rev() {
            if name == ".." {
                out.pop();
            } else if name != "." {
                out.push(name);
            }
        }
        out
    }
    resolved(file).starts_with(resolved(dir))
}

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn a_key_file_inside_the_data_directory_is_recognised_however_written() {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("mkdir");
        assert!(inside(&data, &data.join("audit.key")));
        assert!(inside(&data, &data.join("sub/../audit.key")));
        assert!(inside(&data, &dir.path().join("data/./x/audit.key")));
        assert!(!inside(&data, &dir.path().join("audit.key")));
        assert!(!inside(&data, &data.join("../audit.key")));
        assert!(!inside(&data, &dir.path().join("data-keys/audit.key")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&data, &link).expect("symlink");
            assert!(inside(&data, &link.join("audit.key")), "through a link");
        }
    }
}
