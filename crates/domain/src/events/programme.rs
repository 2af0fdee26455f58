//! An event as its organiser sets it up: kind, dates, venue, and the B2B meeting programme
//! (the day, the first slot, slot length, number of slots and tables). Events extend the
//! pipeline's register of 招商 events, so a project signed at one is credited to it there.

use crate::error::{FieldError, Validation};
use crate::input::{choice, date, required_text, text, whole_number};
use crate::pipeline::coded_enum;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scheduler::MAX_SLOTS;

coded_enum! {
    /// The kinds of event the notice names (§4, §5.1).
    pub enum EventKind {
        Expo => ("expo", "中博会", "China Central Expo edition"),
        Domestic => ("domestic", "国内招商活动", "Promotion event in China"),
        EastboundTrip => ("eastbound_trip", "赴东部招商", "East-bound promotion trip"),
        Abroad => ("abroad", "境外招商", "Promotion trip abroad"),
    }
}

/// At most 2,000 tables: the largest expo halls seat about that many pairs.
const MAX_TABLES: u32 = 2_000;

/// An event with its meeting programme; `id` is 0 until stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventProgramme {
    pub id: i64,
    pub name_zh: String,
    pub kind: EventKind,
    pub city_zh: String,
    pub venue_zh: Option<String>,
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub organiser_org_id: i64,
    pub meeting_on: NaiveDate,
    /// The first slot's start, local time (Asia/Shanghai).
    pub first_slot: NaiveTime,
    pub slot_minutes: u32,
    pub slots: u16,
    pub tables: u32,
    pub registration_open: bool,
}

impl EventProgramme {
    /// Slot `i`'s start and end in UTC (China keeps UTC+8 all year).
    pub fn slot_times(&self, slot: u16) -> (DateTime<Utc>, DateTime<Utc>) {
        let local = self.meeting_on.and_time(self.first_slot)
            + TimeDelta::minutes(i64::from(self.slot_minutes) * i64::from(slot));
        let start = (local - TimeDelta::hours(8)).and_utc();
        (
            start,
            start + TimeDelta::minutes(i64::from(self.slot_minutes)),
        )
    }

    /// Slot `i`'s local start as `HH:MM`.
    pub fn slot_label(&self, slot: u16) -> String {
        let (start, end) = self.slot_times(slot);
        let local = |t: DateTime<Utc>| (t + TimeDelta::hours(8)).format("%H:%M").to_string();
        format!("{}–{}", local(start), local(end))
    }
}

/// An event as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EventInput {
    pub name_zh: String,
    /// `expo`, `domestic`, `eastbound_trip`, `abroad` (or the Chinese name).
    pub kind: String,
    pub city_zh: String,
    pub venue_zh: String,
    pub description: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The day of the B2B meetings, within the event.
    pub meeting_on: String,
    /// `HH:MM`, local time.
    pub first_slot: String,
    pub slot_minutes: String,
    pub slots: String,
    pub tables: String,
}

fn required_date(v: &mut Validation, field: &str, label: &str, raw: &str) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        v.push(FieldError::required(field, label));
        return None;
    }
    date(v, field, raw)
}

fn bounded(
    v: &mut Validation,
    field: &str,
    label: &str,
    raw: &str,
    (lo, hi): (u32, u32),
) -> Option<u32> {
    if raw.trim().is_empty() {
        v.push(FieldError::required(field, label));
        return None;
    }
    let n = whole_number(v, field, raw, hi)?;
    if n < lo {
        v.push(FieldError::new(
            field,
            "out_of_range",
            format!("{label}须在{lo}到{hi}之间"),
            format!("{field} must be between {lo} and {hi}"),
        ));
        return None;
    }
    Some(n)
}

