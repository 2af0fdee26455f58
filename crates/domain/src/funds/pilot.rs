//! Pilot programmes of wholesale markets and agricultural distribution enterprises (measure
//! 10 (二) of the notice: 对中西部地区予以倾斜，适当放宽准入要求，增加试点市场和企业的项目数量，
//! 提高资金支持标准). The tilt is programme data, per region of the applicant's province:
//! lower entry thresholds, a higher share of the project cost funded with a higher cap, and
//! more pilot slots. A programme without regional terms behaves exactly as before.

use super::interest::{PPM, Ppm};
use crate::error::{FieldError, Validation};
use crate::input;
use crate::money::Fen;
use crate::region::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The least an applicant must show to enter; an absent threshold is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EntryRules {
    /// Annual turnover (交易额/营业额) in fen.
    pub min_annual_turnover_fen: Option<Fen>,
    /// Trading area (交易面积) in m².
    pub min_trading_area_m2: Option<i64>,
    /// Storage or cold-chain capacity (仓储/冷链能力) in tonnes.
    pub min_storage_tonnes: Option<i64>,
    pub min_years_in_operation: Option<i64>,
}

/// What a programme offers applicants of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegionalTerms {
    pub region: Region,
    #[serde(default)]
    pub entry: EntryRules,
    /// The share of the project cost funded, in parts per million.
    pub support_share_ppm: Ppm,
    /// The most one project receives, in fen.
    pub support_cap_fen: Fen,
    /// How many pilot projects of the region the ministry may approve.
    pub pilot_slots: i64,
}

impl RegionalTerms {
    /// The most a project of `cost` may receive: cost × share, rounded down to the fen (never
    /// promise a fen the standard does not give), then capped.
    pub fn support_limit(&self, cost: Fen) -> Fen {
        let share = i128::from(cost.0.max(0)) * i128::from(self.support_share_ppm.0.clamp(0, PPM))
            / i128::from(PPM);
        Fen(i64::try_from(share)
            .unwrap_or(i64::MAX)
            .min(self.support_cap_fen.0.max(0)))
    }
}

/// The applicant's size and the project's cost, as stated in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PilotClaim {
    pub annual_turnover_fen: Option<Fen>,
    pub trading_area_m2: Option<i64>,
    pub storage_tonnes: Option<i64>,
    pub years_in_operation: Option<i64>,
    /// The project's total cost in fen.
    pub project_cost_fen: Option<Fen>,
}

/// The pilot fields of a form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PilotInput {
    /// 元.
    pub annual_turnover_yuan: String,
    pub trading_area_m2: String,
    pub storage_tonnes: String,
    pub years_in_operation: String,
    /// 元: the whole project's cost.
    pub project_cost_yuan: String,
}

const MAX_QUANTITY: u32 = 100_000_000;

impl PilotInput {
    /// The checked values; blank fields stay absent (a draft may be half-filled).
    pub fn check(&self, v: &mut Validation) -> PilotClaim {
        let whole = |v: &mut Validation, field: &str, raw: &str| {
            input::whole_number(v, field, raw, MAX_QUANTITY).map(i64::from)
        };
        let project_cost = input::amount(v, "project_cost_yuan", &self.project_cost_yuan);
        if project_cost == Some(Fen(0)) {
            v.push(FieldError::new(
                "project_cost_yuan",
                "not_positive",
                "项目总投资须大于零",
                "project_cost_yuan must be positive",
            ));
        }
        PilotClaim {
            annual_turnover_fen: input::amount(
                v,
                "annual_turnover_yuan",
                &self.annual_turnover_yuan,
            ),
            trading_area_m2: whole(v, "trading_area_m2", &self.trading_area_m2),
            storage_tonnes: whole(v, "storage_tonnes", &self.storage_tonnes),
            years_in_operation: whole(v, "years_in_operation", &self.years_in_operation),
            project_cost_fen: project_cost,
        }
    }

