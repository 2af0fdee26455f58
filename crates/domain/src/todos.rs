//! To-dos (待办): what waits on an organisation, derived from the records themselves.
//!
//! A record that waits on someone (an application to review, a problem routed to a
//! department, a registration to decide) *is* the to-do: nobody creates or closes one by
//! hand. Each kind has a time limit; an item past its due date is overdue at its owner and
//! raised to the supervising organisation (zone or enterprise → province → ministry), and
//! past a second time limit it is raised once more, to the ministry.

use crate::change::Entity;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// Why an organisation is waited on.
    pub enum TodoKind {
        FundReview => ("fund_review", "资金申请待审核", "Fund application to review"),
        FundReturned => ("fund_returned", "资金申请已退回，待修改重报", "Fund application returned for a new version"),
        FundPayment => ("fund_payment", "资金待审贷或拨付", "Fund money to approve or pay"),
        RegistrationReview => ("registration_review", "企业注册待审核", "Company registration to decide"),
        EventRegistrationReview => ("event_registration_review", "活动报名待审核", "Event registration to decide"),
        ProblemRouted => ("problem_routed", "项目问题待解决", "Project problem to solve"),
        MilestoneDue => ("milestone_due", "合作协议里程碑待完成", "Cooperation milestone to meet"),
        PriceReportMissing => ("price_report_missing", "批发价格未按时报送", "Wholesale prices not reported by the deadline"),
        ReturnReview => ("return_review", "统计直报待审核", "Statistical return to review"),
        ReturnReturned => ("return_returned", "统计直报已退回，待修改重报", "Statistical return returned for correction"),
    }
}

impl TodoKind {
    /// Calendar days from the day the record started waiting to its due date (for a record
    /// with a date of its own, such as a milestone, from that date to its raising). Fixed here
    /// rather than per deployment: they are the programme's service promises, printed in the
    /// guide, and a change is a code review.
    pub fn time_limit_days(self) -> u64 {
        match self {
            // Prices are daily: a day late is overdue, and its province hears of it.
            TodoKind::PriceReportMissing => 1,
            TodoKind::RegistrationReview | TodoKind::EventRegistrationReview => 5,
            TodoKind::FundReview | TodoKind::ReturnReview | TodoKind::ReturnReturned => 10,
            TodoKind::FundReturned | TodoKind::ProblemRouted | TodoKind::MilestoneDue => 15,
            TodoKind::FundPayment => 20,
        }
    }
}

/// Where an organisation sits in the line of supervision: who an overdue item is raised to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The ministry: supervised by nobody.
    Ministry,
    /// A province's commerce department, the bank or a promotion agency: the ministry supervises.
    Province,
    /// A zone or an enterprise: its province supervises, then the ministry.
    Local,
}

impl Tier {
    pub fn code(self) -> i64 {
        match self {
            Tier::Ministry => 0,
            Tier::Province => 1,
            Tier::Local => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Tier> {
        [Tier::Ministry, Tier::Province, Tier::Local]
            .into_iter()
            .find(|t| t.code() == code)
    }

    pub fn of(kind: crate::org::OrgKind) -> Tier {
        use crate::org::OrgKind;
        match kind {
            OrgKind::Ministry => Tier::Ministry,
            OrgKind::Province | OrgKind::Bank | OrgKind::PromotionAgency => Tier::Province,
            OrgKind::Zone | OrgKind::Enterprise => Tier::Local,
        }
    }
}

/// One thing a record waits for, as a rule reads it from the record's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub kind: TodoKind,
    pub org_id: i64,
    pub entity: Entity,
    pub record_id: i64,
    /// The record's own name (an application's title, a company's name).
    pub title: String,
    /// The console page where the owner acts on it.
    pub link: String,
    pub since: NaiveDate,
    /// The record's own due date (a milestone's), when it has one; otherwise `since` plus the
    /// kind's time limit.
    pub due_on: Option<NaiveDate>,
}

/// The dates a waiting item turns overdue and is raised: computed once, when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// After this day the item is overdue at its owner and raised to the supervisor.
    pub due_on: NaiveDate,
    /// After this day it is raised to the ministry.
    pub ministry_on: NaiveDate,
}

pub fn deadlines(
    kind: TodoKind,
    since: NaiveDate,
    own_due: Option<NaiveDate>,
    owner: Tier,
) -> Deadlines {
    let limit = Days::new(kind.time_limit_days());
    let due_on = own_due.unwrap_or_else(|| since.checked_add_days(limit).unwrap_or(NaiveDate::MAX));
    let ministry_on = match owner {
        // Local items reach the ministry one more time limit after their province.
        Tier::Local => due_on.checked_add_days(limit).unwrap_or(NaiveDate::MAX),
        Tier::Province | Tier::Ministry => due_on,
    };
    Deadlines {
        due_on,
        ministry_on,
    }
}

