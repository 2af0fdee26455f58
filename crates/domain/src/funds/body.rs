//! What an application says, by programme kind: the loans and interest of an interest
//! subsidy claim, the purpose and amount of a policy loan or special-fund request. Input is
//! checked field by field (a bad value is refused at once, writing nothing); completeness is
//! checked when the application is submitted, so a draft may be saved half-filled.

use super::interest::{
    AccrualPeriod, ClaimCheck, PPM, Ppm, check_claim, interest_in_year, zone_subsidy,
};
use super::pilot::{PilotClaim, PilotInput};
use super::{Programme, ProgrammeKind};
use crate::decimal::{DecimalError, parse_scaled};
use crate::error::{FieldError, Validation};
use crate::input;
use crate::money::Fen;
use crate::org::OrgKind;
use crate::region::{ProvinceCode, Region};
use crate::zone::ZoneLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The organisation applying, as eligibility sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Applicant {
    pub org_id: i64,
    pub kind: OrgKind,
    pub province_code: ProvinceCode,
    pub region: Region,
    /// The zone and its level, when the applicant is a zone.
    pub zone: Option<(i64, ZoneLevel)>,
}

/// One infrastructure loan and the interest the zone paid on it in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoanClaim {
    pub lender: String,
    pub principal: Fen,
    pub rate: Ppm,
    pub start: NaiveDate,
    /// Maturity: interest accrues up to, not including, this day.
    pub end: NaiveDate,
    pub category: String,
    pub interest_paid: Fen,
}

/// What an application says, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplicationBody {
    InterestSubsidy {
        loans: Vec<LoanClaim>,
    },
    /// A policy loan or a special-fund grant: a project, its purpose and the amount asked.
    Request {
        project_name: Option<String>,
        purpose: Option<String>,
        amount: Option<Fen>,
        /// Pilot programmes only: the applicant's size and the project's cost.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pilot: Option<PilotClaim>,
    },
}

/// A loan as typed: 元, percent, dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoanInput {
    pub lender: String,
    /// 元, up to two decimals.
    pub principal_yuan: String,
    /// Annual contract rate in percent, up to four decimals (`5.85`).
    pub rate_percent: String,
    pub start: String,
    pub end: String,
    pub category: String,
    /// 元 of interest actually paid in the programme year.
    pub interest_paid_yuan: String,
}

/// An application as typed in a form or a JSON body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApplicationInput {
    pub title: String,
    #[serde(default)]
    pub loans: Vec<LoanInput>,
    #[serde(default)]
    pub project_name: String,
    #[serde(default)]
    pub purpose: String,
    /// 元 asked for (policy loans, special funds).
    #[serde(default)]
    pub amount_yuan: String,
    /// Pilot programmes only: the applicant's size and the project's cost.
    #[serde(default, flatten)]
    pub pilot: PilotInput,
}

/// A rate in percent with up to four decimals, 0–100%.
fn rate(v: &mut Validation, field: &str, raw: &str) -> Option<Ppm> {
    let raw = raw.trim();
    if raw.is_empty() {
        v.push(FieldError::required(field, "合同利率"));
        return None;
    }
    let refuse =
        |code, zh: &str, en: &str| FieldError::new(field, code, zh, format!("{field} {en}"));
    match parse_scaled(raw.trim_end_matches('%'), 4) {
        Ok(n) if n < 0 => v.push(refuse("negative", "利率不能为负数", "must not be negative")),
        Ok(n) if n > PPM => v.push(refuse(
            "above_100_percent",
            "年利率不能超过100%",
            "must be at most 100 (percent)",
        )),
        Ok(n) => return Some(Ppm(n)),
        Err(DecimalError::TooPrecise) => v.push(refuse(
            "too_precise",
            "利率最多保留四位小数（百分比）",
            "must have at most four decimals (percent)",
        )),
        Err(_) => v.push(refuse(
            "not_a_number",
            "利率应为百分比数字，如 5.85",
            "must be a percent such as 5.85",
        )),
    }
    None
}

fn required<T>(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    value: Option<T>,
    raw: &str,
) -> Option<T> {
    if raw.trim().is_empty() {
        v.push(FieldError::required(field, label_zh));
    }
    value
}

