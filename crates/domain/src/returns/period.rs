//! Reporting periods and their due dates. Zones file a half-year return (半年报, 1 January to
//! 30 June) by 15 July of the same year and an annual return (年报) within 30 days of the
//! year's end, i.e. by 30 January of the next year. A return may be filed from the day after
//! its period ends.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// The two kinds of return.
    pub enum PeriodKind {
        HalfYear => ("half_year", "半年报", "half-year return"),
        Annual => ("annual", "年报", "annual return"),
    }
}

/// Days after the year's end within which the annual return is due.
pub const ANNUAL_DUE_DAYS: i64 = 30;

/// Years a period may name when typed in: the programme's returns and a margin, no more.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// One reporting period of one year: `{"kind": "half_year", "year": 2025}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "year", rename_all = "snake_case")]
pub enum Period {
    HalfYear(i32),
    Annual(i32),
}

/// Where a period stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// The period has not ended: nothing can be filed yet.
    NotEnded,
    /// Ended, and the due date has not passed: the return is due.
    Due,
    /// The due date has passed.
    Overdue,
}

/// A date of `year`, or the latest date for a year chrono cannot hold (never in `YEARS`).
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}

impl Period {
    pub fn new(kind: PeriodKind, year: i32) -> Period {
        match kind {
            PeriodKind::HalfYear => Period::HalfYear(year),
            PeriodKind::Annual => Period::Annual(year),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::HalfYear(y) | Period::Annual(y) => y,
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::HalfYear(_) => PeriodKind::HalfYear,
            Period::Annual(_) => PeriodKind::Annual,
        }
    }

    /// Both kinds start on 1 January: half-year figures of flows are January–June totals.
    pub fn start(self) -> NaiveDate {
        ymd(self.year(), 1, 1)
    }

    pub fn end(self) -> NaiveDate {
        match self {
            Period::HalfYear(y) => ymd(y, 6, 30),
            Period::Annual(y) => ymd(y, 12, 31),
        }
    }

