//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gowest API — 万商西进工程公共信息服务平台",
        description = "JSON API of the 万商西进工程 platform (商资发[2006]530号). \
            Errors are RFC 9457 problem documents with Chinese and English messages.",
    ),
    paths(
        crate::api::reference::provinces,
        crate::api::reference::industries,
        crate::api::reference::ports,
        crate::api::zones::list,
        crate::api::zones::get,
        crate::pages::stats_api::zones_by_province,
        crate::health::healthz,
        crate::health::readyz,
    ),
    tags(
        (name = "reference", description = "Provinces, industries, ports"),
        (name = "zones", description = "The development-zone directory"),
        (name = "stats", description = "Figures of the zone directory"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
