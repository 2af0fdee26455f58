//! A relocation demand as typed in the form or a spreadsheet row, and its checks.

use super::DemandFields;
use crate::error::{FieldError, Validation};
use crate::input::{
    amount, date, industry, list, opt, quantity, required_text, text, whole_number,
};
use crate::matching::{Factor, Weights};
use crate::money::Fen;
use crate::reference::ReferenceCatalog;
use crate::region::Region;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every field as typed in the form or a spreadsheet row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DemandInput {
    pub title: String,
    pub industry: String,
    /// 元, up to two decimals.
    pub investment_yuan: String,
    /// 亩, up to two decimals.
    pub land_mu: String,
    pub workforce: String,
    /// Separated by `;`, `、` or spaces.
    pub skills: String,
    pub power_kva: String,
    pub water_tonnes_per_day: String,
    /// Port names separated by `;`, e.g. `深圳港;广州港`.
    pub ports: String,
    /// `central;west` or 中部、西部.
    pub preferred_regions: String,
    /// `YYYY-MM` or a date.
    pub start_by: String,
    pub description: String,
    /// Weights 0–100 by factor code; all empty means the ministry's defaults.
    pub weight_industry_fit: String,
    pub weight_land_cost: String,
    pub weight_labour_cost: String,
    pub weight_labour_availability: String,
    pub weight_port_access: String,
    pub weight_regional_priority: String,
    pub weight_support: String,
}

const MAX_SKILLS: usize = 20;
const MAX_PORTS: usize = 5;
/// 1 万亿元: far above any single relocation, low enough that sums cannot overflow.
const MAX_INVESTMENT: Fen = Fen(100_000_000_000_000);

impl DemandInput {
    fn weight_raw(&self, factor: Factor) -> &str {
        match factor {
            Factor::IndustryFit => &self.weight_industry_fit,
            Factor::LandCost => &self.weight_land_cost,
            Factor::LabourCost => &self.weight_labour_cost,
            Factor::LabourAvailability => &self.weight_labour_availability,
            Factor::PortAccess => &self.weight_port_access,
            Factor::RegionalPriority => &self.weight_regional_priority,
            Factor::Support => &self.weight_support,
        }
    }

    fn weight_raw_mut(&mut self, factor: Factor) -> &mut String {
        match factor {
            Factor::IndustryFit => &mut self.weight_industry_fit,
            Factor::LandCost => &mut self.weight_land_cost,
            Factor::LabourCost => &mut self.weight_labour_cost,
            Factor::LabourAvailability => &mut self.weight_labour_availability,
            Factor::PortAccess => &mut self.weight_port_access,
            Factor::RegionalPriority => &mut self.weight_regional_priority,
            Factor::Support => &mut self.weight_support,
        }
    }

