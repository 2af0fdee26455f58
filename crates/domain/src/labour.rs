//! Labour cooperation (measure 8): labour-export bases in the interior (劳务输出基地) with their
//! training support and worker numbers, overseas contracting projects (对外承包工程) looking for
//! workers, and the bases that can staff each project.

use crate::input::{date, list, required_text, text, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use crate::{FieldError, Validation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Larger worker figures are typing mistakes.
pub const MAX_WORKERS: u32 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportBase {
    pub id: i64,
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub county: String,
    /// Workers registered and ready to go abroad.
    pub workers_available: u32,
    /// Workers trained a year (pre-departure and skills).
    pub trained_per_year: u32,
    /// What the base offers: schools, subsidies, language courses.
    pub training_support: String,
    pub occupations: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ExportBaseInput {
    pub name_zh: String,
    pub province_code: String,
    pub county: String,
    pub workers_available: String,
    pub trained_per_year: String,
    pub training_support: String,
    /// 电焊工;钢筋工 …
    pub occupations: String,
}

fn workers(v: &mut Validation, field: &str, label_zh: &str, raw: &str) -> Option<u32> {
    if raw.trim().is_empty() {
        v.push(FieldError::required(field, label_zh));
        return None;
    }
    whole_number(v, field, raw, MAX_WORKERS)
}

fn occupations(v: &mut Validation, raw: &str) -> Vec<String> {
    let items = list(raw);
    if items.is_empty() {
        v.push(FieldError::required("occupations", "工种"));
    }
    if let Some(long) = items.iter().find(|o| o.chars().count() > 20) {
        v.push(FieldError::new(
            "occupations",
            "too_long",
            format!("工种“{long}”过长"),
            format!("occupations: \"{long}\" is too long"),
        ));
    }
    items
}

impl ExportBaseInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<ExportBase, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "基地名称", &self.name_zh, 64);
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        let county = text(&mut v, "county", &self.county, 32).unwrap_or_default();
        let available = workers(
            &mut v,
            "workers_available",
            "可输出劳务人员",
            &self.workers_available,
        );
        let trained = workers(
            &mut v,
            "trained_per_year",
            "年培训人数",
            &self.trained_per_year,
        );
        let support =
            text(&mut v, "training_support", &self.training_support, 500).unwrap_or_default();
        let occupations = occupations(&mut v, &self.occupations);
        match (name_zh, province, available, trained) {
            (
                Some(name_zh),
                Some(province_code),
                Some(workers_available),
                Some(trained_per_year),
            ) if v.is_empty() => Ok(ExportBase {
                id: 0,
                name_zh,
                province_code,
                county,
                workers_available,
                trained_per_year,
                training_support: support,
                occupations,
            }),
            _ => Err(v),
        }
    }
}

/// An overseas contracting project looking for workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OverseasProject {
    pub id: i64,
    pub name_zh: String,
    pub contractor: String,
    pub country: String,
    pub occupations: Vec<String>,
    pub workers_needed: u32,
    pub starts_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct OverseasProjectInput {
    pub name_zh: String,
    pub contractor: String,
    pub country: String,
    pub occupations: String,
    pub workers_needed: String,
    /// `YYYY-MM-DD` or `YYYY-MM`; optional.
    pub starts_on: String,
}

impl OverseasProjectInput {
    pub fn check(&self) -> Result<OverseasProject, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "项目名称", &self.name_zh, 128);
        let contractor = required_text(&mut v, "contractor", "承包企业", &self.contractor, 128);
        let country = required_text(&mut v, "country", "国家或地区", &self.country, 64);
        let occupations = occupations(&mut v, &self.occupations);
        let needed = match workers(&mut v, "workers_needed", "所需人数", &self.workers_needed) {
            Some(0) => {
                v.push(FieldError::new(
                    "workers_needed",
                    "not_positive",
                    "所需人数必须大于零",
                    "workers_needed must be greater than zero",
                ));
                None
            }
            other => other,
        };
        let starts_on = date(&mut v, "starts_on", &self.starts_on);
        match (name_zh, contractor, country, needed) {
            (Some(name_zh), Some(contractor), Some(country), Some(workers_needed))
                if v.is_empty() =>
            {
                Ok(OverseasProject {
                    id: 0,
                    name_zh,
                    contractor,
                    country,
                    occupations,
                    workers_needed,
                    starts_on,
                })
            }
            _ => Err(v),
        }
    }
}

