//! The audit log's records and their keyed hash chain: each row's hash covers its content
//! and the previous row's hash, so changing, inserting or removing a row in the database
//! breaks the chain from there on.

use chrono::{DateTime, SubsecRound, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use utoipa::ToSchema;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, from where, with the record before and after (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub org_id: Option<i64>,
    pub ip: Option<String>,
    /// e.g. `zone.update`, `login.failed`, `user.create`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditEntry {
    /// Timestamps are kept to the microsecond, the precision both databases store.
    pub fn normalised(mut self) -> Self {
        self.at = self.at.trunc_subsecs(6);
        self
    }
}

/// A stored row: its position in the chain and its hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AuditRecord {
    pub id: i64,
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

fn field(mac: &mut Hmac<Sha256>, bytes: &[u8]) {
    // Length-prefixed, so no two different rows serialise to the same bytes.
    mac.update(&(bytes.len() as u64).to_be_bytes());
    mac.update(bytes);
}

fn optional(mac: &mut Hmac<Sha256>, value: Option<&str>) {
    match value {
        None => mac.update(&[0]),
        Some(v) => {
            mac.update(&[1]);
            field(mac, v.as_bytes());
        }
    }
}

/// HMAC-SHA256 over the row's id, the previous hash and every field, as lower-case hex.
pub fn link_hash(key: &[u8], id: i64, prev_hash: &str, e: &AuditEntry) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    field(&mut mac, &id.to_be_bytes());
    field(&mut mac, prev_hash.as_bytes());
    field(&mut mac, &e.at.timestamp_micros().to_be_bytes());
    optional(&mut mac, e.actor_user_id.map(|v| v.to_string()).as_deref());
    field(&mut mac, e.actor_name.as_bytes());
    optional(&mut mac, e.org_id.map(|v| v.to_string()).as_deref());
    optional(&mut mac, e.ip.as_deref());
    field(&mut mac, e.action.as_bytes());
    field(&mut mac, e.entity.as_bytes());
    optional(&mut mac, e.entity_id.as_deref());
    optional(&mut mac, e.before.as_deref());
    optional(&mut mac, e.after.as_deref());
    hex::encode(mac.finalize().into_bytes())
}

/// Where a chain stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("row {id}: its content does not match its hash (changed in the database)")]
    Altered { id: i64 },
    #[error("row {id}: it does not follow the row before it (a row was removed or inserted)")]
    Unlinked { id: i64 },
    #[error("row {id}: its hash is not the checkpoint's (the chain up to it was rewritten)")]
    CheckpointMismatch { id: i64 },
    #[error("row {id} of the checkpoint is not in the log (rows were removed)")]
    CheckpointMissing { id: i64 },
}

/// A point of the chain an auditor wrote down (row id and its hash), to re-check later that
/// the chain up to it is still the one seen then: whoever holds the key could recompute a
/// consistent chain, but not one that ends at the recorded hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Checkpoint {
    pub id: i64,
    pub hash: String,
}

impl Checkpoint {
    /// Parses `ID:HASH` (the hash as 64 hex digits, as shown).
    pub fn parse(raw: &str) -> Option<Checkpoint> {
        let (id, hash) = raw.trim().split_once(':')?;
        let id = id.trim().parse().ok().filter(|id| *id > 0)?;
        let hash = hash.trim().to_ascii_lowercase();
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(Checkpoint { id, hash })
    }
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.id, self.hash)
    }
}

/// Walks rows in id order, starting after `prev` (the hash of the row before the first
/// given, or [`GENESIS`]); returns the last hash, to continue with the next batch.
pub fn verify(key: &[u8], prev: &str, rows: &[AuditRecord]) -> Result<String, ChainBreak> {
    let mut prev = prev.to_owned();
    for row in rows {
        if row.prev_hash != prev {
            return Err(ChainBreak::Unlinked { id: row.id });
        }
        if link_hash(key, row.id, &row.prev_hash, &row.entry) != row.hash {
            return Err(ChainBreak::Altered { id: row.id });
        }
        prev = row.hash.clone();
    }
    Ok(prev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"test key";

    #[test]
    fn a_checkpoint_is_read_back_from_what_it_shows() {
        let hash = "ab".repeat(32);
        let point = Checkpoint::parse(&format!(" 42:{} ", hash.to_uppercase())).expect("parsed");
        assert_eq!(
            point,
            Checkpoint {
                id: 42,
                hash: hash.clone()
            }
        );
        assert_eq!(Checkpoint::parse(&point.to_string()), Some(point));
        for bad in [
            "42",
            "x:ab",
            "0:ab",
            &format!("42:{}", &hash[..63]),
            &format!("42:{}zz", &hash[..62]),
        ] {
            assert_eq!(Checkpoint::parse(bad), None, "{bad}");
        }
    }

    fn entry(n: i64) -> AuditEntry {
        AuditEntry {
            at: DateTime::UNIX_EPOCH + chrono::Duration::seconds(n),
            actor_user_id: Some(1),
            actor_name: "chengdu.admin".into(),
            org_id: Some(2),
            ip: Some("127.0.0.1".into()),
            action: "zone.update".into(),
            entity: "zone".into(),
            entity_id: Some(n.to_string()),
            before: Some(format!("{{\"land_price\":{n}}}")),
            after: Some(format!("{{\"land_price\":{}}}", n + 1)),
        }
    }

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|id| {
                let e = entry(id);
                let hash = link_hash(KEY, id, &prev, &e);
                let row = AuditRecord {
                    id,
                    entry: e,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_a_wrong_key_does_not() {
        let rows = chain(5);
        assert_eq!(verify(KEY, GENESIS, &rows), Ok(rows[4].hash.clone()));
        assert_eq!(
            verify(b"other", GENESIS, &rows),
            Err(ChainBreak::Altered { id: 1 })
        );
        assert_eq!(
            verify(KEY, &rows[1].hash, &rows[2..]),
            Ok(rows[4].hash.clone()),
            "in batches"
        );
    }

    #[test]
    fn a_removed_row_is_found() {
        let mut rows = chain(5);
        rows.remove(2);
        assert_eq!(
            verify(KEY, GENESIS, &rows),
            Err(ChainBreak::Unlinked { id: 4 })
        );
    }

    proptest! {
        #[test]
        fn any_change_to_any_field_of_any_row_is_found(row in 0usize..6, which in 0usize..6, text in ".{0,8}") {
            let mut rows = chain(6);
            let e = &mut rows[row].entry;
            let before = e.clone();
            match which {
                0 => e.actor_name.push_str(&text),
                1 => e.action = format!("{}{text}x", e.action),
                2 => e.after = None,
                3 => e.ip = Some(format!("10.0.0.{}{text}", row)),
                4 => e.at += chrono::Duration::microseconds(1),
                _ => e.org_id = Some(99),
            }
            prop_assume!(*e != before);
            let id = rows[row].id;
            prop_assert_eq!(verify(KEY, GENESIS, &rows), Err(ChainBreak::Altered { id }));
        }
    }
}
