//! Service-outsourcing bases (measure 7): cities and zones designated as bases with their
//! capacity (companies, staff, languages, services), and offshore-outsourcing demand posted by
//! companies, matched to the bases that offer the service.

use crate::input::{choice, list, required_text, text, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::{ProvinceCode, Region};
use crate::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The three kinds of service outsourcing the ministry counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// 信息技术外包: software, IT operations.
    Ito,
    /// 业务流程外包: call centres, back office.
    Bpo,
    /// 知识流程外包: research, design, analytics.
    Kpo,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Ito, Service::Bpo, Service::Kpo];

    pub fn code(self) -> &'static str {
        match self {
            Service::Ito => "ito",
            Service::Bpo => "bpo",
            Service::Kpo => "kpo",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Service::Ito => "信息技术外包",
            Service::Bpo => "业务流程外包",
            Service::Kpo => "知识流程外包",
        }
    }

    /// The code (any case), the abbreviation `ITO`, or the Chinese name.
    pub fn parse(raw: &str) -> Option<Service> {
        let raw = raw.trim();
        Service::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(raw) || s.name_zh() == raw)
    }
}

/// A designated base as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Base {
    pub id: i64,
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub city_zh: String,
    pub companies: u32,
    pub staff: u32,
    pub languages: Vec<String>,
    pub services: Vec<Service>,
}

/// The most staff a base or a demand may state: larger figures are typing mistakes.
pub const MAX_STAFF: u32 = 2_000_000;
const MAX_COMPANIES: u32 = 100_000;

/// A base as typed: lists separated by `;`, `、` or spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct BaseInput {
    pub name_zh: String,
    pub province_code: String,
    pub city_zh: String,
    pub companies: String,
    pub staff: String,
    /// 英语;日语 …
    pub languages: String,
    /// ito;bpo or 信息技术外包 …
    pub services: String,
}

fn services(v: &mut Validation, field: &str, raw: &str) -> Vec<Service> {
    let mut out = Vec::new();
    for item in list(raw) {
        match Service::parse(&item) {
            Some(s) if !out.contains(&s) => out.push(s),
            Some(_) => {}
            None => v.push(FieldError::new(
                field,
                "unknown",
                format!("“{item}”不是服务类型（信息技术外包、业务流程外包、知识流程外包）"),
                format!("{field}: \"{item}\" is not ito, bpo or kpo"),
            )),
        }
    }
    if out.is_empty() && v.0.iter().all(|e| e.field != field) {
        v.push(FieldError::required(field, "服务类型"));
    }
    out
}

fn count(v: &mut Validation, field: &str, label_zh: &str, raw: &str, max: u32) -> Option<u32> {
    if raw.trim().is_empty() {
        v.push(FieldError::required(field, label_zh));
        return None;
    }
    whole_number(v, field, raw, max)
}

impl BaseInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<Base, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "基地名称", &self.name_zh, 64);
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        let city_zh = required_text(&mut v, "city_zh", "城市", &self.city_zh, 32);
        let companies = count(
            &mut v,
            "companies",
            "企业数",
            &self.companies,
            MAX_COMPANIES,
        );
        let staff = count(&mut v, "staff", "从业人员", &self.staff, MAX_STAFF);
        let languages = list(&self.languages);
        if let Some(long) = languages.iter().find(|l| l.chars().count() > 16) {
            v.push(FieldError::new(
                "languages",
                "too_long",
                format!("语种“{long}”过长"),
                format!("languages: \"{long}\" is too long"),
            ));
        }
        let services = services(&mut v, "services", &self.services);
        match (name_zh, province, city_zh, companies, staff) {
            (Some(name_zh), Some(province_code), Some(city_zh), Some(companies), Some(staff))
                if v.is_empty() =>
            {
                Ok(Base {
                    id: 0,
                    name_zh,
                    province_code,
                    city_zh,
                    companies,
                    staff,
                    languages,
                    services,
                })
            }
            _ => Err(v),
        }
    }
}

/// Offshore-outsourcing demand as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Demand {
    pub id: i64,
    pub company: String,
    pub service: Service,
    pub languages: Vec<String>,
    pub staff_needed: u32,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = OutsourcingDemandInput)]
#[serde(default)]
pub struct DemandInput {
    /// The company placing the work (a foreign client or its Chinese agent).
    pub company: String,
    pub service: String,
    pub languages: String,
    pub staff_needed: String,
    pub description: String,
}

impl DemandInput {
    pub fn check(&self) -> Result<Demand, Validation> {
        let mut v = Validation::default();
        let company = required_text(&mut v, "company", "发包企业", &self.company, 128);
        let service = choice(&mut v, "service", "服务类型", &self.service, Service::parse);
        let staff = count(
            &mut v,
            "staff_needed",
            "所需人员",
            &self.staff_needed,
            MAX_STAFF,
        );
        let staff = match staff {
            Some(0) => {
                v.push(FieldError::new(
                    "staff_needed",
                    "not_positive",
                    "所需人员必须大于零",
                    "staff_needed must be greater than zero",
                ));
                None
            }
            other => other,
        };
        let description = text(&mut v, "description", &self.description, 2000).unwrap_or_default();
        match (company, service, staff) {
            (Some(company), Some(service), Some(staff_needed)) if v.is_empty() => Ok(Demand {
                id: 0,
                company,
                service,
                languages: list(&self.languages),
                staff_needed,
                description,
            }),
            _ => Err(v),
        }
    }
}

