//! Audit: who did what, from where, before and after, written in the transaction of the
//! write itself; browsing, export and chain verification for the audit administrator.

use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::access::{Actor, AuditAdmin};
use gowest_domain::audit::{AuditEntry, AuditRecord, ChainBreak, GENESIS, verify};
use gowest_store::Tx;
pub use gowest_store::audit::AuditQuery;
use serde::Serialize;
use std::path::Path;

/// The secret that keys the audit chain. It lives outside the database, so whoever can
/// change rows there cannot recompute the hashes.
#[derive(Clone)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    pub fn new(bytes: Vec<u8>) -> Result<AuditKey, AppError> {
        if bytes.len() < 32 {
            return Err(AppError::File("audit key must be at least 32 bytes".into()));
        }
        Ok(AuditKey(bytes))
    }

    /// Reads the key file, creating it with a fresh random key (mode 0600) when missing.
    pub fn load_or_create(path: &Path) -> Result<AuditKey, AppError> {
        let io = |e: std::io::Error| AppError::File(format!("{}: {e}", path.display()));
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let mut key = [0u8; 32];
            getrandom::getrandom(&mut key).map_err(|e| AppError::File(e.to_string()))?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(io)?;
            std::io::Write::write_all(&mut file, hex::encode(key).as_bytes()).map_err(io)?;
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        let bytes = hex::decode(text.trim())
            .map_err(|_| AppError::File(format!("{}: not a hex key", path.display())))?;
        AuditKey::new(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// Who is acting and from where: what every audited use-case needs to know.
#[derive(Debug, Clone)]
pub struct Context {
    pub actor: Option<Actor>,
    /// A name for writes that no signed-in user makes (`cli`, `system`).
    pub agent: &'static str,
    pub ip: Option<String>,
}

impl Context {
    pub fn user(actor: Actor, ip: Option<String>) -> Context {
        Context {
            actor: Some(actor),
            agent: "web",
            ip,
        }
    }

    pub fn system(agent: &'static str) -> Context {
        Context {
            actor: None,
            agent,
            ip: None,
        }
    }

    pub(crate) fn entry(
        &self,
        at: DateTime<Utc>,
        action: &str,
        entity: &str,
        entity_id: Option<String>,
    ) -> AuditEntry {
        AuditEntry {
            at,
            actor_user_id: self.actor.as_ref().map(|a| a.user_id),
            actor_name: self
                .actor
                .as_ref()
                .map_or_else(|| self.agent.to_owned(), |a| a.username.clone()),
            org_id: self
                .actor
                .as_ref()
                .and_then(|a| a.acting.as_ref().map(|m| m.org.id)),
            ip: self.ip.clone(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id,
            before: None,
            after: None,
        }
    }
}

/// What an audit read asked for and got, for its own audit row.
pub(crate) fn query_json(q: &AuditQuery, rows: usize) -> serde_json::Value {
    serde_json::json!({
        "rows": rows,
        "actor": q.actor,
        "action_prefix": q.action_prefix,
        "entity": q.entity,
        "from": q.from,
        "to": q.to,
        "before_id": q.before_id,
    })
}

pub(crate) fn json<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl App {
    pub(crate) async fn audit(&self, tx: &mut Tx, entry: AuditEntry) -> Result<(), AppError> {
        tx.append_audit(self.audit_key.bytes(), entry).await?;
        Ok(())
    }

    /// Records a read of personal or audit data (who, what, how many rows) in a
    /// transaction of its own: reads leave a trace as writes do.
    pub(crate) async fn audit_read(
        &self,
        mut entry: AuditEntry,
        after: serde_json::Value,
    ) -> Result<(), AppError> {
        entry.after = json(&after);
        let mut tx = self.store.begin().await?;
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit row of the audit administrator's own read: the handle names the reader.
    pub(crate) async fn audit_admin_entry(
        &self,
        right: &AuditAdmin,
        action: &str,
    ) -> Result<AuditEntry, AppError> {
        let reader = self.store.user(right.by()).await?;
        let mut entry = Context::system("web").entry(self.clock.now(), action, "audit_log", None);
        entry.actor_user_id = Some(reader.id);
        entry.actor_name = reader.username;
        Ok(entry)
    }

    /// The newest audit rows matching `query`; the read itself is audited.
    pub async fn audit_rows(
        &self,
        right: &AuditAdmin,
        query: AuditQuery,
    ) -> Result<Vec<AuditRecord>, AppError> {
        let rows = self.store.audit_rows(&query).await?;
        let entry = self.audit_admin_entry(right, "audit.view").await?;
        self.audit_read(entry, query_json(&query, rows.len()))
            .await?;
        Ok(rows)
    }

    /// Walks the whole chain; returns how many rows were checked, or where it breaks.
    pub async fn verify_audit(&self) -> Result<Result<u64, ChainBreak>, AppError> {
        const BATCH: i64 = 5_000;
        let (mut prev, mut after, mut checked) = (GENESIS.to_owned(), 0i64, 0u64);
        loop {
            let rows = self.store.audit_batch(after, BATCH).await?;
            let Some(last) = rows.last() else {
                return Ok(Ok(checked));
            };
            after = last.id;
            match verify(self.audit_key.bytes(), &prev, &rows) {
                Ok(hash) => prev = hash,
                Err(broken) => return Ok(Err(broken)),
            }
            checked += rows.len() as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_file_is_made_once_with_its_directory_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("not-yet").join("audit.key");
        let first = AuditKey::load_or_create(&path).expect("created");
        let again = AuditKey::load_or_create(&path).expect("read");
        assert_eq!(first.bytes(), again.bytes());
        assert_eq!(first.bytes().len(), 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "only the owner reads the key");
        }
        std::fs::write(&path, "too short").expect("write");
        assert!(AuditKey::load_or_create(&path).is_err());
    }
}
