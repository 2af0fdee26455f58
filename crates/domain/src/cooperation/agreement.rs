//! Cooperation agreements (合作协议): parties, kind, targets, the ministry's support, and
//! the progress counted from the enterprises and pipeline projects linked to them.

use crate::error::{FieldError, Validation};
use crate::input::{amount, choice, date, required_text, text, whole_number};
use crate::money::Fen;
use crate::pipeline::coded_enum;
use crate::region::Region;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The regions a partner zone of an east–west agreement may be in: the notice's 中西部.
pub const PARTNER_REGIONS: [Region; 2] = [Region::Central, Region::West];

/// 1,000,000 enterprises or jobs: far above any agreement, low enough to catch a typo.
const MAX_TARGET: u32 = 1_000_000;

coded_enum! {
    /// The kind of agreement; the first two are the notice's and pair east with west.
    pub enum AgreementKind {
        IndustrialTransfer => ("industrial_transfer", "产业转移合作协议", "Industrial transfer cooperation"),
        MutualParks => ("mutual_parks", "互利合作园区协议", "Mutually beneficial park cooperation"),
        Other => ("other", "其他合作协议", "Other cooperation"),
    }
}

impl AgreementKind {
    /// Whether the parties must be one eastern zone and central/western zones.
    pub fn requires_east_west(self) -> bool {
        matches!(
            self,
            AgreementKind::IndustrialTransfer | AgreementKind::MutualParks
        )
    }
}

/// A zone that is party to an agreement, with the region its province lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Party {
    pub zone_id: i64,
    pub name_zh: String,
    pub region: Region,
}

/// An agreement as typed: every value is text, amounts in 元.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AgreementInput {
    /// `industrial_transfer`, `mutual_parks`, `other` (or the Chinese name).
    pub kind: String,
    pub title: String,
    /// The eastern (or first) party.
    pub lead_zone_id: String,
    /// The other zones, separated by `,` or `;`.
    pub partner_zone_ids: String,
    pub signed_on: String,
    pub content: String,
    pub target_enterprises: String,
    pub target_investment_yuan: String,
    pub target_jobs: String,
    /// 商务部支持措施: what the ministry committed, if anything.
    pub ministry_support: String,
}

/// A valid agreement; `id` is 0 until stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Agreement {
    pub id: i64,
    pub kind: AgreementKind,
    pub title: String,
    pub lead: Party,
    pub partners: Vec<Party>,
    pub signed_on: NaiveDate,
    pub content: String,
    pub target_enterprises: u32,
    pub target_investment: Fen,
    pub target_jobs: u32,
    pub ministry_support: Option<String>,
}

impl Agreement {
    /// Every party's zone, lead first.
    pub fn zone_ids(&self) -> Vec<i64> {
        std::iter::once(self.lead.zone_id)
            .chain(self.partners.iter().map(|p| p.zone_id))
            .collect()
    }

    /// Checks the input; `party` looks a zone up (name and region), `None` when unknown.
    pub fn from_input(
        input: &AgreementInput,
        party: impl Fn(i64) -> Option<Party>,
        today: NaiveDate,
    ) -> Result<Agreement, Validation> {
        let mut v = Validation::default();
        let kind = choice(
            &mut v,
            "kind",
            "协议类型",
            &input.kind,
            AgreementKind::parse,
        );
        let title = required_text(&mut v, "title", "协议名称", &input.title, 200);
        let content = required_text(&mut v, "content", "协议内容", &input.content, 4000);
        let ministry_support = text(&mut v, "ministry_support", &input.ministry_support, 2000);
        let signed_on = match date(&mut v, "signed_on", &input.signed_on) {
            None if input.signed_on.trim().is_empty() => {
                v.push(FieldError::required("signed_on", "签约日期"));
                None
            }
            Some(day) if day > today => {
                v.push(FieldError::new(
                    "signed_on",
                    "in_future",
                    format!("签约日期不能晚于今天（{today}）"),
                    format!("signed_on must not be after today ({today})"),
                ));
                None
            }
            other => other,
        };
        let target_enterprises = whole_number(
            &mut v,
            "target_enterprises",
            &input.target_enterprises,
            MAX_TARGET,
        );
        let target_jobs = whole_number(&mut v, "target_jobs", &input.target_jobs, MAX_TARGET);
        let target_investment = amount(
            &mut v,
            "target_investment_yuan",
            &input.target_investment_yuan,
        );
        let lead = zone(&mut v, "lead_zone_id", &input.lead_zone_id, &party);
        let partners = partners(&mut v, &input.partner_zone_ids, &party);
        if let (Some(lead), Some(partners)) = (&lead, &partners) {
            if partners.iter().any(|p| p.zone_id == lead.zone_id) {
                v.push(FieldError::new(
                    "partner_zone_ids",
                    "self",
                    "合作方不能包含牵头开发区本身",
                    "partner_zone_ids must not include the lead zone",
                ));
            }
            if let Some(kind) = kind.filter(|k| k.requires_east_west()) {
                east_west(&mut v, kind, lead, partners);
            }
        }
        match (kind, title, content, signed_on, lead, partners) {
            (
                Some(kind),
                Some(title),
                Some(content),
                Some(signed_on),
                Some(lead),
                Some(partners),
            ) if v.is_empty() => Ok(Agreement {
                id: 0,
                kind,
                title,
                lead,
                partners,
                signed_on,
                content,
                target_enterprises: target_enterprises.unwrap_or(0),
                target_investment: target_investment.unwrap_or(Fen(0)),
                target_jobs: target_jobs.unwrap_or(0),
                ministry_support,
            }),
            _ => Err(v),
        }
    }
}

