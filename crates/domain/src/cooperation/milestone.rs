//! Milestones of an agreement: a due date on or after the signing, pending until done or
//! cancelled; a pending milestone past its due date is overdue, judged against the day the
//! caller passes in (from the app's clock), never the system time.

use crate::error::{FieldError, Validation};
use crate::input::{choice, date, required_text, text};
use crate::pipeline::coded_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    /// What the keepers recorded.
    pub enum MilestoneStatus {
        Pending => ("pending", "进行中", "Pending"),
        Done => ("done", "已完成", "Done"),
        Cancelled => ("cancelled", "已取消", "Cancelled"),
    }
}

/// What a reader is shown: the recorded status, with pending split by the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    Pending,
    Overdue,
    Done,
    Cancelled,
}

impl MilestoneState {
    pub fn name_zh(self) -> &'static str {
        match self {
            MilestoneState::Pending => "进行中",
            MilestoneState::Overdue => "已逾期",
            MilestoneState::Done => "已完成",
            MilestoneState::Cancelled => "已取消",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MilestoneState::Pending => "pending",
            MilestoneState::Overdue => "overdue",
            MilestoneState::Done => "done",
            MilestoneState::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub agreement_id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub status: MilestoneStatus,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Milestone {
    /// Overdue when still pending after its due day.
    pub fn state(&self, today: NaiveDate) -> MilestoneState {
        match self.status {
            MilestoneStatus::Pending if self.due_on < today => MilestoneState::Overdue,
            MilestoneStatus::Pending => MilestoneState::Pending,
            MilestoneStatus::Done => MilestoneState::Done,
            MilestoneStatus::Cancelled => MilestoneState::Cancelled,
        }
    }
}

/// A new milestone as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: String,
}

impl MilestoneInput {
    /// A pending milestone of agreement `agreement_id`, signed on `signed_on`.
    pub fn check(&self, agreement_id: i64, signed_on: NaiveDate) -> Result<Milestone, Validation> {
        let mut v = Validation::default();
        let title = required_text(&mut v, "title", "节点名称", &self.title, 200);
        let due_on = if self.due_on.trim().is_empty() {
            v.push(FieldError::required("due_on", "到期日期"));
            None
        } else {
            date(&mut v, "due_on", &self.due_on)
        };
        if let Some(due) = due_on.filter(|d| *d < signed_on) {
            v.push(FieldError::new(
                "due_on",
                "before_signing",
                format!("到期日期（{due}）不能早于协议签约日期（{signed_on}）"),
                format!("due_on ({due}) must not be before the signing date ({signed_on})"),
            ));
        }
        match (title, due_on) {
            (Some(title), Some(due_on)) if v.is_empty() => Ok(Milestone {
                id: 0,
                agreement_id,
                title,
                due_on,
                status: MilestoneStatus::Pending,
                done_on: None,
                note: None,
            }),
            _ => Err(v),
        }
    }
}

/// A change of status as typed: `done` with the day it was done, or `cancelled`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MilestoneUpdate {
    pub status: String,
    pub done_on: String,
    pub note: String,
}

impl MilestoneUpdate {
    /// The milestone after the change; done on a day between the signing and today.
    pub fn apply(
        &self,
        m: &Milestone,
        signed_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Milestone, Validation> {
        let mut v = Validation::default();
        let status = choice(
            &mut v,
            "status",
            "状态",
            &self.status,
            MilestoneStatus::parse,
        );
        let note = text(&mut v, "note", &self.note, 1000);
        let done_on = date(&mut v, "done_on", &self.done_on);
        if status == Some(MilestoneStatus::Done) {
            match done_on {
                None if v.is_empty() => v.push(FieldError::required("done_on", "完成日期")),
                Some(d) if d < signed_on || d > today => v.push(FieldError::new(
                    "done_on",
                    "out_of_range",
                    format!("完成日期须在签约日期（{signed_on}）与今天（{today}）之间"),
                    format!(
                        "done_on must be between the signing ({signed_on}) and today ({today})"
                    ),
                )),
                _ => {}
            }
        }
        match status {
            Some(status) if v.is_empty() => Ok(Milestone {
                status,
                done_on: (status == MilestoneStatus::Done)
                    .then_some(done_on)
                    .flatten(),
                note: note.or_else(|| m.note.clone()),
                ..m.clone()
            }),
            _ => Err(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    fn milestone(due: &str) -> Milestone {
        MilestoneInput {
            title: "首批企业入园".into(),
            due_on: due.into(),
        }
        .check(1, day("2007-04-26"))
        .expect("valid")
    }

    #[test]
    fn a_pending_milestone_past_its_day_is_overdue() {
        let m = milestone("2007-12-31");
        assert_eq!(m.state(day("2007-12-31")), MilestoneState::Pending);
        assert_eq!(m.state(day("2008-01-01")), MilestoneState::Overdue);
        let done = MilestoneUpdate {
            status: "done".into(),
            done_on: "2008-01-05".into(),
            note: String::new(),
        }
        .apply(&m, day("2007-04-26"), day("2008-02-01"))
        .expect("valid");
        assert_eq!(done.state(day("2009-01-01")), MilestoneState::Done);
    }

    #[test]
    fn a_milestone_before_the_signing_is_refused_by_name() {
        let err = MilestoneInput {
            title: "首批企业入园".into(),
            due_on: "2007-04-25".into(),
        }
        .check(1, day("2007-04-26"))
        .expect_err("before signing");
        assert_eq!(err.0[0].field, "due_on");
        assert_eq!(err.0[0].code, "before_signing");
        assert!(err.0[0].message_zh.contains("不能早于协议签约日期"));
        assert!(milestone("2007-04-26").due_on == day("2007-04-26"));
    }

    #[test]
    fn done_needs_a_day_between_signing_and_today() {
        let m = milestone("2007-12-31");
        let update = |done_on: &str| MilestoneUpdate {
            status: "已完成".into(),
            done_on: done_on.into(),
            note: String::new(),
        };
        let (signed, today) = (day("2007-04-26"), day("2008-02-01"));
        assert_eq!(
            update("").apply(&m, signed, today).expect_err("missing").0[0].code,
            "required"
        );
        assert_eq!(
            update("2008-03-01")
                .apply(&m, signed, today)
                .expect_err("future")
                .0[0]
                .code,
            "out_of_range"
        );
        assert_eq!(
            update("2007-01-01")
                .apply(&m, signed, today)
                .expect_err("early")
                .0[0]
                .code,
            "out_of_range"
        );
        let cancelled = MilestoneUpdate {
            status: "cancelled".into(),
            ..Default::default()
        }
        .apply(&m, signed, today)
        .expect("valid");
        assert_eq!(
            cancelled.state(day("2009-01-01")),
            MilestoneState::Cancelled
        );
    }
}
