//! Reminders: the returns not filed on a day, for the to-dos of the zones and the escalation
//! to their provinces.

use super::period::Period;
use super::workflow::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One zone and the status of every version it has of every return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFilings {
    pub zone_id: i64,
    /// The first year the zone files for (the year it began to report).
    pub first_year: i32,
    pub versions: Vec<(Period, Status)>,
}

/// A return that is due or overdue and not filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reminder {
    pub zone_id: i64,
    pub period: Period,
    pub due_on: NaiveDate,
    /// Days past the due date; negative while time is left, 0 on the due date.
    pub days_overdue: i64,
}

impl Reminder {
    pub fn is_overdue(&self) -> bool {
        self.days_overdue > 0
    }
}

/// Every ended period since each zone's first year that has no version filed or accepted on
/// `today` (a returned version is not filed: it waits on the zone), most overdue first, then
/// by zone and period.
pub fn reminders(today: NaiveDate, zones: &[ZoneFilings]) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = zones
        .iter()
        .flat_map(|z| {
            Period::ended_since(z.first_year, today)
                .into_iter()
                .filter(|&p| {
                    !z.versions
                        .iter()
                        .any(|&(q, s)| q == p && s.counts_as_filed())
                })
                .map(|p| Reminder {
                    zone_id: z.zone_id,
                    period: p,
                    due_on: p.due_on(),
                    days_overdue: p.days_overdue(today),
                })
        })
        .collect();
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.zone_id.cmp(&b.zone_id))
            .then(a.period.cmp(&b.period))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn unfiled_returns_with_their_due_dates() {
        let zones = [
            ZoneFilings {
                zone_id: 7,
                first_year: 2024,
                versions: vec![
                    (Period::HalfYear(2024), Status::Accepted),
                    (Period::Annual(2024), Status::Returned),
                    (Period::HalfYear(2025), Status::Filed),
                ],
            },
            ZoneFilings {
                zone_id: 3,
                first_year: 2025,
                versions: vec![(Period::HalfYear(2025), Status::Draft)],
            },
        ];
        let on = d(2025, 7, 20);
        assert_eq!(
            reminders(on, &zones),
            [
                Reminder {
                    zone_id: 7,
                    period: Period::Annual(2024),
                    due_on: d(2025, 1, 30),
                    days_overdue: 171,
                },
                Reminder {
                    zone_id: 3,
                    period: Period::HalfYear(2025),
                    due_on: d(2025, 7, 15),
                    days_overdue: 5,
                },
            ]
        );
        // Before the due date the same return is a reminder with time left.
        let early = reminders(d(2025, 7, 10), &zones[1..]);
        assert_eq!(early.len(), 1);
        assert_eq!(early[0].days_overdue, -5);
        assert!(!early[0].is_overdue());
        // Before the half year ends nothing is asked of a zone that began this year.
        assert_eq!(reminders(d(2025, 6, 30), &zones[1..]), []);
    }

    #[test]
    fn a_revision_in_draft_leaves_the_period_filed() {
        let zones = [ZoneFilings {
            zone_id: 1,
            first_year: 2025,
            versions: vec![
                (Period::HalfYear(2025), Status::Accepted),
                (Period::HalfYear(2025), Status::Draft),
            ],
        }];
        assert_eq!(reminders(d(2025, 8, 1), &zones), []);
    }
}
