//! Recycling pilots (measure 9): the register of pilot cities and zones (form, API or
//! spreadsheet, all or nothing), whose funded project is a fund application of the fund
//! engine, and the programme's figures by material.

use crate::audit::Context;
use crate::register::{Record, records_xlsx};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::change::Entity;
use gowest_domain::recycling::{Figures, Pilot, PilotInput, figures};
use gowest_store::Tx;
use std::collections::HashSet;

fn input_of(row: &[String]) -> PilotInput {
    PilotInput {
        name_zh: row[0].clone(),
        province_code: row[1].clone(),
        kind: row[2].clone(),
        stations: row[3].clone(),
        volumes: row[4].clone(),
        energy_saved_tce: row[5].clone(),
        fund_application_id: row[6].clone(),
    }
}

impl Record for Pilot {
    const ACTION: &'static str = "recycling.pilot";
    const ENTITY: Entity = Entity::RecyclingPilot;
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("name_zh", "试点名称"),
        ("province_code", "省份代码"),
        ("kind", "类型"),
        ("stations", "回收站点"),
        ("volumes", "回收量（吨/年，材料=吨数）"),
        ("energy_saved_tce", "节能（吨标准煤/年）"),
        ("fund_application_id", "资金项目申请编号"),
    ];

    fn set_id(&mut self, id: i64) {
        self.id = id;
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn row(&self) -> Vec<String> {
        vec![
            self.name_zh.clone(),
            self.province_code.as_str().to_owned(),
            self.kind.name_zh().to_owned(),
            self.stations.to_string(),
            volumes_text(self),
            thousandths(self.energy_saved_kgce),
            self.fund_application_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        ]
    }

    async fn upsert(tx: &mut Tx, pilot: &Self, now: DateTime<Utc>) -> gowest_store::Result<i64> {
        tx.upsert_recycling_pilot(pilot, now).await
    }
}

/// Thousandths as a decimal: `1500500` → `1500.5`.
fn thousandths(v: i64) -> String {
    let s = gowest_domain::decimal::format_scaled(v, 3);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A pilot's volumes as typed (`废钢铁=12000;废纸=3500.25`).
pub fn volumes_text(p: &Pilot) -> String {
    p.volumes_kg
        .iter()
        .map(|(m, kg)| format!("{}={}", m.name_zh(), thousandths(*kg)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Tonnes from thousandths, for pages.
pub fn tonnes(kg: i64) -> String {
    thousandths(kg)
}

impl App {
    pub async fn recycling_pilots(&self) -> Result<Vec<Pilot>, AppError> {
        Ok(self.store.recycling_pilots().await?)
    }

    pub async fn recycling_figures(&self) -> Result<Figures, AppError> {
        Ok(figures(&self.recycling_pilots().await?))
    }

    /// Ids of the fund applications a pilot may name.
    async fn fund_ids(&self) -> Result<HashSet<i64>, AppError> {
        Ok(self
            .store
            .fund_applications(&Default::default())
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect())
    }

    /// Adds a pilot or replaces the one of the same name (ministry).
    pub async fn save_recycling_pilot(
        &self,
        ctx: &Context,
        input: &PilotInput,
    ) -> Result<Pilot, AppError> {
        let funds = self.fund_ids().await?;
        self.save_record(ctx, |catalog| {
            input.check(catalog, |id| funds.contains(&id))
        })
        .await
    }

    /// Imports a sheet of pilots, all or nothing (ministry).
    pub async fn import_recycling_pilots(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let funds = self.fund_ids().await?;
        self.import_records(ctx, file_name, bytes, |catalog, row| {
            input_of(row).check(catalog, |id| funds.contains(&id))
        })
        .await
    }

    /// The register as an .xlsx in the import layout.
    pub async fn export_recycling_pilots(&self) -> Result<Vec<u8>, AppError> {
        records_xlsx(&self.recycling_pilots().await?)
    }
}
