//! Liveness, readiness and metrics for operators and load balancers.

use crate::problem::ApiError;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use gowest_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::render))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; a load balancer sends traffic only while this is 200.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = String),
        (status = 503, description = "Database unreachable", body = crate::problem::Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn readyz(State(app): State<App>) -> Result<&'static str, ApiError> {
    app.ready().await?;
    Ok("ready")
}
