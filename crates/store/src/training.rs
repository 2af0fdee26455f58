//! Training programmes: national targets, zone quotas, annual plans, the trainee registry
//! (身份证号 only as keyed digest and masked form) and its zone×month progress counts.

use crate::db::{on_pool, on_tx};
use crate::zones::placeholders;
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashSet};

/// Rows per multi-row INSERT: 12 parameters each stays far below both backends' limits.
const TRAINEE_BATCH: usize = 1_000;
/// Digests per `IN (…)` lookup.
const DIGEST_BATCH: usize = 2_000;

/// A trainee ready to store: the 身份证号 already reduced to digest and mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrainee {
    pub name: String,
    pub id_digest: String,
    pub id_masked: String,
    pub occupation: String,
    pub course: String,
    pub completed_on: NaiveDate,
    pub exam_result: String,
    pub certificate_no: Option<String>,
    pub certificate_level: Option<String>,
}

impl NewTrainee {
    pub fn certified(&self) -> bool {
        self.certificate_no.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredTrainee {
    pub id: i64,
    pub zone_id: i64,
    pub name: String,
    pub id_masked: String,
    pub occupation: String,
    pub course: String,
    pub completed_on: NaiveDate,
    pub exam_result: String,
    pub certificate_no: Option<String>,
    pub certificate_level: Option<String>,
}

/// Which trainees a listing covers (the caller's scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraineeFilter {
    All,
    Province(String),
    Zone(i64),
}

/// Progress counts of one zone in one month, with the zone's province.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgressCount {
    pub zone_id: i64,
    pub province_code: String,
    pub month: String,
    pub trained: i64,
    pub certified: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredPlan {
    pub id: i64,
    pub zone_id: i64,
    pub year: i64,
    pub lines: String,
    pub institution: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub budget_fen: i64,
    pub status: String,
    pub reason: Option<String>,
}

const TRAINEE_COLUMNS: &str = "t.id, t.zone_id, t.name, t.id_masked, t.occupation, t.course, \
    t.completed_on, t.exam_result, t.certificate_no, t.certificate_level";
const PLAN_COLUMNS: &str = "id, zone_id, year, lines, institution, starts_on, ends_on, \
    budget_fen, status, reason";

fn filter_sql(filter: &TraineeFilter) -> &'static str {
    match filter {
        TraineeFilter::All => "",
        TraineeFilter::Province(_) => " WHERE z.province_code = $1",
        TraineeFilter::Zone(_) => " WHERE t.zone_id = $1",
    }
}

impl Store {
    /// The ministry's target for `year`, if it set one: (central, west).
    pub async fn training_target(&self, year: i32) -> Result<Option<(i64, i64)>> {
        let sql = "SELECT central, west FROM training_targets WHERE year = $1";
        Ok(on_pool!(self, |p| sqlx::query_as(sql)
            .bind(i64::from(year))
            .fetch_optional(p)
            .await?))
    }

    /// Each zone's quota for `year`.
    pub async fn training_quotas(&self, year: i32) -> Result<Vec<(i64, i64)>> {
        let sql = "SELECT zone_id, quota FROM training_quotas WHERE year = $1 ORDER BY zone_id";
        Ok(on_pool!(self, |p| sqlx::query_as(sql)
            .bind(i64::from(year))
            .fetch_all(p)
            .await?))
    }

