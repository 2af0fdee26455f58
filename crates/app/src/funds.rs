//! Programme funds' use-cases: who reads which applications, filing and editing drafts,
//! every transition (submit, review, approve, bank decision, payment) with its ledger entries,
//! new versions of returned applications, and the split of the interest-subsidy quota.
//! Each write is one transaction: status, ledger, transition, change log and audit commit
//! together or not at all.

use crate::audit::Context;
use crate::pipeline_funds::EvidenceUpload;
use crate::write::{Holder, Record, Right, Write};
use crate::{App, AppError};
use gowest_domain::access::{Actor, FundApplicant, FundReviewer, FundStage, Scope};
use gowest_domain::attachment::check_upload;
use gowest_domain::change::Entity;
use gowest_domain::funds::application::{Action, Stage, Status, next};
use gowest_domain::funds::pool::{EntryKind, LedgerRefusal};
use gowest_domain::funds::quota::{Claim, allocate, cap_per_zone};
use gowest_domain::funds::{
    Applicant, Application, ApplicationInput, Preview, ProgrammeKind, ProgrammePool, Transition,
};
use gowest_domain::money::Fen;
use gowest_domain::org::OrgPlace;
use gowest_domain::{FieldError, Validation};
use gowest_store::attachments::NewAttachment;
pub use gowest_store::funds::ApplicationFilter;
use gowest_store::funds::{NewApplication, Refused};
use sha2::{Digest, Sha256};

/// The right an actor brings to an application's transition: its applicant's or a
/// reviewer's. Which stage it may act at is checked against the application's status.
enum FundRight {
    Applicant(FundApplicant),
    Reviewer(FundReviewer),
}

impl Right for FundRight {
    fn holder(&self) -> Holder {
        match self {
            FundRight::Applicant(right) => right.holder(),
            FundRight::Reviewer(right) => right.holder(),
        }
    }
}

/// What a reviewer or applicant does to an application, as typed.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub action: String,
    pub comment: String,
    /// 元 granted on approval; blank grants what was asked for.
    pub granted_yuan: String,
    pub attachment: Option<EvidenceUpload>,
}

/// An application with its programme and history, as a reader sees it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ApplicationView {
    pub application: Application,
    pub preview: Preview,
    pub history: Vec<Transition>,
}

