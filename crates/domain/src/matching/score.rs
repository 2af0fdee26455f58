//! One demand against the index: every candidate's raw factor values, the candidate means,
//! and the indices (average candidate = 100) in exact integer arithmetic, so that a score
//! never depends on summation order and an improvement can never round into a loss.

use super::hours::PortHours;
use super::index::{IndustryKey, MatchIndex, ZoneRow};
use super::{Factor, MatchDemand, Weights};
use crate::port::Port;

/// Raw value of a factor the zone has no data for.
pub(crate) const MISSING: i64 = -1;
/// Indices are kept in tenths: 1000 = 100.0, the average candidate and the "no data" value.
pub(crate) const NEUTRAL: i64 = 1000;
/// 300.0: one factor far above the average cannot swamp all the others.
pub(crate) const INDEX_CAP: i64 = 3000;
/// Labour availability counts up to twice the workforce needed (in thousandths): beyond
/// that, more workers do not make the move safer.
pub(crate) const LABOUR_CAP_PERMILLE: i64 = 2000;
/// Half an hour: loading and gate time, and a floor that keeps the cost index finite.
pub(crate) const MIN_HOURS_TENTHS: i64 = 5;

/// Whether lower raw values are better (the index is then inverted).
pub(crate) fn is_cost(factor: Factor) -> bool {
    matches!(
        factor,
        Factor::LandCost | Factor::LabourCost | Factor::PortAccess
    )
}

/// Sum and count of the candidates that have data for a factor.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stat {
    sum: i128,
    n: i128,
    /// Largest raw value seen, to size the lookup table.
    max: i64,
}

impl Stat {
    pub(crate) fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// The index in tenths, rounded half up: 1000 × raw / mean for a benefit, 1000 × mean /
    /// raw for a cost, capped at 3000. Both are monotone in the zone's own raw value even
    /// though the mean moves with it, and integer division keeps them so after rounding.
    pub(crate) fn index(&self, factor: Factor, raw: i64) -> i64 {
        if raw == MISSING || self.n == 0 || self.sum == 0 {
            return NEUTRAL;
        }
        let raw = i128::from(raw);
        let (num, den) = if is_cost(factor) {
            let raw = raw.max(1);
            (2000 * self.sum + self.n * raw, 2 * self.n * raw)
        } else {
            (2000 * raw * self.n + self.sum, 2 * self.sum)
        };
        floor_div_capped(num, den)
    }
}

/// ⌊num / den⌋ capped at [`INDEX_CAP`], for num ≥ 0 and den > 0, exactly. This is the hot
/// loop of a ranking (7 per zone): an integer division is slow (i128 a library call), so
/// the quotient is estimated in f64 and corrected by multiplication, which is exact.
fn floor_div_capped(num: i128, den: i128) -> i64 {
    let cap = i128::from(INDEX_CAP);
    if num >= den * cap {
        return INDEX_CAP;
    }
    let estimate = match (i64::try_from(num), i64::try_from(den)) {
        // Both below 2^63: the f64 quotient is within 1 of the true one (it is < 3000).
        (Ok(n), Ok(d)) => i128::from((n as f64 / d as f64) as i64),
        _ => num / den,
    };
    let mut q = estimate.clamp(0, cap);
    while q > 0 && q * den > num {
        q -= 1;
    }
    while q < cap && (q + 1) * den <= num {
        q += 1;
    }
    i64::try_from(q).unwrap_or(INDEX_CAP)
}

/// A demand scored against every candidate zone.
pub(crate) struct Pass<'a> {
    pub index: &'a MatchIndex,
    pub demand: &'a MatchDemand,
    pub weights: Weights,
    /// The demand's ports that the catalog knows, in the demand's order.
    pub ports: Vec<&'a Port>,
    /// Candidate rows, ascending by zone id (the tie-break order).
    pub slots: Vec<usize>,
    /// Raw values per candidate, indexed by `Factor as usize`.
    pub raw: Vec<[i64; 7]>,
    pub stats: [Stat; 7],
    /// Index by raw value, for factors whose raw values are few (fit, ratio, hours,
    /// points, counts): computing each possible index once is cheaper than once per zone.
    /// Empty: compute per zone (land and wage prices).
    lookup: [Vec<i64>; 7],
}

