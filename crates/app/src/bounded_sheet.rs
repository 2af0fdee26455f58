//! The one door for spreadsheet files from users (.xlsx or .csv): every import reads its file
//! here, so every import gets the same caps, checked before anything is allocated for cells.
//!
//! - the file: at most [`MAX_FILE_BYTES`];
//! - an .xlsx (a zip): at most [`MAX_ENTRIES`] entries, each unpacking to at most
//!   [`MAX_ENTRY_UNPACKED`] and all to [`MAX_TOTAL_UNPACKED`]. Declared sizes are checked
//!   first, then every entry is unpacked once into a counter that stops one byte past its
//!   declared size (zip 9 also stops there), so a header that understates its size is refused; the shared-string table is counted as it passes (calamine
//!   reserves its declared `uniqueCount` up front);
//! - the first worksheet: its declared `<dimension>`, then every cell's position, within the
//!   import's [`Limits`] (rows × columns). Cells go into rows only as long as their last cell,
//!   never calamine's dense `Range`, which allocates rows × columns (A1 and XFD1048576 is
//!   17 billion cells).
//!
//! calamine, and csv reading of uploaded files, are used in this module only (the test
//! `only_the_bounded_reader_opens_sheets` checks the sources of app, cli and web).

use crate::AppError;
use calamine::{Data, Reader};
use std::io::{Cursor, Read, Write};

/// The largest spreadsheet accepted (16 MiB): a 100,000-row roster is a few MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Entries in an .xlsx archive; a workbook from Excel or WPS has a dozen or two.
pub const MAX_ENTRIES: u64 = 1_000;
/// What one entry of an .xlsx may unpack to.
pub const MAX_ENTRY_UNPACKED: u64 = 64 * 1024 * 1024;
/// What all entries of an .xlsx may unpack to together.
pub const MAX_TOTAL_UNPACKED: u64 = 128 * 1024 * 1024;
/// `<si>` tags (opening and closing) in the shared-string table, and its declared
/// `uniqueCount`: calamine keeps one `String` (24 bytes) a string.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// Columns of every import's sheet: the widest (zones) has 24.
pub const MAX_COLUMNS: u32 = 64;

/// The sheet an import accepts: rows (the header included) and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub rows: u32,
    pub columns: u32,
}

impl Limits {
    /// Registers, price reports, pipeline records, projects, zones: a province's or a
    /// zone's list, thousands of rows (5,232 zones in all).
    pub const REGISTER: Limits = Limits::rows(20_000);
    /// Trainee rosters: a zone's year of trainees, up to 100,000 below the header.
    pub const ROSTER: Limits = Limits::rows(100_001);

    /// At most `rows` rows, the header included, and [`MAX_COLUMNS`] columns.
    pub const fn rows(rows: u32) -> Limits {
        Limits {
            rows,
            columns: MAX_COLUMNS,
        }
    }
}

