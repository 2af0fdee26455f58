//! Matching relocation demand and zones, both ways: the zones that fit a demand (the
//! enterprise's "find a location"), and the published demands that fit a zone.

use crate::demands::DemandView;
use crate::{App, AppError};
use gowest_domain::access::Actor;
use gowest_domain::demand::RelocationDemand;
use gowest_domain::location_query::{LocationQuery, LocationQueryInput};
use gowest_domain::matching::{MatchDemand, Ranking, ZoneMatch};
use gowest_domain::project::InvestmentProject;
use gowest_domain::region::Region;
use gowest_domain::zone::{Zone, ZoneLevel};
use serde::Serialize;
use utoipa::ToSchema;

/// Most zones one ranking returns.
pub const MAX_MATCHES: usize = 100;
/// Projects shown under each ranked zone.
const PROJECTS_PER_ZONE: usize = 3;

/// A ranked zone with what a reader needs to recognise it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationMatch {
    #[serde(flatten)]
    pub fit: ZoneMatch,
    pub zone_name_zh: String,
    pub zone_name_en: Option<String>,
    pub province_name_zh: String,
    pub region: Region,
    pub level: ZoneLevel,
    /// The zone's listed projects in the demand's industry (its section), newest first.
    pub projects: Vec<ProjectBrief>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectBrief {
    pub id: i64,
    pub title_zh: String,
}

/// The zones that fit a question, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationMatches {
    /// Zones that passed the region filter and were scored.
    pub candidates: u32,
    pub matches: Vec<LocationMatch>,
}

/// A published demand seen from one zone: how well the zone fits it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandForZone {
    pub demand: DemandView,
    pub fit: ZoneMatch,
    pub candidates: u32,
}

pub fn match_demand(demand: &RelocationDemand, processing_trade: bool) -> MatchDemand {
    let f = &demand.fields;
    MatchDemand {
        industry: f.industry.clone(),
        investment: f.investment,
        workforce: f.workforce,
        port_ids: f.port_ids.clone(),
        preferred_regions: f.preferred_regions.clone(),
        processing_trade,
    }
}

impl App {
    fn describe(&self, ranking: Ranking, demand: &MatchDemand) -> LocationMatches {
        let directory = self.directory();
        let section = demand.industry.section();
        let projects = &directory.projects;
        let matches = ranking
            .matches
            .into_iter()
            .filter_map(|fit| {
                let zone: &Zone = directory.zone(fit.zone_id)?;
                let mut related: Vec<&InvestmentProject> = projects
                    .iter()
                    .filter(|p| {
                        let f = &p.fields;
                        p.zone_id == zone.id
                            && f.status.listed()
                            && (f.industry == demand.industry
                                || f.industry.section() == section
                                || Some(&f.industry) == section.as_ref())
                    })
                    .collect();
                // The demand's own division first, then the rest of its section.
                related.sort_by_key(|p| p.fields.industry != demand.industry);
                let projects = related
                    .into_iter()
                    .take(PROJECTS_PER_ZONE)
                    .map(|p| ProjectBrief {
                        id: p.id,
                        title_zh: p.fields.title_zh.clone(),
                    })
                    .collect();
                Some(LocationMatch {
                    zone_name_zh: zone.fields.name_zh.clone(),
                    zone_name_en: zone.fields.name_en.clone(),
                    province_name_zh: zone.province_name_zh.clone(),
                    region: zone.region,
                    level: zone.fields.level,
                    projects,
                    fit,
                })
            })
            .collect();
        LocationMatches {
            candidates: ranking.candidates,
            matches,
        }
    }

    /// The zones that best fit a question from the wizard or the API.
    pub fn find_locations(
        &self,
        input: &LocationQueryInput,
        limit: usize,
    ) -> Result<(LocationQuery, LocationMatches), AppError> {
        let directory = self.directory();
        let query = input.validate(&directory.catalog)?;
        let ranking = directory.matching.rank(
            &query.demand,
            &query.weights,
            &directory.hours,
            limit.clamp(1, MAX_MATCHES),
        );
        let matches = self.describe(ranking, &query.demand);
        Ok((query, matches))
    }

    /// The question a demand asks, when the reader may see the demand.
    pub async fn demand_question(
        &self,
        actor: Option<&Actor>,
        demand_id: i64,
    ) -> Result<(DemandView, LocationQueryInput), AppError> {
        let view = self.demand_for(actor, demand_id).await?;
        let input = LocationQueryInput::from_demand(&view.demand.fields, view.processing_trade);
        Ok((view, input))
    }

    /// One zone against a question: its score and rank among all candidates.
    pub fn zone_fit(&self, zone_id: i64, query: &LocationQuery) -> Option<ZoneMatch> {
        let directory = self.directory();
        directory
            .matching
            .rank_of(zone_id, &query.demand, &query.weights, &directory.hours)
    }

    /// The reverse view: published demands that fit a zone best, each scored with the
    /// enterprise's own weights (or the ministry's), best first.
    pub fn demands_for_zone(
        &self,
        actor: Option<&Actor>,
        zone_id: i64,
    ) -> Result<Vec<DemandForZone>, AppError> {
        let directory = self.directory();
        if directory.zone(zone_id).is_none() {
            return Err(AppError::NotFound { entity: "zone" });
        }
        let mut fits: Vec<DemandForZone> = self
            .published_demands(actor)
            .into_iter()
            .filter_map(|view| {
                let demand = match_demand(&view.demand, view.processing_trade);
                let weights = view.demand.fields.weights_or_default();
                // The candidates are the zones in the preferred regions: counting them needs
                // no second scoring pass.
                let ranking_size = directory
                    .zones
                    .iter()
                    .filter(|l| {
                        demand.preferred_regions.is_empty()
                            || demand.preferred_regions.contains(&l.zone.region)
                    })
                    .count() as u32;
                let fit =
                    directory
                        .matching
                        .rank_of(zone_id, &demand, &weights, &directory.hours)?;
                Some(DemandForZone {
                    demand: view,
                    fit,
                    candidates: ranking_size,
                })
            })
            .collect();
        fits.sort_by(|a, b| {
            b.fit
                .score
                .total_cmp(&a.fit.score)
                .then(a.fit.rank.cmp(&b.fit.rank))
                .then(a.demand.demand.id.cmp(&b.demand.demand.id))
        });
        Ok(fits)
    }
}
