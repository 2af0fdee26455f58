//! Manager training (notice 3.2): eastern national zones train managers and professionals
//! of central and western zones on the eight topics the notice names, with the ministry's
//! funding. A course is offered by an eastern zone; central and western zones enrol their
//! managers; the host records attendance and completion. Enrolments pair east and west.

use crate::error::{FieldError, Validation};
use crate::input;
use crate::money::Fen;
use crate::region::Region;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the notice's eight topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Topic {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

/// 国有资产管理、社会保障资金管理、财税管理、招商引资、土地规划、环境保护、节能降耗、
/// 服务业发展与管理 (notice 3.2), in the notice's order.
pub const MANAGER_TOPICS: [Topic; 8] = [
    Topic {
        code: "state_assets",
        name_zh: "国有资产管理",
        name_en: "state-owned asset management",
    },
    Topic {
        code: "social_security_funds",
        name_zh: "社会保障资金管理",
        name_en: "social security fund management",
    },
    Topic {
        code: "finance_tax",
        name_zh: "财税管理",
        name_en: "finance and taxation",
    },
    Topic {
        code: "investment_promotion",
        name_zh: "招商引资",
        name_en: "investment promotion",
    },
    Topic {
        code: "land_planning",
        name_zh: "土地规划",
        name_en: "land planning",
    },
    Topic {
        code: "environment",
        name_zh: "环境保护",
        name_en: "environmental protection",
    },
    Topic {
        code: "energy_saving",
        name_zh: "节能降耗",
        name_en: "energy saving",
    },
    Topic {
        code: "services",
        name_zh: "服务业发展与管理",
        name_en: "service-industry development and management",
    },
];

/// A topic by code or Chinese name.
pub fn topic(raw: &str) -> Option<&'static Topic> {
    let raw = raw.trim();
    MANAGER_TOPICS
        .iter()
        .find(|t| t.code == raw || t.name_zh == raw)
}

/// Eastern zones offer courses; central and western zones send managers.
pub fn offers_courses(region: Region) -> bool {
    region == Region::East
}

pub fn enrols_managers(region: Region) -> bool {
    matches!(region, Region::Central | Region::West)
}

/// A course as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct CourseInput {
    /// A topic code or its Chinese name.
    pub topic: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Places for managers.
    pub seats: String,
    /// 元 of training funds for the course (the ministry's support), up to two decimals.
    #[serde(default)]
    pub funding_yuan: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub topic: &'static Topic,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: u32,
    pub funding: Fen,
}

impl CourseInput {
    pub fn parse(&self) -> Result<Course, Validation> {
        let mut v = Validation::default();
        let topic = input::choice(&mut v, "topic", "培训内容", &self.topic, topic);
        let title = input::required_text(&mut v, "title", "课程名称", &self.title, 100);
        let starts_on = input::date(&mut v, "starts_on", &self.starts_on);
        if self.starts_on.trim().is_empty() {
            v.push(FieldError::required("starts_on", "开始日期"));
        }
        let ends_on = input::date(&mut v, "ends_on", &self.ends_on);
        if self.ends_on.trim().is_empty() {
            v.push(FieldError::required("ends_on", "结束日期"));
        }
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            v.push(FieldError::new(
                "ends_on",
                "before_start",
                "结束日期不能早于开始日期",
                "ends_on must not be before starts_on",
            ));
        }
        let seats = input::whole_number(&mut v, "seats", &self.seats, 10_000);
        if self.seats.trim().is_empty() {
            v.push(FieldError::required("seats", "名额"));
        } else if seats == Some(0) {
            v.push(FieldError::new(
                "seats",
                "not_positive",
                "名额须大于零",
                "seats must be positive",
            ));
        }
        let funding = input::amount(&mut v, "funding_yuan", &self.funding_yuan);
        v.finish(())?;
        match (topic, title, starts_on, ends_on, seats) {
            (Some(topic), Some(title), Some(starts_on), Some(ends_on), Some(seats)) => Ok(Course {
                topic,
                title,
                starts_on,
                ends_on,
                seats,
                funding: funding.unwrap_or(Fen(0)),
            }),
            _ => Err(Validation(vec![FieldError::required("body", "课程")])),
        }
    }
}