    pub fn from_claim(c: &PilotClaim) -> PilotInput {
        let n = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
        PilotInput {
            annual_turnover_yuan: c
                .annual_turnover_fen
                .map(Fen::to_yuan_string)
                .unwrap_or_default(),
            trading_area_m2: n(c.trading_area_m2),
            storage_tonnes: n(c.storage_tonnes),
            years_in_operation: n(c.years_in_operation),
            project_cost_yuan: c
                .project_cost_fen
                .map(Fen::to_yuan_string)
                .unwrap_or_default(),
        }
    }
}

impl PilotClaim {
    /// What the region's terms refuse in the values given, naming each field: a size below
    /// a threshold, an amount above the standard. Missing values wait for [`Self::incomplete`].
    pub fn refusals(&self, terms: &RegionalTerms, amount: Option<Fen>) -> Vec<FieldError> {
        let region_zh = terms.region.name_zh();
        let region_en = terms.region.code();
        let mut out = Vec::new();
        let mut below = |field: &str, label: &str, given: i64, min: i64, shown: String| {
            if given < min {
                out.push(FieldError::new(
                    field,
                    "below_threshold",
                    format!("{region_zh}地区申请人的{label}须不低于{shown}"),
                    format!("{field}: applicants in the {region_en} region need at least {shown}"),
                ));
            }
        };
        let e = &terms.entry;
        if let (Some(given), Some(min)) = (self.annual_turnover_fen, e.min_annual_turnover_fen) {
            below(
                "annual_turnover_yuan",
                "年交易额",
                given.0,
                min.0,
                format!("{}元", min.to_yuan_string()),
            );
        }
        if let (Some(given), Some(min)) = (self.trading_area_m2, e.min_trading_area_m2) {
            below(
                "trading_area_m2",
                "交易面积",
                given,
                min,
                format!("{min} m²"),
            );
        }
        if let (Some(given), Some(min)) = (self.storage_tonnes, e.min_storage_tonnes) {
            below(
                "storage_tonnes",
                "仓储/冷链能力",
                given,
                min,
                format!("{min} t"),
            );
        }
        if let (Some(given), Some(min)) = (self.years_in_operation, e.min_years_in_operation) {
            below(
                "years_in_operation",
                "经营年限",
                given,
                min,
                format!("{min} years"),
            );
        }
        if let (Some(cost), Some(asked)) = (self.project_cost_fen, amount) {
            let limit = terms.support_limit(cost);
            if asked > limit {
                out.push(FieldError::new(
                    "amount_yuan",
                    "above_standard",
                    format!(
                        "{region_zh}地区的支持标准为项目总投资的{}%、最高{}元，本项目最多可申请{}元",
                        terms.support_share_ppm.percent_string(),
                        terms.support_cap_fen.to_yuan_string(),
                        limit.to_yuan_string()
                    ),
                    format!(
                        "amount_yuan: the {region_en} standard allows at most {} yuan for this project",
                        limit.to_yuan_string()
                    ),
                ));
            }
        }
        out
    }

