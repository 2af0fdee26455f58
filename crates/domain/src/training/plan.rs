//! A zone's annual technician training plan (occupations and numbers, training
//! institution, schedule, budget), reviewed by its province and then the ministry.

use super::trainee::{Occupation, occupation};
use crate::error::{FieldError, Validation};
use crate::input::{amount, date, required_text};
use crate::money::Fen;
use crate::org::OrgKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A plan as typed in. `lines` holds one `工种:人数` per line or `;` (e.g. `焊工:200; 车工:150`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct PlanInput {
    pub year: String,
    pub lines: String,
    pub institution: String,
    pub starts_on: String,
    pub ends_on: String,
    /// 元, up to two decimals.
    pub budget: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlanLine {
    #[schema(value_type = Object)]
    pub occupation: &'static Occupation,
    pub number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TrainingPlan {
    pub year: i32,
    pub lines: Vec<PlanLine>,
    pub institution: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[schema(value_type = i64)]
    pub budget: Fen,
}

impl TrainingPlan {
    pub fn planned(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.number)).sum()
    }
}

fn bad_lines(detail_zh: String, detail_en: String) -> FieldError {
    FieldError::new(
        "lines",
        "bad_line",
        detail_zh,
        format!("lines: {detail_en}"),
    )
}

impl PlanInput {
    pub fn parse(&self) -> Result<TrainingPlan, Validation> {
        let mut v = Validation::default();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2006..=2100).contains(&y) => Some(y),
            _ => {
                v.push(FieldError::new(
                    "year",
                    "bad_year",
                    "年度应为2006年以后的四位年份",
                    "year must be a year from 2006",
                ));
                None
            }
        };
        let mut lines: Vec<PlanLine> = Vec::new();
        for part in self
            .lines
            .split(['\n', ';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let Some((occ, number)) = part.split_once([':', '：']) else {
                v.push(bad_lines(
                    format!("“{part}”应写成“工种:人数”"),
                    format!("\"{part}\" must read occupation:number"),
                ));
                continue;
            };
            match (occupation(occ), number.trim().parse::<u32>()) {
                (Some(o), Ok(n)) if n > 0 => {
                    if lines.iter().any(|l| l.occupation.code == o.code) {
                        v.push(bad_lines(
                            format!("工种“{}”重复", o.name_zh),
                            format!("{} is listed twice", o.name_en),
                        ));
                    } else {
                        lines.push(PlanLine {
                            occupation: o,
                            number: n,
                        });
                    }
                }
                (None, _) => v.push(bad_lines(
                    format!("工种“{}”不在目录中", occ.trim()),
                    format!("\"{}\" is not a listed occupation", occ.trim()),
                )),
                _ => v.push(bad_lines(
                    format!("“{part}”的人数应为正整数"),
                    format!("\"{part}\": the number must be a positive whole number"),
                )),
            }
        }
        if lines.is_empty() && v.0.iter().all(|e| e.field != "lines") {
            v.push(FieldError::required("lines", "培训工种及人数"));
        }
        let institution = required_text(&mut v, "institution", "培训机构", &self.institution, 100);
        let starts_on = date(&mut v, "starts_on", &self.starts_on);
        let ends_on = date(&mut v, "ends_on", &self.ends_on);
        for (field, label, raw, value) in [
            ("starts_on", "开始日期", &self.starts_on, starts_on),
            ("ends_on", "结束日期", &self.ends_on, ends_on),
        ] {
            if value.is_none() && raw.trim().is_empty() {
                v.push(FieldError::required(field, label));
            }
        }
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            v.push(FieldError::new(
                "ends_on",
                "before_start",
                "结束日期早于开始日期",
                "ends_on is before starts_on",
            ));
        }
        let budget = amount(&mut v, "budget", &self.budget);
        if budget.is_none() && self.budget.trim().is_empty() {
            v.push(FieldError::required("budget", "预算（元）"));
        }
        match (year, institution, starts_on, ends_on, budget) {
            (Some(year), Some(institution), Some(starts_on), Some(ends_on), Some(budget))
                if v.is_empty() =>
            {
                Ok(TrainingPlan {
                    year,
                    lines,
                    institution,
                    starts_on,
                    ends_on,
                    budget,
                })
            }
            _ => Err(v),
        }
    }
}

