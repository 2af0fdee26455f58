//! Audit: who did what, from where, before and after, written in the transaction of the
//! write itself; browsing, export and chain verification for the audit administrator.

use crate::{App, AppError};
use base64::Engine;
use chrono::{DateTime, Utc};
use gowest_domain::access::{Actor, AuditAdmin};
use gowest_domain::audit::{AuditEntry, AuditRecord, ChainBreak, Checkpoint, GENESIS, verify};
pub use gowest_store::audit::AuditQuery;
use serde::Serialize;
use std::path::Path;

/// The master secret, kept in a file outside the database (`--audit-key-file`), so whoever
/// can change rows there cannot recompute the audit chain nor read the sealed secrets. It
/// keys the audit chain itself (as it always has: the chain of an existing deployment must
/// still verify); every other use gets its own key derived from it with HKDF-SHA256 under a
/// purpose label, so no two purposes share a key.
#[derive(Clone)]
pub struct AuditKey {
    master: Vec<u8>,
    /// ChaCha20-Poly1305 key for secrets kept in the database (TOTP secrets).
    secrets: [u8; 32],
}

/// The HKDF labels: one per purpose, versioned so a purpose can move to a new key.
const HKDF_SALT: &[u8] = b"gowest key derivation";
const SECRETS_LABEL: &[u8] = b"gowest/secrets/chacha20poly1305/v1";
/// What a sealed value starts with; anything else is a plain value from before sealing.
pub(crate) const SEALED_PREFIX: &str = "enc1:";

impl AuditKey {
    pub fn new(bytes: Vec<u8>) -> Result<AuditKey, AppError> {
        if bytes.len() < 32 {
            return Err(AppError::File("audit key must be at least 32 bytes".into()));
        }
        let hkdf = hkdf::Hkdf::<sha2::Sha256>::new(Some(HKDF_SALT), &bytes);
        let mut secrets = [0u8; 32];
        hkdf.expand(SECRETS_LABEL, &mut secrets)
            .map_err(|_| AppError::Internal("key derivation failed".into()))?;
        Ok(AuditKey {
            master: bytes,
            secrets,
        })
    }

    /// Reads the key file, creating it with a fresh random key (mode 0600) when missing.
    pub fn load_or_create(path: &Path) -> Result<AuditKey, AppError> {
        let io = |e: std::io::Error| AppError::File(format!("{}: {e}", path.display()));
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let mut key = [0u8; 32];
            getrandom::getrandom(&mut key).map_err(|e| AppError::Internal(e.to_string()))?;
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

    /// The audit chain's HMAC key.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.master
    }