/// A base seen from a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LabourMatch {
    pub base_id: i64,
    /// The project's occupations the base trains for.
    pub occupations_covered: Vec<String>,
    /// Workers the base could send toward the project: at most what it has and what is needed.
    pub workers_offered: u32,
    /// 0–100: occupations covered (60), workers offered against workers needed (40).
    pub score: u32,
}

/// Bases training for at least one of the project's occupations, best first (ties to the
/// lower id).
pub fn match_bases(project: &OverseasProject, bases: &[ExportBase]) -> Vec<LabourMatch> {
    let wanted = project.occupations.len().max(1) as u64;
    let mut out: Vec<LabourMatch> = bases
        .iter()
        .filter_map(|b| {
            let covered: Vec<String> = project
                .occupations
                .iter()
                .filter(|o| b.occupations.contains(o))
                .cloned()
                .collect();
            if covered.is_empty() {
                return None;
            }
            let offered = b.workers_available.min(project.workers_needed);
            let score = 60 * covered.len() as u64 / wanted
                + 40 * u64::from(offered) / u64::from(project.workers_needed.max(1));
            Some(LabourMatch {
                base_id: b.id,
                occupations_covered: covered,
                workers_offered: offered,
                score: score as u32,
            })
        })
        .collect();
    out.sort_by_key(|m| (std::cmp::Reverse(m.score), m.base_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;
    use proptest::prelude::*;

    fn base(id: i64, workers: u32, occupations: &[&str]) -> ExportBase {
        ExportBase {
            id,
            name_zh: format!("基地{id}"),
            province_code: ProvinceCode::parse("510000").expect("code"),
            county: String::new(),
            workers_available: workers,
            trained_per_year: 100,
            training_support: String::new(),
            occupations: occupations.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn project(needed: u32, occupations: &[&str]) -> OverseasProject {
        OverseasProject {
            id: 1,
            name_zh: "项目".into(),
            contractor: "中建".into(),
            country: "阿尔及利亚".into(),
            occupations: occupations.iter().map(|s| (*s).to_owned()).collect(),
            workers_needed: needed,
            starts_on: None,
        }
    }

    #[test]
    fn bases_are_ranked_by_occupations_then_workers() {
        let bases = [
            base(1, 1_000, &["电焊工"]),
            base(2, 400, &["电焊工", "钢筋工"]),
            base(3, 1_000, &["厨师"]),
            base(4, 1_000, &["电焊工", "钢筋工"]),
        ];
        let ranked = match_bases(&project(500, &["电焊工", "钢筋工"]), &bases);
        let ids: Vec<i64> = ranked.iter().map(|m| m.base_id).collect();
        assert_eq!(ids, vec![4, 2, 1]);
        assert_eq!((ranked[0].score, ranked[0].workers_offered), (100, 500));
    }

    #[test]
    fn inputs_name_the_fields_at_fault() {
        let bad = ExportBaseInput {
            name_zh: "达州劳务基地".into(),
            province_code: "510000".into(),
            workers_available: "-3".into(),
            trained_per_year: "200".into(),
            ..ExportBaseInput::default()
        };
        let fields: Vec<String> = bad
            .check(&catalog())
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["workers_available", "occupations"]);
        let p = OverseasProjectInput {
            name_zh: "铁路项目".into(),
            contractor: "中铁".into(),
            country: "安哥拉".into(),
            occupations: "电焊工".into(),
            workers_needed: "0".into(),
            starts_on: "2007-13-01".into(),
        };
        let codes: Vec<&str> = p
            .check()
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, vec!["not_positive", "not_a_date"]);
    }

    proptest! {
        #[test]
        fn offers_never_exceed_need_or_supply(workers in 0u32..10_000, needed in 1u32..10_000) {
            let m = match_bases(&project(needed, &["电焊工"]), &[base(1, workers, &["电焊工"])]);
            prop_assert!(m[0].workers_offered <= needed && m[0].workers_offered <= workers);
            prop_assert!(m[0].score <= 100);
        }
    }
}
