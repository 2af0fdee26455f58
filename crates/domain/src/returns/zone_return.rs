//! One version of one zone's return for one period, and the moves of its workflow as pure
//! functions from a version to the next (or to the errors that stop the move), so the
//! application can store the before and after of each. Earlier versions are never changed:
//! a revision is a new version.

use super::checks::{CheckSettings, Comparison, Findings, check};
use super::dictionary::Dictionary;
use super::period::Period;
use super::workflow::{Action, Status, next};
use crate::error::{FieldError, Validation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Values by field code, each in its field's stored unit.
pub type Values = BTreeMap<String, i64>;

/// The longest explanation, return reason or revision reason.
pub const MAX_REASON_CHARS: usize = 1000;

/// One version of a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneReturn {
    pub zone_id: i64,
    pub period: Period,
    /// 1 for the first filing; each revision of an accepted version adds one.
    pub version: u32,
    /// Inline in the API document: the funds' `Status` holds that schema name.
    #[schema(inline)]
    pub status: Status,
    pub values: Values,
    /// The zone's explanations of flagged values, by field code.
    pub explanations: BTreeMap<String, String>,
    /// Why this version revises the previous one (versions after the first).
    pub revision_reason: Option<String>,
    /// Why the province last returned it.
    pub return_reason: Option<String>,
    pub filed_on: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
}

