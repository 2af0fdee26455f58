//! Statistical returns (统计直报) use-cases: a zone's writing staff draft, edit, file and
//! revise their own zone's returns; the zone's province (or the ministry) returns them with
//! a reason or accepts them. Every move goes through the one write path and its event
//! concerns the zone and its province. Reads are scoped like the pipeline: a zone its own,
//! a province its zones, the ministry all. The checks compare with accepted versions only.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::access::{Actor, Scope};
use gowest_domain::change::Entity;
use gowest_domain::region::ProvinceCode;
use gowest_domain::returns::{
    CheckSettings, Comparison, Dictionary, Findings, Period, PeriodState, Status, Values,
    ZoneReturn, parse_values,
};
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
pub use gowest_store::returns::ReturnFilter;
use gowest_store::returns::StoredReturn;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::ToSchema;

static DICTIONARY: LazyLock<Result<Dictionary, String>> =
    LazyLock::new(|| Dictionary::shipped().map_err(|e| e.to_string()));

/// The shipped data dictionary (a test in the domain proves it loads).
pub fn dictionary() -> Result<&'static Dictionary, AppError> {
    DICTIONARY
        .as_ref()
        .map_err(|e| AppError::Internal(format!("returns dictionary: {e}")))
}

/// One version of a return as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReturnView {
    pub id: i64,
    pub zone_name_zh: String,
    pub province_code: String,
    #[serde(flatten)]
    pub ret: ZoneReturn,
    /// Filed after the period's due date.
    pub late: bool,
    pub filed_by: Option<i64>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<i64>,
    pub accepted_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
    pub demo: bool,
}

/// A return with all its versions, what the checks find in its newest version, and the
/// accepted figures it is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReturnDetail {
    /// The newest version.
    pub current: ReturnView,
    /// Every version, oldest first.
    pub versions: Vec<ReturnView>,
    pub findings: Findings,
    /// The accepted values of the same period a year before.
    pub a_year_before: Option<Values>,
    /// The accepted values of the other return of the same year.
    pub same_year_other: Option<Values>,
}

/// What a zone types into a draft: text by field code, in each field's shown unit
/// (`"1234.5"` 万元), and explanations of flagged values by field code. Blanks are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct DraftInput {
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    #[serde(default)]
    pub explanations: BTreeMap<String, String>,
}

/// One zone's return of one period, drafted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodDetail {
    pub zone_id: i64,
    pub zone_name_zh: String,
    pub period: Period,
    /// Every version, oldest first; empty before the first draft.
    pub versions: Vec<ReturnView>,
    /// The checks' findings on the newest version.
    pub findings: Option<Findings>,
    pub a_year_before: Option<Values>,
    pub same_year_other: Option<Values>,
}

/// A period of a zone as its staff see it: due, overdue, and how far its return went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PeriodRow {
    pub period: Period,
    pub due_on: NaiveDate,
    pub state: PeriodState,
    /// The newest version, if any was drafted.
    pub current: Option<ReturnView>,
}

