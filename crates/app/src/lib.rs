//! Use-cases of gowest. Each one checks its input, does the work in one transaction,
//! writes the change log and commits; the web and CLI layers call nothing else.

pub mod error;

pub mod accounts;
pub mod api_tokens;
pub mod audit;
pub mod audit_sheet;
pub mod auth;
pub mod bounded_sheet;
pub mod cells;
pub mod cooperation;
pub mod cooperation_sheet;
pub mod demands;
/// Demo data for `serve --demo` and the tests: the operator's, never the web's.
#[cfg(feature = "operator")]
pub mod demo;
pub mod directory;
pub mod distributors;
pub mod enterprises;
pub mod events;
pub mod farm_trade;
pub mod farm_trade_sheet;
pub mod funds;
pub mod funds_data;
pub mod funds_sheet;
mod keyed_sheet;
pub mod labour;
pub mod logistics;
pub mod markets;
pub mod matching;
pub mod outsourcing;
pub mod pipeline;
pub mod pipeline_funds;
pub mod pipeline_review;
pub mod pipeline_sheet;
pub mod prices;
pub mod prices_overview;
pub mod prices_sheet;
pub mod project_sheet;
pub mod projects;
pub mod recycling;
pub mod reference;
pub mod register;
pub mod register_sheet;
pub mod registration;
pub mod returns;
pub mod returns_sheet;
pub mod rural;
pub mod search;
mod search_docs;
mod search_page;
pub mod stats;
pub mod targets;
pub mod targets_sheet;
pub mod todos;
pub mod totp;
pub mod training;
pub mod training_classes;
pub mod training_jobs;
pub mod training_managers;
pub mod training_subsidy;
pub mod write;
pub mod zone_profile;
pub mod zone_sheet;
pub mod zones;

pub use error::AppError;
pub use gowest_store::{Backend, Store};

use audit::AuditKey;
use directory::Directory;
use gowest_domain::clock::{Clock, SystemClock};
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, RwLock};

/// The application: the store, the clock, and the in-memory read models. A handle: every
/// request clones it (router state, middleware, extractors), so a clone is one reference
/// count, not one per part (cloning the parts cost a quarter of a cached page's time).
#[derive(Clone)]
pub struct App(Arc<Parts>);

/// What an [`App`] holds; reached through `Deref`, private to this crate.
pub struct Parts {
    store: Store,
    clock: Arc<dyn Clock>,
    audit_key: AuditKey,
    directory: Arc<RwLock<Arc<Directory>>>,
    search: Arc<search::Search>,
    prices: Arc<prices::SeriesCache>,
    price_overview: Arc<prices_overview::OverviewCache>,
    market_list: Arc<markets::MarketList>,
    live_jobs: training_jobs::LiveJobs,
    /// The newest domain event the read models reflect (see `directory::refresh_if_changed`).
    seen: AtomicI64,
}

impl std::ops::Deref for App {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl App {
    /// Migrates the database, loads reference data if it is new, and builds the read models.
    pub async fn start(store: Store, audit_key: AuditKey) -> Result<App, AppError> {
        App::start_with_clock(store, audit_key, Arc::new(SystemClock)).await
    }

    /// Starts with the search index in memory, built from the database.
    pub async fn start_with_clock(
        store: Store,
        audit_key: AuditKey,
        clock: Arc<dyn Clock>,
    ) -> Result<App, AppError> {
        App::start_with_search(store, audit_key, clock, search::SearchPlace::Memory).await
    }

    /// Starts with the search index where `place` says, brought in step with the database.
    pub async fn start_with_search(
        store: Store,
        audit_key: AuditKey,
        clock: Arc<dyn Clock>,
        place: search::SearchPlace,
    ) -> Result<App, AppError> {
        store.migrate().await?;
        reference::ensure_loaded(&store, &audit_key, clock.now()).await?;
        funds_data::ensure_loaded(&store, &audit_key, clock.now()).await?;
        logistics::ensure_loaded(&store, &audit_key, clock.now()).await?;
        targets::ensure_loaded(&store, &audit_key, clock.now()).await?;
        totp::seal_plain_secrets(&store, &audit_key, clock.now()).await?;
        let seen = store.last_event_id().await?;
        let directory = Directory::load(&store).await?;
        let search = search::Search::open(place)?;
        let app = App(Arc::new(Parts {
            store,
            clock,
            audit_key,
            directory: Arc::new(RwLock::new(Arc::new(directory))),
            search,
            prices: Arc::default(),
            price_overview: Arc::default(),
            market_list: Arc::default(),
            live_jobs: training_jobs::LiveJobs::default(),
            seen: AtomicI64::new(seen),
        }));
        app.sync_search()?;
        Ok(app)
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Checks that the database answers, for readiness probes.
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store.ping().await?)
    }

    pub async fn schema_version(&self) -> Result<i64, AppError> {
        Ok(self.store.schema_version().await?)
    }

    /// A consistent copy of a live SQLite database.
    pub async fn backup(&self, target: &std::path::Path) -> Result<(), AppError> {
        if target.exists() {
            return Err(AppError::TargetExists(target.to_path_buf()));
        }
        Ok(self.store.backup_to(target).await?)
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