/// Where a plan stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being written by the zone (also after being returned).
    Draft,
    /// Filed, awaiting the province.
    Submitted,
    /// Approved by the province, awaiting the ministry.
    ProvinceApproved,
    Approved,
    /// Sent back with a reason; the zone edits and files again.
    Returned,
}

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::ProvinceApproved => "province_approved",
            PlanStatus::Approved => "approved",
            PlanStatus::Returned => "returned",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            PlanStatus::Draft => "草稿",
            PlanStatus::Submitted => "待省级审核",
            PlanStatus::ProvinceApproved => "待商务部审核",
            PlanStatus::Approved => "已批准",
            PlanStatus::Returned => "已退回",
        }
    }

    pub fn parse(code: &str) -> Option<PlanStatus> {
        [
            PlanStatus::Draft,
            PlanStatus::Submitted,
            PlanStatus::ProvinceApproved,
            PlanStatus::Approved,
            PlanStatus::Returned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The zone may still change the plan.
    pub fn editable(self) -> bool {
        matches!(self, PlanStatus::Draft | PlanStatus::Returned)
    }
}

/// A review step, taken by the organisation kind [`PlanStep::by`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStep {
    Submit,
    Approve,
    Return,
}

impl PlanStep {
    pub fn parse(code: &str) -> Option<PlanStep> {
        match code {
            "submit" => Some(PlanStep::Submit),
            "approve" => Some(PlanStep::Approve),
            "return" => Some(PlanStep::Return),
            _ => None,
        }
    }
}

/// The status after `step` taken by an organisation of kind `by`, or why it may not be
/// taken: the zone files, its province reviews first, the ministry last; a return needs a
/// reason.
pub fn plan_step(
    status: PlanStatus,
    step: PlanStep,
    by: OrgKind,
    reason: &str,
) -> Result<PlanStatus, FieldError> {
    let next = match (status, step, by) {
        (s, PlanStep::Submit, OrgKind::Zone) if s.editable() => PlanStatus::Submitted,
        (PlanStatus::Submitted, PlanStep::Approve, OrgKind::Province) => {
            PlanStatus::ProvinceApproved
        }
        (PlanStatus::ProvinceApproved, PlanStep::Approve, OrgKind::Ministry) => {
            PlanStatus::Approved
        }
        (PlanStatus::Submitted, PlanStep::Return, OrgKind::Province)
        | (PlanStatus::ProvinceApproved, PlanStep::Return, OrgKind::Ministry) => {
            if reason.trim().is_empty() {
                return Err(FieldError::required("reason", "退回理由"));
            }
            PlanStatus::Returned
        }
        _ => {
            return Err(FieldError::new(
                "step",
                "not_allowed",
                format!("计划处于“{}”状态，不能执行此操作", status.name_zh()),
                format!("the plan is {} and this step is not allowed", status.code()),
            ));
        }
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlanInput {
        PlanInput {
            year: "2007".into(),
            lines: "焊工:200; 6-04-01-01：150".into(),
            institution: "成都市高级技工学校".into(),
            starts_on: "2007-03-01".into(),
            ends_on: "2007-12-31".into(),
            budget: "1200000.50".into(),
        }
    }

    #[test]
    fn a_plan_parses_with_its_lines_and_budget_in_fen() {
        let p = input().parse().expect("valid");
        assert_eq!(p.planned(), 350);
        assert_eq!(p.budget, Fen(120_000_050));
        assert_eq!(p.lines[1].occupation.name_zh, "车工");
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = PlanInput {
            year: "07".into(),
            lines: "宇航员:3; 焊工".into(),
            institution: String::new(),
            starts_on: "2007-12-01".into(),
            ends_on: "2007-03-01".into(),
            budget: "-1".into(),
        };
        let fields: Vec<_> = bad
            .parse()
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["year", "lines", "lines", "institution", "ends_on", "budget"]
        );
    }

    #[test]
    fn review_goes_zone_then_province_then_ministry() {
        let s = plan_step(PlanStatus::Draft, PlanStep::Submit, OrgKind::Zone, "").expect("submit");
        assert!(plan_step(s, PlanStep::Approve, OrgKind::Ministry, "").is_err());
        let s = plan_step(s, PlanStep::Approve, OrgKind::Province, "").expect("province");
        let s = plan_step(s, PlanStep::Approve, OrgKind::Ministry, "").expect("ministry");
        assert_eq!(s, PlanStatus::Approved);
        assert!(plan_step(s, PlanStep::Submit, OrgKind::Zone, "").is_err());
    }

    #[test]
    fn a_return_needs_a_reason_and_lets_the_zone_file_again() {
        let s = PlanStatus::Submitted;
        assert_eq!(
            plan_step(s, PlanStep::Return, OrgKind::Province, " ").map_err(|e| e.field),
            Err("reason".to_owned())
        );
        let s = plan_step(s, PlanStep::Return, OrgKind::Province, "预算偏高").expect("return");
        assert_eq!(
            plan_step(s, PlanStep::Submit, OrgKind::Zone, ""),
            Ok(PlanStatus::Submitted)
        );
    }
}
