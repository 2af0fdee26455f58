//! Routing over a generated 100,000-link network (25,000 nodes on a jittered grid over
//! China, each joined to its grid neighbours and to a few random nodes within reach, 42 of
//! them ports) with the 232 national zones placed at random: all zones to all ports (the
//! route table the directory snapshot builds), one port's tree, and one zone's routes to every
//! port by both objectives (what the route page reads). Aims: ≤ 2 s and ≤ 5 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use gowest_domain::geo::LatLon;
use gowest_domain::logistics::route::{Graph, Objective, RouteTable};
use gowest_domain::logistics::{Link, Mode, Node};
use gowest_domain::region::ProvinceCode;
use std::hint::black_box;

const SIDE: usize = 158; // 158² ≈ 25,000 nodes
const LINKS: usize = 100_000;
const PORTS: i64 = 42;
const ZONES: i64 = 232;

/// splitmix64: deterministic, and no dependency for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn network() -> (Vec<Node>, Vec<Link>, Vec<(i64, LatLon)>) {
    let mut rng = Rng(8);
    let province = ProvinceCode::parse("510000").expect("code");
    let n = SIDE * SIDE;
    let nodes: Vec<Node> = (0..n)
        .map(|i| {
            let (row, col) = (i / SIDE, i % SIDE);
            let lat = 20.0 + 25.0 * (row as f64 + rng.unit() * 0.8) / SIDE as f64;
            let lon = 90.0 + 32.0 * (col as f64 + rng.unit() * 0.8) / SIDE as f64;
            Node {
                id: i as i64 + 1,
                name_zh: format!("节点{i}"),
                province_code: province.clone(),
                location: LatLon::new(lat, lon).expect("inside China"),
                // Ports spread over the nodes.
                port_id: (i as i64 % (n as i64 / PORTS) == 0).then_some(i as i64 + 1),
            }
        })
        .collect();
    let mut links = Vec::with_capacity(LINKS);
    let add = |links: &mut Vec<Link>, rng: &mut Rng, a: usize, b: usize| {
        let mode = Mode::ALL[rng.below(3)];
        let km = 20 + rng.below(200) as u32;
        links.push(Link {
            id: links.len() as i64 + 1,
            from_node: a as i64 + 1,
            to_node: b as i64 + 1,
            mode,
            corridor: String::new(),
            km,
            hours_tenths: km / 3 + rng.below(50) as u32 + 1,
            cost_fen: i64::from(km) * (100 + rng.below(700) as i64),
        });
    };
    for i in 0..n {
        let (row, col) = (i / SIDE, i % SIDE);
        if col + 1 < SIDE {
            add(&mut links, &mut rng, i, i + 1);
        }
        if row + 1 < SIDE {
            add(&mut links, &mut rng, i, i + SIDE);
        }
    }
    while links.len() < LINKS {
        let a = rng.below(n);
        let b = (a + 2 + rng.below(3 * SIDE)) % n;
        add(&mut links, &mut rng, a, b);
    }
    let zones = (1..=ZONES)
        .map(|id| {
            let at = LatLon::new(21.0 + rng.unit() * 23.0, 91.0 + rng.unit() * 30.0)
                .expect("inside China");
            (id, at)
        })
        .collect();
    (nodes, links, zones)
}

fn logistics(c: &mut Criterion) {
    let (nodes, links, zones) = network();
    let ports: Vec<i64> = nodes.iter().filter_map(|n| n.port_id).collect();
    let graph = Graph::new(nodes, links);
    let mut group = c.benchmark_group("logistics");
    group.sample_size(10);
    group.bench_function("all zones to all ports (100k links)", |b| {
        b.iter(|| RouteTable::new(black_box(graph.clone()), zones.iter().copied()))
    });
    group.bench_function("one port's tree (100k links)", |b| {
        b.iter(|| graph.tree_to(black_box(0), Objective::Hours))
    });
    let table = RouteTable::new(graph.clone(), zones.iter().copied());
    group.sample_size(100);
    group.bench_function("one zone's routes to every port, both objectives", |b| {
        b.iter(|| {
            let mut found = 0;
            for &port in &ports {
                for objective in Objective::ALL {
                    found +=
                        usize::from(table.route(black_box(7), "开发区", port, objective).is_ok());
                }
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, logistics);
criterion_main!(benches);
