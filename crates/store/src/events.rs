//! Event programmes (beside the pipeline's promotion_events rows), registrations, meeting
//! requests and the timetable of the last scheduler run.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use gowest_domain::events::{
    EventKind, EventProgramme, MeetingRequest, Registration, RegistrationStatus,
};

/// One placed meeting between two registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredMeeting {
    pub slot: u16,
    pub table: u32,
    pub a: i64,
    pub b: i64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    name_zh: String,
    city_zh: Option<String>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    organiser_org_id: Option<i64>,
    kind: String,
    venue_zh: Option<String>,
    description: Option<String>,
    meeting_on: NaiveDate,
    first_slot: String,
    slot_minutes: i64,
    slots: i64,
    tables_count: i64,
    registration_open: bool,
}

#[derive(sqlx::FromRow)]
struct RegistrationRow {
    id: i64,
    event_id: i64,
    org_id: i64,
    org_name_zh: String,
    contact_name: String,
    contact_title: Option<String>,
    status: String,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    event_id: i64,
    from_registration_id: i64,
    to_registration_id: i64,
    priority: i64,
    message: Option<String>,
}

fn corrupt(table: &'static str, id: i64, what: &str) -> StoreError {
    StoreError::corrupt(table, format!("{what} of {id}"))
}

impl EventRow {
    fn into_domain(self) -> Result<EventProgramme> {
        let id = self.id;
        let bad = |what: &str| corrupt("event_programmes", id, what);
        Ok(EventProgramme {
            kind: EventKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
            first_slot: NaiveTime::parse_from_str(&self.first_slot, "%H:%M")
                .map_err(|_| bad("first_slot"))?,
            slot_minutes: u32::try_from(self.slot_minutes).map_err(|_| bad("slot_minutes"))?,
            slots: u16::try_from(self.slots).map_err(|_| bad("slots"))?,
            tables: u32::try_from(self.tables_count).map_err(|_| bad("tables"))?,
            organiser_org_id: self.organiser_org_id.ok_or_else(|| bad("organiser"))?,
            id,
            name_zh: self.name_zh,
            city_zh: self.city_zh.unwrap_or_default(),
            venue_zh: self.venue_zh,
            description: self.description,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            meeting_on: self.meeting_on,
            registration_open: self.registration_open,
        })
    }
}

const EVENT_SELECT: &str = "SELECT e.id, e.name_zh, e.city_zh, e.starts_on, e.ends_on, \
    e.organiser_org_id, p.kind, p.venue_zh, p.description, p.meeting_on, p.first_slot, \
    p.slot_minutes, p.slots, p.tables_count, p.registration_open \
    FROM promotion_events e JOIN event_programmes p ON p.event_id = e.id";

const REGISTRATION_SELECT: &str = "SELECT r.id, r.event_id, r.org_id, o.name_zh AS org_name_zh, \
    r.contact_name, r.contact_title, r.status \
    FROM event_registrations r JOIN organisations o ON o.id = r.org_id";

impl Store {
    /// Events with a registration still to decide, for a rebuild of what they wait for.
    pub async fn event_ids_with_pending_registrations(&self) -> Result<Vec<i64>> {
        let sql = "SELECT DISTINCT event_id FROM event_registrations WHERE status = 'pending' \
                   ORDER BY event_id";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_all(p)
            .await?))
    }
}

impl Tx {
    /// Inserts the pipeline's event row and its programme; returns the event id.
    pub async fn insert_event(
        &mut self,
        e: &EventProgramme,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO promotion_events (name_zh, city_zh, starts_on, ends_on, \
            organiser_org_id, demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&e.name_zh)
            .bind(&e.city_zh)
            .bind(e.starts_on)
            .bind(e.ends_on)
            .bind(e.organiser_org_id)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        self.insert_event_programme(id, e).await?;
        Ok(id)
    }

