//! Agricultural wholesale-market prices (measure 10): the product catalogue with exact unit
//! conversion, daily price reports and their checks, and the analysis built on them (daily,
//! weekly and monthly series, week-on-week and year-on-year changes, a Laspeyres price index
//! and the FAO-style indicator of price anomalies).

pub mod anomaly;
pub mod catalogue;
pub mod index;
pub mod report;
pub mod series;

pub use catalogue::{Catalogue, Product, Unit};
pub use report::{PriceReport, ReportInput, ReportWindow};
pub use series::{DayAggregate, Granularity, Point};
