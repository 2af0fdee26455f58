//! Investment-promotion event use-cases: events (extending the pipeline's register of
//! 招商 events), registration with the organiser's approval, meeting requests, the
//! organiser's scheduler run, each participant's agenda and its iCalendar export.

use crate::audit::Context;
use crate::write::{Record, Write};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::access::{Actor, EventOrganiser};
use gowest_domain::change::Entity;
use gowest_domain::events::{
    AgendaItem, Attendee, EventInput, EventProgramme, MeetingRequest, MeetingRequestInput,
    PairRequest, Registration, RegistrationInput, RegistrationStatus, agenda_ics, schedule,
};
use gowest_domain::{FieldError, Validation};
use gowest_store::ReadTx;
use gowest_store::events::StoredMeeting;
use gowest_store::pipeline::RecordSet;
use serde::Serialize;
use utoipa::ToSchema;

/// What the scheduler achieved: placed of requested pairs, against the upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScheduleReport {
    pub participants: usize,
    pub requested: usize,
    pub placed: usize,
    pub upper_bound: usize,
}

/// One meeting on a participant's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgendaEntry {
    pub slot: u16,
    /// Local time, e.g. `09:00–09:20`.
    pub time: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// 1-based, as printed on the table.
    pub table: u32,
    pub with_registration_id: i64,
    pub with_org_name_zh: String,
}

/// What the organiser's console shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EventConsole {
    pub event: EventProgramme,
    pub registrations: Vec<Registration>,
    pub requests: usize,
    pub meetings: usize,
    /// Pipeline projects credited to this event (first signed here), once each.
    pub signed_projects: usize,
}

