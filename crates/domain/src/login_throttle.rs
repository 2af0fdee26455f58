//! Login throttling: too many failures lock an account, and an address, for a while.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub account_failures: usize,
    pub address_failures: usize,
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            account_failures: 5,
            address_failures: 20,
            window: Duration::minutes(15),
        }
    }
}

/// Refused until this instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockedUntil(pub DateTime<Utc>);

impl ThrottlePolicy {
    /// `account` holds the account's failures since its last success, `address` the
    /// address's failures; both newest first, any age.
    pub fn check(
        &self,
        account: &[DateTime<Utc>],
        address: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Result<(), LockedUntil> {
        let locked = |failures: &[DateTime<Utc>], limit: usize| {
            let recent: Vec<_> = failures
                .iter()
                .filter(|t| now - **t < self.window)
                .collect();
            // Locked until the oldest failure that counts towards the limit leaves the window.
            (recent.len() >= limit).then(|| *recent[limit - 1] + self.window)
        };
        match (
            locked(account, self.account_failures),
            locked(address, self.address_failures),
        ) {
            (None, None) => Ok(()),
            (a, b) => Err(LockedUntil(a.into_iter().chain(b).max().unwrap_or(now))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::minutes(minute)
    }

    #[test]
    fn five_recent_failures_lock_the_account_for_the_window() {
        let p = ThrottlePolicy::default();
        let failures: Vec<_> = (0..5).rev().map(at).collect();
        assert_eq!(p.check(&failures[..4], &[], at(5)), Ok(()));
        assert_eq!(p.check(&failures, &[], at(5)), Err(LockedUntil(at(15))));
        assert_eq!(
            p.check(&failures, &[], at(16)),
            Ok(()),
            "the oldest counted failure aged out"
        );
    }

    #[test]
    fn an_address_spraying_many_accounts_is_locked_too() {
        let p = ThrottlePolicy::default();
        let failures: Vec<_> = (0..20)
            .rev()
            .map(|s| at(0) + Duration::seconds(s))
            .collect();
        assert!(p.check(&[], &failures[..19], at(1)).is_ok());
        assert!(p.check(&[], &failures, at(1)).is_err());
    }
}
