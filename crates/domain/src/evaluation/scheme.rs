//! An indicator system as data: a scheme has 一级指标 (dimensions), each with 二级指标
//! (indicators) that read a filed field, a ratio of two fields or a field's growth.

use crate::error::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Weights are basis points: the dimensions of a scheme, and the indicators of a
/// dimension, each add up to this.
pub const WEIGHT_TOTAL: u32 = 10_000;

crate::pipeline::coded_enum! {
    /// Whether a larger raw value is better (外资, 税收) or worse (能耗, 水耗).
    pub enum Direction {
        HigherBetter => ("higher_better", "正向", "higher is better"),
        LowerBetter => ("lower_better", "逆向", "lower is better"),
    }
}

/// Where an indicator's raw value comes from, by the returns' field codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The filed value itself, in the field's stored unit.
    Field(String),
    /// `numerator / denominator` as a percentage (出口占比 = exports / trade_total).
    Ratio {
        numerator: String,
        denominator: String,
    },
    /// Year-on-year growth of a field, as a percentage of last year's value.
    Growth(String),
}

impl Source {
    /// The field codes this source reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Source::Field(f) | Source::Growth(f) => vec![f],
            Source::Ratio {
                numerator,
                denominator,
            } => vec![numerator, denominator],
        }
    }
}

/// A 二级指标.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub direction: Direction,
    /// Unit of the raw value: the field's stored unit, or `%` for ratios and growth.
    pub unit: String,
    /// Basis points within its dimension.
    pub weight: u32,
    pub source: Source,
    /// Where the indicator comes from (a published name, or gowest's own stand-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A 一级指标 and its indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Basis points of the total score.
    pub weight: u32,
    pub indicators: Vec<Indicator>,
}

/// One edition of an indicator system (the ministry's, or a province's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Stable code, e.g. `mofcom-2021`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub edition_year: i32,
    /// The document the scheme rests on, e.g. 商资发〔2021〕188号.
    pub basis: String,
    /// Which parts are published and which are gowest's assumptions.
    pub note: String,
    /// Most a zone's bonus items may add, in hundredths of a point.
    pub bonus_cap: i64,
    pub dimensions: Vec<Dimension>,
}

impl Scheme {
    /// The 2021 edition (商资发〔2021〕188号), shipped in `data/evaluation/mofcom-2021.json`.
    pub fn mofcom_2021() -> Result<Scheme, Validation> {
        Scheme::from_json(
            include_str!("../../../../data/evaluation/mofcom-2021.json"),
            &super::CONTRACT_FIELDS,
        )
    }

    /// Reads a scheme from JSON and validates it against the fields zones can file.
    pub fn from_json(raw: &str, known_fields: &[&str]) -> Result<Scheme, Validation> {
        let scheme: Scheme = serde_json::from_str(raw).map_err(|e| {
            Validation(vec![FieldError::new(
                "scheme",
                "malformed",
                format!("指标体系文件格式有误：{e}"),
                format!("the scheme is not valid JSON of the expected shape: {e}"),
            )])
        })?;
        scheme.validate(known_fields)?;
        Ok(scheme)
    }

