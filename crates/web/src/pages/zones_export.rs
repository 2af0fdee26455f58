//! `/zones/export.xlsx` and `/zones/export.csv`: the directory's filtered zones (every
//! page) as a file in the import format.

use super::ctx::Ctx;
use super::error::PageError;
use super::zones::malformed;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
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
        .unwrap_or_else(|e| Err(AppError::File(format!("export task: {e}"))));
    let bytes = match made {
        Ok(bytes) => bytes,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let (extension, content_type) = if xlsx {
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                attachment("开发区名录", "zones", extension),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 6266 / 5987: an ASCII `filename` for old clients, the Chinese one in `filename*`.
fn attachment(name: &str, ascii_name: &str, extension: &str) -> String {
    format!(
        "attachment; filename=\"{ascii_name}.{extension}\"; filename*=UTF-8''{}.{extension}",
        super::query::encode_component(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_are_encoded() {
        assert_eq!(
            attachment("开发区名录", "zones", "csv"),
            "attachment; filename=\"zones.csv\"; filename*=UTF-8''%E5%BC%80%E5%8F%91%E5%8C%BA%E5%90%8D%E5%BD%95.csv"
        );
    }
}
