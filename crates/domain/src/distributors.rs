//! Agricultural distribution enterprises (农产品流通企业, measure 10 (二) of the notice): the
//! register the ministry and the provincial commerce departments keep beside the wholesale
//! markets. Sizes are exact integers (fen, tonnes, m²); a fund approval sets the pilot flag.

use crate::error::{FieldError, Validation};
use crate::ids::CreditCode;
use crate::input::{choice, credit_code, flag, province, required_text, text, whole_number};
use crate::money::Fen;
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// What a distributor mainly does.
    pub enum Business {
        Wholesale => ("wholesale", "农产品批发", "wholesale"),
        ChainRetail => ("chain_retail", "连锁零售（农超对接）", "chain retail"),
        ColdChainLogistics => ("cold_chain_logistics", "冷链物流配送", "cold-chain logistics"),
        Processing => ("processing", "产地收购与加工", "sourcing and processing"),
        Export => ("export", "农产品出口", "export"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Distributor {
    pub id: i64,
    /// Its own organisation, when it has one: the account that applies for pilot funds.
    pub org_id: Option<i64>,
    pub name_zh: String,
    pub credit_code: CreditCode,
    pub province_code: ProvinceCode,
    pub county: String,
    pub business: Business,
    pub annual_turnover: Fen,
    /// Storage and cold-chain capacity in tonnes.
    pub storage_tonnes: i64,
    /// Trading or sorting floor in m².
    pub trading_area_m2: i64,
    pub pilot: bool,
    pub demo: bool,
}

/// A distributor as typed in the console, a JSON body or a spreadsheet row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DistributorInput {
    pub name_zh: String,
    pub credit_code: String,
    pub province_code: String,
    pub county: String,
    /// A [`Business`] code or its Chinese name.
    pub business: String,
    /// 元, up to two decimals.
    pub annual_turnover_yuan: String,
    pub storage_tonnes: String,
    pub trading_area_m2: String,
    /// Blank for none.
    pub org_id: String,
    /// 是/否, yes/no, true/false.
    pub pilot: String,
}

/// The largest capacity or area accepted: far above any real one, so a typo is caught.
const MAX_SIZE: u32 = 100_000_000;

impl DistributorInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<Distributor, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "企业名称", &self.name_zh, 100);
        let code = credit_code(&mut v, "credit_code", &self.credit_code);
        let province_code = province(&mut v, "province_code", &self.province_code, catalog);
        let county = text(&mut v, "county", &self.county, 40).unwrap_or_default();
        let business = choice(
            &mut v,
            "business",
            "主营业务",
            &self.business,
            Business::parse,
        );
        let turnover =
            crate::input::amount(&mut v, "annual_turnover_yuan", &self.annual_turnover_yuan);
        if self.annual_turnover_yuan.trim().is_empty() {
            v.push(FieldError::required("annual_turnover_yuan", "年营业额"));
        }
        let size = |v: &mut Validation, field: &str, raw: &str| {
            whole_number(v, field, raw, MAX_SIZE).map_or(0, i64::from)
        };
        let storage_tonnes = size(&mut v, "storage_tonnes", &self.storage_tonnes);
        let trading_area_m2 = size(&mut v, "trading_area_m2", &self.trading_area_m2);
        let org_id = match self.org_id.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    v.push(FieldError::new(
                        "org_id",
                        "invalid",
                        format!("“{raw}”不是有效的机构编号"),
                        format!("org_id: \"{raw}\" is not an organisation id"),
                    ));
                    None
                }
            },
        };
        let pilot = flag(&mut v, "pilot", &self.pilot);
        match (name_zh, code, province_code, business, turnover) {
            (Some(name_zh), Some(credit_code), Some(province_code), Some(business), Some(t))
                if v.is_empty() =>
            {
                Ok(Distributor {
                    id: 0,
                    org_id,
                    name_zh,
                    credit_code,
                    province_code,
                    county,
                    business,
                    annual_turnover: t,
                    storage_tonnes,
                    trading_area_m2,
                    pilot,
                    demo: false,
                })
            }
            _ => Err(v),
        }
    }

    pub fn from_distributor(d: &Distributor) -> DistributorInput {
        DistributorInput {
            name_zh: d.name_zh.clone(),
            credit_code: d.credit_code.to_string(),
            province_code: d.province_code.to_string(),
            county: d.county.clone(),
            business: d.business.code().to_owned(),
            annual_turnover_yuan: d.annual_turnover.to_yuan_string(),
            storage_tonnes: d.storage_tonnes.to_string(),
            trading_area_m2: d.trading_area_m2.to_string(),
            org_id: d.org_id.map(|id| id.to_string()).unwrap_or_default(),
            pilot: if d.pilot { "true" } else { "false" }.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn good() -> DistributorInput {
        DistributorInput {
            name_zh: "四川蜀冷链物流有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            province_code: "510000".into(),
            county: "双流区".into(),
            business: "冷链物流配送".into(),
            annual_turnover_yuan: "125000000.50".into(),
            storage_tonnes: "12000".into(),
            trading_area_m2: "8,000".into(),
            org_id: String::new(),
            pilot: "否".into(),
        }
    }

    fn fields(input: DistributorInput) -> Vec<(String, &'static str)> {
        match input.check(&catalog()) {
            Ok(_) => Vec::new(),
            Err(v) => v.0.into_iter().map(|e| (e.field, e.code)).collect(),
        }
    }

    #[test]
    fn a_good_distributor_is_exact() {
        let d = good().check(&catalog()).expect("valid");
        assert_eq!(d.annual_turnover, Fen(12_500_000_050));
        assert_eq!(d.business, Business::ColdChainLogistics);
        assert_eq!((d.storage_tonnes, d.trading_area_m2), (12_000, 8_000));
        assert!(!d.pilot);
        let again = DistributorInput::from_distributor(&d)
            .check(&catalog())
            .expect("round trip");
        assert_eq!(again, d);
    }

    #[test]
    fn bad_fields_are_named() {
        let f = |s: &str, c| (s.to_owned(), c);
        assert_eq!(
            fields(DistributorInput {
                credit_code: "91350100M000100Y44".into(),
                ..good()
            }),
            [f("credit_code", "check_character")]
        );
        assert_eq!(
            fields(DistributorInput {
                annual_turnover_yuan: "-1".into(),
                storage_tonnes: "1.5".into(),
                trading_area_m2: "-3".into(),
                ..good()
            }),
            [
                f("annual_turnover_yuan", "negative"),
                f("storage_tonnes", "not_a_number"),
                f("trading_area_m2", "negative")
            ]
        );
        assert_eq!(
            fields(DistributorInput {
                province_code: "999999".into(),
                business: "casino".into(),
                org_id: "x".into(),
                ..good()
            })
            .into_iter()
            .map(|(f, _)| f)
            .collect::<Vec<_>>(),
            ["province_code", "business", "org_id"]
        );
        assert_eq!(
            fields(DistributorInput {
                annual_turnover_yuan: " ".into(),
                name_zh: String::new(),
                ..good()
            }),
            [
                f("name_zh", "required"),
                f("annual_turnover_yuan", "required")
            ]
        );
    }
}
