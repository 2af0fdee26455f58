//! Roster imports as background jobs, so that a page can show a progress bar: the upload
//! records a job and answers at once; the import runs in a task of this instance, counting
//! rows validated and written; a poll reads the job.
//!
//! The job's state lives in the database (migration 0011), renewed every half second, so a
//! poll answered by another instance sees it. While the job runs here, the poll reads the
//! live counters instead: SQLite lets one writer at a time, and the import's transaction holds
//! that while it writes, so the database row cannot move until it commits.

use crate::audit::Context;
use crate::zones::Progress;
use crate::{App, AppError};
use gowest_domain::access::{Actor, TrainingKeeper};
use gowest_domain::training;
use gowest_store::training::StoredImportJob;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often a running job's row is renewed.
const BEAT: Duration = Duration::from_millis(500);
/// A running job whose row has not been renewed for this long lost its instance: its
/// transaction never committed, so nothing of it was written.
const STALE_AFTER_SECONDS: i64 = 30;

/// The counters of a job running on this instance.
#[derive(Debug, Default)]
pub struct LiveJob {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress for LiveJob {
    fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn advance(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
}

/// The jobs running on this instance.
#[derive(Debug, Default, Clone)]
pub(crate) struct LiveJobs(Arc<Mutex<HashMap<i64, Arc<LiveJob>>>>);

impl LiveJobs {
    fn get(&self, id: i64) -> Option<Arc<LiveJob>> {
        self.0.lock().ok()?.get(&id).cloned()
    }

    fn insert(&self, id: i64, job: Arc<LiveJob>) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.insert(id, job);
        }
    }

    fn remove(&self, id: i64) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.remove(&id);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    /// Every row registered.
    Done,
    /// The file or some of its rows were refused; nothing was registered.
    Refused,
    /// The server failed; nothing was registered.
    Failed,
    /// The instance running it stopped; nothing was registered.
    Interrupted,
}

impl JobState {
    pub fn finished(self) -> bool {
        self != JobState::Running
    }

    pub fn code(self) -> &'static str {
        match self {
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Refused => "refused",
            JobState::Failed => "failed",
            JobState::Interrupted => "interrupted",
        }
    }
}

/// A roster import as its uploader sees it. Progress counts rows twice: once validated, once
/// written (`done` of `total`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportJobView {
    pub id: i64,
    pub zone_id: i64,
    pub file_name: String,
    pub state: JobState,
    pub done: u64,
    pub total: u64,
    /// Trainees registered (when done).
    pub registered: u64,
    /// Why the file was refused, row and column named.
    pub problems: Vec<String>,
}