/// A file refused for its size or shape before it was read; each names the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.message_zh(), self.message_en())]
pub enum TooLarge {
    /// The file itself.
    File { bytes: u64, limit: u64 },
    /// Entries in the .xlsx archive.
    Entries { entries: u64, limit: u64 },
    /// One entry unpacks to more than the limit (declared or actual).
    Unpacked { entry: String, limit: u64 },
    /// All entries together unpack to more than the limit.
    UnpackedTotal { limit: u64 },
    /// An entry unpacks to more than its header declares.
    Misdeclared { entry: String, declared: u64 },
    /// The shared-string table declares or holds more strings than the limit.
    SharedStrings { limit: u64 },
    /// The sheet's declared range.
    Range {
        range: String,
        rows: u64,
        columns: u64,
        limits: Limits,
    },
    /// A cell (or a CSV field) beyond the limits, whatever the sheet declared.
    Cell { cell: String, limits: Limits },
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

impl TooLarge {
    pub fn message_zh(&self) -> String {
        match self {
            TooLarge::File { bytes, limit } => {
                format!(
                    "文件过大：{bytes} 字节，上限为 {limit} 字节（{}）",
                    mib(*limit)
                )
            }
            TooLarge::Entries { entries, limit } => {
                format!("文件结构过大：压缩包有 {entries} 个条目，上限为 {limit} 个")
            }
            TooLarge::Unpacked { entry, limit } => {
                format!("文件解压后过大：{entry} 解压后超过 {}", mib(*limit))
            }
            TooLarge::UnpackedTotal { limit } => {
                format!("文件解压后过大：解压后共超过 {}", mib(*limit))
            }
            TooLarge::Misdeclared { entry, declared } => {
                format!("文件损坏：{entry} 解压后超过其声明的 {declared} 字节")
            }
            TooLarge::SharedStrings { limit } => {
                format!("文件文字条目过多：超过 {limit} 条")
            }
            TooLarge::Range {
                range,
                rows,
                columns,
                limits,
            } => format!(
                "表格范围过大：{range} 为 {rows} 行 × {columns} 列，上限为 {} 行 × {} 列",
                limits.rows, limits.columns
            ),
            TooLarge::Cell { cell, limits } => format!(
                "表格范围过大：单元格 {cell} 超出 {} 行 × {} 列的上限",
                limits.rows, limits.columns
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            TooLarge::File { bytes, limit } => format!(
                "the file is too large: {bytes} bytes; the limit is {limit} bytes ({})",
                mib(*limit)
            ),
            TooLarge::Entries { entries, limit } => format!(
                "the file's structure is too large: the archive has {entries} entries; the limit is {limit}"
            ),
            TooLarge::Unpacked { entry, limit } => format!(
                "the file unpacks too large: {entry} unpacks to more than {}",
                mib(*limit)
            ),
            TooLarge::UnpackedTotal { limit } => format!(
                "the file unpacks too large: more than {} in all",
                mib(*limit)
            ),
            TooLarge::Misdeclared { entry, declared } => format!(
                "the file is damaged: {entry} unpacks to more than the {declared} bytes it declares"
            ),
            TooLarge::SharedStrings { limit } => {
                format!("the file holds too many strings: more than {limit}")
            }
            TooLarge::Range {
                range,
                rows,
                columns,
                limits,
            } => format!(
                "the sheet's range is too large: {range} spans {rows} rows × {columns} columns; the limit is {} rows × {} columns",
                limits.rows, limits.columns
            ),
            TooLarge::Cell { cell, limits } => format!(
                "the sheet's range is too large: cell {cell} lies beyond the limit of {} rows × {} columns",
                limits.rows, limits.columns
            ),
        }
    }
}

/// Refuses a file over [`MAX_FILE_BYTES`]; for callers that hold a file before reading it.
pub fn check_file_size(bytes: usize) -> Result<(), TooLarge> {
    if bytes > MAX_FILE_BYTES {
        return Err(TooLarge::File {
            bytes: bytes as u64,
            limit: MAX_FILE_BYTES as u64,
        });
    }
    Ok(())
}

/// The rows of the first worksheet of an .xlsx, or of a UTF-8 CSV (chosen by the name's
/// extension), read on a blocking thread: each row as text, as long as its last cell.
pub async fn read(
    file_name: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Vec<Vec<String>>, AppError> {
    check_file_size(bytes.len())?;
    let (name, bytes) = (file_name.to_owned(), bytes.to_vec());
    tokio::task::spawn_blocking(move || read_blocking(&name, &bytes, limits))
        .await
        .map_err(|e| AppError::File(e.to_string()))?
}

/// [`read`] on the calling thread, for callers already off the async threads.
pub fn read_blocking(
    file_name: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Vec<Vec<String>>, AppError> {
    check_file_size(bytes.len())?;
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") {
        read_xlsx(bytes, limits)
    } else if lower.ends_with(".csv") {
        read_csv(bytes, limits)
    } else if lower.ends_with(".xls") {
        // The old binary format is read whole by calamine, with no way to bound it first.
        Err(AppError::File(
            "不支持旧版 .xls 文件，请另存为 .xlsx / old .xls files are not supported; save the sheet as .xlsx"
                .into(),
        ))
    } else {
        Err(AppError::File(
            "只支持 .xlsx 和 .csv 文件 / only .xlsx and .csv files are supported".into(),
        ))
    }
}

fn not_xlsx(e: impl std::fmt::Display) -> AppError {
    AppError::File(format!(
        "不是有效的 .xlsx 文件 / not a valid .xlsx file: {e}"
    ))
}

/// A cell's text as people typed it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers (codes, years, yuan) print without a trailing `.0`.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// `(0, 0)` → `A1`.
fn cell_name(row: u32, column: u32) -> String {
    format!(
        "{}{}",
        crate::zone_sheet::column_letter(column as usize),
        u64::from(row) + 1
    )
}

fn within(row: u32, column: u32, limits: Limits) -> Result<(), TooLarge> {
    if row >= limits.rows || column >= limits.columns {
        return Err(TooLarge::Cell {
            cell: cell_name(row, column),
            limits,
        });
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<String>>, AppError> {
    check_archive(bytes)?;
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| AppError::File("没有工作表 / no worksheet".into()))?;
    let mut cells = book.worksheet_cells_reader(&name).map_err(not_xlsx)?;
    let declared = cells.dimensions();
    let (rows, columns) = (u64::from(declared.end.0) + 1, u64::from(declared.end.1) + 1);
    if rows > u64::from(limits.rows) || columns > u64::from(limits.columns) {
        let (start, end) = (declared.start, declared.end);
        return Err(TooLarge::Range {
            range: format!(
                "{}:{}",
                cell_name(start.0, start.1),
                cell_name(end.0, end.1)
            ),
            rows,
            columns,
            limits,
        }
        .into());
    }
    let mut sheet = Compact::default();
    while let Some(cell) = cells.next_cell().map_err(not_xlsx)? {
        let (row, column) = cell.get_position();
        within(row, column, limits)?;
        let value = Data::from(cell.get_value().clone());
        if value != Data::Empty {
            sheet.put(row, column, cell_text(&value));
        }
    }
    Ok(sheet.into_rows())
}

/// Rows by position, each only as long as its last cell.
#[derive(Default)]
struct Compact {
    rows: Vec<Vec<String>>,
    first: Option<(u32, u32)>,
}

impl Compact {
    /// `row` and `column` are within the import's limits, so the rows stay small.
    fn put(&mut self, row: u32, column: u32, text: String) {
        let (r, c) = (row as usize, column as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = text;
        self.first = Some(match self.first {
            Some((r0, c0)) => (r0.min(row), c0.min(column)),
            None => (row, column),
        });
    }

    /// The rows from the first non-empty cell's row and column, as calamine's ranges start.
    fn into_rows(self) -> Vec<Vec<String>> {
        let Some((r0, c0)) = self.first else {
            return Vec::new();
        };
        self.rows
            .into_iter()
            .skip(r0 as usize)
            .map(|mut cells| {
                cells.drain(..(c0 as usize).min(cells.len()));
                cells
            })
            .collect()
    }
}

fn read_csv(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<String>>, AppError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| AppError::File("CSV 须为 UTF-8 编码 / CSV must be UTF-8".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    while reader
        .read_record(&mut record)
        .map_err(|e| AppError::File(e.to_string()))?
    {
        if record.len() > limits.columns as usize {
            within(row, limits.columns, limits)?;
        }
        within(row, 0, limits)?;
        rows.push(record.iter().map(str::to_owned).collect());
        row += 1;
    }
    Ok(rows)
}

/// The archive's caps, from its central directory and then by unpacking each entry.
fn check_archive(bytes: &[u8]) -> Result<(), AppError> {
    // The end-of-central-directory record counts the entries; zip reads them all into memory.
    if let Some(entries) = declared_entries(bytes)
        && entries > MAX_ENTRIES
    {
        return Err(TooLarge::Entries {
            entries,
            limit: MAX_ENTRIES,
        }
        .into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    let entries = zip.len() as u64;
    if entries > MAX_ENTRIES {
        return Err(TooLarge::Entries {
            entries,
            limit: MAX_ENTRIES,
        }
        .into());
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(not_xlsx)?;
        let name = entry.name().map_err(not_xlsx)?.into_owned();
        let declared = entry.size();
        if declared > MAX_ENTRY_UNPACKED {
            return Err(TooLarge::Unpacked {
                entry: name,
                limit: MAX_ENTRY_UNPACKED,
            }
            .into());
        }
        total = total.saturating_add(declared);
        if total > MAX_TOTAL_UNPACKED {
            return Err(TooLarge::UnpackedTotal {
                limit: MAX_TOTAL_UNPACKED,
            }
            .into());
        }
    }
    // Declared sizes can lie: unpack each entry into a counter, stopping one byte past what
    // it declared.
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(not_xlsx)?;
        let name = entry.name().map_err(not_xlsx)?.into_owned();
        let declared = entry.size();
        let strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut counter = Counter::new(strings);
        let copied = std::io::copy(&mut entry.take(declared + 1), &mut counter);
        // zip itself stops an entry at its declared size, with this error; the count below
        // is for a reader that would not.
        let past_declared =
            matches!(&copied, Err(e) if e.to_string().contains("declared uncompressed size"));
        if !past_declared {
            copied.map_err(not_xlsx)?;
        }
        if past_declared || counter.bytes > declared {
            return Err(TooLarge::Misdeclared {
                entry: name,
                declared,
            }
            .into());
        }
        if counter.strings_over() {
            return Err(TooLarge::SharedStrings {
                limit: MAX_SHARED_STRINGS,
            }
            .into());
        }
    }
    Ok(())
}

/// The entry count of the end-of-central-directory record, if one is found; a ZIP64
/// archive (count 0xFFFF) counts as too many: no spreadsheet needs one.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let at = bytes[from..]
        .windows(4)
        .rposition(|w| w == SIGNATURE)
        .map(|p| from + p)?;
    let total = bytes.get(at + 10..at + 12)?;
    let count = u16::from_le_bytes([total[0], total[1]]);
    Some(if count == u16::MAX {
        u64::MAX
    } else {
        u64::from(count)
    })
}

/// Counts an entry's bytes; for the shared-string table also its `<si>` tags and the largest
/// `uniqueCount` it declares, as the bytes pass.
struct Counter {
    bytes: u64,
    strings: Option<StringScan>,
}

#[derive(Default)]
struct StringScan {
    /// The last four bytes seen.
    last: [u8; 4],
    tags: u64,
    /// How much of `uniqueCount` has matched, then the attribute's value.
    matched: usize,
    value: Option<u64>,
    declared: u64,
}

const UNIQUE_COUNT: &[u8] = b"uniqueCount";

impl Counter {
    fn new(strings: bool) -> Counter {
        Counter {
            bytes: 0,
            strings: strings.then(StringScan::default),
        }
    }

    fn strings_over(&self) -> bool {
        self.strings
            .as_ref()
            .is_some_and(|s| s.tags > MAX_SHARED_STRINGS || s.declared > MAX_SHARED_STRINGS)
    }
}

impl StringScan {
    fn byte(&mut self, b: u8) {
        self.last = [self.last[1], self.last[2], self.last[3], b];
        // `<si>`, `</si>`, `<x:si/>`, `<si …`: every tag of a string element, whatever its
        // prefix; text cannot hold a raw `<`.
        if matches!(self.last[0], b'<' | b'/' | b':')
            && self.last[1] == b's'
            && self.last[2] == b'i'
            && matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        {
            self.tags += 1;
        }
        match self.value {
            // Inside the attribute's value: digits, after `=` and a quote.
            Some(v) => match b {
                b'0'..=b'9' => {
                    self.value = Some(v.saturating_mul(10).saturating_add(u64::from(b - b'0')));
                }
                b'=' | b'"' | b'\'' | b' ' | b'\t' | b'\r' | b'\n' if v == 0 => {}
                _ => {
                    self.declared = self.declared.max(v);
                    self.value = None;
                }
            },
            None => {
                if b == UNIQUE_COUNT[self.matched] {
                    self.matched += 1;
                    if self.matched == UNIQUE_COUNT.len() {
                        self.matched = 0;
                        self.value = Some(0);
                    }
                } else {
                    self.matched = usize::from(b == UNIQUE_COUNT[0]);
                }
            }
        }
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        if let Some(scan) = &mut self.strings {
            for &b in buf {
                scan.byte(b);
            }
            if let Some(v) = scan.value {
                scan.declared = scan.declared.max(v);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIPELINE: Limits = Limits::rows(1_000);

    fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (row, column, text) in cells {
            sheet.write_string(*row, *column, *text).expect("cell");
        }
        book.save_to_buffer().expect("saved")
    }

    fn refusal(result: Result<Vec<Vec<String>>, AppError>) -> TooLarge {
        match result {
            Err(AppError::TooLarge(t)) => t,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_sheet_within_the_limits_reads_as_compact_rows() {
        let bytes = xlsx(&[(0, 0, "名称"), (0, 2, "代码"), (3, 1, "乙")]);
        let rows = read_blocking("a.xlsx", &bytes, PIPELINE).expect("read");
        assert_eq!(
            rows,
            vec![
                vec!["名称".to_owned(), String::new(), "代码".to_owned()],
                vec![],
                vec![],
                vec![String::new(), "乙".to_owned()],
            ]
        );
    }

    #[test]
    fn rows_start_at_the_first_filled_row_and_column() {
        let bytes = xlsx(&[(2, 1, "表头"), (3, 2, "值")]);
        let rows = read_blocking("a.xlsx", &bytes, PIPELINE).expect("read");
        assert_eq!(
            rows,
            vec![
                vec!["表头".to_owned()],
                vec![String::new(), "值".to_owned()]
            ]
        );
    }

    #[test]
    fn a_declared_range_over_the_limits_is_refused_by_name() {
        let bytes = xlsx(&[(0, 0, "a"), (999, 16_383, "b")]);
        let refused = refusal(read_blocking("a.xlsx", &bytes, PIPELINE));
        assert_eq!(
            refused,
            TooLarge::Range {
                range: "A1:XFD1000".into(),
                rows: 1_000,
                columns: 16_384,
                limits: PIPELINE,
            }
        );
        assert!(refused.message_zh().starts_with("表格范围过大："));
        assert!(refused.message_en().contains("1000 rows × 64 columns"));
        let rows_over = xlsx(&[(0, 0, "a"), (1_000, 0, "b")]);
        assert!(matches!(
            refusal(read_blocking("a.xlsx", &rows_over, PIPELINE)),
            TooLarge::Range { rows: 1_001, .. }
        ));
    }

    #[test]
    fn the_limits_are_inclusive() {
        let bytes = xlsx(&[(0, 0, "a"), (999, 63, "b")]);
        let rows = read_blocking("a.xlsx", &bytes, PIPELINE).expect("read");
        assert_eq!(rows.len(), 1_000);
        assert_eq!(rows[999].len(), 64);
    }

    #[test]
    fn files_over_the_size_cap_are_refused_before_reading() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(
            refusal(read_blocking("a.csv", &big, PIPELINE)),
            TooLarge::File { .. }
        ));
        assert!(check_file_size(MAX_FILE_BYTES).is_ok());
    }

    #[test]
    fn csv_rows_and_columns_are_bounded_as_they_stream() {
        let wide = format!("{}\n", vec!["x"; 65].join(","));
        assert_eq!(
            refusal(read_blocking("a.csv", wide.as_bytes(), PIPELINE)),
            TooLarge::Cell {
                cell: "BM1".into(),
                limits: PIPELINE
            }
        );
        let long = "a\n".repeat(1_001);
        assert_eq!(
            refusal(read_blocking("a.csv", long.as_bytes(), PIPELINE)),
            TooLarge::Cell {
                cell: "A1001".into(),
                limits: PIPELINE
            }
        );
        let rows = read_blocking("a.csv", "\u{feff}甲,乙\n1,2\n".as_bytes(), PIPELINE);
        assert_eq!(rows.expect("read").len(), 2);
    }

    #[test]
    fn old_xls_and_other_files_are_refused_clearly() {
        let xls = read_blocking("a.xls", b"\xd0\xcf\x11\xe0", PIPELINE);
        assert!(matches!(xls, Err(AppError::File(m)) if m.contains(".xls")));
        assert!(read_blocking("a.ods", b"x", PIPELINE).is_err());
        let broken = read_blocking("a.xlsx", b"PK not a zip", PIPELINE);
        assert!(matches!(broken, Err(AppError::File(m)) if m.contains("xlsx")));
    }

    /// A zip of one stored entry, written by hand so its header can lie.
    fn stored_zip(name: &str, content: &[u8], declared: u32) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(name, options).expect("entry");
        zip.write_all(content).expect("content");
        let mut bytes = zip.finish().expect("zip").into_inner();
        // Rewrite the uncompressed size in the local header (offset 22) and the central
        // directory entry (offset 24).
        let central = bytes
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .expect("central directory");
        bytes[22..26].copy_from_slice(&declared.to_le_bytes());
        bytes[central + 24..central + 28].copy_from_slice(&declared.to_le_bytes());
        bytes
    }

    #[test]
    fn an_entry_that_unpacks_past_its_declared_size_is_refused() {
        let bytes = stored_zip("xl/worksheets/sheet1.xml", &[b' '; 5_000], 100);
        let refused = check_archive(&bytes).expect_err("refused");
        assert!(
            matches!(
                &refused,
                AppError::TooLarge(TooLarge::Misdeclared { declared: 100, .. })
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn declared_sizes_over_the_caps_are_refused_before_unpacking() {
        let bytes = stored_zip("xl/sharedStrings.xml", b"<sst/>", u32::MAX);
        let refused = check_archive(&bytes).expect_err("refused");
        assert!(matches!(
            refused,
            AppError::TooLarge(TooLarge::Unpacked { .. })
        ));
    }

    #[test]
    fn a_shared_string_table_declaring_too_many_strings_is_refused() {
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="999999999"><si><t>a</t></si></sst>"#;
        let bytes = stored_zip("xl/sharedStrings.xml", sst, sst.len() as u32);
        let refused = check_archive(&bytes).expect_err("refused");
        assert!(matches!(
            refused,
            AppError::TooLarge(TooLarge::SharedStrings { .. })
        ));
        let fine = br#"<sst uniqueCount = '2'><si><t>a</t></si><x:si/></sst>"#;
        let mut counter = Counter::new(true);
        counter.write_all(fine).expect("counted");
        let scan = counter.strings.expect("scanned");
        assert_eq!((scan.tags, scan.declared), (3, 2));
    }

    #[test]
    fn too_many_entries_are_refused_from_the_directory() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..=MAX_ENTRIES {
            zip.start_file(format!("{i}"), options).expect("entry");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        assert!(matches!(
            check_archive(&bytes),
            Err(AppError::TooLarge(TooLarge::Entries { entries: 1_001, .. }))
        ));
    }

    /// calamine and csv reading stay behind this module: no other source file in the crates
    /// that read users' files names them.
    #[test]
    fn only_the_bounded_reader_opens_sheets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut offenders = Vec::new();
        for dir in ["app/src", "cli/src", "web/src"] {
            let Ok(files) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut stack: Vec<_> = files.flatten().map(|e| e.path()).collect();
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(
                        std::fs::read_dir(&path)
                            .expect("dir")
                            .flatten()
                            .map(|e| e.path()),
                    );
                    continue;
                }
                if path.ends_with("bounded_sheet.rs") || path.extension() != Some("rs".as_ref()) {
                    continue;
                }
                // These two read the reference data built into the binary, not users' files.
                let builtin = path.ends_with("reference.rs") || path.ends_with("logistics.rs");
                let text = std::fs::read_to_string(&path).expect("source");
                if text.contains("calamine") || (text.contains("csv::Reader") && !builtin) {
                    offenders.push(path.display().to_string());
                }
            }
        }
        assert_eq!(offenders, Vec::<String>::new());
    }
}
