//! Travel time from a zone to a port, behind a trait so that the road estimate used today
//! can be replaced by shortest paths over a logistics network (road, rail, river) later,
//! and a table that computes any source once for every zone and port of an index.

use super::index::MatchIndex;
use crate::geo::{LatLon, estimate_road};
use crate::port::Port;

/// Hours of travel from a zone to a port.
pub trait PortHours {
    /// Hours from the zone `zone_id` located at `from` to `port`; `None` when no route is
    /// known (the factor is then "no data" for that zone, not a penalty).
    fn hours(&self, zone_id: i64, from: LatLon, port: &Port) -> Option<f64>;

    /// Hours from every zone of `index` to `port`, by the index's zone order (NaN: no
    /// route), when the source has them ready; then matching reads the column instead of
    /// calling [`PortHours::hours`] once per zone.
    fn column(&self, _index: &MatchIndex, _port: &Port) -> Option<&[f64]> {
        None
    }
}

/// The estimate the zone directory also uses: great circle × 1.3 at 60 km/h, to a tenth of
/// an hour ([`estimate_road`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct EstimatedRoadHours;

impl PortHours for EstimatedRoadHours {
    fn hours(&self, _zone_id: i64, from: LatLon, port: &Port) -> Option<f64> {
        Some(f64::from(estimate_road(from, port.location).hours_tenths) / 10.0)
    }
}

/// Another source's hours computed once for every zone and port of one index, so that a
/// demand costs a lookup per zone instead of a route (or a great circle). It answers for
/// the index it was built from only; rebuild it with the index.
#[derive(Debug, Clone)]
pub struct HoursTable {
    fingerprint: u64,
    zone_ids: Vec<i64>,
    port_ids: Vec<i64>,
    /// Port-major: `hours[port * zones + zone]`, NaN where the source has no route.
    hours: Vec<f64>,
}

impl HoursTable {
    pub fn new(index: &MatchIndex, source: &impl PortHours) -> HoursTable {
        let mut hours = Vec::with_capacity(index.ports.len() * index.rows.len());
        for port in &index.ports {
            hours.extend(index.rows.iter().map(|row| {
                row.location
                    .and_then(|from| source.hours(row.id, from, port))
                    .unwrap_or(f64::NAN)
            }));
        }
        HoursTable {
            fingerprint: index.fingerprint,
            zone_ids: index.rows.iter().map(|r| r.id).collect(),
            port_ids: index.ports.iter().map(|p| p.id).collect(),
            hours,
        }
    }

    fn column_at(&self, port_id: i64) -> Option<&[f64]> {
        let n = self.zone_ids.len();
        let p = self.port_ids.iter().position(|id| *id == port_id)?;
        self.hours.get(p * n..(p + 1) * n)
    }
}

impl PortHours for HoursTable {
    fn hours(&self, zone_id: i64, _from: LatLon, port: &Port) -> Option<f64> {
        let zone = self.zone_ids.binary_search(&zone_id).ok()?;
        let h = *self.column_at(port.id)?.get(zone)?;
        (!h.is_nan()).then_some(h)
    }

    fn column(&self, index: &MatchIndex, port: &Port) -> Option<&[f64]> {
        if index.fingerprint != self.fingerprint {
            return None;
        }
        self.column_at(port.id)
    }
}
