//! Recycling pilots.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::recycling::{Pilot, PilotKind};
use gowest_domain::region::ProvinceCode;

#[derive(sqlx::FromRow)]
struct PilotRow {
    id: i64,
    name_zh: String,
    province_code: String,
    kind: String,
    stations: i64,
    volumes_kg: String,
    energy_saved_kgce: i64,
    fund_application_id: Option<i64>,
}

fn pilot(r: PilotRow) -> Result<Pilot> {
    let bad = |what: String| StoreError::corrupt("recycling_pilots", what);
    Ok(Pilot {
        province_code: ProvinceCode::parse(&r.province_code)
            .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
        kind: PilotKind::parse(&r.kind).ok_or_else(|| bad(format!("kind {}", r.kind)))?,
        stations: u32::try_from(r.stations).map_err(|_| bad(format!("stations of {}", r.id)))?,
        volumes_kg: serde_json::from_str(&r.volumes_kg)
            .map_err(|e| bad(format!("volumes of {}: {e}", r.id)))?,
        id: r.id,
        name_zh: r.name_zh,
        energy_saved_kgce: r.energy_saved_kgce,
        fund_application_id: r.fund_application_id,
    })
}

impl Store {
    pub async fn recycling_pilots(&self) -> Result<Vec<Pilot>> {
        let sql = "SELECT id, name_zh, province_code, kind, stations, volumes_kg, \
                   energy_saved_kgce, fund_application_id FROM recycling_pilots ORDER BY id";
        let rows: Vec<PilotRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter().map(pilot).collect()
    }
}

impl Tx {
    /// Inserts or updates a pilot by its name; returns its id.
    pub async fn upsert_recycling_pilot(&mut self, p: &Pilot, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO recycling_pilots (name_zh, province_code, kind, stations, \
                   volumes_kg, energy_saved_kgce, fund_application_id, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name_zh) DO UPDATE SET \
                   province_code = excluded.province_code, kind = excluded.kind, \
                   stations = excluded.stations, volumes_kg = excluded.volumes_kg, \
                   energy_saved_kgce = excluded.energy_saved_kgce, \
                   fund_application_id = excluded.fund_application_id, \
                   updated_at = excluded.updated_at RETURNING id";
        let volumes = serde_json::to_string(&p.volumes_kg)
            .map_err(|e| StoreError::corrupt("recycling_pilots", e.to_string()))?;
        let kind = match p.kind {
            PilotKind::City => "city",
            PilotKind::Zone => "zone",
        };
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&p.name_zh)
            .bind(p.province_code.as_str())
            .bind(kind)
            .bind(i64::from(p.stations))
            .bind(volumes)
            .bind(p.energy_saved_kgce)
            .bind(p.fund_application_id)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