/// A manager as typed by the enrolling zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct EnrolmentInput {
    pub manager_name: String,
    /// Post held (e.g. 招商局副局长).
    pub position: String,
}

impl EnrolmentInput {
    pub fn parse(&self) -> Result<(String, String), Validation> {
        let mut v = Validation::default();
        let name = input::required_text(&mut v, "manager_name", "学员姓名", &self.manager_name, 50);
        let position = input::required_text(&mut v, "position", "职务", &self.position, 100);
        v.finish(())?;
        Ok((name.unwrap_or_default(), position.unwrap_or_default()))
    }
}

/// The host's record of one manager: days attended, and whether the course was completed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct AttendanceInput {
    pub days_attended: String,
    /// `true`/`1`/`是` when the manager completed the course.
    #[serde(default)]
    pub completed: String,
}

impl AttendanceInput {
    /// Days and completion, checked against the course's length in days.
    pub fn parse(&self, course_days: u32) -> Result<(u32, bool), Validation> {
        let mut v = Validation::default();
        let days = input::whole_number(&mut v, "days_attended", &self.days_attended, course_days);
        if self.days_attended.trim().is_empty() {
            v.push(FieldError::required("days_attended", "出勤天数"));
        }
        let completed = input::flag(&mut v, "completed", &self.completed);
        if completed && days == Some(0) {
            v.push(FieldError::new(
                "completed",
                "not_attended",
                "未出勤的学员不能结业",
                "a manager who attended no day cannot have completed",
            ));
        }
        v.finish((days.unwrap_or(0), completed))
    }
}

/// Days a course runs, both ends counted.
pub fn course_days(starts_on: NaiveDate, ends_on: NaiveDate) -> u32 {
    u32::try_from((ends_on - starts_on).num_days() + 1).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseInput {
        CourseInput {
            topic: "招商引资".into(),
            title: "中西部开发区招商引资实务".into(),
            starts_on: "2007-05-08".into(),
            ends_on: "2007-05-12".into(),
            seats: "40".into(),
            funding_yuan: "120000".into(),
        }
    }

    #[test]
    fn the_eight_topics_of_the_notice() {
        assert_eq!(MANAGER_TOPICS.len(), 8);
        assert_eq!(topic("服务业发展与管理").map(|t| t.code), Some("services"));
        assert_eq!(topic("finance_tax").map(|t| t.name_zh), Some("财税管理"));
        assert!(topic("烹饪").is_none());
    }

    #[test]
    fn a_course_is_checked_field_by_field() {
        let c = course().parse().expect("course");
        assert_eq!(
            (c.topic.code, c.seats, c.funding),
            ("investment_promotion", 40, Fen(12_000_000))
        );
        assert_eq!(course_days(c.starts_on, c.ends_on), 5);
        let bad = CourseInput {
            topic: "烹饪".into(),
            ends_on: "2007-05-01".into(),
            seats: "0".into(),
            ..course()
        };
        let fields: Vec<_> = bad
            .parse()
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["topic", "ends_on", "seats"]);
    }

    #[test]
    fn attendance_is_within_the_course_and_completion_needs_attendance() {
        let ok = AttendanceInput {
            days_attended: "5".into(),
            completed: "是".into(),
        };
        assert_eq!(ok.parse(5).expect("ok"), (5, true));
        let over = AttendanceInput {
            days_attended: "6".into(),
            completed: String::new(),
        };
        assert_eq!(over.parse(5).expect_err("over").0[0].code, "out_of_range");
        let none = AttendanceInput {
            days_attended: "0".into(),
            completed: "true".into(),
        };
        assert_eq!(none.parse(5).expect_err("none").0[0].code, "not_attended");
    }

    #[test]
    fn east_offers_and_central_and_west_enrol() {
        assert!(offers_courses(Region::East) && !offers_courses(Region::West));
        assert!(enrols_managers(Region::Central) && enrols_managers(Region::West));
        assert!(!enrols_managers(Region::East) && !enrols_managers(Region::Northeast));
    }
}
