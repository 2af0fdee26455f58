//! Relocation demand: an enterprise drafts, publishes and withdraws what it needs; zones,
//! provinces and the ministry read what is published.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use chrono::Datelike;
use gowest_domain::access::{Actor, EnterpriseAgent};
use gowest_domain::change::Entity;
use gowest_domain::demand::{DemandInput, DemandStatus, RelocationDemand};
use gowest_domain::enterprise::Enterprise;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::listing::ListingFilterInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters of the published-demand listing, as they arrive in the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DemandQuery {
    /// A section letter (all its divisions) or a division code.
    pub industry: String,
    /// A region the enterprise would move to (`central`, `west`, …); demands naming no
    /// region are open to all.
    pub region: String,
}

/// A demand as one reader may see it: the enterprise's name only for those allowed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandView {
    #[serde(flatten)]
    pub demand: RelocationDemand,
    /// `None` when the reader may not see who posted it.
    pub enterprise_name: Option<String>,
    pub enterprise_province_code: String,
    pub enterprise_province_zh: String,
    pub processing_trade: bool,
    pub export_share_permille: u16,
}

impl DemandView {
    pub(crate) fn new(
        demand: RelocationDemand,
        enterprise: &Enterprise,
        province_zh: &str,
        named: bool,
    ) -> DemandView {
        DemandView {
            enterprise_name: named.then(|| enterprise.fields.name_zh.clone()),
            enterprise_province_code: enterprise.fields.province_code.to_string(),
            enterprise_province_zh: province_zh.to_owned(),
            processing_trade: enterprise.fields.processing_trade,
            export_share_permille: enterprise.fields.export_share_permille,
            demand,
        }
    }
}

fn profile_first() -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(
        "enterprise",
        "profile_missing",
        "请先填写企业基本信息",
        "fill in the enterprise profile first",
    )]))
}

impl App {
    fn view(&self, demand: RelocationDemand, enterprise: &Enterprise, named: bool) -> DemandView {
        let directory = self.directory();
        let province = directory
            .catalog
            .province(&enterprise.fields.province_code)
            .map(|p| p.name_zh.clone())
            .unwrap_or_default();
        DemandView::new(demand, enterprise, &province, named)
    }

    /// The agent's own demands, every status, newest first.
    pub async fn my_demands(&self, agent: &EnterpriseAgent) -> Result<Vec<DemandView>, AppError> {
        let Some(enterprise) = self.my_enterprise(agent).await? else {
            return Ok(Vec::new());
        };
        let demands = self
            .store
            .demands(gowest_store::demands::DemandSet::OfEnterprise(
                enterprise.id,
            ))
            .await?;
        Ok(demands
            .into_iter()
            .map(|d| self.view(d, &enterprise, true))
            .collect())
    }

    /// One demand: its own enterprise sees it in any status, others only once published.
    pub async fn demand_for(&self, actor: Option<&Actor>, id: i64) -> Result<DemandView, AppError> {
        let demand = self.store.demand(id).await?;
        let enterprise = self.store.enterprise(demand.enterprise_id).await?;
        let own = actor
            .and_then(|a| a.acting.as_ref())
            .is_some_and(|m| Some(m.org.id) == enterprise.org_id);
        if !own && demand.status != DemandStatus::Published {
            return Err(AppError::NotFound { entity: "demand" });
        }
        let named = own || actor.is_some_and(Actor::sees_investor_names);
        Ok(self.view(demand, &enterprise, named))
    }

    /// The form values of one of the agent's demands.
    pub async fn demand_form(
        &self,
        agent: &EnterpriseAgent,
        id: i64,
    ) -> Result<DemandInput, AppError> {
        let demand = self.own_demand(agent, id).await?;
        Ok(DemandInput::from_fields(
            &demand.fields,
            &self.directory().catalog,
        ))
    }

    async fn own_demand(
        &self,
        agent: &EnterpriseAgent,
        id: i64,
    ) -> Result<RelocationDemand, AppError> {
        let enterprise = self
            .my_enterprise(agent)
            .await?
            .ok_or(AppError::NotFound { entity: "demand" })?;
        let demand = self.store.demand(id).await?;
        if demand.enterprise_id != enterprise.id {
            return Err(AppError::NotFound { entity: "demand" });
        }
        Ok(demand)
    }

