//! Cells of exported files, made safe to open in a spreadsheet.
//!
//! A CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel
//! and LibreOffice as a formula (`=HYPERLINK(…)`, `=cmd|…`), so a name typed by one user would
//! run in another's spreadsheet. [`CsvOut`] is the one CSV writer of the workspace: it puts a
//! `'` before such a cell, unless the cell is a plain number (`-12.5` stays a number). An
//! .xlsx string cell is never a formula, but Excel turns one into a formula when it is edited,
//! so [`write_text`] marks those cells "quote prefix", which keeps the value exact.
//!
//! Excel also holds at most [`EXCEL_CELL_MAX`] characters in a cell: [`fit_excel`] cuts a
//! longer value with a visible marker instead of failing the whole export.

use std::borrow::Cow;

/// Characters in one Excel cell, at most.
pub const EXCEL_CELL_MAX: usize = 32_767;

/// True when a spreadsheet would read `value` as a formula.
pub fn is_formula_like(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') && !is_plain_number(value)
}

/// `-12`, `+3.5`: a number, which a spreadsheet reads as a number and never as a formula.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `value` as a CSV cell: `'` put before anything a spreadsheet would run.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    if is_formula_like(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// `value` cut to what one Excel cell holds, ending with a marker that says how long it was.
pub fn fit_excel(value: &str) -> Cow<'_, str> {
    if value.len() <= EXCEL_CELL_MAX {
        return Cow::Borrowed(value);
    }
    let total = value.chars().count();
    if total <= EXCEL_CELL_MAX {
        return Cow::Borrowed(value);
    }
    let marker = format!("…[已截断 cut, {total} 字符 characters]");
    let keep = EXCEL_CELL_MAX - marker.chars().count();
    let mut out: String = value.chars().take(keep).collect();
    out.push_str(&marker);
    Cow::Owned(out)
}

/// The CSV writer for exports: every cell goes through [`neutralise`].
pub struct CsvOut<W: std::io::Write>(csv::Writer<W>);

impl<W: std::io::Write> CsvOut<W> {
    pub fn new(target: W) -> Self {
        CsvOut(csv::Writer::from_writer(target))
    }

    pub fn row<I, T>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    pub fn into_inner(self) -> Result<W, std::io::Error> {
        self.0.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes `value` as a text cell of an .xlsx sheet, cut to fit, and marked "quote prefix"
/// when Excel would turn it into a formula on editing.
pub fn write_text(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let value = fit_excel(value);
    if is_formula_like(&value) {
        let quoted = rust_xlsxwriter::Format::new().set_quote_prefix();
        sheet.write_string_with_format(row, col, value.as_ref(), &quoted)?;
    } else {
        sheet.write_string(row, col, value.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_neutralised_and_numbers_are_not() {
        for (given, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-12.5", "-12.5"),
            ("+86", "+86"),
            ("-", "'-"),
            ("成都高新区", "成都高新区"),
            ("", ""),
        ] {
            assert_eq!(neutralise(given), written, "{given:?}");
        }
    }

    #[test]
    fn csv_rows_come_out_neutralised() {
        let mut out = CsvOut::new(Vec::new());
        out.row(["=HYPERLINK(\"http://evil\",\"x\")", "42", "-7"])
            .expect("row");
        let text = String::from_utf8(out.into_inner().expect("bytes")).expect("utf-8");
        assert_eq!(
            text,
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",42,-7\n"
        );
    }

    #[test]
    fn a_long_value_is_cut_to_one_cell_with_its_length() {
        let long = "字".repeat(200_000);
        let cut = fit_excel(&long);
        assert_eq!(cut.chars().count(), EXCEL_CELL_MAX);
        assert!(
            cut.ends_with("…[已截断 cut, 200000 字符 characters]"),
            "{}",
            &cut[cut.len() - 60..]
        );
        let exact = "a".repeat(EXCEL_CELL_MAX);
        assert_eq!(fit_excel(&exact), exact);
    }
}
