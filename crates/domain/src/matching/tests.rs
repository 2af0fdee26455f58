//! The realistic case: an electronics processing-trade enterprise in 广东 shipping through
//! 深圳港; the fixtures are in tests/fixtures.rs, the properties in tests/props.rs.

mod fixtures;
mod props;

use super::*;
use crate::zone::{Zone, ZoneLevel};
use fixtures::*;

const EAST_EXPENSIVE: [i64; 4] = [1, 2, 3, 10];
const INLAND_ELECTRONICS: [i64; 4] = [4, 5, 6, 7];

fn realistic() -> Vec<Zone> {
    use Region::{Central, East, West};
    use ZoneLevel::{EtdzPolicy, NationalEtdz, Provincial};
    let z = |id, region, level, at, industries, land, wage, labour| Z {
        id,
        region,
        level,
        at,
        industries,
        land: Some(land),
        wage: Some(wage),
        labour: Some(labour),
    };
    [
        z(
            1,
            East,
            NationalEtdz,
            (22.6, 114.1),
            vec!["39", "36"],
            1500,
            9000,
            3000,
        ),
        z(
            2,
            East,
            EtdzPolicy,
            (31.3, 120.58),
            vec!["39", "65"],
            1200,
            8000,
            5000,
        ),
        z(
            3,
            East,
            NationalEtdz,
            (23.1, 113.45),
            vec!["36", "39"],
            1000,
            7500,
            4000,
        ),
        z(
            4,
            Central,
            NationalEtdz,
            (25.83, 114.93),
            vec!["39", "13"],
            300,
            3500,
            20000,
        ),
        z(
            5,
            West,
            NationalEtdz,
            (29.52, 106.6),
            vec!["39", "36"],
            400,
            4500,
            30000,
        ),
        z(
            6,
            West,
            NationalEtdz,
            (30.57, 104.27),
            vec!["39", "65"],
            450,
            4800,
            25000,
        ),
        z(
            7,
            Central,
            NationalEtdz,
            (34.75, 113.62),
            vec!["39", "36"],
            380,
            4200,
            20000,
        ),
        z(
            8,
            West,
            NationalEtdz,
            (36.62, 101.78),
            vec!["26"],
            200,
            4000,
            5000,
        ),
        z(
            9,
            Central,
            Provincial,
            (28.25, 113.07),
            vec!["36", "13"],
            350,
            4300,
            15000,
        ),
        z(
            10,
            East,
            NationalEtdz,
            (31.38, 120.98),
            vec!["39"],
            1100,
            7800,
            4000,
        ),
    ]
    .iter()
    .map(Z::zone)
    .collect()
}

fn rank_by_id(ranking: &Ranking, id: i64) -> u32 {
    ranking
        .matches
        .iter()
        .find(|m| m.zone_id == id)
        .map(|m| m.rank)
        .expect("ranked")
}

#[test]
fn inland_electronics_zones_beat_expensive_eastern_ones() {
    let index = MatchIndex::new(&realistic(), &catalog(), MatchRules::default());
    let d = demand("39", vec![SHENZHEN], true);
    let ranking = index.rank(&d, &Weights::default(), &EstimatedRoadHours, 10);
    assert_eq!(ranking.candidates, 10);
    for inland in INLAND_ELECTRONICS {
        for east in EAST_EXPENSIVE {
            assert!(
                rank_by_id(&ranking, inland) < rank_by_id(&ranking, east),
                "{inland} should rank above {east}: {ranking:#?}"
            );
        }
    }
    let best = &ranking.matches[0];
    assert_eq!(
        best.zone_id, 4,
        "赣州: electronics, cheap and 8 h from 深圳港"
    );
    assert_eq!(
        best.eligible_measures,
        ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "9"]
    );
    assert!(
        best.reason_zh.contains("工资低于平均水平") || best.reason_zh.contains("工业地价低于"),
        "{}",
        best.reason_zh
    );
    let shenzhen = index
        .rank_of(1, &d, &Weights::default(), &EstimatedRoadHours)
        .expect("a candidate");
    assert_eq!(
        shenzhen.reason_zh,
        "距深圳港约1小时；主导产业与计算机、通信和其他电子设备制造业一致；不在工程扶持政策范围内"
    );
    let fit = best.factor(Factor::IndustryFit).expect("factor");
    assert_eq!((fit.raw, fit.missing), (Some(1.0), false));
}

