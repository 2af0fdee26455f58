//! Zone directory use-cases: browse, look up, import and export.

use crate::directory::Directory;
use crate::error::RowError;
use crate::write::{Operator, Record};
use crate::zone_sheet;
use crate::{App, AppError};
use chrono::Datelike;
use gowest_domain::change::Entity;
use gowest_domain::industry::Industry;
use gowest_domain::port::Port;
use gowest_domain::region::Province;
use gowest_domain::zone::Zone;
use gowest_domain::zone_filter::{Page, RawZoneQuery, ZoneQuery, select};
use gowest_domain::zone_input::ZoneInput;
use std::collections::HashMap;
use std::path::Path;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    /// Rows left out under `skip_invalid`, with why.
    pub skipped: Vec<RowError>,
}

/// Progress of long work, reported as (done, total).
pub trait Progress: Send + Sync {
    fn set_total(&self, total: u64);
    fn advance(&self, done: u64);
}

/// For callers that do not show progress.
pub struct NoProgress;

impl Progress for NoProgress {
    fn set_total(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

impl App {
    pub fn provinces(&self) -> Vec<Province> {
        self.directory()
            .catalog
            .provinces
            .values()
            .cloned()
            .collect()
    }

    pub fn industries(&self) -> Vec<Industry> {
        self.directory()
            .catalog
            .industries
            .values()
            .cloned()
            .collect()
    }

    pub fn ports(&self) -> Vec<Port> {
        self.directory().catalog.ports.clone()
    }

    /// One page of the zone directory; a bad parameter is named in the error.
    pub fn list_zones(&self, raw: &RawZoneQuery) -> Result<Page<Zone>, AppError> {
        let query = ZoneQuery::parse(raw)?;
        let directory = self.directory();
        let page = select(&directory.zones, &query);
        Ok(Page {
            items: page.items.into_iter().map(|l| l.zone.clone()).collect(),
            total: page.total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The same page as [`App::list_zones`], already as JSON: the snapshot keeps each
    /// zone's rendering and each page it has rendered, so a repeated request only looks up.
    pub fn list_zones_json(&self, raw: &RawZoneQuery) -> Result<bytes::Bytes, AppError> {
        let query = ZoneQuery::parse(raw)?;
        let directory = self.directory();
        if let Some(bytes) = directory.json_pages.get(&query) {
            return Ok(bytes);
        }
        // Two requests racing here both render; the second insert just replaces the first.
        let bytes = render_page(&directory, &query);
        directory.json_pages.insert(query, bytes.clone());
        Ok(bytes)
    }

    pub fn zone(&self, id: i64) -> Result<Zone, AppError> {
        self.directory()
            .zone(id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "zone" })
    }

    /// Imports zones from an .xlsx or .csv file, matched to existing zones by Chinese name.
    /// Every row is checked first; if any is bad, nothing is written unless `skip_invalid`.
    #[tracing::instrument(skip(self, op, progress))]
    pub async fn import_zones(
        &self,
        op: &Operator,
        ctx: &crate::audit::Context,
        path: &Path,
        skip_invalid: bool,
        progress: &dyn Progress,
    ) -> Result<ImportReport, AppError> {
        let sheet = {
            let path = path.to_path_buf();
            tokio::task::spawn_blocking(move || zone_sheet::read(&path))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??
        };
        let (columns, rows) = (&sheet.columns, &sheet.rows);
        let now = self.clock.now();
        let catalog = &self.directory().catalog.clone();
        progress.set_total(rows.len() as u64 * 2);

        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(rows.len());
        let mut first_row_of_name: HashMap<String, usize> = HashMap::new();
        for (i, (row, input)) in rows.iter().enumerate() {
            match input.validate(catalog, now.year()) {
                Ok(fields) => match first_row_of_name.get(&fields.name_zh) {
                    Some(first) => errors.push(zone_sheet::duplicate_error(*row, *first, columns)),
                    None => {
                        first_row_of_name.insert(fields.name_zh.clone(), *row);
                        valid.push(fields);
                    }
                },
                Err(v) => errors.extend(zone_sheet::row_errors(*row, columns, v)),
            }
            if i % 1024 == 0 {
                progress.advance(i as u64);
            }
        }
        if !errors.is_empty() && !skip_invalid {
            return Err(AppError::RowsRejected(errors));
        }

        let mut report = ImportReport {
            skipped: errors,
            ..ImportReport::default()
        };
        let mut tx = self.write(op, ctx).await?;
        let existing = tx.zone_ids_by_name().await?;
        report.updated = valid
            .iter()
            .filter(|f| existing.contains_key(&f.name_zh))
            .count();
        report.inserted = valid.len() - report.updated;
        progress.advance(rows.len() as u64 + rows.len() as u64 / 2);
        tx.upsert_zones(&valid, now).await?;
        tx.finish(
            Record::new("zone.import", Entity::Zone, None).after(&serde_json::json!({
                "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                "inserted": report.inserted,
                "updated": report.updated,
                "skipped": report.skipped.len(),
            })),
        )
        .await?;
        progress.advance(rows.len() as u64 * 2);
        self.reload_directory().await?;
        Ok(report)
    }

    /// Exports every zone to an .xlsx or .csv file in the import format; returns the count.
    pub async fn export_zones(&self, path: &Path) -> Result<usize, AppError> {
        let directory = self.directory();
        let inputs: Vec<ZoneInput> = directory
            .zones
            .iter()
            .map(|l| ZoneInput::from_fields(&l.zone.fields, &directory.catalog))
            .collect();
        let path = path.to_path_buf();
        let count = inputs.len();
        tokio::task::spawn_blocking(move || zone_sheet::write(&path, &inputs))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        Ok(count)
    }
}

impl App {
    /// Every zone matching the filters of `raw` (its page and page size are ignored), in
    /// the import format: an .xlsx workbook when `xlsx`, else UTF-8 CSV. A bad filter is
    /// named in the error, as for [`App::list_zones`].
    pub fn export_zones_to_bytes(
        &self,
        raw: &RawZoneQuery,
        xlsx: bool,
    ) -> Result<Vec<u8>, AppError> {
        let raw = RawZoneQuery {
            page: None,
            per_page: None,
            ..raw.clone()
        };
        let query = ZoneQuery {
            page: 1,
            per_page: u32::MAX,
            ..ZoneQuery::parse(&raw)?
        };
        let directory = self.directory();
        let inputs: Vec<ZoneInput> = select(&directory.zones, &query)
            .items
            .into_iter()
            .map(|l| ZoneInput::from_fields(&l.zone.fields, &directory.catalog))
            .collect();
        zone_sheet::write_bytes(&inputs, xlsx)
    }
}

fn render_page(directory: &Directory, query: &ZoneQuery) -> bytes::Bytes {
    use std::fmt::Write;
    let page = select(&directory.zones, query);
    let size: usize = page.items.iter().map(|l| l.json.len() + 1).sum();
    let mut out = String::with_capacity(size + 64);
    out.push_str("{\"items\":[");
    for (i, listed) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&listed.json);
    }
    let _ = write!(
        out,
        "],\"total\":{},\"page\":{},\"per_page\":{}}}",
        page.total, page.page, page.per_page
    );
    bytes::Bytes::from(out)
}
