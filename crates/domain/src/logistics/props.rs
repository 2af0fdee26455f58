//! Routing checked against brute force on small random networks, and the link checks.

use super::route::{Graph, NoRoute, Objective, RouteTable, Totals};
use super::{Link, LinkInput, Mode, Node};
use crate::geo::LatLon;
use crate::region::ProvinceCode;
use proptest::prelude::*;

fn node(id: i64, lat: f64, lon: f64, port_id: Option<i64>) -> Node {
    Node {
        id,
        name_zh: format!("节点{id}"),
        province_code: ProvinceCode::parse("510000").expect("code"),
        location: LatLon::new(lat, lon).expect("inside China"),
        port_id,
    }
}

fn link(id: i64, a: i64, b: i64, hours: u32, cost: i64) -> Link {
    Link {
        id,
        from_node: a,
        to_node: b,
        mode: Mode::Rail,
        corridor: "测试".into(),
        km: hours * 5,
        hours_tenths: hours,
        cost_fen: cost,
    }
}

/// Nodes 1..=n on a small grid (every node a port with the same id), and random links.
fn network() -> impl Strategy<Value = (Vec<Node>, Vec<Link>)> {
    (2usize..10).prop_flat_map(|n| {
        let links =
            prop::collection::vec((1..=n as i64, 1..=n as i64, 1u32..500, 0i64..90_000), 0..25);
        (Just(n), links).prop_map(|(n, raw)| {
            let nodes = (1..=n as i64)
                .map(|i| node(i, 25.0 + i as f64, 100.0 + (i % 3) as f64, Some(i)))
                .collect();
            let links = raw
                .into_iter()
                .enumerate()
                .filter(|(_, (a, b, _, _))| a != b)
                .map(|(i, (a, b, h, c))| link(i as i64 + 1, a, b, h, c))
                .collect();
            (nodes, links)
        })
    })
}

/// Floyd–Warshall on the objective's key: the reference the trees must agree with.
fn brute(nodes: &[Node], links: &[Link], objective: Objective) -> Vec<Vec<Option<(i64, i64)>>> {
    let n = nodes.len();
    let key = |t: Totals| match objective {
        Objective::Hours => (t.hours_tenths, t.cost_fen),
        Objective::Cost => (t.cost_fen, t.hours_tenths),
    };
    let mut d = vec![vec![None; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = Some((0, 0));
    }
    for l in links {
        let (a, b) = ((l.from_node - 1) as usize, (l.to_node - 1) as usize);
        let k = key(Totals {
            km: 0,
            hours_tenths: i64::from(l.hours_tenths),
            cost_fen: l.cost_fen,
        });
        for (x, y) in [(a, b), (b, a)] {
            if d[x][y].is_none_or(|old| k < old) {
                d[x][y] = Some(k);
            }
        }
    }
    for m in 0..n {
        for i in 0..n {
            for j in 0..n {
                if let (Some(a), Some(b)) = (d[i][m], d[m][j]) {
                    let via = (a.0 + b.0, a.1 + b.1);
                    if d[i][j].is_none_or(|old| via < old) {
                        d[i][j] = Some(via);
                    }
                }
            }
        }
    }
    d
}

proptest! {
    #[test]
    fn trees_agree_with_brute_force((nodes, links) in network()) {
        let graph = Graph::new(nodes.clone(), links.clone());
        for objective in Objective::ALL {
            let reference = brute(&nodes, &links, objective);
            for (from, row) in reference.iter().enumerate() {
                for (target, expected) in row.iter().enumerate() {
                    let tree = graph.tree_to(target as u32, objective);
                    let got = tree.totals(from as u32).map(|t| match objective {
                        Objective::Hours => (t.hours_tenths, t.cost_fen),
                        Objective::Cost => (t.cost_fen, t.hours_tenths),
                    });
                    prop_assert_eq!(got, *expected);
                }
            }
        }
    }

    #[test]
    fn routes_sum_their_legs_and_chain((nodes, links) in network(), lat in 24.0f64..36.0, lon in 99.0f64..104.0) {
        let n = nodes.len() as i64;
        let table = RouteTable::new(Graph::new(nodes, links), [(7, LatLon::new(lat, lon).expect("point"))]);
        for port in 1..=n {
            for objective in Objective::ALL {
                match table.route(7, "开发区", port, objective) {
                    Ok(route) => {
                        let sum = route.legs.iter().fold(Totals::default(), |s, l| Totals {
                            km: s.km + l.totals.km,
                            hours_tenths: s.hours_tenths + l.totals.hours_tenths,
                            cost_fen: s.cost_fen + l.totals.cost_fen,
                        });
                        prop_assert_eq!(sum, route.totals);
                        prop_assert_eq!(Ok(route.totals), table.totals(7, port, objective));
                        for pair in route.legs.windows(2) {
                            prop_assert_eq!(&pair[0].to_name, &pair[1].from_name);
                        }
                        prop_assert_eq!(&route.legs.last().expect("a leg").to_name, &format!("节点{port}"));
                    }
                    Err(reason) => prop_assert_eq!(reason, NoRoute::Unreachable),
                }
            }
        }
    }

    #[test]
    fn results_obey_the_triangle_inequality((nodes, links) in network()) {
        let graph = Graph::new(nodes.clone(), links);
        let n = nodes.len() as u32;
        let trees: Vec<_> = (0..n).map(|t| graph.tree_to(t, Objective::Hours)).collect();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    if let (Some(ab), Some(bc)) = (trees[b as usize].totals(a), trees[c as usize].totals(b)) {
                        let ac = trees[c as usize].totals(a).expect("a joined to c through b");
                        prop_assert!(ac.hours_tenths <= ab.hours_tenths + bc.hours_tenths);
                    }
                }
            }
        }
    }
}

