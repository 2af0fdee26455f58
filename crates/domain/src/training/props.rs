//! Property: every progress table adds up exactly to the trainee records (one fact each).

use super::{TraineeFact, progress};
use crate::region::{ProvinceCode, Region};
use proptest::prelude::*;

fn fact() -> impl Strategy<Value = TraineeFact> {
    (0i64..12, 1u32..=12, any::<bool>()).prop_map(|(zone, m, certified)| {
        // Zones 0–5 in 四川 (west), 6–11 in 河南 (central): a zone lies in one province.
        let (p, region) = if zone < 6 {
            ("510000", Region::West)
        } else {
            ("410000", Region::Central)
        };
        TraineeFact {
            zone_id: zone,
            province: ProvinceCode::parse(p).expect("code"),
            region,
            month: format!("2007-{m:02}"),
            trained: 1,
            certified: u64::from(certified),
        }
    })
}

proptest! {
    #[test]
    fn every_table_adds_up_to_the_records(facts in proptest::collection::vec(fact(), 0..300)) {
        let p = progress(&facts, &[]);
        let trained = facts.len() as u64;
        let certified = facts.iter().map(|f| f.certified).sum::<u64>();
        prop_assert_eq!((p.total.trained, p.total.certified), (trained, certified));
        for table in [&p.by_zone, &p.by_province, &p.by_region, &p.by_month] {
            prop_assert_eq!(table.iter().map(|r| r.trained).sum::<u64>(), trained);
            prop_assert_eq!(table.iter().map(|r| r.certified).sum::<u64>(), certified);
        }
        for row in &p.by_zone {
            let zone: i64 = row.key.parse().expect("zone id");
            let n = facts.iter().filter(|f| f.zone_id == zone).count() as u64;
            prop_assert_eq!(row.trained, n);
        }
    }
}
