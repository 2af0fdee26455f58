//! The zone register as a spreadsheet (.xlsx or .csv): columns, reading and writing.

use crate::AppError;
use crate::bounded_sheet::{self, Limits};
use crate::error::RowError;
use gowest_domain::Validation;
use gowest_domain::zone_input::ZoneInput;
use std::collections::HashMap;
use std::path::Path;

/// Each column: the field's API name (also accepted as a header) and the Chinese header
/// we write; every field of [`ZoneInput`] has one.
macro_rules! zone_columns {
    ($($key:ident => $label:literal,)*) => {
        const COLUMNS: &[(&str, &str)] = &[$((stringify!($key), $label),)*];
    };
}

zone_columns! {
    name_zh => "开发区名称",
    name_en => "英文名称",
    level => "级别",
    province_code => "省份代码",
    city_zh => "所在城市",
    lat => "纬度",
    lon => "经度",
    approved_year => "批准年份",
    national_in_2006 => "2006年国家级",
    named_in_notice => "通知点名",
    area_km2 => "规划面积(平方公里)",
    leading_industries => "主导产业代码",
    land_price_yuan_per_m2 => "工业用地价格(元/平方米)",
    avg_wage_yuan_per_month => "平均工资(元/月)",
    labour_available => "可招用劳动力(人)",
    seaport => "最近海港",
    seaport_km => "距海港公里",
    seaport_hours => "距海港小时",
    contact_name => "联系人",
    contact_phone => "联系电话",
    contact_email => "电子邮箱",
    website => "网址",
    description_zh => "简介",
    description_en => "英文简介",
}
const REQUIRED: [&str; 3] = ["name_zh", "level", "province_code"];

/// `0` → `A`, `26` → `AA`.
pub(crate) fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A read sheet: for each field, where it sits (`C 省份代码`); and the rows.
pub struct Sheet {
    pub columns: HashMap<&'static str, String>,
    /// (row number as the spreadsheet shows it, the row's input)
    pub rows: Vec<(usize, ZoneInput)>,
}

impl Sheet {
    fn from_cells<I>(header: Vec<String>, body: I) -> Result<Sheet, AppError>
    where
        I: Iterator<Item = Result<Vec<String>, AppError>>,
    {
        let mut keys: Vec<&'static str> = Vec::with_capacity(header.len());
        let mut columns = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().trim_start_matches('\u{feff}');
            let key = COLUMNS
                .iter()
                .find(|(key, label)| key.eq_ignore_ascii_case(name) || *label == name)
                .map(|(key, _)| *key)
                .ok_or_else(|| {
                    AppError::File(format!(
                        "第1行 {} 列：未知列名“{name}” / row 1, column {}: unknown header \"{name}\"",
                        column_letter(i),
                        column_letter(i)
                    ))
                })?;
            if columns
                .insert(key, format!("{} {name}", column_letter(i)))
                .is_some()
            {
                return Err(AppError::File(format!(
                    "列“{name}”重复 / column \"{name}\" appears twice"
                )));
            }
            keys.push(key);
        }
        if let Some(missing) = REQUIRED.iter().find(|k| !columns.contains_key(*k)) {
            let label = COLUMNS
                .iter()
                .find(|(k, _)| k == missing)
                .map(|(_, l)| *l)
                .unwrap_or(missing);
            return Err(AppError::File(format!(
                "缺少必需的列“{label}” / required column \"{missing}\" is missing"
            )));
        }
        let mut rows = Vec::new();
        for (i, cells) in body.enumerate() {
            let cells = cells?;
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut input = ZoneInput::default();
            for (key, cell) in keys.iter().zip(cells) {
                if let Some(slot) = input.field_mut(key) {
                    *slot = cell;
                }
            }
            rows.push((i + 2, input));
        }
        Ok(Sheet { columns, rows })
    }
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::File(format!("{}: {e}", path.display()))
}

fn is_xlsx(path: &Path) -> Result<bool, AppError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(true),
        Some("csv") => Ok(false),
        _ => Err(file_error(
            path,
            "只支持 .xlsx 和 .csv 文件 / only .xlsx and .csv files are supported",
        )),
    }
}

