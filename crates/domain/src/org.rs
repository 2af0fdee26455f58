//! Organisations: every record belongs to one, and what a user may see follows from its kind.

use crate::ids::CreditCode;
use crate::region::ProvinceCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 商务部（外资司）
    Ministry,
    /// 省级商务主管部门
    Province,
    /// 开发区管委会
    Zone,
    /// 企业
    Enterprise,
    /// 投资促进机构
    PromotionAgency,
    /// 银行（国家开发银行）
    Bank,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Ministry,
        OrgKind::Province,
        OrgKind::Zone,
        OrgKind::Enterprise,
        OrgKind::PromotionAgency,
        OrgKind::Bank,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Ministry => "ministry",
            OrgKind::Province => "province",
            OrgKind::Zone => "zone",
            OrgKind::Enterprise => "enterprise",
            OrgKind::PromotionAgency => "promotion_agency",
            OrgKind::Bank => "bank",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            OrgKind::Ministry => "商务部",
            OrgKind::Province => "省级商务主管部门",
            OrgKind::Zone => "开发区管委会",
            OrgKind::Enterprise => "企业",
            OrgKind::PromotionAgency => "投资促进机构",
            OrgKind::Bank => "银行",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            OrgKind::Ministry => "Ministry of Commerce",
            OrgKind::Province => "Provincial commerce department",
            OrgKind::Zone => "Development zone",
            OrgKind::Enterprise => "Enterprise",
            OrgKind::PromotionAgency => "Investment promotion agency",
            OrgKind::Bank => "Bank",
        }
    }

    pub fn parse(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    /// Registered by itself, waiting for the ministry or its province.
    Pending,
    Active,
    Rejected,
    Suspended,
}

impl OrgStatus {
    pub fn code(self) -> &'static str {
        match self {
            OrgStatus::Pending => "pending",
            OrgStatus::Active => "active",
            OrgStatus::Rejected => "rejected",
            OrgStatus::Suspended => "suspended",
        }
    }

    pub fn parse(code: &str) -> Option<OrgStatus> {
        [
            OrgStatus::Pending,
            OrgStatus::Active,
            OrgStatus::Rejected,
            OrgStatus::Suspended,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Where an organisation sits: what its scope is derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrgPlace {
    Ministry,
    Province {
        province_code: ProvinceCode,
    },
    Zone {
        zone_id: i64,
        province_code: ProvinceCode,
    },
    Enterprise {
        credit_code: CreditCode,
        province_code: ProvinceCode,
    },
    PromotionAgency {
        province_code: Option<ProvinceCode>,
    },
    Bank,
}

impl OrgPlace {
    pub fn kind(&self) -> OrgKind {
        match self {
            OrgPlace::Ministry => OrgKind::Ministry,
            OrgPlace::Province { .. } => OrgKind::Province,
            OrgPlace::Zone { .. } => OrgKind::Zone,
            OrgPlace::Enterprise { .. } => OrgKind::Enterprise,
            OrgPlace::PromotionAgency { .. } => OrgKind::PromotionAgency,
            OrgPlace::Bank => OrgKind::Bank,
        }
    }

    pub fn province_code(&self) -> Option<&ProvinceCode> {
        match self {
            OrgPlace::Province { province_code }
            | OrgPlace::Zone { province_code, .. }
            | OrgPlace::Enterprise { province_code, .. } => Some(province_code),
            OrgPlace::PromotionAgency { province_code } => province_code.as_ref(),
            OrgPlace::Ministry | OrgPlace::Bank => None,
        }
    }

    pub fn zone_id(&self) -> Option<i64> {
        match self {
            OrgPlace::Zone { zone_id, .. } => Some(*zone_id),
            _ => None,
        }
    }

    pub fn credit_code(&self) -> Option<&CreditCode> {
        match self {
            OrgPlace::Enterprise { credit_code, .. } => Some(credit_code),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub place: OrgPlace,
    pub status: OrgStatus,
}
