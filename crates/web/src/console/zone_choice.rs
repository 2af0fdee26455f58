//! Zones offered in a console select, grouped by province in code order.

use gowest_app::directory::Directory;
use gowest_domain::zone::Zone;
use std::collections::{BTreeMap, HashSet};

/// A zone offered in a select: id, name, chosen now.
pub type ZoneChoice = (i64, String, bool);
/// Zones by province: (province name, zones).
pub type ZoneGroups = Vec<(String, Vec<ZoneChoice>)>;

/// The directory's zones that `offer` keeps, plus those already chosen.
pub fn by_province(
    directory: &Directory,
    offer: impl Fn(&Zone) -> bool,
    chosen: &HashSet<i64>,
) -> ZoneGroups {
    let mut groups: BTreeMap<String, (String, Vec<ZoneChoice>)> = BTreeMap::new();
    for listed in &directory.zones {
        let z = &listed.zone;
        let is_chosen = chosen.contains(&z.id);
        if offer(z) || is_chosen {
            groups
                .entry(z.fields.province_code.to_string())
                .or_insert_with(|| (z.province_name_zh.clone(), Vec::new()))
                .1
                .push((z.id, z.fields.name_zh.clone(), is_chosen));
        }
    }
    groups.into_values().collect()
}