fn invalid(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

fn pool_refused(field: &str, refusal: LedgerRefusal) -> AppError {
    let code = match refusal {
        LedgerRefusal::OverCommit { .. } => "pool_exhausted",
        _ => "ledger_refused",
    };
    invalid(
        field,
        code,
        refusal.message_zh(),
        format!("{field}: {refusal}"),
    )
}

/// Why the store refused a ledger entry, from the totals it read at the refusal (not from
/// totals read before it, which a concurrent approval may have moved).
fn refusal(refused: Refused, kind: EntryKind, amount: Fen) -> LedgerRefusal {
    match refused {
        Refused::NotPositive => LedgerRefusal::NotPositive,
        Refused::Pool(totals) | Refused::Application(totals) => totals
            .apply(kind, amount)
            .err()
            // The row moved again between the refusal and the read: name what is left now.
            .unwrap_or(LedgerRefusal::OverCommit {
                remaining: totals.remaining(),
            }),
    }
}

/// The special-fund purpose of investment-promotion events and trips (招商推介).
pub const PROMOTION_PURPOSE: &str = "promotion";

impl App {
    /// Every programme with its pool's totals; programmes are public programme data.
    pub async fn fund_programmes(&self) -> Result<Vec<ProgrammePool>, AppError> {
        Ok(self.store.fund_programmes().await?)
    }

    pub async fn fund_programme(&self, id: i64) -> Result<ProgrammePool, AppError> {
        Ok(self.store.fund_programme(id).await?)
    }

    /// The special funds that pay for promotion events (purpose [`PROMOTION_PURPOSE`]) and
    /// that the actor's organisation may apply to: where it asks for an event's funding.
    pub async fn event_funding_programmes(
        &self,
        actor: &Actor,
    ) -> Result<Vec<ProgrammePool>, AppError> {
        if actor.fund_applicant().is_none() {
            return Ok(Vec::new());
        }
        // An organisation without a province on record can apply to nothing.
        let Ok(applicant) = self.applicant(actor) else {
            return Ok(Vec::new());
        };
        Ok(self
            .fund_programmes()
            .await?
            .into_iter()
            .filter(|pp| {
                let p = &pp.programme;
                p.kind == ProgrammeKind::SpecialFund
                    && p.category(PROMOTION_PURPOSE).is_some()
                    && p.ineligibility(&applicant).is_empty()
            })
            .collect())
    }

    /// Whether the actor may read `a`: its own organisation's, its province's, all for the
    /// ministry, and policy loans for the bank.
    pub fn may_read_fund_application(
        &self,
        actor: &Actor,
        a: &Application,
        kind: ProgrammeKind,
    ) -> bool {
        if actor.org_id() == Some(a.applicant_org_id) {
            return true;
        }
        match actor.scope() {
            Scope::All => true,
            Scope::Province(code) => a.province_code == code,
            Scope::Organisation(_) => {
                actor.org_kind() == Some(gowest_domain::org::OrgKind::Bank)
                    && kind == ProgrammeKind::PolicyLoan
                    && a.status != Status::Draft
            }
            Scope::Zone(_) | Scope::Public => false,
        }
    }

    /// The applications the actor may read, narrowed by `filter`.
    #[tracing::instrument(skip_all)]
    pub async fn fund_applications(
        &self,
        actor: &Actor,
        mut filter: ApplicationFilter,
    ) -> Result<Vec<Application>, AppError> {
        match actor.scope() {
            Scope::All => {}
            Scope::Province(code) => filter.province_code = Some(code.as_str().to_owned()),
            Scope::Zone(_) => filter.applicant_org_id = actor.org_id(),
            Scope::Organisation(_)
                if actor.org_kind() == Some(gowest_domain::org::OrgKind::Bank) => {}
            Scope::Organisation(_) => filter.applicant_org_id = actor.org_id(),
            Scope::Public => return Err(AppError::Forbidden),
        }
        let kinds: std::collections::HashMap<i64, ProgrammeKind> = self
            .store
            .fund_programmes()
            .await?
            .into_iter()
            .map(|p| (p.programme.id, p.programme.kind))
            .collect();
        let all = self.store.fund_applications(&filter).await?;
        Ok(all
            .into_iter()
            .filter(|a| {
                kinds
                    .get(&a.programme_id)
                    .is_some_and(|k| self.may_read_fund_application(actor, a, *k))
            })
            .collect())
    }

    /// One application with its computed figures and history; "not found" when the actor
    /// may not read it, so ids reveal nothing.
    pub async fn fund_application(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<ApplicationView, AppError> {
        let a = self.store.fund_application(id).await?;
        let p = self.store.fund_programme(a.programme_id).await?;
        if !self.may_read_fund_application(actor, &a, p.programme.kind) {
            return Err(AppError::NotFound {
                entity: "fund application",
            });
        }
        let history = self.store.fund_transitions(id).await?;
        Ok(ApplicationView {
            preview: Preview::of(&p.programme, &a.body),
            application: a,
            history,
        })
    }

    /// The live calculation preview of a form: checked values, nothing written.
    pub async fn fund_preview(
        &self,
        programme_id: i64,
        input: &ApplicationInput,
    ) -> Result<Preview, AppError> {
        let p = self.store.fund_programme(programme_id).await?;
        let (_, body) = input.validate(&p.programme)?;
        Ok(Preview::of(&p.programme, &body))
    }

    /// The actor's organisation as eligibility sees it.
    pub(crate) fn applicant(&self, actor: &Actor) -> Result<Applicant, AppError> {
        let m = actor.acting.as_ref().ok_or(AppError::Forbidden)?;
        let directory = self.directory();
        let (province_code, zone) = match &m.org.place {
            OrgPlace::Zone {
                zone_id,
                province_code,
            } => {
                let level = directory
                    .zone(*zone_id)
                    .map(|z| z.fields.level)
                    .ok_or(AppError::NotFound { entity: "zone" })?;
                (province_code.clone(), Some((*zone_id, level)))
            }
            OrgPlace::Enterprise { province_code, .. } => (province_code.clone(), None),
            OrgPlace::PromotionAgency {
                province_code: Some(code),
            } => (code.clone(), None),
            _ => {
                return Err(invalid(
                    "applicant",
                    "no_province",
                    "申请机构未登记所在省份，不能申请".into(),
                    "applicant: the organisation has no province on record".into(),
                ));
            }
        };
        let region = directory
            .catalog
            .province(&province_code)
            .map(|p| p.region)
            .ok_or(AppError::NotFound { entity: "province" })?;
        Ok(Applicant {
            org_id: m.org.id,
            kind: m.org.place.kind(),
            province_code,
            region,
            zone,
        })
    }

    /// Files a new draft for the actor's organisation; an ineligible applicant or a bad
    /// value is refused and nothing is written.
    #[tracing::instrument(skip_all, fields(programme = programme_id))]
    pub async fn create_fund_application(
        &self,
        ctx: &Context,
        programme_id: i64,
        input: &ApplicationInput,
    ) -> Result<Application, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let right = actor.fund_applicant().ok_or(AppError::Forbidden)?;
        let p = self.store.fund_programme(programme_id).await?;
        crate::training_subsidy::refuse_typed_claim(&p.programme)?;
        let applicant = self.applicant(actor)?;
        let mut v = Validation(p.programme.ineligibility(&applicant));
        let parsed = input.validate(&p.programme);
        let (title, body) = match parsed {
            Ok(ok) if v.is_empty() => ok,
            Ok(_) => return Err(AppError::Invalid(v)),
            Err(mut e) => {
                v.0.append(&mut e.0);
                return Err(AppError::Invalid(v));
            }
        };
        Validation(p.programme.pilot_refusals(applicant.region, &body)).finish(())?;
        let preview = Preview::of(&p.programme, &body);
        let now = self.clock.now();
        let mut tx = self.write(&right, ctx).await?;
        let new = NewApplication {
            programme_id,
            series_id: None,
            version: 1,
            applicant_org_id: right.org_id(),
            zone_id: applicant.zone.map(|(id, _)| id),
            province_code: applicant.province_code.as_str(),
            region: applicant.region.code(),
            title: &title,
            body: &body,
            requested: preview.requested,
            flagged: preview.flagged,
            demo: actor.demo,
            created_by: Some(right.by()),
        };
        let id = tx.insert_fund_application(&new, now).await?;
        self.finish_fund(tx, "funds.create", id, None).await
    }

    /// Rewrites a draft of the actor's organisation.
    #[tracing::instrument(skip_all, fields(application = id))]
    pub async fn update_fund_draft(
        &self,
        ctx: &Context,
        id: i64,
        input: &ApplicationInput,
    ) -> Result<Application, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let right = actor.fund_applicant().ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&right, ctx).await?;
        let before = tx.fund_application(id).await?;
        if before.applicant_org_id != right.org_id() {
            return Err(AppError::NotFound {
                entity: "fund application",
            });
        }
        let p = tx.fund_programme(before.programme_id).await?;
        crate::training_subsidy::refuse_typed_claim(&p.programme)?;
        let (title, body) = input.validate(&p.programme)?;
        Validation(p.programme.pilot_refusals(before.region, &body)).finish(())?;
        let preview = Preview::of(&p.programme, &body);
        if !tx
            .update_fund_draft(
                id,
                &title,
                &body,
                preview.requested,
                preview.flagged,
                self.clock.now(),
            )
            .await?
        {
            return Err(read_only(before.status));
        }
        self.finish_fund(tx, "funds.edit", id, Some(&before)).await
    }

    /// Version n+1 of a returned application, as a draft with the same content.
    #[tracing::instrument(skip_all, fields(application = id))]
    pub async fn new_fund_version(&self, ctx: &Context, id: i64) -> Result<Application, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let right = actor.fund_applicant().ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&right, ctx).await?;
        let before = tx.fund_application(id).await?;
        if before.applicant_org_id != right.org_id() {
            return Err(AppError::NotFound {
                entity: "fund application",
            });
        }
        if before.status != Status::Returned {
            return Err(invalid(
                "status",
                "not_returned",
                "只有被退回的申请才能提交新版本".into(),
                "only a returned application takes a new version".into(),
            ));
        }
        let new = NewApplication {
            programme_id: before.programme_id,
            series_id: Some(before.series_id),
            version: before.version + 1,
            applicant_org_id: before.applicant_org_id,
            zone_id: before.zone_id,
            province_code: before.province_code.as_str(),
            region: before.region.code(),
            title: &before.title,
            body: &before.body,
            requested: before.requested,
            flagged: before.flagged,
            demo: before.demo,
            created_by: Some(right.by()),
        };
        // UNIQUE (series_id, version): a second new version of the same one is a conflict.
        let new_id = tx.insert_fund_application(&new, self.clock.now()).await?;
        self.finish_fund(tx, "funds.new_version", new_id, Some(&before))
            .await
    }

    /// One transition with its ledger entries, file and comment.
    #[tracing::instrument(skip_all, fields(application = id))]
    pub async fn act_on_fund_application(
        &self,
        ctx: &Context,
        id: i64,
        input: &ActionInput,
    ) -> Result<Application, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let (action, comment, granted, file) = check_action(input)?;
        let right = actor
            .fund_applicant()
            .map(FundRight::Applicant)
            .or_else(|| actor.fund_reviewer().map(FundRight::Reviewer))
            .ok_or(AppError::Forbidden)?;
        let now = self.clock.now();
        let mut tx = self.write(&right, ctx).await?;
        let before = tx.fund_application(id).await?;
        let pp = tx.fund_programme(before.programme_id).await?;
        let kind = pp.programme.kind;
        if !self.may_read_fund_application(actor, &before, kind) {
            return Err(AppError::NotFound {
                entity: "fund application",
            });
        }
        let to = next(kind, before.status, action)
            .map_err(|e| AppError::Invalid(Validation(vec![e])))?;
        self.check_stage(actor, &before, action.stage(kind, before.status))?;
        let by = Some(actor.user_id);
        let mut grant = None;
        match action {
            Action::Submit => self.check_submission(&pp, &before, actor)?,
            Action::Approve if kind == ProgrammeKind::InterestSubsidy && pp.allocated => {
                return Err(invalid(
                    "action",
                    "quota_allocated",
                    "本年度配额已分配，不能再批准新的贴息申请".into(),
                    "the year's quota is already allocated".into(),
                ));
            }
            // An interest-subsidy claim is committed when the quota is split, not now.
            Action::Approve if kind == ProgrammeKind::InterestSubsidy => {}
            Action::Approve => {
                let amount = granted.unwrap_or(before.requested);
                if amount > before.requested || amount.0 <= 0 {
                    return Err(invalid(
                        "granted_yuan",
                        "out_of_range",
                        format!("批准金额须大于零且不超过申请金额 {}", before.requested),
                        format!(
                            "granted_yuan must be positive and at most the {} requested",
                            before.requested
                        ),
                    ));
                }
                grant = Some(amount);
            }
            _ => {}
        }
        if !tx
            .move_fund_application(id, before.status, to, grant, now)
            .await?
        {
            return Err(AppError::Conflict(
                "the application was changed meanwhile; reload it".into(),
            ));
        }
        let ledger = match (action, kind) {
            (Action::Approve, ProgrammeKind::PolicyLoan | ProgrammeKind::SpecialFund) => {
                grant.map(|g| (EntryKind::Commit, g, "granted_yuan"))
            }
            (Action::BankDecline, _) => Some((
                EntryKind::Release,
                Fen(before.committed.0 - before.disbursed.0),
                "action",
            )),
            (Action::Pay, _) if before.committed.0 == 0 => {
                return Err(invalid(
                    "action",
                    "nothing_committed",
                    "尚未分配或承诺资金，不能拨付".into(),
                    "nothing is committed to this application yet".into(),
                ));
            }
            (Action::Pay, _) => Some((
                EntryKind::Disburse,
                Fen(before.committed.0 - before.disbursed.0),
                "action",
            )),
            _ => None,
        };
        if let Some((entry, amount, field)) = ledger
            && amount.0 > 0
            && let Err(refused) = tx
                .fund_ledger_entry(pp.pool_id, id, entry, amount, by, now)
                .await?
        {
            return Err(pool_refused(field, refusal(refused, entry, amount)));
        }
        // After the pool's row is locked by the commit above, so concurrent approvals of one
        // programme count each other's pilots (PostgreSQL) or run one at a time (SQLite).
        let mut pilots_marked = false;
        if action == Action::Approve
            && let Some(terms) = pp.programme.terms_for(before.region)
        {
            let taken = tx
                .fund_approvals_in_region(pp.programme.id, before.region.code())
                .await?;
            if taken > terms.pilot_slots {
                return Err(invalid(
                    "action",
                    "no_pilot_slot",
                    format!(
                        "{}地区的{}个试点名额已用完",
                        before.region.name_zh(),
                        terms.pilot_slots
                    ),
                    format!(
                        "the {} pilot slots of the {} region are taken",
                        terms.pilot_slots,
                        before.region.code()
                    ),
                ));
            }
            // The applicant's markets and distributors become pilots of the programme.
            pilots_marked = tx.mark_pilots_of_org(before.applicant_org_id).await? > 0;
        }
        let attachment = match file {
            Some((media, sha, upload)) => Some(
                tx.insert_attachment(
                    NewAttachment {
                        sha256: &sha,
                        file_name: upload.file_name.trim(),
                        media_type: media.mime(),
                        content: &upload.content,
                        uploaded_by: by,
                    },
                    now,
                )
                .await?,
            ),
            None => None,
        };
        tx.insert_fund_transition(
            id,
            action.code(),
            before.status,
            to,
            comment.as_deref(),
            attachment,
            by,
            actor.org_id(),
            now,
        )
        .await?;
        let after = tx.fund_application(id).await?;
        let mut record = Record::new(
            format!("funds.{}", action.code()),
            Entity::FundApplication,
            id,
        )
        .before(&before)
        .after(&after)
        .concerns([before.applicant_org_id]);
        if pilots_marked {
            record = record.also(Entity::Market, None);
        }
        tx.finish(record).await?;
        if pilots_marked {
            self.market_list.forget();
        }
        Ok(after)
    }

    /// Splits the year's interest-subsidy quota over the approved claims (largest remainder
    /// when over-subscribed) and commits each share; once per programme.
    #[tracing::instrument(skip_all, fields(programme = programme_id))]
    pub async fn allocate_fund_quota(
        &self,
        ctx: &Context,
        programme_id: i64,
    ) -> Result<Vec<Application>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let reviewer = actor.fund_reviewer().ok_or(AppError::Forbidden)?;
        if reviewer.stage() != FundStage::Ministry {
            return Err(AppError::Forbidden);
        }
        let now = self.clock.now();
        let mut tx = self.write(&reviewer, ctx).await?;
        let pp = tx.fund_programme(programme_id).await?;
        if pp.programme.kind != ProgrammeKind::InterestSubsidy {
            return Err(invalid(
                "programme_id",
                "not_interest_subsidy",
                "只有财政贴息项目按配额分配".into(),
                "only an interest-subsidy programme has a quota to allocate".into(),
            ));
        }
        if !tx.mark_fund_allocated(programme_id, now).await? {
            return Err(AppError::Conflict(
                "the quota of this programme is already allocated".into(),
            ));
        }
        let approved = tx
            .fund_applications_in(programme_id, Status::Approved)
            .await?;
        let claims: Vec<Claim> = approved
            .iter()
            .map(|a| Claim {
                application_id: a.id,
                amount: a.requested,
            })
            .collect();
        // The cap is per zone: a zone's claims together first, then the quota over all.
        let org: std::collections::HashMap<i64, i64> = approved
            .iter()
            .map(|a| (a.id, a.applicant_org_id))
            .collect();
        let claims = cap_per_zone(
            &claims,
            |c| org.get(&c.application_id).copied().unwrap_or_default(),
            pp.programme.zone_cap,
        );
        let shares = allocate(pp.totals.size, &claims);
        for (a, share) in approved.iter().zip(&shares) {
            tx.move_fund_application(a.id, Status::Approved, Status::Approved, Some(*share), now)
                .await?;
            if share.0 > 0
                && let Some(refused) = tx
                    .fund_ledger_entry(
                        pp.pool_id,
                        a.id,
                        EntryKind::Commit,
                        *share,
                        Some(actor.user_id),
                        now,
                    )
                    .await?
                    .err()
                    .map(|refused| refusal(refused, EntryKind::Commit, *share))
            {
                return Err(pool_refused("programme_id", refused));
            }
        }
        let split: Vec<(i64, Fen, Fen, Fen)> = approved
            .iter()
            .zip(&claims)
            .zip(&shares)
            .map(|((a, c), s)| (a.id, a.requested, c.amount, *s))
            .collect();
        let mut out = Vec::with_capacity(approved.len());
        for a in &approved {
            out.push(tx.fund_application(a.id).await?);
        }
        tx.finish(
            Record::new("funds.allocate", Entity::FundProgramme, programme_id)
                .after(&split)
                .concerns(approved.iter().map(|a| a.applicant_org_id)),
        )
        .await?;
        Ok(out)
    }

    fn check_stage(&self, actor: &Actor, a: &Application, stage: Stage) -> Result<(), AppError> {
        let allowed = match stage {
            Stage::Applicant => actor
                .fund_applicant()
                .is_some_and(|r| r.org_id() == a.applicant_org_id),
            Stage::Province => actor.fund_reviewer().is_some_and(|r| {
                r.stage() == FundStage::Province
                    && r.scope() == Scope::Province(a.province_code.clone())
            }),
            Stage::Ministry => actor
                .fund_reviewer()
                .is_some_and(|r| r.stage() == FundStage::Ministry),
            Stage::Bank => actor
                .fund_reviewer()
                .is_some_and(|r| r.stage() == FundStage::Bank),
        };
        if allowed {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// What blocks a submission: the window, eligibility as it is today, completeness.
    fn check_submission(
        &self,
        pp: &ProgrammePool,
        a: &Application,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let p = &pp.programme;
        let today = self.today_in_china();
        let mut v = Validation::default();
        if today < p.opens_on || today > p.closes_on {
            v.push(FieldError::new(
                "action",
                "closed",
                format!(
                    "“{}”的申报期为 {} 至 {}",
                    p.name_zh, p.opens_on, p.closes_on
                ),
                format!(
                    "{} takes submissions from {} to {}",
                    p.code, p.opens_on, p.closes_on
                ),
            ));
        }
        v.0.extend(p.ineligibility(&self.applicant(actor)?));
        v.0.extend(a.body.incomplete().0);
        v.0.extend(p.pilot_incomplete(a.region, &a.body));
        v.0.extend(p.pilot_refusals(a.region, &a.body));
        Ok(v.finish(())?)
    }

    /// Re-reads the application, records the change with the applicant's organisation
    /// concerned, and commits.
    pub(crate) async fn finish_fund(
        &self,
        mut tx: Write,
        action: &str,
        id: i64,
        before: Option<&Application>,
    ) -> Result<Application, AppError> {
        let after = tx.fund_application(id).await?;
        let mut record = Record::new(action, Entity::FundApplication, id)
            .after(&after)
            .concerns([after.applicant_org_id]);
        if let Some(before) = before {
            record = record.before(before);
        }
        tx.finish(record).await?;
        Ok(after)
    }
}

fn read_only(status: Status) -> AppError {
    invalid(
        "status",
        "read_only",
        format!("“{}”状态的申请为只读，不能修改", status.name_zh()),
        format!("an application that is {} is read-only", status.name_en()),
    )
}

type CheckedFile<'a> = (
    gowest_domain::attachment::MediaType,
    String,
    &'a EvidenceUpload,
);

