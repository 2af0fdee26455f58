//! Spreadsheets of the simple registers (outsourcing bases, labour bases, recycling pilots):
//! one header row in the register's column order, one record a row, every cell text. Import
//! checks every row first and refuses the file naming each row and column at fault.

use crate::AppError;
use crate::bounded_sheet::{self, Limits};
use crate::error::RowError;
use crate::zone_sheet::column_letter;
use gowest_domain::Validation;

/// The file as an .xlsx: `columns` are (field, header) pairs.
pub fn xlsx(columns: &[(&str, &str)], rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let err = |e: rust_xlsxwriter::XlsxError| AppError::File(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet
        .write_row_with_format(0, 0, columns.iter().map(|(_, h)| *h), &bold)
        .map_err(err)?;
    for (r, row) in rows.into_iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| AppError::File("too many rows".into()))?;
        sheet.write_row(r, 0, row).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// Every non-empty row under the header checked by `check` (given the row's cells in column
/// order), or every problem as a row error.
pub async fn read<T>(
    file_name: &str,
    bytes: &[u8],
    columns: &[(&str, &str)],
    check: impl Fn(&[String]) -> Result<T, Validation>,
) -> Result<Vec<T>, AppError> {
    let rows = bounded_sheet::read(file_name, bytes, Limits::REGISTER).await?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells = row.clone();
        cells.resize(columns.len(), String::new());
        match check(&cells) {
            Ok(v) => out.push(v),
            Err(v) => errors.extend(v.0.into_iter().map(|e| {
                let col = columns.iter().position(|(f, _)| *f == e.field);
                RowError {
                    row: i + 1,
                    column: col
                        .map(|c| format!("{} {}", column_letter(c), columns[c].1))
                        .unwrap_or_default(),
                    field: e.field,
                    message_zh: e.message_zh,
                    message_en: e.message_en,
                }
            })),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(AppError::RowsRejected(errors))
    }
}
