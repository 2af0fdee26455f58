//! Refusing a sparse sheet costs almost no memory: the bounded reader checks the declared
//! range before it allocates anything for cells. This binary counts every allocation with
//! its own global allocator, so it holds these measurements only.
//!
//! Measured here (2026-12-07): refusing either sheet raised the peak by 0.45 MB. Calamine's
//! `worksheet_range` (the reader before) raised it by 524 MB for cells A1 and XFD1000
//! (16,384,000 cells; the review saw 860 MB of process memory), and A1 and XFD1048576
//! aborted the process.

use cap::Cap;
use gowest_app::AppError;
use gowest_app::bounded_sheet::{Limits, read_blocking};
use std::alloc::System;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

const MB: usize = 1_000_000;

fn sparse(row: u32, column: u16) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "项目名称").expect("A1");
    sheet.write_string(row, column, "x").expect("far cell");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn refusing_a_sparse_sheet_raises_the_peak_by_less_than_20_mb() {
    for (row, column) in [(999, 16_383), (1_048_575, 16_383)] {
        let bytes = sparse(row, column);
        let before = ALLOCATOR.allocated();
        // The peak so far is the baseline's; it cannot hide a later one above it.
        assert!(ALLOCATOR.max_allocated() < before + 20 * MB);
        let refused = read_blocking("sparse.xlsx", &bytes, Limits::REGISTER);
        let grown = ALLOCATOR.max_allocated() - before;
        assert!(matches!(refused, Err(AppError::TooLarge(_))), "{refused:?}");
        assert!(
            grown < 20 * MB,
            "row {row}, column {column}: the peak grew by {grown} bytes"
        );
        eprintln!("row {row}, column {column}: the peak grew by {grown} bytes");
    }
}