/// How pressing an open item is on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    OnTime,
    /// Due within two days.
    DueSoon,
    Overdue,
}

/// Days an item is overdue on `today` (0 when not).
pub fn days_overdue(due_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - due_on).num_days().max(0)
}

pub fn urgency(due_on: NaiveDate, today: NaiveDate) -> Urgency {
    let left = (due_on - today).num_days();
    if left < 0 {
        Urgency::Overdue
    } else if left <= 2 {
        Urgency::DueSoon
    } else {
        Urgency::OnTime
    }
}

/// One stored item, open or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Todo {
    pub id: i64,
    pub kind: TodoKind,
    /// The organisation waited on.
    pub org_id: i64,
    #[serde(skip)]
    pub entity: Entity,
    pub record_id: i64,
    pub title: String,
    /// The console page where the owner acts on it.
    pub link: String,
    /// The day the record started waiting.
    pub since: NaiveDate,
    pub due_on: NaiveDate,
    /// The day it is raised to the ministry when still open.
    pub ministry_on: NaiveDate,
    pub opened_at: DateTime<Utc>,
    /// When the record stopped waiting (done).
    pub closed_at: Option<DateTime<Utc>>,
}

/// An item that is open now, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenItem {
    pub id: i64,
    pub kind: TodoKind,
    pub org_id: i64,
    pub entity: Entity,
    pub record_id: i64,
}

/// What to do to bring the stored items of some records in line with what they wait for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// New items to open.
    pub open: Vec<Waiting>,
    /// Stored items whose record no longer waits on their organisation for their kind.
    pub close: Vec<i64>,
}

