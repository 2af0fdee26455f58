//! The zone directory's read model: every zone with its derived fields, and the reference
//! catalog, held in memory and swapped whole when the database changes.

use crate::{App, AppError};
use gowest_domain::demand::RelocationDemand;
use gowest_domain::enterprise::Enterprise;
use gowest_domain::logistics::route::{Graph, RouteTable};
use gowest_domain::matching::{HoursTable, MatchIndex, MatchRules};
use gowest_domain::project::InvestmentProject;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::ZoneQuery;
use gowest_store::Store;
use gowest_store::change_log::ChangeMark;
use gowest_store::demands::DemandSet;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub struct Directory {
    pub catalog: ReferenceCatalog,
    pub zones: Vec<ListedZone>,
    zone_positions: HashMap<i64, usize>,
    /// Every investment project, newest change first.
    pub projects: Vec<InvestmentProject>,
    /// Published relocation demands, newest change first.
    pub demands: Vec<RelocationDemand>,
    pub enterprises: HashMap<i64, Enterprise>,
    /// Zones prepared for matching demands against them.
    pub matching: MatchIndex,
    /// Every zone's best routes to every port over the logistics network.
    pub routes: RouteTable,
    /// Hours from every zone to every port (the fastest route's), computed once per
    /// snapshot, so that matching follows the network and changes when it changes.
    pub hours: HoursTable,
    pub(crate) mark: ChangeMark,
    /// Rendered JSON pages of this snapshot, by query; dropped with the snapshot, so a
    /// change in the database can never be answered with a stale page.
    pub(crate) json_pages: quick_cache::sync::Cache<ZoneQuery, bytes::Bytes>,
}

/// How many distinct rendered pages a snapshot keeps.
const JSON_PAGES: usize = 2048;

/// A zone with its JSON rendering, made once per snapshot instead of once per request.
pub struct ListedZone {
    pub zone: Zone,
    pub json: Box<str>,
}

impl AsRef<Zone> for ListedZone {
    fn as_ref(&self) -> &Zone {
        &self.zone
    }
}

impl Directory {
    pub(crate) async fn load(store: &Store) -> Result<Directory, AppError> {
        // Read the mark first: a change committed while loading triggers another refresh.
        let mark = store.change_mark().await?;
        let catalog = ReferenceCatalog::new(
            store.provinces().await?,
            store.industries().await?,
            store.ports().await?,
        );
        let zones = store
            .all_zones()
            .await?
            .into_iter()
            .map(|z| {
                let id = z.id;
                let zone = Zone::derive(z.id, z.fields, z.updated_at, &catalog).ok_or(
                    AppError::Store(gowest_store::StoreError::corrupt(
                        "zones",
                        format!("province of zone {id}"),
                    )),
                )?;
                let json = serde_json::to_string(&zone)
                    .map_err(|e| AppError::Internal(format!("zone {id} as JSON: {e}")))?
                    .into_boxed_str();
                Ok(ListedZone { zone, json })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let zone_positions = zones
            .iter()
            .enumerate()
            .map(|(i, l)| (l.zone.id, i))
            .collect();
        let enterprises = store
            .enterprises()
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        // Trained, certified technicians are labour a relocating enterprise can hire.
        let mut certified: BTreeMap<i64, BTreeMap<String, u32>> = BTreeMap::new();
        for (zone, occupation, n) in store.certified_technicians().await? {
            certified
                .entry(zone)
                .or_default()
                .insert(occupation, u32::try_from(n).unwrap_or(u32::MAX));
        }
        let matching = MatchIndex::new(&zones, &catalog, MatchRules::default())
            .with_certified_technicians(&certified);
        let graph = Graph::new(
            store.logistics_nodes().await?,
            store.logistics_links().await?,
        );
        let routes = RouteTable::new(
            graph,
            zones
                .iter()
                .filter_map(|l| Some((l.zone.id, l.zone.fields.location?))),
        );
        let hours = HoursTable::new(&matching, &routes);
        Ok(Directory {
            matching,
            routes,
            hours,
            catalog,
            zones,
            zone_positions,
            projects: store.projects().await?,
            demands: store.demands(DemandSet::Published).await?,
            enterprises,
            mark,
            json_pages: quick_cache::sync::Cache::new(JSON_PAGES),
        })
    }

    pub fn zone(&self, id: i64) -> Option<&Zone> {
        self.zone_positions
            .get(&id)
            .and_then(|&i| self.zones.get(i))
            .map(|l| &l.zone)
    }
}

impl App {
    /// The current snapshot; cheap (one `Arc` clone), never blocks on the database.
    pub fn directory(&self) -> Arc<Directory> {
        match self.directory.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Reloads the snapshot from the database.
    /// Reloads the snapshot from the database, and brings the search index in step.
    pub async fn reload_directory(&self) -> Result<(), AppError> {
        let fresh = Arc::new(Directory::load(&self.store).await?);
        match self.directory.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        // Index commits block on disk; keep them off the async workers.
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.sync_search())
            .await
            .map_err(|e| AppError::Search(format!("search sync task: {e}")))??;
        Ok(())
    }

    /// Reloads when another instance (or a CLI import) changed the database.
    /// Returns whether it reloaded.
    pub async fn refresh_if_changed(&self) -> Result<bool, AppError> {
        let mark = self.store.change_mark().await?;
        if mark == self.directory().mark {
            return Ok(false);
        }
        self.reload_directory().await?;
        Ok(true)
    }
}
