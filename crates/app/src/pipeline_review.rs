//! Duplicate review (甄别) by the ministry and the provinces, and the figures of zones,
//! provinces, regions and the country, computed from the records on every request.

use crate::audit::Context;
use crate::{App, AppError};
use gowest_domain::access::{Actor, DuplicateReviewer, Scope};
use gowest_domain::pipeline::{
    DuplicateReview, FiguresBy, FiguresRow, PipelineEntry, PipelineFigures,
};
use gowest_domain::{FieldError, Validation};
use gowest_store::pipeline::RecordSet;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A reviewer's decision on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ReviewDecision {
    /// The same project as record `of`, which keeps the credit.
    Confirm { of: i64 },
    /// Its own project.
    Clear,
}

fn reviewer_set(reviewer: &DuplicateReviewer) -> Result<RecordSet, AppError> {
    match reviewer.scope() {
        Scope::All => Ok(RecordSet::All),
        Scope::Province(code) => Ok(RecordSet::Province(code.as_str().to_owned())),
        _ => Err(AppError::Forbidden),
    }
}

impl App {
    /// Flagged records in the reviewer's scope, oldest first.
    pub async fn duplicate_queue(
        &self,
        reviewer: &DuplicateReviewer,
    ) -> Result<Vec<PipelineEntry>, AppError> {
        let set = reviewer_set(reviewer)?;
        let mut entries = self.store.pipeline_entries(&set).await?;
        entries.retain(|e| matches!(e.record.review, DuplicateReview::Flagged { .. }));
        Ok(entries)
    }

    /// Confirms a record as a duplicate (it leaves every figure) or clears its flag.
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn review_pipeline_duplicate(
        &self,
        reviewer: &DuplicateReviewer,
        ctx: &Context,
        id: i64,
        decision: ReviewDecision,
    ) -> Result<PipelineEntry, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        // The reviewer's handle must be the acting user's: the write refuses another's.
        let mut tx = self.write(reviewer, ctx).await?;
        let entry = tx.pipeline_entry(id).await?;
        if !self.may_read_zone_pipeline(actor, entry.zone_id())
            || !matches!(reviewer.scope(), Scope::All | Scope::Province(_))
        {
            return Err(AppError::NotFound {
                entity: "pipeline record",
            });
        }
        let before = &entry.record;
        let after = match decision {
            ReviewDecision::Confirm { of } => {
                if of != id && crate::error::absent(tx.pipeline_entry(of).await)? {
                    return Err(AppError::Invalid(Validation(vec![FieldError::new(
                        "of",
                        "unknown",
                        format!("没有编号为{of}的项目"),
                        format!("of: no record {of}"),
                    )])));
                }
                before.confirm_duplicate(of)?
            }
            ReviewDecision::Clear => before.clear_duplicate()?,
        };
        self.finish_record(tx, "pipeline.review", before, &after)
            .await
    }

    /// The figures of the actor's scope, one row per zone, province or region, or one row
    /// for all of it. Computed from the records each time: never stored, never typed in.
    #[tracing::instrument(skip_all)]
    pub async fn pipeline_figures(
        &self,
        actor: &Actor,
        by: FiguresBy,
    ) -> Result<Vec<FiguresRow>, AppError> {
        let entries = self.pipeline_records(actor, None).await?;
        Ok(self.group_figures(&entries, by))
    }

    /// Groups records' figures; each group's figures are the sum of its records'.
    pub fn group_figures(&self, entries: &[PipelineEntry], by: FiguresBy) -> Vec<FiguresRow> {
        let directory = self.directory();
        let mut groups: BTreeMap<String, (String, String, PipelineFigures)> = BTreeMap::new();
        for e in entries {
            let zone = directory.zone(e.zone_id());
            let (key, zh, en) = match (by, zone) {
                (FiguresBy::National, _) | (_, None) => {
                    ("all".to_owned(), "全国".to_owned(), "All".to_owned())
                }
                (FiguresBy::Zone, Some(z)) => (
                    z.id.to_string(),
                    z.fields.name_zh.clone(),
                    z.fields.name_en.clone().unwrap_or_default(),
                ),
                (FiguresBy::Province, Some(z)) => {
                    let code = &z.fields.province_code;
                    let en = directory
                        .catalog
                        .province(code)
                        .map(|p| p.name_en.clone())
                        .unwrap_or_default();
                    (code.as_str().to_owned(), z.province_name_zh.clone(), en)
                }
                (FiguresBy::Region, Some(z)) => (
                    z.region.code().to_owned(),
                    z.region.name_zh().to_owned(),
                    z.region.name_en().to_owned(),
                ),
            };
            let slot = groups
                .entry(key)
                .or_insert_with(|| (zh, en, PipelineFigures::default()));
            slot.2 += PipelineFigures::of(&e.record);
        }
        groups
            .into_iter()
            .map(|(key, (zh, en, f))| FiguresRow::new(key, zh, en, f))
            .collect()
    }
}
