//! The year's interest-subsidy quota and its split when approved claims exceed it.
//!
//! The quota is the 2005 base × an expansion factor, or an absolute figure. When the
//! approved claims add up to more than the quota, each claim gets its pro-rata share rounded
//! down to the fen, and the fen left over go one each to the largest remainders (ties: the
//! lower application id first), so the shares add up to the quota exactly (最大余额法).

use super::interest::{Ppm, apply_rate};
use crate::money::Fen;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a year's quota is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuotaRule {
    /// The 2005 base × a factor (1.5 = 1 500 000 ppm), rounded half-up to the fen.
    Expanded {
        base_2005: Fen,
        factor: Ppm,
    },
    Absolute {
        amount: Fen,
    },
}

impl QuotaRule {
    pub fn amount(self) -> Fen {
        match self {
            QuotaRule::Expanded { base_2005, factor } => apply_rate(base_2005, factor),
            QuotaRule::Absolute { amount } => amount,
        }
    }
}

/// One approved claim: the application it belongs to and the subsidy it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub application_id: i64,
    pub amount: Fen,
}

/// The share each claim is granted, in the order of `claims`. Under the quota, each gets its
/// claim; over it, the shares are pro rata and add up to `quota` to the fen. Claims must not
/// be negative.
pub fn allocate(quota: Fen, claims: &[Claim]) -> Vec<Fen> {
    let total: i128 = claims.iter().map(|c| i128::from(c.amount.0)).sum();
    let quota_fen = i128::from(quota.0.max(0));
    if total <= quota_fen {
        return claims.iter().map(|c| c.amount).collect();
    }
    // share_i = claim_i × quota / total = floor + remainder / total.
    let mut shares: Vec<i128> = Vec::with_capacity(claims.len());
    let mut remainders: Vec<(i128, i64, usize)> = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let scaled = i128::from(c.amount.0) * quota_fen;
        shares.push(scaled / total);
        remainders.push((scaled % total, c.application_id, i));
    }
    let left = quota_fen - shares.iter().sum::<i128>();
    // Largest remainder first; equal remainders by application id, lower first.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, _, i) in remainders.iter().take(usize::try_from(left).unwrap_or(0)) {
        shares[i] += 1;
    }
    shares
        .into_iter()
        .map(|s| Fen(i64::try_from(s).unwrap_or(i64::MAX)))
        .collect()
}

