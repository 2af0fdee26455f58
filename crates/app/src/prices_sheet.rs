//! Price reports as a spreadsheet: the template a market clerk downloads (.xlsx or .csv, with
//! the catalogue on a second sheet) and the upload, every row checked like a form row and the
//! whole file written or refused, each bad row named with its sheet row and column.

use crate::audit::Context;
use crate::error::RowError;
use crate::keyed_sheet::{self, KeyedSheet};
use crate::prices::ReportReceipt;
use crate::{App, AppError};
use chrono::{Duration, NaiveDate};
use gowest_domain::prices::report::Grade;
use gowest_domain::prices::{Catalogue, ReportInput};
use std::collections::HashMap;

/// Each column's API name (also accepted as a header) and the Chinese header we write.
pub const PRICE_COLUMNS: [(&str, &str); 7] = [
    ("date", "日期"),
    ("product", "产品"),
    ("variety", "品种"),
    ("grade", "等级"),
    ("unit", "单位"),
    ("price", "价格（元）"),
    ("volume", "交易量"),
];

/// Columns a sheet must have; the rest default (统货, the catalogue unit, no variety).
const REQUIRED: [&str; 4] = ["date", "product", "price", "volume"];

/// Excel keeps a cell formatted as a date as its serial day count from 1899-12-30; such a
/// cell arrives here as a whole number, which no clerk types as a date, so it is read back.
fn excel_date(raw: &str) -> Option<String> {
    let serial: i64 = raw.trim().parse().ok()?;
    // 1 = 1900-01-01 … 2958465 = 9999-12-31; anything else is not a date serial.
    if !(1..=2_958_465).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some((epoch + Duration::days(serial)).to_string())
}

type Parsed = (HashMap<&'static str, String>, Vec<ReportInput>);

async fn parse(file_name: &str, bytes: &[u8]) -> Result<Parsed, AppError> {
    let KeyedSheet {
        keys,
        columns,
        rows,
    } = keyed_sheet::read(file_name, bytes, &PRICE_COLUMNS, &REQUIRED).await?;
    let inputs = rows
        .into_iter()
        .map(|row| {
            let mut input = ReportInput::default();
            for (key, value) in keys.iter().zip(row) {
                let slot = match *key {
                    "date" => {
                        input.date = excel_date(&value).unwrap_or(value);
                        continue;
                    }
                    "product" => &mut input.product,
                    "variety" => &mut input.variety,
                    "grade" => &mut input.grade,
                    "unit" => &mut input.unit,
                    "price" => &mut input.price,
                    _ => &mut input.volume,
                };
                *slot = value;
            }
            input
        })
        .collect();
    Ok((columns, inputs))
}

/// The upload template: the header, one example row, and the catalogue with each product's
/// unit and the grades on a second sheet. Dates are text cells so they stay as typed.
pub fn template_xlsx(catalogue: &Catalogue, example_day: NaiveDate) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::File(format!("template: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    let sheet = workbook.add_worksheet();
    sheet.set_name("价格报送").map_err(fail)?;
    sheet
        .write_row_with_format(0, 0, PRICE_COLUMNS.iter().map(|(_, l)| *l), &bold)
        .map_err(fail)?;
    for (c, value) in (0u16..).zip(example_row(catalogue, example_day)) {
        sheet.write_string(1, c, value).map_err(fail)?;
    }
    sheet.set_column_format(0, &text).map_err(fail)?;
    sheet.set_column_width(0, 12).map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let list = workbook.add_worksheet();
    list.set_name("产品目录").map_err(fail)?;
    list.write_row_with_format(0, 0, ["代码", "产品", "类别", "计价单位", "等级"], &bold)
        .map_err(fail)?;
    for (r, p) in (1u32..).zip(&catalogue.products) {
        list.write_row(
            r,
            0,
            [
                p.code.as_str(),
                p.name_zh.as_str(),
                p.category_zh.as_str(),
                p.unit.name_zh(),
            ],
        )
        .map_err(fail)?;
    }
    for (r, g) in (1u32..).zip(Grade::ALL) {
        list.write_string(r, 4, g.name_zh()).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// The same template as CSV (UTF-8 with a byte-order mark so Excel opens it as UTF-8).
pub fn template_csv(catalogue: &Catalogue, example_day: NaiveDate) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = crate::cells::CsvOut::new(&mut out);
        let fail = |e: csv::Error| AppError::File(format!("template: {e}"));
        w.row(PRICE_COLUMNS.iter().map(|(_, l)| *l)).map_err(fail)?;
        w.row(example_row(catalogue, example_day)).map_err(fail)?;
        w.into_inner()
            .map_err(|e| AppError::File(format!("template: {e}")))?;
    }
    Ok(out)
}

fn example_row(catalogue: &Catalogue, day: NaiveDate) -> [String; 7] {
    let (name, unit) = catalogue
        .products
        .first()
        .map(|p| (p.name_zh.clone(), p.unit.name_zh().to_owned()))
        .unwrap_or_default();
    [
        day.to_string(),
        name,
        String::new(),
        Grade::Ungraded.name_zh().to_owned(),
        unit,
        "1.20".into(),
        "5000".into(),
    ]
}

impl App {
    /// A market clerk's spreadsheet of reports (.xlsx or .csv): every row is checked as a
    /// form row would be; one bad row refuses the whole file, each refusal naming the sheet
    /// row (the header is row 1) and the column.
    pub async fn import_prices(
        &self,
        ctx: &Context,
        market_id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ReportReceipt, AppError> {
        let (columns, inputs) = parse(file_name, bytes).await?;
        self.report_prices(ctx, market_id, &inputs, 2)
            .await
            .map_err(|e| match e {
                AppError::RowsRejected(rows) => AppError::RowsRejected(
                    rows.into_iter()
                        .map(|r| RowError {
                            column: columns.get(r.field.as_str()).cloned().unwrap_or_default(),
                            ..r
                        })
                        .collect(),
                ),
                other => other,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_days_read_as_dates() {
        assert_eq!(excel_date("39217").as_deref(), Some("2007-05-15"));
        assert_eq!(excel_date("2007-05-15"), None);
        assert_eq!(excel_date("0"), None);
    }

    #[tokio::test]
    async fn the_template_reads_back_as_one_valid_row() {
        let catalogue = Catalogue::standard();
        let day = NaiveDate::from_ymd_opt(2007, 5, 15).expect("day");
        for (name, bytes) in [
            ("t.xlsx", template_xlsx(&catalogue, day).expect("xlsx")),
            ("t.csv", template_csv(&catalogue, day).expect("csv")),
        ] {
            let (columns, rows) = parse(name, &bytes).await.expect(name);
            assert_eq!(columns.len(), PRICE_COLUMNS.len(), "{name}");
            assert_eq!(rows.len(), 1, "{name}");
            let checked = gowest_domain::prices::report::check(&rows[0], &catalogue, day)
                .unwrap_or_else(|v| panic!("{name}: {v:?}"));
            assert_eq!(checked.day, day, "{name}");
            assert_eq!(checked.price_fen, 120, "{name}");
        }
    }

    #[tokio::test]
    async fn an_unknown_header_names_its_column() {
        let err = parse("x.csv", "日期,产品,价钱\n".as_bytes())
            .await
            .expect_err("refused");
        assert!(err.to_string().contains("C 列"), "{err}");
    }
}
