//! `GET /api/v1/stats/zones-by-province`: the figures behind the home page's chart.
//! (JSON, so it sits under `/api/v1` and in the OpenAPI document.)

use axum::Json;
use axum::extract::State;
use gowest_app::App;
use gowest_app::stats::ProvinceFigures;
use gowest_domain::region::{ProvinceCode, Region};
use serde::Serialize;
use utoipa::ToSchema;

/// Zones of one province.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceZoneCount {
    pub province_code: ProvinceCode,
    pub name_zh: String,
    pub name_en: String,
    pub region: Region,
    /// National economic and technological development zones (国家级经济技术开发区).
    pub national_etdz: usize,
    /// Zones of every level in the directory.
    pub all_zones: usize,
}

/// Every province (zero counts included), most national ETDZs first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZonesByProvince {
    pub items: Vec<ProvinceZoneCount>,
    pub national_etdz: usize,
    pub all_zones: usize,
}

impl From<ProvinceFigures> for ProvinceZoneCount {
    fn from(p: ProvinceFigures) -> Self {
        ProvinceZoneCount {
            province_code: p.code,
            name_zh: p.name_zh,
            name_en: p.name_en,
            region: p.region,
            national_etdz: p.national_etdz,
            all_zones: p.all_zones,
        }
    }
}

/// Zones by province, with each province's region.
#[utoipa::path(get, path = "/api/v1/stats/zones-by-province", tag = "stats",
    responses((status = 200, description = "Zone counts by province", body = ZonesByProvince)))]
pub async fn zones_by_province(State(app): State<App>) -> Json<ZonesByProvince> {
    let figures = app.zone_figures();
    Json(ZonesByProvince {
        national_etdz: figures.national_etdz,
        all_zones: figures.all_zones,
        items: figures.by_province.into_iter().map(Into::into).collect(),
    })
}