#[test]
fn the_reason_names_the_two_strongest_factors() {
    let index = MatchIndex::new(&realistic(), &catalog(), MatchRules::default());
    // Most zones list 39, so fitting it is no distinction; 13 (food processing) is rare.
    let d = demand("13", vec![SHENZHEN], true);
    let weights = Weights {
        industry_fit: 50,
        port_access: 30,
        labour_cost: 20,
        ..Weights::zero()
    };
    let m = index
        .rank_of(4, &d, &weights, &EstimatedRoadHours)
        .expect("a candidate");
    assert_eq!(m.reason_zh, "距深圳港约8小时；主导产业与农副食品加工业一致");
    assert_eq!(
        m.reason_en,
        "About 8 h to Port of Shenzhen; Leading industries include division 13 (Manufacturing)"
    );
}

#[test]
fn port_access_alone_puts_the_zones_nearest_shenzhen_first() {
    let index = MatchIndex::new(&realistic(), &catalog(), MatchRules::default());
    let d = demand("39", vec![SHENZHEN], true);
    let by_default = index.rank(&d, &Weights::default(), &EstimatedRoadHours, 10);
    let port_only = Weights {
        port_access: 100,
        ..Weights::zero()
    };
    let by_port = index.rank(&d, &port_only, &EstimatedRoadHours, 10);
    let ids: Vec<i64> = by_port.matches.iter().map(|m| m.zone_id).collect();
    assert_eq!(&ids[..3], [1, 3, 4], "深圳, 广州, 赣州");
    assert!(rank_by_id(&by_port, 1) < rank_by_id(&by_default, 1));
    assert!(
        rank_by_id(&by_port, 6) >= rank_by_id(&by_default, 6),
        "成都 is far"
    );
}

#[test]
fn a_region_filter_and_a_limit_shape_the_ranking() {
    let index = MatchIndex::new(&realistic(), &catalog(), MatchRules::default());
    let mut d = demand("39", vec![SHENZHEN, SHANGHAI], false);
    d.preferred_regions = vec![Region::West];
    let ranking = index.rank(&d, &Weights::default(), &EstimatedRoadHours, 2);
    assert_eq!(ranking.candidates, 3);
    assert_eq!(ranking.matches.len(), 2);
    assert!(
        ranking
            .matches
            .iter()
            .all(|m| [5, 6, 8].contains(&m.zone_id))
    );
    assert!(
        index
            .rank_of(1, &d, &Weights::default(), &EstimatedRoadHours)
            .is_none()
    );
}

#[test]
fn missing_data_is_neutral_and_marked() {
    let mut zones = realistic();
    zones[3].fields.land_price_fen_per_m2 = None;
    zones[3].fields.location = None;
    let index = MatchIndex::new(&zones, &catalog(), MatchRules::default());
    let d = demand("39", vec![SHENZHEN], true);
    let m = index
        .rank_of(4, &d, &Weights::default(), &EstimatedRoadHours)
        .expect("a candidate");
    for f in [Factor::LandCost, Factor::PortAccess] {
        let score = m.factor(f).expect("factor");
        assert_eq!((score.raw, score.index, score.missing), (None, 100.0, true));
    }
}

#[test]
fn the_reverse_view_agrees_with_the_ranking() {
    let index = MatchIndex::new(&realistic(), &catalog(), MatchRules::default());
    let mut west_only = demand("36", vec![SHANGHAI], false);
    west_only.preferred_regions = vec![Region::West];
    let demands = [
        demand("39", vec![SHENZHEN], true),
        west_only,
        demand("13", vec![SHANGHAI], false),
    ];
    let w = Weights::default();
    let fits = index.score_zone(4, &demands, &w, &EstimatedRoadHours);
    assert_eq!(
        fits.len(),
        2,
        "the west-only demand does not see a central zone"
    );
    for fit in &fits {
        let ranking = index.rank(&demands[fit.demand], &w, &EstimatedRoadHours, 100);
        let same = ranking
            .matches
            .iter()
            .find(|m| m.zone_id == 4)
            .expect("ranked");
        assert_eq!(same, &fit.zone);
        assert_eq!(fit.candidates, 10);
    }
    assert!(fits[0].zone.score >= fits[1].zone.score);
}

