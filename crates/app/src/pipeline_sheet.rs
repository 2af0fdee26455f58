//! Pipeline records and figures as spreadsheets: import of records (.xlsx or .csv, every row
//! checked first, all or nothing) and export of records and of figures (.xlsx).

use crate::audit::Context;
use crate::bounded_sheet::{self, Limits};
use crate::error::RowError;
use crate::write::Record;
use crate::zone_sheet::{column_letter, row_errors};
use crate::{App, AppError};
use gowest_domain::access::PipelineKeeper;
use gowest_domain::change::Entity;
use gowest_domain::pipeline::{FiguresRow, NewRecord, PipelineEntry, PipelineRecord, PipelineRow};
use std::collections::{HashMap, HashSet};

/// Each column's API name (also accepted as a header) and the Chinese header we write.
const COLUMNS: [(&str, &str); 17] = [
    ("project_name", "项目名称"),
    ("investor_name", "投资方名称"),
    ("investor_credit_code", "投资方统一社会信用代码"),
    ("investor_origin", "投资方来源地"),
    ("industry", "行业代码"),
    ("kind", "项目类型"),
    ("base_amount_yuan", "原投资额(元)"),
    ("stage", "阶段"),
    ("signed_on", "签约日期"),
    ("contract_amount_yuan", "签约金额(元)"),
    ("event_id", "签约活动编号"),
    ("landed_on", "落地日期"),
    ("started_on", "开工日期"),
    ("producing_on", "投产日期"),
    ("dropped_on", "终止日期"),
    ("drop_reason", "终止原因"),
    ("jobs_created", "新增就业(人)"),
];

fn file_error(e: impl std::fmt::Display) -> AppError {
    AppError::File(e.to_string())
}

/// The sheet's rows keyed by field, with where each field sits (`C 投资方来源地`).
type ParsedSheet = (HashMap<&'static str, String>, Vec<(usize, PipelineRow)>);

async fn parse(file_name: &str, bytes: &[u8]) -> Result<ParsedSheet, AppError> {
    let mut cells = bounded_sheet::read(file_name, bytes, Limits::REGISTER)
        .await?
        .into_iter();
    let header = cells
        .next()
        .ok_or_else(|| file_error("空文件 / empty file"))?;
    let mut keys = Vec::with_capacity(header.len());
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim();
        let key = COLUMNS
            .iter()
            .find(|(key, label)| key.eq_ignore_ascii_case(name) || *label == name)
            .map(|(key, _)| *key)
            .ok_or_else(|| {
                let col = column_letter(i);
                file_error(format!(
                    "第1行 {col} 列：未知列名“{name}” / row 1, column {col}: unknown header \"{name}\""
                ))
            })?;
        columns.insert(key, format!("{} {name}", column_letter(i)));
        keys.push(key);
    }
    for required in [
        "project_name",
        "investor_name",
        "investor_origin",
        "industry",
        "stage",
    ] {
        if !columns.contains_key(required) {
            return Err(file_error(format!(
                "缺少必需的列“{required}” / required column \"{required}\" is missing"
            )));
        }
    }
    let mut rows = Vec::new();
    for (i, line) in cells.enumerate() {
        if line.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = PipelineRow::default();
        for (key, cell) in keys.iter().zip(line) {
            if let Some(slot) = row.field_mut(key) {
                *slot = cell;
            }
        }
        rows.push((i + 2, row));
    }
    Ok((columns, rows))
}

