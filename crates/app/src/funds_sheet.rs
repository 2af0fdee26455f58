//! Fund lists as spreadsheets: applications and pools (.xlsx), amounts in 元 with two
//! decimals written as text so no spreadsheet rounds a fen away.

use crate::AppError;
use gowest_domain::funds::{Application, ProgrammePool};
use gowest_domain::money::Fen;
use std::collections::HashMap;

fn sheet_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(e.to_string())
}

fn book(headers: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet
        .write_row_with_format(0, 0, headers.iter().copied(), &bold)
        .map_err(sheet_error)?;
    for (r, row) in rows.into_iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| AppError::Internal("too many rows".into()))?;
        sheet.write_row(r, 0, row).map_err(sheet_error)?;
    }
    book.save_to_buffer().map_err(sheet_error)
}

fn yuan(f: Fen) -> String {
    f.to_yuan_string()
}

/// Applications with their programme's name, as a list page shows them.
pub fn applications_xlsx(
    apps: &[Application],
    programmes: &[ProgrammePool],
) -> Result<Vec<u8>, AppError> {
    let names: HashMap<i64, &str> = programmes
        .iter()
        .map(|p| (p.programme.id, p.programme.name_zh.as_str()))
        .collect();
    let headers = [
        "编号",
        "版本",
        "资金项目",
        "申请名称",
        "省份代码",
        "区域",
        "状态",
        "申请金额(元)",
        "核定金额(元)",
        "已承诺(元)",
        "已拨付(元)",
        "提请审核",
        "更新时间(UTC)",
    ];
    let rows = apps
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.version.to_string(),
                names
                    .get(&a.programme_id)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                a.title.clone(),
                a.province_code.as_str().to_owned(),
                a.region.name_zh().to_owned(),
                a.status.name_zh().to_owned(),
                yuan(a.requested),
                yuan(a.granted),
                yuan(a.committed),
                yuan(a.disbursed),
                if a.flagged {
                    "是".into()
                } else {
                    String::new()
                },
                a.updated_at.format("%Y-%m-%d %H:%M").to_string(),
            ]
        })
        .collect();
    book(&headers, rows)
}

/// The public list of funded items (公示).
pub fn funded_xlsx(items: &[crate::funds::FundedItem]) -> Result<Vec<u8>, AppError> {
    let headers = [
        "编号",
        "资金项目",
        "申请机构",
        "省份代码",
        "项目",
        "状态",
        "核定金额(元)",
        "已拨付(元)",
        "演示数据",
    ];
    let rows = items
        .iter()
        .map(|i| {
            vec![
                i.application_id.to_string(),
                i.programme_zh.clone(),
                i.applicant_zh.clone(),
                i.province_code.clone(),
                i.title.clone(),
                i.status.name_zh().to_owned(),
                yuan(i.granted),
                yuan(i.disbursed),
                if i.demo { "是".into() } else { String::new() },
            ]
        })
        .collect();
    book(&headers, rows)
}

/// Every pool: size, committed, disbursed, remaining.
pub fn pools_xlsx(programmes: &[ProgrammePool]) -> Result<Vec<u8>, AppError> {
    let headers = [
        "资金项目",
        "类别",
        "年度",
        "资金池/预算/配额(元)",
        "已承诺(元)",
        "已拨付(元)",
        "未承诺余额(元)",
    ];
    let rows = programmes
        .iter()
        .map(|p| {
            let t = p.totals;
            vec![
                p.programme.name_zh.clone(),
                p.programme.kind.name_zh().to_owned(),
                format!("{}–{}", p.programme.year_from, p.programme.year_to),
                yuan(t.size),
                yuan(t.committed),
                yuan(t.disbursed),
                yuan(t.remaining()),
            ]
        })
        .collect();
    book(&headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_are_written_in_yuan_to_the_fen() {
        let entry = crate::funds_data::shipped().expect("data")[0].clone();
        let p = ProgrammePool {
            programme: entry.programme(),
            pool_id: 1,
            totals: gowest_domain::funds::pool::Totals {
                size: Fen(1_000_001),
                committed: Fen(500),
                disbursed: Fen(1),
            },
            allocated: false,
        };
        let bytes = pools_xlsx(&[p]).expect("xlsx");
        let rows = crate::bounded_sheet::read_blocking(
            "pools.xlsx",
            &bytes,
            crate::bounded_sheet::Limits::rows(10),
        )
        .expect("read");
        let row = &rows[1];
        assert_eq!(&row[3..], ["10000.01", "5.00", "0.01", "9995.01"]);
    }
}
