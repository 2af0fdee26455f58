//! Money in place with its evidence files, and problems routed to the organisation that
//! must solve them.

use crate::audit::{Context, json};
use crate::pipeline::renamed;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use base64::Engine;
use gowest_domain::access::Actor;
use gowest_domain::attachment::{MediaType, check_upload};
use gowest_domain::change::Entity;
use gowest_domain::pipeline::{
    Evidence, FundsInput, PipelineEntry, ProblemInput, ProblemStatus, PromotionEvent, ResolveInput,
};
use gowest_domain::{FieldError, Validation};
pub use gowest_store::attachments::Attachment;
use gowest_store::attachments::NewAttachment;
use gowest_store::pipeline::RecordSet;
use sha2::{Digest, Sha256};

/// A file as uploaded, before any check.
#[derive(Debug, Clone)]
pub struct EvidenceUpload {
    pub file_name: String,
    /// The declared type (`application/pdf`); the content must agree with it.
    pub media_type: Option<String>,
    pub content: Vec<u8>,
}

impl EvidenceUpload {
    /// From a JSON body's base64 text.
    pub fn from_base64(
        file_name: &str,
        media_type: Option<&str>,
        content_base64: &str,
    ) -> Result<EvidenceUpload, AppError> {
        let content = base64::engine::general_purpose::STANDARD
            .decode(content_base64.trim())
            .map_err(|_| {
                AppError::Invalid(Validation(vec![FieldError::new(
                    "evidence",
                    "not_base64",
                    "证明文件内容须为 base64 编码",
                    "evidence.content_base64 must be base64",
                )]))
            })?;
        Ok(EvidenceUpload {
            file_name: file_name.to_owned(),
            media_type: media_type.map(str::to_owned),
            content,
        })
    }

    /// Kind, size and name checked; the checksum computed here, never taken from the client.
    fn check(&self) -> Result<(MediaType, Evidence), AppError> {
        let kind = check_upload(
            "evidence",
            &self.file_name,
            self.media_type.as_deref(),
            &self.content,
        )?;
        let evidence = Evidence {
            file_name: self.file_name.trim().to_owned(),
            sha256: hex::encode(Sha256::digest(&self.content)),
            bytes: self.content.len() as u64,
        };
        Ok((kind, evidence))
    }
}

fn funds_field(field: &str) -> &str {
    match field {
        "amount" => "amount_yuan",
        f if f.starts_with("evidence") => "evidence",
        other => other,
    }
}

impl App {
    async fn store_evidence(
        &self,
        tx: &mut gowest_store::Tx,
        ctx: &Context,
        kind: MediaType,
        evidence: &Evidence,
        content: &[u8],
    ) -> Result<i64, AppError> {
        let new = NewAttachment {
            sha256: &evidence.sha256,
            file_name: &evidence.file_name,
            media_type: kind.mime(),
            content,
            uploaded_by: ctx.actor.as_ref().map(|a| a.user_id),
        };
        Ok(tx.insert_attachment(new, self.clock.now()).await?)
    }

    /// Enters money in place, with its evidence file or without (待核实).
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn add_pipeline_funds(
        &self,
        ctx: &Context,
        id: i64,
        input: &FundsInput,
        upload: Option<&EvidenceUpload>,
    ) -> Result<PipelineEntry, AppError> {
        let mut funds = input.validate()?;
        let checked = upload.map(EvidenceUpload::check).transpose()?;
        let (mut tx, entry, _keeper) = self.open_record(ctx, id).await?;
        funds.evidence = checked.as_ref().map(|(_, e)| e.clone());
        let before = &entry.record;
        let after = before
            .add_funds(funds.clone(), self.today_in_china())
            .map_err(|v| renamed(v, funds_field))?;
        let attachment = match (&checked, upload) {
            (Some((kind, evidence)), Some(file)) => Some(
                self.store_evidence(&mut tx, ctx, *kind, evidence, &file.content)
                    .await?,
            ),
            _ => None,
        };
        tx.insert_pipeline_funds(id, &funds, attachment, self.clock.now())
            .await?;
        self.finish_record(tx, "pipeline.funds", before, &after)
            .await
    }

    /// Attaches the evidence of an entry entered without it.
    #[tracing::instrument(skip_all, fields(record = id, funds = funds_id))]
    pub async fn attach_pipeline_evidence(
        &self,
        ctx: &Context,
        id: i64,
        funds_id: i64,
        upload: &EvidenceUpload,
    ) -> Result<PipelineEntry, AppError> {
        let (kind, evidence) = upload.check()?;
        let (mut tx, entry, _keeper) = self.open_record(ctx, id).await?;
        let index = entry.funds_index(funds_id).ok_or(AppError::NotFound {
            entity: "funds entry",
        })?;
        let before = &entry.record;
        let after = before
            .attach_evidence(index, evidence.clone())
            .map_err(|v| renamed(v, funds_field))?;
        let attachment = self
            .store_evidence(&mut tx, ctx, kind, &evidence, &upload.content)
            .await?;
        tx.set_pipeline_funds_evidence(funds_id, attachment).await?;
        self.finish_record(tx, "pipeline.evidence", before, &after)
            .await
    }

