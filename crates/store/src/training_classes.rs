//! Ministry classes (notice 3.3): demand surveys, the zones' answers, the classes planned
//! from them with their invited zones, enrolments and completion.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, Tx};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredSurvey {
    pub id: i64,
    pub year: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredDemand {
    pub survey_id: i64,
    pub zone_id: i64,
    pub topic: String,
    pub people: i64,
    /// Month numbers separated by commas, e.g. "5,6".
    pub months: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredClass {
    pub id: i64,
    pub survey_id: i64,
    pub topic: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub seats: i64,
    pub enrolled: i64,
    pub completed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredClassEnrolment {
    pub id: i64,
    pub class_id: i64,
    pub zone_id: i64,
    pub manager_name: String,
    pub position: String,
    pub completed: bool,
}

/// A class to store, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewClass<'a> {
    pub survey_id: i64,
    pub topic: &'a str,
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: &'a str,
    pub seats: i64,
}

const CLASS_SELECT: &str = "SELECT c.id, c.survey_id, c.topic, c.title, c.starts_on, \
    c.ends_on, c.place, c.seats, \
    (SELECT COUNT(*) FROM ministry_class_enrolments e WHERE e.class_id = c.id) AS enrolled, \
    (SELECT COUNT(*) FROM ministry_class_enrolments e WHERE e.class_id = c.id AND e.completed) \
    AS completed FROM ministry_classes c";
const ENROLMENT_COLUMNS: &str = "id, class_id, zone_id, manager_name, position, completed";

impl Store {
    /// Every survey, latest year first.
    pub async fn class_surveys(&self) -> Result<Vec<StoredSurvey>> {
        let sql = "SELECT id, year FROM class_surveys ORDER BY year DESC";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// Every answer, by survey, zone and topic.
    pub async fn class_demands(&self) -> Result<Vec<StoredDemand>> {
        let sql = "SELECT survey_id, zone_id, topic, people, months FROM class_demands \
            ORDER BY survey_id, zone_id, topic";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// Every class with its counts, earliest first.
    pub async fn ministry_classes(&self) -> Result<Vec<StoredClass>> {
        let sql = format!("{CLASS_SELECT} ORDER BY c.starts_on, c.id");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }

    /// Every invitation as `(class id, zone id)`.
    pub async fn ministry_class_zones(&self) -> Result<Vec<(i64, i64)>> {
        let sql = "SELECT class_id, zone_id FROM ministry_class_zones ORDER BY class_id, zone_id";
        Ok(on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// Every enrolment, in the order made.
    pub async fn ministry_class_enrolments(&self) -> Result<Vec<StoredClassEnrolment>> {
        let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM ministry_class_enrolments ORDER BY id");
        Ok(on_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }
}

impl Tx {
    pub async fn insert_class_survey(&mut self, year: i64, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO class_surveys (year, created_at) VALUES ($1, $2) RETURNING id";
        let (id,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(year)
            .bind(now)
            .fetch_one(&mut *t)
            .await?);
        Ok(id)
    }

    pub async fn class_survey(&mut self, id: i64) -> Result<Option<StoredSurvey>> {
        let sql = "SELECT id, year FROM class_surveys WHERE id = $1";
        Ok(on_tx!(self, |t| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(&mut *t)
            .await?))
    }

    /// Records a zone's answer for a topic, replacing its earlier answer for that topic.
    pub async fn upsert_class_demand(
        &mut self,
        d: &StoredDemand,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO class_demands (survey_id, zone_id, topic, people, months, \
            updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
            ON CONFLICT (survey_id, zone_id, topic) DO UPDATE SET people = excluded.people, \
            months = excluded.months, updated_at = excluded.updated_at";
        on_tx!(self, |t| sqlx::query(sql)
            .bind(d.survey_id)
            .bind(d.zone_id)
            .bind(&d.topic)
            .bind(d.people)
            .bind(&d.months)
            .bind(now)
            .execute(&mut *t)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn insert_ministry_class(
        &mut self,
        c: &NewClass<'_>,
        zones: &[i64],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO ministry_classes (survey_id, topic, title, starts_on, ends_on, \
            place, seats, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let (id,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(c.survey_id)
            .bind(c.topic)
            .bind(c.title)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(c.place)
            .bind(c.seats)
            .bind(now)
            .fetch_one(&mut *t)
            .await?);
        let invite = "INSERT INTO ministry_class_zones (class_id, zone_id) VALUES ($1, $2)";
        for zone in zones {
            on_tx!(self, |t| sqlx::query(invite)
                .bind(id)
                .bind(zone)
                .execute(&mut *t)
                .await?
                .rows_affected());
        }
        Ok(id)
    }

    /// A class with its counts, its row locked until the transaction ends (the no-op UPDATE
    /// takes the lock on PostgreSQL; SQLite has one writer), so that enrolments checked
    /// against its seats cannot pass each other.
    pub async fn ministry_class_for_update(&mut self, id: i64) -> Result<Option<StoredClass>> {
        let lock = "UPDATE ministry_classes SET seats = seats WHERE id = $1";
        on_tx!(self, |t| sqlx::query(lock)
            .bind(id)
            .execute(&mut *t)
            .await?
            .rows_affected());
        let sql = format!("{CLASS_SELECT} WHERE c.id = $1");
        Ok(on_tx!(self, |t| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *t)
            .await?))
    }

    pub async fn is_invited(&mut self, class_id: i64, zone_id: i64) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM ministry_class_zones WHERE class_id = $1 AND zone_id = $2";
        let (n,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(class_id)
            .bind(zone_id)
            .fetch_one(&mut *t)
            .await?);
        Ok(n > 0)
    }

    pub async fn insert_class_enrolment(
        &mut self,
        class_id: i64,
        zone_id: i64,
        name: &str,
        position: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO ministry_class_enrolments (class_id, zone_id, manager_name, \
            position, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = on_tx!(self, |t| sqlx::query_as(sql)
            .bind(class_id)
            .bind(zone_id)
            .bind(name)
            .bind(position)
            .bind(now)
            .fetch_one(&mut *t)
            .await?);
        Ok(id)
    }

    pub async fn class_enrolment(&mut self, id: i64) -> Result<Option<StoredClassEnrolment>> {
        let sql =
            format!("SELECT {ENROLMENT_COLUMNS} FROM ministry_class_enrolments WHERE id = $1");
        Ok(on_tx!(self, |t| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *t)
            .await?))
    }

    pub async fn record_class_completion(&mut self, id: i64, completed: bool) -> Result<()> {
        let sql = "UPDATE ministry_class_enrolments SET completed = $2 WHERE id = $1";
        on_tx!(self, |t| sqlx::query(sql)
            .bind(id)
            .bind(completed)
            .execute(&mut *t)
            .await?
            .rows_affected());
        Ok(())
    }
}