/// Compares the open items of some records with what those records wait for now. An item
/// is the same when kind, organisation and record agree: it keeps its id and its dates, so
/// an edit that leaves a record waiting does not restart its clock.
pub fn reconcile(open: &[OpenItem], waiting: Vec<Waiting>) -> Reconciled {
    let key = |kind: TodoKind, org: i64, entity: Entity, record: i64| (kind, org, entity, record);
    let wanted: std::collections::HashSet<_> = waiting
        .iter()
        .map(|w| key(w.kind, w.org_id, w.entity, w.record_id))
        .collect();
    let have: std::collections::HashSet<_> = open
        .iter()
        .map(|o| key(o.kind, o.org_id, o.entity, o.record_id))
        .collect();
    let close = open
        .iter()
        .filter(|o| !wanted.contains(&key(o.kind, o.org_id, o.entity, o.record_id)))
        .map(|o| o.id)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let open = waiting
        .into_iter()
        .filter(|w| {
            let k = key(w.kind, w.org_id, w.entity, w.record_id);
            !have.contains(&k) && seen.insert(k)
        })
        .collect();
    Reconciled { open, close }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn waiting(kind: TodoKind, org: i64, record: i64) -> Waiting {
        Waiting {
            kind,
            org_id: org,
            entity: Entity::FundApplication,
            record_id: record,
            title: format!("申请 {record}"),
            link: format!("/console/funds/applications/{record}"),
            since: day("2026-03-02"),
            due_on: None,
        }
    }

    fn open(id: i64, kind: TodoKind, org: i64, record: i64) -> OpenItem {
        OpenItem {
            id,
            kind,
            org_id: org,
            entity: Entity::FundApplication,
            record_id: record,
        }
    }

    #[test]
    fn a_local_item_reaches_the_province_at_its_due_date_and_the_ministry_one_limit_later() {
        let d = deadlines(TodoKind::FundReview, day("2026-03-02"), None, Tier::Local);
        assert_eq!(d.due_on, day("2026-03-12"));
        assert_eq!(d.ministry_on, day("2026-03-22"));
        let d = deadlines(
            TodoKind::FundReview,
            day("2026-03-02"),
            None,
            Tier::Province,
        );
        assert_eq!(d.due_on, d.ministry_on);
        // A milestone is due on its own date, and reaches the ministry a limit later.
        let d = deadlines(
            TodoKind::MilestoneDue,
            day("2026-03-02"),
            Some(day("2026-09-30")),
            Tier::Local,
        );
        assert_eq!(d.due_on, day("2026-09-30"));
        assert_eq!(d.ministry_on, day("2026-10-15"));
    }

    #[test]
    fn urgency_turns_on_the_day_after_the_due_date() {
        let due = day("2026-03-12");
        assert_eq!(urgency(due, day("2026-03-01")), Urgency::OnTime);
        assert_eq!(urgency(due, day("2026-03-10")), Urgency::DueSoon);
        assert_eq!(urgency(due, day("2026-03-12")), Urgency::DueSoon);
        assert_eq!(urgency(due, day("2026-03-13")), Urgency::Overdue);
        assert_eq!(days_overdue(due, day("2026-03-13")), 1);
        assert_eq!(days_overdue(due, day("2026-03-01")), 0);
    }

    #[test]
    fn a_record_that_moves_on_closes_its_item_and_opens_the_next_one() {
        // Submitted (the province reviews) → province approved (the ministry reviews).
        let before = [open(7, TodoKind::FundReview, 30, 1)];
        let r = reconcile(&before, vec![waiting(TodoKind::FundReview, 1, 1)]);
        assert_eq!(r.close, vec![7]);
        assert_eq!(r.open, vec![waiting(TodoKind::FundReview, 1, 1)]);
    }

    #[test]
    fn an_item_still_waited_for_is_kept_with_its_dates() {
        let before = [open(7, TodoKind::FundReview, 30, 1)];
        let r = reconcile(&before, vec![waiting(TodoKind::FundReview, 30, 1)]);
        assert_eq!(r, Reconciled::default());
    }

    #[test]
    fn a_record_that_waits_on_nobody_closes_everything() {
        let before = [
            open(7, TodoKind::FundReview, 30, 1),
            open(8, TodoKind::ProblemRouted, 31, 1),
        ];
        let r = reconcile(&before, vec![]);
        assert_eq!(r.close, vec![7, 8]);
        assert!(r.open.is_empty());
    }

    #[test]
    fn tiers_follow_the_kind_of_organisation_and_read_back() {
        use crate::org::OrgKind;
        assert_eq!(Tier::of(OrgKind::Zone), Tier::Local);
        assert_eq!(Tier::of(OrgKind::Enterprise), Tier::Local);
        assert_eq!(Tier::of(OrgKind::Bank), Tier::Province);
        assert_eq!(Tier::of(OrgKind::Ministry), Tier::Ministry);
        for t in [Tier::Ministry, Tier::Province, Tier::Local] {
            assert_eq!(Tier::from_code(t.code()), Some(t));
        }
        assert_eq!(Tier::from_code(9), None);
    }

    fn kind() -> impl Strategy<Value = TodoKind> {
        proptest::sample::select(TodoKind::ALL.to_vec())
    }

    proptest! {
        /// After applying a reconciliation, the open items are exactly what is waited for,
        /// each once, whatever was stored before.
        #[test]
        fn reconciling_leaves_exactly_the_waited_for_items(
            stored in proptest::collection::vec((kind(), 1i64..4, 1i64..4), 0..12),
            wanted in proptest::collection::vec((kind(), 1i64..4, 1i64..4), 0..12),
        ) {
            let mut stored_items: Vec<OpenItem> = Vec::new();
            for (i, (k, org, rec)) in stored.iter().enumerate() {
                if !stored_items.iter().any(|o| (o.kind, o.org_id, o.record_id) == (*k, *org, *rec)) {
                    stored_items.push(open(i as i64, *k, *org, *rec));
                }
            }
            let waiting_now: Vec<Waiting> =
                wanted.iter().map(|(k, org, rec)| waiting(*k, *org, *rec)).collect();
            let r = reconcile(&stored_items, waiting_now.clone());
            let mut after: Vec<_> = stored_items
                .iter()
                .filter(|o| !r.close.contains(&o.id))
                .map(|o| (o.kind, o.org_id, o.record_id))
                .chain(r.open.iter().map(|w| (w.kind, w.org_id, w.record_id)))
                .collect();
            let total = after.len();
            after.sort_by_key(|(k, o, r)| (k.code(), *o, *r));
            after.dedup();
            prop_assert_eq!(after.len(), total, "an item twice");
            let mut expected: Vec<_> =
                waiting_now.iter().map(|w| (w.kind, w.org_id, w.record_id)).collect();
            expected.sort_by_key(|(k, o, r)| (k.code(), *o, *r));
            expected.dedup();
            prop_assert_eq!(after, expected);
        }

        #[test]
        fn the_ministry_never_hears_before_the_owner_is_overdue(
            k in kind(), days in 0u64..20_000, tier in proptest::sample::select(vec![Tier::Ministry, Tier::Province, Tier::Local]),
        ) {
            let since = day("1990-01-01").checked_add_days(Days::new(days)).expect("in range");
            let d = deadlines(k, since, None, tier);
            prop_assert!(d.due_on > since);
            prop_assert!(d.ministry_on >= d.due_on);
        }
    }
}
