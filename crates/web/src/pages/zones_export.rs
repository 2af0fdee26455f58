//! `/zones/export.xlsx` and `/zones/export.csv`: the directory's filtered zones (every
//! page) as a file in the import format.

use super::ctx::Ctx;
use super::error::PageError;
use super::zones::malformed;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::{App, AppError};
use gowest_domain::zone_filter::RawZoneQuery;

pub async fn export_xlsx(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<RawZoneQuery>, QueryRejection>,
) -> Response {
    export(app, ctx, query, true).await
}

pub async fn export_csv(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<RawZoneQuery>, QueryRejection>,
) -> Response {
    export(app, ctx, query, false).await
}

/// The filtered zones (all pages) as a file in the import format.
async fn export(
    app: App,
    ctx: Ctx,
    query: Result<Query<RawZoneQuery>, QueryRejection>,
    xlsx: bool,
) -> Response {
    let Ok(Query(raw)) = query else {
        return PageError::new(&ctx, AppError::Invalid(malformed())).into_response();
    };
    let made = tokio::task::spawn_blocking(move || app.export_zones_to_bytes(&raw, xlsx))
        .await
        .unwrap_or_else(|e| Err(AppError::Internal(format!("export task: {e}"))));
    let bytes = match made {
        Ok(bytes) => bytes,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let extension = if xlsx { "xlsx" } else { "csv" };
    crate::download::file(
        bytes,
        &format!("zones.{extension}"),
        Some(&format!("开发区名录.{extension}")),
    )
}
