//! The checks a return passes before it is filed: required fields present, values in their
//! plausible range, parts not above their whole, and two kinds of flag that the zone must
//! explain: a year-on-year jump over the threshold, and a half-year flow above the annual
//! figure of the same year. An explained flag does not stop filing; the explanation travels
//! with the return for the province to read.

use super::dictionary::{Dictionary, Measure};
use super::period::PeriodKind;
use super::zone_return::{Values, ZoneReturn};
use crate::decimal::format_scaled;
use crate::error::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The checks' setting: a change of more than `jump_percent` % either way against the same
/// period of last year is a jump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckSettings {
    pub jump_percent: u32,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings { jump_percent: 30 }
    }
}

/// The figures a return is compared with: the accepted values of the same period a year
/// before, and of the other return of the same year (for a half year, the annual; for the
/// annual, the half year), when they exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct Comparison<'a> {
    pub a_year_before: Option<&'a Values>,
    pub same_year_other: Option<&'a Values>,
}

/// Why a value is flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FlagKind {
    /// A year-on-year change over the threshold. `change_bp` is the change in basis points
    /// of last year's value (+3500 = +35 %), `None` when last year's was zero.
    Jump {
        a_year_before: i64,
        value: i64,
        change_bp: Option<i64>,
    },
    /// The January–June figure of a flow is above the whole year's.
    HalfYearAboveAnnual { half_year: i64, annual: i64 },
}

/// A value the zone must explain before filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Flag {
    pub field: String,
    pub flag: FlagKind,
    /// The zone's explanation, if given.
    pub explanation: Option<String>,
}

/// Everything the checks found. Errors stop filing; flags stop it until explained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Findings {
    pub errors: Validation,
    pub flags: Vec<Flag>,
}

impl Findings {
    pub fn can_file(&self) -> bool {
        self.errors.is_empty() && self.flags.iter().all(|f| f.explanation.is_some())
    }

    /// The reasons the return cannot be filed, each naming its field: the errors, then one
    /// `explanation_required` per unexplained flag, saying what was found.
    pub fn refusal(&self, dict: &Dictionary) -> Validation {
        let mut v = self.errors.clone();
        for f in self.flags.iter().filter(|f| f.explanation.is_none()) {
            let name = name_zh(dict, &f.field);
            let (zh, en) = match &f.flag {
                FlagKind::Jump {
                    change_bp: Some(bp),
                    ..
                } => {
                    let pct = format!(
                        "{}{}%",
                        if *bp > 0 { "+" } else { "" },
                        format_scaled(*bp, 2)
                    );
                    (
                        format!("{name}同比变动{pct}，超过阈值，请填写说明"),
                        format!(
                            "{} changed by {pct} year on year, over the threshold: explain it",
                            f.field
                        ),
                    )
                }
                FlagKind::Jump { .. } => (
                    format!("{name}上年同期为零，请填写说明"),
                    format!("{} was zero a year before: explain the change", f.field),
                ),
                FlagKind::HalfYearAboveAnnual { .. } => (
                    format!("{name}半年累计数大于同年年报数，请填写说明"),
                    format!(
                        "{}'s half-year figure is above the same year's annual figure: explain it",
                        f.field
                    ),
                ),
            };
            v.push(FieldError::new(
                f.field.clone(),
                "explanation_required",
                zh,
                en,
            ));
        }
        v
    }
}

/// Runs every check on `ret` against the dictionary and the comparison figures.
pub fn check(
    dict: &Dictionary,
    ret: &ZoneReturn,
    with: Comparison<'_>,
    settings: CheckSettings,
) -> Findings {
    let kind = ret.period.kind();
    let mut errors = Validation::default();
    let mut flags = Vec::new();
    for f in dict.fields_for(kind) {
        let Some(&value) = ret.values.get(&f.code) else {
            errors.push(FieldError::new(
                f.code.clone(),
                "required",
                format!("{}未填报（{}必填）", f.header(), kind.name_zh()),
                format!("{} is required in the {}", f.code, kind.name_en()),
            ));
            continue;
        };
        if let Some(e) = f.range_error(value, &f.code) {
            errors.push(e);
            continue;
        }
        if let Some(whole) = &f.part_of
            && let Some(&total) = ret.values.get(whole)
            && value > total
        {
            errors.push(FieldError::new(
                f.code.clone(),
                "above_whole",
                format!("{}不能大于{}", f.name_zh, name_zh(dict, whole)),
                format!("{} must not exceed {whole}", f.code),
            ));
        }
        let explanation = ret.explanation(&f.code).map(str::to_owned);
        if let Some(&before) = with.a_year_before.and_then(|v| v.get(&f.code))
            && let Some(flag) = jump(before, value, f.jump_floor, settings)
        {
            flags.push(Flag {
                field: f.code.clone(),
                flag,
                explanation: explanation.clone(),
            });
        }
        if f.measure == Measure::Flow
            && let Some(&other) = with.same_year_other.and_then(|v| v.get(&f.code))
        {
            let (half_year, annual) = match kind {
                PeriodKind::HalfYear => (value, other),
                PeriodKind::Annual => (other, value),
            };
            if half_year > annual {
                flags.push(Flag {
                    field: f.code.clone(),
                    flag: FlagKind::HalfYearAboveAnnual { half_year, annual },
                    explanation,
                });
            }
        }
    }
    Findings { errors, flags }
}

fn name_zh<'a>(dict: &'a Dictionary, code: &'a str) -> &'a str {
    dict.field(code).map_or(code, |f| f.name_zh.as_str())
}

/// A jump when the change is at least `floor` and over the threshold (any change from zero).
fn jump(before: i64, value: i64, floor: i64, settings: CheckSettings) -> Option<FlagKind> {
    let change = i128::from(value) - i128::from(before);
    if change == 0 || change.abs() < i128::from(floor) {
        return None;
    }
    let base = i128::from(before).abs();
    let over = base == 0 || change.abs() * 100 > base * i128::from(settings.jump_percent);
    over.then(|| FlagKind::Jump {
        a_year_before: before,
        value,
        change_bp: (base != 0).then(|| {
            let bp = change * 10_000 / base;
            i64::try_from(bp).unwrap_or(if bp > 0 { i64::MAX } else { i64::MIN })
        }),
    })
}

#[cfg(test)]
pub(crate) mod tests;
