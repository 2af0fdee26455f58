//! Statistical returns (统计直报): each national ETDZ files a half-year return (半年报, due
//! 15 July) and an annual return (年报, due 30 January of the next year) of the indicators in
//! the data dictionary; the province reviews each one, returns it with a reason or accepts
//! it; an accepted return changes only by a revision, a new version reviewed again.
//!
//! - [`Dictionary`]: the fields (codes, units, 口径, periods, plausible ranges), shipped as
//!   `data/returns/dictionary.json`; the evaluation reads values by these codes.
//! - [`Period`]: due dates, what is due or overdue on a day, the period a filing is for.
//! - [`ZoneReturn`]: one version of a return and its moves ([`workflow`]), with the
//!   [`checks`] that stop a filing (missing, out of range, unexplained jumps).
//! - [`reminders`]: the returns not filed on a day; [`sheet`]: the Excel template's columns
//!   and the reading of one row.
//!
//! Values are `i64` in each field's stored unit (fen, US cents, basis points, persons…);
//! [`ShownUnit`] converts typed text exactly. Nothing here reads a clock: dates come in.

pub mod checks;
pub mod dictionary;
pub mod period;
pub mod reminders;
pub mod sheet;
pub mod units;
pub mod workflow;
pub mod zone_return;

pub use checks::{CheckSettings, Comparison, Findings, Flag, FlagKind, check};
pub use dictionary::{
    CONTRACT_CODES, Dictionary, DictionaryError, FieldDef, Measure, large_manufacturer_threshold,
};
pub use period::{Period, PeriodKind, PeriodState};
pub use reminders::{Reminder, ZoneFilings, reminders};
pub use units::{ShownUnit, Unit, UnitError};
pub use workflow::{Action, Side, Status};
pub use zone_return::{Values, ZoneReturn, counting_version, parse_values};
