//! Filters of the public listings (investment projects, relocation demand) as they arrive in a
//! query string: each present value is checked, and an unknown code is named rather than
//! silently ignored (which would list everything and look like an answer).

use crate::error::{FieldError, Validation};
use crate::industry::IndustryCode;
use crate::input::{self, opt};
use crate::project::InvestmentMode;
use crate::reference::ReferenceCatalog;
use crate::region::{ProvinceCode, Region};

/// The raw filter texts; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingFilterInput {
    pub region: String,
    pub province: String,
    pub industry: String,
    pub mode: String,
}

/// Checked filters; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingFilter {
    pub region: Option<Region>,
    pub province: Option<ProvinceCode>,
    /// A section letter (all its divisions) or a division code.
    pub industry: Option<IndustryCode>,
    pub mode: Option<InvestmentMode>,
}

impl ListingFilterInput {
    pub fn validate(&self, catalog: &ReferenceCatalog) -> Result<ListingFilter, Validation> {
        let mut v = Validation::default();
        let region = opt(&self.region).and_then(|raw| {
            let region = Region::parse(&raw);
            if region.is_none() {
                v.push(FieldError::new(
                    "region",
                    "unknown",
                    format!("未知地区“{raw}”（应为 east、central、west 或 northeast）"),
                    format!("unknown region \"{raw}\" (east, central, west or northeast)"),
                ));
            }
            region
        });
        let province =
            opt(&self.province).and_then(|raw| input::province(&mut v, "province", &raw, catalog));
        let industry =
            opt(&self.industry).and_then(|raw| input::industry(&mut v, "industry", &raw, catalog));
        let mode = opt(&self.mode)
            .and_then(|raw| input::choice(&mut v, "mode", "合作方式", &raw, InvestmentMode::parse));
        v.finish(ListingFilter {
            region,
            province,
            industry,
            mode,
        })
    }
}

impl ListingFilter {
    /// Whether `code` falls under the industry filter: the same code, or a division of the
    /// section asked for.
    pub fn industry_fits(&self, code: &IndustryCode) -> bool {
        self.industry
            .as_ref()
            .is_none_or(|i| code == i || code.section().as_ref() == Some(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn division(code: &str) -> IndustryCode {
        IndustryCode::parse(code).expect("code")
    }

    fn input(region: &str, province: &str, industry: &str, mode: &str) -> ListingFilterInput {
        ListingFilterInput {
            region: region.into(),
            province: province.into(),
            industry: industry.into(),
            mode: mode.into(),
        }
    }

    #[test]
    fn empty_filters_mean_any() {
        let f = input(" ", "", "", "").validate(&catalog()).expect("valid");
        assert_eq!(f, ListingFilter::default());
        assert!(f.industry_fits(&division("39")));
    }

    #[test]
    fn known_codes_are_kept() {
        let f = input("west", "510000", "C", "joint_venture")
            .validate(&catalog())
            .expect("valid");
        assert_eq!(f.region, Some(Region::West));
        assert_eq!(f.province.as_ref().map(|p| p.as_str()), Some("510000"));
        assert_eq!(f.mode, Some(InvestmentMode::JointVenture));
        assert!(f.industry_fits(&division("39")));
        assert!(!f.industry_fits(&division("59")));
    }

    #[test]
    fn every_unknown_code_is_named() {
        let err = input("south", "990000", "ZZ", "barter")
            .validate(&catalog())
            .expect_err("refused");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["region", "province", "industry", "mode"]);
        assert!(err.0[0].message_zh.contains("south"));
        assert!(err.0[2].message_en.contains("ZZ"));
    }
}
