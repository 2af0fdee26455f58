//! Shortest routes over the logistics network. The graph is held in compressed adjacency
//! arrays; one Dijkstra (binary heap) per port and objective gives every node's best way to
//! that port, so routes from all zones to all ports cost one run per port (ports are few),
//! and one zone's routes are a walk down the prepared trees.
//!
//! Links are travelled both ways with the same figures, so the graph is its own reverse and
//! a run started at a port gives the routes *to* it.

use super::{Link, Mode, Node};
use crate::geo::{LatLon, estimate_road};
use crate::matching::{EstimatedRoadHours, PortHours};
use crate::port::Port;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use utoipa::ToSchema;

/// Trucking a container to and from the network, per km: 8 元, a common 2020s rate for a
/// 40-foot box on trunk roads.
pub const ROAD_FEN_PER_KM: i64 = 800;
/// A zone reaches the network by road at up to this many of its nearest nodes; more than one
/// so a zone between a rail hub and a river port can start from either.
pub const ACCESS_NODES: usize = 3;
/// ...those within this road distance (local drayage); a zone farther from every node still
/// reaches the nearest one. Long road hauls are links of the network, not access legs, so
/// that a route to the coast is the network's and changes with it.
pub const ACCESS_KM: u32 = 150;

/// What a route is best at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Fewest hours; the cheaper of equally fast routes.
    Hours,
    /// Lowest cost per container; the faster of equally cheap routes.
    Cost,
}

impl Objective {
    pub const ALL: [Objective; 2] = [Objective::Hours, Objective::Cost];

    fn key(self, t: Totals) -> (i64, i64) {
        match self {
            Objective::Hours => (t.hours_tenths, t.cost_fen),
            Objective::Cost => (t.cost_fen, t.hours_tenths),
        }
    }
}

/// Sums along a route (or a leg).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = RouteTotals)]
pub struct Totals {
    pub km: i64,
    pub hours_tenths: i64,
    pub cost_fen: i64,
}

impl Totals {
    fn add(self, o: Totals) -> Totals {
        Totals {
            km: self.km + o.km,
            hours_tenths: self.hours_tenths + o.hours_tenths,
            cost_fen: self.cost_fen + o.cost_fen,
        }
    }

    fn of(link: &Link) -> Totals {
        Totals {
            km: i64::from(link.km),
            hours_tenths: i64::from(link.hours_tenths),
            cost_fen: link.cost_fen,
        }
    }
}

const NONE: u32 = u32::MAX;

/// The network as arrays: node `i` has arcs `arcs[start[i]..start[i + 1]]`.
#[derive(Debug, Clone)]
pub struct Graph {
    nodes: Vec<Node>,
    links: Vec<Link>,
    start: Vec<u32>,
    /// (neighbour, link index).
    arcs: Vec<(u32, u32)>,
    /// Port id → node index.
    ports: HashMap<i64, u32>,
}