/// An action input once checked: the action, comment, grant and file.
type CheckedAction<'a> = (Action, Option<String>, Option<Fen>, Option<CheckedFile<'a>>);

/// The action, comment, grant and file of an input, or every problem at once.
fn check_action(input: &ActionInput) -> Result<CheckedAction<'_>, AppError> {
    let mut v = Validation::default();
    let action = Action::parse(&input.action);
    if action.is_none() {
        v.push(FieldError::new(
            "action",
            "unknown",
            format!("未知操作“{}”", input.action.trim()),
            format!("action: '{}' is not an action", input.action.trim()),
        ));
    }
    let comment = input.comment.trim();
    if comment.chars().count() > 2000 {
        v.push(FieldError::new(
            "comment",
            "too_long",
            "意见不能超过2000个字符",
            "comment must be at most 2000 characters",
        ));
    }
    let granted = match input.granted_yuan.trim() {
        "" => None,
        raw => match Fen::from_yuan_str(raw) {
            Ok(f) => Some(f),
            Err(_) => {
                v.push(FieldError::new(
                    "granted_yuan",
                    "not_a_number",
                    format!("“{raw}”不是有效金额（元，最多两位小数）"),
                    format!("granted_yuan: '{raw}' is not an amount in yuan"),
                ));
                None
            }
        },
    };
    let file = match &input.attachment {
        Some(upload) => match check_upload(
            "attachment",
            &upload.file_name,
            upload.media_type.as_deref(),
            &upload.content,
        ) {
            Ok(media) => Some((media, hex::encode(Sha256::digest(&upload.content)), upload)),
            Err(mut e) => {
                v.0.append(&mut e.0);
                None
            }
        },
        None => None,
    };
    match action {
        Some(action) if v.is_empty() => Ok((
            action,
            (!comment.is_empty()).then(|| comment.to_owned()),
            granted,
            file,
        )),
        _ => Err(AppError::Invalid(v)),
    }
}

