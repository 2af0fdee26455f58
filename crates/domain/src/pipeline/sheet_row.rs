//! One spreadsheet row of a pipeline record in any stage: the record as typed plus its
//! stage, dates and contract. A row is replayed through the same moves a user makes, so an
//! imported record obeys every rule a typed-in one does (dates in order, amounts positive).

use super::entry::PipelineEntry;
use super::input::{NewRecord, RecordInput};
use super::stage::{PipelineKind, Stage, Step};
use crate::error::{FieldError, Validation};
use crate::input::{amount, choice, date, opt};
use crate::reference::ReferenceCatalog;
use chrono::NaiveDate;

/// Every column, by API name, in sheet order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelineRow {
    pub record: RecordInput,
    pub stage: String,
    pub signed_on: String,
    pub contract_amount_yuan: String,
    pub event_id: String,
    pub landed_on: String,
    pub started_on: String,
    pub producing_on: String,
    pub dropped_on: String,
    pub drop_reason: String,
}

impl PipelineRow {
    pub const FIELDS: [&'static str; 17] = [
        "project_name",
        "investor_name",
        "investor_credit_code",
        "investor_origin",
        "industry",
        "kind",
        "base_amount_yuan",
        "stage",
        "signed_on",
        "contract_amount_yuan",
        "event_id",
        "landed_on",
        "started_on",
        "producing_on",
        "dropped_on",
        "drop_reason",
        "jobs_created",
    ];

    pub fn field(&self, name: &str) -> Option<&str> {
        let r = &self.record;
        Some(match name {
            "project_name" => &r.project_name,
            "investor_name" => &r.investor_name,
            "investor_credit_code" => &r.investor_credit_code,
            "investor_origin" => &r.investor_origin,
            "industry" => &r.industry,
            "kind" => &r.kind,
            "base_amount_yuan" => &r.base_amount_yuan,
            "jobs_created" => &r.jobs_created,
            "stage" => &self.stage,
            "signed_on" => &self.signed_on,
            "contract_amount_yuan" => &self.contract_amount_yuan,
            "event_id" => &self.event_id,
            "landed_on" => &self.landed_on,
            "started_on" => &self.started_on,
            "producing_on" => &self.producing_on,
            "dropped_on" => &self.dropped_on,
            "drop_reason" => &self.drop_reason,
            _ => return None,
        })
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        let r = &mut self.record;
        Some(match name {
            "project_name" => &mut r.project_name,
            "investor_name" => &mut r.investor_name,
            "investor_credit_code" => &mut r.investor_credit_code,
            "investor_origin" => &mut r.investor_origin,
            "industry" => &mut r.industry,
            "kind" => &mut r.kind,
            "base_amount_yuan" => &mut r.base_amount_yuan,
            "jobs_created" => &mut r.jobs_created,
            "stage" => &mut self.stage,
            "signed_on" => &mut self.signed_on,
            "contract_amount_yuan" => &mut self.contract_amount_yuan,
            "event_id" => &mut self.event_id,
            "landed_on" => &mut self.landed_on,
            "started_on" => &mut self.started_on,
            "producing_on" => &mut self.producing_on,
            "dropped_on" => &mut self.dropped_on,
            "drop_reason" => &mut self.drop_reason,
            _ => return None,
        })
    }

    /// The row as it would be exported.
    pub fn from_entry(e: &PipelineEntry) -> PipelineRow {
        let r = &e.record;
        let s = &r.state;
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (kind, base) = match s.kind {
            PipelineKind::New => ("new", String::new()),
            PipelineKind::CapitalIncrease { base_amount } => {
                ("capital_increase", base_amount.to_yuan_string())
            }
        };
        PipelineRow {
            record: RecordInput {
                project_name: r.project_name.clone(),
                investor_name: r.investor_name.clone(),
                investor_credit_code: r
                    .investor_credit_code
                    .as_ref()
                    .map(|c| c.as_str().to_owned())
                    .unwrap_or_default(),
                investor_origin: e.investor_origin.as_text(),
                industry: e.industry.to_string(),
                kind: kind.into(),
                base_amount_yuan: base,
                jobs_created: r.jobs_created.to_string(),
            },
            stage: s.stage.code().into(),
            signed_on: day(s.dates.signed_on),
            contract_amount_yuan: s
                .contract_amount
                .map(|a| a.to_yuan_string())
                .unwrap_or_default(),
            event_id: r
                .credited_signing()
                .and_then(|c| c.event_id)
                .map(|id| id.to_string())
                .unwrap_or_default(),
            landed_on: day(s.dates.landed_on),
            started_on: day(s.dates.started_on),
            producing_on: day(s.dates.producing_on),
            dropped_on: day(s.dates.dropped_on),
            drop_reason: s.drop_reason.clone().unwrap_or_default(),
        }
    }

