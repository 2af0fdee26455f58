//! Full-text search over zones, investment projects and published demand.

use super::input::ApiQuery;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::search::{SearchPage, SearchParams};

/// Results ranked by relevance (whole words and titles first), the exact total, and counts
/// by kind, region and industry section. Every result contains every word as written.
#[utoipa::path(get, path = "/api/v1/search", tag = "transfer", params(SearchParams),
    responses(
        (status = 200, description = "One page of results", body = SearchPage),
        (status = 400, description = "The query or a filter is invalid", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn search(
    State(app): State<App>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchPage>, Response> {
    app.search_page(&params)
        .map(Json)
        .map_err(|e| ApiError(e).into_response())
}
