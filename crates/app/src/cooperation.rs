//! East–west cooperation use-cases: the agreement register with milestones and progress,
//! links of relocated enterprises and pipeline projects, co-built parks and their sharing
//! ledger. Parties read their agreements and parks across scopes (see
//! `Actor::reads_any_zone`); every write is one audited transaction.

use crate::audit::Context;
use crate::write::{Record, Write};
use crate::{App, AppError};
use gowest_domain::access::Actor;
use gowest_domain::change::Entity;
use gowest_domain::cooperation::{
    Agreement, AgreementInput, AgreementProgress, CoBuiltPark, Milestone, MilestoneInput,
    MilestoneState, MilestoneUpdate, ParkInput, Party, SharingEntry, SharingInput, SharingTotals,
};
use gowest_domain::pipeline::Stage;
use gowest_domain::region::ProvinceCode;
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
use gowest_store::cooperation::StoredAgreement;
use gowest_store::pipeline::RecordSet;
use serde::Serialize;
use utoipa::ToSchema;

/// A milestone with what a reader is shown today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MilestoneView {
    #[serde(flatten)]
    pub milestone: Milestone,
    pub state: MilestoneState,
}

/// A record linked to an agreement: its id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Linked {
    pub id: i64,
    pub name_zh: String,
}

/// An agreement with its milestones, links and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgreementView {
    #[serde(flatten)]
    pub agreement: Agreement,
    pub milestones: Vec<MilestoneView>,
    /// Relocated enterprises (organisations).
    pub enterprises: Vec<Linked>,
    /// Pipeline projects brought by the agreement.
    pub projects: Vec<Linked>,
    pub progress: AgreementProgress,
    pub demo: bool,
}

/// A park with its parties' names, enterprises and ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ParkView {
    #[serde(flatten)]
    pub park: CoBuiltPark,
    pub host_zone_name_zh: String,
    pub partner_zone_name_zh: String,
    pub enterprise_org_ids: Vec<i64>,
    pub entries: Vec<SharingEntry>,
    pub totals: SharingTotals,
}

