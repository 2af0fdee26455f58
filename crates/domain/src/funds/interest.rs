//! 财政贴息 (measure 1.1): interest owed on an infrastructure loan within a programme year,
//! the check of the interest a zone claims against it, and the subsidy on what is eligible.
//!
//! Interest accrues daily at the annual rate / 360, as Chinese banks compute it, counting the
//! first day of a period and not the last (算头不算尾). Rates are exact parts per million of
//! the annual rate, so 5.85% is 58 500 ppm. Amounts are summed exactly (i128) and rounded to
//! the fen once, half-up, at the end.

use crate::money::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Parts per million: 1 000 000 ppm = 100%.
pub const PPM: i64 = 1_000_000;
/// The banks' day-count year.
pub const DAY_COUNT_YEAR: i64 = 360;

/// A rate or factor as exact parts per million (5.85% = 58 500).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
pub struct Ppm(pub i64);

impl Ppm {
    /// The rate as a percent with up to four decimals (`5.8500`).
    pub fn percent_string(self) -> String {
        crate::decimal::format_scaled(self.0, 4)
    }
}

/// `numerator / denominator` rounded half-up to a whole number; both non-negative.
pub fn div_half_up(numerator: i128, denominator: i128) -> i128 {
    (numerator + denominator / 2) / denominator
}

/// One stretch of a loan at one principal and rate: interest accrues from `from`
/// (counted) to `to` (not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccrualPeriod {
    pub principal: Fen,
    pub rate: Ppm,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN);
    (first(year), first(year + 1))
}

impl AccrualPeriod {
    /// Days of this period that fall within `year` (0 when none).
    pub fn days_in_year(&self, year: i32) -> i64 {
        let (start, end) = year_bounds(year);
        let from = self.from.max(start);
        let to = self.to.min(end);
        (to - from).num_days().max(0)
    }

    /// principal × rate × days, in fen × ppm: the exact interest before division.
    fn scaled_interest(&self, year: i32) -> i128 {
        i128::from(self.principal.0) * i128::from(self.rate.0) * i128::from(self.days_in_year(year))
    }
}

/// The interest owed within `year` over all `periods`, rounded half-up to the fen once.
pub fn interest_in_year(periods: &[AccrualPeriod], year: i32) -> Fen {
    let total: i128 = periods.iter().map(|p| p.scaled_interest(year)).sum();
    let fen = div_half_up(total, i128::from(DAY_COUNT_YEAR) * i128::from(PPM));
    Fen(i64::try_from(fen).unwrap_or(i64::MAX))
}

/// `amount × rate`, rounded half-up to the fen.
pub fn apply_rate(amount: Fen, rate: Ppm) -> Fen {
    let fen = div_half_up(i128::from(amount.0) * i128::from(rate.0), i128::from(PPM));
    Fen(i64::try_from(fen).unwrap_or(i64::MAX))
}

/// The interest a zone claims for one loan, checked against the interest computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClaimCheck {
    pub claimed: Fen,
    pub computed: Fen,
    /// What the subsidy is computed on: the claim, but never more than the computed interest.
    pub eligible: Fen,
    /// The claim is above the computed interest: the reviewer must look at it (the bank's
    /// statement may show fees or penalty interest, which are not subsidised).
    pub above_computed: bool,
}

pub fn check_claim(claimed: Fen, computed: Fen) -> ClaimCheck {
    ClaimCheck {
        claimed,
        computed,
        eligible: claimed.min(computed),
        above_computed: claimed > computed,
    }
}

