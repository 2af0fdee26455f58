//! Rural commerce information stations over JSON: counts and coverage by province and county
//! (public), the stations of a province (public, also as .xlsx), and registration of a batch
//! by a provincial commerce department or the ministry, all rows or none (400 naming
//! `rows.N.FIELD`).

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context};
use super::prices::rows_as_fields;
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::rural::CoverageReport;
use gowest_domain::rural::StationInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A batch of stations to register.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StationBatch {
    pub rows: Vec<StationInput>,
}

/// How many stations were registered.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    pub registered: usize,
}

/// One station as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationView {
    pub id: i64,
    pub name_zh: String,
    pub province_code: String,
    pub county: String,
    pub township: String,
    pub opened_on: chrono::NaiveDate,
    pub assistants: i64,
    pub farmers_trained: i64,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct StationParams {
    /// GB/T 2260 province code; all provinces when empty.
    pub province_code: String,
}

/// Counts and coverage of the stations: the nation (or one province), each province, each
/// county; public.
#[utoipa::path(get, path = "/api/v1/rural/coverage", tag = "rural", params(StationParams),
    responses(
        (status = 200, description = "Counts by province and county", body = CoverageReport),
        (status = 400, description = "An unknown province code", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn coverage(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<StationParams>,
) -> Answer<Json<CoverageReport>> {
    let params = raw;
    Ok(Json(
        app.station_coverage("province_code", &params.province_code)
            .await?,
    ))
}

/// The stations, of one province or all; public.
#[utoipa::path(get, path = "/api/v1/rural/stations", tag = "rural", params(StationParams),
    responses(
        (status = 200, description = "Stations by province, county and township", body = Vec<StationView>),
        (status = 400, description = "A malformed query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn stations(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<StationParams>,
) -> Answer<Json<Vec<StationView>>> {
    let params = raw;
    let list = app.stations(&params.province_code).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| StationView {
                id: s.id,
                name_zh: s.name_zh,
                province_code: s.province_code,
                county: s.county,
                township: s.township,
                opened_on: s.opened_on,
                assistants: s.assistants,
                farmers_trained: s.farmers_trained,
            })
            .collect(),
    ))
}

/// The same stations as an .xlsx sheet in the import's columns; public.
#[utoipa::path(get, path = "/api/v1/rural/stations.xlsx", tag = "rural", params(StationParams),
    responses(
        (status = 200, description = "The register as a spreadsheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "A malformed query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn stations_xlsx(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<StationParams>,
) -> Answer<Response> {
    let params = raw;
    let bytes = app.export_stations(&params.province_code).await?;
    Ok(crate::download::file(bytes, "rural-stations.xlsx", None))
}

/// Registers stations, all rows or none; the token's organisation must keep their provinces.
#[utoipa::path(post, path = "/api/v1/rural/stations", tag = "rural", security(("bearer" = [])),
    request_body = StationBatch,
    responses(
        (status = 201, description = "Registered", body = Registered),
        (status = 400, description = "A row is invalid (named by its 1-based number); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's organisation keeps no province's stations", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<StationBatch>,
) -> Answer<Response> {
    let batch = raw;
    let registered = app
        .register_stations(&context(actor, ip), &batch.rows, 1)
        .await
        .map_err(rows_as_fields)?;
    Ok((StatusCode::CREATED, Json(Registered { registered })).into_response())
}
