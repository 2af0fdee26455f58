//! Statistical returns as spreadsheets: the template of a period (the domain's sheet layout,
//! one row per zone the reader files or reads, with a sheet of the dictionary's 口径), the
//! import of a filled sheet (through the bounded reader; every cell error names its row and
//! header; nothing is written if any row fails), and the export of the returns in scope as
//! XLSX or CSV with exact figures in each field's shown unit.

use crate::audit::Context;
use crate::bounded_sheet::{self, Limits};
use crate::cells::{CsvOut, write_text};
use crate::error::RowError;
use crate::returns::{ReturnView, dictionary, new_stored};
use crate::write::Record;
use crate::zone_sheet::column_letter;
use crate::{App, AppError};
use gowest_domain::access::{Actor, Scope};
use gowest_domain::change::Entity;
use gowest_domain::returns::sheet::{self, Column, PERIOD_HEADER, ZONE_ID_HEADER};
use gowest_domain::returns::{Dictionary, Period, ZoneReturn};
use gowest_domain::{FieldError, Validation};
use gowest_store::returns::{ReturnFilter, StoredReturn};
use std::collections::BTreeSet;

/// The columns a period's template holds: zone, name, period, then the values and
/// explanations of the fields that period collects.
fn period_columns(dict: &Dictionary, period: Period) -> Vec<Column> {
    let kind = period.kind();
    sheet::columns(dict)
        .into_iter()
        .filter(|c| match c {
            Column::Value(code) | Column::Explanation(code) => {
                dict.field(code).is_some_and(|f| f.collected_in(kind))
            }
            _ => true,
        })
        .collect()
}

/// Columns added after the domain's layout on export.
const EXPORT_EXTRA: [&str; 5] = ["状态", "版本", "报送日期", "审核通过日期", "修订原因"];

fn export_cells(dict: &Dictionary, v: &ReturnView) -> Vec<String> {
    let mut cells = sheet::export_row(dict, &v.ret, &v.zone_name_zh);
    cells.extend([
        v.ret.status.name_zh().to_owned(),
        v.ret.version.to_string(),
        v.ret.filed_on.map(|d| d.to_string()).unwrap_or_default(),
        v.ret.accepted_on.map(|d| d.to_string()).unwrap_or_default(),
        v.ret.revision_reason.clone().unwrap_or_default(),
    ]);
    cells
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(e.to_string())
}

fn row_number(i: usize) -> Result<u32, AppError> {
    u32::try_from(i).map_err(|_| AppError::Internal("too many rows".into()))
}

/// A workbook of one sheet of text rows under a bold header.
fn workbook(
    name: &str,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<rust_xlsxwriter::Workbook, AppError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet().set_name(name).map_err(xlsx_error)?;
    sheet
        .write_row_with_format(0, 0, headers, &bold)
        .map_err(xlsx_error)?;
    for (i, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let col =
                u16::try_from(c).map_err(|_| AppError::Internal("too many columns".into()))?;
            write_text(sheet, row_number(i + 1)?, col, text).map_err(xlsx_error)?;
        }
    }
    sheet.set_freeze_panes(1, 3).map_err(xlsx_error)?;
    Ok(book)
}

impl App {
    /// The zones whose rows a template holds: the reader's own zone, or every zone of its
    /// province, or every zone.
    fn template_zones(&self, actor: &Actor) -> Result<Vec<(i64, String)>, AppError> {
        let directory = self.directory();
        let zones = directory.zones.iter().map(|l| &l.zone);
        let pick: Vec<(i64, String)> = match actor.scope() {
            Scope::All => zones.map(|z| (z.id, z.fields.name_zh.clone())).collect(),
            Scope::Province(code) => zones
                .filter(|z| z.fields.province_code == code)
                .map(|z| (z.id, z.fields.name_zh.clone()))
                .collect(),
            Scope::Zone(own) => zones
                .filter(|z| z.id == own)
                .map(|z| (z.id, z.fields.name_zh.clone()))
                .collect(),
            Scope::Organisation(_) | Scope::Public => return Err(AppError::Forbidden),
        };
        Ok(pick)
    }