impl<'a> Pass<'a> {
    pub(crate) fn new(
        index: &'a MatchIndex,
        demand: &'a MatchDemand,
        weights: &Weights,
        hours: &impl PortHours,
    ) -> Pass<'a> {
        let ports: Vec<&Port> = demand
            .port_ids
            .iter()
            .filter_map(|id| index.port(*id))
            .collect();
        let key = IndustryKey::of(&demand.industry);
        let workforce = i64::from(demand.workforce.max(1));
        let pt = usize::from(demand.processing_trade);
        let regions = &demand.preferred_regions;
        let mut pass = Pass {
            index,
            demand,
            weights: *weights,
            ports,
            slots: Vec::with_capacity(index.rows.len()),
            raw: Vec::with_capacity(index.rows.len()),
            stats: [Stat::default(); 7],
            lookup: Default::default(),
        };
        let columns: Vec<(&Port, Option<&[f64]>)> = pass
            .ports
            .iter()
            .map(|p| (*p, hours.column(index, p)))
            .collect();
        for (slot, row) in index.rows.iter().enumerate() {
            if !regions.is_empty() && !regions.contains(&row.region) {
                continue;
            }
            let mut raw = [MISSING; 7];
            raw[Factor::IndustryFit as usize] = match (key, row.industries) {
                (Some(key), Some(set)) => set.fit(key),
                _ => MISSING,
            };
            raw[Factor::LandCost as usize] = row.land.unwrap_or(MISSING);
            raw[Factor::LabourCost as usize] = row.wage.unwrap_or(MISSING);
            raw[Factor::LabourAvailability as usize] =
                match (row.labour, row.technicians.fitting(key)) {
                    (None, 0) => MISSING,
                    (labour, technicians) => {
                        let l = labour.unwrap_or(0).saturating_add(technicians);
                        (i64::from(l) * 1000 / workforce).min(LABOUR_CAP_PERMILLE)
                    }
                };
            raw[Factor::PortAccess as usize] = port_tenths(row, slot, &columns, hours);
            raw[Factor::RegionalPriority as usize] = row.region_points;
            raw[Factor::Support as usize] = row.support[pt];
            for (stat, value) in pass.stats.iter_mut().zip(raw) {
                if value != MISSING {
                    stat.sum += i128::from(value);
                    stat.n += 1;
                    stat.max = stat.max.max(value);
                }
            }
            pass.slots.push(slot);
            pass.raw.push(raw);
        }
        for f in Factor::ALL {
            let stat = pass.stats[f as usize];
            let values = usize::try_from(stat.max).unwrap_or(usize::MAX);
            if pass.weights.get(f) > 0 && values < pass.slots.len() {
                pass.lookup[f as usize] = (0..=stat.max).map(|r| stat.index(f, r)).collect();
            }
        }
        pass
    }

    /// The index of a raw value of `factor` (in tenths), from the lookup table if any.
    fn index(&self, factor: Factor, raw: i64) -> i64 {
        let table = &self.lookup[factor as usize];
        match usize::try_from(raw).ok().and_then(|r| table.get(r)) {
            Some(index) => *index,
            None => self.stats[factor as usize].index(factor, raw),
        }
    }

    pub(crate) fn row(&self, candidate: usize) -> &ZoneRow {
        &self.index.rows[self.slots[candidate]]
    }

    pub(crate) fn indices(&self, candidate: usize) -> [i64; 7] {
        let raw = &self.raw[candidate];
        Factor::ALL.map(|f| self.index(f, raw[f as usize]))
    }

    /// Every candidate's score: the weighted mean of its indices, in hundredths (10000 =
    /// 100.00), rounded half up. Factor by factor, so that each inner loop reads one table
    /// or one mean; unweighted factors are skipped.
    pub(crate) fn scores(&self) -> Vec<i64> {
        let total = i64::from(self.weights.total());
        if total == 0 {
            return vec![NEUTRAL * 10; self.slots.len()];
        }
        let mut sums = vec![0i64; self.slots.len()];
        for f in Factor::ALL {
            let weight = i64::from(self.weights.get(f));
            if weight == 0 {
                continue;
            }
            let (stat, table) = (&self.stats[f as usize], &self.lookup[f as usize]);
            for (sum, raw) in sums.iter_mut().zip(&self.raw) {
                let raw = raw[f as usize];
                let index = match usize::try_from(raw).ok().and_then(|r| table.get(r)) {
                    Some(index) => *index,
                    None => stat.index(f, raw),
                };
                *sum += weight * index;
            }
        }
        for sum in &mut sums {
            *sum = (*sum * 20 + total) / (2 * total);
        }
        sums
    }

    pub(crate) fn candidate_of(&self, zone_id: i64) -> Option<usize> {
        let slot = self.index.slot(zone_id)?;
        self.slots.binary_search(&slot).ok()
    }
}