    /// The record the row describes, replayed through [`super::PipelineRecord::advance`].
    pub fn validate(
        &self,
        zone_id: i64,
        catalog: &ReferenceCatalog,
        today: NaiveDate,
    ) -> Result<NewRecord, Validation> {
        let mut v = Validation::default();
        let base = self.record.validate(0, zone_id, catalog);
        let stage = choice(&mut v, "stage", "阶段", &self.stage, Stage::parse);
        let signed_on = date(&mut v, "signed_on", &self.signed_on);
        let contract = amount(&mut v, "contract_amount_yuan", &self.contract_amount_yuan);
        let event_id = opt(&self.event_id).and_then(|raw| match raw.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                v.push(FieldError::new(
                    "event_id",
                    "invalid",
                    format!("“{raw}”不是有效的活动编号"),
                    format!("event_id: \"{raw}\" is not a valid id"),
                ));
                None
            }
        });
        let later = [
            (Stage::Landed, date(&mut v, "landed_on", &self.landed_on)),
            (Stage::Started, date(&mut v, "started_on", &self.started_on)),
            (
                Stage::Producing,
                date(&mut v, "producing_on", &self.producing_on),
            ),
        ];
        let dropped_on = date(&mut v, "dropped_on", &self.dropped_on);
        let mut new = match base {
            Ok(new) if v.is_empty() => new,
            Ok(_) => return Err(v),
            Err(errors) => {
                let mut all = errors;
                all.0.extend(v.0);
                return Err(all);
            }
        };
        let Some(stage) = stage else { return Err(v) };
        let step = |to, on, contract_amount, event_id, reason| Step {
            to,
            on,
            contract_amount,
            event_id,
            reason,
        };
        let mut steps = Vec::new();
        if let Some(on) = signed_on {
            steps.push(step(Stage::Signed, on, contract, event_id, None));
        } else if contract.is_some() {
            v.push(FieldError::required("signed_on", "签约日期"));
        }
        for (to, on) in later {
            if let Some(on) = on {
                steps.push(step(to, on, None, None, None));
            }
        }
        if let Some(on) = dropped_on {
            steps.push(step(Stage::Dropped, on, None, None, opt(&self.drop_reason)));
        }
        for s in &steps {
            // Each move's errors name the date column of the stage it tried to reach.
            match new.record.advance(s, today) {
                Ok(next) => new.record = next,
                Err(errors) => {
                    v.0.extend(errors.0.into_iter().map(|mut e| {
                        if e.field == "reason" {
                            e.field = "drop_reason".into();
                        } else if e.field == "contract_amount" {
                            e.field = "contract_amount_yuan".into();
                        } else if e.field == "stage" {
                            e.field = date_column(s.to).into();
                        }
                        e
                    }));
                    return Err(v);
                }
            }
        }
        if v.is_empty() && new.record.state.stage != stage {
            v.push(FieldError::new(
                "stage",
                "dates_disagree",
                format!(
                    "阶段“{}”与所填日期不符（按日期应为“{}”）",
                    stage.name_zh(),
                    new.record.state.stage.name_zh()
                ),
                format!(
                    "stage {} does not match the dates given (they say {})",
                    stage.code(),
                    new.record.state.stage.code()
                ),
            ));
        }
        v.finish(new)
    }
}

fn date_column(stage: Stage) -> &'static str {
    match stage {
        Stage::Negotiating => "stage",
        Stage::Signed => "signed_on",
        Stage::Landed => "landed_on",
        Stage::Started => "started_on",
        Stage::Producing => "producing_on",
        Stage::Dropped => "dropped_on",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn row() -> PipelineRow {
        PipelineRow {
            record: RecordInput {
                project_name: "液晶模组生产基地项目".into(),
                investor_name: "深圳市华星电子有限公司".into(),
                investor_origin: "440000".into(),
                industry: "39".into(),
                jobs_created: "350".into(),
                ..RecordInput::default()
            },
            stage: "开工".into(),
            signed_on: "2007-01-10".into(),
            contract_amount_yuan: "80000000".into(),
            landed_on: "2007-03-01".into(),
            started_on: "2007-05-01".into(),
            ..PipelineRow::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, 6, 30).expect("date")
    }

    #[test]
    fn a_row_in_any_stage_replays_to_its_record() {
        let new = row().validate(3, &catalog(), today()).expect("valid");
        assert_eq!(new.record.state.stage, Stage::Started);
        assert_eq!(new.record.jobs_created, 350);
        assert_eq!(new.record.signings.len(), 1);
    }

    #[test]
    fn dates_out_of_order_and_a_wrong_stage_name_their_column() {
        let bad = PipelineRow {
            landed_on: "2006-12-01".into(),
            ..row()
        };
        let e = bad.validate(3, &catalog(), today()).expect_err("refused");
        assert_eq!(e.0[0].field, "landed_on");
        assert_eq!(e.0[0].code, "before_previous");
        let wrong = PipelineRow {
            stage: "投产".into(),
            ..row()
        };
        let e = wrong.validate(3, &catalog(), today()).expect_err("refused");
        assert_eq!(e.0[0].field, "stage");
        let negative = PipelineRow {
            contract_amount_yuan: "-100".into(),
            ..row()
        };
        let e = negative
            .validate(3, &catalog(), today())
            .expect_err("refused");
        assert_eq!(e.0[0].field, "contract_amount_yuan");
    }
}
