//! The data dictionary of the returns: every field a zone files, with its units, its 口径
//! (definition) in Chinese and English, the returns it is collected in and its plausible
//! range. It is data (`data/returns/dictionary.json`), so a later edition adds fields
//! without a release of the rules; it is checked when loaded, and a dictionary that exists
//! is valid.

use super::period::PeriodKind;
use super::units::{ShownUnit, Unit};
use crate::error::FieldError;
use crate::money::Fen;
use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

const SHIPPED: &str = include_str!("../../../../data/returns/dictionary.json");

/// The field codes the evaluation reads: every edition of the dictionary must keep them.
pub const CONTRACT_CODES: [&str; 20] = [
    "fdi_actual",
    "trade_total",
    "exports",
    "gdp",
    "tax_revenue",
    "industrial_output",
    "fixed_asset_investment",
    "new_jobs",
    "rd_intensity",
    "high_tech_enterprises",
    "research_institutions",
    "incubators",
    "listed_enterprises",
    "large_manufacturers",
    "energy_intensity",
    "carbon_intensity",
    "water_intensity",
    "solid_waste_utilisation",
    "cooperation_parks",
    "paired_assistance",
];

crate::pipeline::coded_enum! {
    /// What a value measures, which decides how a half-year and an annual figure relate.
    pub enum Measure {
        /// Summed over the period from 1 January: the half-year figure is part of the year's.
        Flow => ("flow", "流量（1月起累计）", "flow (cumulative from 1 January)"),
        /// Counted at the end of the period.
        Stock => ("stock", "存量（期末数）", "stock (at period end)"),
        /// A ratio or intensity over the period.
        Ratio => ("ratio", "比率", "ratio"),
    }
}

/// One field of the returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Stable snake_case code, the key of the value in a return and in the evaluation.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The unit the `i64` value is stored in.
    pub unit: Unit,
    /// The unit it is typed and shown in (one of `unit` times a power of ten).
    pub shown: ShownUnit,
    pub measure: Measure,
    /// The returns that collect it; every field is in the annual return.
    pub periods: Vec<PeriodKind>,
    /// A field whose value this one is part of and may not exceed (出口 of 进出口).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// The plausible range for a national ETDZ, in the stored unit, both ends included.
    pub min: i64,
    pub max: i64,
    /// A year-on-year change smaller than this (stored unit) is never a jump: 3 → 4
    /// incubators is +33 % and tells the province nothing.
    #[serde(default)]
    pub jump_floor: i64,
    /// 口径: what is counted and what is not, in the words of Chinese statistics practice.
    pub definition_zh: String,
    pub definition_en: String,
}

impl FieldDef {
    pub fn collected_in(&self, kind: PeriodKind) -> bool {
        self.periods.contains(&kind)
    }

    /// The header of its column in the sheet: `税收收入（万元）`.
    pub fn header(&self) -> String {
        format!("{}（{}）", self.name_zh, self.shown.name_zh())
    }

    /// The stored value as typed and shown: 1,234,500,000 fen is `1234.5` (万元).
    pub fn format(&self, stored: i64) -> String {
        self.shown.format_value(stored)
    }

    /// Reads a typed value (blank is `None`) into the stored unit and checks its range; an
    /// error names `field` (the code on the API, the header in a sheet).
    pub fn parse_input(&self, raw: &str, field: &str) -> Result<Option<i64>, FieldError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let unit = self.shown;
        let places = unit.places();
        let value = unit.parse_value(raw).map_err(|_| {
            let (zh, en) = if places == 0 {
                ("整数".to_owned(), "a whole number".to_owned())
            } else {
                (
                    format!("数字，最多{places}位小数"),
                    format!("a number with at most {places} decimals"),
                )
            };
            FieldError::new(
                field,
                "not_a_number",
                format!("{}应为{zh}（{}）", self.name_zh, unit.name_zh()),
                format!("{} must be {en} of {}", self.code, unit.name_en()),
            )
        })?;
        match self.range_error(value, field) {
            Some(e) => Err(e),
            None => Ok(Some(value)),
        }
    }

    /// The refusal of a value outside the plausible range, naming `field`.
    pub fn range_error(&self, value: i64, field: &str) -> Option<FieldError> {
        if (self.min..=self.max).contains(&value) {
            return None;
        }
        let (lo, hi, unit) = (
            self.format(self.min),
            self.format(self.max),
            self.shown.name_zh(),
        );
        Some(FieldError::new(
            field,
            "out_of_range",
            format!("{}应在{lo}至{hi}（{unit}）之间", self.name_zh),
            format!(
                "{} must be between {lo} and {hi} {}",
                self.code,
                self.shown.name_en()
            ),
        ))
    }
}

