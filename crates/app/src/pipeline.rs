//! The 招商 pipeline's use-cases: who reads which records, creating, moving and re-signing
//! them. Each write runs in one transaction, checks the right through a permission handle,
//! applies the domain rule, screens for duplicates, logs the change, audits before and after.

use crate::audit::Context;
use crate::write::{Record, Write};
use crate::{App, AppError};
use chrono::NaiveDate;
use gowest_domain::access::{Actor, PipelineKeeper, Scope};
use gowest_domain::change::Entity;
use gowest_domain::pipeline::{
    DuplicateKey, JobsInput, PipelineEntry, PipelineRecord, ProblemStatus, PromotionEvent,
    RecordInput, SigningInput, StepInput, step_field,
};
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
use gowest_store::pipeline::RecordSet;

/// Renames fields of a domain refusal to the names the form or body used.
pub(crate) fn renamed(v: Validation, rename: impl Fn(&str) -> &str) -> AppError {
    AppError::Invalid(Validation(
        v.0.into_iter()
            .map(|mut e| {
                e.field = rename(&e.field).to_owned();
                e
            })
            .collect(),
    ))
}

/// The calendar day in China (UTC+8) of an instant.
pub(crate) fn china_date(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(8)).date_naive()
}

impl App {
    /// Today in China (UTC+8): records are dated as the zone sees the calendar.
    pub fn today_in_china(&self) -> NaiveDate {
        china_date(self.clock.now())
    }

    /// Whether the actor may read records of `zone_id` (its scope), ignoring problem routing.
    pub fn may_read_zone_pipeline(&self, actor: &Actor, zone_id: i64) -> bool {
        match actor.scope() {
            Scope::All => true,
            Scope::Province(code) => self
                .directory()
                .zone(zone_id)
                .is_some_and(|z| z.fields.province_code == code),
            Scope::Zone(own) => own == zone_id,
            Scope::Organisation(_) | Scope::Public => false,
        }
    }

    /// The zone's records, or its organisation's routed problems' records.
    pub(crate) fn may_read_entry(&self, actor: &Actor, entry: &PipelineEntry) -> bool {
        let org = actor.acting.as_ref().map(|m| m.org.id);
        self.may_read_zone_pipeline(actor, entry.zone_id())
            || entry
                .record
                .problems
                .iter()
                .any(|p| Some(p.routed_to_org) == org)
    }

    /// The records the actor may read, of one zone or of its whole scope.
    #[tracing::instrument(skip_all)]
    pub async fn pipeline_records(
        &self,
        actor: &Actor,
        zone_id: Option<i64>,
    ) -> Result<Vec<PipelineEntry>, AppError> {
        let set = match (actor.scope(), zone_id) {
            (_, Some(zone)) if self.may_read_zone_pipeline(actor, zone) => RecordSet::Zone(zone),
            (_, Some(_)) => return Err(AppError::Forbidden),
            (Scope::All, None) => RecordSet::All,
            (Scope::Province(code), None) => RecordSet::Province(code.as_str().to_owned()),
            (Scope::Zone(zone), None) => RecordSet::Zone(zone),
            _ => return Err(AppError::Forbidden),
        };
        Ok(self.store.pipeline_entries(&set).await?)
    }

    /// One record; "not found" when the actor may not read it, so ids reveal nothing.
    pub async fn pipeline_record(&self, actor: &Actor, id: i64) -> Result<PipelineEntry, AppError> {
        let entry = self.store.pipeline_entry(id).await?;
        if !self.may_read_entry(actor, &entry) {
            return Err(AppError::NotFound {
                entity: "pipeline record",
            });
        }
        Ok(entry)
    }

    pub async fn promotion_events(&self) -> Result<Vec<PromotionEvent>, AppError> {
        Ok(self.store.promotion_events().await?)
    }

