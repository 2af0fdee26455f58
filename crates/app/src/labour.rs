//! Labour cooperation (measure 8): the register of labour-export bases (form, API or
//! spreadsheet, all or nothing), overseas contracting projects looking for workers, and the
//! bases that can staff each project.

use crate::audit::Context;
use crate::register::{Record, records_xlsx};
use crate::{App, AppError, write};
use chrono::{DateTime, Utc};
use gowest_domain::change::Entity;
use gowest_domain::labour::{
    ExportBase, ExportBaseInput, LabourMatch, OverseasProject, OverseasProjectInput, match_bases,
};
use gowest_store::Tx;
use serde::Serialize;
use utoipa::ToSchema;

/// A project with the bases that can staff it, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectMatches {
    pub project: OverseasProject,
    pub matches: Vec<StaffingBase>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffingBase {
    pub base: ExportBase,
    #[serde(flatten)]
    pub fit: LabourMatch,
}

fn input_of(row: &[String]) -> ExportBaseInput {
    ExportBaseInput {
        name_zh: row[0].clone(),
        province_code: row[1].clone(),
        county: row[2].clone(),
        workers_available: row[3].clone(),
        trained_per_year: row[4].clone(),
        training_support: row[5].clone(),
        occupations: row[6].clone(),
    }
}

impl Record for ExportBase {
    const ACTION: &'static str = "labour.base";
    const ENTITY: Entity = Entity::LabourBase;
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("name_zh", "基地名称"),
        ("province_code", "省份代码"),
        ("county", "县（市、区）"),
        ("workers_available", "可输出劳务人员"),
        ("trained_per_year", "年培训人数"),
        ("training_support", "培训支持"),
        ("occupations", "工种"),
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
            self.county.clone(),
            self.workers_available.to_string(),
            self.trained_per_year.to_string(),
            self.training_support.clone(),
            self.occupations.join(";"),
        ]
    }

    async fn upsert(tx: &mut Tx, base: &Self, now: DateTime<Utc>) -> gowest_store::Result<i64> {
        tx.upsert_labour_base(base, now).await
    }
}

impl App {
    pub async fn labour_bases(&self) -> Result<Vec<ExportBase>, AppError> {
        Ok(self.store.labour_bases().await?)
    }

    pub async fn overseas_projects(&self) -> Result<Vec<OverseasProject>, AppError> {
        Ok(self.store.overseas_projects().await?)
    }

    /// Adds a base or replaces the one of the same name (ministry).
    pub async fn save_labour_base(
        &self,
        ctx: &Context,
        input: &ExportBaseInput,
    ) -> Result<ExportBase, AppError> {
        self.save_record(ctx, |catalog| input.check(catalog)).await
    }

    /// Imports a sheet of bases, all or nothing (ministry).
    pub async fn import_labour_bases(
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
    pub async fn export_labour_bases(&self) -> Result<Vec<u8>, AppError> {
        records_xlsx(&self.labour_bases().await?)
    }

    /// Posts an overseas contracting project looking for workers: a contracting
    /// enterprise's writing staff.
    pub async fn post_overseas_project(
        &self,
        ctx: &Context,
        input: &OverseasProjectInput,
    ) -> Result<OverseasProject, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let mut project = input.check().map_err(AppError::Invalid)?;
        let mut tx = self.write(&agent, ctx).await?;
        let now = tx.now();
        project.id = tx.insert_overseas_project(&project, now).await?;
        tx.finish(
            write::Record::new("labour.project.post", Entity::OverseasProject, project.id)
                .after(&project),
        )
        .await?;
        Ok(project)
    }

    /// The bases that can staff a project, best first.
    pub async fn labour_matches(&self, project_id: i64) -> Result<ProjectMatches, AppError> {
        let project = self.store.overseas_project(project_id).await?;
        let bases = self.labour_bases().await?;
        let matches = match_bases(&project, &bases)
            .into_iter()
            .filter_map(|fit| {
                let base = bases.iter().find(|b| b.id == fit.base_id)?.clone();
                Some(StaffingBase { base, fit })
            })
            .collect();
        Ok(ProjectMatches { project, matches })
    }
}