#[test]
fn unreachable_and_off_network_ports_are_reported() {
    // Two islands: 1–2 and 3–4; port 9 stands nowhere.
    let nodes = vec![
        node(1, 30.0, 104.0, None),
        node(2, 31.0, 121.0, Some(2)),
        node(3, 40.0, 90.0, None),
        node(4, 41.0, 91.0, Some(4)),
    ];
    let links = vec![link(1, 1, 2, 300, 500_000), link(2, 3, 4, 100, 100)];
    let table = RouteTable::new(
        Graph::new(nodes, links),
        [(1, LatLon::new(30.1, 104.1).expect("point"))],
    );
    assert!(table.route(1, "z", 2, Objective::Hours).is_ok());
    assert_eq!(
        table.route(1, "z", 4, Objective::Hours),
        Err(NoRoute::Unreachable)
    );
    assert_eq!(
        table.route(1, "z", 9, Objective::Cost),
        Err(NoRoute::PortOffNetwork)
    );
    assert_eq!(
        table.route(2, "z", 2, Objective::Cost),
        Err(NoRoute::ZoneUnplaced)
    );
}

#[test]
fn the_objective_picks_the_fast_or_the_cheap_way() {
    // 1 → 3 by rail through 2 (fast, dear) or by river straight (slow, cheap).
    let nodes = vec![
        node(1, 29.5, 106.5, None),
        node(2, 30.6, 114.3, None),
        node(3, 31.2, 121.5, Some(30)),
    ];
    let mut river = link(3, 1, 3, 1_800, 300_000);
    river.mode = Mode::River;
    river.corridor = "长江".into();
    let links = vec![
        link(1, 1, 2, 200, 400_000),
        link(2, 2, 3, 200, 400_000),
        river,
    ];
    let table = RouteTable::new(
        Graph::new(nodes, links),
        [(5, LatLon::new(29.5, 106.5).expect("point"))],
    );
    let fast = table.route(5, "z", 30, Objective::Hours).expect("route");
    assert_eq!(fast.modes(), vec![Mode::Road, Mode::Rail]);
    let cheap = table.route(5, "z", 30, Objective::Cost).expect("route");
    assert_eq!(cheap.modes(), vec![Mode::Road, Mode::River]);
    assert_eq!(cheap.corridors(), vec!["长江"]);
}

fn input(hours: &str) -> LinkInput {
    LinkInput {
        from_node: "1".into(),
        to_node: "节点2".into(),
        mode: "铁路".into(),
        corridor: "京广".into(),
        km: "1200".into(),
        hours: hours.into(),
        cost: "4500.50".into(),
    }
}

