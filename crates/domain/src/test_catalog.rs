//! A small reference catalog for unit tests: a few provinces in each region, industries, ports.

use crate::geo::LatLon;
use crate::industry::{Industry, IndustryCode, IndustryLevel};
use crate::port::{Port, PortKind};
use crate::reference::ReferenceCatalog;
use crate::region::{Province, ProvinceCode, Region};

pub(crate) fn catalog() -> ReferenceCatalog {
    let province = |code: &str, name: &str, region| Province {
        code: ProvinceCode::parse(code).expect("code"),
        name_zh: name.into(),
        name_en: name.into(),
        region,
        western_development: region == Region::West,
        coastal_economic_zone: None,
    };
    let industry = |code: &str, name: &str, parent: Option<&str>| Industry {
        code: IndustryCode::parse(code).expect("code"),
        level: if parent.is_some() {
            IndustryLevel::Division
        } else {
            IndustryLevel::Section
        },
        parent: parent.and_then(IndustryCode::parse),
        name_zh: name.into(),
        name_en: None,
    };
    let port = |id, name: &str, province: &str, kind, lat, lon| Port {
        id,
        name_zh: name.into(),
        name_en: name.into(),
        province_code: ProvinceCode::parse(province).expect("code"),
        kind,
        location: LatLon::new(lat, lon).expect("point"),
    };
    ReferenceCatalog::new(
        vec![
            province("310000", "上海市", Region::East),
            province("440000", "广东省", Region::East),
            province("420000", "湖北省", Region::Central),
            province("500000", "重庆市", Region::West),
            province("510000", "四川省", Region::West),
            province("210000", "辽宁省", Region::Northeast),
        ],
        vec![
            industry("C", "制造业", None),
            industry("G", "交通运输、仓储和邮政业", None),
            industry("13", "农副食品加工业", Some("C")),
            industry("36", "汽车制造业", Some("C")),
            industry("39", "计算机、通信和其他电子设备制造业", Some("C")),
            industry("59", "仓储业", Some("G")),
        ],
        vec![
            port(1, "上海港", "310000", PortKind::Sea, 31.22, 121.53),
            port(2, "深圳港", "440000", PortKind::Sea, 22.48, 113.88),
            port(3, "重庆港", "500000", PortKind::River, 29.56, 106.58),
        ],
    )
}
