//! Parsing of typed-in fields (forms and spreadsheet cells): every value arrives as text,
//! and each problem is recorded against the field's API name so all of them are reported.

use crate::decimal::{DecimalError, parse_scaled};
use crate::error::{FieldError, Validation};
use crate::money::{Fen, MoneyError};

pub(crate) fn opt(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

pub(crate) fn too_long(field: &str, max: usize) -> FieldError {
    FieldError::new(
        field,
        "too_long",
        format!("不能超过{max}个字符"),
        format!("{field} must be at most {max} characters"),
    )
}

pub(crate) fn text(v: &mut Validation, field: &str, raw: &str, max: usize) -> Option<String> {
    let value = opt(raw)?;
    if value.chars().count() > max {
        v.push(too_long(field, max));
        return None;
    }
    Some(value)
}

pub(crate) fn flag(v: &mut Validation, field: &str, raw: &str) -> bool {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "否" | "no" | "n" => false,
        "true" | "1" | "是" | "yes" | "y" => true,
        _ => {
            v.push(FieldError::new(
                field,
                "not_boolean",
                "应为“是”或“否”",
                format!("{field} must be true or false"),
            ));
            false
        }
    }
}

pub(crate) fn amount(v: &mut Validation, field: &str, raw: &str) -> Option<Fen> {
    let raw = opt(raw)?;
    match Fen::from_yuan_str(&raw) {
        Ok(fen) if fen.is_negative() => {
            v.push(FieldError::new(
                field,
                "negative",
                "金额不能为负数",
                format!("{field} must not be negative"),
            ));
            None
        }
        Ok(fen) => Some(fen),
        Err(MoneyError::TooPrecise) => {
            v.push(FieldError::new(
                field,
                "too_precise",
                "金额最多保留两位小数（分）",
                format!("{field} must have at most two decimals (fen)"),
            ));
            None
        }
        Err(_) => {
            v.push(FieldError::new(
                field,
                "not_a_number",
                format!("“{raw}”不是有效金额（元）"),
                format!("{field}: \"{raw}\" is not an amount in yuan"),
            ));
            None
        }
    }
}

/// A non-negative exact decimal scaled to `places`.
pub(crate) fn quantity(v: &mut Validation, field: &str, raw: &str, places: usize) -> Option<i64> {
    let raw = opt(raw)?;
    match parse_scaled(&raw, places) {
        Ok(n) if n < 0 => {
            v.push(FieldError::new(
                field,
                "negative",
                "不能为负数",
                format!("{field} must not be negative"),
            ));
            None
        }
        Ok(n) => Some(n),
        Err(DecimalError::TooPrecise) => {
            v.push(FieldError::new(
                field,
                "too_precise",
                format!("最多保留{places}位小数"),
                format!("{field} must have at most {places} decimals"),
            ));
            None
        }
        Err(_) => {
            v.push(FieldError::new(
                field,
                "not_a_number",
                format!("“{raw}”不是有效数字"),
                format!("{field}: \"{raw}\" is not a number"),
            ));
            None
        }
    }
}

/// A whole number from 0 to `max` (counts of people, m², kVA …).
pub(crate) fn whole_number(v: &mut Validation, field: &str, raw: &str, max: u32) -> Option<u32> {
    let raw = opt(raw)?;
    match raw.replace([',', '，'], "").parse::<i64>() {
        Ok(n) if n < 0 => {
            v.push(FieldError::new(
                field,
                "negative",
                "不能为负数",
                format!("{field} must not be negative"),
            ));
            None
        }
        Ok(n) if n > i64::from(max) => {
            v.push(FieldError::new(
                field,
                "out_of_range",
                format!("不能超过{max}"),
                format!("{field} must be at most {max}"),
            ));
            None
        }
        Ok(n) => u32::try_from(n).ok(),
        Err(_) => {
            v.push(FieldError::new(
                field,
                "not_a_number",
                format!("“{raw}”不是整数"),
                format!("{field}: \"{raw}\" is not a whole number"),
            ));
            None
        }
    }
}
