//! Investment projects: zones post and keep them; everyone browses the open ones.

use crate::audit::Context;
use crate::write::Record;
use crate::zones::ImportReport;
use crate::{App, AppError, project_sheet, zone_sheet};
use gowest_domain::access::ZoneEditor;
use gowest_domain::change::Entity;
use gowest_domain::listing::{ListingFilter, ListingFilterInput};
use gowest_domain::project::{InvestmentProject, ProjectInput};
use gowest_domain::region::Region;
use gowest_domain::zone::Zone;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// A project with where it is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectView {
    #[serde(flatten)]
    pub project: InvestmentProject,
    pub zone_name_zh: String,
    pub province_code: String,
    pub province_name_zh: String,
    pub region: Region,
}

impl ProjectView {
    pub(crate) fn new(project: InvestmentProject, zone: &Zone) -> ProjectView {
        ProjectView {
            project,
            zone_name_zh: zone.fields.name_zh.clone(),
            province_code: zone.fields.province_code.to_string(),
            province_name_zh: zone.province_name_zh.clone(),
            region: zone.region,
        }
    }
}

/// Filters of the public project listing, as they arrive in the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ProjectQuery {
    /// `east`, `central`, `west` or `northeast`.
    pub region: String,
    /// GB/T 2260 code.
    pub province: String,
    /// A section letter (all its divisions) or a division code.
    pub industry: String,
    pub zone: Option<i64>,
    /// `wholly_owned`, `joint_venture`, …
    pub mode: String,
    /// Include projects already taken up or withdrawn.
    pub all: bool,
    pub page: Option<usize>,
}

pub const PROJECTS_PER_PAGE: usize = 20;

/// One page of listed projects.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ProjectPage {
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub items: Vec<ProjectView>,
}

impl ProjectQuery {
    fn filter_input(&self) -> ListingFilterInput {
        ListingFilterInput {
            region: self.region.clone(),
            province: self.province.clone(),
            industry: self.industry.clone(),
            mode: self.mode.clone(),
        }
    }

    fn matches(&self, filter: &ListingFilter, view: &ProjectView) -> bool {
        let p = &view.project.fields;
        (self.all || p.status.listed())
            && filter.region.is_none_or(|r| view.region == r)
            && filter
                .province
                .as_ref()
                .is_none_or(|c| view.province_code == c.as_str())
            && filter.industry_fits(&p.industry)
            && self.zone.is_none_or(|z| view.project.zone_id == z)
            && filter.mode.is_none_or(|m| p.mode == m)
    }
}

impl App {
    /// Every project with its zone, newest first.
    pub fn project_views(&self) -> Vec<ProjectView> {
        let directory = self.directory();
        directory
            .projects
            .iter()
            .filter_map(|p| {
                let zone = directory.zone(p.zone_id)?;
                Some(ProjectView::new(p.clone(), zone))
            })
            .collect()
    }

    /// One page of the listing; an unknown region, province, industry or mode is refused.
    pub fn list_projects(&self, query: &ProjectQuery) -> Result<ProjectPage, AppError> {
        let filter = query
            .filter_input()
            .validate(&self.directory().catalog)
            .map_err(AppError::Invalid)?;
        let matching: Vec<ProjectView> = self
            .project_views()
            .into_iter()
            .filter(|v| query.matches(&filter, v))
            .collect();
        let total = matching.len();
        let pages = total.div_ceil(PROJECTS_PER_PAGE).max(1);
        let page = query.page.unwrap_or(1).clamp(1, pages);
        let items = matching
            .into_iter()
            .skip((page - 1) * PROJECTS_PER_PAGE)
            .take(PROJECTS_PER_PAGE)
            .collect();
        Ok(ProjectPage {
            total,
            page,
            pages,
            items,
        })
    }

