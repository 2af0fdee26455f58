//! The JSON API under `/api/v1`.

pub mod bearer;
pub mod demands;
pub mod enterprises;
mod input;
pub mod matching;
pub mod me;
pub mod projects;
pub mod reference;
pub mod stats;
pub mod zones;

use axum::Router;
use axum::routing::{get, post};
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
            "/api/v1/enterprise",
            get(enterprises::get).put(enterprises::put),
        )
        .route("/api/v1/enterprise/demands", get(demands::mine))
        .route("/api/v1/demands", get(demands::list).post(demands::create))
        .route(
            "/api/v1/demands/{id}",
            get(demands::get).put(demands::update),
        )
        .route("/api/v1/demands/{id}/status", post(demands::set_status))
        .route("/api/v1/demands/{id}/matches", get(matching::for_demand))
        .route("/api/v1/zones/{id}/demands", get(matching::for_zone))
        .route("/api/v1/matching", post(matching::find))
        .route(
            "/api/v1/projects",
            get(projects::list).post(projects::create),
        )
        .route(
            "/api/v1/projects/{id}",
            get(projects::get).put(projects::update),
        )
        .route(
            "/api/v1/stats/zones-by-province",
            get(stats::zones_by_province),
        )
}