impl Graph {
    /// Links naming a node that is not in `nodes` are left out (the store's foreign keys
    /// make that impossible; generated networks in benchmarks rely on it not mattering).
    pub fn new(nodes: Vec<Node>, links: Vec<Link>) -> Graph {
        let index: HashMap<i64, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i as u32))
            .collect();
        let mut degree = vec![0u32; nodes.len() + 1];
        let ends: Vec<Option<(u32, u32)>> = links
            .iter()
            .map(|l| Some((*index.get(&l.from_node)?, *index.get(&l.to_node)?)))
            .collect();
        for (a, b) in ends.iter().flatten() {
            degree[*a as usize] += 1;
            degree[*b as usize] += 1;
        }
        let mut start = Vec::with_capacity(nodes.len() + 1);
        let mut sum = 0u32;
        for d in &degree {
            start.push(sum);
            sum += d;
        }
        let mut fill = start.clone();
        let mut arcs = vec![(0u32, 0u32); sum as usize];
        for (li, end) in ends.iter().enumerate() {
            if let Some((a, b)) = *end {
                arcs[fill[a as usize] as usize] = (b, li as u32);
                fill[a as usize] += 1;
                arcs[fill[b as usize] as usize] = (a, li as u32);
                fill[b as usize] += 1;
            }
        }
        let ports = nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((n.port_id?, i as u32)))
            .collect();
        Graph {
            nodes,
            links,
            start,
            arcs,
            ports,
        }
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    fn arcs(&self, node: u32) -> &[(u32, u32)] {
        let i = node as usize;
        &self.arcs[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// Best totals from every node to `target` by `objective`, with each node's next link
    /// toward it.
    pub fn tree_to(&self, target: u32, objective: Objective) -> Tree {
        let n = self.nodes.len();
        let mut totals = vec![None; n];
        let mut via = vec![(NONE, NONE); n];
        let mut heap = BinaryHeap::new();
        totals[target as usize] = Some(Totals::default());
        heap.push(Reverse((objective.key(Totals::default()), target)));
        while let Some(Reverse((key, node))) = heap.pop() {
            let Some(here) = totals[node as usize] else {
                continue;
            };
            if objective.key(here) < key {
                continue;
            }
            for &(next, link) in self.arcs(node) {
                let there = here.add(Totals::of(&self.links[link as usize]));
                let better = match totals[next as usize] {
                    None => true,
                    Some(old) => objective.key(there) < objective.key(old),
                };
                if better {
                    totals[next as usize] = Some(there);
                    via[next as usize] = (link, node);
                    heap.push(Reverse((objective.key(there), next)));
                }
            }
        }
        Tree {
            target,
            objective,
            totals,
            via,
        }
    }

    /// Up to `ACCESS_NODES` nodes nearest to `from` within `ACCESS_KM` (at least the
    /// nearest), each with its road leg.
    pub fn access(&self, from: LatLon) -> Vec<Access> {
        // Rank on the flat-earth approximation (cheap, exact enough to order neighbours),
        // then price the few chosen by the road estimate.
        let scale = from.lat.to_radians().cos();
        let mut best: Vec<(f64, u32)> = Vec::with_capacity(ACCESS_NODES + 1);
        for (i, n) in self.nodes.iter().enumerate() {
            let dx = (n.location.lon - from.lon) * scale;
            let dy = n.location.lat - from.lat;
            let d = dx * dx + dy * dy;
            if best.len() < ACCESS_NODES || d < best[best.len() - 1].0 {
                let at = best.partition_point(|(b, _)| *b <= d);
                best.insert(at, (d, i as u32));
                best.truncate(ACCESS_NODES);
            }
        }
        best.into_iter()
            .enumerate()
            .map(|(rank, (_, node))| {
                let road = estimate_road(from, self.nodes[node as usize].location);
                (rank, road, node)
            })
            .filter(|(rank, road, _)| *rank == 0 || road.km <= ACCESS_KM)
            .map(|(_, road, node)| Access {
                node,
                leg: Totals {
                    km: i64::from(road.km),
                    hours_tenths: i64::from(road.hours_tenths),
                    cost_fen: i64::from(road.km) * ROAD_FEN_PER_KM,
                },
            })
            .collect()
    }
}

/// A zone's road leg onto the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    pub node: u32,
    pub leg: Totals,
}

/// Every node's best way to one port.
#[derive(Debug, Clone)]
pub struct Tree {
    target: u32,
    objective: Objective,
    totals: Vec<Option<Totals>>,
    /// The first link of the node's route and the node it leads to (`NONE` at the target
    /// or when unreachable).
    via: Vec<(u32, u32)>,
}

impl Tree {
    /// Totals from node index `node` to the tree's port; `None` when unreachable.
    pub fn totals(&self, node: u32) -> Option<Totals> {
        self.totals.get(node as usize).copied().flatten()
    }

    /// The best start among `access` legs: the leg plus the rest of the route.
    fn best_start(&self, access: &[Access]) -> Option<(Access, Totals)> {
        access
            .iter()
            .filter_map(|a| Some((*a, a.leg.add(self.totals(a.node)?))))
            .min_by_key(|(a, t)| (self.objective.key(*t), a.node))
    }
}

/// One leg of a route.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Leg {
    pub from_name: String,
    pub to_name: String,
    pub from: LatLon,
    pub to: LatLon,
    pub mode: Mode,
    /// Empty for the road leg from the zone onto the network.
    pub corridor: String,
    /// The link's id; `None` for the zone's road leg.
    pub link_id: Option<i64>,
    pub totals: Totals,
}

/// A zone's best route to a port by one objective.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Route {
    pub port_id: i64,
    pub objective: Objective,
    pub totals: Totals,
    pub legs: Vec<Leg>,
}

impl Route {
    /// The modes travelled, in order, without repeats side by side (`road, river, road`).
    pub fn modes(&self) -> Vec<Mode> {
        let mut out: Vec<Mode> = Vec::new();
        for leg in &self.legs {
            if out.last() != Some(&leg.mode) {
                out.push(leg.mode);
            }
        }
        out
    }

    /// The corridors travelled, in order, without repeats.
    pub fn corridors(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for leg in &self.legs {
            if !leg.corridor.is_empty() && !out.contains(&leg.corridor.as_str()) {
                out.push(&leg.corridor);
            }
        }
        out
    }
}

/// Why there is no route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoRoute {
    /// The zone has no coordinates.
    ZoneUnplaced,
    /// The port stands at no node of the network.
    PortOffNetwork,
    /// The network does not join the zone's nodes to the port.
    Unreachable,
}

