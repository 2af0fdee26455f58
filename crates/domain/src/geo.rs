//! Coordinates and the distance estimates used where no measured figure is given.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// WGS-84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0;
/// Roads run longer than the great circle; 1.3 is a common circuity factor for China's trunk roads.
pub const ROAD_CIRCUITY: f64 = 1.3;
/// Average speed of a container truck on trunk roads, including stops.
pub const TRUCK_KM_PER_HOUR: f64 = 60.0;

impl LatLon {
    /// Accepts a point only inside the rough bounding box of China, so swapped or
    /// mistyped coordinates are caught at the edge.
    pub fn new(lat: f64, lon: f64) -> Option<LatLon> {
        let inside = (3.0..=54.0).contains(&lat) && (73.0..=136.0).contains(&lon);
        inside.then_some(LatLon { lat, lon })
    }

    /// Great-circle distance (haversine), in km.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

/// Road distance and driving time estimated from the straight line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoadEstimate {
    pub km: u32,
    /// Hours in tenths, to keep the figure exact in storage and JSON.
    pub hours_tenths: u32,
}

pub fn estimate_road(from: LatLon, to: LatLon) -> RoadEstimate {
    let km = from.distance_km(to) * ROAD_CIRCUITY;
    RoadEstimate {
        km: km.round() as u32,
        hours_tenths: (km / TRUCK_KM_PER_HOUR * 10.0).round() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("inside China")
    }

    #[test]
    fn chengdu_to_shanghai_is_about_1660_km_straight() {
        let d = p(30.66, 104.07).distance_km(p(31.23, 121.47));
        assert!((1640.0..1680.0).contains(&d), "{d}");
    }

    #[test]
    fn points_outside_china_are_refused() {
        assert!(LatLon::new(104.0, 30.0).is_none());
        assert!(LatLon::new(0.0, 0.0).is_none());
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_non_negative(
            a in 3.0f64..54.0, b in 73.0f64..136.0, c in 3.0f64..54.0, d in 73.0f64..136.0
        ) {
            let (x, y) = (p(a, b), p(c, d));
            prop_assert!(x.distance_km(y) >= 0.0);
            prop_assert!((x.distance_km(y) - y.distance_km(x)).abs() < 1e-6);
        }
    }
}
