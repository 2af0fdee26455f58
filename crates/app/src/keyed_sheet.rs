//! Sheets whose header names the columns (price reports, stations, farm-trade offers): each
//! header is a field's API name or its Chinese header, in any order; unknown headers and
//! missing required columns refuse the file by name; every data row keeps its sheet number.

use crate::AppError;
use crate::bounded_sheet::{self, Limits};
use crate::zone_sheet::column_letter;
use std::collections::HashMap;

/// A sheet read by its header.
pub(crate) struct KeyedSheet {
    /// The field of each column, in sheet order.
    pub keys: Vec<&'static str>,
    /// Each field's column as refusals name it (`F 价格（元）`).
    pub columns: HashMap<&'static str, String>,
    /// The data rows (sheet row 2 on), trailing blank rows dropped.
    pub rows: Vec<Vec<String>>,
}

/// Reads `bytes` (.xlsx or .csv) whose header names fields of `known` ((field, Chinese
/// header) pairs); each of `required` must be there.
pub(crate) async fn read(
    file_name: &str,
    bytes: &[u8],
    known: &[(&'static str, &str)],
    required: &[&str],
) -> Result<KeyedSheet, AppError> {
    let file = AppError::File;
    let mut cells = bounded_sheet::read(file_name, bytes, Limits::REGISTER)
        .await?
        .into_iter();
    let header = cells
        .next()
        .ok_or_else(|| file("空文件 / empty file".into()))?;
    let mut keys = Vec::with_capacity(header.len());
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim();
        let col = column_letter(i);
        let key = known
            .iter()
            .find(|(key, label)| key.eq_ignore_ascii_case(name) || *label == name)
            .map(|(key, _)| *key)
            .ok_or_else(|| {
                file(format!(
                    "第1行 {col} 列：未知列名“{name}” / row 1, column {col}: unknown header \"{name}\""
                ))
            })?;
        columns.insert(key, format!("{col} {name}"));
        keys.push(key);
    }
    for required in required {
        if !columns.contains_key(required) {
            let label = known
                .iter()
                .find(|(key, _)| key == required)
                .map_or(*required, |(_, label)| *label);
            return Err(file(format!(
                "缺少必需的列“{label}” / required column \"{required}\" is missing"
            )));
        }
    }
    let mut rows: Vec<Vec<String>> = cells.collect();
    // Trailing blank rows are formatting; blank rows between records stay so that row numbers
    // are the sheet's, and are refused like any incomplete row.
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    Ok(KeyedSheet {
        keys,
        columns,
        rows,
    })
}