impl EventInput {
    /// A valid event of organiser `organiser_org_id`, registration closed until opened.
    pub fn check(&self, organiser_org_id: i64) -> Result<EventProgramme, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "活动名称", &self.name_zh, 200);
        let kind = choice(&mut v, "kind", "活动类型", &self.kind, EventKind::parse);
        let city_zh = required_text(&mut v, "city_zh", "举办地", &self.city_zh, 100);
        let venue_zh = text(&mut v, "venue_zh", &self.venue_zh, 200);
        let description = text(&mut v, "description", &self.description, 4000);
        let starts_on = required_date(&mut v, "starts_on", "开始日期", &self.starts_on);
        let ends_on = required_date(&mut v, "ends_on", "结束日期", &self.ends_on);
        let meeting_on = required_date(&mut v, "meeting_on", "洽谈日期", &self.meeting_on);
        let first_slot = match NaiveTime::parse_from_str(self.first_slot.trim(), "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                v.push(FieldError::new(
                    "first_slot",
                    "not_a_time",
                    format!("“{}”不是有效时间（如 09:00）", self.first_slot.trim()),
                    format!(
                        "first_slot: \"{}\" is not a time (e.g. 09:00)",
                        self.first_slot.trim()
                    ),
                ));
                None
            }
        };
        let slot_minutes = bounded(
            &mut v,
            "slot_minutes",
            "每场时长（分钟）",
            &self.slot_minutes,
            (10, 120),
        );
        let slots = bounded(
            &mut v,
            "slots",
            "场次数",
            &self.slots,
            (1, u32::from(MAX_SLOTS)),
        );
        let tables = bounded(&mut v, "tables", "洽谈桌数", &self.tables, (1, MAX_TABLES));
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                v.push(FieldError::new(
                    "ends_on",
                    "before_start",
                    "结束日期不能早于开始日期",
                    "ends_on must not be before starts_on",
                ));
            }
            if let Some(m) = meeting_on.filter(|m| *m < s || *m > e) {
                v.push(FieldError::new(
                    "meeting_on",
                    "outside_event",
                    format!("洽谈日期（{m}）须在活动期间"),
                    format!("meeting_on ({m}) must be within the event's dates"),
                ));
            }
        }
        if let (Some(t), Some(m), Some(n)) = (first_slot, slot_minutes, slots) {
            let minutes_into_day = i64::from(t.hour_minute()) + i64::from(m) * i64::from(n);
            if minutes_into_day > 24 * 60 {
                v.push(FieldError::new(
                    "slots",
                    "past_midnight",
                    "洽谈场次不能超过当天24:00",
                    "the meeting slots must end by midnight",
                ));
            }
        }
        let (
            Some(name_zh),
            Some(kind),
            Some(city_zh),
            Some(starts_on),
            Some(ends_on),
            Some(meeting_on),
            Some(first_slot),
            Some(slot_minutes),
            Some(slots),
            Some(tables),
        ) = (
            name_zh,
            kind,
            city_zh,
            starts_on,
            ends_on,
            meeting_on,
            first_slot,
            slot_minutes,
            slots.and_then(|n| u16::try_from(n).ok()),
            tables,
        )
        else {
            return Err(v);
        };
        v.finish(EventProgramme {
            id: 0,
            name_zh,
            kind,
            city_zh,
            venue_zh,
            description,
            starts_on,
            ends_on,
            organiser_org_id,
            meeting_on,
            first_slot,
            slot_minutes,
            slots,
            tables,
            registration_open: false,
        })
    }
}

trait HourMinute {
    fn hour_minute(&self) -> u32;
}

impl HourMinute for NaiveTime {
    /// Minutes since midnight.
    fn hour_minute(&self) -> u32 {
        use chrono::Timelike;
        self.hour() * 60 + self.minute()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn expo_input() -> EventInput {
        EventInput {
            name_zh: "第二届中国中部投资贸易博览会".into(),
            kind: "中博会".into(),
            city_zh: "郑州".into(),
            venue_zh: "郑州国际会展中心".into(),
            description: String::new(),
            starts_on: "2007-04-26".into(),
            ends_on: "2007-04-28".into(),
            meeting_on: "2007-04-27".into(),
            first_slot: "09:00".into(),
            slot_minutes: "20".into(),
            slots: "16".into(),
            tables: "120".into(),
        }
    }

    #[test]
    fn slots_run_from_the_first_in_local_time() {
        let e = expo_input().check(5).expect("valid");
        let (start, end) = e.slot_times(1);
        assert_eq!(start.to_rfc3339(), "2007-04-27T01:20:00+00:00");
        assert_eq!(end.to_rfc3339(), "2007-04-27T01:40:00+00:00");
        assert_eq!(e.slot_label(0), "09:00–09:20");
    }

    #[test]
    fn bad_events_are_refused_by_field() {
        let mut bad = expo_input();
        bad.ends_on = "2007-04-25".into();
        bad.meeting_on = "2007-05-01".into();
        bad.first_slot = "23:00".into();
        bad.tables = "0".into();
        bad.kind = "party".into();
        let err = bad.check(5).expect_err("invalid");
        let fields: Vec<(&str, &str)> = err.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        for f in [
            ("ends_on", "before_start"),
            ("meeting_on", "outside_event"),
            ("slots", "past_midnight"),
            ("tables", "out_of_range"),
            ("kind", "unknown"),
        ] {
            assert!(fields.contains(&f), "{f:?} in {fields:?}");
        }
    }
}
