//! Domain events: what one committed change did, to which record, by whom, and for which
//! organisations. The one write path records one with every audit row it appends; search
//! sync, other instances' caches, and to-dos and notifications read them in order.

use chrono::{DateTime, Utc};
use serde::Serialize;

macro_rules! entities {
    ($($variant:ident => $code:literal),* $(,)?) => {
        /// The kinds of record a change can be about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Entity {
            $($variant),*
        }

        impl Entity {
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),*];

            /// The name stored in the change log and the audit row.
            pub fn code(self) -> &'static str {
                match self {
                    $(Entity::$variant => $code),*
                }
            }

            pub fn parse(code: &str) -> Option<Entity> {
                match code {
                    $($code => Some(Entity::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

entities! {
    Agreement => "agreement",
    ApiToken => "api_token",
    AuditLog => "audit_log",
    ClassSurvey => "class_survey",
    ClearanceAgreement => "clearance_agreement",
    Demand => "demand",
    Demo => "demo",
    Distributor => "distributor",
    Enterprise => "enterprise",
    Event => "event",
    EventRegistration => "event_registration",
    FarmDeal => "farm_deal",
    FarmOffer => "farm_offer",
    FundApplication => "fund_application",
    FundProgramme => "fund_programme",
    Grant => "grant",
    LabourBase => "labour_base",
    LabourProject => "labour_project",
    Logistics => "logistics",
    LogisticsLink => "logistics_link",
    ManagerCourse => "manager_course",
    ManagerEnrolment => "manager_enrolment",
    Market => "market",
    Meeting => "meeting",
    Milestone => "milestone",
    MinistryClass => "ministry_class",
    MinistryClassEnrolment => "ministry_class_enrolment",
    Organisation => "organisation",
    OutsourcingBase => "outsourcing_base",
    OutsourcingDemand => "outsourcing_demand",
    OverseasProject => "overseas_project",
    Park => "park",
    PipelineRecord => "pipeline_record",
    Port => "port",
    PriceReport => "price_report",
    Problem => "problem",
    Project => "project",
    PromotionEvent => "promotion_event",
    RecyclingPilot => "recycling_pilot",
    Reference => "reference",
    RuralStation => "rural_station",
    Session => "session",
    Settings => "settings",
    Target => "target",
    StatisticalReturn => "statistical_return",
    Trainee => "trainee",
    TrainingClass => "training_class",
    TrainingPlan => "training_plan",
    TrainingTarget => "training_target",
    User => "user",
    Zone => "zone",
}

/// One committed change, as the change log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The change log's id: events are read in this order.
    pub id: i64,
    pub at: DateTime<Utc>,
    pub entity: Entity,
    pub entity_id: Option<i64>,
    /// What happened, as the audit row names it (`funds.return`, `demand.create`).
    pub action: String,
    /// The user who made the change; `None` for the operator's console and system jobs.
    pub by: Option<i64>,
    /// The organisations the change concerns: the acting one and any it waits on or is
    /// about (a reviewer, an applicant), for to-dos and notifications.
    pub orgs: Vec<i64>,
    /// The audit row written with it.
    pub audit_id: i64,
}

/// An event before it is stored: the write path fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub entity: Entity,
    pub entity_id: Option<i64>,
    pub action: String,
    pub by: Option<i64>,
    pub orgs: Vec<i64>,
}

impl NewEvent {
    /// The organisations as stored: sorted, each once.
    pub fn orgs_text(&self) -> String {
        let mut orgs = self.orgs.clone();
        orgs.sort_unstable();
        orgs.dedup();
        orgs.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Reads the stored list back; `None` when it is not a list of ids (a damaged row is an
/// error for the reader, never an empty list).
pub fn parse_orgs(text: &str) -> Option<Vec<i64>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(|id| id.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_entity_reads_back_from_its_code_and_codes_are_distinct() {
        let mut codes = std::collections::HashSet::new();
        for &entity in Entity::ALL {
            assert_eq!(Entity::parse(entity.code()), Some(entity));
            assert!(codes.insert(entity.code()), "{} twice", entity.code());
        }
        assert_eq!(Entity::parse("nonsense"), None);
    }

    #[test]
    fn a_damaged_org_list_is_refused_not_read_as_empty() {
        assert_eq!(parse_orgs(""), Some(vec![]));
        assert_eq!(parse_orgs("3,7"), Some(vec![3, 7]));
        assert_eq!(parse_orgs("3,x"), None);
        assert_eq!(parse_orgs(",3"), None);
    }

    proptest! {
        #[test]
        fn org_lists_round_trip_sorted_and_once(orgs in proptest::collection::vec(1i64..10_000, 0..20)) {
            let event = NewEvent {
                entity: Entity::Zone,
                entity_id: None,
                action: "zone.update".into(),
                by: None,
                orgs: orgs.clone(),
            };
            let mut expected = orgs;
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(parse_orgs(&event.orgs_text()), Some(expected));
        }
    }
}
