//! A stored pipeline record with what the register keeps beside the rules: where the
//! investor comes from, the industry, and the ids of its funds entries and problems.

use super::record::PipelineRecord;
use crate::industry::IndustryCode;
use crate::region::ProvinceCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where the investor comes from: a province of the mainland, or abroad (境外: foreign,
/// Hong Kong, Macao, Taiwan) with the country or territory named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InvestorOrigin {
    Province { province_code: ProvinceCode },
    Abroad { country: String },
}

impl InvestorOrigin {
    /// As typed in sheets and forms: `440000`, or `境外:日本`.
    pub fn as_text(&self) -> String {
        match self {
            InvestorOrigin::Province { province_code } => province_code.as_str().to_owned(),
            InvestorOrigin::Abroad { country } => format!("境外:{country}"),
        }
    }
}

/// One funds entry's register ids: the row, and the stored evidence file if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundsRef {
    pub id: i64,
    pub attachment_id: Option<i64>,
}

/// A record as the register holds it. `funds` and `problems` are parallel to the record's
/// lists, so `funds[i]` is the id of `record.funds[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PipelineEntry {
    pub record: PipelineRecord,
    pub investor_origin: InvestorOrigin,
    pub industry: IndustryCode,
    pub funds: Vec<FundsRef>,
    pub problem_ids: Vec<i64>,
    pub demo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PipelineEntry {
    pub fn id(&self) -> i64 {
        self.record.id
    }

    pub fn zone_id(&self) -> i64 {
        self.record.zone_id
    }

    /// The index of funds entry `id` in `record.funds`.
    pub fn funds_index(&self, id: i64) -> Option<usize> {
        self.funds.iter().position(|f| f.id == id)
    }

    /// The index of problem `id` in `record.problems`.
    pub fn problem_index(&self, id: i64) -> Option<usize> {
        self.problem_ids.iter().position(|p| *p == id)
    }
}

/// A 招商 event (expo, 推介会) where contracts are signed, e.g. 第二届中国中部投资贸易博览会.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PromotionEvent {
    pub id: i64,
    pub name_zh: String,
    pub city_zh: Option<String>,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub organiser_org_id: Option<i64>,
}
