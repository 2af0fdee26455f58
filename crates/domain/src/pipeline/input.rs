//! Pipeline input as typed in forms and API bodies: every value arrives as text, amounts
//! in 元, and each problem is reported against the field's API name.

use super::entry::InvestorOrigin;
use super::funds::{FundsEntry, FundsKind, FundsSource};
use super::record::{PipelineRecord, Signing};
use super::stage::{PipelineKind, Stage, Step};
use crate::error::{FieldError, Validation};
use crate::industry::IndustryCode;
use crate::input::{amount, choice, credit_code, date, industry, opt, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// 1,000,000 people: far above any one project, low enough to catch a typo in 元.
const MAX_JOBS: u32 = 1_000_000;

/// A new record as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecordInput {
    pub project_name: String,
    pub investor_name: String,
    /// 统一社会信用代码; may be empty (foreign investors have none).
    pub investor_credit_code: String,
    /// A province code (`440000`) or `境外:国家或地区` (`境外:日本`).
    pub investor_origin: String,
    /// GB/T 4754 section or division code.
    pub industry: String,
    /// `new` / 新建 (the default) or `capital_increase` / 增资.
    pub kind: String,
    /// For 增资: the investment before the increase, 元.
    pub base_amount_yuan: String,
    pub jobs_created: String,
}

/// A valid new record, with what the register keeps beside the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    pub record: PipelineRecord,
    pub investor_origin: InvestorOrigin,
    pub industry: IndustryCode,
}

fn required_date(v: &mut Validation, field: &str, label_zh: &str, raw: &str) -> Option<NaiveDate> {
    if opt(raw).is_none() {
        v.push(FieldError::required(field, label_zh));
        return None;
    }
    date(v, field, raw)
}

/// A positive whole id (an event, an organisation); empty is `None`.
fn id_field(v: &mut Validation, field: &str, raw: &str) -> Option<i64> {
    let raw = opt(raw)?;
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            v.push(FieldError::new(
                field,
                "invalid",
                format!("“{raw}”不是有效的编号"),
                format!("{field}: \"{raw}\" is not a valid id"),
            ));
            None
        }
    }
}

fn origin(v: &mut Validation, raw: &str, catalog: &ReferenceCatalog) -> Option<InvestorOrigin> {
    let field = "investor_origin";
    let Some(raw) = opt(raw) else {
        v.push(FieldError::required(field, "投资方来源地"));
        return None;
    };
    if let Some(rest) = raw.strip_prefix("境外") {
        let country = rest.trim_start_matches([':', '：', '-', ' ']).trim();
        if country.is_empty() || country.chars().count() > 50 {
            v.push(FieldError::new(
                field,
                "invalid",
                "境外来源须写明国家或地区，如“境外:日本”",
                "a foreign origin names the country or territory, e.g. 境外:日本",
            ));
            return None;
        }
        return Some(InvestorOrigin::Abroad {
            country: country.to_owned(),
        });
    }
    let by_code = ProvinceCode::parse(&raw).filter(|c| catalog.province(c).is_some());
    let found = by_code.or_else(|| {
        catalog
            .provinces
            .values()
            .find(|p| p.name_zh == raw)
            .map(|p| p.code.clone())
    });
    if found.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("投资方来源地“{raw}”应为省份代码（如 440000）或“境外:国家或地区”"),
            format!(
                "investor_origin \"{raw}\" must be a province code (e.g. 440000) or 境外:country"
            ),
        ));
    }
    found.map(|province_code| InvestorOrigin::Province { province_code })
}