    /// Saves a new draft demand for the agent's enterprise.
    #[tracing::instrument(skip_all, fields(org = agent.org_id()))]
    pub async fn create_demand(
        &self,
        agent: &EnterpriseAgent,
        ctx: &Context,
        input: DemandInput,
    ) -> Result<RelocationDemand, AppError> {
        let now = self.clock.now();
        let fields = input.validate(&self.directory().catalog, now.date_naive())?;
        let mut tx = self.write(agent, ctx).await?;
        let enterprise = tx
            .enterprise_of_org(agent.org_id())
            .await?
            .ok_or_else(profile_first)?;
        let id = tx.insert_demand(enterprise.id, &fields, false, now).await?;
        tx.finish(Record::new("demand.create", Entity::Demand, id).after(&fields))
            .await?;
        self.reload_directory().await?;
        Ok(self.store.demand(id).await?)
    }

    /// Replaces a draft or published demand's fields.
    #[tracing::instrument(skip_all, fields(org = agent.org_id(), demand = id))]
    pub async fn update_demand(
        &self,
        agent: &EnterpriseAgent,
        ctx: &Context,
        id: i64,
        input: DemandInput,
    ) -> Result<RelocationDemand, AppError> {
        let now = self.clock.now();
        let fields = input.validate(&self.directory().catalog, now.date_naive())?;
        let before = self.own_demand(agent, id).await?;
        let mut tx = self.write(agent, ctx).await?;
        // The status as of this transaction: a withdrawal that just committed must win.
        let (owner, status) = tx.demand_owner(id).await?;
        if owner != before.enterprise_id {
            return Err(AppError::NotFound { entity: "demand" });
        }
        if !status.editable() {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "status",
                "not_editable",
                "已撤回的意向不能修改，请先重新发布",
                "a withdrawn demand cannot be edited; publish it again first",
            )])));
        }
        tx.update_demand(id, &fields, now).await?;
        tx.finish(
            Record::new("demand.update", Entity::Demand, id)
                .before(&before.fields)
                .after(&fields),
        )
        .await?;
        self.reload_directory().await?;
        Ok(self.store.demand(id).await?)
    }

    /// Publishes or withdraws one of the agent's demands.
    #[tracing::instrument(skip_all, fields(org = agent.org_id(), demand = id))]
    pub async fn set_demand_status(
        &self,
        agent: &EnterpriseAgent,
        ctx: &Context,
        id: i64,
        to: DemandStatus,
    ) -> Result<RelocationDemand, AppError> {
        let demand = self.own_demand(agent, id).await?;
        let now = self.clock.now();
        let mut tx = self.write(agent, ctx).await?;
        // Read again under the write lock: two clicks must not both pass the check.
        let (_, current) = tx.demand_owner(id).await?;
        let next = current
            .move_to(to)
            .map_err(|e| AppError::Invalid(Validation(vec![e])))?;
        if next == DemandStatus::Published
            && demand
                .fields
                .start_by
                .is_some_and(|d| (d.year(), d.month()) < (now.year(), now.month()))
        {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "start_by",
                "in_the_past",
                "计划投产时间已过，请修改后再发布",
                "start_by has passed; change it before publishing",
            )])));
        }
        tx.set_demand_status(id, next, now).await?;
        tx.finish(
            Record::new("demand.status", Entity::Demand, id)
                .before_text(Some(current.code().to_owned()))
                .after_text(Some(next.code().to_owned())),
        )
        .await?;
        self.reload_directory().await?;
        Ok(self.store.demand(id).await?)
    }

    /// Published demands as this reader may see them, newest first.
    pub fn published_demands(&self, actor: Option<&Actor>) -> Vec<DemandView> {
        let directory = self.directory();
        let named = actor.is_some_and(Actor::sees_investor_names);
        directory
            .demands
            .iter()
            .filter_map(|d| {
                let enterprise = directory.enterprises.get(&d.enterprise_id)?;
                let own = actor
                    .and_then(|a| a.acting.as_ref())
                    .is_some_and(|m| Some(m.org.id) == enterprise.org_id);
                Some(self.view(d.clone(), enterprise, named || own))
            })
            .collect()
    }

    /// Published demands that pass the filters, as this reader may see them; an unknown
    /// industry or region is refused.
    pub fn find_published_demands(
        &self,
        query: &DemandQuery,
        actor: Option<&Actor>,
    ) -> Result<Vec<DemandView>, AppError> {
        let filter = ListingFilterInput {
            industry: query.industry.clone(),
            region: query.region.clone(),
            ..ListingFilterInput::default()
        }
        .validate(&self.directory().catalog)
        .map_err(AppError::Invalid)?;
        Ok(self
            .published_demands(actor)
            .into_iter()
            .filter(|v| {
                let f = &v.demand.fields;
                filter.industry_fits(&f.industry)
                    && filter.region.is_none_or(|r| {
                        f.preferred_regions.is_empty() || f.preferred_regions.contains(&r)
                    })
            })
            .collect())
    }
}