/// A reason or explanation: trimmed, present, at most [`MAX_REASON_CHARS`].
fn reason_text(field: &str, label_zh: &str, raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::required(field, label_zh));
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{label_zh}不能超过{MAX_REASON_CHARS}个字符"),
            format!("{field} must be at most {MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// Reads typed values (text by field code, as a form or the API sends them) into stored
/// units; blanks are left out. Errors name the field code.
pub fn parse_values(
    dict: &Dictionary,
    typed: &BTreeMap<String, String>,
) -> Result<Values, Validation> {
    let mut v = Validation::default();
    let mut values = Values::new();
    for (code, raw) in typed {
        match dict.field(code) {
            None => v.push(unknown_field(code)),
            Some(f) => match f.parse_input(raw, code) {
                Ok(Some(value)) => {
                    values.insert(code.clone(), value);
                }
                Ok(None) => {}
                Err(e) => v.push(e),
            },
        }
    }
    v.finish(values)
}

fn unknown_field(code: &str) -> FieldError {
    FieldError::new(
        code,
        "unknown",
        format!("没有指标“{code}”"),
        format!("{code} is not a field of the returns"),
    )
}

impl ZoneReturn {
    /// A new, empty draft: version 1.
    pub fn new(zone_id: i64, period: Period) -> ZoneReturn {
        ZoneReturn {
            zone_id,
            period,
            version: 1,
            status: Status::Draft,
            values: Values::new(),
            explanations: BTreeMap::new(),
            revision_reason: None,
            return_reason: None,
            filed_on: None,
            accepted_on: None,
        }
    }

    /// The explanation of a field, if one was given.
    pub fn explanation(&self, code: &str) -> Option<&str> {
        self.explanations.get(code).map(String::as_str)
    }

    /// Filed after the period's due date (the last filing counts).
    pub fn filed_late(&self) -> bool {
        self.filed_on.is_some_and(|d| d > self.period.due_on())
    }

    /// The zone's edit of a draft or returned version: its values and explanations replaced.
    /// Refused for another status, for a field the dictionary lacks or this period does not
    /// collect, for a value out of range, and for an explanation too long.
    pub fn edit(
        &self,
        dict: &Dictionary,
        values: Values,
        explanations: BTreeMap<String, String>,
    ) -> Result<ZoneReturn, Validation> {
        let mut v = Validation::default();
        if !self.status.editable() {
            v.push(FieldError::new(
                "status",
                "not_editable",
                format!("“{}”状态的报表不能修改", self.status.name_zh()),
                format!(
                    "a return that is {} cannot be edited",
                    self.status.name_en()
                ),
            ));
            return Err(v);
        }
        let kind = self.period.kind();
        for (code, &value) in &values {
            match dict.field(code) {
                None => v.push(unknown_field(code)),
                Some(f) if !f.collected_in(kind) => v.push(FieldError::new(
                    code.clone(),
                    "not_collected",
                    format!("{}不在{}中填报", f.name_zh, kind.name_zh()),
                    format!("{code} is not collected in the {}", kind.name_en()),
                )),
                Some(f) => v.0.extend(f.range_error(value, code)),
            }
        }
        let mut kept = BTreeMap::new();
        for (code, raw) in explanations {
            if dict.field(&code).is_none() {
                v.push(unknown_field(&code));
            } else if !raw.trim().is_empty() {
                match reason_text(&code, "说明", &raw) {
                    Ok(text) => {
                        kept.insert(code, text);
                    }
                    Err(e) => v.push(e),
                }
            }
        }
        v.finish(ZoneReturn {
            values,
            explanations: kept,
            ..self.clone()
        })
    }

    /// The checks' findings without filing, for the form to show as the zone types.
    pub fn review(
        &self,
        dict: &Dictionary,
        with: Comparison<'_>,
        settings: CheckSettings,
    ) -> Findings {
        check(dict, self, with, settings)
    }

    /// The zone files (or files again) a draft or returned version on `today`. Refused
    /// before its period ends, and while a check fails or a flag is unexplained.
    pub fn file(
        &self,
        dict: &Dictionary,
        with: Comparison<'_>,
        settings: CheckSettings,
        today: NaiveDate,
    ) -> Result<ZoneReturn, Validation> {
        let status = next(self.status, Action::File, Action::File.side())?;
        if today < self.period.opens_on() {
            return Err(Validation(vec![FieldError::new(
                "period",
                "not_ended",
                format!(
                    "{}自{}起方可报送",
                    self.period.label_zh(),
                    self.period.opens_on()
                ),
                format!(
                    "the {} can be filed from {}",
                    self.period.label_en(),
                    self.period.opens_on()
                ),
            )]));
        }
        let findings = self.review(dict, with, settings);
        if !findings.can_file() {
            return Err(findings.refusal(dict));
        }
        Ok(ZoneReturn {
            status,
            filed_on: Some(today),
            ..self.clone()
        })
    }

    /// The province returns a filed version to the zone, with a reason.
    pub fn send_back(&self, reason: &str) -> Result<ZoneReturn, Validation> {
        let status = next(self.status, Action::Return, Action::Return.side())?;
        let reason = reason_text("reason", "退回原因", reason).map_err(|e| Validation(vec![e]))?;
        Ok(ZoneReturn {
            status,
            return_reason: Some(reason),
            ..self.clone()
        })
    }

    /// The province accepts a filed version on `today`.
    pub fn accept(&self, today: NaiveDate) -> Result<ZoneReturn, Validation> {
        let status = next(self.status, Action::Accept, Action::Accept.side())?;
        Ok(ZoneReturn {
            status,
            accepted_on: Some(today),
            ..self.clone()
        })
    }

    /// The zone revises an accepted version: the next version, a draft with the same values
    /// and explanations and the reason for the revision. The accepted version is kept as it
    /// is and stays the one that counts until the revision is accepted.
    pub fn revise(&self, reason: &str) -> Result<ZoneReturn, Validation> {
        let status = next(self.status, Action::Revise, Action::Revise.side())?;
        let reason = reason_text("reason", "修订原因", reason).map_err(|e| Validation(vec![e]))?;
        let version = self.version.checked_add(1).ok_or_else(|| {
            Validation(vec![FieldError::new(
                "version",
                "too_many_versions",
                "修订次数已达上限",
                "no further version can be made",
            )])
        })?;
        Ok(ZoneReturn {
            version,
            status,
            revision_reason: Some(reason),
            return_reason: None,
            filed_on: None,
            accepted_on: None,
            ..self.clone()
        })
    }
}

/// The version that counts among the versions of one return: the accepted one with the
/// highest version number. Evaluation and year-on-year checks read this one.
pub fn counting_version(versions: &[ZoneReturn]) -> Option<&ZoneReturn> {
    versions
        .iter()
        .filter(|r| r.status == Status::Accepted)
        .max_by_key(|r| r.version)
}

#[cfg(test)]
mod tests;