    /// Checks every field; `today` bounds the timeline (a start in the past is refused).
    pub fn validate(
        &self,
        catalog: &ReferenceCatalog,
        today: NaiveDate,
    ) -> Result<DemandFields, Validation> {
        let mut v = Validation::default();
        let title = required_text(&mut v, "title", "意向标题", &self.title, 100);
        let industry = industry(&mut v, "industry", &self.industry, catalog);
        let investment = match amount(&mut v, "investment_yuan", &self.investment_yuan) {
            None if opt(&self.investment_yuan).is_none() => {
                v.push(FieldError::required("investment_yuan", "投资额"));
                None
            }
            Some(fen) if fen.0 == 0 || fen > MAX_INVESTMENT => {
                v.push(FieldError::new(
                    "investment_yuan",
                    "out_of_range",
                    "投资额应大于0且不超过1万亿元",
                    "investment_yuan must be above zero and at most 1 trillion yuan",
                ));
                None
            }
            other => other,
        };
        let land_hundredth_mu = quantity(&mut v, "land_mu", &self.land_mu, 2);
        let workforce = match whole_number(&mut v, "workforce", &self.workforce, 1_000_000) {
            None if opt(&self.workforce).is_none() => {
                v.push(FieldError::required("workforce", "用工需求"));
                None
            }
            other => other,
        };
        let skills = list(&self.skills);
        if skills.len() > MAX_SKILLS || skills.iter().any(|s| s.chars().count() > 20) {
            v.push(FieldError::new(
                "skills",
                "too_long",
                format!("技能要求最多{MAX_SKILLS}项，每项不超过20个字"),
                format!("at most {MAX_SKILLS} skills of at most 20 characters each"),
            ));
        }
        let power_kva = whole_number(&mut v, "power_kva", &self.power_kva, 10_000_000);
        let water_tonnes_per_day = whole_number(
            &mut v,
            "water_tonnes_per_day",
            &self.water_tonnes_per_day,
            10_000_000,
        );
        let port_ids = ports(&mut v, &self.ports, catalog);
        let preferred_regions = regions(&mut v, &self.preferred_regions);
        let start_by = date(&mut v, "start_by", &self.start_by);
        let this_month = today.with_day(1).unwrap_or(today);
        if start_by.is_some_and(|d| d < this_month) {
            v.push(FieldError::new(
                "start_by",
                "in_the_past",
                "计划投产时间不能早于本月",
                "start_by must not be before this month",
            ));
        }
        let description = text(&mut v, "description", &self.description, 4000);
        let weights = weights(&mut v, |f| self.weight_raw(f));
        match (title, industry, investment, workforce) {
            (Some(title), Some(industry), Some(investment), Some(workforce)) if v.is_empty() => {
                Ok(DemandFields {
                    title,
                    industry,
                    investment,
                    land_hundredth_mu,
                    workforce,
                    skills,
                    power_kva,
                    water_tonnes_per_day,
                    port_ids,
                    preferred_regions,
                    start_by,
                    description,
                    weights,
                })
            }
            _ => Err(v),
        }
    }

