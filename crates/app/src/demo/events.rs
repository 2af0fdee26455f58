//! Demo events for `serve --demo`: the 第三届中博会 of the demo pipeline given a B2B
//! programme (so its signed projects show on its console), with a few hundred registered
//! enterprises and zones, meeting requests among them, and the timetable scheduled.

use crate::audit::Context;
use crate::demo::pick;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{NaiveDate, NaiveTime};
use gowest_domain::change::Entity;
use gowest_domain::events::{
    Attendee, EventKind, EventProgramme, PairRequest, RegistrationStatus, schedule,
};
use gowest_domain::ids::CreditCode;
use gowest_domain::org::{OrgPlace, OrgStatus};
use gowest_domain::region::ProvinceCode;
use gowest_store::events::StoredMeeting;

/// Demo participant enterprises (beside the demo accounts' organisations).
const ENTERPRISES: i64 = 300;
const EDITION: &str = "第三届中国中部投资贸易博览会";
const ORIGINS: [&str; 6] = ["440000", "320000", "330000", "310000", "350000", "370000"];
const TRADES: [&str; 8] = [
    "电子",
    "服装",
    "鞋业",
    "机械",
    "汽车零部件",
    "家具",
    "塑料制品",
    "食品",
];

fn credit_code(i: i64) -> Result<CreditCode, AppError> {
    // 91 (enterprise, company) + an area code + a 9-character code apart from the demo
    // transfer enterprises' (MA…): these are organisations, not only register entries.
    let first17 = format!("914401{:02}MB{:07}", i % 100, i);
    CreditCode::complete(&first17).map_err(|_| AppError::Internal(format!("demo credit code {i}")))
}

/// What the demo scheduled, for the log.
#[derive(Debug, Clone, Copy, Default)]
pub struct DemoEvents {
    pub registrations: usize,
    pub requests: usize,
    pub placed: usize,
    pub upper_bound: usize,
}

impl App {
    /// Seeds the demo edition once; an empty answer when events already exist.
    pub async fn seed_demo_events(&self, op: &Operator) -> Result<DemoEvents, AppError> {
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        if !tx.events().await?.is_empty() {
            return Ok(DemoEvents::default());
        }
        let orgs = self.store.organisations().await?;
        let ministry =
            orgs.iter()
                .find(|o| o.place == OrgPlace::Ministry)
                .ok_or(AppError::NotFound {
                    entity: "ministry organisation",
                })?;
        let date =
            |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::NotFound { entity: "date" });
        let mut programme = EventProgramme {
            id: 0,
            name_zh: EDITION.into(),
            kind: EventKind::Expo,
            city_zh: "武汉市".into(),
            venue_zh: Some("武汉国际博览中心".into()),
            description: Some(
                "中部六省共同举办的国家级投资贸易博览会；本届设东中西部合作与产业转移洽谈专场。"
                    .into(),
            ),
            starts_on: date(2008, 4, 18)?,
            ends_on: date(2008, 4, 21)?,
            organiser_org_id: ministry.id,
            meeting_on: date(2008, 4, 19)?,
            first_slot: NaiveTime::from_hms_opt(9, 0, 0)
                .ok_or(AppError::NotFound { entity: "time" })?,
            slot_minutes: 20,
            slots: 16,
            tables: 120,
            registration_open: true,
        };
        // The pipeline demo's edition of the same name, when there is one, is extended, so
        // its signings are this event's signed projects.
        let existing = self
            .store
            .promotion_events()
            .await?
            .into_iter()
            .find(|e| e.name_zh == EDITION);
        programme.id = match existing {
            Some(e) => {
                programme.organiser_org_id = e.organiser_org_id.unwrap_or(ministry.id);
                tx.insert_event_programme(e.id, &programme).await?;
                e.id
            }
            None => tx.insert_event(&programme, true, now).await?,
        };
        let mut participants: Vec<i64> = orgs
            .iter()
            .filter(|o| {
                o.status == OrgStatus::Active
                    && matches!(o.place, OrgPlace::Zone { .. } | OrgPlace::Enterprise { .. })
            })
            .map(|o| o.id)
            .collect();
        for i in 0..ENTERPRISES {
            let province = ORIGINS[pick(i, 71, 0, 5) as usize];
            let place = OrgPlace::Enterprise {
                credit_code: credit_code(i)?,
                province_code: ProvinceCode::parse(province)
                    .ok_or(AppError::NotFound { entity: "province" })?,
            };
            let trade = TRADES[pick(i, 72, 0, 7) as usize];
            let name = format!("演示参会{trade}企业{i:03}有限公司");
            participants.push(
                tx.insert_organisation(&name, None, &place, OrgStatus::Active, now)
                    .await?,
            );
        }
        let mut attendees = Vec::new();
        let titles = ["总经理", "招商局局长", "投资部经理", "董事长助理"];
        for (k, org) in participants.iter().enumerate() {
            let k = k as i64;
            // One in twelve waits for the organiser, one in twenty-five was turned down;
            // the demo accounts' organisations (listed first) are approved.
            let status = match pick(k, 73, 0, 99) {
                _ if k < 4 => RegistrationStatus::Approved,
                0..=7 => RegistrationStatus::Pending,
                8..=11 => RegistrationStatus::Rejected,
                _ => RegistrationStatus::Approved,
            };
            let title = titles[pick(k, 74, 0, 3) as usize];
            let id = tx
                .insert_registration(programme.id, *org, ("演示参会人", Some(title)), status, now)
                .await?;
            if status == RegistrationStatus::Approved {
                attendees.push(Attendee {
                    person: id,
                    organisation: *org,
                });
            }
        }
        let mut requests: Vec<PairRequest> = Vec::new();
        let n = attendees.len() as i64;
        for (k, from) in attendees.iter().enumerate() {
            let k = k as i64;
            let wanted = if k < 4 { 6 } else { pick(k, 75, 1, 6) };
            for j in 0..wanted {
                // The demo accounts' organisations are asked often, so their agendas fill.
                let to = if pick(k * 10 + j, 76, 0, 4) == 0 {
                    pick(k * 10 + j, 77, 0, 3)
                } else {
                    pick(k * 10 + j, 78, 0, n - 1)
                };
                let to = attendees[to as usize];
                let seen = requests.iter().any(|r| {
                    (r.a, r.b) == (from.person, to.person) || (r.a, r.b) == (to.person, from.person)
                });
                if to.organisation == from.organisation || seen {
                    continue;
                }
                let priority = pick(k * 10 + j, 79, 1, 3) as u8;
                let request = gowest_domain::events::MeetingRequest {
                    id: 0,
                    event_id: programme.id,
                    from_registration_id: from.person,
                    to_registration_id: to.person,
                    priority,
                    message: None,
                };
                tx.insert_meeting_request(&request, now).await?;
                requests.push(PairRequest {
                    a: from.person,
                    b: to.person,
                    priority,
                });
            }
        }
        let timetable = schedule(&attendees, &requests, programme.slots, programme.tables)
            .map_err(|e| AppError::Internal(format!("demo schedule: {e}")))?;
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
        tx.replace_meetings(programme.id, &meetings, now).await?;
        // The participating enterprises are new organisations too.
        tx.finish(
            Record::new("demo.seed", Entity::Event, programme.id).also(Entity::Organisation, None),
        )
        .await?;
        Ok(DemoEvents {
            registrations: participants.len(),
            requests: requests.len(),
            placed: timetable.placed,
            upper_bound: timetable.upper_bound,
        })
    }
}