fn one(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

impl App {
    fn party(&self, zone_id: i64) -> Option<Party> {
        self.directory().zone(zone_id).map(|z| Party {
            zone_id,
            name_zh: z.fields.name_zh.clone(),
            region: z.region,
        })
    }

    fn province_of(&self, zone_id: i64) -> Option<ProvinceCode> {
        self.directory()
            .zone(zone_id)
            .map(|z| z.fields.province_code.clone())
    }

    /// Whether the actor's scope reaches any of these zones.
    fn reads_zones(&self, actor: &Actor, zone_ids: &[i64]) -> bool {
        let provinces: Vec<(i64, ProvinceCode)> = zone_ids
            .iter()
            .filter_map(|z| self.province_of(*z).map(|p| (*z, p)))
            .collect();
        let refs: Vec<(i64, &ProvinceCode)> = provinces.iter().map(|(z, p)| (*z, p)).collect();
        actor.reads_any_zone(&refs)
    }

    fn to_agreement(&self, s: StoredAgreement) -> Result<Agreement, AppError> {
        let party = |z: i64| {
            self.party(z).ok_or(AppError::NotFound {
                entity: "agreement party zone",
            })
        };
        Ok(Agreement {
            id: s.id,
            kind: s.kind,
            title: s.title,
            lead: party(s.lead_zone_id)?,
            partners: s
                .partner_zone_ids
                .iter()
                .map(|z| party(*z))
                .collect::<Result<_, _>>()?,
            signed_on: s.signed_on,
            content: s.content,
            target_enterprises: s.target_enterprises,
            target_investment: s.target_investment,
            target_jobs: s.target_jobs,
            ministry_support: s.ministry_support,
        })
    }

    async fn agreement_view(
        &self,
        tx: &mut Tx,
        s: StoredAgreement,
    ) -> Result<AgreementView, AppError> {
        let today = self.today_in_china();
        let demo = s.demo;
        let agreement = self.to_agreement(s)?;
        let milestones: Vec<MilestoneView> = tx
            .milestones(Some(agreement.id))
            .await?
            .into_iter()
            .map(|m| MilestoneView {
                state: m.state(today),
                milestone: m,
            })
            .collect();
        let (orgs, records) = tx.agreement_links(agreement.id).await?;
        let mut progress = AgreementProgress {
            enterprises: orgs.len() as u32,
            projects: records.len() as u32,
            milestones_total: milestones.len() as u32,
            milestones_done: milestones
                .iter()
                .filter(|m| m.state == MilestoneState::Done)
                .count() as u32,
            milestones_overdue: milestones
                .iter()
                .filter(|m| m.state == MilestoneState::Overdue)
                .count() as u32,
            ..Default::default()
        };
        let mut projects = Vec::with_capacity(records.len());
        for id in &records {
            for e in tx.pipeline_entries(&RecordSet::One(*id)).await? {
                if e.record.state.stage != Stage::Dropped {
                    progress.investment.0 += e.record.counted_amount().0;
                }
                progress.jobs += e.record.jobs_created;
                projects.push(Linked {
                    id: e.id(),
                    name_zh: e.record.project_name.clone(),
                });
            }
        }
        let mut enterprises = Vec::with_capacity(orgs.len());
        for id in orgs {
            enterprises.push(Linked {
                id,
                name_zh: tx.organisation(id).await?.name_zh,
            });
        }
        Ok(AgreementView {
            agreement,
            milestones,
            enterprises,
            projects,
            progress,
            demo,
        })
    }

    /// The agreements the actor's scope reaches through any party.
    #[tracing::instrument(skip_all)]
    pub async fn agreements(&self, actor: &Actor) -> Result<Vec<AgreementView>, AppError> {
        let mut tx = self.read_only().await?;
        let mut out = Vec::new();
        for s in tx.agreements().await? {
            let mut zones = s.partner_zone_ids.clone();
            zones.push(s.lead_zone_id);
            if self.reads_zones(actor, &zones) {
                out.push(self.agreement_view(&mut tx, s).await?);
            }
        }
        Ok(out)
    }

    /// One agreement; "not found" when the actor's scope does not reach it.
    pub async fn agreement(&self, actor: &Actor, id: i64) -> Result<AgreementView, AppError> {
        let mut tx = self.read_only().await?;
        let s = tx.agreement(id).await?;
        let mut zones = s.partner_zone_ids.clone();
        zones.push(s.lead_zone_id);
        if !self.reads_zones(actor, &zones) {
            return Err(AppError::NotFound {
                entity: "agreement",
            });
        }
        self.agreement_view(&mut tx, s).await
    }

    /// Opens the write of a change to agreement `id`, checking the actor keeps it.
    async fn open_agreement(&self, ctx: &Context, id: i64) -> Result<(Write, Agreement), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let parties = self
            .to_agreement(self.read_only().await?.agreement(id).await?)?
            .zone_ids();
        if !self.reads_zones(actor, &parties) {
            return Err(AppError::NotFound {
                entity: "agreement",
            });
        }
        let keeper = actor
            .cooperation_keeper(&parties)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let agreement = self.to_agreement(tx.agreement(id).await?)?;
        Ok((tx, agreement))
    }

    /// Records an agreement; the actor must be party to it (or the ministry).
    #[tracing::instrument(skip_all)]
    pub async fn create_agreement(
        &self,
        ctx: &Context,
        input: &AgreementInput,
        demo: bool,
    ) -> Result<AgreementView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agreement = Agreement::from_input(input, |z| self.party(z), self.today_in_china())?;
        let keeper = actor
            .cooperation_keeper(&agreement.zone_ids())
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let id = tx
            .insert_agreement(&agreement, demo, self.clock.now())
            .await?;
        let stored = Agreement { id, ..agreement };
        tx.finish(Record::new("agreement.create", Entity::Agreement, id).after(&stored))
            .await?;
        self.agreement(actor, id).await
    }

    #[tracing::instrument(skip_all)]
    pub async fn add_milestone(
        &self,
        ctx: &Context,
        agreement_id: i64,
        input: &MilestoneInput,
    ) -> Result<Milestone, AppError> {
        let (mut tx, agreement) = self.open_agreement(ctx, agreement_id).await?;
        let m = input.check(agreement_id, agreement.signed_on)?;
        let id = tx.insert_milestone(&m).await?;
        let m = Milestone { id, ..m };
        tx.finish(
            Record::new("milestone.create", Entity::Milestone, id)
                .after(&m)
                .also(Entity::Agreement, agreement_id),
        )
        .await?;
        Ok(m)
    }

    #[tracing::instrument(skip_all)]
    pub async fn update_milestone(
        &self,
        ctx: &Context,
        agreement_id: i64,
        milestone_id: i64,
        update: &MilestoneUpdate,
    ) -> Result<Milestone, AppError> {
        let (mut tx, agreement) = self.open_agreement(ctx, agreement_id).await?;
        let before = tx
            .milestones(Some(agreement_id))
            .await?
            .into_iter()
            .find(|m| m.id == milestone_id)
            .ok_or(AppError::NotFound {
                entity: "milestone",
            })?;
        let after = update.apply(&before, agreement.signed_on, self.today_in_china())?;
        tx.update_milestone(&after).await?;
        tx.finish(
            Record::new("milestone.update", Entity::Milestone, milestone_id)
                .after(&after)
                .also(Entity::Agreement, agreement_id),
        )
        .await?;
        Ok(after)
    }

    /// Credits a pipeline project of a party zone to the agreement that brought it.
    #[tracing::instrument(skip_all)]
    pub async fn link_agreement_project(
        &self,
        ctx: &Context,
        agreement_id: i64,
        record_id: i64,
    ) -> Result<(), AppError> {
        let (mut tx, agreement) = self.open_agreement(ctx, agreement_id).await?;
        let entry = tx.pipeline_entries(&RecordSet::One(record_id)).await?;
        let in_party = entry
            .first()
            .is_some_and(|e| agreement.zone_ids().contains(&e.zone_id()));
        if !in_party {
            return Err(one(
                "record_id",
                "not_party",
                format!("项目{record_id}不在协议各方开发区的项目库中"),
                format!("record_id: project {record_id} is not in a party zone's pipeline"),
            ));
        }
        match tx.link_agreement_project(agreement_id, record_id).await {
            Err(gowest_store::StoreError::Conflict { .. }) => Err(one(
                "record_id",
                "already_linked",
                format!("项目{record_id}已计入某一合作协议"),
                format!("record_id: project {record_id} is already credited to an agreement"),
            )),
            other => other.map_err(AppError::from),
        }?;
        tx.finish(
            Record::new("agreement.link_project", Entity::Agreement, agreement_id)
                .after(&record_id)
                .also(Entity::PipelineRecord, record_id),
        )
        .await?;
        Ok(())
    }

    /// Records an enterprise relocated under the agreement.
    #[tracing::instrument(skip_all)]
    pub async fn link_agreement_enterprise(
        &self,
        ctx: &Context,
        agreement_id: i64,
        org_id: i64,
    ) -> Result<(), AppError> {
        let (mut tx, _) = self.open_agreement(ctx, agreement_id).await?;
        match tx.link_agreement_enterprise(agreement_id, org_id).await {
            Err(gowest_store::StoreError::Conflict { .. }) => Err(one(
                "org_id",
                "unknown_or_linked",
                format!("企业{org_id}不存在或已关联本协议"),
                format!("org_id: enterprise {org_id} does not exist or is already linked"),
            )),
            other => other.map_err(AppError::from),
        }?;
        // The enterprise linked is concerned: the agreement now counts it.
        tx.finish(
            Record::new("agreement.link_enterprise", Entity::Agreement, agreement_id)
                .after(&org_id)
                .concerns([org_id]),
        )
        .await?;
        Ok(())
    }

    /// Active enterprises by name, to link one to an agreement or a park.
    pub async fn enterprise_choices(&self) -> Result<Vec<(i64, String)>, AppError> {
        let mut out: Vec<(i64, String)> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .filter(|o| {
                o.status == gowest_domain::org::OrgStatus::Active
                    && matches!(o.place, gowest_domain::org::OrgPlace::Enterprise { .. })
            })
            .map(|o| (o.id, o.name_zh))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    async fn park_view(&self, tx: &mut Tx, park: CoBuiltPark) -> Result<ParkView, AppError> {
        let name = |z: i64| self.party(z).map(|p| p.name_zh).unwrap_or_default();
        let entries = tx.sharing_entries(park.id).await?;
        Ok(ParkView {
            host_zone_name_zh: name(park.host_zone_id),
            partner_zone_name_zh: name(park.partner_zone_id),
            enterprise_org_ids: tx.park_enterprises(park.id).await?,
            totals: SharingTotals::of(&entries),
            entries,
            park,
        })
    }

    /// The parks whose host or partner the actor's scope reaches.
    pub async fn parks(&self, actor: &Actor) -> Result<Vec<ParkView>, AppError> {
        let mut tx = self.read_only().await?;
        let mut out = Vec::new();
        for p in tx.parks().await? {
            if self.reads_zones(actor, &[p.host_zone_id, p.partner_zone_id]) {
                out.push(self.park_view(&mut tx, p).await?);
            }
        }
        Ok(out)
    }

    pub async fn park(&self, actor: &Actor, id: i64) -> Result<ParkView, AppError> {
        let mut tx = self.read_only().await?;
        let p = tx.park(id).await?;
        if !self.reads_zones(actor, &[p.host_zone_id, p.partner_zone_id]) {
            return Err(AppError::NotFound {
                entity: "co-built park",
            });
        }
        self.park_view(&mut tx, p).await
    }

    /// Records a park; the host zone keeps it.
    #[tracing::instrument(skip_all)]
    pub async fn create_park(
        &self,
        ctx: &Context,
        input: &ParkInput,
        demo: bool,
    ) -> Result<ParkView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let park = input.check(|z| self.party(z).is_some())?;
        let keeper = actor
            .park_keeper(park.host_zone_id)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        if let Some(a) = park.agreement_id {
            match tx.agreement(a).await {
                Err(gowest_store::StoreError::NotFound { .. }) => {
                    return Err(one(
                        "agreement_id",
                        "unknown",
                        format!("没有编号为{a}的合作协议"),
                        format!("agreement_id: no agreement {a}"),
                    ));
                }
                other => other.map(drop)?,
            }
        }
        let id = tx.insert_park(&park, demo, self.clock.now()).await?;
        let park = CoBuiltPark { id, ..park };
        let mut record = Record::new("park.create", Entity::Park, id).after(&park);
        if let Some(a) = park.agreement_id {
            record = record.also(Entity::Agreement, a);
        }
        tx.finish(record).await?;
        self.park(actor, id).await
    }

    /// Opens the write of a change to park `id`, checking the actor keeps it.
    async fn open_park(&self, ctx: &Context, id: i64) -> Result<(Write, CoBuiltPark), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let seen = self.read_only().await?.park(id).await?;
        if !self.reads_zones(actor, &[seen.host_zone_id, seen.partner_zone_id]) {
            return Err(AppError::NotFound {
                entity: "co-built park",
            });
        }
        let keeper = actor
            .park_keeper(seen.host_zone_id)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let park = tx.park(id).await?;
        if park.host_zone_id != keeper.zone_id() {
            return Err(AppError::Forbidden);
        }
        Ok((tx, park))
    }

    /// Books an amount to the park's sharing ledger, split at the park's shares.
    #[tracing::instrument(skip_all)]
    pub async fn add_sharing_entry(
        &self,
        ctx: &Context,
        park_id: i64,
        input: &SharingInput,
    ) -> Result<SharingEntry, AppError> {
        let (mut tx, park) = self.open_park(ctx, park_id).await?;
        let entry = input.check(&park, self.today_in_china())?;
        let by = ctx.actor.as_ref().map(|a| a.user_id);
        let id = tx
            .insert_sharing_entry(&entry, by, self.clock.now())
            .await?;
        let entry = SharingEntry { id, ..entry };
        tx.finish(Record::new("park.sharing", Entity::Park, park_id).after(&entry))
            .await?;
        Ok(entry)
    }

    /// Records an enterprise inside the park.
    pub async fn add_park_enterprise(
        &self,
        ctx: &Context,
        park_id: i64,
        org_id: i64,
    ) -> Result<(), AppError> {
        let (mut tx, _) = self.open_park(ctx, park_id).await?;
        match tx.add_park_enterprise(park_id, org_id).await {
            Err(gowest_store::StoreError::Conflict { .. }) => Err(one(
                "org_id",
                "unknown_or_linked",
                format!("企业{org_id}不存在或已在园区中"),
                format!("org_id: enterprise {org_id} does not exist or is already in the park"),
            )),
            other => other.map_err(AppError::from),
        }?;
        tx.finish(
            Record::new("park.enterprise", Entity::Park, park_id)
                .after(&org_id)
                .concerns([org_id]),
        )
        .await?;
        Ok(())
    }
}
