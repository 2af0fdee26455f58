//! Development zones (开发区): the carriers of the programme.

use crate::geo::LatLon;
use crate::industry::IndustryCode;
use crate::money::Fen;
use crate::port::{SeaportAccess, nearest_seaport};
use crate::reference::ReferenceCatalog;
use crate::region::{ProvinceCode, Region};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ZoneLevel {
    /// 国家级经济技术开发区
    NationalEtdz,
    /// 享受国家级经济技术开发区政策的开发区 (e.g. 苏州工业园区 before it was listed)
    EtdzPolicy,
    /// 省级开发区
    Provincial,
    /// 出口加工区
    ExportProcessing,
    /// 共建园区 (飞地园区)
    CoBuiltPark,
}

impl ZoneLevel {
    pub const ALL: [ZoneLevel; 5] = [
        ZoneLevel::NationalEtdz,
        ZoneLevel::EtdzPolicy,
        ZoneLevel::Provincial,
        ZoneLevel::ExportProcessing,
        ZoneLevel::CoBuiltPark,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ZoneLevel::NationalEtdz => "national_etdz",
            ZoneLevel::EtdzPolicy => "etdz_policy",
            ZoneLevel::Provincial => "provincial",
            ZoneLevel::ExportProcessing => "export_processing",
            ZoneLevel::CoBuiltPark => "co_built_park",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            ZoneLevel::NationalEtdz => "国家级经济技术开发区",
            ZoneLevel::EtdzPolicy => "享受国家级经开区政策的开发区",
            ZoneLevel::Provincial => "省级开发区",
            ZoneLevel::ExportProcessing => "出口加工区",
            ZoneLevel::CoBuiltPark => "共建园区",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ZoneLevel::NationalEtdz => "National ETDZ",
            ZoneLevel::EtdzPolicy => "Zone with national ETDZ policies",
            ZoneLevel::Provincial => "Provincial development zone",
            ZoneLevel::ExportProcessing => "Export processing zone",
            ZoneLevel::CoBuiltPark => "Co-built park",
        }
    }

    /// Accepts the code or the Chinese name, as spreadsheets carry either.
    pub fn parse(raw: &str) -> Option<ZoneLevel> {
        let raw = raw.trim();
        ZoneLevel::ALL
            .into_iter()
            .find(|l| l.code() == raw || l.name_zh() == raw)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneContact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// Seaport figures a zone gives itself; they override the estimate from coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GivenSeaport {
    pub port_id: i64,
    pub km: u32,
    pub hours_tenths: u32,
}

/// What is stored for a zone: validated, as written by import or by its staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ZoneFields {
    pub name_zh: String,
    pub name_en: Option<String>,
    pub level: ZoneLevel,
    pub province_code: ProvinceCode,
    pub city_zh: Option<String>,
    pub location: Option<LatLon>,
    pub approved_year: Option<i32>,
    /// One of the 49 zones that were national ETDZs at the end of 2006.
    pub national_in_2006: bool,
    /// One of the five zones the 2006 notice addresses by name.
    pub named_in_notice: bool,
    /// Planned area in hectares (0.01 km²).
    pub area_hectares: Option<i64>,
    pub leading_industries: Vec<IndustryCode>,
    /// Industrial land price, fen per m².
    pub land_price_fen_per_m2: Option<Fen>,
    /// Average monthly wage, fen.
    pub avg_wage_fen_per_month: Option<Fen>,
    /// Workers the zone says it can recruit for a new plant (可招用劳动力, persons).
    #[serde(default)]
    pub labour_available: Option<u32>,
    pub seaport: Option<GivenSeaport>,
    pub contact: ZoneContact,
    pub description_zh: Option<String>,
    pub description_en: Option<String>,
}

/// A zone as readers see it: stored fields plus what is derived from reference data.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Zone {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ZoneFields,
    pub region: Region,
    pub province_name_zh: String,
    /// The nearest seaport: as given by the zone, or estimated from coordinates.
    pub nearest_seaport: Option<SeaportAccess>,
    pub updated_at: DateTime<Utc>,
}

impl AsRef<Zone> for Zone {
    fn as_ref(&self) -> &Zone {
        self
    }
}

impl Zone {
    /// Derives region and seaport access; `None` when the province is not in the catalog.
    pub fn derive(
        id: i64,
        fields: ZoneFields,
        updated_at: DateTime<Utc>,
        catalog: &ReferenceCatalog,
    ) -> Option<Zone> {
        let province = catalog.province(&fields.province_code)?;
        let given = fields.seaport.and_then(|given| {
            catalog.port(given.port_id).map(|port| SeaportAccess {
                port_id: port.id,
                port_name_zh: port.name_zh.clone(),
                km: given.km,
                hours_tenths: given.hours_tenths,
                estimated: false,
            })
        });
        let nearest_seaport = given.or_else(|| {
            fields
                .location
                .and_then(|at| nearest_seaport(&catalog.ports, at))
        });
        Some(Zone {
            id,
            region: province.region,
            province_name_zh: province.name_zh.clone(),
            nearest_seaport,
            fields,
            updated_at,
        })
    }
}
