//! Problems (问题) a project meets at any stage, each routed to the organisation that must
//! solve it, and kept after resolution with what was done.

use super::stage::Stage;
use super::{coded_enum, not_in_future, text_field};
use crate::error::{FieldError, Validation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    pub enum ProblemStatus {
        /// 待解决
        Open => ("open", "待解决", "Open"),
        /// 已解决
        Resolved => ("resolved", "已解决", "Resolved"),
    }
}

/// A problem raised while the project was at `stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = PipelineProblem)]
pub struct Problem {
    pub stage: Stage,
    pub raised_on: NaiveDate,
    pub text: String,
    /// The organisation that must solve it (e.g. the land bureau's or the power company's
    /// organisation id).
    pub routed_to_org: i64,
    pub status: ProblemStatus,
    pub resolution: Option<String>,
    pub resolved_on: Option<NaiveDate>,
}

const TEXT_CHARS: (usize, usize) = (5, 2000);

impl Problem {
    pub fn raise(
        stage: Stage,
        text: &str,
        routed_to_org: i64,
        raised_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Problem, Validation> {
        let mut v = Validation::default();
        let text = text_field(&mut v, "text", "问题描述", text, TEXT_CHARS);
        if routed_to_org <= 0 {
            v.push(FieldError::new(
                "routed_to_org",
                "invalid",
                "须指定负责解决的机构",
                "routed_to_org must name an organisation",
            ));
        }
        not_in_future(&mut v, "raised_on", "提出日期", raised_on, today);
        let problem = text.map(|text| Problem {
            stage,
            raised_on,
            text,
            routed_to_org,
            status: ProblemStatus::Open,
            resolution: None,
            resolved_on: None,
        });
        match (v.is_empty(), problem) {
            (true, Some(p)) => Ok(p),
            _ => Err(v),
        }
    }

    /// Closes an open problem with what was done, dated between raising and today.
    pub fn resolve(
        &self,
        resolution: &str,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Problem, Validation> {
        let mut v = Validation::default();
        if self.status == ProblemStatus::Resolved {
            v.push(FieldError::new(
                "status",
                "already_resolved",
                "问题已解决",
                "the problem is already resolved",
            ));
            return Err(v);
        }
        let resolution = text_field(&mut v, "resolution", "解决情况", resolution, TEXT_CHARS);
        not_in_future(&mut v, "resolved_on", "解决日期", on, today);
        if on < self.raised_on {
            v.push(FieldError::new(
                "resolved_on",
                "before_raised",
                format!("解决日期不能早于提出日期（{}）", self.raised_on),
                format!(
                    "resolved_on must not be before raised_on ({})",
                    self.raised_on
                ),
            ));
        }
        let resolved = Problem {
            status: ProblemStatus::Resolved,
            resolution,
            resolved_on: Some(on),
            ..self.clone()
        };
        v.finish(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::stage::tests::day;

    fn codes(r: Result<Problem, Validation>) -> Vec<(String, &'static str)> {
        let v = r.expect_err("refused");
        v.0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn pair(field: &str, code: &'static str) -> (String, &'static str) {
        (field.to_owned(), code)
    }

    fn today() -> NaiveDate {
        day(2007, 6, 30)
    }

    fn raised() -> Problem {
        Problem::raise(
            Stage::Landed,
            " 厂区110千伏变电站未按期通电 ",
            42,
            day(2007, 5, 1),
            today(),
        )
        .expect("raised")
    }

    #[test]
    fn a_problem_is_raised_routed_and_resolved() {
        let p = raised();
        assert_eq!(p.text, "厂区110千伏变电站未按期通电");
        assert_eq!(p.status, ProblemStatus::Open);
        assert_eq!(p.routed_to_org, 42);
        let r = p
            .resolve("供电公司已于6月通电", day(2007, 6, 2), today())
            .expect("resolved");
        assert_eq!(r.status, ProblemStatus::Resolved);
        assert_eq!(r.resolved_on, Some(day(2007, 6, 2)));
        assert_eq!(r.stage, Stage::Landed);
        assert_eq!(
            codes(r.resolve("再次解决一次", day(2007, 6, 3), today())),
            [pair("status", "already_resolved")]
        );
    }

    #[test]
    fn bad_problems_are_refused_field_by_field() {
        assert_eq!(
            codes(Problem::raise(
                Stage::Signed,
                "没电",
                0,
                day(2007, 7, 1),
                today()
            )),
            [
                pair("text", "too_short"),
                pair("routed_to_org", "invalid"),
                pair("raised_on", "in_future")
            ]
        );
        assert_eq!(
            codes(Problem::raise(
                Stage::Signed,
                &"长".repeat(2001),
                1,
                day(2007, 1, 1),
                today()
            )),
            [pair("text", "too_long")]
        );
        assert_eq!(
            codes(raised().resolve("", day(2007, 4, 1), today())),
            [
                pair("resolution", "required"),
                pair("resolved_on", "before_raised")
            ]
        );
    }
}
