//! The import/export sheet of returns: one row per zone and period, its columns made from
//! the dictionary (`税收收入（万元）`), then one explanation column per field
//! (`说明：税收收入`). The application reads and writes the file; this module says what the
//! columns are and turns one row of cell texts into a draft, each error naming its header.

use super::dictionary::Dictionary;
use super::period::Period;
use super::zone_return::{MAX_REASON_CHARS, ZoneReturn};
use crate::error::{FieldError, Validation};
use std::collections::BTreeMap;

pub const ZONE_ID_HEADER: &str = "园区编号";
/// The zone's name, written on export for people to read; ignored on import.
pub const ZONE_NAME_HEADER: &str = "园区名称";
pub const PERIOD_HEADER: &str = "报告期";
const EXPLANATION_PREFIX: &str = "说明：";

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    ZoneId,
    ZoneName,
    Period,
    /// The value of a field, in its shown unit.
    Value(String),
    /// The zone's explanation of a field's flag.
    Explanation(String),
}

impl Column {
    pub fn header(&self, dict: &Dictionary) -> String {
        match self {
            Column::ZoneId => ZONE_ID_HEADER.to_owned(),
            Column::ZoneName => ZONE_NAME_HEADER.to_owned(),
            Column::Period => PERIOD_HEADER.to_owned(),
            Column::Value(code) => dict.field(code).map_or(code.clone(), |f| f.header()),
            Column::Explanation(code) => {
                let name = dict.field(code).map_or(code.as_str(), |f| &f.name_zh);
                format!("{EXPLANATION_PREFIX}{name}")
            }
        }
    }
}

/// The columns in sheet order: zone, name, period, every field's value, every field's
/// explanation.
pub fn columns(dict: &Dictionary) -> Vec<Column> {
    let fields = dict.fields();
    [Column::ZoneId, Column::ZoneName, Column::Period]
        .into_iter()
        .chain(fields.iter().map(|f| Column::Value(f.code.clone())))
        .chain(fields.iter().map(|f| Column::Explanation(f.code.clone())))
        .collect()
}

/// The header row.
pub fn headers(dict: &Dictionary) -> Vec<String> {
    columns(dict).iter().map(|c| c.header(dict)).collect()
}

/// One return as a row of cell texts, in column order; a value is written exactly in its
/// shown unit, so importing the row gives the same values back.
pub fn export_row(dict: &Dictionary, ret: &ZoneReturn, zone_name: &str) -> Vec<String> {
    columns(dict)
        .into_iter()
        .map(|c| match c {
            Column::ZoneId => ret.zone_id.to_string(),
            Column::ZoneName => zone_name.to_owned(),
            Column::Period => ret.period.label_zh(),
            Column::Value(code) => match (ret.values.get(&code), dict.field(&code)) {
                (Some(&v), Some(f)) => f.format(v),
                _ => String::new(),
            },
            Column::Explanation(code) => ret.explanation(&code).unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Headers compare without spaces and with either kind of brackets and colon, so a header
/// typed again by hand (`税收收入(万元)`, `说明:税收收入`) is still found.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            c => c,
        })
        .collect()
}

/// The column a header names: its text in the template, or a field code for a value.
fn column_of(dict: &Dictionary, header: &str) -> Option<Column> {
    let wanted = normalise(header);
    if dict.field(header.trim()).is_some() {
        return Some(Column::Value(header.trim().to_owned()));
    }
    columns(dict)
        .into_iter()
        .find(|c| normalise(&c.header(dict)) == wanted)
}

/// One sheet row (cell text by header) as a new draft. Blank cells are left out; the checks
/// of filing report what is missing. Each error names the header of its cell; an unknown
/// header is an error, so a mistyped column is not silently dropped.
pub fn parse_row(dict: &Dictionary, cells: &[(String, String)]) -> Result<ZoneReturn, Validation> {
    let mut v = Validation::default();
    let (mut zone_id, mut period) = (None, None);
    let mut values = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    let mut seen = Vec::new();
    for (header, raw) in cells {
        let text = raw.trim();
        let column = column_of(dict, header);
        if let Some(c) = &column {
            // Two columns for one field would leave which value counts to chance.
            if seen.contains(c) {
                v.push(FieldError::new(
                    header.clone(),
                    "duplicate_column",
                    format!("列“{header}”重复"),
                    format!("the column '{header}' appears more than once"),
                ));
                continue;
            }
            seen.push(c.clone());
        }
        match column {
            None => v.push(FieldError::new(
                header.clone(),
                "unknown_column",
                format!("无法识别的列“{header}”"),
                format!("the column '{header}' is not one of the template's"),
            )),
            Some(Column::ZoneName) => {}
            Some(Column::ZoneId) => match text.parse::<i64>() {
                Ok(id) if id > 0 => zone_id = Some(id),
                _ => v.push(FieldError::new(
                    header.clone(),
                    "not_a_zone_id",
                    "园区编号应为正整数",
                    format!("{header} must be a zone id (a positive whole number)"),
                )),
            },
            Some(Column::Period) => match Period::parse(text) {
                Some(p) => period = Some(p),
                None => v.push(FieldError::new(
                    header.clone(),
                    "not_a_period",
                    "报告期应写作“2025年半年报”或“2025年年报”",
                    format!("{header} must be a period such as 2025-H1 or 2025-Y"),
                )),
            },
            Some(Column::Value(code)) => {
                if let Some(f) = dict.field(&code) {
                    match f.parse_input(text, header) {
                        Ok(Some(value)) => {
                            values.insert(code, value);
                        }
                        Ok(None) => {}
                        Err(e) => v.push(e),
                    }
                }
            }
            Some(Column::Explanation(code)) if !text.is_empty() => {
                if text.chars().count() > MAX_REASON_CHARS {
                    v.push(FieldError::new(
                        header.clone(),
                        "too_long",
                        format!("说明不能超过{MAX_REASON_CHARS}个字符"),
                        format!("{header} must be at most {MAX_REASON_CHARS} characters"),
                    ));
                } else {
                    explanations.insert(code, text.to_owned());
                }
            }
            Some(Column::Explanation(_)) => {}
        }
    }
    for (found, header, zh) in [
        (zone_id.is_some(), ZONE_ID_HEADER, "园区编号"),
        (period.is_some(), PERIOD_HEADER, "报告期"),
    ] {
        let reported = v.0.iter().any(|e| e.field == header);
        if !found && !reported {
            v.push(FieldError::required(header, zh));
        }
    }
    let (Some(zone_id), Some(period)) = (zone_id, period) else {
        return Err(v);
    };
    // The draft's own edit checks the period: a value it does not collect names its header.
    let draft = ZoneReturn::new(zone_id, period);
    match draft.edit(dict, values, explanations) {
        Ok(draft) => v.finish(draft),
        Err(e) => {
            for mut err in e.0 {
                if let Some(f) = dict.field(&err.field) {
                    err.field = f.header();
                }
                v.push(err);
            }
            Err(v)
        }
    }
}

#[cfg(test)]
mod tests;
