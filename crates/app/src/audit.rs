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

pub(crate) fn json<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl App {
    pub(crate) async fn audit(&self, tx: &mut Tx, entry: AuditEntry) -> Result<(), AppError> {
        tx.append_audit(self.audit_key.bytes(), entry).await?;
        Ok(())
    }

    /// The newest audit rows matching `query`.
    pub async fn audit_rows(
        &self,
        _right: &AuditAdmin,
        query: AuditQuery,
    ) -> Result<Vec<AuditRecord>, AppError> {
        Ok(self.store.audit_rows(&query).await?)
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
