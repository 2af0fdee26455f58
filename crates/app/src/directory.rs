//! The zone directory's read model: every zone with its derived fields, and the reference
//! catalog, held in memory and swapped whole when the database changes.

use crate::{App, AppError};
use gowest_domain::change::Entity;
use gowest_domain::demand::RelocationDemand;
use gowest_domain::enterprise::Enterprise;
use gowest_domain::logistics::route::{Graph, RouteTable};
use gowest_domain::matching::{HoursTable, MatchIndex, MatchRules};
use gowest_domain::project::InvestmentProject;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::ZoneQuery;
use gowest_store::Store;
use gowest_store::demands::DemandSet;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::Ordering;

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

    /// Reloads the snapshot from the database, and brings the search index in step.
    pub async fn reload_directory(&self) -> Result<(), AppError> {
        // Read first: an event committed while loading is read again by the next refresh.
        let newest = self.store.last_event_id().await?;
        let fresh = Arc::new(Directory::load(&self.store).await?);
        match self.directory.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        self.seen.fetch_max(newest, Ordering::AcqRel);
        // Index commits block on disk; keep them off the async workers.
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.sync_search())
            .await
            .map_err(|e| AppError::Search(format!("search sync task: {e}")))??;
        Ok(())
    }

    /// The newest event this instance has brought its read models up to: caches of data
    /// that other instances write are keyed on it.
    pub(crate) fn events_seen(&self) -> i64 {
        self.seen.load(Ordering::Acquire)
    }

    /// Reads the events committed since the last call (by another instance or a CLI
    /// command) and brings the read models in step: the directory and search index are
    /// reloaded only when an event is about what they hold; every other cache is keyed on
    /// [`events_seen`](Self::events_seen). Returns whether there were new events.
    pub async fn refresh_if_changed(&self) -> Result<bool, AppError> {
        let mut read_any = false;
        loop {
            let after = self.events_seen();
            let events = self.store.events_after(after, EVENT_BATCH).await?;
            let Some(last) = events.last().map(|e| e.id) else {
                return Ok(read_any);
            };
            read_any = true;
            if events.iter().any(|e| shapes_directory(e.entity)) {
                self.reload_directory().await?;
            }
            self.seen.fetch_max(last, Ordering::AcqRel);
            if events.len() < EVENT_BATCH as usize {
                return Ok(true);
            }
        }
    }
}

/// How many events one read of the log takes.
const EVENT_BATCH: i64 = 1_000;

/// Whether a change to `entity` can change the directory snapshot or the search index
/// (zones, the reference catalogue, projects, demands, enterprises, certified technicians,
/// the logistics network). Every kind is named, so a new one must be decided here.
fn shapes_directory(entity: Entity) -> bool {
    use Entity::*;
    match entity {
        Zone | Reference | Project | Demand | Enterprise | Demo | Trainee | TrainingClass
        | Logistics | LogisticsLink | Port | ClearanceAgreement | Organisation => true,
        Agreement
        | ApiToken
        | AuditLog
        | ClassSurvey
        | Distributor
        | Event
        | EventRegistration
        | FarmDeal
        | FarmOffer
        | FundApplication
        | FundProgramme
        | Grant
        | LabourBase
        | LabourProject
        | ManagerCourse
        | ManagerEnrolment
        | Market
        | Meeting
        | Milestone
        | MinistryClass
        | MinistryClassEnrolment
        | OutsourcingBase
        | OutsourcingDemand
        | OverseasProject
        | Park
        | PipelineRecord
        | PriceReport
        | Problem
        | PromotionEvent
        | RecyclingPilot
        | RuralStation
        | Session
        | Settings
        | Target
        | StatisticalReturn
        | TrainingPlan
        | TrainingTarget
        | User => false,
    }
}
