//! 加分/扣分 and 一票否决: items added to a zone's weighted score after the indicators, each
//! with its reason and evidence, and the disqualification that keeps a zone out of the ranks.

use crate::decimal::parse_scaled;
use crate::error::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A bonus (points > 0) or deduction (points < 0), in hundredths of a point: `-30` is the
/// −0.3 a provincial scheme deducts per 中央环保督察 issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    pub points: i64,
    pub reason: String,
    /// Where the evidence is: a document number or an attachment's reference.
    pub evidence: String,
}

/// An adjustment as typed: points as an exact decimal (`-0.3`, `1.5`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AdjustmentInput {
    pub points: String,
    pub reason: String,
    pub evidence: String,
}

/// A 重大安全事故 or like event: the zone is scored but not ranked that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Disqualification {
    pub reason: String,
    pub evidence: String,
}

/// Most a single item may add or take, in hundredths: a typing slip of `150` for `1.50`
/// is refused rather than wiping out a zone.
const ITEM_LIMIT: i64 = 10_000;

impl AdjustmentInput {
    pub fn validate(&self) -> Result<Adjustment, Validation> {
        let mut v = Validation::default();
        let points = match parse_scaled(&self.points, 2) {
            Ok(p) => p,
            Err(_) => {
                v.push(FieldError::new(
                    "points",
                    "not_a_number",
                    "分值须为最多两位小数的数字，如 -0.3 或 1.5",
                    "points must be a number with at most two decimals, e.g. -0.3 or 1.5",
                ));
                0
            }
        };
        let adjustment = Adjustment {
            points,
            reason: self.reason.trim().to_owned(),
            evidence: self.evidence.trim().to_owned(),
        };
        if v.is_empty() {
            adjustment.check("", &mut v);
        } else {
            adjustment.check_text("", &mut v);
        }
        v.finish(adjustment)
    }
}

impl Adjustment {
    /// Pushes the problems of this item, its fields prefixed with `at`.
    pub(super) fn check(&self, at: &str, v: &mut Validation) {
        let field = format!("{at}points");
        if self.points == 0 {
            v.push(FieldError::new(
                field,
                "zero",
                "加分或扣分的分值不能为零",
                "points must not be zero",
            ));
        } else if self.points.abs() > ITEM_LIMIT {
            v.push(FieldError::new(
                field,
                "out_of_range",
                "单项加分或扣分不能超过100分",
                "one item may add or deduct at most 100 points",
            ));
        }
        self.check_text(at, v);
    }

    fn check_text(&self, at: &str, v: &mut Validation) {
        if self.reason.trim().is_empty() {
            v.push(FieldError::required(&format!("{at}reason"), "加减分事由"));
        }
        if self.evidence.trim().is_empty() {
            v.push(FieldError::required(&format!("{at}evidence"), "证明材料"));
        }
    }
}

/// The adjustments of one zone, summed and capped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Adjusted {
    /// Bonus points filed, before the cap.
    pub bonus_filed: f64,
    /// Bonus points counted: at most the scheme's cap.
    pub bonus: f64,
    /// Deductions, as a negative number or zero; never capped.
    pub deduction: f64,
    /// Weighted score plus bonus plus deduction, not below zero.
    pub total: f64,
}

/// Applies the items to a weighted score: bonuses add up to at most `cap` hundredths,
/// deductions are all taken, and the total never goes below zero.
pub(super) fn apply(weighted: f64, items: &[Adjustment], cap: i64) -> Adjusted {
    let filed: i64 = items.iter().map(|a| a.points.max(0)).sum();
    let deduction: i64 = items.iter().map(|a| a.points.min(0)).sum();
    let bonus = filed.min(cap.max(0));
    Adjusted {
        bonus_filed: filed as f64 / 100.0,
        bonus: bonus as f64 / 100.0,
        deduction: deduction as f64 / 100.0,
        total: (weighted + (bonus + deduction) as f64 / 100.0).max(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(points: i64) -> Adjustment {
        Adjustment {
            points,
            reason: "援疆援藏结对帮扶".into(),
            evidence: "新发改〔2021〕1号".into(),
        }
    }

    #[test]
    fn bonuses_are_capped_and_deductions_are_not() {
        let a = apply(80.0, &[item(300), item(400), item(-150)], 500);
        assert_eq!((a.bonus_filed, a.bonus, a.deduction), (7.0, 5.0, -1.5));
        assert_eq!(a.total, 83.5);
        let a = apply(80.0, &[item(-30), item(-20)], 500);
        assert_eq!((a.bonus, a.deduction, a.total), (0.0, -0.5, 79.5));
    }

    #[test]
    fn the_total_does_not_go_below_zero() {
        assert_eq!(apply(0.5, &[item(-10_000)], 500).total, 0.0);
    }

    #[test]
    fn typed_points_are_exact_decimals() {
        let input = AdjustmentInput {
            points: " -0.3 ".into(),
            reason: "中央环保督察问题".into(),
            evidence: "督察反馈意见第3项".into(),
        };
        assert_eq!(input.validate().map(|a| a.points), Ok(-30));
    }

    #[test]
    fn bad_items_name_their_fields() {
        let codes = |input: AdjustmentInput| -> Vec<(String, &'static str)> {
            let err = input.validate().expect_err("invalid");
            err.0.into_iter().map(|e| (e.field, e.code)).collect()
        };
        let blank = AdjustmentInput::default();
        assert_eq!(
            codes(blank),
            [
                ("points".to_owned(), "not_a_number"),
                ("reason".to_owned(), "required"),
                ("evidence".to_owned(), "required")
            ]
        );
        let zero = AdjustmentInput {
            points: "0".into(),
            reason: "r".into(),
            evidence: "e".into(),
        };
        assert_eq!(codes(zero), [("points".to_owned(), "zero")]);
        let huge = AdjustmentInput {
            points: "150".into(),
            reason: "r".into(),
            evidence: "e".into(),
        };
        assert_eq!(codes(huge), [("points".to_owned(), "out_of_range")]);
    }
}
