//! Logistics channels: the shipped network loaded once into the store, the ministry's edits
//! to it (ports and links, each audited), and every zone's best routes to the ports, read
//! from the directory snapshot's route table.

use crate::audit::{AuditKey, Context};
use crate::write::{Record, System};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::change::Entity;
use gowest_domain::geo::LatLon;
use gowest_domain::logistics::route::{NoRoute, Objective, Route};
use gowest_domain::logistics::{
    ClearanceAgreement, ClearanceInput, Link, LinkInput, Mode, Node, PortInput,
};
use gowest_domain::port::Port;
use gowest_domain::{FieldError, Validation};
use gowest_store::Store;
use gowest_store::logistics::NewNode;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

const NODES: &str = include_str!("../../../data/logistics_nodes.csv");
const LINKS: &str = include_str!("../../../data/logistics_links.csv");
/// Set once the shipped network is in the store: from then on the ministry's edits are the
/// network, and a new release does not overwrite them.
const LOADED_KEY: &str = "logistics_network_loaded";
/// Serialises the first load of instances starting together.
const LOAD_LOCK: i64 = 0x676f_7765_7374_0008;

#[derive(Deserialize)]
struct NodeRow {
    name_zh: String,
    province_code: String,
    lat: f64,
    lon: f64,
    port: String,
}

#[derive(Deserialize)]
struct LinkRow {
    from: String,
    to: String,
    mode: String,
    corridor: String,
    km: String,
    hours: String,
    cost_yuan: String,
}

fn bad(file: &str, what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("data/{file}: {what}"))
}

fn rows<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, AppError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| bad(file, e))
}

/// Loads the shipped network into an empty store, once.
#[tracing::instrument(skip_all)]
pub(crate) async fn ensure_loaded(
    store: &Store,
    audit_key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if store.setting(LOADED_KEY).await?.is_some() {
        return Ok(());
    }
    let ports = store.ports().await?;
    let port_ids: HashMap<&str, i64> = ports.iter().map(|p| (p.name_zh.as_str(), p.id)).collect();
    let mut tx = crate::write::begin(
        store,
        audit_key,
        &System::new(),
        &Context::system("system"),
        now,
    )
    .await?;
    tx.lock(LOAD_LOCK).await?;
    if tx.setting(LOADED_KEY).await?.is_some() {
        return Ok(());
    }
    for r in rows::<NodeRow>("logistics_nodes.csv", NODES)? {
        let province = gowest_domain::region::ProvinceCode::parse(&r.province_code)
            .ok_or_else(|| bad("logistics_nodes.csv", &r.province_code))?;
        let location =
            LatLon::new(r.lat, r.lon).ok_or_else(|| bad("logistics_nodes.csv", &r.name_zh))?;
        let port_id = match r.port.trim() {
            "" => None,
            name => Some(
                *port_ids
                    .get(name)
                    .ok_or_else(|| bad("logistics_nodes.csv", format!("unknown port {name}")))?,
            ),
        };
        tx.insert_logistics_node(&NewNode {
            name_zh: &r.name_zh,
            province_code: &province,
            location,
            port_id,
        })
        .await?;
    }
    let nodes = tx.logistics_nodes().await?;
    let mut links = 0;
    for r in rows::<LinkRow>("logistics_links.csv", LINKS)? {
        let input = LinkInput {
            from_node: r.from,
            to_node: r.to,
            mode: r.mode,
            corridor: r.corridor,
            km: r.km,
            hours: r.hours,
            cost: r.cost_yuan,
        };
        let link = input
            .check(&nodes)
            .map_err(|v| bad("logistics_links.csv", format!("{input:?}: {v}")))?;
        tx.insert_logistics_link(&link, now).await?;
        links += 1;
    }
    tx.put_setting(LOADED_KEY, &now.to_rfc3339()).await?;
    tx.finish(
        Record::new("logistics.load", Entity::Logistics, None).after_text(Some(format!(
            "{{\"nodes\":{},\"links\":{links}}}",
            nodes.len()
        ))),
    )
    .await?;
    tracing::info!(nodes = nodes.len(), links, "logistics network loaded");
    Ok(())
}