impl LoanInput {
    fn validate(&self, v: &mut Validation, i: usize, programme: &Programme) -> Option<LoanClaim> {
        let f = |name: &str| format!("loans[{i}].{name}");
        let lender = input::text(v, &f("lender"), &self.lender, 100);
        let lender = required(v, &f("lender"), "贷款银行", lender, &self.lender);
        let principal = input::amount(v, &f("principal_yuan"), &self.principal_yuan);
        let principal = required(
            v,
            &f("principal_yuan"),
            "贷款本金",
            principal,
            &self.principal_yuan,
        );
        if principal == Some(Fen(0)) {
            v.push(FieldError::new(
                f("principal_yuan"),
                "not_positive",
                "贷款本金须大于零",
                format!("{} must be positive", f("principal_yuan")),
            ));
        }
        let rate = rate(v, &f("rate_percent"), &self.rate_percent);
        let start = input::date(v, &f("start"), &self.start);
        let start = required(v, &f("start"), "起息日", start, &self.start);
        let end = input::date(v, &f("end"), &self.end);
        let end = required(v, &f("end"), "到期日", end, &self.end);
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            v.push(FieldError::new(
                f("end"),
                "before_start",
                format!("到期日（{e}）须晚于起息日（{s}）"),
                format!("{} ({e}) must be after the start ({s})", f("end")),
            ));
        }
        let category = self.category.trim();
        if category.is_empty() {
            v.push(FieldError::required(&f("category"), "贷款用途类别"));
        } else if programme.category(category).is_none() {
            v.push(FieldError::new(
                f("category"),
                "ineligible",
                format!("“{category}”不是本项目支持的基础设施类别"),
                format!(
                    "{}: '{category}' is not a category this programme subsidises",
                    f("category")
                ),
            ));
        }
        let paid = input::amount(v, &f("interest_paid_yuan"), &self.interest_paid_yuan);
        let paid = required(
            v,
            &f("interest_paid_yuan"),
            "实付利息",
            paid,
            &self.interest_paid_yuan,
        );
        Some(LoanClaim {
            lender: lender?,
            principal: principal?,
            rate: rate?,
            start: start?,
            end: end?,
            category: category.to_owned(),
            interest_paid: paid?,
        })
    }
}

impl ApplicationInput {
    /// The title and body, or every problem at once. Values are checked; completeness waits
    /// for [`ApplicationBody::incomplete`] at submission.
    pub fn validate(&self, programme: &Programme) -> Result<(String, ApplicationBody), Validation> {
        let mut v = Validation::default();
        let title = input::text(&mut v, "title", &self.title, 200);
        let title = required(&mut v, "title", "申请名称", title, &self.title);
        let body = match programme.kind {
            ProgrammeKind::InterestSubsidy => {
                if self.loans.len() > 200 {
                    v.push(FieldError::new(
                        "loans",
                        "too_many",
                        "一份申请最多200笔贷款",
                        "loans: at most 200 per application",
                    ));
                }
                let loans: Vec<Option<LoanClaim>> = self
                    .loans
                    .iter()
                    .enumerate()
                    .map(|(i, l)| l.validate(&mut v, i, programme))
                    .collect();
                ApplicationBody::InterestSubsidy {
                    loans: loans.into_iter().flatten().collect(),
                }
            }
            ProgrammeKind::PolicyLoan | ProgrammeKind::SpecialFund => {
                let project_name = input::text(&mut v, "project_name", &self.project_name, 200);
                let purpose = input::opt(&self.purpose);
                if let Some(p) = &purpose
                    && programme.category(p).is_none()
                {
                    v.push(FieldError::new(
                        "purpose",
                        "ineligible",
                        format!("“{p}”不是本项目支持的用途"),
                        format!("purpose: '{p}' is not a purpose this programme funds"),
                    ));
                }
                let amount = input::amount(&mut v, "amount_yuan", &self.amount_yuan);
                if amount == Some(Fen(0)) {
                    v.push(FieldError::new(
                        "amount_yuan",
                        "not_positive",
                        "申请金额须大于零",
                        "amount_yuan must be positive",
                    ));
                }
                let pilot = (!programme.eligibility.regional_terms.is_empty())
                    .then(|| self.pilot.check(&mut v));
                ApplicationBody::Request {
                    project_name,
                    purpose,
                    amount,
                    pilot,
                }
            }
        };
        let title = title.unwrap_or_default();
        v.finish((title, body))
    }
}

impl ApplicationBody {
    /// What still blocks submission (SFC2021's validation rules), naming each field.
    pub fn incomplete(&self) -> Validation {
        let mut v = Validation::default();
        match self {
            ApplicationBody::InterestSubsidy { loans } if loans.is_empty() => {
                v.push(FieldError::new(
                    "loans",
                    "required",
                    "至少填写一笔基础设施贷款",
                    "loans: at least one loan is required",
                ));
            }
            ApplicationBody::InterestSubsidy { .. } => {}
            ApplicationBody::Request {
                project_name,
                purpose,
                amount,
                ..
            } => {
                if project_name.is_none() {
                    v.push(FieldError::required("project_name", "项目名称"));
                }
                if purpose.is_none() {
                    v.push(FieldError::required("purpose", "用途"));
                }
                if amount.is_none() {
                    v.push(FieldError::required("amount_yuan", "申请金额"));
                }
            }
        }
        v
    }
}

/// One loan in the calculation preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LoanLine {
    pub days: i64,
    #[serde(flatten)]
    pub check: ClaimCheck,
}

/// What an application asks for, as computed: shown live on the form and stored with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Preview {
    pub loans: Vec<LoanLine>,
    pub eligible_interest: Fen,
    /// Eligible interest × subsidy rate, before the zone cap.
    pub uncapped: Fen,
    /// The amount requested: the subsidy after the cap, or the amount asked for.
    pub requested: Fen,
    /// Some claimed interest is above the computed interest: the reviewer must look.
    pub flagged: bool,
}