/// The ministry's edit of a programme, as typed: the window, the pool's size and the
/// designated provincial zones; blank keeps the value.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ProgrammeEdit {
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub closes_on: String,
    /// 元: the pool, budget or quota; never below what is committed.
    #[serde(default)]
    pub pool_yuan: String,
    /// Zone ids designated whatever their level (replaces the list when given).
    #[serde(default)]
    pub designated_zones: Option<Vec<i64>>,
}

impl App {
    /// Edits a programme (the ministry only); a pool cannot shrink below its commitments.
    #[tracing::instrument(skip_all, fields(programme = id))]
    pub async fn edit_fund_programme(
        &self,
        ctx: &Context,
        id: i64,
        edit: &ProgrammeEdit,
    ) -> Result<ProgrammePool, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let ministry = actor
            .fund_reviewer()
            .filter(|r| r.stage() == FundStage::Ministry)
            .ok_or(AppError::Forbidden)?;
        let mut v = Validation::default();
        let date = |v: &mut Validation, field: &str, raw: &str| match raw.trim() {
            "" => None,
            raw => match raw.parse::<chrono::NaiveDate>() {
                Ok(d) => Some(d),
                Err(_) => {
                    v.push(FieldError::new(
                        field,
                        "not_a_date",
                        format!("“{raw}”不是有效日期"),
                        format!("{field}: '{raw}' is not a date (YYYY-MM-DD)"),
                    ));
                    None
                }
            },
        };
        let opens = date(&mut v, "opens_on", &edit.opens_on);
        let closes = date(&mut v, "closes_on", &edit.closes_on);
        let size = match edit.pool_yuan.trim() {
            "" => None,
            raw => match Fen::from_yuan_str(raw) {
                Ok(f) if !f.is_negative() => Some(f),
                _ => {
                    v.push(FieldError::new(
                        "pool_yuan",
                        "not_an_amount",
                        format!("“{raw}”不是有效的非负金额（元）"),
                        format!("pool_yuan: '{raw}' is not a non-negative amount in yuan"),
                    ));
                    None
                }
            },
        };
        let now = self.clock.now();
        let mut tx = self.write(&ministry, ctx).await?;
        let before = tx.fund_programme(id).await?;
        let mut p = before.programme.clone();
        p.opens_on = opens.unwrap_or(p.opens_on);
        p.closes_on = closes.unwrap_or(p.closes_on);
        if p.closes_on < p.opens_on {
            v.push(FieldError::new(
                "closes_on",
                "before_opening",
                "截止日期不能早于开始日期",
                "closes_on must not be before opens_on",
            ));
        }
        if let Some(zones) = &edit.designated_zones {
            let directory = self.directory();
            if let Some(bad) = zones.iter().find(|z| directory.zone(**z).is_none()) {
                v.push(FieldError::new(
                    "designated_zones",
                    "unknown",
                    format!("没有编号为{bad}的开发区"),
                    format!("designated_zones: no zone {bad}"),
                ));
            }
            p.eligibility.designated_zones = zones.clone();
        }
        let size = size.unwrap_or(before.totals.size);
        if size < before.totals.committed {
            v.push(FieldError::new(
                "pool_yuan",
                "below_committed",
                format!("资金池不能小于已承诺的 {}", before.totals.committed),
                format!(
                    "pool_yuan must not be below the {} committed",
                    before.totals.committed
                ),
            ));
        }
        v.finish(())?;
        tx.update_fund_programme(&p, size, now).await?;
        let after = tx.fund_programme(id).await?;
        tx.finish(
            Record::new("funds.programme_edit", Entity::FundProgramme, id)
                .before(&before)
                .after(&after),
        )
        .await?;
        Ok(after)
    }
}