    /// The first day a return for the period may be filed: the day after it ends.
    pub fn opens_on(self) -> NaiveDate {
        self.end().succ_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The last day to file: 15 July for the half year, 30 January of the next year for the
    /// year (its end plus [`ANNUAL_DUE_DAYS`]).
    pub fn due_on(self) -> NaiveDate {
        match self {
            Period::HalfYear(y) => ymd(y, 7, 15),
            Period::Annual(_) => self
                .end()
                .checked_add_signed(Duration::days(ANNUAL_DUE_DAYS))
                .unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn state_on(self, today: NaiveDate) -> PeriodState {
        if today < self.opens_on() {
            PeriodState::NotEnded
        } else if today <= self.due_on() {
            PeriodState::Due
        } else {
            PeriodState::Overdue
        }
    }

    /// Days past the due date on `today`; negative while time is left (0 on the due date).
    pub fn days_overdue(self, today: NaiveDate) -> i64 {
        (today - self.due_on()).num_days()
    }

    /// The period a return filed on `today` is for: the latest one that has ended. From
    /// 1 July to 31 December that is the half year; from 1 January to 30 June, last year.
    pub fn for_filing_on(today: NaiveDate) -> Period {
        let y = today.year();
        if today.month() >= 7 {
            Period::HalfYear(y)
        } else {
            Period::Annual(y - 1)
        }
    }

    /// Every period of `first_year` or later that has ended by `today`, oldest first; no
    /// period before [`YEARS`] is asked for, whatever year is passed.
    pub fn ended_since(first_year: i32, today: NaiveDate) -> Vec<Period> {
        let last = Period::for_filing_on(today);
        (first_year.max(*YEARS.start())..=last.year())
            .flat_map(|y| [Period::HalfYear(y), Period::Annual(y)])
            .filter(|p| p.end() < today)
            .collect()
    }

    /// Every period of `first_year` or later that has ended by `today`, with whether it is
    /// still due or overdue: the periods a zone must have filed, oldest first.
    pub fn open_on(first_year: i32, today: NaiveDate) -> Vec<(Period, PeriodState)> {
        Period::ended_since(first_year, today)
            .into_iter()
            .map(|p| (p, p.state_on(today)))
            .collect()
    }

    /// The same period a year earlier: what a year-on-year change compares with.
    pub fn a_year_before(self) -> Period {
        Period::new(self.kind(), self.year() - 1)
    }

    /// The other return of the same year (the annual for a half year, and back).
    pub fn same_year_other(self) -> Period {
        match self {
            Period::HalfYear(y) => Period::Annual(y),
            Period::Annual(y) => Period::HalfYear(y),
        }
    }

    /// A short stable code: `2025-H1`, `2025-Y`.
    pub fn code(self) -> String {
        match self {
            Period::HalfYear(y) => format!("{y}-H1"),
            Period::Annual(y) => format!("{y}-Y"),
        }
    }

    /// As a sheet or page shows it: `2025年半年报`, `2025年年报`.
    pub fn label_zh(self) -> String {
        format!("{}年{}", self.year(), self.kind().name_zh())
    }

    pub fn label_en(self) -> String {
        match self {
            Period::HalfYear(y) => format!("{y} half-year return"),
            Period::Annual(y) => format!("{y} annual return"),
        }
    }

    /// Reads `2025-H1`, `2025H1`, `2025-Y`, `2025` or the Chinese labels `2025年半年报`,
    /// `2025年年报`, `2025年报`; a year outside [`YEARS`] is refused.
    pub fn parse(raw: &str) -> Option<Period> {
        let raw = raw.trim();
        let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 4 {
            return None;
        }
        let year: i32 = raw[..4].parse().ok()?;
        let kind = match raw[digits..].trim().to_ascii_uppercase().as_str() {
            "-H1" | "H1" | "年半年报" | "半年报" => PeriodKind::HalfYear,
            "" | "-Y" | "Y" | "年年报" | "年报" => PeriodKind::Annual,
            _ => return None,
        };
        YEARS.contains(&year).then_some(Period::new(kind, year))
    }
}

/// Periods order by their end: 2024 annual < 2025 half year < 2025 annual.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |p: &Period| (p.year(), p.kind() == PeriodKind::Annual);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn due_dates_follow_the_fujian_regime() {
        assert_eq!(Period::HalfYear(2025).due_on(), d(2025, 7, 15));
        assert_eq!(Period::Annual(2025).due_on(), d(2026, 1, 30));
        assert_eq!(Period::HalfYear(2025).opens_on(), d(2025, 7, 1));
        assert_eq!(Period::Annual(2025).opens_on(), d(2026, 1, 1));
    }

    #[test]
    fn states_through_the_year() {
        let h = Period::HalfYear(2025);
        assert_eq!(h.state_on(d(2025, 6, 30)), PeriodState::NotEnded);
        assert_eq!(h.state_on(d(2025, 7, 1)), PeriodState::Due);
        assert_eq!(h.state_on(d(2025, 7, 15)), PeriodState::Due);
        assert_eq!(h.state_on(d(2025, 7, 16)), PeriodState::Overdue);
        assert_eq!(h.days_overdue(d(2025, 7, 10)), -5);
        assert_eq!(h.days_overdue(d(2025, 7, 20)), 5);
        let a = Period::Annual(2024);
        assert_eq!(a.state_on(d(2025, 1, 30)), PeriodState::Due);
        assert_eq!(a.state_on(d(2025, 1, 31)), PeriodState::Overdue);
    }

    #[test]
    fn the_period_a_filing_is_for() {
        assert_eq!(Period::for_filing_on(d(2025, 7, 1)), Period::HalfYear(2025));
        assert_eq!(
            Period::for_filing_on(d(2025, 12, 31)),
            Period::HalfYear(2025)
        );
        assert_eq!(Period::for_filing_on(d(2026, 1, 1)), Period::Annual(2025));
        assert_eq!(Period::for_filing_on(d(2026, 6, 30)), Period::Annual(2025));
    }

    #[test]
    fn ended_periods_since_a_year() {
        assert_eq!(
            Period::ended_since(2024, d(2025, 7, 1)),
            [
                Period::HalfYear(2024),
                Period::Annual(2024),
                Period::HalfYear(2025)
            ]
        );
        assert_eq!(Period::ended_since(2025, d(2025, 6, 30)), []);
        assert_eq!(Period::ended_since(i32::MIN, d(2001, 1, 1)).len(), 2);
        assert_eq!(Period::ended_since(2026, d(2025, 12, 1)), []);
    }

    #[test]
    fn open_periods_are_due_or_overdue() {
        assert_eq!(
            Period::open_on(2024, d(2025, 7, 10)),
            [
                (Period::HalfYear(2024), PeriodState::Overdue),
                (Period::Annual(2024), PeriodState::Overdue),
                (Period::HalfYear(2025), PeriodState::Due),
            ]
        );
        assert_eq!(
            Period::open_on(2025, d(2026, 1, 30)),
            [
                (Period::HalfYear(2025), PeriodState::Overdue),
                (Period::Annual(2025), PeriodState::Due),
            ]
        );
    }

    #[test]
    fn codes_labels_and_serde() {
        for p in [Period::HalfYear(2025), Period::Annual(2025)] {
            assert_eq!(Period::parse(&p.code()), Some(p));
            assert_eq!(Period::parse(&p.label_zh()), Some(p));
        }
        assert_eq!(Period::parse("2025h1"), Some(Period::HalfYear(2025)));
        assert_eq!(Period::parse("2025年报"), Some(Period::Annual(2025)));
        assert_eq!(Period::parse("2025"), Some(Period::Annual(2025)));
        for bad in ["1999", "2025-H2", "25-H1", "20251", "", "H1"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let json = serde_json::to_string(&Period::HalfYear(2025)).expect("json");
        assert_eq!(json, r#"{"kind":"half_year","year":2025}"#);
        assert!(Period::Annual(2024) < Period::HalfYear(2025));
        assert!(Period::HalfYear(2025) < Period::Annual(2025));
        assert_eq!(Period::Annual(2025).a_year_before(), Period::Annual(2024));
        assert_eq!(
            Period::Annual(2025).same_year_other(),
            Period::HalfYear(2025)
        );
    }

    proptest! {
        #[test]
        fn due_after_the_end_and_filing_period_ended(y in 2000i32..2100, day in 0i64..3000) {
            for p in [Period::HalfYear(y), Period::Annual(y)] {
                prop_assert!(p.due_on() > p.end());
                prop_assert_eq!(p.state_on(p.due_on()), PeriodState::Due);
                prop_assert_eq!(p.state_on(p.due_on() + Duration::days(1)), PeriodState::Overdue);
            }
            prop_assert_eq!(Period::Annual(y).due_on() - Period::Annual(y).end(), Duration::days(30));
            let today = d(2001, 1, 1) + Duration::days(day * 13);
            let p = Period::for_filing_on(today);
            prop_assert_eq!(p.state_on(today) == PeriodState::NotEnded, false);
            // The filing period is the latest ended one: the next period has not ended.
            let next = match p { Period::HalfYear(y) => Period::Annual(y), Period::Annual(y) => Period::HalfYear(y + 1) };
            prop_assert_eq!(next.state_on(today), PeriodState::NotEnded);
            prop_assert_eq!(Period::ended_since(2000, today).last().copied(), Some(p));
        }
    }
}