    /// The values a pilot application must state before it is submitted: each threshold
    /// the region sets, and the project's cost.
    pub fn incomplete(&self, terms: &RegionalTerms) -> Vec<FieldError> {
        let e = &terms.entry;
        let mut out = Vec::new();
        let mut need = |field: &str, label: &str, ruled: bool, given: bool| {
            if ruled && !given {
                out.push(FieldError::required(field, label));
            }
        };
        need(
            "annual_turnover_yuan",
            "年交易额",
            e.min_annual_turnover_fen.is_some(),
            self.annual_turnover_fen.is_some(),
        );
        need(
            "trading_area_m2",
            "交易面积",
            e.min_trading_area_m2.is_some(),
            self.trading_area_m2.is_some(),
        );
        need(
            "storage_tonnes",
            "仓储/冷链能力",
            e.min_storage_tonnes.is_some(),
            self.storage_tonnes.is_some(),
        );
        need(
            "years_in_operation",
            "经营年限",
            e.min_years_in_operation.is_some(),
            self.years_in_operation.is_some(),
        );
        need(
            "project_cost_yuan",
            "项目总投资",
            true,
            self.project_cost_fen.is_some(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn west() -> RegionalTerms {
        RegionalTerms {
            region: Region::West,
            entry: EntryRules {
                min_annual_turnover_fen: Some(Fen(50_000_000_000)),
                min_trading_area_m2: Some(30_000),
                min_storage_tonnes: None,
                min_years_in_operation: Some(2),
            },
            support_share_ppm: Ppm(300_000),
            support_cap_fen: Fen(300_000_000),
            pilot_slots: 3,
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn thresholds_and_the_standard_name_the_field() {
        let ok = PilotClaim {
            annual_turnover_fen: Some(Fen(50_000_000_000)),
            trading_area_m2: Some(30_000),
            storage_tonnes: None,
            years_in_operation: Some(2),
            project_cost_fen: Some(Fen(1_000_000_000)),
        };
        assert!(ok.refusals(&west(), Some(Fen(300_000_000))).is_empty());
        let small = PilotClaim {
            annual_turnover_fen: Some(Fen(49_999_999_999)),
            trading_area_m2: Some(29_999),
            years_in_operation: Some(1),
            ..ok
        };
        assert_eq!(
            fields(&small.refusals(&west(), None)),
            [
                ("annual_turnover_yuan", "below_threshold"),
                ("trading_area_m2", "below_threshold"),
                ("years_in_operation", "below_threshold")
            ]
        );
        // 30% of 10,000,000.00 is 3,000,000.00, also the cap: one fen more is refused.
        assert_eq!(
            fields(&ok.refusals(&west(), Some(Fen(300_000_001)))),
            [("amount_yuan", "above_standard")]
        );
        assert_eq!(
            fields(&PilotClaim::default().incomplete(&west())),
            [
                ("annual_turnover_yuan", "required"),
                ("trading_area_m2", "required"),
                ("years_in_operation", "required"),
                ("project_cost_yuan", "required")
            ]
        );
        assert!(ok.incomplete(&west()).is_empty());
    }

    #[test]
    fn typed_values_are_checked() {
        let mut v = Validation::default();
        let claim = PilotInput {
            annual_turnover_yuan: "-1".into(),
            trading_area_m2: "12.5".into(),
            storage_tonnes: "800".into(),
            years_in_operation: "".into(),
            project_cost_yuan: "0".into(),
        }
        .check(&mut v);
        assert_eq!(claim.storage_tonnes, Some(800));
        assert_eq!(
            fields(&v.0),
            [
                ("project_cost_yuan", "not_positive"),
                ("annual_turnover_yuan", "negative"),
                ("trading_area_m2", "not_a_number")
            ]
        );
        let back = PilotInput::from_claim(&PilotClaim {
            annual_turnover_fen: Some(Fen(12_345)),
            project_cost_fen: Some(Fen(100)),
            ..PilotClaim::default()
        });
        assert_eq!(back.annual_turnover_yuan, "123.45");
        assert_eq!(back.project_cost_yuan, "1.00");
    }

    proptest! {
        /// The limit is the exact floor of cost × share, never above the cap, and a dearer
        /// project never gets a lower limit.
        #[test]
        fn the_support_limit_is_exact_and_capped(
            cost in 0i64..1_000_000_000_000_000,
            more in 0i64..1_000_000_000,
            share in 0i64..=PPM,
            cap in 0i64..100_000_000_000,
        ) {
            let t = RegionalTerms { support_share_ppm: Ppm(share), support_cap_fen: Fen(cap), ..west() };
            let limit = t.support_limit(Fen(cost)).0;
            prop_assert!(limit <= cap);
            let exact = i128::from(cost) * i128::from(share);
            if limit < cap {
                // limit = ⌊cost × share / 10⁶⌋ exactly.
                prop_assert!(i128::from(limit) * i128::from(PPM) <= exact);
                prop_assert!((i128::from(limit) + 1) * i128::from(PPM) > exact);
            } else {
                prop_assert!(i128::from(cap) * i128::from(PPM) <= exact);
            }
            prop_assert!(t.support_limit(Fen(cost + more)).0 >= limit);
        }
    }
}