    pub fn project(&self, id: i64) -> Result<ProjectView, AppError> {
        let directory = self.directory();
        directory
            .projects
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| Some(ProjectView::new(p.clone(), directory.zone(p.zone_id)?)))
            .ok_or(AppError::NotFound { entity: "project" })
    }

    /// The form values of one of the editor's projects.
    pub fn project_form(&self, editor: &ZoneEditor, id: i64) -> Result<ProjectInput, AppError> {
        let view = self.project(id)?;
        if view.project.zone_id != editor.zone_id() {
            return Err(AppError::NotFound { entity: "project" });
        }
        Ok(ProjectInput::from_fields(&view.project.fields))
    }

    #[tracing::instrument(skip_all, fields(zone = editor.zone_id()))]
    pub async fn create_project(
        &self,
        editor: &ZoneEditor,
        ctx: &Context,
        input: ProjectInput,
    ) -> Result<ProjectView, AppError> {
        let fields = input.validate(&self.directory().catalog)?;
        let now = self.clock.now();
        let mut tx = self.write(editor, ctx).await?;
        let id = tx
            .insert_project(editor.zone_id(), &fields, false, now)
            .await?;
        tx.finish(Record::new("project.create", Entity::Project, id).after(&fields))
            .await?;
        self.reload_directory().await?;
        self.project(id)
    }

    #[tracing::instrument(skip_all, fields(zone = editor.zone_id(), project = id))]
    pub async fn update_project(
        &self,
        editor: &ZoneEditor,
        ctx: &Context,
        id: i64,
        input: ProjectInput,
    ) -> Result<ProjectView, AppError> {
        let fields = input.validate(&self.directory().catalog)?;
        let now = self.clock.now();
        let mut tx = self.write(editor, ctx).await?;
        let before = tx.project(id).await?;
        if before.zone_id != editor.zone_id() {
            return Err(AppError::NotFound { entity: "project" });
        }
        tx.update_project(id, &fields, now).await?;
        tx.finish(
            Record::new("project.update", Entity::Project, id)
                .before(&before.fields)
                .after(&fields),
        )
        .await?;
        self.reload_directory().await?;
        self.project(id)
    }
}

impl App {
    /// The editor's zone's projects as an .xlsx workbook in the import format.
    pub fn export_projects(&self, editor: &ZoneEditor) -> Result<Vec<u8>, AppError> {
        let rows: Vec<ProjectInput> = self
            .directory()
            .projects
            .iter()
            .filter(|p| p.zone_id == editor.zone_id())
            .map(|p| project_sheet::export_row(&p.fields))
            .collect();
        project_sheet::write_xlsx(&rows)
    }

    /// Imports the editor's zone's projects from an .xlsx or .csv file; a row whose title the
    /// zone already has updates that project. Every row is checked first, and one bad row
    /// means nothing is written.
    #[tracing::instrument(skip(self, ctx, bytes), fields(zone = editor.zone_id()))]
    pub async fn import_projects(
        &self,
        editor: &ZoneEditor,
        ctx: &Context,
        bytes: Vec<u8>,
        file_name: &str,
    ) -> Result<ImportReport, AppError> {
        let sheet = {
            let name = file_name.to_owned();
            tokio::task::spawn_blocking(move || project_sheet::read(&bytes, &name))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??
        };
        if sheet.rows.is_empty() {
            return Err(AppError::File(format!(
                "{file_name}: 没有项目数据行 / no project rows"
            )));
        }
        let directory = self.directory();
        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(sheet.rows.len());
        let mut first_row_of_title: HashMap<String, usize> = HashMap::new();
        for (row, input) in &sheet.rows {
            match input.validate(&directory.catalog) {
                Ok(fields) => match first_row_of_title.get(&fields.title_zh) {
                    Some(first) => {
                        errors.push(project_sheet::duplicate_error(*row, *first, &sheet.columns))
                    }
                    None => {
                        first_row_of_title.insert(fields.title_zh.clone(), *row);
                        valid.push(fields);
                    }
                },
                Err(v) => errors.extend(zone_sheet::row_errors(*row, &sheet.columns, v)),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }

        let now = self.clock.now();
        let zone_id = editor.zone_id();
        let mut report = ImportReport::default();
        let mut tx = self.write(editor, ctx).await?;
        let existing = tx.project_ids_by_title(zone_id).await?;
        for fields in &valid {
            match existing.get(&fields.title_zh) {
                Some(id) => {
                    tx.update_project(*id, fields, now).await?;
                    report.updated += 1;
                }
                None => {
                    tx.insert_project(zone_id, fields, false, now).await?;
                    report.inserted += 1;
                }
            }
        }
        tx.finish(
            Record::new("project.import", Entity::Project, None).after(&serde_json::json!({
                "zone_id": zone_id,
                "file": file_name,
                "inserted": report.inserted,
                "updated": report.updated,
            })),
        )
        .await?;
        self.reload_directory().await?;
        Ok(report)
    }
}