impl Preview {
    pub fn of(programme: &Programme, body: &ApplicationBody) -> Preview {
        match body {
            ApplicationBody::InterestSubsidy { loans } => {
                let year = programme.year_from;
                let lines: Vec<LoanLine> = loans
                    .iter()
                    .map(|l| {
                        let period = AccrualPeriod {
                            principal: l.principal,
                            rate: l.rate,
                            from: l.start,
                            to: l.end,
                        };
                        LoanLine {
                            days: period.days_in_year(year),
                            check: check_claim(l.interest_paid, interest_in_year(&[period], year)),
                        }
                    })
                    .collect();
                let eligible = Fen(lines.iter().map(|l| l.check.eligible.0).sum());
                let rate = programme.subsidy_rate.unwrap_or_default();
                Preview {
                    flagged: lines.iter().any(|l| l.check.above_computed),
                    eligible_interest: eligible,
                    uncapped: zone_subsidy(eligible, rate, None),
                    requested: zone_subsidy(eligible, rate, programme.zone_cap),
                    loans: lines,
                }
            }
            ApplicationBody::Request { amount, .. } => Preview {
                loans: Vec::new(),
                eligible_interest: Fen(0),
                uncapped: amount.unwrap_or_default(),
                requested: amount.unwrap_or_default(),
                flagged: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funds::worked::programme;

    fn good() -> LoanInput {
        LoanInput {
            lender: "国家开发银行".into(),
            principal_yuan: "1000000".into(),
            rate_percent: "5.85".into(),
            start: "2007-01-01".into(),
            end: "2009-01-01".into(),
            category: "road".into(),
            interest_paid_yuan: "59312.50".into(),
        }
    }

    fn codes(loan: LoanInput) -> Vec<(String, &'static str)> {
        let input = ApplicationInput {
            title: "贴息".into(),
            loans: vec![loan],
            ..ApplicationInput::default()
        };
        match input.validate(&programme()) {
            Ok(_) => vec![],
            Err(v) => v.0.into_iter().map(|e| (e.field, e.code)).collect(),
        }
    }

    #[test]
    fn bad_loans_are_refused_naming_the_field() {
        assert_eq!(codes(good()), vec![]);
        let f = |n: &str| format!("loans[0].{n}");
        assert_eq!(
            codes(LoanInput {
                principal_yuan: "-5".into(),
                ..good()
            }),
            [(f("principal_yuan"), "negative")]
        );
        assert_eq!(
            codes(LoanInput {
                end: "2006-12-31".into(),
                ..good()
            }),
            [(f("end"), "before_start")]
        );
        assert_eq!(
            codes(LoanInput {
                rate_percent: "100.0001".into(),
                ..good()
            }),
            [(f("rate_percent"), "above_100_percent")]
        );
        assert_eq!(
            codes(LoanInput {
                category: "golf_course".into(),
                ..good()
            }),
            [(f("category"), "ineligible")]
        );
        assert_eq!(
            codes(LoanInput {
                lender: " ".into(),
                ..good()
            }),
            [(f("lender"), "required")]
        );
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_submitted() {
        let p = programme();
        let (_, body) = ApplicationInput {
            title: "贴息".into(),
            ..ApplicationInput::default()
        }
        .validate(&p)
        .expect("values are fine");
        assert_eq!(body.incomplete().0[0].field, "loans");
        let mut fund = p.clone();
        fund.kind = ProgrammeKind::SpecialFund;
        let (_, body) = ApplicationInput {
            title: "展会".into(),
            amount_yuan: "10".into(),
            ..ApplicationInput::default()
        }
        .validate(&fund)
        .expect("values are fine");
        let missing: Vec<String> = body.incomplete().0.into_iter().map(|e| e.field).collect();
        assert_eq!(missing, ["project_name", "purpose"]);
    }

    #[test]
    fn eligibility_comes_from_the_programme() {
        let p = programme();
        let zone = |region, level| Applicant {
            org_id: 1,
            kind: OrgKind::Zone,
            province_code: ProvinceCode::parse("510000").expect("code"),
            region,
            zone: Some((9, level)),
        };
        assert!(
            p.ineligibility(&zone(Region::West, ZoneLevel::NationalEtdz))
                .is_empty()
        );
        assert_eq!(
            p.ineligibility(&zone(Region::East, ZoneLevel::NationalEtdz))
                .len(),
            1
        );
        assert_eq!(
            p.ineligibility(&zone(Region::West, ZoneLevel::Provincial))
                .len(),
            1
        );
        let mut designated = p.clone();
        designated.eligibility.designated_zones = vec![9];
        assert!(
            designated
                .ineligibility(&zone(Region::West, ZoneLevel::Provincial))
                .is_empty()
        );
        let enterprise = Applicant {
            kind: OrgKind::Enterprise,
            zone: None,
            ..zone(Region::West, ZoneLevel::NationalEtdz)
        };
        assert_eq!(p.ineligibility(&enterprise)[0].code, "ineligible");
    }
}