/// A base seen from a demand.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BaseMatch {
    pub base_id: i64,
    /// 0–100: languages covered (50), staff headroom (35), an interior base (15).
    pub score: u32,
    pub languages_missing: Vec<String>,
    pub reason_zh: String,
}

/// Headroom counted in full when the base's staff is this many times the demand's.
const FULL_HEADROOM: u64 = 20;

/// The bases offering the demand's service, best first (ties to the lower id). The
/// programme's aim is to move work west, so central and western bases get a bonus.
pub fn rank(demand: &Demand, bases: &[Base], catalog: &ReferenceCatalog) -> Vec<BaseMatch> {
    let mut out: Vec<BaseMatch> = bases
        .iter()
        .filter(|b| b.services.contains(&demand.service))
        .map(|b| {
            let missing: Vec<String> = demand
                .languages
                .iter()
                .filter(|l| !b.languages.contains(l))
                .cloned()
                .collect();
            let wanted = demand.languages.len().max(1) as u64;
            let covered = demand.languages.len() as u64 - missing.len() as u64;
            let language = if demand.languages.is_empty() {
                50
            } else {
                50 * covered / wanted
            };
            let need = u64::from(demand.staff_needed) * FULL_HEADROOM;
            let headroom = (35 * u64::from(b.staff))
                .checked_div(need)
                .unwrap_or(35)
                .min(35);
            let interior = catalog
                .province(&b.province_code)
                .is_some_and(|p| matches!(p.region, Region::Central | Region::West));
            let score = (language + headroom) as u32 + if interior { 15 } else { 0 };
            let reason_zh = format!(
                "提供{}；语种{}/{}；从业人员{}人{}",
                demand.service.name_zh(),
                covered,
                demand.languages.len(),
                b.staff,
                if interior { "；中西部基地" } else { "" }
            );
            BaseMatch {
                base_id: b.id,
                score,
                languages_missing: missing,
                reason_zh,
            }
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

    fn base(id: i64, province: &str, staff: u32, languages: &[&str], services: &[Service]) -> Base {
        Base {
            id,
            name_zh: format!("基地{id}"),
            province_code: ProvinceCode::parse(province).expect("code"),
            city_zh: "城市".into(),
            companies: 100,
            staff,
            languages: languages.iter().map(|s| (*s).to_owned()).collect(),
            services: services.to_vec(),
        }
    }

    fn demand(languages: &[&str], staff: u32) -> Demand {
        Demand {
            id: 1,
            company: "Acme".into(),
            service: Service::Ito,
            languages: languages.iter().map(|s| (*s).to_owned()).collect(),
            staff_needed: staff,
            description: String::new(),
        }
    }

    #[test]
    fn bases_without_the_service_are_left_out_and_languages_and_the_interior_count() {
        let bases = [
            base(1, "310000", 50_000, &["英语", "日语"], &[Service::Ito]),
            base(
                2,
                "510000",
                50_000,
                &["英语", "日语"],
                &[Service::Ito, Service::Bpo],
            ),
            base(3, "500000", 50_000, &["英语"], &[Service::Ito]),
            base(4, "420000", 50_000, &["英语", "日语"], &[Service::Bpo]),
        ];
        let ranked = rank(&demand(&["英语", "日语"], 200), &bases, &catalog());
        let ids: Vec<i64> = ranked.iter().map(|m| m.base_id).collect();
        assert_eq!(ids, vec![2, 1, 3]);
        assert_eq!(ranked[2].languages_missing, vec!["日语".to_owned()]);
    }

    #[test]
    fn inputs_are_checked_field_by_field() {
        let bad = BaseInput {
            name_zh: "成都服务外包基地".into(),
            province_code: "990000".into(),
            city_zh: "成都".into(),
            companies: "-1".into(),
            staff: "50000".into(),
            languages: "英语".into(),
            services: "ito;cloud".into(),
        };
        let fields: Vec<(String, &str)> = bad
            .check(&catalog())
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("province_code".into(), "unknown"),
                ("companies".into(), "negative"),
                ("services".into(), "unknown")
            ]
        );
        let zero = DemandInput {
            company: "Acme".into(),
            service: "ITO".into(),
            staff_needed: "0".into(),
            ..DemandInput::default()
        };
        assert_eq!(zero.check().expect_err("zero").0[0].code, "not_positive");
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_more_staff_never_hurts(staff in 0u32..200_000, need in 1u32..10_000, extra in 0u32..100_000) {
            let d = demand(&["英语"], need);
            let small = rank(&d, &[base(1, "510000", staff, &["英语"], &[Service::Ito])], &catalog());
            let big = rank(&d, &[base(1, "510000", staff + extra, &["英语"], &[Service::Ito])], &catalog());
            prop_assert!(small[0].score <= 100);
            prop_assert!(big[0].score >= small[0].score);
        }
    }
}
