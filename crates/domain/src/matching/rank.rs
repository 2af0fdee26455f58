//! Ranking zones for a demand, and the reverse view: one zone against many demands.

use super::hours::PortHours;
use super::index::MatchIndex;
use super::reason::zone_match;
use super::result::{DemandFit, Ranking, ZoneMatch};
use super::score::{Pass, rank_among};
use super::{MatchDemand, Weights};
use std::cmp::Reverse;

impl MatchIndex {
    /// The best `limit` zones for `demand`, best first, and how many zones were candidates.
    /// Expects validated weights (all zero scores every zone 100). O(zones × ports).
    pub fn rank(
        &self,
        demand: &MatchDemand,
        weights: &Weights,
        hours: &impl PortHours,
        limit: usize,
    ) -> Ranking {
        let pass = Pass::new(self, demand, weights, hours);
        let scores = pass.scores();
        // Candidates are in id order, so the candidate position breaks ties by id.
        let key = |c: &usize| (Reverse(scores[*c]), *c);
        let mut order: Vec<usize> = (0..scores.len()).collect();
        if limit < order.len() {
            order.select_nth_unstable_by_key(limit, key);
            order.truncate(limit);
        }
        order.sort_unstable_by_key(key);
        let matches = order
            .iter()
            .zip(1u32..)
            .map(|(c, rank)| zone_match(&pass, *c, scores[*c], rank))
            .collect();
        Ranking {
            candidates: candidates(&pass),
            matches,
        }
    }

    /// One zone's match to `demand` with its rank among all candidates; `None` when the
    /// zone is unknown or filtered out by the demand's regions.
    pub fn rank_of(
        &self,
        zone_id: i64,
        demand: &MatchDemand,
        weights: &Weights,
        hours: &impl PortHours,
    ) -> Option<ZoneMatch> {
        let pass = Pass::new(self, demand, weights, hours);
        let candidate = pass.candidate_of(zone_id)?;
        let scores = pass.scores();
        let rank = rank_among(&scores, candidate);
        Some(zone_match(&pass, candidate, scores[candidate], rank))
    }

    /// The reverse view: how `zone_id` fares in each demand (its score and its rank among
    /// all zones), best fit first (higher score, then better rank, then demand order). Each
    /// demand costs one pass over the zones and no sort; demands where the zone is not a
    /// candidate are left out. Callers with many demands can split the slice over threads.
    pub fn score_zone(
        &self,
        zone_id: i64,
        demands: &[MatchDemand],
        weights: &Weights,
        hours: &impl PortHours,
    ) -> Vec<DemandFit> {
        let mut fits: Vec<DemandFit> = demands
            .iter()
            .enumerate()
            .filter_map(|(i, demand)| {
                let pass = Pass::new(self, demand, weights, hours);
                let candidate = pass.candidate_of(zone_id)?;
                let scores = pass.scores();
                let rank = rank_among(&scores, candidate);
                Some(DemandFit {
                    demand: i,
                    candidates: candidates(&pass),
                    zone: zone_match(&pass, candidate, scores[candidate], rank),
                })
            })
            .collect();
        fits.sort_by(|a, b| {
            b.zone
                .score
                .total_cmp(&a.zone.score)
                .then(a.zone.rank.cmp(&b.zone.rank))
                .then(a.demand.cmp(&b.demand))
        });
        fits
    }
}

fn candidates(pass: &Pass) -> u32 {
    u32::try_from(pass.slots.len()).unwrap_or(u32::MAX)
}
