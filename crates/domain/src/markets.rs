//! Agricultural wholesale markets (农产品批发市场) that report prices, and who reports for them.

use crate::error::{FieldError, Validation};
use crate::input::{required_text, text};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Market {
    pub id: i64,
    /// The market's own organisation; its writing members are the market's clerks.
    pub org_id: Option<i64>,
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub county: String,
    /// A pilot market of the programme.
    pub pilot: bool,
}

/// A market as typed by the ministry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MarketInput {
    pub name_zh: String,
    pub province_code: String,
    pub county: String,
    pub pilot: bool,
    pub org_id: Option<i64>,
}

impl MarketInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<Market, Validation> {
        let mut v = Validation::default();
        let name = required_text(&mut v, "name_zh", "市场名称", &self.name_zh, 80);
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        let county = text(&mut v, "county", &self.county, 40).unwrap_or_default();
        if self.org_id.is_some_and(|id| id <= 0) {
            v.push(FieldError::new(
                "org_id",
                "invalid",
                "机构编号无效",
                "org_id must be positive",
            ));
        }
        match (name, province) {
            (Some(name_zh), Some(province_code)) if v.is_empty() => Ok(Market {
                id: 0,
                org_id: self.org_id,
                name_zh,
                province_code,
                county,
                pilot: self.pilot,
            }),
            _ => Err(v),
        }
    }
}
