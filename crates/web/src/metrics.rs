//! Prometheus metrics: request counts and latencies per route and status.

use crate::settings::WebSettings;
use axum::Extension;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

const LATENCY_BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Installs the process-wide recorder once; later calls (tests spawning several apps) reuse it.
pub fn install_recorder() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY_BUCKETS)
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; then this handle renders nothing.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

fn body() -> Response {
    let body = install_recorder().render();
    ([("content-type", "text/plain; version=0.0.4")], body).into_response()
}

/// `/metrics` on the main address: only with the configured bearer token (401 without or
/// with a wrong one); not served at all (404) when no token is configured.
pub async fn render(
    Extension(settings): Extension<Arc<WebSettings>>,
    uri: Uri,
    ctx: crate::pages::Ctx,
    headers: HeaderMap,
) -> Response {
    let Some(expected) = settings.metrics_token.as_deref() else {
        return crate::problem::not_found(uri, ctx).await;
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    // Compared in constant time: the comparison must not tell how much of a guess was right.
    let matches = sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if matches {
        body()
    } else {
        let mut response = crate::problem::Problem::unauthorized().into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"gowest-metrics\""),
        );
        response
    }
}

/// The router of the separate metrics address (`--metrics-bind`): `/metrics` only, without
/// a token — that address is meant to be reachable by the monitoring network alone.
pub fn metrics_only() -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(|| async { body() }))
}