fn zone(
    v: &mut Validation,
    field: &str,
    raw: &str,
    party: &impl Fn(i64) -> Option<Party>,
) -> Option<Party> {
    let raw = raw.trim();
    if raw.is_empty() {
        v.push(FieldError::required(field, "开发区"));
        return None;
    }
    let found = raw.parse::<i64>().ok().filter(|id| *id > 0).and_then(party);
    if found.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("没有编号为“{raw}”的开发区"),
            format!("{field}: no zone \"{raw}\""),
        ));
    }
    found
}

fn partners(
    v: &mut Validation,
    raw: &str,
    party: &impl Fn(i64) -> Option<Party>,
) -> Option<Vec<Party>> {
    let ids = crate::input::list(raw);
    if ids.is_empty() {
        v.push(FieldError::required("partner_zone_ids", "合作开发区"));
        return None;
    }
    let before = v.0.len();
    let found: Vec<Party> = ids
        .iter()
        .filter_map(|id| zone(v, "partner_zone_ids", id, party))
        .collect();
    (v.0.len() == before).then_some(found)
}

/// An east–west kind: the lead in the east, every partner in the centre or west.
fn east_west(v: &mut Validation, kind: AgreementKind, lead: &Party, partners: &[Party]) {
    if lead.region != Region::East {
        v.push(FieldError::new(
            "lead_zone_id",
            "not_east",
            format!(
                "{}须由东部开发区牵头，{}位于{}",
                kind.name_zh(),
                lead.name_zh,
                lead.region.name_zh()
            ),
            format!(
                "lead_zone_id: a {} agreement is led by an eastern zone; {} is in the {} region",
                kind.name_en(),
                lead.zone_id,
                lead.region.name_en()
            ),
        ));
    }
    for p in partners
        .iter()
        .filter(|p| !PARTNER_REGIONS.contains(&p.region))
    {
        v.push(FieldError::new(
            "partner_zone_ids",
            "not_central_or_west",
            format!(
                "{}的合作方须为中西部开发区，{}位于{}",
                kind.name_zh(),
                p.name_zh,
                p.region.name_zh()
            ),
            format!(
                "partner_zone_ids: partners of a {} agreement are central or western zones; \
                 zone {} is in the {} region",
                kind.name_en(),
                p.zone_id,
                p.region.name_en()
            ),
        ));
    }
}

/// Implementation against the targets, counted from what is linked to the agreement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgreementProgress {
    pub enterprises: u32,
    pub projects: u32,
    /// Contract amounts of the linked projects that are signed (not dropped).
    pub investment: Fen,
    pub jobs: u32,
    pub milestones_done: u32,
    pub milestones_overdue: u32,
    pub milestones_total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(id: i64) -> Option<Party> {
        let (name, region) = match id {
            1 => ("苏州工业园区", Region::East),
            2 => ("昆山经济技术开发区", Region::East),
            3 => ("合肥经济技术开发区", Region::Central),
            4 => ("成都经济技术开发区", Region::West),
            _ => return None,
        };
        Some(Party {
            zone_id: id,
            name_zh: name.into(),
            region,
        })
    }

    fn input(kind: &str, lead: &str, partners: &str) -> AgreementInput {
        AgreementInput {
            kind: kind.into(),
            title: "产业转移合作框架协议".into(),
            lead_zone_id: lead.into(),
            partner_zone_ids: partners.into(),
            signed_on: "2007-04-26".into(),
            content: "共建产业转移园区".into(),
            target_enterprises: "50".into(),
            target_investment_yuan: "1000000000".into(),
            target_jobs: "8000".into(),
            ministry_support: String::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2008, 1, 1).expect("a date")
    }

    #[test]
    fn an_east_west_agreement_is_accepted() {
        let a = Agreement::from_input(&input("industrial_transfer", "1", "3, 4"), party, today())
            .expect("valid");
        assert_eq!(a.zone_ids(), [1, 3, 4]);
        assert_eq!(a.target_investment, Fen(100_000_000_000));
    }

    #[test]
    fn two_eastern_zones_are_refused_where_the_kind_pairs_east_with_west() {
        let err = Agreement::from_input(&input("互利合作园区协议", "1", "2"), party, today())
            .expect_err("east–east");
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, "partner_zone_ids");
        assert_eq!(err.0[0].code, "not_central_or_west");
        assert!(err.0[0].message_zh.contains("昆山经济技术开发区位于东部"));
        let err = Agreement::from_input(&input("industrial_transfer", "3", "4"), party, today())
            .expect_err("west-led");
        assert_eq!(err.0[0].code, "not_east");
        // Other kinds may pair any zones.
        assert!(Agreement::from_input(&input("other", "1", "2"), party, today()).is_ok());
    }

    #[test]
    fn bad_parties_and_dates_are_refused_by_field() {
        let mut bad = input("industrial_transfer", "1", "1;9");
        bad.signed_on = "2009-01-01".into();
        let err = Agreement::from_input(&bad, party, today()).expect_err("invalid");
        let codes: Vec<(&str, &str)> = err.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert!(codes.contains(&("signed_on", "in_future")));
        assert!(codes.contains(&("partner_zone_ids", "unknown")));
        let err =
            Agreement::from_input(&input("other", "1", "1"), party, today()).expect_err("self");
        assert_eq!(err.0[0].code, "self");
    }
}