    /// Adds the programme to an event of the pipeline's register, which it then extends.
    pub async fn insert_event_programme(&mut self, id: i64, e: &EventProgramme) -> Result<()> {
        let sql = "INSERT INTO event_programmes (event_id, kind, venue_zh, description, \
            meeting_on, first_slot, slot_minutes, slots, tables_count, registration_open) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .bind(e.kind.code())
            .bind(&e.venue_zh)
            .bind(&e.description)
            .bind(e.meeting_on)
            .bind(e.first_slot.format("%H:%M").to_string())
            .bind(i64::from(e.slot_minutes))
            .bind(i64::from(e.slots))
            .bind(i64::from(e.tables))
            .bind(e.registration_open)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Events run through the events module, latest first.
    pub async fn events(&mut self) -> Result<Vec<EventProgramme>> {
        let sql = format!("{EVENT_SELECT} ORDER BY e.starts_on DESC, e.id DESC");
        let rows: Vec<EventRow> = on_tx!(self, |c| sqlx::query_as(&sql).fetch_all(c).await?);
        rows.into_iter().map(EventRow::into_domain).collect()
    }

    pub async fn event(&mut self, id: i64) -> Result<EventProgramme> {
        let sql = format!("{EVENT_SELECT} WHERE e.id = $1");
        let row: Option<EventRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "event" })?
            .into_domain()
    }

    pub async fn set_registration_open(&mut self, event_id: i64, open: bool) -> Result<()> {
        let sql = "UPDATE event_programmes SET registration_open = $1 WHERE event_id = $2";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(open)
            .bind(event_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn insert_registration(
        &mut self,
        event_id: i64,
        org_id: i64,
        contact: (&str, Option<&str>),
        status: RegistrationStatus,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO event_registrations (event_id, org_id, contact_name, \
            contact_title, status, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(event_id)
            .bind(org_id)
            .bind(contact.0)
            .bind(contact.1)
            .bind(status.code())
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn registrations(&mut self, event_id: i64) -> Result<Vec<Registration>> {
        let sql = format!("{REGISTRATION_SELECT} WHERE r.event_id = $1 ORDER BY r.id");
        let rows: Vec<RegistrationRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(event_id)
            .fetch_all(c)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(Registration {
                    status: RegistrationStatus::parse(&r.status)
                        .ok_or_else(|| corrupt("event_registrations", r.id, "status"))?,
                    id: r.id,
                    event_id: r.event_id,
                    org_id: r.org_id,
                    org_name_zh: r.org_name_zh,
                    contact_name: r.contact_name,
                    contact_title: r.contact_title,
                })
            })
            .collect()
    }

    pub async fn set_registration_status(
        &mut self,
        id: i64,
        status: RegistrationStatus,
    ) -> Result<()> {
        let sql = "UPDATE event_registrations SET status = $1 WHERE id = $2";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(status.code())
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn insert_meeting_request(
        &mut self,
        r: &MeetingRequest,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO meeting_requests (event_id, from_registration_id, \
            to_registration_id, priority, message, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(r.event_id)
            .bind(r.from_registration_id)
            .bind(r.to_registration_id)
            .bind(i64::from(r.priority))
            .bind(&r.message)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn meeting_requests(&mut self, event_id: i64) -> Result<Vec<MeetingRequest>> {
        let sql = "SELECT id, event_id, from_registration_id, to_registration_id, priority, \
            message FROM meeting_requests WHERE event_id = $1 ORDER BY id";
        let rows: Vec<RequestRow> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(event_id)
            .fetch_all(c)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(MeetingRequest {
                    priority: u8::try_from(r.priority)
                        .map_err(|_| corrupt("meeting_requests", r.id, "priority"))?,
                    id: r.id,
                    event_id: r.event_id,
                    from_registration_id: r.from_registration_id,
                    to_registration_id: r.to_registration_id,
                    message: r.message,
                })
            })
            .collect()
    }

    /// Replaces the event's timetable with `meetings` and stamps the run.
    pub async fn replace_meetings(
        &mut self,
        event_id: i64,
        meetings: &[StoredMeeting],
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_tx!(self, |c| sqlx::query(
            "DELETE FROM event_meetings WHERE event_id = $1"
        )
        .bind(event_id)
        .execute(c)
        .await?
        .rows_affected());
        let sql = "INSERT INTO event_meetings (event_id, slot, table_no, a_registration_id, \
            b_registration_id) VALUES ($1, $2, $3, $4, $5)";
        for m in meetings {
            on_tx!(self, |c| sqlx::query(sql)
                .bind(event_id)
                .bind(i64::from(m.slot))
                .bind(i64::from(m.table))
                .bind(m.a)
                .bind(m.b)
                .execute(c)
                .await?
                .rows_affected());
        }
        let sql = "UPDATE event_programmes SET scheduled_at = $1 WHERE event_id = $2";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(event_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The timetable by slot and table.
    pub async fn meetings(&mut self, event_id: i64) -> Result<Vec<StoredMeeting>> {
        let sql = "SELECT slot, table_no, a_registration_id, b_registration_id \
            FROM event_meetings WHERE event_id = $1 ORDER BY slot, table_no";
        let rows: Vec<(i64, i64, i64, i64)> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(event_id)
            .fetch_all(c)
            .await?);
        rows.into_iter()
            .map(|(slot, table, a, b)| {
                Ok(StoredMeeting {
                    slot: u16::try_from(slot)
                        .map_err(|_| corrupt("event_meetings", event_id, "slot"))?,
                    table: u32::try_from(table)
                        .map_err(|_| corrupt("event_meetings", event_id, "table"))?,
                    a,
                    b,
                })
            })
            .collect()
    }
}