    /// Every problem with the scheme, each naming its field (`dimensions[1].indicators[0].weight`).
    pub fn validate(&self, known_fields: &[&str]) -> Result<(), Validation> {
        let mut v = Validation::default();
        for (field, label, value) in [
            ("code", "编码", &self.code),
            ("name_zh", "中文名称", &self.name_zh),
            ("name_en", "英文名称", &self.name_en),
            ("basis", "依据文件", &self.basis),
        ] {
            if value.trim().is_empty() {
                v.push(FieldError::required(field, label));
            }
        }
        if self.bonus_cap < 0 {
            v.push(FieldError::new(
                "bonus_cap",
                "negative",
                "加分上限不能为负",
                "bonus_cap must not be negative",
            ));
        }
        if self.dimensions.is_empty() {
            v.push(FieldError::required("dimensions", "一级指标"));
        }
        let weights = self.dimensions.iter().map(|d| d.weight);
        check_weights(&mut v, "dimensions", "一级指标", weights);
        let mut codes = BTreeSet::new();
        for (i, d) in self.dimensions.iter().enumerate() {
            let at = format!("dimensions[{i}]");
            check_code(&mut v, &mut codes, &format!("{at}.code"), &d.code);
            check_names(&mut v, &at, &d.name_zh, &d.name_en);
            if d.indicators.is_empty() {
                v.push(FieldError::new(
                    format!("{at}.indicators"),
                    "empty",
                    format!("一级指标“{}”至少需要一个二级指标", d.name_zh),
                    format!("dimension {} needs at least one indicator", d.code),
                ));
            }
            let weights = d.indicators.iter().map(|x| x.weight);
            check_weights(&mut v, &format!("{at}.indicators"), "二级指标", weights);
            for (j, x) in d.indicators.iter().enumerate() {
                let at = format!("{at}.indicators[{j}]");
                check_code(&mut v, &mut codes, &format!("{at}.code"), &x.code);
                check_names(&mut v, &at, &x.name_zh, &x.name_en);
                check_source(&mut v, &format!("{at}.source"), &x.source, known_fields);
            }
        }
        v.finish(())
    }

    /// The indicator count, for sizing.
    pub fn indicator_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.indicators.len()).sum()
    }
}

/// Weights are positive and add up to [`WEIGHT_TOTAL`].
fn check_weights(v: &mut Validation, field: &str, label: &str, weights: impl Iterator<Item = u32>) {
    let mut sum: u64 = 0;
    let mut any = false;
    for (i, w) in weights.enumerate() {
        any = true;
        sum += u64::from(w);
        if w == 0 {
            v.push(FieldError::new(
                format!("{field}[{i}].weight"),
                "zero",
                format!("{label}权重必须大于零"),
                format!("{field}[{i}].weight must be above zero"),
            ));
        }
    }
    if any && sum != u64::from(WEIGHT_TOTAL) {
        v.push(FieldError::new(
            field,
            "weights_sum",
            format!("{label}权重合计为{sum}个基点，应为{WEIGHT_TOTAL}（100%）"),
            format!("the weights of {field} add up to {sum} basis points, not {WEIGHT_TOTAL}"),
        ));
    }
}

/// A code is a non-blank snake_case word, used once in the whole scheme.
fn check_code(v: &mut Validation, seen: &mut BTreeSet<String>, field: &str, code: &str) {
    let well_formed = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !well_formed {
        v.push(FieldError::new(
            field,
            "malformed",
            format!("编码“{code}”只能由小写字母、数字和下划线组成"),
            format!("code \"{code}\" must be lowercase letters, digits and underscores"),
        ));
    } else if !seen.insert(code.to_owned()) {
        v.push(FieldError::new(
            field,
            "duplicate",
            format!("编码“{code}”重复"),
            format!("code \"{code}\" is used twice"),
        ));
    }
}

fn check_names(v: &mut Validation, at: &str, zh: &str, en: &str) {
    if zh.trim().is_empty() {
        v.push(FieldError::required(&format!("{at}.name_zh"), "中文名称"));
    }
    if en.trim().is_empty() {
        v.push(FieldError::required(&format!("{at}.name_en"), "英文名称"));
    }
}

