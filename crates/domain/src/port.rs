//! Ports (sea, river, dry) and the nearest-seaport rule that zones use.

use crate::geo::{LatLon, estimate_road};
use crate::region::ProvinceCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PortKind {
    Sea,
    River,
    Dry,
}

impl PortKind {
    pub fn code(self) -> &'static str {
        match self {
            PortKind::Sea => "sea",
            PortKind::River => "river",
            PortKind::Dry => "dry",
        }
    }

    pub fn parse(code: &str) -> Option<PortKind> {
        [PortKind::Sea, PortKind::River, PortKind::Dry]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Port {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub province_code: ProvinceCode,
    pub kind: PortKind,
    pub location: LatLon,
}

/// How far a zone is from its seaport, and whether the figure was measured or estimated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeaportAccess {
    pub port_id: i64,
    pub port_name_zh: String,
    pub km: u32,
    /// Hours by road, in tenths (`125` = 12.5 h).
    pub hours_tenths: u32,
    /// True when computed from coordinates rather than given by the zone.
    pub estimated: bool,
}

/// The seaport nearest to `from` by estimated road distance; ties go to the lower id.
pub fn nearest_seaport(ports: &[Port], from: LatLon) -> Option<SeaportAccess> {
    ports
        .iter()
        .filter(|p| p.kind == PortKind::Sea)
        .map(|p| (p, estimate_road(from, p.location)))
        .min_by_key(|(p, est)| (est.km, p.id))
        .map(|(p, est)| SeaportAccess {
            port_id: p.id,
            port_name_zh: p.name_zh.clone(),
            km: est.km,
            hours_tenths: est.hours_tenths,
            estimated: true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(id: i64, name: &str, kind: PortKind, lat: f64, lon: f64) -> Port {
        Port {
            id,
            name_zh: name.into(),
            name_en: name.into(),
            province_code: ProvinceCode::parse("31").expect("code"),
            kind,
            location: LatLon::new(lat, lon).expect("point"),
        }
    }

    #[test]
    fn picks_the_nearest_sea_port_and_ignores_river_ports() {
        let ports = [
            port(1, "上海港", PortKind::Sea, 31.22, 121.53),
            port(2, "广州港", PortKind::Sea, 23.1, 113.45),
            port(3, "武汉港", PortKind::River, 30.58, 114.3),
        ];
        let wuhan = LatLon::new(30.5, 114.2).expect("point");
        let access = nearest_seaport(&ports, wuhan).expect("a port");
        assert_eq!(access.port_name_zh, "上海港");
        assert!(access.estimated);
        assert!(access.km > 800 && access.km < 1200, "{}", access.km);
    }

    #[test]
    fn no_sea_port_means_none() {
        let ports = [port(3, "武汉港", PortKind::River, 30.58, 114.3)];
        assert!(nearest_seaport(&ports, LatLon::new(30.0, 110.0).expect("p")).is_none());
    }
}