impl RecordInput {
    /// Validates every field at once and makes the record (in 在谈) with `id`.
    pub fn validate(
        &self,
        id: i64,
        zone_id: i64,
        catalog: &ReferenceCatalog,
    ) -> Result<NewRecord, Validation> {
        let mut v = Validation::default();
        let code = opt(&self.investor_credit_code)
            .and_then(|raw| credit_code(&mut v, "investor_credit_code", &raw));
        let investor_origin = origin(&mut v, &self.investor_origin, catalog);
        let industry = industry(&mut v, "industry", &self.industry, catalog);
        let kind = match opt(&self.kind).as_deref() {
            None | Some("new") | Some("新建") => Some(false),
            Some("capital_increase") | Some("增资") => Some(true),
            Some(other) => {
                v.push(FieldError::new(
                    "kind",
                    "unknown",
                    format!("项目类型“{other}”应为“新建”或“增资”"),
                    format!("kind \"{other}\" must be new or capital_increase"),
                ));
                None
            }
        };
        let base = amount(&mut v, "base_amount_yuan", &self.base_amount_yuan);
        let kind = match (kind, base) {
            (Some(false), None) => Some(PipelineKind::New),
            (Some(false), Some(_)) => {
                v.push(FieldError::new(
                    "base_amount_yuan",
                    "not_allowed",
                    "只有增资项目填写原投资额",
                    "base_amount_yuan is given only for a capital increase",
                ));
                None
            }
            (Some(true), Some(base_amount)) => Some(PipelineKind::CapitalIncrease { base_amount }),
            (Some(true), None) => {
                if opt(&self.base_amount_yuan).is_none() {
                    v.push(FieldError::required("base_amount_yuan", "原投资额"));
                }
                None
            }
            (None, _) => None,
        };
        let jobs = whole_number(&mut v, "jobs_created", &self.jobs_created, MAX_JOBS);
        // The record's own rules (names, a positive base) report alongside the others.
        let record = kind.map(|kind| {
            PipelineRecord::new(
                id,
                zone_id,
                &self.project_name,
                &self.investor_name,
                code.clone(),
                kind,
            )
        });
        match &record {
            Some(Err(errors)) => {
                for mut e in errors.0.iter().cloned() {
                    if e.field == "base_amount" {
                        e.field = "base_amount_yuan".into();
                    }
                    v.push(e);
                }
            }
            None => {
                // Still check the names, so one submission shows every problem.
                let probe = PipelineRecord::new(
                    id,
                    zone_id,
                    &self.project_name,
                    &self.investor_name,
                    None,
                    PipelineKind::New,
                );
                if let Err(errors) = probe {
                    v.0.extend(errors.0);
                }
            }
            Some(Ok(_)) => {}
        }
        match (record, investor_origin, industry) {
            (Some(Ok(mut record)), Some(investor_origin), Some(industry)) if v.is_empty() => {
                record.jobs_created = jobs.unwrap_or(0);
                Ok(NewRecord {
                    record,
                    investor_origin,
                    industry,
                })
            }
            _ => Err(v),
        }
    }
}

/// One move of the pipeline as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StepInput {
    /// The stage to move to: code (`signed`) or Chinese name (签约).
    pub to: String,
    /// YYYY-MM-DD
    pub on: String,
    /// The contract amount in 元, for the move that signs.
    pub contract_amount_yuan: String,
    /// The event where the contract was signed, for the move that signs.
    pub event_id: String,
    /// Why the project is dropped, for 终止.
    pub reason: String,
    /// Jobs created so far, if it changed.
    pub jobs_created: String,
}

impl StepInput {
    pub fn validate(&self) -> Result<(Step, Option<u32>), Validation> {
        let mut v = Validation::default();
        let to = choice(&mut v, "to", "目标阶段", &self.to, Stage::parse);
        let on = required_date(&mut v, "on", "日期", &self.on);
        let contract_amount = amount(&mut v, "contract_amount_yuan", &self.contract_amount_yuan);
        let event_id = id_field(&mut v, "event_id", &self.event_id);
        let jobs = whole_number(&mut v, "jobs_created", &self.jobs_created, MAX_JOBS);
        match (to, on) {
            (Some(to), Some(on)) if v.is_empty() => Ok((
                Step {
                    to,
                    on,
                    contract_amount,
                    event_id,
                    reason: opt(&self.reason),
                },
                jobs,
            )),
            _ => Err(v),
        }
    }
}