impl App {
    /// A file kept with one of the application's transitions, to a reader of the application.
    pub async fn fund_attachment(
        &self,
        actor: &Actor,
        application_id: i64,
        attachment_id: i64,
    ) -> Result<crate::pipeline_funds::Attachment, AppError> {
        let view = self.fund_application(actor, application_id).await?;
        if !view
            .history
            .iter()
            .any(|t| t.attachment_id == Some(attachment_id))
        {
            return Err(AppError::NotFound {
                entity: "attachment",
            });
        }
        Ok(self.store.attachment(attachment_id).await?)
    }
}

/// One funded item as the public sees it (公示): who got what, for what.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FundedItem {
    pub application_id: i64,
    pub programme_id: i64,
    pub programme_zh: String,
    pub applicant_zh: String,
    pub province_code: String,
    pub title: String,
    pub status: Status,
    pub granted: Fen,
    pub disbursed: Fen,
    pub demo: bool,
}

impl App {
    /// Every approved application (granted, approved by the bank, or paid), for everyone to
    /// see, as EU Kohesio shows funded projects: no sign-in, no personal data.
    pub async fn funded_items(
        &self,
        programme_id: Option<i64>,
    ) -> Result<Vec<FundedItem>, AppError> {
        let programmes = self.store.fund_programmes().await?;
        let names: std::collections::HashMap<i64, String> = programmes
            .iter()
            .map(|p| (p.programme.id, p.programme.name_zh.clone()))
            .collect();
        let orgs: std::collections::HashMap<i64, String> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| (o.id, o.name_zh))
            .collect();
        let filter = ApplicationFilter {
            programme_id,
            statuses: vec![Status::Approved, Status::BankApproved, Status::Paid],
            ..ApplicationFilter::default()
        };
        let mut items: Vec<FundedItem> = self
            .store
            .fund_applications(&filter)
            .await?
            .into_iter()
            .filter(|a| a.granted.0 > 0)
            .map(|a| FundedItem {
                application_id: a.id,
                programme_id: a.programme_id,
                programme_zh: names.get(&a.programme_id).cloned().unwrap_or_default(),
                applicant_zh: orgs.get(&a.applicant_org_id).cloned().unwrap_or_default(),
                province_code: a.province_code.as_str().to_owned(),
                title: a.title,
                status: a.status,
                granted: a.granted,
                disbursed: a.disbursed,
                demo: a.demo,
            })
            .collect();
        items.sort_by(|a, b| {
            b.granted
                .cmp(&a.granted)
                .then(a.application_id.cmp(&b.application_id))
        });
        Ok(items)
    }
}
