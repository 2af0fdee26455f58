//! Figures of the zone directory for the portal: zones by region and by province.

use crate::App;
use crate::directory::Directory;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::zone::{Zone, ZoneLevel};

/// Zones of one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionFigures {
    pub region: Region,
    /// 国家级经济技术开发区 today.
    pub national_etdz: usize,
    /// Every zone in the directory, of any level.
    pub all_zones: usize,
}

/// Zones of one province; every province of the catalog has a row, zero or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceFigures {
    pub code: ProvinceCode,
    pub name_zh: String,
    pub name_en: String,
    pub region: Region,
    pub national_etdz: usize,
    pub all_zones: usize,
}

/// The directory in figures, from one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFigures {
    pub all_zones: usize,
    pub national_etdz: usize,
    /// The zones that were national ETDZs at the end of 2006 (49).
    pub national_in_2006: usize,
    /// The zones the 2006 notice addresses by name (5).
    pub named_in_notice: usize,
    /// East, central, west, northeast, in that order.
    pub by_region: Vec<RegionFigures>,
    /// Most national ETDZs first; ties by province code.
    pub by_province: Vec<ProvinceFigures>,
}

fn count(zones: &[&Zone], keep: impl Fn(&Zone) -> bool) -> usize {
    zones.iter().filter(|z| keep(z)).count()
}

fn national(zone: &Zone) -> bool {
    zone.fields.level == ZoneLevel::NationalEtdz
}

impl ZoneFigures {
    fn of(directory: &Directory) -> ZoneFigures {
        let zones: Vec<&Zone> = directory.zones.iter().map(|l| &l.zone).collect();
        let by_region = Region::ALL
            .into_iter()
            .map(|region| RegionFigures {
                region,
                national_etdz: count(&zones, |z| z.region == region && national(z)),
                all_zones: count(&zones, |z| z.region == region),
            })
            .collect();
        let mut by_province: Vec<ProvinceFigures> = directory
            .catalog
            .provinces
            .values()
            .map(|p| {
                let here = |z: &Zone| z.fields.province_code == p.code;
                ProvinceFigures {
                    code: p.code.clone(),
                    name_zh: p.name_zh.clone(),
                    name_en: p.name_en.clone(),
                    region: p.region,
                    national_etdz: count(&zones, |z| here(z) && national(z)),
                    all_zones: count(&zones, here),
                }
            })
            .collect();
        by_province.sort_by(|a, b| {
            b.national_etdz
                .cmp(&a.national_etdz)
                .then_with(|| a.code.cmp(&b.code))
        });
        ZoneFigures {
            all_zones: zones.len(),
            national_etdz: count(&zones, national),
            national_in_2006: count(&zones, |z| z.fields.national_in_2006),
            named_in_notice: count(&zones, |z| z.fields.named_in_notice),
            by_region,
            by_province,
        }
    }
}

impl App {
    /// The directory's figures by region and province, from the current snapshot.
    pub fn zone_figures(&self) -> ZoneFigures {
        ZoneFigures::of(&self.directory())
    }
}