/// A zone's subsidy: eligible interest × subsidy rate, capped per zone (a cap of `None`
/// means no cap).
pub fn zone_subsidy(eligible_interest: Fen, rate: Ppm, cap: Option<Fen>) -> Fen {
    let subsidy = apply_rate(eligible_interest, rate);
    match cap {
        Some(cap) => subsidy.min(cap),
        None => subsidy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_whole_year_is_365_days_at_rate_over_360() {
        // 1亿元 at 5.85% for all of 2006: 100 000 000 × 0.0585 × 365 / 360 = 5 931 250.00 元.
        let loan = AccrualPeriod {
            principal: Fen(10_000_000_000),
            rate: Ppm(58_500),
            from: day(2005, 6, 1),
            to: day(2010, 6, 1),
        };
        assert_eq!(loan.days_in_year(2006), 365);
        assert_eq!(interest_in_year(&[loan], 2006), Fen(593_125_000));
    }

    #[test]
    fn the_first_day_counts_and_the_last_does_not() {
        let loan = AccrualPeriod {
            principal: Fen(36_000_000),
            rate: Ppm(100_000),
            from: day(2006, 3, 1),
            to: day(2006, 3, 11),
        };
        // 360 000 元 × 10% × 10 / 360 = 1 000 元.
        assert_eq!(loan.days_in_year(2006), 10);
        assert_eq!(interest_in_year(&[loan], 2006), Fen(100_000));
        assert_eq!(loan.days_in_year(2007), 0);
        assert_eq!(interest_in_year(&[loan], 2005), Fen(0));
    }

    #[test]
    fn rounding_is_half_up_to_the_fen_once_over_all_periods() {
        // 100 元 at 0.0018% for one day: 10 000 fen × 18 ppm × 1 / 360 000 000 = 0.0005 fen.
        let tiny = AccrualPeriod {
            principal: Fen(10_000),
            rate: Ppm(18),
            from: day(2006, 1, 1),
            to: day(2006, 1, 2),
        };
        assert_eq!(interest_in_year(&[tiny], 2006), Fen(0));
        // 0.5 fen exactly rounds up: 1 000 000 fen × 180 ppm × 1 day / 360 000 000 = 0.5.
        let half = AccrualPeriod {
            principal: Fen(1_000_000),
            rate: Ppm(180),
            ..tiny
        };
        assert_eq!(interest_in_year(&[half], 2006), Fen(1));
        // Two periods of 0.25 fen each make 0.5 fen, rounded up once: 1 fen, where rounding
        // each period first would give 0.
        let quarter = AccrualPeriod {
            principal: Fen(500_000),
            ..half
        };
        assert_eq!(interest_in_year(&[quarter, quarter], 2006), Fen(1));
        assert_eq!(interest_in_year(&[quarter], 2006), Fen(0));
    }

    #[test]
    fn a_claim_above_the_computed_interest_is_flagged_and_cut() {
        let c = check_claim(Fen(1_001), Fen(1_000));
        assert!(c.above_computed);
        assert_eq!(c.eligible, Fen(1_000));
        let c = check_claim(Fen(900), Fen(1_000));
        assert!(!c.above_computed);
        assert_eq!(c.eligible, Fen(900));
    }

    #[test]
    fn subsidy_applies_the_rate_and_the_cap() {
        assert_eq!(
            zone_subsidy(Fen(1_000_001), Ppm(500_000), None),
            Fen(500_001)
        );
        assert_eq!(
            zone_subsidy(Fen(1_000_000), Ppm(500_000), Some(Fen(300_000))),
            Fen(300_000)
        );
    }

    proptest! {
        #[test]
        fn interest_is_within_half_a_fen_of_the_exact_value(
            principal in 0i64..10_000_000_000_000,
            rate in 0i64..=PPM,
            start in 0u64..1200,
            len in 0u64..1200,
        ) {
            let from = day(2005, 1, 1) + chrono::Days::new(start);
            let p = AccrualPeriod { principal: Fen(principal), rate: Ppm(rate), from, to: from + chrono::Days::new(len) };
            let fen = i128::from(interest_in_year(&[p], 2006).0);
            let exact_times_den = i128::from(principal) * i128::from(rate) * i128::from(p.days_in_year(2006));
            let den = 360 * i128::from(PPM);
            // |fen − exact| ≤ ½ fen, with ties going up.
            prop_assert!(2 * (fen * den - exact_times_den) <= den);
            prop_assert!(2 * (exact_times_den - fen * den) < den);
        }

        #[test]
        fn interest_over_the_years_of_a_loan_adds_up_to_its_days(
            start in 0u64..1000, len in 0u64..2000,
        ) {
            let from = day(2005, 1, 1) + chrono::Days::new(start);
            let p = AccrualPeriod { principal: Fen(1), rate: Ppm(1), from, to: from + chrono::Days::new(len) };
            let days: i64 = (2004..2014).map(|y| p.days_in_year(y)).sum();
            prop_assert_eq!(days, len as i64);
        }
    }
}
