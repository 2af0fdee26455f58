//! Agricultural wholesale prices over JSON: the catalogue, a market clerk's report batch, a
//! product's series (also as a CSV download: open data with a bounded range), and the monthly
//! anomaly scores. Refused input is 400 naming the field or the row, writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::prices::{AnomalyPoint, PriceSeries, ReportReceipt, SeriesQuery};
use gowest_app::prices_overview::PriceOverview;
use gowest_app::{App, AppError};
use gowest_domain::decimal::format_scaled;
use gowest_domain::prices::index::IndexPoint;
use gowest_domain::prices::{Product, ReportInput};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// A batch of one market's reports.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportBatch {
    pub rows: Vec<ReportInput>,
}

/// Which series to read; every field optional but `product`. At most 366 days.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct SeriesParams {
    /// Catalogue code or Chinese name.
    pub product: String,
    /// `YYYY-MM-DD`; default a year before `to`.
    pub from: String,
    /// `YYYY-MM-DD`; default today.
    pub to: String,
    /// `day` (default), `week` or `month`.
    pub granularity: String,
    /// `east`, `central`, `west` or `northeast`.
    pub region: String,
    /// GB/T 2260 province code.
    pub province_code: String,
    /// A market's id: the series of its own reports.
    pub market: String,
}

impl From<SeriesParams> for SeriesQuery {
    fn from(p: SeriesParams) -> Self {
        SeriesQuery {
            product: p.product,
            from: p.from,
            to: p.to,
            granularity: p.granularity,
            region: p.region,
            province_code: p.province_code,
            market: p.market,
        }
    }
}

/// The product catalogue; public.
#[utoipa::path(get, path = "/api/v1/prices/catalogue", tag = "prices",
    responses((status = 200, description = "Products with their pricing unit", body = Vec<Product>)))]
pub async fn catalogue(State(app): State<App>) -> Json<Vec<Product>> {
    Json(app.price_catalogue().products)
}

/// Reports one market's prices, all rows or none; the token's organisation must be the market's.
#[utoipa::path(post, path = "/api/v1/markets/{id}/prices", tag = "prices", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Market id")),
    request_body = ReportBatch,
    responses(
        (status = 201, description = "Written; how many were late", body = ReportReceipt),
        (status = 400, description = "A row is invalid (named by its 1-based number); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token does not report for this market", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn report(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ReportBatch>,
) -> Answer<Response> {
    let id = path_id(&id, "market")?;
    let batch = raw;
    let receipt = app
        .report_prices(&context(actor, ip), id, &batch.rows, 1)
        .await
        .map_err(rows_as_fields)?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

/// Every API answers refused input with 400 naming the field: a refused row becomes the
/// field `rows.N.FIELD`, N counted from 1 as the list is written.
pub(crate) fn rows_as_fields(e: AppError) -> AppError {
    match e {
        AppError::RowsRejected(rows) => AppError::Invalid(Validation(
            rows.into_iter()
                .map(|r| {
                    FieldError::new(
                        format!("rows.{}.{}", r.row, r.field),
                        "invalid_row",
                        format!("第{}行：{}", r.row, r.message_zh),
                        format!("row {}: {}", r.row, r.message_en),
                    )
                })
                .collect(),
        )),
        other => other,
    }
}

/// A product's price series with period-on-period and year-on-year changes; public.
#[utoipa::path(get, path = "/api/v1/prices/series", tag = "prices", params(SeriesParams),
    responses(
        (status = 200, description = "The series", body = PriceSeries),
        (status = 400, description = "Unknown product, bad date or a range over 366 days", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn series(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<SeriesParams>,
) -> Answer<Json<PriceSeries>> {
    let params = raw;
    Ok(Json(PriceSeries::clone(
        &*app.price_series(&params.into()).await?,
    )))
}

/// The same series as CSV (open data); public.
#[utoipa::path(get, path = "/api/v1/prices/series.csv", tag = "prices", params(SeriesParams),
    responses(
        (status = 200, description = "One line per period", content_type = "text/csv"),
        (status = 400, description = "Unknown product, bad date or a range over 366 days", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn series_csv(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<SeriesParams>,
) -> Answer<Response> {
    let params = raw;
    let s = app.price_series(&params.into()).await?;
    let pct = |bp: Option<i64>| bp.map(|b| format_scaled(b, 2)).unwrap_or_default();
    let failed = |e: &dyn std::fmt::Display| ApiError(AppError::File(format!("CSV: {e}")));
    let mut out = gowest_app::cells::CsvOut::new(Vec::new());
    let mut rows = vec![
        [
            "product",
            "period_start",
            "price_yuan",
            "unit",
            "volume_base",
            "reports",
            "change_pct",
            "year_on_year_pct",
        ]
        .map(str::to_owned),
    ];
    rows.extend(s.points.iter().map(|p| {
        [
            s.product.to_string(),
            p.start.to_string(),
            format_scaled(p.price_fen, 2),
            s.unit.to_string(),
            p.volume_base.to_string(),
            p.reports.to_string(),
            pct(p.change_bp),
            pct(p.year_on_year_bp),
        ]
    }));
    for row in rows {
        out.row(row).map_err(|e| failed(&e))?;
    }
    let out = out.into_inner().map_err(|e| failed(&e))?;
    Ok(crate::download::file(
        out,
        &format!("prices-{}.csv", s.product),
        None,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct AnomalyParams {
    pub product: String,
    /// `YYYY-MM-DD`; default today.
    pub to: String,
}

/// A product's national monthly means over three years to `to`, each scored by the
/// FAO-style indicator of price anomalies; public.
#[utoipa::path(get, path = "/api/v1/prices/anomalies", tag = "prices", params(AnomalyParams),
    responses(
        (status = 200, description = "Monthly means with scores", body = Vec<AnomalyPoint>),
        (status = 400, description = "Unknown product or bad date", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn anomalies(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<AnomalyParams>,
) -> Answer<Json<Vec<AnomalyPoint>>> {
    let params = raw;
    Ok(Json(
        app.price_anomalies(&params.product, &params.to, 3).await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct IndexParams {
    /// `YYYY-MM-DD`, the base month's first day or later; default a year before `to`.
    pub from: String,
    /// `YYYY-MM-DD`; default today.
    pub to: String,
}

/// The national monthly price index of the catalogue (fixed-base Laspeyres, 10 000 = 100.00);
/// public.
#[utoipa::path(get, path = "/api/v1/prices/index", tag = "prices", params(IndexParams),
    responses(
        (status = 200, description = "One point per month", body = Vec<IndexPoint>),
        (status = 400, description = "Bad date or a range over 366 days", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn index(
    State(app): State<App>,
    ApiQuery(raw): ApiQuery<IndexParams>,
) -> Answer<Json<Vec<IndexPoint>>> {
    let params = raw;
    Ok(Json(app.price_index(&params.from, &params.to).await?))
}

/// The market overview: the national price index over twelve months and every product's
/// latest whole month scored by the anomaly indicator, worst first; public.
#[utoipa::path(get, path = "/api/v1/prices/overview", tag = "prices",
    responses((status = 200, description = "Index and warnings", body = PriceOverview)))]
pub async fn overview(State(app): State<App>) -> Answer<Json<PriceOverview>> {
    Ok(Json(app.price_overview().await?.as_ref().clone()))
}
