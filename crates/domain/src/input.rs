//! Parsing of typed-in fields (forms and spreadsheet cells): every value arrives as text,
//! and each problem is recorded against the field's API name so all of them are reported.

use crate::decimal::{DecimalError, parse_scaled};
use crate::error::{FieldError, Validation};
use crate::ids::{CreditCode, IdError};
use crate::industry::IndustryCode;
use crate::money::{Fen, MoneyError};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use chrono::NaiveDate;

pub use crate::account::{MAX_NAME_CHARS, MAX_USERNAME_CHARS};

/// The longest free text any field may hold (descriptions, notes, addresses): the web refuses
/// longer before any handler runs; fields with tighter rules check their own.
pub const MAX_TEXT_CHARS: usize = 10_000;

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

/// A text field that must be given.
pub(crate) fn required_text(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    raw: &str,
    max: usize,
) -> Option<String> {
    if opt(raw).is_none() {
        v.push(FieldError::required(field, label_zh));
        return None;
    }
    text(v, field, raw, max)
}

/// A province known to the catalog, by GB/T 2260 code.
pub(crate) fn province(
    v: &mut Validation,
    field: &str,
    raw: &str,
    catalog: &ReferenceCatalog,
) -> Option<ProvinceCode> {
    let Some(raw) = opt(raw) else {
        v.push(FieldError::required(field, "省份代码"));
        return None;
    };
    let known = ProvinceCode::parse(&raw).filter(|c| catalog.province(c).is_some());
    if known.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("未知省份代码“{raw}”（应为 GB/T 2260 六位代码，如 440000）"),
            format!("unknown province code \"{raw}\" (a GB/T 2260 code such as 440000)"),
        ));
    }
    known
}

/// A GB/T 4754 section or division code known to the catalog.
pub(crate) fn industry(
    v: &mut Validation,
    field: &str,
    raw: &str,
    catalog: &ReferenceCatalog,
) -> Option<IndustryCode> {
    let Some(raw) = opt(raw) else {
        v.push(FieldError::required(field, "行业代码"));
        return None;
    };
    let known = IndustryCode::parse(&raw).filter(|c| catalog.industries.contains_key(c));
    if known.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("“{raw}”不是国民经济行业分类（GB/T 4754-2017）门类或大类代码"),
            format!("\"{raw}\" is not a GB/T 4754-2017 section or division code"),
        ));
    }
    known
}

/// A 统一社会信用代码 with its check character verified.
pub(crate) fn credit_code(v: &mut Validation, field: &str, raw: &str) -> Option<CreditCode> {
    let Some(raw) = opt(raw) else {
        v.push(FieldError::required(field, "统一社会信用代码"));
        return None;
    };
    match CreditCode::parse(&raw) {
        Ok(code) => Some(code),
        Err(IdError::Check) => {
            v.push(FieldError::new(
                field,
                "check_character",
                "统一社会信用代码校验位不正确，请核对",
                "the credit code's check character does not match; please check it",
            ));
            None
        }
        Err(_) => {
            v.push(FieldError::new(
                field,
                "invalid",
                "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）",
                "a unified social credit code is 18 digits or capital letters (no I, O, S, V, Z)",
            ));
            None
        }
    }
}

/// One of a fixed set of values, given by code or Chinese name.
pub(crate) fn choice<T>(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let Some(raw) = opt(raw) else {
        v.push(FieldError::required(field, label_zh));
        return None;
    };
    let value = parse(&raw);
    if value.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("{label_zh}“{raw}”不在可选范围内"),
            format!("{field}: \"{raw}\" is not one of the allowed values"),
        ));
    }
    value
}

/// A calendar date `YYYY-MM-DD` (also `YYYY/MM/DD`), or a month `YYYY-MM` meaning its first day.
pub(crate) fn date(v: &mut Validation, field: &str, raw: &str) -> Option<NaiveDate> {
    let raw = opt(raw)?;
    let normal = raw.replace('/', "-");
    let parsed = NaiveDate::parse_from_str(&normal, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{normal}-01"), "%Y-%m-%d"));
    match parsed {
        Ok(day) => Some(day),
        Err(_) => {
            v.push(FieldError::new(
                field,
                "not_a_date",
                format!("“{raw}”不是有效日期（如 2007-03-15 或 2007-03）"),
                format!("{field}: \"{raw}\" is not a date (e.g. 2007-03-15 or 2007-03)"),
            ));
            None
        }
    }
}

/// Items separated by `;`, `,`, `、` or spaces (full-width too), duplicates dropped.
pub(crate) fn list(raw: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for part in raw
        .split(|c: char| matches!(c, ';' | ',' | '，' | '、' | '；') || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        if !items.iter().any(|i| i == part) {
            items.push(part.to_owned());
        }
    }
    items
}
