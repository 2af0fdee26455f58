//! Money as exact integer fen (0.01 元). Never floating point.

use crate::decimal::{DecimalError, format_scaled, parse_scaled};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An amount in fen. Arithmetic is checked by the callers that need it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number of 元")]
    NotANumber,
    #[error("more than two decimal places")]
    TooPrecise,
    #[error("amount out of range")]
    OutOfRange,
}

impl Fen {
    /// Parses an amount written in 元 (`1234`, `1234.5`, `-0.01`), exactly.
    pub fn from_yuan_str(raw: &str) -> Result<Fen, MoneyError> {
        parse_scaled(raw, 2).map(Fen).map_err(|e| match e {
            DecimalError::NotANumber => MoneyError::NotANumber,
            DecimalError::TooPrecise => MoneyError::TooPrecise,
            DecimalError::OutOfRange => MoneyError::OutOfRange,
        })
    }

    /// Converts a spreadsheet number of 元 to fen, refusing values that are not whole fen.
    pub fn from_yuan_f64(yuan: f64) -> Result<Fen, MoneyError> {
        if !yuan.is_finite() {
            return Err(MoneyError::NotANumber);
        }
        let scaled = yuan * 100.0;
        if scaled.abs() >= 9.0e15 {
            return Err(MoneyError::OutOfRange);
        }
        let rounded = scaled.round();
        // Binary floats cannot hold most decimals exactly; accept only the rounding noise of
        // the multiplication (a few ulps), which stays far below a fen.
        let noise = (scaled.abs() * 8.0 * f64::EPSILON).max(1e-6);
        if (scaled - rounded).abs() > noise {
            return Err(MoneyError::TooPrecise);
        }
        Ok(Fen(rounded as i64))
    }

    /// The amount in 元 with two decimals and no grouping, as CSV cells want it: `1234.50`.
    pub fn to_yuan_string(self) -> String {
        format_scaled(self.0, 2)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl std::fmt::Display for Fen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 元", self.to_yuan_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_yuan_exactly() {
        assert_eq!(Fen::from_yuan_str("1234"), Ok(Fen(123_400)));
        assert_eq!(Fen::from_yuan_str("1234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::from_yuan_str("0.07"), Ok(Fen(7)));
        assert_eq!(Fen::from_yuan_str(".5"), Ok(Fen(50)));
        assert_eq!(Fen::from_yuan_str("-3.01"), Ok(Fen(-301)));
        assert_eq!(Fen::from_yuan_str("1.005"), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::from_yuan_str("1e3"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::from_yuan_str("."), Err(MoneyError::NotANumber));
        assert_eq!(Fen::from_yuan_str(""), Err(MoneyError::NotANumber));
        assert_eq!(
            Fen::from_yuan_str("99999999999999999999"),
            Err(MoneyError::OutOfRange)
        );
    }

    #[test]
    fn spreadsheet_floats_become_whole_fen_or_are_refused() {
        assert_eq!(Fen::from_yuan_f64(0.1 + 0.2), Ok(Fen(30)));
        assert_eq!(Fen::from_yuan_f64(350.0), Ok(Fen(35_000)));
        assert_eq!(Fen::from_yuan_f64(1.234), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::from_yuan_f64(f64::NAN), Err(MoneyError::NotANumber));
    }

    proptest! {
        #[test]
        fn yuan_strings_round_trip(fen in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(Fen::from_yuan_str(&Fen(fen).to_yuan_string()), Ok(Fen(fen)));
        }

        #[test]
        fn yuan_floats_of_whole_fen_round_trip(fen in -100_000_000_000i64..100_000_000_000) {
            let yuan: f64 = Fen(fen).to_yuan_string().parse().expect("a number");
            prop_assert_eq!(Fen::from_yuan_f64(yuan), Ok(Fen(fen)));
        }
    }
}
