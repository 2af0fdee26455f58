//! Small schemes and zones for the tests.

use super::{Dimension, Direction, Indicator, Scheme, Source, WEIGHT_TOTAL, ZoneYear};
use crate::region::Region;

/// One dimension whose indicators read plain fields, higher is better.
pub(super) fn plain(indicators: &[(&str, u32)]) -> Scheme {
    Scheme {
        code: "test".into(),
        name_zh: "测试".into(),
        name_en: "test".into(),
        edition_year: 2021,
        basis: "测试".into(),
        note: String::new(),
        bonus_cap: 500,
        dimensions: vec![Dimension {
            code: "all".into(),
            name_zh: "全部".into(),
            name_en: "all".into(),
            weight: WEIGHT_TOTAL,
            indicators: indicators
                .iter()
                .map(|&(field, weight)| indicator(field, Direction::HigherBetter, weight))
                .collect(),
        }],
    }
}

pub(super) fn indicator(field: &str, direction: Direction, weight: u32) -> Indicator {
    Indicator {
        code: field.into(),
        name_zh: field.into(),
        name_en: field.into(),
        direction,
        unit: "count".into(),
        weight,
        source: Source::Field(field.into()),
        note: None,
    }
}

pub(super) fn zone(id: i64, region: Region, values: &[(&str, i64)]) -> ZoneYear {
    ZoneYear {
        zone_id: id,
        region,
        values: values.iter().map(|&(f, v)| (f.to_owned(), v)).collect(),
        previous: Default::default(),
        adjustments: Vec::new(),
        disqualification: None,
    }
}
