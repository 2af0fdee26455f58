//! Relocation demand (转移意向): what an enterprise needs from the place it moves to.

use crate::error::FieldError;
use crate::industry::IndustryCode;
use crate::matching::Weights;
use crate::money::Fen;
use crate::region::Region;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Draft → published (visible to zones and the public) → withdrawn; a withdrawn demand can
/// be published again, and only a draft or a published demand can be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DemandStatus {
    Draft,
    Published,
    Withdrawn,
}

impl DemandStatus {
    pub const ALL: [DemandStatus; 3] = [
        DemandStatus::Draft,
        DemandStatus::Published,
        DemandStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DemandStatus::Draft => "draft",
            DemandStatus::Published => "published",
            DemandStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            DemandStatus::Draft => "草稿",
            DemandStatus::Published => "已发布",
            DemandStatus::Withdrawn => "已撤回",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            DemandStatus::Draft => "Draft",
            DemandStatus::Published => "Published",
            DemandStatus::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<DemandStatus> {
        DemandStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn editable(self) -> bool {
        self != DemandStatus::Withdrawn
    }

    /// The status after `to` is asked for, or why it cannot be.
    pub fn move_to(self, to: DemandStatus) -> Result<DemandStatus, FieldError> {
        let allowed = matches!(
            (self, to),
            (DemandStatus::Draft, DemandStatus::Published)
                | (DemandStatus::Withdrawn, DemandStatus::Published)
                | (DemandStatus::Published, DemandStatus::Withdrawn)
                | (DemandStatus::Draft, DemandStatus::Withdrawn)
        );
        if allowed {
            Ok(to)
        } else {
            Err(FieldError::new(
                "status",
                "transition",
                format!("“{}”的意向不能改为“{}”", self.name_zh(), to.name_zh()),
                format!(
                    "a {} demand cannot become {}",
                    self.name_en().to_lowercase(),
                    to.name_en().to_lowercase()
                ),
            ))
        }
    }
}

/// What the enterprise needs; checked against the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DemandFields {
    pub title: String,
    pub industry: IndustryCode,
    pub investment: Fen,
    /// Land needed in hundredths of a 亩 (`12050` = 120.5 亩), as Chinese land is traded.
    pub land_hundredth_mu: Option<i64>,
    pub workforce: u32,
    /// Skills the workforce needs, e.g. 电子装配, 注塑, SMT.
    pub skills: Vec<String>,
    pub power_kva: Option<u32>,
    pub water_tonnes_per_day: Option<u32>,
    /// The ports the enterprise ships through (catalog ids), first the main one.
    pub port_ids: Vec<i64>,
    /// Empty means anywhere.
    pub preferred_regions: Vec<Region>,
    /// When it wants to be producing at the new site (first of the month).
    pub start_by: Option<NaiveDate>,
    pub description: Option<String>,
    /// The enterprise's own weights; `None` uses the ministry's defaults.
    pub weights: Option<Weights>,
}

impl DemandFields {
    pub fn weights_or_default(&self) -> Weights {
        self.weights.unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RelocationDemand {
    pub id: i64,
    pub enterprise_id: i64,
    #[serde(flatten)]
    pub fields: DemandFields,
    pub status: DemandStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub demo: bool,
}

mod input;

pub use input::DemandInput;
pub(crate) use input::{ports, regions, weights};

#[cfg(test)]
mod tests {
    use super::DemandStatus::*;

    #[test]
    fn status_moves_only_along_its_edges() {
        assert_eq!(Draft.move_to(Published), Ok(Published));
        assert_eq!(Published.move_to(Withdrawn), Ok(Withdrawn));
        assert_eq!(Withdrawn.move_to(Published), Ok(Published));
        assert!(Published.move_to(Draft).is_err());
        assert!(Withdrawn.move_to(Withdrawn).is_err());
        assert!(!Withdrawn.editable() && Draft.editable() && Published.editable());
    }
}
