//! The "find a location" question (选址匹配): what an enterprise asks before it has posted a
//! demand, as typed in the wizard or sent to the API, checked and turned into a match.

use crate::demand::{DemandFields, ports, regions, weights};
use crate::error::{FieldError, Validation};
use crate::input::{flag, industry, opt, whole_number};
use crate::matching::{Factor, MatchDemand, Weights};
use crate::money::Fen;
use crate::reference::ReferenceCatalog;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every field as typed; ports and regions may repeat (a multi-select) or be joined by `;`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LocationQueryInput {
    /// GB/T 4754 division or section code.
    pub industry: String,
    /// Port ids or names.
    pub ports: Vec<String>,
    /// `east`, `central`, `west`, `northeast` or their Chinese names; none means anywhere.
    pub regions: Vec<String>,
    pub workforce: String,
    /// `true`/`是` when the enterprise does processing trade.
    pub processing_trade: String,
    pub weight_industry_fit: String,
    pub weight_land_cost: String,
    pub weight_labour_cost: String,
    pub weight_labour_availability: String,
    pub weight_port_access: String,
    pub weight_regional_priority: String,
    pub weight_support: String,
}

/// A checked question: what to match, and with which weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationQuery {
    pub demand: MatchDemand,
    pub weights: Weights,
}

impl LocationQueryInput {
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

    pub fn set_weights(&mut self, weights: &Weights) {
        for factor in Factor::ALL {
            let value = weights.get(factor).to_string();
            match factor {
                Factor::IndustryFit => self.weight_industry_fit = value,
                Factor::LandCost => self.weight_land_cost = value,
                Factor::LabourCost => self.weight_labour_cost = value,
                Factor::LabourAvailability => self.weight_labour_availability = value,
                Factor::PortAccess => self.weight_port_access = value,
                Factor::RegionalPriority => self.weight_regional_priority = value,
                Factor::Support => self.weight_support = value,
            }
        }
    }

    /// Whether any weight was typed.
    pub fn has_weights(&self) -> bool {
        Factor::ALL
            .iter()
            .any(|f| !self.weight_raw(*f).trim().is_empty())
    }

    /// Takes the weights as typed in `other`, keeping this question.
    pub fn take_weights_from(&mut self, other: &LocationQueryInput) {
        self.weight_industry_fit = other.weight_industry_fit.clone();
        self.weight_land_cost = other.weight_land_cost.clone();
        self.weight_labour_cost = other.weight_labour_cost.clone();
        self.weight_labour_availability = other.weight_labour_availability.clone();
        self.weight_port_access = other.weight_port_access.clone();
        self.weight_regional_priority = other.weight_regional_priority.clone();
        self.weight_support = other.weight_support.clone();
    }

