//! Service-outsourcing bases (measure 7): the ministry's register of designated bases (form,
//! API or spreadsheet, all or nothing), offshore-outsourcing demand posted by companies, and
//! the bases each demand fits.

use crate::audit::{Context, json};
use crate::register_sheet;
use crate::{App, AppError};
use gowest_domain::outsourcing::{Base, BaseInput, BaseMatch, Demand, DemandInput, rank};
use serde::Serialize;
use utoipa::ToSchema;

/// The register's columns, in sheet order: (field, header).
pub const COLUMNS: [(&str, &str); 7] = [
    ("name_zh", "基地名称"),
    ("province_code", "省份代码"),
    ("city_zh", "城市"),
    ("companies", "企业数"),
    ("staff", "从业人员"),
    ("languages", "语种"),
    ("services", "服务类型"),
];

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
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        actor.base_keeper().ok_or(AppError::Forbidden)?;
        let mut base = input
            .check(&self.directory().catalog)
            .map_err(AppError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        base.id = tx.upsert_outsourcing_base(&base, now).await?;
        let mut entry = ctx.entry(
            now,
            "outsourcing.base.save",
            "outsourcing_base",
            Some(base.id.to_string()),
        );
        entry.after = json(&base);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(base)
    }

    /// Imports a sheet of bases (`.xlsx` or `.csv`, header row then one base a row), all or
    /// nothing: any refused row refuses the file, each problem named by row and column.
    pub async fn import_outsourcing_bases(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        actor.base_keeper().ok_or(AppError::Forbidden)?;
        let catalog = self.directory().catalog.clone();
        let bases = register_sheet::read(file_name, bytes, &COLUMNS, |row| {
            input_of(row).check(&catalog)
        })?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        for b in &bases {
            tx.upsert_outsourcing_base(b, now).await?;
        }
        let mut entry = ctx.entry(now, "outsourcing.base.import", "outsourcing_base", None);
        entry.after = Some(format!(
            "{{\"file\":{},\"bases\":{}}}",
            serde_json::Value::String(file_name.to_owned()),
            bases.len()
        ));
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(bases.len())
    }

    /// The register as an .xlsx in the import layout.
    pub async fn export_outsourcing_bases(&self) -> Result<Vec<u8>, AppError> {
        let rows = self
            .outsourcing_bases()
            .await?
            .iter()
            .map(|b| {
                let services: Vec<&str> = b.services.iter().map(|s| s.code()).collect();
                vec![
                    b.name_zh.clone(),
                    b.province_code.as_str().to_owned(),
                    b.city_zh.clone(),
                    b.companies.to_string(),
                    b.staff.to_string(),
                    b.languages.join(";"),
                    services.join(";"),
                ]
            })
            .collect();
        register_sheet::xlsx(&COLUMNS, rows)
    }

    /// Posts a company's offshore-outsourcing demand (any signed-in organisation).
    pub async fn post_outsourcing_demand(
        &self,
        ctx: &Context,
        input: &DemandInput,
    ) -> Result<Demand, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let org_id = actor.org_id().ok_or(AppError::Forbidden)?;
        let mut demand = input.check().map_err(AppError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        demand.id = tx
            .insert_outsourcing_demand(&demand, Some(org_id), now)
            .await?;
        let mut entry = ctx.entry(
            now,
            "outsourcing.demand.post",
            "outsourcing_demand",
            Some(demand.id.to_string()),
        );
        entry.after = json(&demand);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
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