/// Reads every row of the first worksheet (or the CSV file), through the bounded reader.
pub fn read(path: &Path) -> Result<Sheet, AppError> {
    is_xlsx(path)?;
    let size = std::fs::metadata(path)
        .map_err(|e| file_error(path, e))?
        .len();
    bounded_sheet::check_file_size(usize::try_from(size).unwrap_or(usize::MAX))?;
    let bytes = std::fs::read(path).map_err(|e| file_error(path, e))?;
    let name = path.to_string_lossy();
    let mut rows = bounded_sheet::read_blocking(&name, &bytes, Limits::REGISTER)
        .map_err(|e| match e {
            AppError::File(message) => file_error(path, message),
            other => other,
        })?
        .into_iter();
    let header = rows
        .next()
        .ok_or_else(|| file_error(path, "空文件 / empty file"))?;
    Sheet::from_cells(header, rows.map(Ok))
}

/// Writes rows with Chinese headers to an .xlsx or .csv file, chosen by its extension.
pub fn write(path: &Path, inputs: &[ZoneInput]) -> Result<(), AppError> {
    let fail = |e: SheetWriteError| file_error(path, e);
    if is_xlsx(path)? {
        workbook(inputs)
            .map_err(fail)?
            .save(path)
            .map_err(|e| fail(e.into()))
    } else {
        let file = std::fs::File::create(path).map_err(|e| file_error(path, e))?;
        write_csv(file, inputs).map(drop).map_err(fail)
    }
}

/// The workbook of `inputs` as one sheet with a bold, frozen header row.
fn workbook(inputs: &[ZoneInput]) -> Result<rust_xlsxwriter::Workbook, SheetWriteError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let headers = COLUMNS.iter().map(|(_, label)| *label);
    sheet.write_row_with_format(0, 0, headers, &bold)?;
    for (r, input) in inputs.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| SheetWriteError::TooManyRows)?;
        for (c, (key, _)) in COLUMNS.iter().enumerate() {
            crate::cells::write_text(sheet, row, c as u16, input.field(key).unwrap_or_default())?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 30)?;
    Ok(workbook)
}

/// CSV with a byte-order mark, so Excel reads it as UTF-8; returns the writer's target.
fn write_csv<W: std::io::Write>(mut target: W, inputs: &[ZoneInput]) -> Result<W, SheetWriteError> {
    target.write_all("\u{feff}".as_bytes())?;
    let mut writer = crate::cells::CsvOut::new(target);
    writer.row(COLUMNS.iter().map(|(_, label)| *label))?;
    for input in inputs {
        writer.row(
            COLUMNS
                .iter()
                .map(|(key, _)| input.field(key).unwrap_or_default()),
        )?;
    }
    Ok(writer.into_inner()?)
}

/// Why a sheet could not be written; callers add where it was going.
#[derive(Debug, thiserror::Error)]
enum SheetWriteError {
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("too many rows")]
    TooManyRows,
}

/// Turns a row's validation errors into errors that name row and column.
pub fn row_errors(
    row: usize,
    columns: &HashMap<&'static str, String>,
    v: Validation,
) -> Vec<RowError> {
    v.0.into_iter()
        .map(|e| RowError {
            row,
            column: columns.get(e.field.as_str()).cloned().unwrap_or_default(),
            field: e.field,
            message_zh: e.message_zh,
            message_en: e.message_en,
        })
        .collect()
}

pub fn duplicate_error(
    row: usize,
    first: usize,
    columns: &HashMap<&'static str, String>,
) -> RowError {
    RowError {
        row,
        column: columns.get("name_zh").cloned().unwrap_or_default(),
        field: "name_zh".into(),
        message_zh: format!("与第{first}行的开发区名称重复"),
        message_en: format!("same zone name as row {first}"),
    }
}

/// The same sheet as [`write`], in memory: an .xlsx workbook when `xlsx`, else CSV.
pub fn write_bytes(inputs: &[ZoneInput], xlsx: bool) -> Result<Vec<u8>, AppError> {
    let bytes = if xlsx {
        workbook(inputs).and_then(|mut w| Ok(w.save_to_buffer()?))
    } else {
        write_csv(Vec::new(), inputs)
    };
    bytes.map_err(|e| AppError::Internal(format!("export: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_exactly_one_column() {
        let columns: Vec<&str> = COLUMNS.iter().map(|(key, _)| *key).collect();
        assert_eq!(columns, ZoneInput::FIELDS);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
