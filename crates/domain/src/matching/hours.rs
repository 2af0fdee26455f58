//! Travel time from a zone to a port, behind a trait so that the road estimate used today
//! can be replaced by shortest paths over a logistics network (road, rail, river) later.

use crate::geo::{LatLon, estimate_road};
use crate::port::Port;

/// Hours of travel from a zone to a port.
pub trait PortHours {
    /// Hours from the zone `zone_id` located at `from` to `port`; `None` when no route is
    /// known (the factor is then "no data" for that zone, not a penalty).
    fn hours(&self, zone_id: i64, from: LatLon, port: &Port) -> Option<f64>;
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
