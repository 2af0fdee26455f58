//! Investment projects (招商项目) that zones post for investors to take up.

use crate::error::{FieldError, Validation};
use crate::industry::IndustryCode;
use crate::input::{amount, choice, industry, opt, quantity, required_text, text};
use crate::money::Fen;
use crate::reference::ReferenceCatalog;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($code:literal, $zh:literal, $en:literal)),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn name_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),* }
            }

            pub fn name_en(self) -> &'static str {
                match self { $($name::$variant => $en),* }
            }

            /// Accepts the code or the Chinese name.
            pub fn parse(raw: &str) -> Option<$name> {
                let raw = raw.trim();
                $name::ALL.iter().copied().find(|v| v.code() == raw || v.name_zh() == raw)
            }
        }
    };
}

coded_enum!(
    /// How the investor is to take part.
    InvestmentMode {
        WhollyOwned => ("wholly_owned", "独资", "Wholly owned"),
        JointVenture => ("joint_venture", "合资", "Joint venture"),
        Cooperative => ("cooperative", "合作", "Cooperative"),
        Acquisition => ("acquisition", "并购", "Acquisition"),
        Other => ("other", "其他", "Other"),
    }
);

coded_enum!(
    /// Open for investors, in talks with one, taken up, or taken off the list.
    ProjectStatus {
        Open => ("open", "招商中", "Open"),
        Negotiating => ("negotiating", "洽谈中", "In talks"),
        Taken => ("taken", "已落实", "Taken up"),
        Withdrawn => ("withdrawn", "已撤下", "Withdrawn"),
    }
);

impl ProjectStatus {
    /// Shown in the public listing.
    pub fn listed(self) -> bool {
        matches!(self, ProjectStatus::Open | ProjectStatus::Negotiating)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProjectFields {
    pub title_zh: String,
    pub title_en: Option<String>,
    pub industry: IndustryCode,
    /// Total investment sought.
    pub amount: Fen,
    pub mode: InvestmentMode,
    /// Land offered, hundredths of a 亩.
    pub land_hundredth_mu: Option<i64>,
    /// What the zone offers: land price, tax, subsidies, services.
    pub incentives: Option<String>,
    pub description: Option<String>,
    pub status: ProjectStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InvestmentProject {
    pub id: i64,
    pub zone_id: i64,
    #[serde(flatten)]
    pub fields: ProjectFields,
    pub updated_at: DateTime<Utc>,
    pub demo: bool,
}

/// Every field as typed in the form or a spreadsheet row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProjectInput {
    pub title_zh: String,
    pub title_en: String,
    pub industry: String,
    /// 元, up to two decimals.
    pub amount_yuan: String,
    /// Code or Chinese name (独资, 合资, 合作, 并购, 其他).
    pub mode: String,
    pub land_mu: String,
    pub incentives: String,
    pub description: String,
    /// Code or Chinese name; empty means open.
    pub status: String,
}

impl ProjectInput {
    pub fn validate(&self, catalog: &ReferenceCatalog) -> Result<ProjectFields, Validation> {
        let mut v = Validation::default();
        let title_zh = required_text(&mut v, "title_zh", "项目名称", &self.title_zh, 100);
        let title_en = text(&mut v, "title_en", &self.title_en, 200);
        let industry = industry(&mut v, "industry", &self.industry, catalog);
        let amount = match amount(&mut v, "amount_yuan", &self.amount_yuan) {
            None if opt(&self.amount_yuan).is_none() => {
                v.push(FieldError::required("amount_yuan", "投资总额"));
                None
            }
            Some(fen) if fen.0 == 0 || fen > Fen(100_000_000_000_000) => {
                v.push(FieldError::new(
                    "amount_yuan",
                    "out_of_range",
                    "投资总额应大于0且不超过1万亿元",
                    "amount_yuan must be above zero and at most 1 trillion yuan",
                ));
                None
            }
            other => other,
        };
        let mode = choice(
            &mut v,
            "mode",
            "合作方式",
            &self.mode,
            InvestmentMode::parse,
        );
        let land_hundredth_mu = quantity(&mut v, "land_mu", &self.land_mu, 2);
        let incentives = text(&mut v, "incentives", &self.incentives, 2000);
        let description = text(&mut v, "description", &self.description, 4000);
        let status = if opt(&self.status).is_none() {
            Some(ProjectStatus::Open)
        } else {
            choice(
                &mut v,
                "status",
                "项目状态",
                &self.status,
                ProjectStatus::parse,
            )
        };
        match (title_zh, industry, amount, mode, status) {
            (Some(title_zh), Some(industry), Some(amount), Some(mode), Some(status))
                if v.is_empty() =>
            {
                Ok(ProjectFields {
                    title_zh,
                    title_en,
                    industry,
                    amount,
                    mode,
                    land_hundredth_mu,
                    incentives,
                    description,
                    status,
                })
            }
            _ => Err(v),
        }
    }

    pub fn from_fields(f: &ProjectFields) -> ProjectInput {
        ProjectInput {
            title_zh: f.title_zh.clone(),
            title_en: f.title_en.clone().unwrap_or_default(),
            industry: f.industry.to_string(),
            amount_yuan: f.amount.to_yuan_string(),
            mode: f.mode.code().to_owned(),
            land_mu: f
                .land_hundredth_mu
                .map(|l| crate::decimal::format_scaled(l, 2))
                .unwrap_or_default(),
            incentives: f.incentives.clone().unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            status: f.status.code().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn laptop_plant() -> ProjectInput {
        ProjectInput {
            title_zh: "笔记本电脑整机及配套产业园".into(),
            title_en: "Laptop assembly and supplier park".into(),
            industry: "39".into(),
            amount_yuan: "1500000000.00".into(),
            mode: "独资".into(),
            land_mu: "800".into(),
            incentives: "土地挂牌价优惠；前三年地方留成税收全额奖励".into(),
            description: "承接东部地区电子信息产业转移。".into(),
            status: String::new(),
        }
    }

    #[test]
    fn a_valid_project_round_trips() {
        let f = laptop_plant().validate(&catalog()).expect("valid");
        assert_eq!(f.amount, Fen(150_000_000_000));
        assert_eq!(f.mode, InvestmentMode::WhollyOwned);
        assert_eq!(f.status, ProjectStatus::Open);
        let again = ProjectInput::from_fields(&f)
            .validate(&catalog())
            .expect("valid");
        assert_eq!(again, f);
    }

    #[test]
    fn bad_input_names_each_field() {
        let input = ProjectInput {
            title_zh: String::new(),
            industry: "XX".into(),
            amount_yuan: "-1".into(),
            mode: "入股".into(),
            land_mu: "1.234".into(),
            status: "done".into(),
            ..laptop_plant()
        };
        let errors = input.validate(&catalog()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title_zh",
                "industry",
                "amount_yuan",
                "mode",
                "land_mu",
                "status"
            ]
        );
    }

    #[test]
    fn zero_amounts_are_refused() {
        let input = ProjectInput {
            amount_yuan: "0".into(),
            ..laptop_plant()
        };
        let errors = input.validate(&catalog()).expect_err("zero");
        assert_eq!(errors.0[0].code, "out_of_range");
    }
}
