//! Service-outsourcing bases (measure 7): the ministry's register of designated bases (form,
//! API or spreadsheet, all or nothing), offshore-outsourcing demand posted by companies, and
//! the bases each demand fits.

use crate::audit::Context;
use crate::register::{Record, records_xlsx};
use crate::{App, AppError, write};
use chrono::{DateTime, Utc};
use gowest_domain::change::Entity;
use gowest_domain::outsourcing::{Base, BaseInput, BaseMatch, Demand, DemandInput, rank};
use gowest_store::Tx;
use serde::Serialize;
use utoipa::ToSchema;

/// A demand with the bases that fit it, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandMatches {
    pub demand: Demand,
    pub matches: Vec<MatchedBase>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchedBase {
    pub base: Base,
    #[serde(flatten)]
    pub fit: BaseMatch,
}

fn input_of(row: &[String]) -> BaseInput {
    let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
    BaseInput {
        name_zh: cell(0),
        province_code: cell(1),
        city_zh: cell(2),
        companies: cell(3),
        staff: cell(4),
        languages: cell(5),
        services: cell(6),
    }
}

impl Record for Base {
    const ACTION: &'static str = "outsourcing.base";
    const ENTITY: Entity = Entity::OutsourcingBase;
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("name_zh", "基地名称"),
        ("province_code", "省份代码"),
        ("city_zh", "城市"),
        ("companies", "企业数"),
        ("staff", "从业人员"),
        ("languages", "语种"),
        ("services", "服务类型"),
    ];

    fn set_id(&mut self, id: i64) {
        self.id = id;
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn row(&self) -> Vec<String> {
        let services: Vec<&str> = self.services.iter().map(|s| s.code()).collect();
        vec![
            self.name_zh.clone(),
            self.province_code.as_str().to_owned(),
            self.city_zh.clone(),
            self.companies.to_string(),
            self.staff.to_string(),
            self.languages.join(";"),
            services.join(";"),
        ]
    }

    async fn upsert(tx: &mut Tx, base: &Self, now: DateTime<Utc>) -> gowest_store::Result<i64> {
        tx.upsert_outsourcing_base(base, now).await
    }
}

impl App {
    pub async fn outsourcing_bases(&self) -> Result<Vec<Base>, AppError> {
        Ok(self.store.outsourcing_bases().await?)
    }

    pub async fn outsourcing_demands(&self) -> Result<Vec<Demand>, AppError> {
        Ok(self.store.outsourcing_demands().await?)
    }

    /// Adds a base or replaces the one of the same name (ministry).
    pub async fn save_outsourcing_base(
        &self,
        ctx: &Context,
        input: &BaseInput,
    ) -> Result<Base, AppError> {
        self.save_record(ctx, |catalog| input.check(catalog)).await
    }

    /// Imports a sheet of bases, all or nothing (ministry).
    pub async fn import_outsourcing_bases(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        self.import_records(ctx, file_name, bytes, |catalog, row| {
            input_of(row).check(catalog)
        })
        .await
    }

    /// The register as an .xlsx in the import layout.
    pub async fn export_outsourcing_bases(&self) -> Result<Vec<u8>, AppError> {
        records_xlsx(&self.outsourcing_bases().await?)
    }

    /// Posts a company's offshore-outsourcing demand: an enterprise's writing staff.
    pub async fn post_outsourcing_demand(
        &self,
        ctx: &Context,
        input: &DemandInput,
    ) -> Result<Demand, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let mut demand = input.check().map_err(AppError::Invalid)?;
        let mut tx = self.write(&agent, ctx).await?;
        let now = tx.now();
        demand.id = tx
            .insert_outsourcing_demand(&demand, Some(agent.org_id()), now)
            .await?;
        tx.finish(
            write::Record::new(
                "outsourcing.demand.post",
                Entity::OutsourcingDemand,
                demand.id,
            )
            .after(&demand),
        )
        .await?;
        Ok(demand)
    }

    /// The bases that fit a demand, best first.
    pub async fn outsourcing_matches(&self, demand_id: i64) -> Result<DemandMatches, AppError> {
        let demand = self.store.outsourcing_demand(demand_id).await?;
        let bases = self.outsourcing_bases().await?;
        let matches = rank(&demand, &bases, &self.directory().catalog)
            .into_iter()
            .filter_map(|fit| {
                let base = bases.iter().find(|b| b.id == fit.base_id)?.clone();
                Some(MatchedBase { base, fit })
            })
            .collect();
        Ok(DemandMatches { demand, matches })
    }
}
