//! Reference data: provinces, industries, ports.

use axum::Json;
use axum::extract::State;
use gowest_app::App;
use gowest_domain::industry::Industry;
use gowest_domain::port::Port;
use gowest_domain::region::Province;

/// The 31 provincial-level divisions with their region.
#[utoipa::path(get, path = "/api/v1/provinces", tag = "reference",
    responses((status = 200, description = "Provinces by GB/T 2260 code", body = [Province])))]
pub async fn provinces(State(app): State<App>) -> Json<Vec<Province>> {
    Json(app.provinces())
}

/// GB/T 4754-2017 sections and divisions.
#[utoipa::path(get, path = "/api/v1/industries", tag = "reference",
    responses((status = 200, description = "Industry sections and divisions", body = [Industry])))]
pub async fn industries(State(app): State<App>) -> Json<Vec<Industry>> {
    Json(app.industries())
}

/// Sea, river and dry ports of the east–west logistics channels.
#[utoipa::path(get, path = "/api/v1/ports", tag = "reference",
    responses((status = 200, description = "Ports", body = [Port])))]
pub async fn ports(State(app): State<App>) -> Json<Vec<Port>> {
    Json(app.ports())
}