fn one(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

impl App {
    /// A transaction only to read in, for store reads that exist only on `Tx` (events,
    /// cooperation, one distributor); it cannot commit.
    pub(crate) async fn read_only(&self) -> Result<ReadTx, AppError> {
        Ok(self.store.read().await?)
    }

    /// Every event run through the events module, latest first; public.
    pub async fn events(&self) -> Result<Vec<EventProgramme>, AppError> {
        Ok(self.read_only().await?.events().await?)
    }

    pub async fn event(&self, id: i64) -> Result<EventProgramme, AppError> {
        Ok(self.read_only().await?.event(id).await?)
    }

    /// Pipeline projects credited to the event (the event of their first signing),
    /// confirmed duplicates left out: the same rule as the pipeline figures.
    pub async fn event_signed_projects(&self, event_id: i64) -> Result<Vec<i64>, AppError> {
        let entries = self.store.pipeline_entries(&RecordSet::All).await?;
        Ok(entries
            .iter()
            .filter(|e| !e.record.review.excluded())
            .filter(|e| {
                e.record
                    .credited_signing()
                    .is_some_and(|s| s.event_id == Some(event_id))
            })
            .map(|e| e.id())
            .collect())
    }

    #[tracing::instrument(skip_all)]
    pub async fn create_event(
        &self,
        ctx: &Context,
        input: &EventInput,
        demo: bool,
    ) -> Result<EventProgramme, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let organiser = actor.event_creator().ok_or(AppError::Forbidden)?;
        let mut event = input.check(organiser.org_id())?;
        event.registration_open = true;
        let mut tx = self.write(&organiser, ctx).await?;
        event.id = tx.insert_event(&event, demo, self.clock.now()).await?;
        tx.finish(Record::new("event.create", Entity::Event, event.id).after(&event))
            .await?;
        Ok(event)
    }

    /// Opens a write on the event for its organiser's staff.
    async fn open_as_organiser(
        &self,
        ctx: &Context,
        event_id: i64,
    ) -> Result<(Write, EventProgramme, EventOrganiser), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let organiser_org_id = self.event(event_id).await?.organiser_org_id;
        let organiser = actor
            .event_organiser(organiser_org_id)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&organiser, ctx).await?;
        let event = tx.event(event_id).await?;
        if event.organiser_org_id != organiser.org_id() {
            return Err(AppError::Forbidden);
        }
        Ok((tx, event, organiser))
    }

    pub async fn set_event_registration_open(
        &self,
        ctx: &Context,
        event_id: i64,
        open: bool,
    ) -> Result<(), AppError> {
        let (mut tx, _, _) = self.open_as_organiser(ctx, event_id).await?;
        tx.set_registration_open(event_id, open).await?;
        tx.finish(Record::new("event.registration_open", Entity::Event, event_id).after(&open))
            .await?;
        Ok(())
    }

    /// Registers the actor's enterprise or zone; the organiser decides.
    #[tracing::instrument(skip_all)]
    pub async fn register_for_event(
        &self,
        ctx: &Context,
        event_id: i64,
        input: &RegistrationInput,
    ) -> Result<Registration, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let registrant = actor.event_registrant().ok_or(AppError::Forbidden)?;
        let (name, title) = input.check()?;
        let mut tx = self.write(&registrant, ctx).await?;
        let event = tx.event(event_id).await?;
        if !event.registration_open {
            return Err(one(
                "event_id",
                "registration_closed",
                format!("{}的报名已截止", event.name_zh),
                "registration for this event is closed".into(),
            ));
        }
        if tx
            .registrations(event_id)
            .await?
            .iter()
            .any(|r| r.org_id == registrant.org_id())
        {
            return Err(one(
                "event_id",
                "already_registered",
                "本单位已报名该活动".into(),
                "your organisation is already registered for this event".into(),
            ));
        }
        let id = tx
            .insert_registration(
                event_id,
                registrant.org_id(),
                (&name, title.as_deref()),
                RegistrationStatus::Pending,
                self.clock.now(),
            )
            .await?;
        let reg = tx
            .registrations(event_id)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound {
                entity: "registration",
            })?;
        tx.finish(
            Record::new("event.register", Entity::Event, event_id)
                .after(&reg)
                .concerns([event.organiser_org_id])
                .also(Entity::EventRegistration, reg.id),
        )
        .await?;
        Ok(reg)
    }

    /// The organiser approves or rejects a registration.
    #[tracing::instrument(skip_all)]
    pub async fn decide_event_registration(
        &self,
        ctx: &Context,
        event_id: i64,
        registration_id: i64,
        approve: bool,
    ) -> Result<Registration, AppError> {
        let (mut tx, _, _) = self.open_as_organiser(ctx, event_id).await?;
        let reg = tx
            .registrations(event_id)
            .await?
            .into_iter()
            .find(|r| r.id == registration_id)
            .ok_or(AppError::NotFound {
                entity: "registration",
            })?;
        let status = reg.decide(approve)?;
        tx.set_registration_status(registration_id, status).await?;
        let after = Registration { status, ..reg };
        tx.finish(
            Record::new("event.decide_registration", Entity::Event, event_id)
                .after(&after)
                .concerns([after.org_id])
                .also(Entity::EventRegistration, registration_id),
        )
        .await?;
        Ok(after)
    }

    /// The actor's organisation withdraws its registration (pending or approved); its
    /// requests stay on record but the next scheduler run leaves it out.
    #[tracing::instrument(skip_all)]
    pub async fn withdraw_event_registration(
        &self,
        ctx: &Context,
        event_id: i64,
    ) -> Result<Registration, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let registrant = actor.event_registrant().ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&registrant, ctx).await?;
        let organiser_org_id = tx.event(event_id).await?.organiser_org_id;
        let regs = tx.registrations(event_id).await?;
        let reg = Self::own_registration(actor, &regs)
            .cloned()
            .ok_or(AppError::NotFound {
                entity: "registration",
            })?;
        let status = reg.withdraw()?;
        tx.set_registration_status(reg.id, status).await?;
        let after = Registration { status, ..reg };
        tx.finish(
            Record::new("event.withdraw", Entity::Event, event_id)
                .after(&after)
                .concerns([organiser_org_id])
                .also(Entity::EventRegistration, after.id),
        )
        .await?;
        Ok(after)
    }

    /// The actor's organisation's registration for the event.
    fn own_registration<'a>(actor: &Actor, regs: &'a [Registration]) -> Option<&'a Registration> {
        let org = actor.acting.as_ref()?.org.id;
        regs.iter().find(|r| r.org_id == org)
    }

    /// A meeting request from the actor's registration to another participant.
    #[tracing::instrument(skip_all)]
    pub async fn request_meeting(
        &self,
        ctx: &Context,
        event_id: i64,
        input: &MeetingRequestInput,
    ) -> Result<MeetingRequest, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let registrant = actor.event_registrant().ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&registrant, ctx).await?;
        let organiser_org_id = tx.event(event_id).await?.organiser_org_id;
        let regs = tx.registrations(event_id).await?;
        let from = Self::own_registration(actor, &regs).ok_or_else(|| {
            one(
                "event_id",
                "not_registered",
                "本单位未报名该活动，不能预约洽谈".into(),
                "your organisation is not registered for this event".into(),
            )
        })?;
        let requested: Vec<(i64, i64)> = tx
            .meeting_requests(event_id)
            .await?
            .iter()
            .map(|r| (r.from_registration_id, r.to_registration_id))
            .collect();
        let request = input.check(from, &regs, &requested)?;
        let id = tx
            .insert_meeting_request(&request, self.clock.now())
            .await?;
        let request = MeetingRequest { id, ..request };
        // The organisation asked, and the organiser who schedules.
        let asked = regs
            .iter()
            .find(|r| r.id == request.to_registration_id)
            .map(|r| r.org_id);
        tx.finish(
            Record::new("event.request_meeting", Entity::Event, event_id)
                .after(&request)
                .concerns(asked.into_iter().chain([organiser_org_id])),
        )
        .await?;
        Ok(request)
    }

    /// Runs the scheduler over approved participants and their requests, replacing the
    /// timetable; the organiser only.
    #[tracing::instrument(skip_all)]
    pub async fn run_scheduler(
        &self,
        ctx: &Context,
        event_id: i64,
    ) -> Result<ScheduleReport, AppError> {
        let (mut tx, event, _) = self.open_as_organiser(ctx, event_id).await?;
        let regs = tx.registrations(event_id).await?;
        let approved: Vec<&Registration> = regs
            .iter()
            .filter(|r| r.status == RegistrationStatus::Approved)
            .collect();
        let attendees: Vec<Attendee> = approved
            .iter()
            .map(|r| Attendee {
                person: r.id,
                organisation: r.org_id,
            })
            .collect();
        let ok = |id: i64| approved.iter().any(|r| r.id == id);
        let requests: Vec<PairRequest> = tx
            .meeting_requests(event_id)
            .await?
            .iter()
            .filter(|r| ok(r.from_registration_id) && ok(r.to_registration_id))
            .map(|r| PairRequest {
                a: r.from_registration_id,
                b: r.to_registration_id,
                priority: r.priority,
            })
            .collect();
        let timetable =
            schedule(&attendees, &requests, event.slots, event.tables).map_err(|e| {
                one(
                    "event_id",
                    "unschedulable",
                    format!("无法排程：{e}"),
                    format!("cannot schedule: {e}"),
                )
            })?;
        let meetings: Vec<StoredMeeting> = timetable
            .assignments
            .iter()
            .map(|m| StoredMeeting {
                slot: m.slot,
                table: m.table,
                a: m.a,
                b: m.b,
            })
            .collect();
        tx.replace_meetings(event_id, &meetings, self.clock.now())
            .await?;
        let report = ScheduleReport {
            participants: attendees.len(),
            requested: timetable.requested,
            placed: timetable.placed,
            upper_bound: timetable.upper_bound,
        };
        // Every approved participant's agenda changes with the timetable.
        tx.finish(
            Record::new("event.schedule", Entity::Event, event_id)
                .after(&report)
                .concerns(attendees.iter().map(|a| a.organisation)),
        )
        .await?;
        Ok(report)
    }

    /// The actor's organisation's meetings at the event, by slot.
    pub async fn event_agenda(
        &self,
        actor: &Actor,
        event_id: i64,
    ) -> Result<(EventProgramme, Vec<AgendaEntry>), AppError> {
        let mut tx = self.read_only().await?;
        let event = tx.event(event_id).await?;
        let regs = tx.registrations(event_id).await?;
        let Some(own) = Self::own_registration(actor, &regs) else {
            return Ok((event, Vec::new()));
        };
        let name = |id: i64| {
            regs.iter()
                .find(|r| r.id == id)
                .map(|r| r.org_name_zh.clone())
                .unwrap_or_default()
        };
        let agenda = tx
            .meetings(event_id)
            .await?
            .into_iter()
            .filter(|m| m.a == own.id || m.b == own.id)
            .map(|m| {
                let other = if m.a == own.id { m.b } else { m.a };
                let (starts_at, ends_at) = event.slot_times(m.slot);
                AgendaEntry {
                    slot: m.slot,
                    time: event.slot_label(m.slot),
                    starts_at,
                    ends_at,
                    table: m.table + 1,
                    with_registration_id: other,
                    with_org_name_zh: name(other),
                }
            })
            .collect();
        Ok((event, agenda))
    }

    /// The agenda as an iCalendar file.
    pub async fn event_agenda_ics(&self, actor: &Actor, event_id: i64) -> Result<String, AppError> {
        let (event, agenda) = self.event_agenda(actor, event_id).await?;
        let place = event
            .venue_zh
            .clone()
            .unwrap_or_else(|| event.city_zh.clone());
        let items: Vec<AgendaItem> = agenda
            .iter()
            .map(|a| AgendaItem {
                uid: format!("event-{event_id}-slot-{}-table-{}@gowest", a.slot, a.table),
                starts: a.starts_at,
                ends: a.ends_at,
                summary: format!("洽谈：{}", a.with_org_name_zh),
                location: format!("{place} 第{}桌", a.table),
                description: event.name_zh.clone(),
            })
            .collect();
        Ok(agenda_ics(&event.name_zh, &items, self.clock.now()))
    }

    /// The organiser's view of the event.
    pub async fn event_console(
        &self,
        actor: &Actor,
        event_id: i64,
    ) -> Result<EventConsole, AppError> {
        let mut tx = self.read_only().await?;
        let event = tx.event(event_id).await?;
        actor
            .event_organiser(event.organiser_org_id)
            .ok_or(AppError::Forbidden)?;
        let registrations = tx.registrations(event_id).await?;
        let requests = tx.meeting_requests(event_id).await?.len();
        let meetings = tx.meetings(event_id).await?.len();
        drop(tx);
        let signed_projects = self.event_signed_projects(event_id).await?.len();
        Ok(EventConsole {
            event,
            registrations,
            requests,
            meetings,
            signed_projects,
        })
    }
}

