//! The 招商项目全流程 pipeline: an investment project moves 在谈 → 签约 → 落地 → 开工 → 投产,
//! or is dropped (终止); money in place (实际到位资金) is entered with evidence; problems are
//! routed to the organisation that must solve them; the screening rules (甄别) decide what
//! counts; and every figure is computed from the records, never typed in.
//!
//! Every operation is a pure function from a record to a new record (or to the errors that
//! stop it), so the application can write the before and after of each change to the
//! audit log in the same transaction. A change of investor is not an operation: it is a new
//! signing, hence a new record (DESIGN.md §6).

mod entry;
mod figures;
mod funds;
mod input;
mod problem;
mod record;
mod report;
mod screening;
mod sheet_row;
mod stage;

#[cfg(test)]
mod props;

pub use entry::{FundsRef, InvestorOrigin, PipelineEntry, PromotionEvent};
pub use figures::{
    FundsAmount, FundsByKind, FundsBySource, PipelineFigures, Ratio, StageCounts, figures,
};
pub use funds::{Evidence, FundsEntry, FundsKind, FundsSource};
pub use input::{
    FundsInput, JobsInput, NewRecord, ProblemInput, RecordInput, ResolveInput, SigningInput,
    StepInput, step_field,
};
pub use problem::{Problem, ProblemStatus};
pub use record::{PipelineRecord, Signing};
pub use report::{FiguresBy, FiguresRow, Rate, Rates};
pub use screening::{
    DUPLICATE_SIMILARITY_PERCENT, DuplicateKey, DuplicateReview, likely_duplicates,
    normalize_investor, normalize_project, similar_projects,
};
pub use sheet_row::PipelineRow;
pub use stage::{PipelineKind, PipelineState, Stage, StageDates, Step, advance};

use crate::error::{FieldError, Validation};
use chrono::NaiveDate;

/// A field-less enum with a stable snake_case code (also its serde name), a Chinese and an
/// English name, `ALL` and `parse`: written once here so the codes cannot drift from serde.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => ($code:tt, $zh:literal, $en:literal)),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn name_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            pub fn name_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Accepts the code or the Chinese name, as spreadsheets carry either.
            pub fn parse(raw: &str) -> Option<$name> {
                let raw = raw.trim();
                $name::ALL.into_iter().find(|x| x.code() == raw || x.name_zh() == raw)
            }
        }
    };
}
pub(crate) use coded_enum;

/// Trimmed text of `min..=max` characters; blank counts as missing.
fn text_field(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    raw: &str,
    (min, max): (usize, usize),
) -> Option<String> {
    let value = raw.trim();
    let len = value.chars().count();
    if len == 0 {
        v.push(FieldError::required(field, label_zh));
        return None;
    }
    if len < min {
        v.push(FieldError::new(
            field,
            "too_short",
            format!("{label_zh}至少{min}个字符"),
            format!("{field} must be at least {min} characters"),
        ));
        return None;
    }
    if len > max {
        v.push(FieldError::new(
            field,
            "too_long",
            format!("{label_zh}不能超过{max}个字符"),
            format!("{field} must be at most {max} characters"),
        ));
        return None;
    }
    Some(value.to_owned())
}

/// Records are kept as things happened: nothing may be dated after today.
fn not_in_future(v: &mut Validation, field: &str, label_zh: &str, on: NaiveDate, today: NaiveDate) {
    if on > today {
        v.push(FieldError::new(
            field,
            "in_future",
            format!("{label_zh}不能晚于今天（{today}）"),
            format!("{field} must not be after today ({today})"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_and_chinese_name_parses_back() {
        // The serde names are the codes by construction (`#[serde(rename = $code)]`).
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            zh: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for &x in all {
                assert_eq!(parse(code(x)), Some(x));
                assert_eq!(parse(&format!(" {} ", zh(x))), Some(x));
            }
            assert_eq!(parse("nonsense"), None);
        }
        check(&Stage::ALL, Stage::code, Stage::name_zh, Stage::parse);
        check(
            &FundsSource::ALL,
            FundsSource::code,
            FundsSource::name_zh,
            FundsSource::parse,
        );
        check(
            &FundsKind::ALL,
            FundsKind::code,
            FundsKind::name_zh,
            FundsKind::parse,
        );
        check(
            &ProblemStatus::ALL,
            ProblemStatus::code,
            ProblemStatus::name_zh,
            ProblemStatus::parse,
        );
        assert_eq!(Stage::parse("在谈"), Some(Stage::Negotiating));
        assert_eq!(Stage::ALL.len(), 6);
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        let mut v = Validation::default();
        assert_eq!(
            text_field(&mut v, "text", "问题", "  道路未通  ", (2, 10)),
            Some("道路未通".to_owned())
        );
        assert_eq!(text_field(&mut v, "text", "问题", "   ", (2, 10)), None);
        assert_eq!(text_field(&mut v, "text", "问题", "路", (2, 10)), None);
        assert_eq!(
            text_field(&mut v, "text", "问题", &"路".repeat(11), (2, 10)),
            None
        );
        let codes: Vec<&str> = v.0.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["required", "too_short", "too_long"]);
    }
}
