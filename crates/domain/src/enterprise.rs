//! Enterprises weighing a move (转移企业): who they are, what they make, how much they export.

use crate::error::{FieldError, Validation};
use crate::ids::CreditCode;
use crate::industry::IndustryCode;
use crate::input::{choice, credit_code, flag, industry, province, quantity, required_text, text};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Size class of 《统计上大中小微型企业划分办法》.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSize {
    Large,
    Medium,
    Small,
    Micro,
}

impl EnterpriseSize {
    pub const ALL: [EnterpriseSize; 4] = [
        EnterpriseSize::Large,
        EnterpriseSize::Medium,
        EnterpriseSize::Small,
        EnterpriseSize::Micro,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EnterpriseSize::Large => "large",
            EnterpriseSize::Medium => "medium",
            EnterpriseSize::Small => "small",
            EnterpriseSize::Micro => "micro",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            EnterpriseSize::Large => "大型",
            EnterpriseSize::Medium => "中型",
            EnterpriseSize::Small => "小型",
            EnterpriseSize::Micro => "微型",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            EnterpriseSize::Large => "Large",
            EnterpriseSize::Medium => "Medium",
            EnterpriseSize::Small => "Small",
            EnterpriseSize::Micro => "Micro",
        }
    }

    /// Accepts the code or the Chinese name (with or without 企业).
    pub fn parse(raw: &str) -> Option<EnterpriseSize> {
        let raw = raw.trim().trim_end_matches("企业");
        EnterpriseSize::ALL
            .into_iter()
            .find(|s| s.code() == raw || s.name_zh() == raw)
    }
}

/// What is stored for an enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnterpriseFields {
    pub credit_code: CreditCode,
    pub name_zh: String,
    pub name_en: Option<String>,
    /// Where it produces now.
    pub province_code: ProvinceCode,
    pub industry: IndustryCode,
    pub size: EnterpriseSize,
    /// Exports as a share of sales, in tenths of a percent (`655` = 65.5 %).
    pub export_share_permille: u16,
    /// Engaged in processing trade (加工贸易), the programme's first target.
    pub processing_trade: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Enterprise {
    pub id: i64,
    #[serde(flatten)]
    pub fields: EnterpriseFields,
    /// The organisation (account holder) it belongs to, when it has registered.
    pub org_id: Option<i64>,
    /// Generated for the demonstration.
    pub demo: bool,
}

/// Every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EnterpriseInput {
    pub credit_code: String,
    pub name_zh: String,
    pub name_en: String,
    pub province_code: String,
    pub industry: String,
    /// `large`, `medium`, `small`, `micro` or 大型/中型/小型/微型.
    pub size: String,
    /// Percent, up to one decimal.
    pub export_share_pct: String,
    /// 是/否, yes/no, true/false.
    pub processing_trade: String,
}

impl EnterpriseInput {
    pub fn validate(&self, catalog: &ReferenceCatalog) -> Result<EnterpriseFields, Validation> {
        let mut v = Validation::default();
        let credit_code = credit_code(&mut v, "credit_code", &self.credit_code);
        let name_zh = required_text(&mut v, "name_zh", "企业名称", &self.name_zh, 100);
        let name_en = text(&mut v, "name_en", &self.name_en, 200);
        let province_code = province(&mut v, "province_code", &self.province_code, catalog);
        let industry = industry(&mut v, "industry", &self.industry, catalog);
        let size = choice(
            &mut v,
            "size",
            "企业规模",
            &self.size,
            EnterpriseSize::parse,
        );
        let share = quantity(&mut v, "export_share_pct", &self.export_share_pct, 1);
        if share.is_some_and(|s| s > 1000) {
            v.push(FieldError::new(
                "export_share_pct",
                "out_of_range",
                "出口占比应在0到100之间",
                "export_share_pct must be between 0 and 100",
            ));
        }
        let processing_trade = flag(&mut v, "processing_trade", &self.processing_trade);
        match (credit_code, name_zh, province_code, industry, size) {
            (Some(credit_code), Some(name_zh), Some(province_code), Some(industry), Some(size))
                if v.is_empty() =>
            {
                Ok(EnterpriseFields {
                    credit_code,
                    name_zh,
                    name_en,
                    province_code,
                    industry,
                    size,
                    export_share_permille: share.and_then(|s| u16::try_from(s).ok()).unwrap_or(0),
                    processing_trade,
                })
            }
            _ => Err(v),
        }
    }

    pub fn from_fields(f: &EnterpriseFields) -> EnterpriseInput {
        EnterpriseInput {
            credit_code: f.credit_code.to_string(),
            name_zh: f.name_zh.clone(),
            name_en: f.name_en.clone().unwrap_or_default(),
            province_code: f.province_code.to_string(),
            industry: f.industry.to_string(),
            size: f.size.code().to_owned(),
            export_share_pct: crate::decimal::format_scaled(i64::from(f.export_share_permille), 1),
            processing_trade: if f.processing_trade { "是" } else { "否" }.to_owned(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    pub(crate) fn guangdong_electronics() -> EnterpriseInput {
        EnterpriseInput {
            credit_code: "91350100M000100Y43".into(),
            name_zh: "东莞演示电子有限公司".into(),
            name_en: String::new(),
            province_code: "440000".into(),
            industry: "39".into(),
            size: "中型".into(),
            export_share_pct: "65.5".into(),
            processing_trade: "是".into(),
        }
    }

    #[test]
    fn a_valid_enterprise_round_trips() {
        let f = guangdong_electronics().validate(&catalog()).expect("valid");
        assert_eq!(f.export_share_permille, 655);
        assert_eq!(f.size, EnterpriseSize::Medium);
        assert!(f.processing_trade);
        let again = EnterpriseInput::from_fields(&f)
            .validate(&catalog())
            .expect("valid");
        assert_eq!(again, f);
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = EnterpriseInput {
            credit_code: "91350100M000100Y44".into(),
            name_zh: " ".into(),
            province_code: "990000".into(),
            industry: "99".into(),
            size: "巨型".into(),
            export_share_pct: "120".into(),
            processing_trade: "maybe".into(),
            ..EnterpriseInput::default()
        };
        let errors = input.validate(&catalog()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "credit_code",
                "name_zh",
                "province_code",
                "industry",
                "size",
                "export_share_pct",
                "processing_trade"
            ]
        );
        assert_eq!(errors.0[0].code, "check_character");
    }
}
