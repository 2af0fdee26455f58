//! The training subsidy (notice 3.1): a fixed sum per certified trainee by certificate level,
//! set in the programme data. A zone's claim is computed from its certified trainees, never
//! typed in, and goes through the fund engine's review like any special-fund application.

use super::CertificateLevel;
use crate::error::FieldError;
use crate::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The subsidy per certified trainee, by certificate level (levels absent are not subsidised).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[schema(value_type = Object)]
pub struct SubsidyRates(pub BTreeMap<CertificateLevel, Fen>);

/// One level's line of a claim: trainees × rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ClaimLine {
    pub level: CertificateLevel,
    pub trainees: u64,
    pub rate: Fen,
    pub amount: Fen,
}

/// What a zone may claim for its certified trainees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SubsidyClaim {
    pub lines: Vec<ClaimLine>,
    pub trainees: u64,
    pub total: Fen,
}

impl SubsidyClaim {
    /// `初级工（五级）120名、中级工（四级）40名`: the basis, as the application states it.
    pub fn basis_zh(&self) -> String {
        self.lines
            .iter()
            .map(|l| format!("{}{}名", l.level.name_zh(), l.trainees))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The claim for `certified` (trainees per level), exact in fen: each line is count × rate,
/// the total their sum. Refused when nothing is subsidised, or when a sum would not fit.
pub fn subsidy_claim(
    rates: &SubsidyRates,
    certified: &[(CertificateLevel, u64)],
) -> Result<SubsidyClaim, FieldError> {
    let overflow = || {
        FieldError::new(
            "amount",
            "too_large",
            "补贴金额超出可处理范围",
            "the subsidy is too large to process",
        )
    };
    let mut by_level: BTreeMap<CertificateLevel, u64> = BTreeMap::new();
    for (level, n) in certified {
        *by_level.entry(*level).or_default() += n;
    }
    let mut lines = Vec::new();
    let (mut trainees, mut total) = (0u64, 0i64);
    for (level, n) in by_level {
        let Some(rate) = rates.0.get(&level) else {
            continue;
        };
        if n == 0 {
            continue;
        }
        let amount = i64::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(rate.0))
            .ok_or_else(overflow)?;
        total = total.checked_add(amount).ok_or_else(overflow)?;
        trainees += n;
        lines.push(ClaimLine {
            level,
            trainees: n,
            rate: *rate,
            amount: Fen(amount),
        });
    }
    if trainees == 0 {
        return Err(FieldError::new(
            "trainees",
            "none_certified",
            "没有可申请补贴的持证学员",
            "no certified trainee to claim a subsidy for",
        ));
    }
    Ok(SubsidyClaim {
        lines,
        trainees,
        total: Fen(total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rates() -> SubsidyRates {
        SubsidyRates(BTreeMap::from([
            (CertificateLevel::Junior, Fen(50_000)),
            (CertificateLevel::Intermediate, Fen(80_000)),
            (CertificateLevel::Senior, Fen(120_033)),
        ]))
    }

    #[test]
    fn levels_without_a_rate_are_not_claimed_and_an_empty_claim_is_refused() {
        let claim = subsidy_claim(
            &rates(),
            &[
                (CertificateLevel::Junior, 3),
                (CertificateLevel::Technician, 5),
            ],
        )
        .expect("claim");
        assert_eq!((claim.trainees, claim.total), (3, Fen(150_000)));
        assert_eq!(claim.basis_zh(), "初级工（五级）3名");
        let none = subsidy_claim(&rates(), &[(CertificateLevel::Technician, 5)]);
        assert_eq!(none.expect_err("refused").code, "none_certified");
    }

    proptest! {
        /// The claim is the sum over the trainees, one by one, of their level's rate: exact.
        #[test]
        fn the_claim_is_the_sum_over_certified_trainees(
            levels in proptest::collection::vec(0usize..5, 1..400)
        ) {
            let rates = rates();
            let trainees: Vec<CertificateLevel> =
                levels.iter().map(|i| CertificateLevel::ALL[*i]).collect();
            let counts: Vec<(CertificateLevel, u64)> = trainees.iter().map(|l| (*l, 1)).collect();
            let expected: i64 = trainees.iter().filter_map(|l| rates.0.get(l)).map(|f| f.0).sum();
            match subsidy_claim(&rates, &counts) {
                Ok(claim) => {
                    prop_assert_eq!(claim.total, Fen(expected));
                    prop_assert_eq!(claim.lines.iter().map(|l| l.amount.0).sum::<i64>(), expected);
                }
                Err(e) => {
                    prop_assert_eq!(expected, 0);
                    prop_assert_eq!(e.code, "none_certified");
                }
            }
        }
    }
}
