//! Ministry classes (notice 3.3): "商务部将举办各类商务人才培训班，按照中西部地区的需求".
//! The ministry opens a demand survey for a year; central and western zones answer it with
//! the people they would send per topic (the notice's eight topics) and the months they
//! prefer; the ministry plans classes from the demand summed by topic and region, inviting
//! zones; invited zones enrol managers within the seats; the ministry records completion.

use super::managers::{self, Topic};
use crate::error::{FieldError, Validation};
use crate::input;
use crate::region::Region;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Central and western zones answer the survey and are invited to classes.
pub fn answers_surveys(region: Region) -> bool {
    managers::enrols_managers(region)
}

/// The year a survey is opened for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct SurveyInput {
    pub year: String,
}

impl SurveyInput {
    pub fn parse(&self) -> Result<i32, Validation> {
        let mut v = Validation::default();
        let year = input::whole_number(&mut v, "year", &self.year, 2100);
        if self.year.trim().is_empty() {
            v.push(FieldError::required("year", "年度"));
        } else if year.is_some_and(|y| y < 2006) {
            v.push(FieldError::new(
                "year",
                "out_of_range",
                "年度须为2006年以后",
                "year must be 2006 or later",
            ));
        }
        v.finish(year.and_then(|y| i32::try_from(y).ok()).unwrap_or(0))
    }
}

/// A zone's answer for one topic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[schema(as = TrainingDemandInput)]
pub struct DemandInput {
    /// A topic code or its Chinese name.
    pub topic: String,
    /// People the zone would send.
    pub people: String,
    /// Preferred months, 1–12, separated by commas or spaces (e.g. "5, 6").
    #[serde(default)]
    pub months: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demand {
    pub topic: &'static Topic,
    pub people: u32,
    /// Ascending, without repeats.
    pub months: Vec<u32>,
}

impl DemandInput {
    pub fn parse(&self) -> Result<Demand, Validation> {
        let mut v = Validation::default();
        let topic = input::choice(&mut v, "topic", "培训内容", &self.topic, managers::topic);
        let people = input::whole_number(&mut v, "people", &self.people, 1_000);
        if self.people.trim().is_empty() {
            v.push(FieldError::required("people", "人数"));
        } else if people == Some(0) {
            v.push(FieldError::new(
                "people",
                "not_positive",
                "人数须大于零",
                "people must be positive",
            ));
        }
        let mut months = Vec::new();
        for item in input::list(&self.months) {
            match item.trim_end_matches('月').parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => months.push(m),
                _ => {
                    v.push(FieldError::new(
                        "months",
                        "not_a_month",
                        format!("“{item}”不是月份（1—12）"),
                        format!("months: \"{item}\" is not a month (1-12)"),
                    ));
                    break;
                }
            }
        }
        months.sort_unstable();
        months.dedup();
        v.finish(())?;
        match (topic, people) {
            (Some(topic), Some(people)) => Ok(Demand {
                topic,
                people,
                months,
            }),
            _ => Err(Validation(vec![FieldError::required("body", "需求")])),
        }
    }
}

/// A class as the ministry plans it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct ClassInput {
    pub topic: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Where the class is held.
    pub place: String,
    pub seats: String,
    /// Ids of the invited zones, separated by commas or spaces.
    pub zones: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub topic: &'static Topic,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub seats: u32,
    pub zones: Vec<i64>,
}

impl ClassInput {
    /// The class, its dates within `year`, its invited zones checked by `invitable`
    /// (a known central or western zone).
    pub fn parse(&self, year: i32, invitable: impl Fn(i64) -> bool) -> Result<Class, Validation> {
        let course = managers::CourseInput {
            topic: self.topic.clone(),
            title: self.title.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            seats: self.seats.clone(),
            funding_yuan: String::new(),
        }
        .parse();
        let mut v = Validation::default();
        if let Err(e) = &course {
            v.0.extend(e.0.iter().cloned());
        }
        if let Ok(c) = &course
            && c.starts_on.year() != year
        {
            v.push(FieldError::new(
                "starts_on",
                "other_year",
                format!("开班日期须在调查年度{year}年内"),
                format!("starts_on must fall in the survey's year {year}"),
            ));
        }
        let place = input::required_text(&mut v, "place", "举办地点", &self.place, 100);
        let mut zones = Vec::new();
        for item in input::list(&self.zones) {
            match item.parse::<i64>() {
                Ok(id) if invitable(id) => zones.push(id),
                _ => {
                    v.push(FieldError::new(
                        "zones",
                        "not_invitable",
                        format!("“{item}”不是中西部国家级开发区"),
                        format!("zones: \"{item}\" is not a central or western zone"),
                    ));
                    break;
                }
            }
        }
        if self.zones.trim().is_empty() {
            v.push(FieldError::required("zones", "邀请的开发区"));
        }
        v.finish(())?;
        match (course, place) {
            (Ok(c), Some(place)) => Ok(Class {
                topic: c.topic,
                title: c.title,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                place,
                seats: c.seats,
                zones,
            }),
            _ => Err(Validation(vec![FieldError::required("body", "培训班")])),
        }
    }
}

