//! The zone directory's filter, sort and page over the in-memory snapshot: 232 national
//! zones as shipped, and 20,000 zones for a register grown to every provincial zone.

use chrono::DateTime;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::zone::{Zone, ZoneContact, ZoneFields, ZoneLevel};
use gowest_domain::zone_filter::{RawZoneQuery, ZoneQuery, select};
use std::hint::black_box;

const PROVINCES: [(&str, Region); 6] = [
    ("110000", Region::East),
    ("320000", Region::East),
    ("420000", Region::Central),
    ("500000", Region::West),
    ("510000", Region::West),
    ("210000", Region::Northeast),
];

fn zones(n: usize) -> Vec<Zone> {
    (0..n)
        .map(|i| {
            let (code, region) = PROVINCES[i % PROVINCES.len()];
            Zone {
                id: i as i64,
                fields: ZoneFields {
                    name_zh: format!("基准开发区{i:06}"),
                    name_en: None,
                    level: if i % 3 == 0 {
                        ZoneLevel::NationalEtdz
                    } else {
                        ZoneLevel::Provincial
                    },
                    province_code: ProvinceCode::parse(code).expect("code"),
                    city_zh: Some("某市".into()),
                    location: None,
                    approved_year: Some(1984 + (i % 40) as i32),
                    national_in_2006: i % 5 == 0,
                    named_in_notice: false,
                    area_hectares: Some(1_000 + i as i64),
                    leading_industries: [["39", "36"], ["26", "13"], ["C", "34"]][i % 3]
                        .iter()
                        .filter_map(|c| IndustryCode::parse(c))
                        .collect(),
                    land_price_fen_per_m2: Some(Fen(20_000 + (i as i64 * 37) % 90_000)),
                    avg_wage_fen_per_month: Some(Fen(450_000 + (i as i64 * 53) % 500_000)),
                    labour_available: Some(2_000 + (i as u32 * 97) % 30_000),
                    seaport: None,
                    contact: ZoneContact::default(),
                    description_zh: Some("电子信息、装备制造".into()),
                    description_en: None,
                },
                region,
                province_name_zh: String::new(),
                nearest_seaport: None,
                updated_at: DateTime::UNIX_EPOCH,
            }
        })
        .collect()
}

fn query(pairs: &[(&str, &str)]) -> ZoneQuery {
    let mut raw = RawZoneQuery::default();
    for (k, v) in pairs {
        let slot = match *k {
            "region" => &mut raw.region,
            "industry" => &mut raw.industry,
            "sort" => &mut raw.sort,
            "q" => &mut raw.q,
            _ => &mut raw.per_page,
        };
        *slot = Some((*v).to_owned());
    }
    ZoneQuery::parse(&raw).expect("a valid query")
}

fn directory(c: &mut Criterion) {
    let mut group = c.benchmark_group("zone_directory");
    let queries = [
        (
            "west+C",
            query(&[("region", "west"), ("industry", "C"), ("per_page", "50")]),
        ),
        (
            "sort land price",
            query(&[("sort", "-land_price"), ("per_page", "50")]),
        ),
        ("text", query(&[("q", "装备"), ("per_page", "50")])),
    ];
    for n in [232usize, 20_000] {
        let all = zones(n);
        for (name, q) in &queries {
            group.bench_with_input(BenchmarkId::new(*name, n), &all, |b, all| {
                b.iter(|| black_box(select(all, q).total));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, directory);
criterion_main!(benches);
