//! The targets with their progress as a spreadsheet: one row per target and line (headline,
//! year, region, province), with exact figures (money in 元 to the fen, never rounded).

use crate::targets::Share;
use crate::{App, AppError};
use gowest_domain::targets::{Line, TargetProgress, Unit};

const HEADERS: [&str; 12] = [
    "目标 target",
    "名称 name",
    "单位 unit",
    "口径 period",
    "行 line",
    "键 key",
    "完成 achieved",
    "伴随指标 companion",
    "目标值 target",
    "完成比例 share (%)",
    "是否达成 met",
    "来源 source",
];

/// A figure in the target's unit, exactly: 元 with two decimals for money.
pub fn exact(unit: Unit, value: i128) -> String {
    match unit {
        Unit::Fen => {
            let sign = if value < 0 { "-" } else { "" };
            let v = value.unsigned_abs();
            format!("{sign}{}.{:02}", v / 100, v % 100)
        }
        _ => value.to_string(),
    }
}

/// A share in basis points as a percentage with two decimals (`66.67`).
pub fn percent(bp: i128) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

fn row(p: &TargetProgress, kind: &str, line: &Line) -> [String; 12] {
    let t = &p.target;
    [
        t.code.code().to_owned(),
        t.name_zh.clone(),
        t.unit.name_zh().to_owned(),
        t.period.name_zh().to_owned(),
        kind.to_owned(),
        line.key.clone(),
        exact(t.unit, line.achieved),
        exact(t.unit, line.companion),
        line.target.map(|v| exact(t.unit, v)).unwrap_or_default(),
        line.basis_points().map(percent).unwrap_or_default(),
        match line.met {
            Some(true) => "是".into(),
            Some(false) => "否".into(),
            None => String::new(),
        },
        format!("{} {}", t.source_ref, t.source_zh),
    ]
}

impl App {
    /// The targets with their progress in `share` as an .xlsx workbook.
    pub async fn export_targets_xlsx(&self, share: &Share) -> Result<Vec<u8>, AppError> {
        let all = self.target_progress(share).await?;
        tokio::task::spawn_blocking(move || {
            let xlsx = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook.add_worksheet();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            sheet
                .write_row_with_format(0, 0, HEADERS, &bold)
                .map_err(xlsx)?;
            let mut r: u32 = 1;
            for p in &all {
                let lines = std::iter::once(("headline", &p.headline))
                    .chain(p.by_year.iter().map(|l| ("year", l)))
                    .chain(p.by_region.iter().map(|l| ("region", l)))
                    .chain(p.by_province.iter().map(|l| ("province", l)));
                for (kind, line) in lines {
                    for (c, value) in row(p, kind, line).iter().enumerate() {
                        crate::cells::write_text(sheet, r, c as u16, value).map_err(xlsx)?;
                    }
                    r += 1;
                }
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
            workbook.save_to_buffer().map_err(xlsx)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_figures_keep_every_fen() {
        assert_eq!(exact(Unit::Fen, 1_500_000_000_001), "15000000000.01");
        assert_eq!(exact(Unit::Fen, -5), "-0.05");
        assert_eq!(exact(Unit::Persons, 100_000), "100000");
        assert_eq!(percent(6_667), "66.67");
        assert_eq!(percent(5), "0.05");
    }
}
