//! Exact decimals with at most two places, as integer hundredths (fen, hectares, tenths…).

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("not a number")]
    NotANumber,
    #[error("too many decimal places")]
    TooPrecise,
    #[error("out of range")]
    OutOfRange,
}

/// Parses `12`, `12.3`, `-0.05`, `.5` into units of 10^-`places` exactly.
pub fn parse_scaled(raw: &str, places: usize) -> Result<i64, DecimalError> {
    let raw = raw.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(raw)),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !all_digits(whole) || !all_digits(frac) {
        return Err(DecimalError::NotANumber);
    }
    if frac.len() > places {
        return Err(DecimalError::TooPrecise);
    }
    let scale = 10i64.pow(places as u32);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| DecimalError::OutOfRange)?
    };
    let frac: i64 = if places == 0 {
        0
    } else {
        format!("{frac:0<places$}")
            .parse()
            .map_err(|_| DecimalError::NotANumber)?
    };
    let value = whole
        .checked_mul(scale)
        .and_then(|v| v.checked_add(frac))
        .ok_or(DecimalError::OutOfRange)?;
    Ok(if negative { -value } else { value })
}

/// Formats integer units of 10^-`places` as a plain decimal: `format_scaled(1250, 2)` = `12.50`.
pub fn format_scaled(value: i64, places: usize) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    if places == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u64.pow(places as u32);
    format!("{sign}{}.{:0places$}", abs / scale, abs % scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(parse_scaled("12.5", 1), Ok(125));
        assert_eq!(parse_scaled("12", 0), Ok(12));
        assert_eq!(parse_scaled("12.5", 0), Err(DecimalError::TooPrecise));
        assert_eq!(parse_scaled("-", 2), Err(DecimalError::NotANumber));
        assert_eq!(parse_scaled("1,000", 2), Err(DecimalError::NotANumber));
    }

    proptest! {
        #[test]
        fn round_trips(v in i64::MIN / 1000..i64::MAX / 1000, places in 0usize..3) {
            prop_assert_eq!(parse_scaled(&format_scaled(v, places), places), Ok(v));
        }
    }
}
