//! The JSON API under `/api/v1`.

pub mod bearer;
pub mod me;
pub mod reference;
pub mod stats;
pub mod zones;

use axum::Router;
use axum::routing::get;
use gowest_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/provinces", get(reference::provinces))
        .route("/api/v1/industries", get(reference::industries))
        .route("/api/v1/ports", get(reference::ports))
        .route("/api/v1/zones", get(zones::list))
        .route("/api/v1/zones/{id}", get(zones::get).put(zones::update))
        .route("/api/v1/me", get(me::me))
        .route(
            "/api/v1/stats/zones-by-province",
            get(stats::zones_by_province),
        )
}