    /// The question as (name, value) pairs in a fixed order, repeated names for lists and
    /// empty values left out: what a link or a hidden form field carries.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |name: &str, value: &str| {
            if !value.trim().is_empty() {
                out.push((name.to_owned(), value.trim().to_owned()));
            }
        };
        push("industry", &self.industry);
        for port in &self.ports {
            push("ports", port);
        }
        for region in &self.regions {
            push("regions", region);
        }
        push("workforce", &self.workforce);
        push("processing_trade", &self.processing_trade);
        for factor in Factor::ALL {
            push(
                &format!("weight_{}", factor.code()),
                self.weight_raw(factor),
            );
        }
        out
    }

    /// The question a stored demand asks, for the wizard to start from.
    pub fn from_demand(f: &DemandFields, processing_trade: bool) -> LocationQueryInput {
        let mut input = LocationQueryInput {
            industry: f.industry.to_string(),
            ports: f.port_ids.iter().map(i64::to_string).collect(),
            regions: f
                .preferred_regions
                .iter()
                .map(|r| r.code().to_owned())
                .collect(),
            workforce: f.workforce.to_string(),
            processing_trade: if processing_trade { "true" } else { "" }.to_owned(),
            ..LocationQueryInput::default()
        };
        input.set_weights(&f.weights_or_default());
        input
    }

    pub fn validate(&self, catalog: &ReferenceCatalog) -> Result<LocationQuery, Validation> {
        let mut v = Validation::default();
        let industry = industry(&mut v, "industry", &self.industry, catalog);
        let port_names: Vec<String> = self
            .ports
            .iter()
            .map(|p| match p.trim().parse::<i64>() {
                Ok(id) => catalog
                    .port(id)
                    .map_or_else(|| p.trim().to_owned(), |port| port.name_zh.clone()),
                Err(_) => p.trim().to_owned(),
            })
            .collect();
        let port_ids = ports(&mut v, &port_names.join(";"), catalog);
        if port_ids.is_empty() && !v.0.iter().any(|e| e.field == "ports") {
            v.push(FieldError::new(
                "ports",
                "required",
                "请至少选择一个出货港口",
                "choose at least one port the enterprise ships through",
            ));
        }
        let preferred_regions = regions(&mut v, &self.regions.join(";"));
        let workforce = whole_number(&mut v, "workforce", &self.workforce, 1_000_000);
        if opt(&self.workforce).is_none() {
            v.push(FieldError::required("workforce", "用工需求"));
        }
        let processing_trade = flag(&mut v, "processing_trade", &self.processing_trade);
        let weights = weights(&mut v, |f| self.weight_raw(f)).unwrap_or_default();
        match (industry, workforce) {
            (Some(industry), Some(workforce)) if v.is_empty() => Ok(LocationQuery {
                demand: MatchDemand {
                    industry,
                    investment: Fen(0),
                    workforce,
                    port_ids,
                    preferred_regions,
                    processing_trade,
                },
                weights,
            }),
            _ => Err(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::test_catalog::catalog;

    fn shenzhen_electronics() -> LocationQueryInput {
        LocationQueryInput {
            industry: "39".into(),
            ports: vec!["2".into()],
            regions: vec!["central".into(), "西部".into()],
            workforce: "3000".into(),
            processing_trade: "true".into(),
            ..LocationQueryInput::default()
        }
    }

    #[test]
    fn a_question_becomes_a_match_demand_with_default_weights() {
        let q = shenzhen_electronics().validate(&catalog()).expect("valid");
        assert_eq!(q.demand.port_ids, vec![2]);
        assert_eq!(
            q.demand.preferred_regions,
            vec![Region::Central, Region::West]
        );
        assert!(q.demand.processing_trade);
        assert_eq!(q.weights, Weights::MINISTRY_DEFAULT);
        let mut by_name = shenzhen_electronics();
        by_name.ports = vec!["深圳港".into()];
        assert_eq!(by_name.validate(&catalog()).expect("valid"), q);
    }

    #[test]
    fn missing_and_unknown_answers_are_named() {
        let input = LocationQueryInput {
            industry: "XX".into(),
            ports: vec![],
            regions: vec!["火星".into()],
            workforce: String::new(),
            weight_port_access: "300".into(),
            ..LocationQueryInput::default()
        };
        let errors = input.validate(&catalog()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "industry",
                "ports",
                "preferred_regions",
                "workforce",
                "weight_port_access"
            ]
        );
    }

    #[test]
    fn a_stored_demand_asks_the_same_question() {
        let input = shenzhen_electronics();
        let q = input.validate(&catalog()).expect("valid");
        let fields = DemandFields {
            title: "t".into(),
            industry: q.demand.industry.clone(),
            investment: Fen(1),
            land_hundredth_mu: None,
            workforce: 3000,
            skills: vec![],
            power_kva: None,
            water_tonnes_per_day: None,
            port_ids: vec![2],
            preferred_regions: vec![Region::Central, Region::West],
            start_by: None,
            description: None,
            weights: None,
        };
        let again = LocationQueryInput::from_demand(&fields, true)
            .validate(&catalog())
            .expect("valid");
        assert_eq!(again, q);
    }
}
