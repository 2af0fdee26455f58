//! Fixtures of the matching tests: a small catalog (industries named as in data/, the 上海
//! and 深圳 ports) and zones described by the figures people quote (元, not fen).

use super::super::*;
use crate::geo::LatLon;
use crate::industry::{Industry, IndustryLevel};
use crate::port::{Port, PortKind};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use crate::zone::{Zone, ZoneContact, ZoneFields, ZoneLevel};
use chrono::DateTime;

pub(in crate::matching) const SHANGHAI: i64 = 1;
pub(in crate::matching) const SHENZHEN: i64 = 5;

pub(in crate::matching) fn catalog() -> ReferenceCatalog {
    let industry = |code: &str, parent: Option<&str>, zh: &str, en: Option<&str>| Industry {
        code: IndustryCode::parse(code).expect("code"),
        level: if parent.is_some() {
            IndustryLevel::Division
        } else {
            IndustryLevel::Section
        },
        parent: parent.and_then(IndustryCode::parse),
        name_zh: zh.into(),
        name_en: en.map(Into::into),
    };
    let port = |id, zh: &str, en: &str, lat, lon| Port {
        id,
        name_zh: zh.into(),
        name_en: en.into(),
        province_code: ProvinceCode::parse("44").expect("code"),
        kind: PortKind::Sea,
        location: LatLon::new(lat, lon).expect("point"),
    };
    ReferenceCatalog::new(
        vec![],
        vec![
            industry("C", None, "制造业", Some("Manufacturing")),
            industry("39", Some("C"), "计算机、通信和其他电子设备制造业", None),
            industry("36", Some("C"), "汽车制造业", None),
            industry("26", Some("C"), "化学原料和化学制品制造业", None),
            industry("13", Some("C"), "农副食品加工业", None),
            industry(
                "I",
                None,
                "信息传输、软件和信息技术服务业",
                Some("ICT services"),
            ),
            industry("65", Some("I"), "软件和信息技术服务业", None),
        ],
        vec![
            port(SHANGHAI, "上海港", "Port of Shanghai", 31.22, 121.53),
            port(SHENZHEN, "深圳港", "Port of Shenzhen", 22.55, 114.22),
        ],
    )
}

/// Prices in 元 (land per m², wage per month), as people quote them.
#[derive(Clone, Debug)]
pub(in crate::matching) struct Z {
    pub id: i64,
    pub region: Region,
    pub level: ZoneLevel,
    pub at: (f64, f64),
    pub industries: Vec<&'static str>,
    pub land: Option<i64>,
    pub wage: Option<i64>,
    pub labour: Option<u32>,
}

impl Z {
    pub(in crate::matching) fn zone(&self) -> Zone {
        Zone {
            id: self.id,
            fields: ZoneFields {
                name_zh: format!("开发区{}", self.id),
                name_en: None,
                level: self.level,
                province_code: ProvinceCode::parse("51").expect("code"),
                city_zh: None,
                location: LatLon::new(self.at.0, self.at.1),
                approved_year: None,
                national_in_2006: false,
                named_in_notice: false,
                area_hectares: None,
                leading_industries: self
                    .industries
                    .iter()
                    .filter_map(|c| IndustryCode::parse(c))
                    .collect(),
                land_price_fen_per_m2: self.land.map(|y| Fen(y * 100)),
                avg_wage_fen_per_month: self.wage.map(|y| Fen(y * 100)),
                labour_available: self.labour,
                seaport: None,
                contact: ZoneContact::default(),
                description_zh: None,
                description_en: None,
            },
            region: self.region,
            province_name_zh: String::new(),
            nearest_seaport: None,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }
}

pub(in crate::matching) fn demand(
    industry: &str,
    ports: Vec<i64>,
    processing_trade: bool,
) -> MatchDemand {
    MatchDemand {
        industry: IndustryCode::parse(industry).expect("code"),
        investment: Fen(5_000_000_000), // 5000万元
        workforce: 3_000,
        port_ids: ports,
        preferred_regions: vec![],
        processing_trade,
    }
}