    /// The template of a period as .xlsx: the columns of the fields it collects, a row per
    /// zone in the reader's scope with its number, name and period filled, and a second
    /// sheet with each field's unit and 口径.
    pub async fn returns_template(
        &self,
        actor: &Actor,
        period: Period,
    ) -> Result<Vec<u8>, AppError> {
        let dict = dictionary()?;
        let columns = period_columns(dict, period);
        let headers: Vec<String> = columns.iter().map(|c| c.header(dict)).collect();
        let rows: Vec<Vec<String>> = self
            .template_zones(actor)?
            .into_iter()
            .map(|(id, name)| {
                columns
                    .iter()
                    .map(|c| match c {
                        Column::ZoneId => id.to_string(),
                        Column::ZoneName => name.clone(),
                        Column::Period => period.label_zh(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect();
        let definitions: Vec<Vec<String>> = dict
            .fields_for(period.kind())
            .map(|f| {
                vec![
                    f.code.clone(),
                    f.header(),
                    f.measure.name_zh().to_owned(),
                    f.definition_zh.clone(),
                    f.definition_en.clone(),
                ]
            })
            .collect();
        tokio::task::spawn_blocking(move || {
            let mut book = workbook(&period.label_zh(), &headers, &rows)?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let sheet = book
                .add_worksheet()
                .set_name("指标口径")
                .map_err(xlsx_error)?;
            sheet
                .write_row_with_format(
                    0,
                    0,
                    ["代码", "指标（单位）", "类型", "口径", "Definition"],
                    &bold,
                )
                .map_err(xlsx_error)?;
            for (i, row) in definitions.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    let col = u16::try_from(c).map_err(|_| AppError::Internal("columns".into()))?;
                    write_text(sheet, row_number(i + 1)?, col, text).map_err(xlsx_error)?;
                }
            }
            book.save_to_buffer().map_err(xlsx_error)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// The newest version of each return in scope as .xlsx, figures exact in their shown units.
    pub async fn export_returns_xlsx(
        &self,
        actor: &Actor,
        filter: ReturnFilter,
    ) -> Result<Vec<u8>, AppError> {
        let (headers, rows) = self.export_rows(actor, filter).await?;
        tokio::task::spawn_blocking(move || {
            workbook("统计直报", &headers, &rows)?
                .save_to_buffer()
                .map_err(xlsx_error)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// The same as CSV (UTF-8; cells that a spreadsheet would run as formulas neutralised).
    pub async fn export_returns_csv(
        &self,
        actor: &Actor,
        filter: ReturnFilter,
    ) -> Result<Vec<u8>, AppError> {
        let (headers, rows) = self.export_rows(actor, filter).await?;
        let mut out = CsvOut::new(Vec::new());
        let csv = |e: csv::Error| AppError::Internal(e.to_string());
        out.row(&headers).map_err(csv)?;
        for row in &rows {
            out.row(row).map_err(csv)?;
        }
        out.into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    async fn export_rows(
        &self,
        actor: &Actor,
        filter: ReturnFilter,
    ) -> Result<(Vec<String>, Vec<Vec<String>>), AppError> {
        let dict = dictionary()?;
        let views = self.returns(actor, filter).await?;
        let mut headers = sheet::headers(dict);
        headers.extend(EXPORT_EXTRA.map(str::to_owned));
        let rows = views.iter().map(|v| export_cells(dict, v)).collect();
        Ok((headers, rows))
    }

    /// Imports a filled template as drafts of the actor's own zone: a new version 1, or the
    /// newest version when it is a draft or returned. Every row is checked first; any error
    /// (a cell, another zone's row, a return already filed, a period twice) refuses the whole
    /// file naming row and header, and nothing is written. Filing stays a separate step.
    pub async fn import_returns(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let own = actor.own_zone().ok_or(AppError::Forbidden)?;
        let filer = actor.return_filer(own).ok_or(AppError::Forbidden)?;
        let dict = dictionary()?;
        let rows = bounded_sheet::read(file_name, bytes, Limits::REGISTER).await?;
        let Some((header, body)) = rows.split_first() else {
            return Err(AppError::File("表格为空 / the sheet is empty".into()));
        };
        let row_error = |row: usize, e: FieldError| {
            let col = header.iter().position(|h| h.trim() == e.field.trim());
            RowError {
                row,
                column: col
                    .map(|c| format!("{} {}", column_letter(c), header[c]))
                    .unwrap_or_default(),
                field: e.field,
                message_zh: e.message_zh,
                message_en: e.message_en,
            }
        };
        let mut errors = Vec::new();
        let mut drafts: Vec<(usize, ZoneReturn)> = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, row) in body.iter().enumerate() {
            let number = i + 2;
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let cells: Vec<(String, String)> = header
                .iter()
                .cloned()
                .zip(row.iter().cloned().chain(std::iter::repeat(String::new())))
                .filter(|(h, _)| !h.trim().is_empty())
                .collect();
            match sheet::parse_row(dict, &cells) {
                Err(Validation(es)) => errors.extend(es.into_iter().map(|e| row_error(number, e))),
                Ok(draft) if draft.zone_id != own => errors.push(row_error(
                    number,
                    FieldError::new(
                        ZONE_ID_HEADER,
                        "not_own_zone",
                        "只能导入本园区的报表",
                        "only your own zone's returns can be imported",
                    ),
                )),
                Ok(draft) if !seen.insert(draft.period) => errors.push(row_error(
                    number,
                    FieldError::new(
                        PERIOD_HEADER,
                        "duplicate_period",
                        format!("{}在表中出现多次", draft.period.label_zh()),
                        format!("the {} appears more than once", draft.period.label_en()),
                    ),
                )),
                Ok(draft) => drafts.push((number, draft)),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }
        let mut tx = self.write(&filer, ctx).await?;
        let now = tx.now();
        let (zone_org, province_org) = tx.return_orgs(own).await?;
        let mut records = Vec::new();
        for (number, draft) in &drafts {
            let newest = tx.return_versions(own, draft.period).await?.pop();
            let record = match newest {
                None => {
                    let stored = new_stored(draft.clone());
                    let id = tx.insert_return(&stored, now).await?;
                    Record::new("returns.import", Entity::StatisticalReturn, id).after(&stored.ret)
                }
                Some(old) => {
                    match old
                        .ret
                        .edit(dict, draft.values.clone(), draft.explanations.clone())
                    {
                        Ok(ret) => {
                            let after = StoredReturn { ret, ..old.clone() };
                            if !tx.update_return(&after, old.ret.status, now).await? {
                                return Err(AppError::Conflict(
                                    "the return moved meanwhile".into(),
                                ));
                            }
                            Record::new("returns.import", Entity::StatisticalReturn, old.id)
                                .before(&old.ret)
                                .after(&after.ret)
                        }
                        Err(Validation(es)) => {
                            errors.extend(es.into_iter().map(|mut e| {
                                e.field = PERIOD_HEADER.to_owned();
                                row_error(*number, e)
                            }));
                            continue;
                        }
                    }
                }
            };
            records.push(record.concerns(zone_org.into_iter().chain(province_org)));
        }
        if !errors.is_empty() {
            // Dropping the write rolls back the rows already saved.
            return Err(AppError::RowsRejected(errors));
        }
        let n = records.len();
        if n > 0 {
            tx.finish_all(records).await?;
        }
        Ok(n)
    }
}