/// 1 + the candidates ahead: a higher score, or the same score and a lower id.
pub(crate) fn rank_among(scores: &[i64], candidate: usize) -> u32 {
    let own = scores[candidate];
    let ahead = scores
        .iter()
        .enumerate()
        .filter(|(c, s)| **s > own || (**s == own && *c < candidate))
        .count();
    u32::try_from(ahead + 1).unwrap_or(u32::MAX)
}

/// Mean hours to the demand's ports, in tenths. The mean, not the worst: the enterprise
/// ships through every port it names, and with no volumes given each counts equally. A
/// zone's own seaport figure wins over the estimate, as in the directory.
fn port_tenths(
    row: &ZoneRow,
    slot: usize,
    ports: &[(&Port, Option<&[f64]>)],
    hours: &impl PortHours,
) -> i64 {
    if ports.is_empty() {
        return MISSING;
    }
    let mut total = 0.0;
    for (port, column) in ports {
        let h = match (row.given_seaport, column) {
            (Some((id, tenths)), _) if id == port.id => Some(f64::from(tenths) / 10.0),
            (_, Some(column)) => column.get(slot).copied(),
            _ => row
                .location
                .and_then(|from| hours.hours(row.id, from, port)),
        };
        match h {
            Some(h) if h.is_finite() && h >= 0.0 => total += h,
            _ => return MISSING,
        }
    }
    let n = ports.len() as f64;
    // Half up by hand (f64::round is a library call): hours are never negative here, so
    // truncation is the floor. Beyond ten years of driving is a data error: clamp.
    let tenths = (total * 10.0 / n + 0.5).min(876_000.0) as i64;
    tenths.max(MIN_HOURS_TENTHS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(values: &[i64]) -> Stat {
        Stat {
            sum: values.iter().map(|v| i128::from(*v)).sum(),
            n: values.len() as i128,
            max: values.iter().copied().max().unwrap_or(0),
        }
    }

    #[test]
    fn benefit_and_cost_indices_are_relative_to_the_mean() {
        let s = stat(&[100, 200, 300]);
        assert_eq!(s.index(Factor::LabourAvailability, 200), 1000);
        assert_eq!(s.index(Factor::LabourAvailability, 300), 1500);
        assert_eq!(s.index(Factor::LandCost, 100), 2000);
        assert_eq!(s.index(Factor::LandCost, 300), 667);
        assert_eq!(s.index(Factor::LandCost, MISSING), NEUTRAL);
        assert_eq!(stat(&[1, 1000]).index(Factor::LandCost, 1), INDEX_CAP);
        assert_eq!(stat(&[0, 0]).index(Factor::IndustryFit, 0), NEUTRAL);
    }

    proptest::proptest! {
        #[test]
        fn the_fast_division_is_exact(num in 0i128..1 << 100, den in 1i128..1 << 90) {
            let exact = (num / den).min(i128::from(INDEX_CAP));
            proptest::prop_assert_eq!(i128::from(floor_div_capped(num, den)), exact);
        }

        #[test]
        fn the_fast_division_is_exact_for_small_figures(num in 0i128..1 << 40, den in 1i128..1 << 30) {
            let exact = (num / den).min(i128::from(INDEX_CAP));
            proptest::prop_assert_eq!(i128::from(floor_div_capped(num, den)), exact);
        }
    }
}