impl App {
    /// Imports records in any stage into the keeper's zone. Every row is checked first; if
    /// any is bad, each problem is reported by row and column and nothing is written.
    #[tracing::instrument(skip_all, fields(zone = keeper.zone_id()))]
    pub async fn import_pipeline_records(
        &self,
        keeper: &PipelineKeeper,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let (columns, rows) = parse(file_name, bytes).await?;
        let catalog = self.directory().catalog.clone();
        let today = self.today_in_china();
        let events: HashSet<i64> = self
            .store
            .promotion_events()
            .await?
            .iter()
            .map(|e| e.id)
            .collect();
        let mut errors: Vec<RowError> = Vec::new();
        let mut valid: Vec<NewRecord> = Vec::new();
        for (row, input) in &rows {
            match input.validate(keeper.zone_id(), &catalog, today) {
                Ok(new) => {
                    let unknown = new
                        .record
                        .signings
                        .iter()
                        .filter_map(|s| s.event_id)
                        .find(|id| !events.contains(id));
                    match unknown {
                        Some(id) => errors.push(RowError {
                            row: *row,
                            column: columns.get("event_id").cloned().unwrap_or_default(),
                            field: "event_id".into(),
                            message_zh: format!("没有编号为{id}的招商活动"),
                            message_en: format!("no event {id}"),
                        }),
                        None => valid.push(new),
                    }
                }
                Err(v) => errors.extend(row_errors(*row, &columns, v)),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }
        let now = self.clock.now();
        let mut tx = self.write(keeper, ctx).await?;
        let mut ids = Vec::with_capacity(valid.len());
        for new in &valid {
            let id = tx
                .insert_pipeline_record(
                    &new.record,
                    &new.investor_origin,
                    &new.industry,
                    false,
                    now,
                )
                .await?;
            ids.push(id);
        }
        for (id, new) in ids.iter().zip(&valid) {
            let stored = PipelineRecord {
                id: *id,
                ..new.record.clone()
            };
            let screened = self.screened(&mut tx, &stored).await?;
            if screened.review != stored.review {
                tx.update_pipeline_record(&screened, now).await?;
            }
        }
        tx.finish(
            Record::new("pipeline.import", Entity::PipelineRecord, None).after(
                &serde_json::json!({
                    "file": file_name,
                    "zone_id": keeper.zone_id(),
                    "inserted": ids,
                }),
            ),
        )
        .await?;
        Ok(ids.len())
    }
}

fn sheet_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("export: {e}"))
}

/// Records as an .xlsx workbook in the import format, so an export can be edited and
/// imported into another zone.
pub fn records_xlsx(entries: &[PipelineEntry]) -> Result<Vec<u8>, AppError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet
        .write_row_with_format(0, 0, COLUMNS.iter().map(|(_, l)| *l), &bold)
        .map_err(sheet_error)?;
    for (r, e) in entries.iter().enumerate() {
        let row = PipelineRow::from_entry(e);
        let at = u32::try_from(r + 1).map_err(|_| file_error("too many rows"))?;
        for (c, (key, _)) in COLUMNS.iter().enumerate() {
            crate::cells::write_text(sheet, at, c as u16, row.field(key).unwrap_or_default())
                .map_err(sheet_error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(sheet_error)?;
    book.save_to_buffer().map_err(sheet_error)
}

/// Figures as an .xlsx workbook: amounts in 元 (exact), rates as percentages with counts.
pub fn figures_xlsx(rows: &[FiguresRow]) -> Result<Vec<u8>, AppError> {
    let headers = [
        "名称",
        "项目数",
        "签约项目数",
        "签约金额(元)",
        "履约率",
        "落地率",
        "开工率",
        "资金到位率",
        "实际到位资金(元)",
        "其中待核实(元)",
        "新增就业(人)",
        "疑似重复",
        "待解决问题",
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet
        .write_row_with_format(0, 0, headers, &bold)
        .map_err(sheet_error)?;
    let yuan = |fen: i128| {
        let sign = if fen < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
    };
    for (r, row) in rows.iter().enumerate() {
        let f = &row.figures;
        let rate = |x: &gowest_domain::pipeline::Rate| {
            format!("{} ({}/{})", x.percent(), x.numerator, x.denominator)
        };
        let cells = [
            row.name_zh.clone(),
            f.projects.to_string(),
            f.signed_projects.to_string(),
            yuan(f.signed_amount_fen),
            rate(&row.rates.performance_rate),
            rate(&row.rates.landing_rate),
            rate(&row.rates.start_rate),
            rate(&row.rates.funds_rate),
            yuan(f.funds.total().total_fen()),
            yuan(f.funds.total().unverified_fen),
            f.jobs_created.to_string(),
            f.flagged_for_review.to_string(),
            f.open_problems.to_string(),
        ];
        let at = u32::try_from(r + 1).map_err(|_| file_error("too many rows"))?;
        for (c, cell) in cells.iter().enumerate() {
            crate::cells::write_text(sheet, at, c as u16, cell).map_err(sheet_error)?;
        }
    }
    book.save_to_buffer().map_err(sheet_error)
}
