//! Uploaded files kept in the database, and the minimal register of 招商 events.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::pipeline::PromotionEvent;

/// A stored file with its content.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub bytes: i64,
    pub content: Vec<u8>,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: DateTime<Utc>,
}

/// A file to store; the caller has checked its kind and size and computed its checksum.
#[derive(Debug, Clone, Copy)]
pub struct NewAttachment<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    name_zh: String,
    city_zh: Option<String>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    organiser_org_id: Option<i64>,
}

impl From<EventRow> for PromotionEvent {
    fn from(r: EventRow) -> PromotionEvent {
        PromotionEvent {
            id: r.id,
            name_zh: r.name_zh,
            city_zh: r.city_zh,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            organiser_org_id: r.organiser_org_id,
        }
    }
}

const EVENT_COLUMNS: &str = "id, name_zh, city_zh, starts_on, ends_on, organiser_org_id";

impl Store {
    pub async fn attachment(&self, id: i64) -> Result<Attachment> {
        let sql = "SELECT id, sha256, file_name, media_type, bytes, content, uploaded_by, \
            uploaded_at FROM attachments WHERE id = $1";
        let row: Option<Attachment> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "attachment",
        })
    }

    /// Events, latest first.
    pub async fn promotion_events(&self) -> Result<Vec<PromotionEvent>> {
        let sql =
            format!("SELECT {EVENT_COLUMNS} FROM promotion_events ORDER BY starts_on DESC, id");
        let rows: Vec<EventRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        Ok(rows.into_iter().map(PromotionEvent::from).collect())
    }
}

impl Tx {
    pub async fn insert_attachment(
        &mut self,
        a: NewAttachment<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO attachments (sha256, file_name, media_type, bytes, content, \
            uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let bytes = i64::try_from(a.content.len())
            .map_err(|_| StoreError::Unsupported("attachment too large"))?;
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(a.sha256)
            .bind(a.file_name)
            .bind(a.media_type)
            .bind(bytes)
            .bind(a.content)
            .bind(a.uploaded_by)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn insert_promotion_event(
        &mut self,
        e: &PromotionEvent,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO promotion_events (name_zh, city_zh, starts_on, ends_on, \
            organiser_org_id, demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&e.name_zh)
            .bind(&e.city_zh)
            .bind(e.starts_on)
            .bind(e.ends_on)
            .bind(e.organiser_org_id)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn promotion_event(&mut self, id: i64) -> Result<PromotionEvent> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM promotion_events WHERE id = $1");
        let row: Option<EventRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.map(PromotionEvent::from)
            .ok_or(StoreError::NotFound { entity: "event" })
    }
}