impl NoRoute {
    pub fn message_zh(self) -> &'static str {
        match self {
            NoRoute::ZoneUnplaced => "开发区没有坐标，无法计算线路",
            NoRoute::PortOffNetwork => "该港口不在物流网络中",
            NoRoute::Unreachable => "物流网络中没有从开发区到该港口的线路",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            NoRoute::ZoneUnplaced => "the zone has no coordinates, so no route can be found",
            NoRoute::PortOffNetwork => "the port is not on the logistics network",
            NoRoute::Unreachable => "the network has no route from the zone to this port",
        }
    }
}

/// Every zone's best route to every port of the network, by both objectives: built once per
/// network and zone set, read by matching (hours) and the route pages.
#[derive(Debug, Clone)]
pub struct RouteTable {
    graph: Graph,
    /// Per port id: the trees by [`Objective::ALL`] order.
    trees: HashMap<i64, [Tree; 2]>,
    /// Per zone id: its location and road legs onto the network.
    zones: HashMap<i64, (LatLon, Vec<Access>)>,
}

impl RouteTable {
    /// Builds the trees of every port on the network and the access legs of every zone.
    pub fn new(graph: Graph, zones: impl IntoIterator<Item = (i64, LatLon)>) -> RouteTable {
        let trees = graph
            .ports
            .iter()
            .map(|(&port, &node)| {
                (
                    port,
                    Objective::ALL.map(|objective| graph.tree_to(node, objective)),
                )
            })
            .collect();
        let zones = zones
            .into_iter()
            .map(|(id, at)| (id, (at, graph.access(at))))
            .collect();
        RouteTable {
            graph,
            trees,
            zones,
        }
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    fn tree(&self, port_id: i64, objective: Objective) -> Option<&Tree> {
        let i = Objective::ALL.iter().position(|o| *o == objective)?;
        self.trees.get(&port_id).map(|t| &t[i])
    }

    /// Totals only, without the legs: what matching reads.
    pub fn totals(
        &self,
        zone_id: i64,
        port_id: i64,
        objective: Objective,
    ) -> Result<Totals, NoRoute> {
        let (_, access) = self.zones.get(&zone_id).ok_or(NoRoute::ZoneUnplaced)?;
        let tree = self
            .tree(port_id, objective)
            .ok_or(NoRoute::PortOffNetwork)?;
        tree.best_start(access)
            .map(|(_, t)| t)
            .ok_or(NoRoute::Unreachable)
    }

    /// The zone's best route to the port by `objective`, leg by leg; `zone_name` labels the
    /// first leg.
    pub fn route(
        &self,
        zone_id: i64,
        zone_name: &str,
        port_id: i64,
        objective: Objective,
    ) -> Result<Route, NoRoute> {
        let (at, access) = self.zones.get(&zone_id).ok_or(NoRoute::ZoneUnplaced)?;
        let tree = self
            .tree(port_id, objective)
            .ok_or(NoRoute::PortOffNetwork)?;
        let (start, totals) = tree.best_start(access).ok_or(NoRoute::Unreachable)?;
        let nodes = &self.graph.nodes;
        let first = &nodes[start.node as usize];
        let mut legs = vec![Leg {
            from_name: zone_name.to_owned(),
            to_name: first.name_zh.clone(),
            from: *at,
            to: first.location,
            mode: Mode::Road,
            corridor: String::new(),
            link_id: None,
            totals: start.leg,
        }];
        let mut node = start.node;
        while node != tree.target {
            let (link, next) = tree.via[node as usize];
            let (Some(link), Some(there)) = (
                self.graph.links.get(link as usize),
                nodes.get(next as usize),
            ) else {
                return Err(NoRoute::Unreachable);
            };
            let here = &nodes[node as usize];
            legs.push(Leg {
                from_name: here.name_zh.clone(),
                to_name: there.name_zh.clone(),
                from: here.location,
                to: there.location,
                mode: link.mode,
                corridor: link.corridor.clone(),
                link_id: Some(link.id),
                totals: Totals::of(link),
            });
            node = next;
        }
        Ok(Route {
            port_id,
            objective,
            totals,
            legs,
        })
    }

    /// Whether the port is on the network at all.
    pub fn has_port(&self, port_id: i64) -> bool {
        self.trees.contains_key(&port_id)
    }
}

/// Matching's travel time: the fastest route's hours over the network. A port the network
/// does not reach at all keeps the straight-line road estimate matching used before the
/// network existed, so shipping or editing the network never takes a port's figures away;
/// a port on the network that the zone cannot reach is "no data".
impl PortHours for RouteTable {
    fn hours(&self, zone_id: i64, from: LatLon, port: &Port) -> Option<f64> {
        match self.totals(zone_id, port.id, Objective::Hours) {
            Ok(t) => Some(t.hours_tenths as f64 / 10.0),
            Err(NoRoute::PortOffNetwork) => EstimatedRoadHours.hours(zone_id, from, port),
            Err(NoRoute::ZoneUnplaced | NoRoute::Unreachable) => None,
        }
    }
}