/// The domain names the amount `contract_amount`; forms and bodies call it
/// `contract_amount_yuan`, and the date of any stage is the step's `on`.
pub fn step_field(field: &str) -> &str {
    match field {
        "contract_amount" => "contract_amount_yuan",
        "signed_on" | "landed_on" | "started_on" | "producing_on" | "dropped_on" => "on",
        "stage" => "to",
        other => other,
    }
}

/// The jobs created so far, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct JobsInput {
    pub jobs_created: String,
}

impl JobsInput {
    pub fn validate(&self) -> Result<u32, Validation> {
        let mut v = Validation::default();
        if opt(&self.jobs_created).is_none() {
            v.push(FieldError::required("jobs_created", "新增就业人数"));
        }
        let jobs = whole_number(&mut v, "jobs_created", &self.jobs_created, MAX_JOBS);
        match jobs {
            Some(jobs) if v.is_empty() => Ok(jobs),
            _ => Err(v),
        }
    }
}

/// Another signing of a signed project, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SigningInput {
    pub event_id: String,
    pub signed_on: String,
}

impl SigningInput {
    pub fn validate(&self) -> Result<Signing, Validation> {
        let mut v = Validation::default();
        let event_id = id_field(&mut v, "event_id", &self.event_id);
        let signed_on = required_date(&mut v, "signed_on", "签约日期", &self.signed_on);
        match signed_on {
            Some(signed_on) if v.is_empty() => Ok(Signing {
                event_id,
                signed_on,
            }),
            _ => Err(v),
        }
    }
}

/// Money in place, as typed (the evidence file travels beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FundsInput {
    pub received_on: String,
    /// Code or Chinese name: 境外, 国内省外, 省内市外, 市内.
    pub source: String,
    /// Code or Chinese name: 固定资产投资, 流动资金.
    pub kind: String,
    pub amount_yuan: String,
}

impl FundsInput {
    pub fn validate(&self) -> Result<FundsEntry, Validation> {
        let mut v = Validation::default();
        let received_on = required_date(&mut v, "received_on", "到位日期", &self.received_on);
        let source = choice(
            &mut v,
            "source",
            "资金来源",
            &self.source,
            FundsSource::parse,
        );
        let kind = choice(&mut v, "kind", "资金类型", &self.kind, FundsKind::parse);
        let amount = amount(&mut v, "amount_yuan", &self.amount_yuan);
        if opt(&self.amount_yuan).is_none() {
            v.push(FieldError::required("amount_yuan", "到位金额"));
        }
        match (received_on, source, kind, amount) {
            (Some(received_on), Some(source), Some(kind), Some(amount)) if v.is_empty() => {
                Ok(FundsEntry {
                    received_on,
                    source,
                    kind,
                    amount,
                    evidence: None,
                })
            }
            _ => Err(v),
        }
    }
}

/// A problem as typed; the text's rules are the domain's ([`super::Problem::raise`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProblemInput {
    pub text: String,
    /// The organisation that must solve it.
    pub routed_to_org: String,
    /// YYYY-MM-DD; empty means today.
    pub raised_on: String,
}

impl ProblemInput {
    /// The organisation id and the date (today when empty).
    pub fn validate(&self, today: NaiveDate) -> Result<(i64, NaiveDate), Validation> {
        let mut v = Validation::default();
        let org = id_field(&mut v, "routed_to_org", &self.routed_to_org);
        if opt(&self.routed_to_org).is_none() {
            v.push(FieldError::required("routed_to_org", "负责解决的机构"));
        }
        let on = date(&mut v, "raised_on", &self.raised_on).unwrap_or(today);
        match org {
            Some(org) if v.is_empty() => Ok((org, on)),
            _ => Err(v),
        }
    }
}

/// A resolution as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResolveInput {
    pub resolution: String,
    /// YYYY-MM-DD; empty means today.
    pub resolved_on: String,
}

impl ResolveInput {
    pub fn resolved_on(&self, today: NaiveDate) -> Result<NaiveDate, Validation> {
        let mut v = Validation::default();
        let on = date(&mut v, "resolved_on", &self.resolved_on).unwrap_or(today);
        v.finish(on)
    }
}

#[cfg(test)]
mod tests;