/// The main-business revenue from which a manufacturer counts in `large_manufacturers`:
/// 30亿元 for a zone in the east, 15亿元 in the centre, west and northeast.
pub fn large_manufacturer_threshold(region: Region) -> Fen {
    match region {
        Region::East => Fen(300_000_000_000),
        Region::Central | Region::West | Region::Northeast => Fen(150_000_000_000),
    }
}

/// Why a dictionary was refused; each names the field code at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DictionaryError {
    #[error("the dictionary is not valid JSON of the expected shape: {0}")]
    Json(String),
    #[error("field code {0:?} is not snake_case ASCII")]
    BadCode(String),
    #[error("field code {0} appears more than once")]
    DuplicateCode(String),
    #[error("field {0} has a blank name or definition")]
    Blank(String),
    #[error("field {code} is stored in {unit} but shown in {shown}, which is not stored in it")]
    UnitMismatch {
        code: String,
        unit: &'static str,
        shown: &'static str,
    },
    #[error("field {0} has min above max")]
    EmptyRange(String),
    #[error("field {0} has a negative jump_floor")]
    NegativeFloor(String),
    #[error("field {0} is not collected in the annual return")]
    NotAnnual(String),
    #[error("field {code} is part of {part_of}, which is unknown or in another unit")]
    BadPartOf { code: String, part_of: String },
    #[error("the evaluation's field {0} is missing")]
    MissingContract(&'static str),
}

/// A checked dictionary. Its fields are in sheet order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Dictionary {
    edition: String,
    note_zh: String,
    note_en: String,
    fields: Vec<FieldDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDictionary {
    edition: String,
    note_zh: String,
    note_en: String,
    fields: Vec<FieldDef>,
}

impl Dictionary {
    /// The edition shipped in the binary. A test proves it loads; the app loads it once at
    /// start-up and refuses to start on an error.
    pub fn shipped() -> Result<Dictionary, DictionaryError> {
        Dictionary::from_json(SHIPPED)
    }

    /// Reads and checks an edition: codes snake_case and unique, names and definitions
    /// present, each shown unit stored in its field's unit, ranges not empty, every field in
    /// the annual return, `part_of` pointing at a field of the same unit, and every code of
    /// the evaluation's contract present.
    pub fn from_json(text: &str) -> Result<Dictionary, DictionaryError> {
        let raw: RawDictionary =
            serde_json::from_str(text).map_err(|e| DictionaryError::Json(e.to_string()))?;
        let mut seen = BTreeSet::new();
        for f in &raw.fields {
            let snake = !f.code.is_empty()
                && f.code.starts_with(|c: char| c.is_ascii_lowercase())
                && f.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !snake {
                return Err(DictionaryError::BadCode(f.code.clone()));
            }
            if !seen.insert(f.code.as_str()) {
                return Err(DictionaryError::DuplicateCode(f.code.clone()));
            }
            let texts = [&f.name_zh, &f.name_en, &f.definition_zh, &f.definition_en];
            if texts.iter().any(|t| t.trim().is_empty()) {
                return Err(DictionaryError::Blank(f.code.clone()));
            }
            if f.shown.stored() != f.unit {
                return Err(DictionaryError::UnitMismatch {
                    code: f.code.clone(),
                    unit: f.unit.code(),
                    shown: f.shown.code(),
                });
            }
            if f.min > f.max {
                return Err(DictionaryError::EmptyRange(f.code.clone()));
            }
            if f.jump_floor < 0 {
                return Err(DictionaryError::NegativeFloor(f.code.clone()));
            }
            if !f.collected_in(PeriodKind::Annual) {
                return Err(DictionaryError::NotAnnual(f.code.clone()));
            }
        }
        for f in &raw.fields {
            if let Some(whole) = &f.part_of {
                let fits = raw
                    .fields
                    .iter()
                    .any(|w| &w.code == whole && w.code != f.code && w.unit == f.unit);
                if !fits {
                    return Err(DictionaryError::BadPartOf {
                        code: f.code.clone(),
                        part_of: whole.clone(),
                    });
                }
            }
        }
        if let Some(missing) = CONTRACT_CODES.into_iter().find(|c| !seen.contains(c)) {
            return Err(DictionaryError::MissingContract(missing));
        }
        Ok(Dictionary {
            edition: raw.edition,
            note_zh: raw.note_zh,
            note_en: raw.note_en,
            fields: raw.fields,
        })
    }

