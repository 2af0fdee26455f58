//! Progress against quota by zone, province, region and month, counted from the trainee
//! records themselves (the figures are never typed in).

use crate::region::{ProvinceCode, Region};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Trainees of one zone who ended their course in one month (one trainee, or the kept
/// zone×month count of many), of whom `certified` hold a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeFact {
    pub zone_id: i64,
    pub province: ProvinceCode,
    pub region: Region,
    /// `YYYY-MM` of the course's end.
    pub month: String,
    pub trained: u64,
    pub certified: u64,
}

/// One line of a progress table: trainees, of whom certified, against a quota.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProgressRow {
    /// A zone id, a province code, a region code or a month, by table.
    pub key: String,
    pub trained: u64,
    pub certified: u64,
    /// Zero for months (quotas are yearly).
    pub quota: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Progress {
    pub by_zone: Vec<ProgressRow>,
    pub by_province: Vec<ProgressRow>,
    pub by_region: Vec<ProgressRow>,
    pub by_month: Vec<ProgressRow>,
    pub total: ProgressRow,
}

fn add(
    map: &mut BTreeMap<String, ProgressRow>,
    key: String,
    trained: u64,
    certified: u64,
    quota: u64,
) {
    let row = map.entry(key.clone()).or_insert_with(|| ProgressRow {
        key,
        ..ProgressRow::default()
    });
    row.trained += trained;
    row.certified += certified;
    row.quota += quota;
}

/// Progress from the trainee facts and each zone's quota `(zone, province, region, quota)`.
/// Zones with a quota and no trainee yet appear with zeros.
pub fn progress(facts: &[TraineeFact], quotas: &[(i64, ProvinceCode, Region, u32)]) -> Progress {
    let mut zone = BTreeMap::new();
    let mut province = BTreeMap::new();
    let mut region = BTreeMap::new();
    let mut month = BTreeMap::new();
    let mut total = ProgressRow {
        key: "total".into(),
        ..ProgressRow::default()
    };
    for (z, p, r, q) in quotas {
        let q = u64::from(*q);
        add(&mut zone, z.to_string(), 0, 0, q);
        add(&mut province, p.to_string(), 0, 0, q);
        add(&mut region, r.code().to_owned(), 0, 0, q);
        total.quota += q;
    }
    for f in facts {
        let (t, c) = (f.trained, f.certified);
        add(&mut zone, f.zone_id.to_string(), t, c, 0);
        add(&mut province, f.province.to_string(), t, c, 0);
        add(&mut region, f.region.code().to_owned(), t, c, 0);
        add(&mut month, f.month.clone(), t, c, 0);
        total.trained += t;
        total.certified += c;
    }
    Progress {
        by_zone: zone.into_values().collect(),
        by_province: province.into_values().collect(),
        by_region: region.into_values().collect(),
        by_month: month.into_values().collect(),
        total,
    }
}