    /// Checks the actor keeps record `id`, opens the write with that right, and reads the
    /// record again as of the write (its zone, which the right depends on, never changes).
    pub(crate) async fn open_record(
        &self,
        ctx: &Context,
        id: i64,
    ) -> Result<(Write, PipelineEntry, PipelineKeeper), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let seen = self.store.pipeline_entry(id).await?;
        if !self.may_read_entry(actor, &seen) {
            return Err(AppError::NotFound {
                entity: "pipeline record",
            });
        }
        let keeper = actor
            .pipeline_keeper(seen.zone_id())
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let entry = tx.pipeline_entry(id).await?;
        Ok((tx, entry, keeper))
    }

    /// Writes the new state, re-reads it, and records the change, concerning every
    /// organisation an open problem of the record is routed to.
    pub(crate) async fn finish_record(
        &self,
        mut tx: Write,
        action: &str,
        before: &PipelineRecord,
        after: &PipelineRecord,
    ) -> Result<PipelineEntry, AppError> {
        let id = after.id;
        let now = tx.now();
        tx.update_pipeline_record(after, now).await?;
        let stored = tx.pipeline_entry(id).await?;
        let routed = after
            .problems
            .iter()
            .filter(|p| p.status == ProblemStatus::Open)
            .map(|p| p.routed_to_org);
        tx.finish(
            Record::new(action, Entity::PipelineRecord, id)
                .before(before)
                .after(after)
                .concerns(routed),
        )
        .await?;
        Ok(stored)
    }

    /// Flags the record if it looks like another record's project (甄别).
    pub(crate) async fn screened(
        &self,
        tx: &mut Tx,
        record: &PipelineRecord,
    ) -> Result<PipelineRecord, AppError> {
        let all = tx.pipeline_entries(&RecordSet::All).await?;
        let keys: Vec<DuplicateKey> = all
            .iter()
            .filter(|e| e.id() != record.id && !e.record.review.excluded())
            .map(|e| e.record.duplicate_key())
            .collect();
        Ok(record.screen(&keys))
    }

    /// A 422 naming `event_id` when the event is not in the register.
    async fn check_event(tx: &mut Tx, event_id: Option<i64>) -> Result<(), AppError> {
        let Some(id) = event_id else { return Ok(()) };
        match tx.promotion_event(id).await {
            Ok(_) => Ok(()),
            Err(gowest_store::StoreError::NotFound { .. }) => {
                Err(AppError::Invalid(Validation(vec![FieldError::new(
                    "event_id",
                    "unknown",
                    format!("没有编号为{id}的招商活动"),
                    format!("event_id: no event {id}"),
                )])))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A new record in 在谈 for the keeper's zone, screened against every other record.
    #[tracing::instrument(skip_all, fields(zone = keeper.zone_id()))]
    pub async fn create_pipeline_record(
        &self,
        keeper: &PipelineKeeper,
        ctx: &Context,
        input: &RecordInput,
    ) -> Result<PipelineEntry, AppError> {
        let now = self.clock.now();
        let catalog = self.directory().catalog.clone();
        let new = input.validate(0, keeper.zone_id(), &catalog)?;
        let mut tx = self.write(keeper, ctx).await?;
        let id = tx
            .insert_pipeline_record(&new.record, &new.investor_origin, &new.industry, false, now)
            .await?;
        let stored = PipelineRecord { id, ..new.record };
        let screened = self.screened(&mut tx, &stored).await?;
        tx.update_pipeline_record(&screened, now).await?;
        let stored = tx.pipeline_entry(id).await?;
        tx.finish(Record::new("pipeline.create", Entity::PipelineRecord, id).after(&screened))
            .await?;
        Ok(stored)
    }

    /// Moves a record (see `gowest_domain::pipeline::advance`); the move that signs records
    /// its signing and screens the record again.
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn advance_pipeline(
        &self,
        ctx: &Context,
        id: i64,
        input: &StepInput,
    ) -> Result<PipelineEntry, AppError> {
        let (step, jobs) = input.validate()?;
        let (mut tx, entry, _keeper) = self.open_record(ctx, id).await?;
        Self::check_event(&mut tx, step.event_id).await?;
        let before = &entry.record;
        let mut after = before
            .advance(&step, self.today_in_china())
            .map_err(|v| renamed(v, step_field))?;
        if let Some(jobs) = jobs {
            after.jobs_created = jobs;
        }
        if after.signings.len() > before.signings.len()
            && let Some(signing) = after.signings.last()
        {
            tx.insert_pipeline_signing(id, signing).await?;
            after = self.screened(&mut tx, &after).await?;
        }
        self.finish_record(tx, "pipeline.advance", before, &after)
            .await
    }

    /// Records another signing of a signed project (一炮数响): it adds nothing to any
    /// figure, and may make the record look like another event's.
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn add_pipeline_signing(
        &self,
        ctx: &Context,
        id: i64,
        input: &SigningInput,
    ) -> Result<PipelineEntry, AppError> {
        let signing = input.validate()?;
        let (mut tx, entry, _keeper) = self.open_record(ctx, id).await?;
        Self::check_event(&mut tx, signing.event_id).await?;
        let before = &entry.record;
        let after = before.add_signing(signing, self.today_in_china())?;
        tx.insert_pipeline_signing(id, &signing).await?;
        let after = self.screened(&mut tx, &after).await?;
        self.finish_record(tx, "pipeline.signing", before, &after)
            .await
    }

    /// Reports the jobs a landed project has created so far, without moving it.
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn report_pipeline_jobs(
        &self,
        ctx: &Context,
        id: i64,
        input: &JobsInput,
    ) -> Result<PipelineEntry, AppError> {
        let jobs = input.validate()?;
        let (tx, entry, _keeper) = self.open_record(ctx, id).await?;
        let before = &entry.record;
        let after = before.report_jobs(jobs)?;
        self.finish_record(tx, "pipeline.jobs", before, &after)
            .await
    }
}
