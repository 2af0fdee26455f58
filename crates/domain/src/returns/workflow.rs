//! The review workflow of a return: 草稿 → 已报送 (the zone files) → 已退回 (the province
//! returns it with a reason) → 已报送 again → 已审核 (the province accepts). An accepted
//! return is changed only by a revision, a new version that goes through review again.

use crate::error::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// Where one version of a return stands.
    pub enum Status {
        Draft => ("draft", "草稿", "draft"),
        Filed => ("filed", "已报送", "filed"),
        Returned => ("returned", "已退回", "returned"),
        Accepted => ("accepted", "已审核", "accepted"),
    }
}

crate::pipeline::coded_enum! {
    /// What someone does to a return.
    pub enum Action {
        File => ("file", "报送", "file"),
        Return => ("return", "退回", "return to the zone"),
        Accept => ("accept", "审核通过", "accept"),
        Revise => ("revise", "修订", "revise (new version)"),
    }
}

/// The kind of organisation that takes an action; the application maps it to a permission
/// handle (the zone's own staff, the province's staff over its zones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[schema(as = ReturnSide)]
#[serde(rename_all = "snake_case")]
#[schema(as = ReturnSide)]
pub enum Side {
    Zone,
    Province,
}

impl Action {
    /// Who takes it: the zone files and revises its own returns, the province reviews them.
    pub fn side(self) -> Side {
        match self {
            Action::File | Action::Revise => Side::Zone,
            Action::Return | Action::Accept => Side::Province,
        }
    }
}

impl Status {
    /// The zone edits a draft and a returned version; the others are read-only.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    /// The version counts as filed for reminders and to-dos: it is with the province or
    /// accepted. A returned version waits on the zone again.
    pub fn counts_as_filed(self) -> bool {
        matches!(self, Status::Filed | Status::Accepted)
    }

    /// The statuses a side works on (its queue).
    pub fn queue(side: Side) -> &'static [Status] {
        match side {
            Side::Zone => &[Status::Draft, Status::Returned],
            Side::Province => &[Status::Filed],
        }
    }
}

/// The status after `action` taken by `by`, or the refusal naming the `status` field (the
/// action does not apply) or the `action` field (the wrong side takes it). A revision's
/// result is the new version's status; the revised version stays accepted.
pub fn next(from: Status, action: Action, by: Side) -> Result<Status, Validation> {
    use Action as A;
    use Status as S;
    if action.side() != by {
        let (zh, en) = match action.side() {
            Side::Zone => ("园区", "the zone"),
            Side::Province => ("省级商务主管部门", "the province"),
        };
        return Err(Validation(vec![FieldError::new(
            "action",
            "wrong_side",
            format!("“{}”只能由{zh}操作", action.name_zh()),
            format!("only {en} may {}", action.name_en()),
        )]));
    }
    let to = match (from, action) {
        (S::Draft | S::Returned, A::File) => S::Filed,
        (S::Filed, A::Return) => S::Returned,
        (S::Filed, A::Accept) => S::Accepted,
        (S::Accepted, A::Revise) => S::Draft,
        _ => {
            return Err(Validation(vec![FieldError::new(
                "status",
                "not_allowed",
                format!(
                    "“{}”状态的报表不能执行“{}”",
                    from.name_zh(),
                    action.name_zh()
                ),
                format!(
                    "a return that is {} cannot be given '{}'",
                    from.name_en(),
                    action.code()
                ),
            )]));
        }
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn walk(steps: &[(Action, Side)]) -> Result<Status, Validation> {
        steps
            .iter()
            .try_fold(Status::Draft, |s, &(a, by)| next(s, a, by))
    }

    #[test]
    fn the_main_paths() {
        use Action::*;
        use Side::*;
        assert_eq!(
            walk(&[(File, Zone), (Accept, Province)]),
            Ok(Status::Accepted)
        );
        assert_eq!(
            walk(&[
                (File, Zone),
                (Return, Province),
                (File, Zone),
                (Accept, Province)
            ]),
            Ok(Status::Accepted)
        );
        assert_eq!(
            walk(&[(File, Zone), (Accept, Province), (Revise, Zone)]),
            Ok(Status::Draft)
        );
    }

    #[test]
    fn refusals_name_the_status_or_the_side() {
        let e = next(Status::Draft, Action::Accept, Side::Province).expect_err("not filed");
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("status", "not_allowed")
        );
        let e = next(Status::Filed, Action::Accept, Side::Zone).expect_err("zone");
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("action", "wrong_side")
        );
        assert!(e.0[0].message_zh.contains("省级商务主管部门"));
        assert!(next(Status::Filed, Action::File, Side::Zone).is_err());
        assert!(next(Status::Returned, Action::Accept, Side::Province).is_err());
        assert!(next(Status::Draft, Action::Revise, Side::Zone).is_err());
    }

    #[test]
    fn queues_and_editing() {
        for s in Status::ALL {
            assert_eq!(s.editable(), Status::queue(Side::Zone).contains(&s));
            // Whatever the province's queue holds is filed, nothing the zone holds is.
            if Status::queue(Side::Province).contains(&s) {
                assert!(s.counts_as_filed());
            }
        }
        assert!(!Status::Returned.counts_as_filed());
        assert!(Status::Accepted.counts_as_filed());
    }

    fn any_step() -> impl Strategy<Value = (Action, Side)> {
        (0usize..4, any::<bool>()).prop_map(|(a, province)| {
            (
                Action::ALL[a],
                if province { Side::Province } else { Side::Zone },
            )
        })
    }

    proptest! {
        #[test]
        fn nothing_is_accepted_without_the_province(steps in prop::collection::vec(any_step(), 0..30)) {
            let mut status = Status::Draft;
            let mut province_acted = false;
            for (action, by) in steps {
                if let Ok(to) = next(status, action, by) {
                    prop_assert_eq!(by, action.side());
                    if to == Status::Accepted {
                        prop_assert_eq!((status, action, by), (Status::Filed, Action::Accept, Side::Province));
                    }
                    province_acted |= by == Side::Province;
                    status = to;
                    // A revision starts over: it must be accepted again by the province.
                    if action == Action::Revise {
                        province_acted = false;
                    }
                }
            }
            if status == Status::Accepted {
                prop_assert!(province_acted);
            }
        }
    }
}