impl ImportJobView {
    /// Whole per cent done, 100 once finished.
    pub fn percent(&self) -> u64 {
        match (self.state, self.total) {
            (JobState::Done, _) => 100,
            (_, 0) => 0,
            (_, total) => (self.done.min(total) * 100) / total,
        }
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl App {
    /// Starts importing a roster into a zone's registry in the background (see
    /// [`App::import_roster`]) and returns the job's id at once. The job writes with the
    /// starting user's right over the zone, as that user.
    pub async fn start_roster_import(
        &self,
        ctx: &Context,
        zone_id: i64,
        file_name: String,
        bytes: Vec<u8>,
    ) -> Result<i64, AppError> {
        let keeper = ctx
            .actor
            .as_ref()
            .and_then(|actor| actor.training_keeper(zone_id))
            .ok_or(AppError::Forbidden)?;
        let id = self
            .store
            .start_import_job(zone_id, Some(keeper.by()), &file_name, self.clock.now())
            .await?;
        let live = Arc::new(LiveJob::default());
        self.live_jobs.insert(id, live.clone());
        let (app, ctx) = (self.clone(), ctx.clone());
        tokio::spawn(async move {
            app.run_import_job(id, keeper, ctx, file_name, bytes, live)
                .await;
        });
        Ok(id)
    }

    async fn run_import_job(
        &self,
        id: i64,
        keeper: TrainingKeeper,
        ctx: Context,
        file_name: String,
        bytes: Vec<u8>,
        live: Arc<LiveJob>,
    ) {
        let beat = {
            let (app, live) = (self.clone(), live.clone());
            tokio::spawn(async move {
                let mut ticks = tokio::time::interval(BEAT);
                loop {
                    ticks.tick().await;
                    let (done, total) = (
                        live.done.load(Ordering::Relaxed),
                        live.total.load(Ordering::Relaxed),
                    );
                    let now = app.clock.now();
                    let to_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
                    if let Err(error) = app
                        .store
                        .beat_import_job(id, to_i64(done), to_i64(total), now)
                        .await
                    {
                        tracing::warn!(job = id, %error, "roster import heartbeat not written");
                    }
                }
            })
        };
        let outcome = self
            .import_roster_as(&keeper, &ctx, keeper.zone_id(), &file_name, &bytes, &*live)
            .await;
        beat.abort();
        let (state, registered, problems) = match outcome {
            Ok(n) => ("done", n, Vec::new()),
            Err(AppError::RowsRejected(rows)) => {
                ("refused", 0, rows.iter().map(ToString::to_string).collect())
            }
            Err(AppError::File(message)) => ("refused", 0, vec![message]),
            Err(AppError::TooLarge(refused)) => ("refused", 0, vec![refused.to_string()]),
            Err(AppError::Invalid(v)) => (
                "refused",
                0,
                v.0.iter()
                    .map(|f| format!("{}: {} / {}", f.field, f.message_zh, f.message_en))
                    .collect(),
            ),
            Err(error) => {
                tracing::error!(job = id, %error, "roster import failed");
                ("failed", 0, Vec::new())
            }
        };
        let problems = serde_json::Value::from(problems).to_string();
        let registered = i64::try_from(registered).unwrap_or(i64::MAX);
        let to_i64 = |n: &AtomicU64| i64::try_from(n.load(Ordering::Relaxed)).unwrap_or(i64::MAX);
        let counts = (to_i64(&live.done), to_i64(&live.total));
        if let Err(error) = self
            .store
            .finish_import_job(id, state, registered, &problems, counts, self.clock.now())
            .await
        {
            tracing::error!(job = id, %error, "roster import outcome not written");
        }
        self.live_jobs.remove(id);
    }

    /// A roster import, for those who may read its zone's trainees (to others it does not
    /// exist).
    pub async fn roster_import_job(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<ImportJobView, AppError> {
        let missing = AppError::NotFound {
            entity: "roster import",
        };
        let Some(job) = self.store.import_job(id).await? else {
            return Err(missing);
        };
        let directory = self.directory();
        let zone = directory.zone(job.zone_id).ok_or(AppError::NotFound {
            entity: "roster import",
        })?;
        if !training::reads_trainees(&actor.scope(), job.zone_id, &zone.fields.province_code) {
            return Err(missing);
        }
        self.job_view(job)
    }

    fn job_view(&self, job: StoredImportJob) -> Result<ImportJobView, AppError> {
        let live = self.live_jobs.get(job.id);
        let state = match job.state.as_str() {
            "done" => JobState::Done,
            "refused" => JobState::Refused,
            "failed" => JobState::Failed,
            _ if live.is_none()
                && (self.clock.now() - job.heartbeat_at).num_seconds() > STALE_AFTER_SECONDS =>
            {
                JobState::Interrupted
            }
            _ => JobState::Running,
        };
        let (done, total) = match (&live, state) {
            (Some(live), JobState::Running) => (
                live.done.load(Ordering::Relaxed),
                live.total.load(Ordering::Relaxed),
            ),
            _ => (count(job.done), count(job.total)),
        };
        // Unreadable stored problems are a corrupt row, not "no problems".
        let problems = serde_json::from_str(&job.problems).map_err(|e| {
            AppError::Store(gowest_store::StoreError::corrupt(
                "training_import_jobs",
                format!("job {}: problems: {e}", job.id),
            ))
        })?;
        Ok(ImportJobView {
            id: job.id,
            zone_id: job.zone_id,
            file_name: job.file_name,
            state,
            done,
            total,
            registered: count(job.registered),
            problems,
        })
    }
}
