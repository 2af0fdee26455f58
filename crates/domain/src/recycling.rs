//! Recycling pilots (measure 9): pilot cities and zones of the renewable-resource recycling
//! system (再生资源回收体系), their recycling stations and yearly volumes by material, the
//! funded projects (fund applications of the fund engine) and the energy saved.

use crate::input::{choice, opt, quantity, required_text, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use crate::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The materials the recycling statistics count.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Material {
    Steel,
    NonFerrous,
    Paper,
    Plastic,
    Appliances,
    Vehicles,
}

impl Material {
    pub const ALL: [Material; 6] = [
        Material::Steel,
        Material::NonFerrous,
        Material::Paper,
        Material::Plastic,
        Material::Appliances,
        Material::Vehicles,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Material::Steel => "steel",
            Material::NonFerrous => "non_ferrous",
            Material::Paper => "paper",
            Material::Plastic => "plastic",
            Material::Appliances => "appliances",
            Material::Vehicles => "vehicles",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Material::Steel => "废钢铁",
            Material::NonFerrous => "废有色金属",
            Material::Paper => "废纸",
            Material::Plastic => "废塑料",
            Material::Appliances => "废旧家电",
            Material::Vehicles => "报废汽车",
        }
    }

    pub fn parse(raw: &str) -> Option<Material> {
        let raw = raw.trim();
        Material::ALL
            .into_iter()
            .find(|m| m.code() == raw || m.name_zh() == raw)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PilotKind {
    City,
    Zone,
}

impl PilotKind {
    pub fn parse(raw: &str) -> Option<PilotKind> {
        match raw.trim() {
            "city" | "城市" => Some(PilotKind::City),
            "zone" | "园区" | "开发区" => Some(PilotKind::Zone),
            _ => None,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            PilotKind::City => "城市",
            PilotKind::Zone => "园区",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pilot {
    pub id: i64,
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub kind: PilotKind,
    pub stations: u32,
    /// Tonnes a year by material, in thousandths (kg), only materials with a figure.
    #[schema(value_type = Object)]
    pub volumes_kg: BTreeMap<Material, i64>,
    /// Energy saved a year, tonnes of coal equivalent (tce) in thousandths.
    pub energy_saved_kgce: i64,
    /// The fund application that finances the pilot's project, when there is one.
    pub fund_application_id: Option<i64>,
}

/// A pilot as typed; `volumes` is `废钢铁=12000;废纸=3500.5` (tonnes a year).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = RecyclingPilotInput)]
#[serde(default)]
pub struct PilotInput {
    pub name_zh: String,
    pub province_code: String,
    /// `city` or `zone` (城市 / 园区).
    pub kind: String,
    pub stations: String,
    pub volumes: String,
    /// Tonnes of coal equivalent a year, up to three decimals.
    pub energy_saved_tce: String,
    /// Id of a fund application (资金项目申请); optional.
    pub fund_application_id: String,
}

const MAX_STATIONS: u32 = 100_000;

impl PilotInput {
    /// Checks the input; `fund_exists` says whether a fund application id is known.
    pub fn check(
        &self,
        catalog: &ReferenceCatalog,
        fund_exists: impl Fn(i64) -> bool,
    ) -> Result<Pilot, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "试点名称", &self.name_zh, 64);
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        let kind = choice(&mut v, "kind", "试点类型", &self.kind, PilotKind::parse);
        let stations = whole_number(&mut v, "stations", &self.stations, MAX_STATIONS).unwrap_or(0);
        let mut volumes_kg = BTreeMap::new();
        for item in self
            .volumes
            .split([';', '；', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let Some((material, tonnes)) = item.split_once(['=', '：', ':']) else {
                v.push(FieldError::new(
                    "volumes",
                    "malformed",
                    format!("“{item}”应写作 材料=吨数，如 废钢铁=12000"),
                    format!("volumes: \"{item}\" should read material=tonnes, e.g. steel=12000"),
                ));
                continue;
            };
            let Some(material) = Material::parse(material) else {
                v.push(FieldError::new(
                    "volumes",
                    "unknown",
                    format!("“{}”不是统计的材料", material.trim()),
                    format!("volumes: \"{}\" is not a counted material", material.trim()),
                ));
                continue;
            };
            if let Some(kg) = quantity(&mut v, "volumes", tonnes, 3) {
                volumes_kg.insert(material, kg);
            }
        }
        let energy = quantity(&mut v, "energy_saved_tce", &self.energy_saved_tce, 3).unwrap_or(0);
        let fund = match opt(&self.fund_application_id) {
            None => None,
            Some(raw) => match raw.parse::<i64>().ok().filter(|id| fund_exists(*id)) {
                Some(id) => Some(id),
                None => {
                    v.push(FieldError::new(
                        "fund_application_id",
                        "unknown",
                        format!("没有编号为“{raw}”的资金项目申请"),
                        format!("fund_application_id: there is no fund application \"{raw}\""),
                    ));
                    None
                }
            },
        };
        match (name_zh, province, kind) {
            (Some(name_zh), Some(province_code), Some(kind)) if v.is_empty() => Ok(Pilot {
                id: 0,
                name_zh,
                province_code,
                kind,
                stations,
                volumes_kg,
                energy_saved_kgce: energy,
                fund_application_id: fund,
            }),
            _ => Err(v),
        }
    }
}

/// The programme's figures: volumes by material and energy saved, over all pilots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figures {
    pub pilots: usize,
    pub stations: u64,
    #[schema(value_type = Object)]
    pub volumes_kg: BTreeMap<Material, i64>,
    pub energy_saved_kgce: i64,
    pub funded: usize,
}

pub fn figures(pilots: &[Pilot]) -> Figures {
    let mut f = Figures {
        pilots: pilots.len(),
        ..Figures::default()
    };
    for p in pilots {
        f.stations += u64::from(p.stations);
        for (m, kg) in &p.volumes_kg {
            *f.volumes_kg.entry(*m).or_default() += kg;
        }
        f.energy_saved_kgce += p.energy_saved_kgce;
        f.funded += usize::from(p.fund_application_id.is_some());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn input(volumes: &str, fund: &str) -> PilotInput {
        PilotInput {
            name_zh: "成都再生资源回收体系试点".into(),
            province_code: "510000".into(),
            kind: "城市".into(),
            stations: "320".into(),
            volumes: volumes.into(),
            energy_saved_tce: "1500.5".into(),
            fund_application_id: fund.into(),
        }
    }

    #[test]
    fn volumes_are_read_by_material_in_exact_kilograms() {
        let p = input("废钢铁=12000; paper=3500.25", "7")
            .check(&catalog(), |id| id == 7)
            .expect("valid");
        assert_eq!(p.volumes_kg.get(&Material::Steel), Some(&12_000_000));
        assert_eq!(p.volumes_kg.get(&Material::Paper), Some(&3_500_250));
        assert_eq!(
            (p.energy_saved_kgce, p.fund_application_id),
            (1_500_500, Some(7))
        );
        let total = figures(&[p.clone(), p]);
        assert_eq!(total.volumes_kg.get(&Material::Steel), Some(&24_000_000));
        assert_eq!((total.stations, total.funded), (640, 2));
    }

    #[test]
    fn bad_volumes_and_unknown_funds_are_named() {
        let v = input("废钢铁=-5;木材=10;废纸", "99")
            .check(&catalog(), |_| false)
            .expect_err("bad");
        let codes: Vec<(String, &str)> = v.0.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("volumes".into(), "negative"),
                ("volumes".into(), "unknown"),
                ("volumes".into(), "malformed"),
                ("fund_application_id".into(), "unknown")
            ]
        );
    }
}