    /// The evidence file of a funds entry, for whoever may read the record.
    pub async fn pipeline_evidence(
        &self,
        actor: &Actor,
        id: i64,
        funds_id: i64,
    ) -> Result<Attachment, AppError> {
        let entry = self.pipeline_record(actor, id).await?;
        let attachment = entry
            .funds
            .iter()
            .find(|f| f.id == funds_id)
            .and_then(|f| f.attachment_id)
            .ok_or(AppError::NotFound { entity: "evidence" })?;
        Ok(self.store.attachment(attachment).await?)
    }

    /// Raises a problem at the record's stage, routed to the organisation that must solve it.
    #[tracing::instrument(skip_all, fields(record = id))]
    pub async fn raise_pipeline_problem(
        &self,
        ctx: &Context,
        id: i64,
        input: &ProblemInput,
    ) -> Result<PipelineEntry, AppError> {
        let today = self.today_in_china();
        let (org, on) = input.validate(today)?;
        if let Err(e) = self.store.organisation(org).await {
            return Err(match AppError::from(e) {
                AppError::NotFound { .. } => AppError::Invalid(Validation(vec![FieldError::new(
                    "routed_to_org",
                    "unknown",
                    format!("没有编号为{org}的机构"),
                    format!("routed_to_org: no organisation {org}"),
                )])),
                other => other,
            });
        }
        let (mut tx, entry, _keeper) = self.open_record(ctx, id).await?;
        let before = &entry.record;
        let after = before.raise_problem(&input.text, org, on, today)?;
        if let Some(problem) = after.problems.last() {
            let by = ctx.actor.as_ref().map(|a| a.user_id);
            tx.insert_pipeline_problem(id, problem, by).await?;
        }
        self.finish_record(tx, "pipeline.problem", before, &after)
            .await
    }

    /// The routed-to organisation closes a problem with what was done.
    #[tracing::instrument(skip_all, fields(problem = problem_id))]
    pub async fn resolve_pipeline_problem(
        &self,
        ctx: &Context,
        problem_id: i64,
        input: &ResolveInput,
    ) -> Result<PipelineEntry, AppError> {
        let today = self.today_in_china();
        let on = input.resolved_on(today)?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        // The right to solve problems routed to the actor's own organisation; whether this
        // problem is routed there is checked on the record as of the write.
        let solver = actor
            .org_id()
            .and_then(|org| actor.problem_solver(org))
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&solver, ctx).await?;
        let id = tx.pipeline_problem_record(problem_id).await?;
        let entry = tx.pipeline_entry(id).await?;
        let index = entry
            .problem_index(problem_id)
            .ok_or(AppError::NotFound { entity: "problem" })?;
        let routed_to = entry.record.problems[index].routed_to_org;
        if routed_to != solver.org_id() {
            return Err(if self.may_read_entry(actor, &entry) {
                AppError::Forbidden
            } else {
                AppError::NotFound { entity: "problem" }
            });
        }
        let before = &entry.record;
        let after = before.resolve_problem(index, &input.resolution, on, today)?;
        let resolved = &after.problems[index];
        tx.resolve_pipeline_problem(problem_id, resolved, Some(actor.user_id))
            .await?;
        self.finish_record(tx, "pipeline.resolve", before, &after)
            .await
    }

    /// Records with an open or resolved problem routed to the actor's organisation.
    pub async fn problems_routed_to_me(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(PipelineEntry, Vec<usize>)>, AppError> {
        let org = actor
            .acting
            .as_ref()
            .map(|m| m.org.id)
            .ok_or(AppError::Forbidden)?;
        let entries = self
            .store
            .pipeline_entries(&RecordSet::RoutedTo(org))
            .await?;
        Ok(entries
            .into_iter()
            .map(|e| {
                let mine = e
                    .record
                    .problems
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.routed_to_org == org)
                    .map(|(i, p)| (i, p.status == ProblemStatus::Open))
                    // Open ones first, then by when they were raised.
                    .collect::<Vec<_>>();
                let mut order: Vec<(usize, bool)> = mine;
                order.sort_by_key(|(i, open)| (!open, *i));
                (e, order.into_iter().map(|(i, _)| i).collect())
            })
            .collect())
    }

    /// Organisations a problem may be routed to: the active ones, by id and name.
    pub async fn organisations_for_pipeline(&self) -> Result<Vec<(i64, String)>, AppError> {
        Ok(self
            .store
            .organisations()
            .await?
            .into_iter()
            .filter(|o| o.status == gowest_domain::org::OrgStatus::Active)
            .map(|o| (o.id, o.name_zh))
            .collect())
    }

    /// Adds an event to the register: the operator's (demo data and tests); the events
    /// capability has pages and rights of its own.
    pub async fn add_promotion_event(
        &self,
        op: &Operator,
        ctx: &Context,
        event: &PromotionEvent,
        demo: bool,
    ) -> Result<i64, AppError> {
        let now = self.clock.now();
        let mut tx = self.write(op, ctx).await?;
        let id = tx.insert_promotion_event(event, demo, now).await?;
        tx.finish(Record::new("event.create", Entity::PromotionEvent, id).after_text(json(event)))
            .await?;
        Ok(id)
    }
}
