//! A zone's investment projects as a spreadsheet (.xlsx or .csv): the columns, reading an
//! uploaded file, and writing the export that imports back unchanged.

use crate::AppError;
use crate::bounded_sheet::{self, Limits};
use crate::error::RowError;
use crate::zone_sheet::column_letter;
use gowest_domain::project::{ProjectFields, ProjectInput};
use std::collections::HashMap;

/// Each column: the field's API name (also accepted as a header) and the Chinese header we
/// write. The accessors come from the same list, so a column cannot miss its field.
macro_rules! project_columns {
    ($($key:ident => $label:literal,)*) => {
        const COLUMNS: &[(&str, &str)] = &[$((stringify!($key), $label),)*];

        fn field<'a>(input: &'a ProjectInput, key: &str) -> &'a str {
            match key {
                $(stringify!($key) => &input.$key,)*
                _ => "",
            }
        }

        fn field_mut<'a>(input: &'a mut ProjectInput, key: &str) -> Option<&'a mut String> {
            match key {
                $(stringify!($key) => Some(&mut input.$key),)*
                _ => None,
            }
        }
    };
}

project_columns! {
    title_zh => "项目名称",
    title_en => "英文名称",
    industry => "行业代码",
    amount_yuan => "投资总额(元)",
    mode => "合作方式",
    land_mu => "用地(亩)",
    incentives => "优惠政策",
    description => "项目简介",
    status => "项目状态",
}
const REQUIRED: [&str; 4] = ["title_zh", "industry", "amount_yuan", "mode"];

/// A read sheet: where each field sits (`A 项目名称`), and the rows with their numbers.
pub struct Sheet {
    pub columns: HashMap<&'static str, String>,
    pub rows: Vec<(usize, ProjectInput)>,
}

fn label(key: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| *l)
}

fn from_cells<I>(header: Vec<String>, body: I) -> Result<Sheet, AppError>
where
    I: Iterator<Item = Result<Vec<String>, AppError>>,
{
    let mut keys = Vec::with_capacity(header.len());
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim().trim_start_matches('\u{feff}');
        let key = COLUMNS
            .iter()
            .find(|(key, label)| key.eq_ignore_ascii_case(name) || *label == name)
            .map(|(key, _)| *key)
            .ok_or_else(|| {
                let letter = column_letter(i);
                AppError::File(format!(
                    "第1行 {letter} 列：未知列名“{name}” / row 1, column {letter}: unknown header \"{name}\""
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
        return Err(AppError::File(format!(
            "缺少必需的列“{}” / required column \"{missing}\" is missing",
            label(missing)
        )));
    }
    let mut rows = Vec::new();
    for (i, cells) in body.enumerate() {
        let cells = cells?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut input = ProjectInput::default();
        for (key, cell) in keys.iter().zip(cells) {
            if let Some(slot) = field_mut(&mut input, key) {
                *slot = cell;
            }
        }
        rows.push((i + 2, input));
    }
    Ok(Sheet { columns, rows })
}

fn file_error(file_name: &str, e: impl std::fmt::Display) -> AppError {
    AppError::File(format!("{file_name}: {e}"))
}

/// Reads the first worksheet of an .xlsx file, or a UTF-8 CSV file, by the name's extension,
/// through the bounded reader (callers run it off the async threads).
pub fn read(bytes: &[u8], file_name: &str) -> Result<Sheet, AppError> {
    let mut rows = bounded_sheet::read_blocking(file_name, bytes, Limits::REGISTER)
        .map_err(|e| match e {
            AppError::File(message) => file_error(file_name, message),
            other => other,
        })?
        .into_iter();
    let header = rows
        .next()
        .ok_or_else(|| file_error(file_name, "空文件 / empty file"))?;
    from_cells(header, rows.map(Ok))
}

/// A project as an export row: mode and status by their Chinese names, as people type them.
pub fn export_row(fields: &ProjectFields) -> ProjectInput {
    ProjectInput {
        mode: fields.mode.name_zh().to_owned(),
        status: fields.status.name_zh().to_owned(),
        ..ProjectInput::from_fields(fields)
    }
}

/// The rows as one .xlsx sheet with a bold, frozen header row.
pub fn write_xlsx(inputs: &[ProjectInput]) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::File(format!("export: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet
        .write_row_with_format(0, 0, COLUMNS.iter().map(|(_, l)| *l), &bold)
        .map_err(fail)?;
    for (r, input) in inputs.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| AppError::File("too many rows".into()))?;
        for (c, (key, _)) in (0u16..).zip(COLUMNS) {
            crate::cells::write_text(sheet, row, c, field(input, key)).map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.set_column_width(0, 30).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// A second row with a title already used earlier in the file.
pub fn duplicate_error(
    row: usize,
    first: usize,
    columns: &HashMap<&'static str, String>,
) -> RowError {
    RowError {
        row,
        column: columns.get("title_zh").cloned().unwrap_or_default(),
        field: "title_zh".into(),
        message_zh: format!("与第{first}行的项目名称重复"),
        message_en: format!("same project title as row {first}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plant() -> ProjectInput {
        ProjectInput {
            title_zh: "笔记本电脑配套产业园".into(),
            title_en: "Laptop supplier park".into(),
            industry: "39".into(),
            amount_yuan: "1500000000.00".into(),
            mode: "独资".into(),
            land_mu: "800.50".into(),
            incentives: "前三年税收奖励".into(),
            description: "承接电子信息产业转移。".into(),
            status: "招商中".into(),
        }
    }

    #[test]
    fn an_export_reads_back_the_same_rows() {
        let bytes = write_xlsx(&[plant()]).expect("written");
        let sheet = read(&bytes, "项目.XLSX").expect("read");
        assert_eq!(sheet.rows, vec![(2, plant())]);
        assert_eq!(sheet.columns["amount_yuan"], "D 投资总额(元)");
    }

    #[test]
    fn csv_with_a_byte_order_mark_and_field_names_as_headers() {
        let csv = "\u{feff}title_zh,行业代码,投资总额(元),合作方式\n甲项目,39,100,合资\n,,,\n";
        let sheet = read(csv.as_bytes(), "p.csv").expect("read");
        assert_eq!(sheet.rows.len(), 1, "blank rows are skipped");
        assert_eq!(sheet.rows[0].1.mode, "合资");
    }

    #[test]
    fn bad_files_are_named() {
        let missing = read("项目名称,行业代码\n甲,39\n".as_bytes(), "p.csv");
        assert!(matches!(missing, Err(AppError::File(m)) if m.contains("投资总额(元)")));
        let unknown = read("项目名称,颜色\n".as_bytes(), "p.csv");
        assert!(matches!(unknown, Err(AppError::File(m)) if m.contains("B 列")));
        assert!(read(b"x", "p.xls").is_err());
    }
}
