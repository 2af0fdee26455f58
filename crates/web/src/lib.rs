//! HTTP for gowest: the JSON API under `/api/v1` with its OpenAPI document, health,
//! readiness and metrics. Handlers parse, call one use-case in `gowest_app`, and render.

mod api;
mod bound;
mod client;
mod console;
mod download;
mod guard;
mod health;
mod metrics;
mod openapi;
mod pages;
mod problem;
mod script_json;
mod security;
mod settings;
mod upload;

pub use metrics::install_recorder;
pub use settings::{WebSettings, parse_trusted_proxies};

use axum::Router;
use gowest_app::App;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// The whole HTTP surface of one instance.
pub fn router(app: App, settings: WebSettings) -> Router {
    let x_request_id = axum::http::HeaderName::from_static("x-request-id");
    let inner = Router::new()
        .merge(api::routes())
        .merge(health::routes())
        .merge(pages::routes())
        .merge(console::routes())
        .route("/api/openapi.json", axum::routing::get(openapi::document))
        .fallback(problem::not_found)
        // Text caps, the audit of refusals and the request id of a fault (guard.rs).
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        // A bug must cost one request a 500, never the connection or the process.
        .layer(tower_http::catch_panic::CatchPanicLayer::new());
    // Outside the panic catcher, so even a 500 carries the security headers.
    security::layers(inner, settings.https)
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .layer(axum::Extension(std::sync::Arc::new(settings)))
        .with_state(app)
}

/// Serves `app` on `listener` with `settings` until `shutdown` completes, finishing requests
/// in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    settings: WebSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Connection info gives the client's address for throttling and the audit log.
    let service =
        router(app, settings).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Serves only `/metrics` (no token) on its own address, for a monitoring network.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, metrics::metrics_only())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Keeps this instance's read models in step with changes other instances (or the CLI)
/// commit to the shared database, and the to-dos in step with the event log.
pub fn spawn_refresher(app: App, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match app.refresh_if_changed().await {
                Ok(true) => tracing::info!("zone directory refreshed from the change log"),
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "could not refresh the zone directory"),
            }
            if let Err(error) = app.catch_up_todos().await {
                tracing::warn!(%error, "could not bring the to-dos up to date");
            }
        }
    })
}