/// The network as stored, for the map and the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
}

/// One port as a zone sees it: its best routes, or why there is none.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortRoutes {
    pub port: Port,
    /// 长三角, 珠三角, 环渤海, 闽南 … of the port's province; `None` inland.
    pub coastal_economic_zone: Option<String>,
    pub fastest: Option<Route>,
    pub cheapest: Option<Route>,
    /// Why there are no routes (`fastest` and `cheapest` are then `None`).
    pub unavailable: Option<NoRoute>,
    pub unavailable_zh: Option<String>,
}

/// Every port as seen from one zone, reachable ones first by fastest hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneRoutes {
    pub zone_id: i64,
    pub zone_name_zh: String,
    pub location: Option<LatLon>,
    pub ports: Vec<PortRoutes>,
}

fn no_route(field: &str, reason: NoRoute) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(
        field,
        match reason {
            NoRoute::ZoneUnplaced => "zone_unplaced",
            NoRoute::PortOffNetwork => "off_network",
            NoRoute::Unreachable => "unreachable",
        },
        reason.message_zh(),
        reason.message_en(),
    )]))
}

impl App {
    pub async fn logistics_network(&self) -> Result<Network, AppError> {
        Ok(Network {
            nodes: self.store.logistics_nodes().await?,
            links: self.store.logistics_links().await?,
        })
    }

    /// The zone's best routes (fastest and cheapest) to every port; `kind` limits the ports
    /// (`sea`, `river`, `dry`).
    pub fn zone_routes(&self, zone_id: i64, kind: Option<&str>) -> Result<ZoneRoutes, AppError> {
        let dir = self.directory();
        let zone = dir
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        let table = &dir.routes;
        let mut ports: Vec<PortRoutes> = dir
            .catalog
            .ports
            .iter()
            .filter(|p| kind.is_none_or(|k| p.kind.code() == k))
            .map(|port| {
                let best = |o| table.route(zone.id, &zone.fields.name_zh, port.id, o);
                let (fastest, cheapest) = (best(Objective::Hours), best(Objective::Cost));
                let unavailable = fastest.as_ref().err().copied();
                PortRoutes {
                    coastal_economic_zone: dir
                        .catalog
                        .province(&port.province_code)
                        .and_then(|p| p.coastal_economic_zone.clone()),
                    port: port.clone(),
                    fastest: fastest.ok(),
                    cheapest: cheapest.ok(),
                    unavailable,
                    unavailable_zh: unavailable.map(|r| r.message_zh().to_owned()),
                }
            })
            .collect();
        ports.sort_by_key(|p| {
            (
                p.fastest.is_none(),
                p.fastest.as_ref().map(|r| r.totals.hours_tenths),
                p.port.id,
            )
        });
        Ok(ZoneRoutes {
            zone_id: zone.id,
            zone_name_zh: zone.fields.name_zh.clone(),
            location: zone.fields.location,
            ports,
        })
    }

    /// One zone's best route to one port; no route is a refusal naming `port_id`.
    pub fn zone_route(
        &self,
        zone_id: i64,
        port_id: i64,
        objective: Objective,
    ) -> Result<Route, AppError> {
        let dir = self.directory();
        let zone = dir
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        dir.catalog
            .port(port_id)
            .ok_or(AppError::NotFound { entity: "port" })?;
        dir.routes
            .route(zone.id, &zone.fields.name_zh, port_id, objective)
            .map_err(|reason| no_route("port_id", reason))
    }

    /// Adds a link to the network (ministry).
    pub async fn add_logistics_link(
        &self,
        ctx: &Context,
        input: &LinkInput,
    ) -> Result<Link, AppError> {
        self.write_link(ctx, None, input).await
    }