/// The ministry's record of one enrolled manager.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct CompletionInput {
    /// `true`/`1`/`是` when the manager completed the class; `false`/`0`/`否` or empty when not.
    #[serde(default)]
    pub completed: String,
}

impl CompletionInput {
    pub fn parse(&self) -> Result<bool, Validation> {
        let mut v = Validation::default();
        let completed = input::flag(&mut v, "completed", &self.completed);
        v.finish(completed)
    }
}

/// The people surveyed for one topic: per region and in all, with the zones that answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TopicDemand {
    pub topic: String,
    pub topic_zh: String,
    pub central: i64,
    pub west: i64,
    pub total: i64,
    pub zones: i64,
}

/// The survey's answers `(topic code, region, people)` summed by topic, in the notice's
/// order of topics, every topic listed (zero when nobody asked for it).
pub fn demand_by_topic(answers: &[(String, Region, i64)]) -> Vec<TopicDemand> {
    let mut by: BTreeMap<&str, TopicDemand> = BTreeMap::new();
    for (code, region, people) in answers {
        let d = by.entry(code.as_str()).or_default();
        match region {
            Region::Central => d.central += people,
            Region::West => d.west += people,
            _ => {}
        }
        d.total += people;
        d.zones += 1;
    }
    managers::MANAGER_TOPICS
        .iter()
        .map(|t| TopicDemand {
            topic: t.code.to_owned(),
            topic_zh: t.name_zh.to_owned(),
            ..by.remove(t.code).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class() -> ClassInput {
        ClassInput {
            topic: "土地规划".into(),
            title: "中西部开发区土地规划培训班".into(),
            starts_on: "2007-06-04".into(),
            ends_on: "2007-06-08".into(),
            place: "北京".into(),
            seats: "50".into(),
            zones: "3, 4".into(),
        }
    }

    #[test]
    fn a_survey_year_is_2006_or_later() {
        assert_eq!(
            SurveyInput {
                year: "2007".into()
            }
            .parse(),
            Ok(2007)
        );
        for bad in ["", "2005", "x"] {
            let e = SurveyInput { year: bad.into() }.parse().expect_err(bad);
            assert_eq!(e.0[0].field, "year");
        }
    }

    #[test]
    fn a_demand_names_a_topic_people_and_months() {
        let d = DemandInput {
            topic: "招商引资".into(),
            people: "12".into(),
            months: "6月, 5 6".into(),
        }
        .parse()
        .expect("demand");
        assert_eq!(
            (d.topic.code, d.people, d.months),
            ("investment_promotion", 12, vec![5, 6])
        );
        let bad = DemandInput {
            topic: "烹饪".into(),
            people: "0".into(),
            months: "13".into(),
        };
        let fields: Vec<_> = bad
            .parse()
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["topic", "people", "months"]);
    }

    #[test]
    fn a_class_invites_central_and_western_zones_within_the_year() {
        let c = class().parse(2007, |z| z == 3 || z == 4).expect("class");
        assert_eq!(
            (c.seats, c.zones.clone(), c.place.as_str()),
            (50, vec![3, 4], "北京")
        );
        let e = class().parse(2008, |z| z == 3 || z == 4).expect_err("year");
        assert_eq!(e.0[0].code, "other_year");
        let e = class().parse(2007, |z| z == 3).expect_err("zone 4");
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("zones", "not_invitable")
        );
        let bad = ClassInput {
            place: " ".into(),
            zones: String::new(),
            seats: "0".into(),
            ..class()
        };
        let fields: Vec<_> = bad
            .parse(2007, |_| true)
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["seats", "place", "zones"]);
    }

    #[test]
    fn completion_is_a_yes_or_no() {
        let yes = CompletionInput {
            completed: "是".into(),
        };
        assert_eq!(yes.parse(), Ok(true));
        let odd = CompletionInput {
            completed: "maybe".into(),
        };
        assert_eq!(odd.parse().expect_err("odd").0[0].field, "completed");
    }

    #[test]
    fn demand_is_summed_by_topic_and_region() {
        let answers = vec![
            ("land_planning".to_owned(), Region::West, 10),
            ("land_planning".to_owned(), Region::Central, 4),
            ("services".to_owned(), Region::West, 3),
            ("land_planning".to_owned(), Region::West, 1),
        ];
        let d = demand_by_topic(&answers);
        assert_eq!(d.len(), 8);
        let land = d.iter().find(|t| t.topic == "land_planning").expect("land");
        assert_eq!(
            (land.central, land.west, land.total, land.zones),
            (4, 11, 15, 3)
        );
        assert_eq!(d.iter().map(|t| t.total).sum::<i64>(), 18);
        assert_eq!(d[0].total, 0);
    }
}
