//! The yearly national technician target (notice 3.1: 10万 a year, 中部 5万 and 西部 5万 by
//! default, editable by the ministry) and its allocation to zones as quotas.

use crate::error::{FieldError, Validation};
use crate::region::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The national target for one programme year, per destination region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NationalTarget {
    pub year: i32,
    pub central: u32,
    pub west: u32,
}

impl NationalTarget {
    /// The notice's figures: 100,000 technicians a year, half central, half west.
    pub fn notice_default(year: i32) -> NationalTarget {
        NationalTarget {
            year,
            central: 50_000,
            west: 50_000,
        }
    }

    pub fn total(&self) -> u32 {
        self.central + self.west
    }

    /// The target of a destination region; eastern and north-eastern zones get none.
    pub fn for_region(&self, region: Region) -> Option<u32> {
        match region {
            Region::Central => Some(self.central),
            Region::West => Some(self.west),
            Region::East | Region::Northeast => None,
        }
    }
}

/// One zone's quota for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuotaLine {
    pub zone_id: i64,
    pub region: Region,
    pub quota: u32,
}

/// Checks an allocation against the target: only central and western zones get quotas,
/// each zone once, and no region's quotas add up to more than its target.
pub fn check_allocation(target: &NationalTarget, lines: &[QuotaLine]) -> Result<(), Validation> {
    let mut v = Validation::default();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        let field = format!("quotas[{i}]");
        if target.for_region(line.region).is_none() {
            v.push(FieldError::new(
                &field,
                "not_destination",
                "只有中西部开发区分配技工培训指标",
                format!("{field}: only central and western zones receive quotas"),
            ));
        }
        if !seen.insert(line.zone_id) {
            v.push(FieldError::new(
                &field,
                "duplicate",
                "同一开发区重复分配",
                format!("{field}: zone {} is allocated twice", line.zone_id),
            ));
        }
    }
    for region in [Region::Central, Region::West] {
        let cap = target.for_region(region).unwrap_or(0);
        let sum: u64 = lines
            .iter()
            .filter(|l| l.region == region)
            .map(|l| u64::from(l.quota))
            .sum();
        if sum > u64::from(cap) {
            v.push(FieldError::new(
                format!("quotas.{}", region.code()),
                "over_target",
                format!("{}指标合计{sum}人，超过年度目标{cap}人", region.name_zh()),
                format!(
                    "{} quotas add up to {sum}, over the yearly target of {cap}",
                    region.name_en()
                ),
            ));
        }
    }
    v.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(zone_id: i64, region: Region, quota: u32) -> QuotaLine {
        QuotaLine {
            zone_id,
            region,
            quota,
        }
    }

    #[test]
    fn the_default_target_is_the_notices() {
        let t = NationalTarget::notice_default(2007);
        assert_eq!((t.central, t.west, t.total()), (50_000, 50_000, 100_000));
    }

    #[test]
    fn an_allocation_within_the_target_passes_and_one_over_it_is_refused() {
        let t = NationalTarget::notice_default(2007);
        let ok = [
            line(1, Region::Central, 30_000),
            line(2, Region::Central, 20_000),
        ];
        assert!(check_allocation(&t, &ok).is_ok());
        let over = [line(1, Region::West, 30_000), line(2, Region::West, 20_001)];
        let err = check_allocation(&t, &over).expect_err("over");
        assert_eq!(err.0[0].code, "over_target");
        assert_eq!(err.0[0].field, "quotas.west");
    }

    #[test]
    fn eastern_zones_and_double_allocations_are_refused() {
        let t = NationalTarget::notice_default(2007);
        let bad = [
            line(1, Region::East, 10),
            line(2, Region::West, 1),
            line(2, Region::West, 1),
        ];
        let codes: Vec<_> = check_allocation(&t, &bad)
            .expect_err("bad")
            .0
            .iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["not_destination", "duplicate"]);
    }
}