    /// Replaces a link's figures (ministry).
    pub async fn update_logistics_link(
        &self,
        ctx: &Context,
        id: i64,
        input: &LinkInput,
    ) -> Result<Link, AppError> {
        self.write_link(ctx, Some(id), input).await
    }

    async fn write_link(
        &self,
        ctx: &Context,
        id: Option<i64>,
        input: &LinkInput,
    ) -> Result<Link, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let keeper = actor.network_keeper().ok_or(AppError::Forbidden)?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let before = match id {
            Some(id) => Some(tx.logistics_link(id).await?),
            None => None,
        };
        let nodes = tx.logistics_nodes().await?;
        let mut link = input.check(&nodes).map_err(AppError::Invalid)?;
        let action = match before {
            Some(ref old) => {
                link.id = old.id;
                tx.update_logistics_link(&link, now).await?;
                "logistics.link.update"
            }
            None => {
                link.id = tx.insert_logistics_link(&link, now).await?;
                "logistics.link.add"
            }
        };
        let mut record = Record::new(action, Entity::LogisticsLink, link.id).after(&link);
        if let Some(old) = &before {
            record = record.before(old);
        }
        tx.finish(record).await?;
        self.reload_directory().await?;
        Ok(link)
    }

    /// Removes a link (ministry).
    pub async fn delete_logistics_link(&self, ctx: &Context, id: i64) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let keeper = actor.network_keeper().ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let before = tx.logistics_link(id).await?;
        tx.delete_logistics_link(id).await?;
        tx.finish(Record::new("logistics.link.delete", Entity::LogisticsLink, id).before(&before))
            .await?;
        self.reload_directory().await?;
        Ok(())
    }

    /// Adds a port and the network node it stands at (ministry); it has no routes until a
    /// link joins it.
    pub async fn add_port(&self, ctx: &Context, input: &PortInput) -> Result<Node, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let keeper = actor.network_keeper().ok_or(AppError::Forbidden)?;
        let checked = input
            .check(&self.directory().catalog)
            .map_err(AppError::Invalid)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let mut port = Port {
            id: 0,
            name_zh: checked.name_zh,
            name_en: checked.name_en,
            province_code: checked.province_code,
            kind: checked.kind,
            location: checked.location,
        };
        port.id = tx.upsert_port(&port).await?;
        let node_id = tx
            .insert_logistics_node(&NewNode {
                name_zh: &port.name_zh,
                province_code: &port.province_code,
                location: port.location,
                port_id: Some(port.id),
            })
            .await?;
        tx.finish(
            Record::new("logistics.port.add", Entity::Port, port.id)
                .after(&port)
                .also(Entity::Logistics, node_id),
        )
        .await?;
        self.reload_directory().await?;
        Ok(Node {
            id: node_id,
            name_zh: port.name_zh,
            province_code: port.province_code,
            location: port.location,
            port_id: Some(port.id),
        })
    }
}

impl App {
    pub async fn clearance_agreements(&self) -> Result<Vec<ClearanceAgreement>, AppError> {
        Ok(self.store.clearance_agreements().await?)
    }

    /// Records a clearance-cooperation agreement (ministry).
    pub async fn add_clearance_agreement(
        &self,
        ctx: &Context,
        input: &ClearanceInput,
    ) -> Result<ClearanceAgreement, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let keeper = actor.network_keeper().ok_or(AppError::Forbidden)?;
        let mut agreement = input
            .check(&self.directory().catalog)
            .map_err(AppError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        agreement.id = tx.insert_clearance_agreement(&agreement, now).await?;
        tx.finish(
            Record::new(
                "logistics.clearance.add",
                Entity::ClearanceAgreement,
                agreement.id,
            )
            .after(&agreement),
        )
        .await?;
        Ok(agreement)
    }
}

/// The modes a route travels, as the page writes them (`公路 → 铁路`).
pub fn modes_zh(route: &Route) -> String {
    route
        .modes()
        .iter()
        .map(|m: &Mode| m.name_zh())
        .collect::<Vec<_>>()
        .join(" → ")
}