/// What a signed-in participant sees of an event: their registration, whom they may ask
/// for a meeting (organisation names only), their requests and their agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Participation {
    pub event: EventProgramme,
    pub mine: Option<Registration>,
    /// Approved participants other than the actor's, as (registration id, organisation).
    pub others: Vec<(i64, String)>,
    /// Requests the actor's registration made or received, as (other organisation, made).
    pub requests: Vec<(String, bool)>,
    pub agenda: Vec<AgendaEntry>,
    pub organiser: bool,
}

impl App {
    pub async fn event_participation(
        &self,
        actor: &Actor,
        event_id: i64,
    ) -> Result<Participation, AppError> {
        let (event, agenda) = self.event_agenda(actor, event_id).await?;
        let mut tx = self.read_only().await?;
        let regs = tx.registrations(event_id).await?;
        let mine = Self::own_registration(actor, &regs).cloned();
        let approved = mine
            .as_ref()
            .is_some_and(|m| m.status == RegistrationStatus::Approved);
        let name = |id: i64| {
            regs.iter()
                .find(|r| r.id == id)
                .map(|r| r.org_name_zh.clone())
                .unwrap_or_default()
        };
        let (others, requests) = match (&mine, approved) {
            (Some(m), true) => (
                regs.iter()
                    .filter(|r| r.status == RegistrationStatus::Approved && r.org_id != m.org_id)
                    .map(|r| (r.id, r.org_name_zh.clone()))
                    .collect(),
                tx.meeting_requests(event_id)
                    .await?
                    .iter()
                    .filter(|q| q.from_registration_id == m.id || q.to_registration_id == m.id)
                    .map(|q| {
                        let made = q.from_registration_id == m.id;
                        let other = if made {
                            q.to_registration_id
                        } else {
                            q.from_registration_id
                        };
                        (name(other), made)
                    })
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        let organiser = actor.event_organiser(event.organiser_org_id).is_some();
        Ok(Participation {
            event,
            mine,
            others,
            requests,
            agenda,
            organiser,
        })
    }
}