    /// Encrypts `plain` for the database; `context` (table, column, row owner) is bound to
    /// the ciphertext, so a sealed value copied to another row or column does not open.
    pub(crate) fn seal(&self, plain: &str, context: &str) -> Result<String, AppError> {
        use chacha20poly1305::aead::{Aead, KeyInit, Payload};
        let cipher = chacha20poly1305::ChaCha20Poly1305::new((&self.secrets).into());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(|e| AppError::Internal(e.to_string()))?;
        let sealed = cipher
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal("sealing a secret failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!(
            "{SEALED_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
        ))
    }

    /// Decrypts a value made by [`seal`](Self::seal) with the same `context`.
    pub(crate) fn open(&self, sealed: &str, context: &str) -> Result<String, AppError> {
        use chacha20poly1305::aead::{Aead, KeyInit, Payload};
        let broken = || AppError::Internal(format!("a sealed secret ({context}) does not open"));
        let raw = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(b)
                    .ok()
            })
            .filter(|raw| raw.len() > 12)
            .ok_or_else(broken)?;
        let (nonce, body) = raw.split_at(12);
        let cipher = chacha20poly1305::ChaCha20Poly1305::new((&self.secrets).into());
        let plain = cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| broken())?;
        String::from_utf8(plain).map_err(|_| broken())
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
        self.note(entry, Some(query_json(&query, rows.len())))
            .await?;
        Ok(rows)
    }

    /// Walks the whole chain; returns how many rows were checked, or where it breaks.
    pub async fn verify_audit(&self) -> Result<Result<u64, ChainBreak>, AppError> {
        self.verify_audit_against(None).await
    }

    /// Walks the whole chain, and when a checkpoint is given also checks that its row is
    /// still there with the recorded hash. Hashing runs off the async threads.
    pub async fn verify_audit_against(
        &self,
        checkpoint: Option<&Checkpoint>,
    ) -> Result<Result<u64, ChainBreak>, AppError> {
        const BATCH: i64 = 5_000;
        let (mut prev, mut after, mut checked) = (GENESIS.to_owned(), 0i64, 0u64);
        let mut seen_checkpoint = false;
        loop {
            let rows = self.store.audit_batch(after, BATCH).await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = last.id;
            if let Some(point) = checkpoint
                && let Some(row) = rows.iter().find(|r| r.id == point.id)
            {
                seen_checkpoint = true;
                if row.hash != point.hash {
                    return Ok(Err(ChainBreak::CheckpointMismatch { id: point.id }));
                }
            }
            let count = rows.len() as u64;
            let key = self.audit_key.clone();
            let from = prev.clone();
            let walked = tokio::task::spawn_blocking(move || verify(key.bytes(), &from, &rows))
                .await
                .map_err(|e| AppError::Internal(format!("audit verification stopped: {e}")))?;
            match walked {
                Ok(hash) => prev = hash,
                Err(broken) => return Ok(Err(broken)),
            }
            checked += count;
        }
        match checkpoint {
            Some(point) if !seen_checkpoint => {
                Ok(Err(ChainBreak::CheckpointMissing { id: point.id }))
            }
            _ => Ok(Ok(checked)),
        }
    }

    /// A checkpoint for the auditor to write down outside this system: the row that
    /// records the request is the anchor, its id and hash what is handed back.
    pub async fn audit_checkpoint(
        &self,
        _right: &AuditAdmin,
        ctx: &Context,
    ) -> Result<Checkpoint, AppError> {
        let entry = ctx.entry(self.clock.now(), "audit.checkpoint", "audit_log", None);
        let row = self.note(entry, None).await?;
        Ok(Checkpoint {
            id: row.id,
            hash: row.hash,
        })
    }

    /// Verification from the console: audited, like every act of the audit administrator.
    pub async fn verify_audit_as(
        &self,
        _right: &AuditAdmin,
        ctx: &Context,
        checkpoint: Option<&Checkpoint>,
    ) -> Result<Result<u64, ChainBreak>, AppError> {
        let outcome = self.verify_audit_against(checkpoint).await?;
        let entry = ctx.entry(self.clock.now(), "audit.verify", "audit_log", None);
        let after = serde_json::json!({
            "checkpoint": checkpoint.map(ToString::to_string),
            "result": match &outcome {
                Ok(rows) => format!("intact: {rows} rows"),
                Err(broken) => broken.to_string(),
            },
        });
        self.note(entry, Some(after)).await?;
        Ok(outcome)
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

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_context() {
        let key = AuditKey::new(vec![7; 32]).expect("key");
        let sealed = key
            .seal("JBSWY3DPEHPK3PXP", "users.totp_secret:1")
            .expect("sealed");
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            sealed,
            key.seal("JBSWY3DPEHPK3PXP", "users.totp_secret:1")
                .expect("again")
        );
        assert_eq!(
            key.open(&sealed, "users.totp_secret:1").expect("opens"),
            "JBSWY3DPEHPK3PXP"
        );
        assert!(
            key.open(&sealed, "users.totp_secret:2").is_err(),
            "another row"
        );
        let other = AuditKey::new(vec![8; 32]).expect("key");
        assert!(
            other.open(&sealed, "users.totp_secret:1").is_err(),
            "another key"
        );
        // The derived key is not the master key.
        assert_ne!(&key.secrets[..], key.bytes());
    }
}