    pub fn edition(&self) -> &str {
        &self.edition
    }

    /// Every field, in sheet order.
    pub fn fields(&self) -> &[FieldDef] {
        &self.fields
    }

    pub fn field(&self, code: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.code == code)
    }

    /// The fields a return of `kind` collects, in sheet order; each is required in it.
    pub fn fields_for(&self, kind: PeriodKind) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(move |f| f.collected_in(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_json() -> serde_json::Value {
        serde_json::from_str(SHIPPED).expect("json")
    }

    fn with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Dictionary, DictionaryError> {
        let mut json = shipped_json();
        edit(&mut json);
        Dictionary::from_json(&json.to_string())
    }

    #[test]
    fn the_shipped_edition_loads_with_the_contract_in_order() {
        let d = Dictionary::shipped().expect("valid");
        let codes: Vec<&str> = d.fields().iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, CONTRACT_CODES);
        assert_eq!(d.edition(), "2026");
        let half: Vec<&str> = d
            .fields_for(PeriodKind::HalfYear)
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(half, CONTRACT_CODES[..8]);
        assert_eq!(d.fields_for(PeriodKind::Annual).count(), 20);
    }

    #[test]
    fn the_contract_units_hold() {
        let d = Dictionary::shipped().expect("valid");
        let unit = |c: &str| d.field(c).expect("field").unit;
        assert_eq!(unit("fdi_actual"), Unit::UsCents);
        for c in ["trade_total", "exports", "gdp", "tax_revenue"] {
            assert_eq!(unit(c), Unit::Fen, "{c}");
        }
        assert_eq!(unit("rd_intensity"), Unit::BasisPoints);
        assert_eq!(unit("new_jobs"), Unit::Persons);
        assert_eq!(unit("energy_intensity"), Unit::KgScePerWanYuan);
        assert_eq!(unit("water_intensity"), Unit::LitresPerWanYuan);
        assert_eq!(d.field("nonsense"), None);
    }

    #[test]
    fn tax_revenue_excludes_customs_and_fdi_follows_mofcom() {
        let d = Dictionary::shipped().expect("valid");
        let tax = d.field("tax_revenue").expect("field");
        assert!(tax.definition_zh.contains("不含关税和海关代征"));
        assert!(tax.definition_en.contains("excluding customs duties"));
        let fdi = d.field("fdi_actual").expect("field");
        assert!(fdi.definition_zh.contains("商务部外商直接投资统计口径"));
        assert_eq!(tax.header(), "税收收入（万元）");
        assert_eq!(fdi.header(), "实际使用外资金额（万美元）");
    }

    #[test]
    fn absurd_values_are_out_of_range() {
        let d = Dictionary::shipped().expect("valid");
        let f = |c: &str| d.field(c).expect("field");
        assert!(
            f("rd_intensity")
                .range_error(10_001, "rd_intensity")
                .is_some()
        );
        assert!(
            f("rd_intensity")
                .range_error(10_000, "rd_intensity")
                .is_none()
        );
        assert!(f("incubators").range_error(-1, "incubators").is_some());
        assert!(f("energy_intensity").range_error(0, "x").is_some());
        let e = f("rd_intensity")
            .parse_input("120", "企业R&D经费投入强度（%）")
            .expect_err("above 100 %");
        assert_eq!(e.code, "out_of_range");
        assert_eq!(e.field, "企业R&D经费投入强度（%）");
        assert!(e.message_zh.contains("0至100（%）"), "{}", e.message_zh);
    }

    #[test]
    fn typed_input_names_the_field_in_both_languages() {
        let d = Dictionary::shipped().expect("valid");
        let tax = d.field("tax_revenue").expect("field");
        assert_eq!(tax.parse_input(" ", "tax_revenue"), Ok(None));
        assert_eq!(
            tax.parse_input("1,234.5", "tax_revenue"),
            Ok(Some(1_234_500_000))
        );
        let e = tax
            .parse_input("12.3456789", "tax_revenue")
            .expect_err("seven decimals");
        assert_eq!((e.field.as_str(), e.code), ("tax_revenue", "not_a_number"));
        assert!(e.message_zh.starts_with("税收收入应为数字，最多6位小数"));
        assert!(e.message_en.contains("tax_revenue"));
        let jobs = d.field("new_jobs").expect("field");
        let e = jobs.parse_input("12.5", "new_jobs").expect_err("whole");
        assert!(e.message_zh.contains("整数"));
    }

    #[test]
    fn large_manufacturers_count_from_30_or_15_yi_yuan() {
        assert_eq!(
            Fen::from_yuan_str("3000000000"),
            Ok(large_manufacturer_threshold(Region::East))
        );
        for r in [Region::Central, Region::West, Region::Northeast] {
            assert_eq!(large_manufacturer_threshold(r), Fen(150_000_000_000));
        }
    }

    #[test]
    fn broken_editions_are_refused_by_name() {
        assert_eq!(
            with(|j| j["fields"][1]["code"] = "fdi_actual".into()),
            Err(DictionaryError::DuplicateCode("fdi_actual".into()))
        );
        assert!(matches!(
            with(|j| j["fields"][0]["unit"] = "roubles".into()),
            Err(DictionaryError::Json(_))
        ));
        assert!(matches!(
            with(|j| j["fields"][0]["shown"] = "wan_yuan".into()),
            Err(DictionaryError::UnitMismatch { .. })
        ));
        assert_eq!(
            with(|j| j["fields"][3]["min"] = 1_i64.into()).map(|_| ()),
            Ok(())
        );
        assert_eq!(
            with(|j| j["fields"][3]["min"] = i64::MAX.into()),
            Err(DictionaryError::EmptyRange("gdp".into()))
        );
        assert_eq!(
            with(|j| j["fields"][3]["code"] = "GDP".into()),
            Err(DictionaryError::BadCode("GDP".into()))
        );
        assert_eq!(
            with(|j| j["fields"][3]["periods"] = serde_json::json!(["half_year"])),
            Err(DictionaryError::NotAnnual("gdp".into()))
        );
        assert_eq!(
            with(|j| j["fields"][2]["part_of"] = "new_jobs".into()),
            Err(DictionaryError::BadPartOf {
                code: "exports".into(),
                part_of: "new_jobs".into()
            })
        );
        assert_eq!(
            with(|j| j["fields"][2]["definition_en"] = " ".into()),
            Err(DictionaryError::Blank("exports".into()))
        );
        assert_eq!(
            with(|j| j["fields"][2]["jump_floor"] = (-1).into()),
            Err(DictionaryError::NegativeFloor("exports".into()))
        );
        assert_eq!(
            with(|j| {
                j["fields"].as_array_mut().expect("array").pop();
            }),
            Err(DictionaryError::MissingContract("paired_assistance"))
        );
    }

    #[test]
    fn a_later_edition_may_add_a_field() {
        let d = with(|j| {
            let mut extra = j["fields"][7].clone();
            extra["code"] = "new_enterprises".into();
            extra["name_zh"] = "新设企业数".into();
            j["fields"].as_array_mut().expect("array").push(extra);
        })
        .expect("valid");
        assert_eq!(d.fields().len(), 21);
        assert!(d.field("new_enterprises").is_some());
    }
}
