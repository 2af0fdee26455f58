//! The ledger of a fund pool (a CDB policy-loan pool, a special fund's yearly budget, a
//! year's interest-subsidy quota): money is committed to an application, released when a
//! commitment falls away, and disbursed against a commitment. Nothing else moves it.
//!
//! Invariants, for the pool and for each application's holding:
//! 0 ≤ disbursed ≤ committed ≤ size (the application's size being its grant).

use crate::money::Fen;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// What a ledger entry does.
    pub enum EntryKind {
        Commit => ("commit", "承诺", "commit"),
        Release => ("release", "释放", "release"),
        Disburse => ("disburse", "拨付", "disburse"),
    }
}

/// Running totals of a pool, or of one application's holding in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Totals {
    pub size: Fen,
    pub committed: Fen,
    pub disbursed: Fen,
}

/// Why an entry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerRefusal {
    #[error("the amount must be positive")]
    NotPositive,
    #[error("only {remaining} is left uncommitted")]
    OverCommit { remaining: Fen },
    #[error("only {undisbursed} committed is not yet disbursed")]
    OverRelease { undisbursed: Fen },
    #[error("only {undisbursed} committed is not yet disbursed")]
    OverDisburse { undisbursed: Fen },
}

impl LedgerRefusal {
    pub fn message_zh(self) -> String {
        match self {
            LedgerRefusal::NotPositive => "金额须大于零".into(),
            LedgerRefusal::OverCommit { remaining } => {
                format!("资金池余额不足：仅剩 {remaining} 可承诺")
            }
            LedgerRefusal::OverRelease { undisbursed }
            | LedgerRefusal::OverDisburse { undisbursed } => {
                format!("已承诺未拨付的金额仅为 {undisbursed}")
            }
        }
    }
}

impl Totals {
    pub fn new(size: Fen) -> Totals {
        Totals {
            size,
            ..Totals::default()
        }
    }

    pub fn remaining(self) -> Fen {
        Fen(self.size.0 - self.committed.0)
    }

    pub fn undisbursed(self) -> Fen {
        Fen(self.committed.0 - self.disbursed.0)
    }

    /// The totals after one entry, or why it is refused (the totals then stay as they were).
    pub fn apply(self, kind: EntryKind, amount: Fen) -> Result<Totals, LedgerRefusal> {
        if amount.0 <= 0 {
            return Err(LedgerRefusal::NotPositive);
        }
        let mut next = self;
        match kind {
            EntryKind::Commit => {
                if amount > self.remaining() {
                    return Err(LedgerRefusal::OverCommit {
                        remaining: self.remaining(),
                    });
                }
                next.committed.0 += amount.0;
            }
            EntryKind::Release => {
                if amount > self.undisbursed() {
                    return Err(LedgerRefusal::OverRelease {
                        undisbursed: self.undisbursed(),
                    });
                }
                next.committed.0 -= amount.0;
            }
            EntryKind::Disburse => {
                if amount > self.undisbursed() {
                    return Err(LedgerRefusal::OverDisburse {
                        undisbursed: self.undisbursed(),
                    });
                }
                next.disbursed.0 += amount.0;
            }
        }
        Ok(next)
    }

    /// Whether the invariants hold.
    pub fn consistent(self) -> bool {
        0 <= self.disbursed.0 && self.disbursed <= self.committed && self.committed <= self.size
    }
}

/// One ledger entry as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LedgerEntry {
    pub application_id: i64,
    pub kind: EntryKind,
    pub amount: Fen,
}

/// The totals the entries add up to: what a pool's running totals must equal.
pub fn reconcile(size: Fen, entries: &[LedgerEntry]) -> Totals {
    let mut t = Totals::new(size);
    for e in entries {
        match e.kind {
            EntryKind::Commit => t.committed.0 += e.amount.0,
            EntryKind::Release => t.committed.0 -= e.amount.0,
            EntryKind::Disburse => t.disbursed.0 += e.amount.0,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_pool_refuses_what_it_does_not_hold() {
        let t = Totals::new(Fen(100));
        let t = t.apply(EntryKind::Commit, Fen(60)).expect("fits");
        assert_eq!(
            t.apply(EntryKind::Commit, Fen(41)),
            Err(LedgerRefusal::OverCommit { remaining: Fen(40) })
        );
        let t = t.apply(EntryKind::Disburse, Fen(50)).expect("committed");
        assert_eq!(
            t.apply(EntryKind::Release, Fen(11)),
            Err(LedgerRefusal::OverRelease {
                undisbursed: Fen(10)
            })
        );
        assert_eq!(
            t.apply(EntryKind::Disburse, Fen(11)),
            Err(LedgerRefusal::OverDisburse {
                undisbursed: Fen(10)
            })
        );
        assert_eq!(
            t.apply(EntryKind::Commit, Fen(0)),
            Err(LedgerRefusal::NotPositive)
        );
        let t = t.apply(EntryKind::Release, Fen(10)).expect("undisbursed");
        assert_eq!(t.remaining(), Fen(50));
        assert!(t.consistent());
    }

    /// An operation of the random sequences: which application, what, how much.
    fn ops() -> impl Strategy<Value = Vec<(i64, usize, i64)>> {
        prop::collection::vec((1i64..6, 0usize..3, -5i64..400), 0..200)
    }

    proptest! {
        /// Random commits, releases and disbursements over several applications: whatever is
        /// accepted, the pool's running totals equal the sum of the accepted entries, the
        /// applications' holdings add up to the pool, and nothing is ever over-committed or
        /// over-disbursed; a refused entry changes nothing.
        #[test]
        fn the_ledger_always_reconciles(size in 0i64..2000, ops in ops()) {
            let mut pool = Totals::new(Fen(size));
            let mut holdings: BTreeMap<i64, Totals> = BTreeMap::new();
            let mut entries: Vec<LedgerEntry> = Vec::new();
            for (app, kind, amount) in ops {
                let kind = EntryKind::ALL[kind];
                let amount = Fen(amount);
                // An application may hold at most what is left in the pool; its own size is
                // unbounded by anything but the pool, as an approval commits its grant.
                let holding = holdings.get(&app).copied().unwrap_or(Totals::new(Fen(i64::MAX / 4)));
                let pool_next = pool.apply(kind, amount);
                let holding_next = holding.apply(kind, amount);
                match (pool_next, holding_next) {
                    (Ok(p), Ok(h)) => {
                        pool = p;
                        holdings.insert(app, h);
                        entries.push(LedgerEntry { application_id: app, kind, amount });
                    }
                    _ => {
                        prop_assert!(amount.0 <= 0 || kind != EntryKind::Commit || amount > pool.remaining());
                    }
                }
                prop_assert!(pool.consistent());
                prop_assert_eq!(reconcile(Fen(size), &entries), pool);
                let committed: i64 = holdings.values().map(|h| h.committed.0).sum();
                let disbursed: i64 = holdings.values().map(|h| h.disbursed.0).sum();
                prop_assert_eq!((committed, disbursed), (pool.committed.0, pool.disbursed.0));
                for h in holdings.values() {
                    prop_assert!(h.consistent());
                }
            }
        }
    }
}
