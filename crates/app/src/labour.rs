//! Labour cooperation (measure 8): the register of labour-export bases (form, API or
//! spreadsheet, all or nothing), overseas contracting projects looking for workers, and the
//! bases that can staff each project.

use crate::audit::{Context, json};
use crate::register_sheet;
use crate::{App, AppError};
use gowest_domain::labour::{
    ExportBase, ExportBaseInput, LabourMatch, OverseasProject, OverseasProjectInput, match_bases,
};
use serde::Serialize;
use utoipa::ToSchema;

/// The register's columns, in sheet order: (field, header).
pub const COLUMNS: [(&str, &str); 7] = [
    ("name_zh", "基地名称"),
    ("province_code", "省份代码"),
    ("county", "县（市、区）"),
    ("workers_available", "可输出劳务人员"),
    ("trained_per_year", "年培训人数"),
    ("training_support", "培训支持"),
    ("occupations", "工种"),
];

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
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        actor.base_keeper().ok_or(AppError::Forbidden)?;
        let mut base = input
            .check(&self.directory().catalog)
            .map_err(AppError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        base.id = tx.upsert_labour_base(&base, now).await?;
        let mut entry = ctx.entry(
            now,
            "labour.base.save",
            "labour_base",
            Some(base.id.to_string()),
        );
        entry.after = json(&base);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(base)
    }

    /// Imports a sheet of bases, all or nothing (ministry).
    pub async fn import_labour_bases(
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
            tx.upsert_labour_base(b, now).await?;
        }
        let mut entry = ctx.entry(now, "labour.base.import", "labour_base", None);
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
    pub async fn export_labour_bases(&self) -> Result<Vec<u8>, AppError> {
        let rows = self
            .labour_bases()
            .await?
            .into_iter()
            .map(|b| {
                vec![
                    b.name_zh,
                    b.province_code.as_str().to_owned(),
                    b.county,
                    b.workers_available.to_string(),
                    b.trained_per_year.to_string(),
                    b.training_support,
                    b.occupations.join(";"),
                ]
            })
            .collect();
        register_sheet::xlsx(&COLUMNS, rows)
    }

    /// Posts an overseas contracting project looking for workers (any signed-in organisation).
    pub async fn post_overseas_project(
        &self,
        ctx: &Context,
        input: &OverseasProjectInput,
    ) -> Result<OverseasProject, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        actor.org_id().ok_or(AppError::Forbidden)?;
        let mut project = input.check().map_err(AppError::Invalid)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        project.id = tx.insert_overseas_project(&project, now).await?;
        let mut entry = ctx.entry(
            now,
            "labour.project.post",
            "overseas_project",
            Some(project.id.to_string()),
        );
        entry.after = json(&project);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
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