pub(crate) fn invalid(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

impl App {
    fn return_zone(&self, zone_id: i64) -> Result<(String, ProvinceCode), AppError> {
        self.directory()
            .zone(zone_id)
            .map(|z| (z.fields.name_zh.clone(), z.fields.province_code.clone()))
            .ok_or(AppError::NotFound { entity: "zone" })
    }

    fn return_view(&self, s: StoredReturn) -> Result<ReturnView, AppError> {
        let (zone_name_zh, province) = self.return_zone(s.ret.zone_id)?;
        Ok(ReturnView {
            id: s.id,
            zone_name_zh,
            province_code: province.as_str().to_owned(),
            late: s.ret.filed_late(),
            ret: s.ret,
            filed_by: s.filed_by,
            returned_at: s.returned_at,
            returned_by: s.returned_by,
            accepted_by: s.accepted_by,
            updated_at: s.updated_at,
            demo: s.demo,
        })
    }

    /// Whether the actor reads a zone's returns.
    fn reads_returns_of(&self, actor: &Actor, zone_id: i64) -> Result<bool, AppError> {
        let (_, province) = self.return_zone(zone_id)?;
        Ok(actor.reads_any_zone(&[(zone_id, &province)]))
    }

    /// The list filter the actor's scope allows; an organisation with no zone in its scope
    /// is refused rather than shown an empty list.
    fn scoped_filter(
        &self,
        actor: &Actor,
        mut filter: ReturnFilter,
    ) -> Result<ReturnFilter, AppError> {
        match actor.scope() {
            Scope::All => {}
            Scope::Province(code) => filter.province = Some(code.as_str().to_owned()),
            Scope::Zone(own) => {
                if filter.zone_id.is_some_and(|z| z != own) {
                    return Err(AppError::Forbidden);
                }
                filter.zone_id = Some(own);
            }
            Scope::Organisation(_) | Scope::Public => return Err(AppError::Forbidden),
        }
        Ok(filter)
    }

    /// The newest version of each return the actor reads, narrowed by `filter`.
    #[tracing::instrument(skip(self, actor))]
    pub async fn returns(
        &self,
        actor: &Actor,
        filter: ReturnFilter,
    ) -> Result<Vec<ReturnView>, AppError> {
        let filter = self.scoped_filter(actor, filter)?;
        let rows = self.store.statistical_returns(&filter).await?;
        rows.into_iter().map(|s| self.return_view(s)).collect()
    }

    /// The returns a province (or the ministry) has to review: filed, oldest first.
    pub async fn returns_to_review(&self, actor: &Actor) -> Result<Vec<ReturnView>, AppError> {
        let filter = ReturnFilter {
            status: Some(Status::Filed),
            ..ReturnFilter::default()
        };
        let mut rows = self.returns(actor, filter).await?;
        rows.sort_by_key(|r| (r.ret.filed_on, r.id));
        Ok(rows)
    }

    /// The ended periods of a zone since `first_year`, newest first, each with its state
    /// today and the newest version of its return.
    pub async fn return_periods(
        &self,
        actor: &Actor,
        zone_id: i64,
        first_year: i32,
    ) -> Result<Vec<PeriodRow>, AppError> {
        if !self.reads_returns_of(actor, zone_id)? {
            return Err(AppError::Forbidden);
        }
        let filter = ReturnFilter {
            zone_id: Some(zone_id),
            ..ReturnFilter::default()
        };
        let mut current: BTreeMap<Period, ReturnView> = BTreeMap::new();
        for s in self.store.statistical_returns(&filter).await? {
            current.insert(s.ret.period, self.return_view(s)?);
        }
        let today = self.today_in_china();
        let mut rows: Vec<PeriodRow> = Period::open_on(first_year, today)
            .into_iter()
            .map(|(period, state)| PeriodRow {
                period,
                due_on: period.due_on(),
                state,
                current: current.get(&period).cloned(),
            })
            .collect();
        rows.reverse();
        Ok(rows)
    }

    async fn comparison_values(
        tx: &mut Tx,
        zone_id: i64,
        period: Period,
    ) -> Result<(Option<Values>, Option<Values>), AppError> {
        let before = tx
            .accepted_return_values(zone_id, period.a_year_before())
            .await?;
        let other = tx
            .accepted_return_values(zone_id, period.same_year_other())
            .await?;
        Ok((before, other))
    }

    /// One return by the id of any of its versions: every version, and the checks' findings
    /// on the newest.
    #[tracing::instrument(skip(self, actor))]
    pub async fn return_detail(&self, actor: &Actor, id: i64) -> Result<ReturnDetail, AppError> {
        let mut tx = self.store.read().await?;
        let one = tx.statistical_return(id).await?;
        if !self.reads_returns_of(actor, one.ret.zone_id)? {
            return Err(AppError::Forbidden);
        }
        let (zone_id, period) = (one.ret.zone_id, one.ret.period);
        let versions = tx.return_versions(zone_id, period).await?;
        let (a_year_before, same_year_other) =
            App::comparison_values(&mut tx, zone_id, period).await?;
        let newest = versions.last().cloned().ok_or(AppError::NotFound {
            entity: "statistical return",
        })?;
        let findings = newest.ret.review(
            dictionary()?,
            Comparison {
                a_year_before: a_year_before.as_ref(),
                same_year_other: same_year_other.as_ref(),
            },
            CheckSettings::default(),
        );
        Ok(ReturnDetail {
            current: self.return_view(newest)?,
            versions: versions
                .into_iter()
                .map(|s| self.return_view(s))
                .collect::<Result<_, _>>()?,
            findings,
            a_year_before,
            same_year_other,
        })
    }

    /// A zone's return of one period as its page shows it: every version (none before the
    /// first draft), the checks' findings on the newest, and the accepted comparison figures.
    pub async fn return_of_period(
        &self,
        actor: &Actor,
        zone_id: i64,
        period: Period,
    ) -> Result<PeriodDetail, AppError> {
        if !self.reads_returns_of(actor, zone_id)? {
            return Err(AppError::Forbidden);
        }
        let (zone_name_zh, _) = self.return_zone(zone_id)?;
        let mut tx = self.store.read().await?;
        let versions = tx.return_versions(zone_id, period).await?;
        let (a_year_before, same_year_other) =
            App::comparison_values(&mut tx, zone_id, period).await?;
        let findings = versions.last().map(|newest| {
            Ok::<_, AppError>(newest.ret.review(
                dictionary()?,
                Comparison {
                    a_year_before: a_year_before.as_ref(),
                    same_year_other: same_year_other.as_ref(),
                },
                CheckSettings::default(),
            ))
        });
        Ok(PeriodDetail {
            zone_id,
            zone_name_zh,
            period,
            findings: findings.transpose()?,
            versions: versions
                .into_iter()
                .map(|s| self.return_view(s))
                .collect::<Result<_, _>>()?,
            a_year_before,
            same_year_other,
        })
    }

    /// A zone's staff save the draft of a period: a new version 1, or the newest version
    /// when it is a draft or returned. Values are typed text; each error names its field.
    #[tracing::instrument(skip(self, ctx, input))]
    pub async fn save_return_draft(
        &self,
        ctx: &Context,
        zone_id: i64,
        period: Period,
        input: &DraftInput,
    ) -> Result<ReturnView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let filer = actor.return_filer(zone_id).ok_or(AppError::Forbidden)?;
        self.return_zone(zone_id)?;
        let dict = dictionary()?;
        let values = parse_values(dict, &input.values).map_err(AppError::Invalid)?;
        let mut tx = self.write(&filer, ctx).await?;
        let newest = tx.return_versions(zone_id, period).await?.pop();
        let now = tx.now();
        let (id, before, after) = match newest {
            None => {
                let ret = ZoneReturn::new(zone_id, period)
                    .edit(dict, values, input.explanations.clone())
                    .map_err(AppError::Invalid)?;
                let stored = new_stored(ret);
                let id = tx.insert_return(&stored, now).await?;
                (id, None, StoredReturn { id, ..stored })
            }
            Some(old) => {
                let ret = old
                    .ret
                    .edit(dict, values, input.explanations.clone())
                    .map_err(AppError::Invalid)?;
                let after = StoredReturn { ret, ..old.clone() };
                if !tx.update_return(&after, old.ret.status, now).await? {
                    return Err(AppError::Conflict("the return moved meanwhile".into()));
                }
                (old.id, Some(old), after)
            }
        };
        let (zone_org, province_org) = tx.return_orgs(zone_id).await?;
        let mut record = Record::new("returns.draft", Entity::StatisticalReturn, id)
            .after(&after.ret)
            .concerns(zone_org.into_iter().chain(province_org));
        if let Some(b) = &before {
            record = record.before(&b.ret);
        }
        tx.finish(record).await?;
        self.return_view(StoredReturn {
            updated_at: now,
            ..after
        })
    }

    /// The zone files (or files again) its newest version. Refused, naming each field, while
    /// a required field is missing, a value is out of range or a flag is unexplained;
    /// nothing is written then.
    #[tracing::instrument(skip(self, ctx))]
    pub async fn file_return(&self, ctx: &Context, id: i64) -> Result<ReturnView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = self
            .store
            .read()
            .await?
            .statistical_return(id)
            .await?
            .ret
            .zone_id;
        let filer = actor.return_filer(zone_id).ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&filer, ctx).await?;
        let old = tx.statistical_return(id).await?;
        let (before, other) = App::comparison_values(&mut tx, zone_id, old.ret.period).await?;
        let ret = old
            .ret
            .file(
                dictionary()?,
                Comparison {
                    a_year_before: before.as_ref(),
                    same_year_other: other.as_ref(),
                },
                CheckSettings::default(),
                self.today_in_china(),
            )
            .map_err(AppError::Invalid)?;
        let after = StoredReturn {
            ret,
            filed_by: Some(actor.user_id),
            ..old.clone()
        };
        self.finish_move(tx, "returns.file", old, after).await
    }

    /// The province (or the ministry) returns a filed version to the zone with a reason.
    #[tracing::instrument(skip(self, ctx, reason))]
    pub async fn send_back_return(
        &self,
        ctx: &Context,
        id: i64,
        reason: &str,
    ) -> Result<ReturnView, AppError> {
        let (tx, old) = self.review_write(ctx, id).await?;
        let ret = old.ret.send_back(reason).map_err(AppError::Invalid)?;
        let after = StoredReturn {
            ret,
            returned_at: Some(tx.now()),
            returned_by: ctx.actor.as_ref().map(|a| a.user_id),
            ..old.clone()
        };
        self.finish_move(tx, "returns.return", old, after).await
    }

    /// The province (or the ministry) accepts a filed version.
    #[tracing::instrument(skip(self, ctx))]
    pub async fn accept_return(&self, ctx: &Context, id: i64) -> Result<ReturnView, AppError> {
        let (tx, old) = self.review_write(ctx, id).await?;
        let ret = old
            .ret
            .accept(self.today_in_china())
            .map_err(AppError::Invalid)?;
        let after = StoredReturn {
            ret,
            accepted_by: ctx.actor.as_ref().map(|a| a.user_id),
            ..old.clone()
        };
        self.finish_move(tx, "returns.accept", old, after).await
    }

    /// The zone revises an accepted version: version n + 1 opens as a draft with the same
    /// figures and the reason. Only the newest version can be revised.
    #[tracing::instrument(skip(self, ctx, reason))]
    pub async fn revise_return(
        &self,
        ctx: &Context,
        id: i64,
        reason: &str,
    ) -> Result<ReturnView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = self
            .store
            .read()
            .await?
            .statistical_return(id)
            .await?
            .ret
            .zone_id;
        let filer = actor.return_filer(zone_id).ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&filer, ctx).await?;
        let old = tx.statistical_return(id).await?;
        let newest = tx.return_versions(zone_id, old.ret.period).await?;
        if newest.last().is_some_and(|n| n.id != old.id) {
            return Err(invalid(
                "version",
                "not_newest",
                format!("第{}版已有更新的版本，请修订最新版本", old.ret.version),
                format!(
                    "version {} has a newer version: revise the newest",
                    old.ret.version
                ),
            ));
        }
        let ret = old.ret.revise(reason).map_err(AppError::Invalid)?;
        let stored = new_stored(ret);
        let now = tx.now();
        let new_id = tx.insert_return(&stored, now).await?;
        let (zone_org, province_org) = tx.return_orgs(zone_id).await?;
        tx.finish(
            Record::new("returns.revise", Entity::StatisticalReturn, new_id)
                .before(&old.ret)
                .after(&stored.ret)
                .also(Entity::StatisticalReturn, old.id)
                .concerns(zone_org.into_iter().chain(province_org)),
        )
        .await?;
        self.return_view(StoredReturn {
            id: new_id,
            updated_at: now,
            ..stored
        })
    }

    /// Opens the reviewer's write on a version: the zone's province or the ministry.
    async fn review_write(
        &self,
        ctx: &Context,
        id: i64,
    ) -> Result<(crate::write::Write, StoredReturn), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = self
            .store
            .read()
            .await?
            .statistical_return(id)
            .await?
            .ret
            .zone_id;
        let (_, province) = self.return_zone(zone_id)?;
        let reviewer = actor
            .return_reviewer(zone_id, &province)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&reviewer, ctx).await?;
        let old = tx.statistical_return(id).await?;
        Ok((tx, old))
    }

    /// Saves a move of one version (only if nobody moved it meanwhile) and finishes the
    /// write with its audit row and event.
    async fn finish_move(
        &self,
        mut tx: crate::write::Write,
        action: &str,
        old: StoredReturn,
        after: StoredReturn,
    ) -> Result<ReturnView, AppError> {
        let now = tx.now();
        if !tx.update_return(&after, old.ret.status, now).await? {
            return Err(AppError::Conflict("the return moved meanwhile".into()));
        }
        let (zone_org, province_org) = tx.return_orgs(old.ret.zone_id).await?;
        tx.finish(
            Record::new(action, Entity::StatisticalReturn, old.id)
                .before(&old.ret)
                .after(&after.ret)
                .concerns(zone_org.into_iter().chain(province_org)),
        )
        .await?;
        self.return_view(StoredReturn {
            updated_at: now,
            ..after
        })
    }
}

/// A version not stored yet (its id is given by the insert).
pub(crate) fn new_stored(ret: ZoneReturn) -> StoredReturn {
    StoredReturn {
        id: 0,
        ret,
        filed_by: None,
        returned_at: None,
        returned_by: None,
        accepted_by: None,
        demo: false,
        updated_at: DateTime::<Utc>::MIN_UTC,
    }
}
