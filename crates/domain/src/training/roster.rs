//! A roster (名册) of trainees, imported whole or not at all: every row is checked first,
//! and any bad ID number, duplicate (within the file or already registered) or unknown
//! occupation refuses the file, naming each row at fault.

use super::trainee::{IdDigest, Trainee, TraineeInput, id_digest};
use crate::error::{FieldError, Validation};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A valid roster row ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// The sheet row it came from (1 is the header).
    pub row: usize,
    pub trainee: Trainee,
    pub digest: IdDigest,
}

/// The problems of one sheet row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowProblem {
    pub row: usize,
    pub errors: Validation,
}

/// Validates every row (`rows[0]` is sheet row 2, under the header). `registered` tells
/// whether a digest is already in the registry. Either all rows pass or the problems of
/// every failing row come back, in row order.
pub fn validate_roster(
    rows: &[TraineeInput],
    key: &[u8],
    registered: impl Fn(&IdDigest) -> bool,
) -> Result<Vec<RosterRow>, Vec<RowProblem>> {
    let mut good = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut first_seen: HashMap<IdDigest, usize> = HashMap::with_capacity(rows.len());
    for (i, input) in rows.iter().enumerate() {
        let row = i + 2;
        match input.parse() {
            Ok(trainee) => {
                let digest = id_digest(key, &trainee.id);
                let mut v = Validation::default();
                if let Some(first) = first_seen.get(&digest) {
                    v.push(FieldError::new(
                        "id_number",
                        "duplicate_in_file",
                        format!("身份证号与第{first}行重复"),
                        format!("id_number repeats row {first}"),
                    ));
                } else if registered(&digest) {
                    v.push(FieldError::new(
                        "id_number",
                        "already_registered",
                        "该身份证号的学员已登记",
                        "a trainee with this id_number is already registered",
                    ));
                }
                first_seen.entry(digest.clone()).or_insert(row);
                if v.is_empty() {
                    good.push(RosterRow {
                        row,
                        trainee,
                        digest,
                    });
                } else {
                    problems.push(RowProblem { row, errors: v });
                }
            }
            Err(errors) => problems.push(RowProblem { row, errors }),
        }
    }
    if problems.is_empty() {
        Ok(good)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str) -> TraineeInput {
        TraineeInput {
            name: "李四".into(),
            id_number: id.into(),
            occupation: "车工".into(),
            course: "车工初级班".into(),
            completed_on: "2007-05-20".into(),
            ..TraineeInput::default()
        }
    }

    #[test]
    fn a_clean_roster_passes_whole() {
        let rows = [row("11010519491231002X"), row("110105194912310038")];
        let ok = validate_roster(&rows, b"k", |_| false).expect("valid");
        assert_eq!(ok.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn bad_duplicate_and_registered_rows_are_each_named() {
        let registered = id_digest(
            b"k",
            &crate::ids::ResidentId::parse("11010519491231002X").expect("id"),
        );
        let rows = [
            row("11010519491231002X"),
            row("110105194912310021"),
            row("11010519491231002x"),
        ];
        let problems = validate_roster(&rows, b"k", |d| *d == registered).expect_err("refused");
        let named: Vec<_> = problems
            .iter()
            .map(|p| (p.row, p.errors.0[0].code))
            .collect();
        assert_eq!(
            named,
            [
                (2, "already_registered"),
                (3, "invalid_id"),
                (4, "duplicate_in_file")
            ]
        );
    }
}