    pub fn from_fields(f: &DemandFields, catalog: &ReferenceCatalog) -> DemandInput {
        use crate::decimal::format_scaled;
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let mut input = DemandInput {
            title: f.title.clone(),
            industry: f.industry.to_string(),
            investment_yuan: f.investment.to_yuan_string(),
            land_mu: f
                .land_hundredth_mu
                .map(|l| format_scaled(l, 2))
                .unwrap_or_default(),
            workforce: f.workforce.to_string(),
            skills: f.skills.join(";"),
            power_kva: number(f.power_kva),
            water_tonnes_per_day: number(f.water_tonnes_per_day),
            ports: f
                .port_ids
                .iter()
                .filter_map(|id| catalog.port(*id))
                .map(|p| p.name_zh.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            preferred_regions: f
                .preferred_regions
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(";"),
            start_by: f
                .start_by
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            ..DemandInput::default()
        };
        if let Some(weights) = f.weights {
            for factor in Factor::ALL {
                *input.weight_raw_mut(factor) = weights.get(factor).to_string();
            }
        }
        input
    }
}

/// The seven weights as typed (`weight_<factor>`); all empty means the ministry's defaults
/// (`None`), an empty one among given ones counts as zero.
pub(crate) fn weights<'a>(v: &mut Validation, raw: impl Fn(Factor) -> &'a str) -> Option<Weights> {
    if Factor::ALL.iter().all(|f| opt(raw(*f)).is_none()) {
        return None;
    }
    let mut weights = Weights::MINISTRY_DEFAULT;
    let mut ok = true;
    for factor in Factor::ALL {
        let field = format!("weight_{}", factor.code());
        let typed = raw(factor);
        let weight = match whole_number(v, &field, typed, u32::from(Weights::MAX)) {
            Some(w) => u8::try_from(w).ok(),
            None if opt(typed).is_none() => Some(0),
            None => None,
        };
        match weight {
            Some(w) => weights.set(factor, w),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    match weights.validate() {
        Ok(w) => Some(w),
        Err(errors) => {
            v.0.extend(errors.0);
            None
        }
    }
}

pub(crate) fn ports(v: &mut Validation, raw: &str, catalog: &ReferenceCatalog) -> Vec<i64> {
    let mut ids = Vec::new();
    for name in list(raw) {
        let port = catalog
            .port_by_name(&name)
            .or_else(|| catalog.port_by_name(&format!("{name}港")));
        match port {
            Some(p) if !ids.contains(&p.id) => ids.push(p.id),
            Some(_) => {}
            None => v.push(FieldError::new(
                "ports",
                "unknown",
                format!("未知港口“{name}”（请用港口目录中的名称，如 深圳港）"),
                format!("unknown port \"{name}\" (use a name from the port list, e.g. 深圳港)"),
            )),
        }
    }
    if ids.len() > MAX_PORTS {
        v.push(FieldError::new(
            "ports",
            "too_many",
            format!("最多填写{MAX_PORTS}个港口"),
            format!("at most {MAX_PORTS} ports"),
        ));
    }
    ids
}

pub(crate) fn regions(v: &mut Validation, raw: &str) -> Vec<Region> {
    let mut out = Vec::new();
    for item in list(raw) {
        let name = item.trim_end_matches("地区");
        match Region::ALL
            .into_iter()
            .find(|r| r.code() == name || r.name_zh() == name)
        {
            Some(r) if !out.contains(&r) => out.push(r),
            Some(_) => {}
            None => v.push(FieldError::new(
                "preferred_regions",
                "unknown",
                format!("未知地区“{item}”（可填 东部、中部、西部、东北）"),
                format!("unknown region \"{item}\" (east, central, west or northeast)"),
            )),
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, 3, 15).expect("date")
    }

    pub(crate) fn electronics() -> DemandInput {
        DemandInput {
            title: "消费电子组装线整体转移".into(),
            industry: "39".into(),
            investment_yuan: "300000000".into(),
            land_mu: "120.5".into(),
            workforce: "3000".into(),
            skills: "电子装配、SMT；注塑".into(),
            power_kva: "8000".into(),
            water_tonnes_per_day: "500".into(),
            ports: "深圳港;上海".into(),
            preferred_regions: "中部、west".into(),
            start_by: "2008-06".into(),
            description: "供货链在珠三角，需要铁路或公路直达深圳。".into(),
            ..DemandInput::default()
        }
    }

    #[test]
    fn a_valid_demand_round_trips() {
        let f = electronics().validate(&catalog(), today()).expect("valid");
        assert_eq!(f.investment, Fen(30_000_000_000));
        assert_eq!(f.land_hundredth_mu, Some(12_050));
        assert_eq!(f.port_ids, vec![2, 1]);
        assert_eq!(f.preferred_regions, vec![Region::Central, Region::West]);
        assert_eq!(f.skills, vec!["电子装配", "SMT", "注塑"]);
        assert_eq!(f.weights, None);
        let again = DemandInput::from_fields(&f, &catalog())
            .validate(&catalog(), today())
            .expect("valid");
        assert_eq!(again, f);
    }

    #[test]
    fn bad_fields_are_each_named() {
        let input = DemandInput {
            industry: "391".into(),
            investment_yuan: "-5".into(),
            workforce: "many".into(),
            ports: "火星港".into(),
            preferred_regions: "南方".into(),
            start_by: "2006-01".into(),
            ..electronics()
        };
        let errors = input.validate(&catalog(), today()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "industry",
                "investment_yuan",
                "workforce",
                "ports",
                "preferred_regions",
                "start_by"
            ]
        );
    }

    #[test]
    fn weights_given_are_checked_and_kept() {
        let mut input = electronics();
        input.weight_port_access = "100".into();
        let f = input.validate(&catalog(), today()).expect("valid");
        let w = f.weights.expect("weights");
        assert_eq!(w.port_access, 100);
        assert_eq!(w.total(), 100, "unset weights count as zero");
        input.weight_port_access = "0".into();
        let errors = input.validate(&catalog(), today()).expect_err("all zero");
        assert_eq!(errors.0[0].field, "weights");
        input.weight_port_access = "101".into();
        let errors = input.validate(&catalog(), today()).expect_err("too big");
        assert_eq!(errors.0[0].field, "weight_port_access");
    }
}