/// The subsidy is capped per zone, not per claim: a zone whose claims (by applicant
/// organisation, `zone_of`) add up to more than `cap` has them cut pro rata to the cap, by
/// [`allocate`]; other claims are unchanged. In the order of `claims`.
pub fn cap_per_zone(
    claims: &[Claim],
    zone_of: impl Fn(&Claim) -> i64,
    cap: Option<Fen>,
) -> Vec<Claim> {
    let Some(cap) = cap else {
        return claims.to_vec();
    };
    let mut out = claims.to_vec();
    let mut zones: Vec<i64> = claims.iter().map(&zone_of).collect();
    zones.sort_unstable();
    zones.dedup();
    for zone in zones {
        let at: Vec<usize> = (0..claims.len())
            .filter(|&i| zone_of(&claims[i]) == zone)
            .collect();
        let own: Vec<Claim> = at.iter().map(|&i| claims[i]).collect();
        for (&i, amount) in at.iter().zip(allocate(cap, &own)) {
            out[i].amount = amount;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn claims(amounts: &[i64]) -> Vec<Claim> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| Claim {
                application_id: i as i64 + 1,
                amount: Fen(a),
            })
            .collect()
    }

    #[test]
    fn quota_from_the_2005_base_rounds_half_up() {
        let rule = QuotaRule::Expanded {
            base_2005: Fen(333),
            factor: Ppm(1_500_000),
        };
        assert_eq!(rule.amount(), Fen(500)); // 499.5 fen → 500
        assert_eq!(QuotaRule::Absolute { amount: Fen(7) }.amount(), Fen(7));
    }

    #[test]
    fn under_the_quota_every_claim_is_granted_in_full() {
        assert_eq!(allocate(Fen(100), &claims(&[30, 70])), [Fen(30), Fen(70)]);
        assert_eq!(allocate(Fen(100), &claims(&[])), Vec::<Fen>::new());
    }

    #[test]
    fn over_the_quota_the_leftover_fen_go_to_the_largest_remainders() {
        // 100 fen over three equal claims: 33 each, one fen left, to the lowest id.
        assert_eq!(
            allocate(Fen(100), &claims(&[50, 50, 50])),
            [Fen(34), Fen(33), Fen(33)]
        );
        // 9 fen over claims of 3, 3, 4 (total 10): 2.7, 2.7, 3.6 → 2, 2, 3, and the two fen
        // left go to the remainders .7 and .7 (ids 1 and 2) before .6.
        assert_eq!(
            allocate(Fen(9), &claims(&[3, 3, 4])),
            [Fen(3), Fen(3), Fen(3)]
        );
        assert_eq!(allocate(Fen(0), &claims(&[3, 4])), [Fen(0), Fen(0)]);
    }

    #[test]
    fn a_zones_claims_are_capped_together() {
        let cs = claims(&[300, 300, 500]);
        // Claims 1 and 2 are one zone's: 600 capped at 400 → 200 each; claim 3 alone is under it.
        let capped = cap_per_zone(
            &cs,
            |c| if c.application_id == 3 { 9 } else { 8 },
            Some(Fen(400)),
        );
        let amounts: Vec<Fen> = capped.iter().map(|c| c.amount).collect();
        assert_eq!(amounts, [Fen(200), Fen(200), Fen(400)]);
        assert_eq!(cap_per_zone(&cs, |_| 1, None), cs);
    }

    proptest! {
        #[test]
        fn zone_caps_hold_and_never_raise_a_claim(
            amounts in prop::collection::vec((0i64..4, 0i64..1_000_000), 1..30),
            cap in 0i64..2_000_000,
        ) {
            let cs: Vec<Claim> = amounts.iter().enumerate().map(|(i, (_, a))| Claim { application_id: i as i64, amount: Fen(*a) }).collect();
            let zone = |c: &Claim| amounts[c.application_id as usize].0;
            let capped = cap_per_zone(&cs, zone, Some(Fen(cap)));
            for z in 0..4 {
                let total: i64 = capped.iter().filter(|c| zone(c) == z).map(|c| c.amount.0).sum();
                let asked: i64 = cs.iter().filter(|c| zone(c) == z).map(|c| c.amount.0).sum();
                prop_assert_eq!(total, asked.min(cap));
            }
            for (c, o) in capped.iter().zip(&cs) {
                prop_assert!(c.amount <= o.amount && c.application_id == o.application_id);
            }
        }

        #[test]
        fn oversubscribed_shares_sum_to_the_quota_never_exceed_a_claim_and_are_monotone(
            amounts in prop::collection::vec(0i64..1_000_000_000_000, 1..40),
            quota_part in 0u32..=1000,
        ) {
            let cs = claims(&amounts);
            let total: i64 = amounts.iter().sum();
            let quota = Fen(i64::try_from(i128::from(total) * i128::from(quota_part) / 1000).expect("fits"));
            let shares = allocate(quota, &cs);
            prop_assert_eq!(shares.iter().map(|s| s.0).sum::<i64>(), quota.0.min(total));
            for (s, c) in shares.iter().zip(&cs) {
                prop_assert!(s.0 >= 0 && *s <= c.amount);
            }
            for (i, a) in cs.iter().enumerate() {
                for (j, b) in cs.iter().enumerate() {
                    if a.amount > b.amount {
                        prop_assert!(shares[i] >= shares[j], "claim {} > {} but share {:?} < {:?}", i, j, shares[i], shares[j]);
                    }
                }
            }
            // Each share is the pro-rata value rounded down or up: within one fen of it.
            if total > quota.0 {
                for (s, c) in shares.iter().zip(&cs) {
                    let exact = i128::from(c.amount.0) * i128::from(quota.0);
                    let t = i128::from(total);
                    prop_assert!(i128::from(s.0) * t <= exact + t && exact < (i128::from(s.0) + 1) * t);
                }
            }
        }
    }
}