    pub async fn training_plan(&self, zone_id: i64, year: i32) -> Result<Option<StoredPlan>> {
        let sql =
            format!("SELECT {PLAN_COLUMNS} FROM training_plans WHERE zone_id = $1 AND year = $2");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(zone_id)
            .bind(i64::from(year))
            .fetch_optional(p)
            .await?))
    }

    /// The plans of `year`, for reviewers.
    pub async fn training_plans(&self, year: i32) -> Result<Vec<StoredPlan>> {
        let sql = format!("SELECT {PLAN_COLUMNS} FROM training_plans WHERE year = $1 ORDER BY id");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(i64::from(year))
            .fetch_all(p)
            .await?))
    }

    /// Which of `digests` are already registered.
    pub async fn registered_digests(&self, digests: &[String]) -> Result<HashSet<String>> {
        let mut found = HashSet::new();
        for chunk in digests.chunks(DIGEST_BATCH) {
            let sql = format!(
                "SELECT id_digest FROM trainees WHERE id_digest IN {}",
                placeholders(self.backend(), 1, chunk.len())
            );
            let rows: Vec<(String,)> = on_pool!(self, |p| {
                let mut query = sqlx::query_as(&sql);
                for d in chunk {
                    query = query.bind(d);
                }
                query.fetch_all(p).await?
            });
            found.extend(rows.into_iter().map(|(d,)| d));
        }
        Ok(found)
    }

    /// A page of trainees within `filter`, newest first, and how many there are in all.
    pub async fn trainees(
        &self,
        filter: &TraineeFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StoredTrainee>, i64)> {
        let from = format!(
            "FROM trainees t JOIN zones z ON z.id = t.zone_id{}",
            filter_sql(filter)
        );
        let list_sql = format!(
            "SELECT {TRAINEE_COLUMNS} {from} ORDER BY t.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let count_sql = format!("SELECT COUNT(*) {from}");
        Ok(on_pool!(self, |p| {
            let (mut list, mut count) = (sqlx::query_as(&list_sql), sqlx::query_as(&count_sql));
            match filter {
                TraineeFilter::All => {}
                TraineeFilter::Province(code) => {
                    list = list.bind(code.clone());
                    count = count.bind(code.clone());
                }
                TraineeFilter::Zone(id) => {
                    list = list.bind(*id);
                    count = count.bind(*id);
                }
            }
            let rows: Vec<StoredTrainee> = list.fetch_all(p).await?;
            let (n,): (i64,) = count.fetch_one(p).await?;
            (rows, n)
        }))
    }

    /// The zone×month counts of every zone, with its province.
    pub async fn training_progress(&self) -> Result<Vec<ProgressCount>> {
        let sql = "SELECT g.zone_id, z.province_code, g.month, g.trained, g.certified \
            FROM training_progress g JOIN zones z ON z.id = g.zone_id ORDER BY g.zone_id, g.month";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// Certified technicians per zone and occupation code over all years (zones with none
    /// left out), from the maintained figures, not the ID-protected trainee rows.
    pub async fn certified_technicians(&self) -> Result<Vec<(i64, String, i64)>> {
        let sql = "SELECT zone_id, occupation, certified FROM training_certified \
            ORDER BY zone_id, occupation";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// The zone×month counts of the months of one programme year.
    pub async fn training_progress_of_year(&self, year: i32) -> Result<Vec<ProgressCount>> {
        let sql = "SELECT g.zone_id, z.province_code, g.month, g.trained, g.certified \
            FROM training_progress g JOIN zones z ON z.id = g.zone_id \
            WHERE g.month >= $1 AND g.month <= $2 ORDER BY g.zone_id, g.month";
        Ok(on_pool!(self, |p| sqlx::query_as(sql)
            .bind(format!("{year:04}-01"))
            .bind(format!("{year:04}-12"))
            .fetch_all(p)
            .await?))
    }

    /// A zone's certified trainees per certificate level, trained between `from` and `to`
    /// (inclusive).
    pub async fn certified_by_level(
        &self,
        zone_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, i64)>> {
        let sql = "SELECT certificate_level, COUNT(*) FROM trainees \
            WHERE zone_id = $1 AND certificate_level IS NOT NULL \
            AND completed_on >= $2 AND completed_on <= $3 \
            GROUP BY certificate_level ORDER BY certificate_level";
        Ok(on_pool!(self, |p| sqlx::query_as(sql)
            .bind(zone_id)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?))
    }

    /// The same counts straight from the trainee rows (for checks that they agree).
    pub async fn training_progress_recount(&self) -> Result<Vec<ProgressCount>> {
        let sql = "SELECT t.zone_id, z.province_code, t.month, COUNT(*) AS trained, \
            SUM(CASE WHEN t.certificate_no IS NULL THEN 0 ELSE 1 END) AS certified \
            FROM trainees t JOIN zones z ON z.id = t.zone_id \
            GROUP BY t.zone_id, z.province_code, t.month ORDER BY t.zone_id, t.month";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }
}

/// What a retention erasure leaves of a trainee's name and certificate number.
pub const ERASED: &str = "（已按保存期限删除）";

impl Tx {
    /// Erases the name and certificate number of every trainee trained before `before` and
    /// not yet erased; returns how many.
    pub async fn erase_trainees_before(
        &mut self,
        before: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let sql = "UPDATE trainees SET name = $1, \
            certificate_no = CASE WHEN certificate_no IS NULL THEN NULL ELSE $1 END, \
            erased_at = $2 WHERE completed_on < $3 AND erased_at IS NULL";
        Ok(on_tx!(self, |c| sqlx::query(sql)
            .bind(ERASED)
            .bind(now)
            .bind(before)
            .execute(&mut *c)
            .await?
            .rows_affected()))
    }

    pub async fn set_training_target(
        &mut self,
        year: i32,
        central: i64,
        west: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO training_targets (year, central, west, updated_at) \
            VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO UPDATE SET central = excluded.central, \
            west = excluded.west, updated_at = excluded.updated_at";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(i64::from(year))
            .bind(central)
            .bind(west)
            .bind(now)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Replaces the quotas of `year`.
    pub async fn set_training_quotas(&mut self, year: i32, quotas: &[(i64, i64)]) -> Result<()> {
        let delete = "DELETE FROM training_quotas WHERE year = $1";
        on_tx!(self, |c| sqlx::query(delete)
            .bind(i64::from(year))
            .execute(&mut *c)
            .await?
            .rows_affected());
        let insert = "INSERT INTO training_quotas (year, zone_id, quota) VALUES ($1, $2, $3)";
        for (zone_id, quota) in quotas {
            on_tx!(self, |c| sqlx::query(insert)
                .bind(i64::from(year))
                .bind(*zone_id)
                .bind(*quota)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        Ok(())
    }

    pub async fn training_plan_for_update(
        &mut self,
        zone_id: i64,
        year: i32,
    ) -> Result<Option<StoredPlan>> {
        let sql =
            format!("SELECT {PLAN_COLUMNS} FROM training_plans WHERE zone_id = $1 AND year = $2");
        Ok(on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(zone_id)
            .bind(i64::from(year))
            .fetch_optional(&mut *c)
            .await?))
    }

    /// Writes a zone's plan of a year (its content and status), returning its id.
    pub async fn save_training_plan(
        &mut self,
        plan: &StoredPlan,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO training_plans (zone_id, year, lines, institution, starts_on, \
            ends_on, budget_fen, status, reason, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
            ON CONFLICT (zone_id, year) DO UPDATE SET lines = excluded.lines, \
            institution = excluded.institution, starts_on = excluded.starts_on, \
            ends_on = excluded.ends_on, budget_fen = excluded.budget_fen, \
            status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at \
            RETURNING id";
        let (id,): (i64,) = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(plan.zone_id)
            .bind(plan.year)
            .bind(&plan.lines)
            .bind(&plan.institution)
            .bind(plan.starts_on)
            .bind(plan.ends_on)
            .bind(plan.budget_fen)
            .bind(&plan.status)
            .bind(&plan.reason)
            .bind(now)
            .fetch_one(&mut *c)
            .await?);
        Ok(id)
    }

    /// Inserts trainees of one zone in multi-row statements and adds them to the zone×month
    /// counts, all in this transaction. `done` is told how many rows are written so far.
    pub async fn insert_trainees(
        &mut self,
        zone_id: i64,
        trainees: &[NewTrainee],
        now: DateTime<Utc>,
        done: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<()> {
        let mut written = 0;
        for chunk in trainees.chunks(TRAINEE_BATCH) {
            let sql = format!(
                "INSERT INTO trainees (zone_id, name, id_digest, id_masked, occupation, course, \
                 completed_on, month, exam_result, certificate_no, certificate_level, created_at) \
                 VALUES {}",
                placeholders(self.backend(), chunk.len(), 12)
            );
            on_tx!(self, |c| {
                let mut query = sqlx::query(&sql);
                for t in chunk {
                    query = query
                        .bind(zone_id)
                        .bind(&t.name)
                        .bind(&t.id_digest)
                        .bind(&t.id_masked)
                        .bind(&t.occupation)
                        .bind(&t.course)
                        .bind(t.completed_on)
                        .bind(t.completed_on.format("%Y-%m").to_string())
                        .bind(&t.exam_result)
                        .bind(&t.certificate_no)
                        .bind(&t.certificate_level)
                        .bind(now);
                }
                query.execute(&mut *c).await?.rows_affected()
            });
            written += chunk.len();
            done(written);
        }
        let mut counts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for t in trainees {
            let entry = counts
                .entry(t.completed_on.format("%Y-%m").to_string())
                .or_default();
            entry.0 += 1;
            entry.1 += i64::from(t.certified());
        }
        let sql = "INSERT INTO training_progress (zone_id, month, trained, certified) \
            VALUES ($1, $2, $3, $4) ON CONFLICT (zone_id, month) DO UPDATE SET \
            trained = training_progress.trained + excluded.trained, \
            certified = training_progress.certified + excluded.certified";
        for (month, (trained, certified)) in counts {
            let affected = on_tx!(self, |c| sqlx::query(sql)
                .bind(zone_id)
                .bind(&month)
                .bind(trained)
                .bind(certified)
                .execute(&mut *c)
                .await?
                .rows_affected());
            if affected != 1 {
                return Err(StoreError::corrupt("training_progress", month));
            }
        }
        let mut by_occupation: BTreeMap<&str, i64> = BTreeMap::new();
        for t in trainees.iter().filter(|t| t.certified()) {
            *by_occupation.entry(t.occupation.as_str()).or_default() += 1;
        }
        let sql = "INSERT INTO training_certified (zone_id, occupation, certified) \
            VALUES ($1, $2, $3) ON CONFLICT (zone_id, occupation) DO UPDATE SET \
            certified = training_certified.certified + excluded.certified";
        for (occupation, certified) in by_occupation {
            on_tx!(self, |c| sqlx::query(sql)
                .bind(zone_id)
                .bind(occupation)
                .bind(certified)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        Ok(())
    }
}

/// A roster import running in the background, or its outcome.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredImportJob {
    pub id: i64,
    pub zone_id: i64,
    pub user_id: Option<i64>,
    pub file_name: String,
    pub state: String,
    pub total: i64,
    pub done: i64,
    pub registered: i64,
    /// JSON array of refusal lines.
    pub problems: String,
    pub created_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
}

const JOB_COLUMNS: &str = "id, zone_id, user_id, file_name, state, total, done, registered, \
    problems, created_at, heartbeat_at";

impl Store {
    /// Records a roster import that is about to run, returning its id.
    pub async fn start_import_job(
        &self,
        zone_id: i64,
        user_id: Option<i64>,
        file_name: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO training_import_jobs (zone_id, user_id, file_name, state, \
            created_at, heartbeat_at) VALUES ($1, $2, $3, 'running', $4, $4) RETURNING id";
        let (id,): (i64,) = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(zone_id)
            .bind(user_id)
            .bind(file_name)
            .bind(now)
            .fetch_one(p)
            .await?);
        Ok(id)
    }

    /// Renews a running job's counts and heartbeat (a finished job is left as it is).
    pub async fn beat_import_job(
        &self,
        id: i64,
        done: i64,
        total: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE training_import_jobs SET done = $2, total = $3, heartbeat_at = $4 \
            WHERE id = $1 AND state = 'running'";
        on_pool!(self, |p| sqlx::query(sql)
            .bind(id)
            .bind(done)
            .bind(total)
            .bind(now)
            .execute(p)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Writes a job's outcome: `done`, `refused` (with its problem lines) or `failed`.
    /// `done` and `total` are the job's last counts: a job may finish before its heartbeat
    /// ever wrote them.
    pub async fn finish_import_job(
        &self,
        id: i64,
        state: &str,
        registered: i64,
        problems: &str,
        (done, total): (i64, i64),
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE training_import_jobs SET state = $2, registered = $3, problems = $4, \
            total = $6, done = CASE WHEN $2 = 'done' THEN $6 ELSE $7 END, heartbeat_at = $5 \
            WHERE id = $1";
        let affected = on_pool!(self, |p| sqlx::query(sql)
            .bind(id)
            .bind(state)
            .bind(registered)
            .bind(problems)
            .bind(now)
            .bind(total)
            .bind(done)
            .execute(p)
            .await?
            .rows_affected());
        if affected != 1 {
            return Err(StoreError::NotFound {
                entity: "roster import",
            });
        }
        Ok(())
    }

    pub async fn import_job(&self, id: i64) -> Result<Option<StoredImportJob>> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM training_import_jobs WHERE id = $1");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?))
    }
}

/// A manager-training course with its enrolment counts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredCourse {
    pub id: i64,
    pub host_zone_id: i64,
    pub topic: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i64,
    pub funding_fen: i64,
    pub enrolled: i64,
    pub completed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredEnrolment {
    pub id: i64,
    pub course_id: i64,
    pub zone_id: i64,
    pub manager_name: String,
    pub position: String,
    pub days_attended: i64,
    pub completed: bool,
}

/// A course to store, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewCourse<'a> {
    pub host_zone_id: i64,
    pub topic: &'a str,
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i64,
    pub funding_fen: i64,
}

const COURSE_SELECT: &str = "SELECT c.id, c.host_zone_id, c.topic, c.title, c.starts_on, \
    c.ends_on, c.seats, c.funding_fen, \
    (SELECT COUNT(*) FROM manager_enrolments e WHERE e.course_id = c.id) AS enrolled, \
    (SELECT COUNT(*) FROM manager_enrolments e WHERE e.course_id = c.id AND e.completed) \
    AS completed FROM manager_courses c";
const ENROLMENT_COLUMNS: &str =
    "id, course_id, zone_id, manager_name, position, days_attended, completed";

impl Store {
    /// Every manager-training course, latest first.
    pub async fn manager_courses(&self) -> Result<Vec<StoredCourse>> {
        let sql = format!("{COURSE_SELECT} ORDER BY c.starts_on DESC, c.id DESC");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }

    /// Every enrolment, in the order made.
    pub async fn manager_enrolments(&self) -> Result<Vec<StoredEnrolment>> {
        let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM manager_enrolments ORDER BY id");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }
}

impl Tx {
    pub async fn insert_manager_course(
        &mut self,
        c: &NewCourse<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO manager_courses (host_zone_id, topic, title, starts_on, ends_on, \
            seats, funding_fen, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let (id,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(c.host_zone_id)
            .bind(c.topic)
            .bind(c.title)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(c.seats)
            .bind(c.funding_fen)
            .bind(now)
            .fetch_one(&mut *t)
            .await?);
        Ok(id)
    }

    /// A course with its counts, its row locked until the transaction ends (the no-op
    /// UPDATE takes the lock on PostgreSQL; SQLite has one writer), so that enrolments
    /// checked against its seats cannot pass each other.
    pub async fn manager_course_for_update(&mut self, id: i64) -> Result<Option<StoredCourse>> {
        let lock = "UPDATE manager_courses SET seats = seats WHERE id = $1";
        on_tx!(self, |t| sqlx::query(lock)
            .bind(id)
            .execute(&mut *t)
            .await?
            .rows_affected());
        let sql = format!("{COURSE_SELECT} WHERE c.id = $1");
        Ok(on_tx!(self, |t| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *t)
            .await?))
    }

    pub async fn insert_manager_enrolment(
        &mut self,
        course_id: i64,
        zone_id: i64,
        name: &str,
        position: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO manager_enrolments (course_id, zone_id, manager_name, position, \
            created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(course_id)
            .bind(zone_id)
            .bind(name)
            .bind(position)
            .bind(now)
            .fetch_one(&mut *t)
            .await?);
        Ok(id)
    }

    pub async fn manager_enrolment(&mut self, id: i64) -> Result<Option<StoredEnrolment>> {
        let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM manager_enrolments WHERE id = $1");
        Ok(on_tx!(self, |t| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *t)
            .await?))
    }

    pub async fn record_manager_attendance(
        &mut self,
        id: i64,
        days: i64,
        completed: bool,
    ) -> Result<()> {
        let sql = "UPDATE manager_enrolments SET days_attended = $2, completed = $3 WHERE id = $1";
        on_tx!(self, |t| sqlx::query(sql)
            .bind(id)
            .bind(days)
            .bind(completed)
            .execute(&mut *t)
            .await?
            .rows_affected());
        Ok(())
    }
}