#[test]
fn a_link_is_checked_field_by_field() {
    let nodes = vec![node(1, 30.0, 104.0, None), node(2, 31.0, 121.0, Some(2))];
    let ok = input("36.5").check(&nodes).expect("valid");
    assert_eq!(
        (ok.hours_tenths, ok.cost_fen, ok.mode),
        (365, 450_050, Mode::Rail)
    );
    let fields = |v: crate::Validation| -> Vec<(String, &'static str)> {
        v.0.into_iter().map(|e| (e.field, e.code)).collect()
    };
    assert_eq!(
        fields(input("-3").check(&nodes).expect_err("negative")),
        vec![("hours".into(), "negative")]
    );
    assert_eq!(
        fields(input("0").check(&nodes).expect_err("zero")),
        vec![("hours".into(), "not_positive")]
    );
    let mut bad = input("10");
    bad.to_node = "拉萨".into();
    bad.mode = "air".into();
    bad.km = String::new();
    assert_eq!(
        fields(bad.check(&nodes).expect_err("bad")),
        vec![
            ("to_node".into(), "unknown"),
            ("mode".into(), "unknown"),
            ("km".into(), "required")
        ]
    );
    let mut same = input("10");
    same.to_node = "1".into();
    assert_eq!(
        fields(same.check(&nodes).expect_err("loop")),
        vec![("to_node".into(), "same_node")]
    );
}

#[test]
fn a_clearance_agreement_names_a_seaport_and_its_hours() {
    use super::ClearanceInput;
    let catalog = crate::test_catalog::catalog();
    let input = ClearanceInput {
        port: "上海港".into(),
        province_code: "510000".into(),
        measures: "属地申报、口岸验放".into(),
        hours_before: "72".into(),
        hours_after: "24.5".into(),
        signed_on: "2007-03-01".into(),
    };
    let ok = input.check(&catalog).expect("valid");
    assert_eq!(
        (ok.port_id, ok.hours_before_tenths, ok.hours_after_tenths),
        (1, 720, 245)
    );
    // 72 h → 24.5 h saves 47.5/72 = 65.97…%: 6,597 basis points, rounded toward zero.
    assert_eq!(ok.saved_bp(), Some(6_597));
    let slower = super::ClearanceAgreement {
        hours_after_tenths: 800,
        ..ok.clone()
    };
    assert_eq!(slower.saved_bp(), Some(-1_111));
    let unknown = super::ClearanceAgreement {
        hours_before_tenths: 0,
        ..ok.clone()
    };
    assert_eq!(unknown.saved_bp(), None);
    let bad = ClearanceInput {
        port: "重庆港".into(),
        province_code: "440000".into(),
        hours_after: "-1".into(),
        ..input
    };
    let fields: Vec<(String, &str)> = bad
        .check(&catalog)
        .expect_err("bad")
        .0
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("port".into(), "not_a_seaport"),
            ("province_code".into(), "not_central_or_west"),
            ("hours_after".into(), "negative")
        ]
    );
}

#[test]
fn matching_keeps_the_road_estimate_for_a_port_off_the_network() {
    use crate::matching::{EstimatedRoadHours, PortHours};
    use crate::port::{Port, PortKind};
    let nodes = vec![node(1, 30.0, 104.0, None), node(2, 31.0, 121.0, Some(2))];
    let table = RouteTable::new(
        Graph::new(nodes, vec![link(1, 1, 2, 300, 500_000)]),
        [(7, LatLon::new(30.1, 104.1).expect("point"))],
    );
    let from = LatLon::new(30.1, 104.1).expect("point");
    let port = |id: i64, lat: f64, lon: f64| Port {
        id,
        name_zh: format!("港口{id}"),
        name_en: format!("Port {id}"),
        province_code: ProvinceCode::parse("310000").expect("code"),
        kind: PortKind::Sea,
        location: LatLon::new(lat, lon).expect("point"),
    };
    // On the network: the route's hours (zone's road leg plus 30 h of rail).
    let on = table.hours(7, from, &port(2, 31.0, 121.0)).expect("hours");
    assert!(on > 30.0, "{on}");
    // Off the network: exactly the straight-line estimate, not "no data".
    let off = port(9, 21.2, 110.4);
    assert_eq!(
        table.hours(7, from, &off),
        EstimatedRoadHours.hours(7, from, &off)
    );
    // A zone the table does not place has no data.
    assert_eq!(table.hours(8, from, &port(2, 31.0, 121.0)), None);
}
