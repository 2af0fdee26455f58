//! Programme funds (measures 1.1, 1.2 and 2 of the notice): infrastructure-loan interest
//! subsidies, the CDB policy-loan pools and the special funds, as programmes of one
//! application engine, with an exact ledger behind every pool.
//!
//! A programme is data (kind, period, pool, who and what is eligible, deadline), so the
//! ministry edits it without a release. Every amount is integer fen; rates are parts per
//! million; every split adds up to the fen.

pub mod application;
mod body;
pub mod interest;
pub mod pilot;
pub mod pool;
pub mod quota;

#[cfg(test)]
mod worked;

pub use body::{
    Applicant, ApplicationBody, ApplicationInput, LoanClaim, LoanInput, LoanLine, Preview,
};

use crate::money::Fen;
use crate::org::OrgKind;
use crate::region::Region;
use crate::zone::ZoneLevel;
use chrono::NaiveDate;
use interest::Ppm;
use quota::QuotaRule;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// The three kinds of fund programme.
    pub enum ProgrammeKind {
        InterestSubsidy => ("interest_subsidy", "基础设施贷款财政贴息", "infrastructure-loan interest subsidy"),
        PolicyLoan => ("policy_loan", "国家开发银行政策性贷款", "CDB policy loan"),
        SpecialFund => ("special_fund", "专项资金", "special fund"),
    }
}

/// A loan category or a purpose a programme funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// Who and what a programme funds: all of it data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Eligibility {
    pub applicant_kinds: Vec<OrgKind>,
    /// Regions of the applicant's province.
    pub regions: Vec<Region>,
    /// Levels of an applicant zone; empty means any level.
    pub zone_levels: Vec<ZoneLevel>,
    /// Zones eligible whatever their level: the provincial zones the ministry designates.
    #[serde(default)]
    pub designated_zones: Vec<i64>,
    /// Loan categories (interest subsidy) or purposes (policy loans, special funds).
    pub categories: Vec<Category>,
    /// Pilot programmes only: entry thresholds, support standard and pilot slots per region
    /// of the applicant (lower thresholds, higher standards, more slots for the centre and
    /// west). Absent from every other programme's data, which behaves as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regional_terms: Vec<pilot::RegionalTerms>,
}

/// A fund programme: one call with one pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Programme {
    pub id: i64,
    /// A stable code (`cdb-west-2007`), unique.
    pub code: String,
    pub kind: ProgrammeKind,
    pub name_zh: String,
    pub name_en: String,
    /// Calendar years covered, inclusive (one year, or 2007–2011 for the CDB pools).
    pub year_from: i32,
    pub year_to: i32,
    pub opens_on: NaiveDate,
    /// The last day on which an application may be submitted.
    pub closes_on: NaiveDate,
    pub eligibility: Eligibility,
    /// Interest subsidy only: the share of eligible interest subsidised.
    pub subsidy_rate: Option<Ppm>,
    /// Interest subsidy only: the most one zone receives in the year.
    pub zone_cap: Option<Fen>,
    /// Interest subsidy only: how the year's quota (the pool's size) is set.
    pub quota_rule: Option<QuotaRule>,
}

impl Programme {
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.eligibility.categories.iter().find(|c| c.code == code)
    }

    /// The terms for applicants of `region`, when this is a pilot programme.
    pub fn terms_for(&self, region: Region) -> Option<&pilot::RegionalTerms> {
        self.eligibility
            .regional_terms
            .iter()
            .find(|t| t.region == region)
    }

    /// What the terms of the applicant's region refuse in the values `body` gives.
    pub fn pilot_refusals(&self, region: Region, body: &ApplicationBody) -> Vec<crate::FieldError> {
        match (self.terms_for(region), body) {
            (
                Some(terms),
                ApplicationBody::Request {
                    pilot: Some(claim),
                    amount,
                    ..
                },
            ) => claim.refusals(terms, *amount),
            _ => Vec::new(),
        }
    }

    /// What a pilot application of `region` must still state before it is submitted.
    pub fn pilot_incomplete(
        &self,
        region: Region,
        body: &ApplicationBody,
    ) -> Vec<crate::FieldError> {
        match (self.terms_for(region), body) {
            (Some(terms), ApplicationBody::Request { pilot, .. }) => {
                pilot.unwrap_or_default().incomplete(terms)
            }
            _ => Vec::new(),
        }
    }

    /// Why `applicant` may not apply, naming the `applicant` field; empty when eligible.
    pub fn ineligibility(&self, applicant: &Applicant) -> Vec<crate::FieldError> {
        let mut errors = Vec::new();
        let e = &self.eligibility;
        let refuse =
            |zh: String, en: String| crate::FieldError::new("applicant", "ineligible", zh, en);
        if !e.applicant_kinds.contains(&applicant.kind) {
            errors.push(refuse(
                format!("{}不能申请“{}”", applicant.kind.name_zh(), self.name_zh),
                format!("a {} may not apply to {}", applicant.kind.code(), self.code),
            ));
        }
        if !e.regions.contains(&applicant.region) {
            errors.push(refuse(
                format!(
                    "{}地区的申请人不能申请“{}”",
                    applicant.region.name_zh(),
                    self.name_zh
                ),
                format!(
                    "applicants in the {} region may not apply to {}",
                    applicant.region.code(),
                    self.code
                ),
            ));
        }
        if let Some((zone_id, level)) = applicant.zone
            && !e.zone_levels.is_empty()
            && !e.zone_levels.contains(&level)
            && !e.designated_zones.contains(&zone_id)
        {
            errors.push(refuse(
                format!(
                    "{}不在“{}”的支持范围内，且未经商务部指定",
                    level.name_zh(),
                    self.name_zh
                ),
                format!(
                    "a {} zone not designated by the ministry may not apply to {}",
                    level.code(),
                    self.code
                ),
            ));
        }
        errors
    }
}

/// The fen a policy-loan pool holds: 150亿元.
pub const CDB_POOL: Fen = Fen(15_000_000_000 * 100);

/// One version of an application, with what it was granted and what moved in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Application {
    pub id: i64,
    pub programme_id: i64,
    /// The first version's id: every version of one application shares it.
    pub series_id: i64,
    pub version: i64,
    pub applicant_org_id: i64,
    pub zone_id: Option<i64>,
    pub province_code: crate::region::ProvinceCode,
    pub region: Region,
    pub title: String,
    pub status: application::Status,
    pub body: ApplicationBody,
    /// What the application asks for: the capped subsidy, or the amount requested.
    pub requested: Fen,
    /// A claimed interest above the computed interest: the reviewer must look.
    pub flagged: bool,
    /// What the ministry granted (its approval, or the interest subsidy's allocated share).
    pub granted: Fen,
    pub committed: Fen,
    pub disbursed: Fen,
    pub demo: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// One step of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Transition {
    pub action: String,
    pub from_status: application::Status,
    pub to_status: application::Status,
    pub comment: Option<String>,
    pub attachment_id: Option<i64>,
    pub by_user: Option<i64>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A programme with its pool's running totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProgrammePool {
    pub programme: Programme,
    pub pool_id: i64,
    pub totals: pool::Totals,
    pub allocated: bool,
}