#[test]
fn an_hours_table_ranks_like_its_source_and_ignores_other_indexes() {
    let zones = realistic();
    let index = MatchIndex::new(&zones, &catalog(), MatchRules::default());
    let table = HoursTable::new(&index, &EstimatedRoadHours);
    let d = demand("39", vec![SHENZHEN, SHANGHAI], true);
    let w = Weights::default();
    assert_eq!(
        index.rank(&d, &w, &table, 10),
        index.rank(&d, &w, &EstimatedRoadHours, 10)
    );
    let port = catalog().ports.remove(1);
    assert!(table.column(&index, &port).is_some());
    let fewer = MatchIndex::new(&zones[..5], &catalog(), MatchRules::default());
    assert!(
        table.column(&fewer, &port).is_none(),
        "built for another index"
    );
    assert_eq!(
        fewer.rank(&d, &w, &table, 10),
        fewer.rank(&d, &w, &EstimatedRoadHours, 10),
        "answers by zone id instead"
    );
}

#[test]
fn all_zero_weights_are_refused() {
    assert!(Weights::zero().validate().is_err());
    assert!(Weights::default().validate().is_ok());
    let mut over = Weights::default();
    over.set(Factor::Support, 101);
    assert!(over.validate().is_err());
}

#[test]
fn certified_technicians_raise_a_zones_labour_and_are_named_in_the_reason() {
    let mut zones = realistic();
    zones[3].fields.labour_available = Some(100);
    let plain = MatchIndex::new(&zones, &catalog(), MatchRules::default());
    let trained = MatchIndex::new(&zones, &catalog(), MatchRules::default())
        .with_certified_technicians(&std::collections::BTreeMap::from([
            // 电子设备装接工 work in electronics (39); 纺织纺纱工 only in textiles.
            (
                4,
                std::collections::BTreeMap::from([
                    ("6-08-04-02".to_owned(), 300),
                    ("6-13-01-01".to_owned(), 50),
                ]),
            ),
            (5, std::collections::BTreeMap::new()),
        ]));
    let d = demand("39", vec![SHENZHEN], true);
    let weights = Weights {
        labour_availability: 100,
        ..Weights::zero()
    };
    let before = plain
        .rank_of(4, &d, &weights, &EstimatedRoadHours)
        .expect("a candidate");
    let after = trained
        .rank_of(4, &d, &weights, &EstimatedRoadHours)
        .expect("a candidate");
    let raw = |m: &ZoneMatch| m.factor(Factor::LabourAvailability).and_then(|f| f.raw);
    assert!(
        raw(&after) > raw(&before),
        "{:?} {:?}",
        raw(&before),
        raw(&after)
    );
    assert!(
        after.reason_zh.contains("已培训对口持证技工 300 名"),
        "{}",
        after.reason_zh
    );
    assert!(after.reason_en.contains("300 certified technicians"));
    assert!(!before.reason_zh.contains("持证技工"));

    // A textile demand counts only the spinners; a demand for the whole of manufacturing
    // (section C) counts every trade of the section.
    let textiles = trained
        .rank_of(
            4,
            &demand("17", vec![SHENZHEN], true),
            &weights,
            &EstimatedRoadHours,
        )
        .expect("a candidate");
    assert!(
        textiles.reason_zh.contains("已培训对口持证技工 50 名"),
        "{}",
        textiles.reason_zh
    );
    let manufacturing = trained
        .rank_of(
            4,
            &demand("C", vec![SHENZHEN], true),
            &weights,
            &EstimatedRoadHours,
        )
        .expect("a candidate");
    assert!(
        manufacturing
            .reason_zh
            .contains("已培训对口持证技工 350 名"),
        "{}",
        manufacturing.reason_zh
    );
    // A demand outside manufacturing gets no technicians and no line.
    let software = trained
        .rank_of(
            4,
            &demand("65", vec![SHENZHEN], true),
            &weights,
            &EstimatedRoadHours,
        )
        .expect("a candidate");
    assert!(
        !software.reason_zh.contains("持证技工"),
        "{}",
        software.reason_zh
    );
    assert_eq!(raw(&software), raw(&before));
}