fn check_source(v: &mut Validation, field: &str, source: &Source, known: &[&str]) {
    for f in source.fields() {
        if !known.contains(&f) {
            v.push(FieldError::new(
                field,
                "unknown",
                format!("数据来源字段“{f}”不在统计直报指标字典中"),
                format!("source field \"{f}\" is not in the returns' dictionary"),
            ));
        }
    }
    if let Source::Ratio {
        numerator,
        denominator,
    } = source
        && numerator == denominator
    {
        v.push(FieldError::new(
            field,
            "same_field",
            "比值的分子和分母不能是同一字段",
            "a ratio's numerator and denominator must differ",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::CONTRACT_FIELDS;
    use super::*;

    fn fields(v: &Validation) -> Vec<(&str, &str)> {
        v.0.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn the_2021_edition_is_valid_with_the_published_weights() {
        let s = Scheme::mofcom_2021().expect("shipped scheme");
        let weights: Vec<(&str, u32)> = s
            .dimensions
            .iter()
            .map(|d| (d.name_zh.as_str(), d.weight))
            .collect();
        assert_eq!(
            weights,
            [
                ("对外开放", 3000),
                ("发展质量", 3000),
                ("科技创新", 1500),
                ("绿色发展", 1500),
                ("统筹协调", 1000)
            ]
        );
        let counts: Vec<usize> = s.dimensions.iter().map(|d| d.indicators.len()).collect();
        assert_eq!(counts, [7, 8, 6, 5, 4]);
        assert_eq!(s.indicator_count(), 30);
        assert_eq!(s.basis, "商资发〔2021〕188号");
    }

    #[test]
    fn every_contract_field_is_read_by_the_2021_edition() {
        let s = Scheme::mofcom_2021().expect("shipped scheme");
        let used: BTreeSet<&str> = s
            .dimensions
            .iter()
            .flat_map(|d| &d.indicators)
            .flat_map(|x| x.source.fields())
            .collect();
        let contract: BTreeSet<&str> = CONTRACT_FIELDS.into_iter().collect();
        assert_eq!(used, contract);
    }

    #[test]
    fn validation_names_each_broken_field() {
        let mut s = Scheme::mofcom_2021().expect("shipped scheme");
        s.dimensions[0].weight = 2999;
        s.dimensions[1].indicators[2].weight = 0;
        s.dimensions[2].indicators[1].code = s.dimensions[0].indicators[0].code.clone();
        s.dimensions[3].indicators[0].source = Source::Field("profit".into());
        s.dimensions[3].indicators[1].name_en = String::new();
        s.dimensions[4].indicators.clear();
        s.name_zh = " ".into();
        let err = s.validate(&CONTRACT_FIELDS).expect_err("broken");
        assert_eq!(
            fields(&err),
            [
                ("name_zh", "required"),
                ("dimensions", "weights_sum"),
                ("dimensions[1].indicators[2].weight", "zero"),
                ("dimensions[1].indicators", "weights_sum"),
                ("dimensions[2].indicators[1].code", "duplicate"),
                ("dimensions[3].indicators[0].source", "unknown"),
                ("dimensions[3].indicators[1].name_en", "required"),
                ("dimensions[4].indicators", "empty"),
            ]
        );
        assert!(
            err.0[1].message_zh.contains("9999"),
            "{}",
            err.0[1].message_zh
        );
    }

    #[test]
    fn a_ratio_of_a_field_to_itself_and_malformed_json_are_refused() {
        let mut s = Scheme::mofcom_2021().expect("shipped scheme");
        s.dimensions[0].indicators[0].source = Source::Ratio {
            numerator: "gdp".into(),
            denominator: "gdp".into(),
        };
        let err = s.validate(&CONTRACT_FIELDS).expect_err("same field");
        assert_eq!(
            fields(&err),
            [("dimensions[0].indicators[0].source", "same_field")]
        );
        let err = Scheme::from_json("{\"code\": 1}", &CONTRACT_FIELDS).expect_err("bad");
        assert_eq!(fields(&err), [("scheme", "malformed")]);
        // A misspelt key in a province's file is refused, not silently dropped.
        let raw = serde_json::to_string(&Scheme::mofcom_2021().expect("shipped"))
            .expect("json")
            .replacen("\"note\":", "\"notes\":", 1);
        let err = Scheme::from_json(&raw, &CONTRACT_FIELDS).expect_err("typo");
        assert!(
            err.0[0].message_en.contains("notes"),
            "{}",
            err.0[0].message_en
        );
    }

    #[test]
    fn a_provincial_edition_round_trips_through_json() {
        let mut s = Scheme::mofcom_2021().expect("shipped scheme");
        s.code = "jiangxi-2012".into();
        s.dimensions.truncate(1);
        s.dimensions[0].weight = WEIGHT_TOTAL;
        let raw = serde_json::to_string(&s).expect("json");
        assert_eq!(Scheme::from_json(&raw, &CONTRACT_FIELDS), Ok(s));
    }
}
