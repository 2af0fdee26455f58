//! To-dos: the projector that keeps the `todos` table in line with what the records wait
//! for (`domain::todos`), and the inbox each organisation reads.
//!
//! The projector reads the event log after its cursor. For every record an event touches
//! it asks the record's rule what the record waits for now and reconciles the stored
//! items, so an item closes as soon as its record moves, whoever moved it. A database never
//! projected (or a reset cursor) is rebuilt from the records themselves.

use crate::{App, AppError};
use chrono::Datelike;
use chrono::NaiveDate;
use gowest_domain::access::{Actor, Scope};
use gowest_domain::change::{Entity, Event};
use gowest_domain::cooperation::MilestoneStatus;
use gowest_domain::events::RegistrationStatus;
use gowest_domain::funds::application::Status;
use gowest_domain::funds::{Application, ProgrammeKind};
use gowest_domain::markets::Market;
use gowest_domain::org::{OrgKind, OrgPlace, OrgStatus, Organisation};
use gowest_domain::pipeline::ProblemStatus;
use gowest_domain::returns::Status as ReturnStatus;
use gowest_domain::todos::{self, Tier, Todo, TodoKind, Waiting, reconcile};
use gowest_store::returns::ReturnFilter;
use gowest_store::todos::{Owner, ProjectionTx, TodoPage};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use utoipa::ToSchema;

const PROJECTION: &str = "todos";
/// The last day whose price deadline the to-dos were brought up to (see `prices_sweep_due`).
const PRICES_SWEEP: &str = "todos.prices";
/// Events read per transaction of the projector.
const BATCH: i64 = 500;
const CATCH_UP_ROUNDS: usize = 4;
/// Items shown per list of the inbox.
pub const INBOX_LIMIT: i64 = 200;

/// The organisations, as the rules need them: who reviews for a province, who is the ministry.
struct Orgs {
    by_id: HashMap<i64, Organisation>,
}

impl Orgs {
    async fn load(app: &App) -> Result<Orgs, AppError> {
        let all = app.store.organisations().await?;
        Ok(Orgs {
            by_id: all.into_iter().map(|o| (o.id, o)).collect(),
        })
    }

    fn active(&self, wanted: impl Fn(&OrgPlace) -> bool) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .by_id
            .values()
            .filter(|o| o.status == OrgStatus::Active && wanted(&o.place))
            .map(|o| o.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn ministry(&self) -> Vec<i64> {
        self.active(|p| matches!(p, OrgPlace::Ministry))
    }

    fn province(&self, code: &str) -> Vec<i64> {
        self.active(
            |p| matches!(p, OrgPlace::Province { province_code } if province_code.as_str() == code),
        )
    }

    fn zone(&self, zone_id: i64) -> Vec<i64> {
        self.active(|p| matches!(p, OrgPlace::Zone { zone_id: z, .. } if *z == zone_id))
    }

    fn banks(&self) -> Vec<i64> {
        self.active(|p| p.kind() == OrgKind::Bank)
    }

    fn owner(&self, org_id: i64) -> Option<Owner<'_>> {
        let org = self.by_id.get(&org_id)?;
        let tier = Tier::of(org.place.kind());
        Some(Owner {
            tier,
            province: match tier {
                Tier::Local => org.place.province_code().map(|c| c.as_str()),
                Tier::Province | Tier::Ministry => None,
            },
        })
    }
}

/// What one record waits for now; `records` names every record the answer covers (a fund
/// application's whole series), so items of a record that waits for nothing close.
struct Answer {
    records: Vec<(Entity, i64)>,
    waiting: Vec<Waiting>,
}

impl App {
    /// Brings the to-dos in line with the events after the projection's cursor (or, on a
    /// database never projected, with every record). `true` when a full batch was read,
    /// so more may follow; another instance doing the same work at once makes this one
    /// stop without writing.
    pub async fn project_todos(&self) -> Result<bool, AppError> {
        let Some(from) = self.store.projection_cursor(PROJECTION).await? else {
            return self.rebuild_todos().await;
        };
        let events = self.store.events_after(from, BATCH).await?;
        let sweep = self.prices_sweep_due().await?;
        if events.is_empty() && sweep.is_none() {
            return Ok(false);
        }
        let last = events.last().map_or(from, |e| e.id);
        let more = i64::try_from(events.len()).is_ok_and(|n| n >= BATCH);
        let mut records = touched(&events);
        if sweep.is_some() {
            // A day's deadline passed: every market is asked, reported or not.
            for m in self.store.markets().await? {
                records.insert((Entity::Market, m.id));
            }
        }
        let facts = Facts::load(self, &records).await?;
        let mut answers = Vec::new();
        for &(entity, id) in &records {
            if let Some(answer) = self.waiting_for(&facts, entity, id).await? {
                answers.push(answer);
            }
        }
        let Some(mut tx) = self.store.begin_projection(PROJECTION, Some(from)).await? else {
            return Ok(false);
        };
        for answer in answers {
            let mut open = Vec::new();
            for &(entity, id) in &answer.records {
                open.extend(tx.open_todos_of_record(entity, id).await?);
            }
            self.apply(&mut tx, &facts.orgs, &open, answer.waiting)
                .await?;
        }
        if let Some(day) = sweep {
            tx.set_marker(PRICES_SWEEP, day_number(day)).await?;
        }
        tx.finish(last).await?;
        Ok(more)
    }

    /// The last day whose price deadline has passed, when the markets have not been asked
    /// about it yet.
    async fn prices_sweep_due(&self) -> Result<Option<NaiveDate>, AppError> {
        let day = self.report_window().last_closed_day(self.clock.now());
        let swept = self.store.projection_cursor(PRICES_SWEEP).await?;
        Ok(swept.is_none_or(|n| n < day_number(day)).then_some(day))
    }

    /// Projects until no event is left unread (at most `CATCH_UP_ROUNDS` batches, so a
    /// request never pays for a long backlog: the refresher reads the rest), so a page
    /// shows the to-dos of the change its user just made.
    pub async fn catch_up_todos(&self) -> Result<(), AppError> {
        for _ in 0..CATCH_UP_ROUNDS {
            if !self.project_todos().await? {
                break;
            }
        }
        Ok(())
    }

    /// Projects every record from scratch, then continues from the newest event.
    async fn rebuild_todos(&self) -> Result<bool, AppError> {
        let last = self.store.last_event_id().await?;
        let orgs = Orgs::load(self).await?;
        let mut records: BTreeSet<(Entity, i64)> = BTreeSet::new();
        records.extend(
            self.store
                .fund_series_ids()
                .await?
                .into_iter()
                .map(|id| (Entity::FundApplication, id)),
        );
        records.extend(
            orgs.by_id
                .values()
                .filter(|o| o.status == OrgStatus::Pending)
                .map(|o| (Entity::Organisation, o.id)),
        );
        records.extend(
            self.store
                .event_ids_with_pending_registrations()
                .await?
                .into_iter()
                .map(|id| (Entity::Event, id)),
        );
        records.extend(
            self.store
                .agreement_ids_with_pending_milestones()
                .await?
                .into_iter()
                .map(|id| (Entity::Agreement, id)),
        );
        records.extend(
            self.store
                .pipeline_records_with_open_problems()
                .await?
                .into_iter()
                .map(|id| (Entity::PipelineRecord, id)),
        );
        records.extend(
            self.store
                .markets()
                .await?
                .into_iter()
                .map(|m| (Entity::Market, m.id)),
        );
        let waiting_returns = [ReturnStatus::Filed, ReturnStatus::Returned];
        for status in waiting_returns {
            let filter = ReturnFilter {
                status: Some(status),
                ..ReturnFilter::default()
            };
            records.extend(
                self.store
                    .statistical_returns(&filter)
                    .await?
                    .into_iter()
                    .map(|r| (Entity::StatisticalReturn, r.id)),
            );
        }
        let facts = Facts::load(self, &records).await?;
        let mut waiting = Vec::new();
        for &(entity, id) in &records {
            if let Some(answer) = self.waiting_for(&facts, entity, id).await? {
                waiting.extend(answer.waiting);
            }
        }
        let Some(mut tx) = self.store.begin_projection(PROJECTION, None).await? else {
            return Ok(false);
        };
        let open = tx.all_open_todos().await?;
        self.apply(&mut tx, &facts.orgs, &open, waiting).await?;
        tx.set_marker(PRICES_SWEEP, day_number(facts.prices_day))
            .await?;
        tx.finish(last).await?;
        // Events committed while the rebuild read the records come next.
        Ok(true)
    }

    async fn apply(
        &self,
        tx: &mut ProjectionTx,
        orgs: &Orgs,
        open: &[todos::OpenItem],
        waiting: Vec<Waiting>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let plan = reconcile(open, waiting);
        for id in plan.close {
            tx.close_todo(id, now).await?;
        }
        for item in plan.open {
            // An organisation gone from the register has nobody to act: nothing to open.
            let Some(owner) = orgs.owner(item.org_id) else {
                continue;
            };
            let deadlines = todos::deadlines(item.kind, item.since, item.due_on, owner.tier);
            tx.open_todo(&item, owner, deadlines, now).await?;
        }
        Ok(())
    }

    /// The rule of `entity`: what record `id` (and the records that go with it) waits for.
    /// `None` for entities nothing waits on.
    async fn waiting_for(
        &self,
        facts: &Facts,
        entity: Entity,
        id: i64,
    ) -> Result<Option<Answer>, AppError> {
        let orgs = &facts.orgs;
        Ok(Some(match entity {
            Entity::FundApplication => self.fund_waiting(orgs, id).await?,
            Entity::Organisation => registration_waiting(orgs, id, facts.today),
            Entity::Event => self.event_waiting(id, facts.today).await?,
            Entity::PipelineRecord => self.problems_waiting(id).await?,
            // A milestone's events come with its agreement's: the agreement answers for all.
            Entity::Agreement => self.milestones_waiting(orgs, id).await?,
            Entity::Market => price_waiting(facts, id),
            Entity::StatisticalReturn => self.return_waiting(orgs, id).await?,
            _ => return Ok(None),
        }))
    }

    async fn fund_waiting(&self, orgs: &Orgs, id: i64) -> Result<Answer, AppError> {
        let series_id = match self.store.fund_application(id).await {
            Ok(app) => app.series_id,
            Err(gowest_store::StoreError::NotFound { .. }) => {
                return Ok(Answer {
                    records: vec![(Entity::FundApplication, id)],
                    waiting: Vec::new(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let series = self.store.fund_series(series_id).await?;
        let latest = series.iter().map(|a| a.version).max().unwrap_or(0);
        let mut programmes = HashMap::new();
        let mut waiting = Vec::new();
        for app in &series {
            let kind = match programmes.get(&app.programme_id) {
                Some(&kind) => kind,
                None => {
                    let kind = self
                        .store
                        .fund_programme(app.programme_id)
                        .await?
                        .programme
                        .kind;
                    programmes.insert(app.programme_id, kind);
                    kind
                }
            };
            waiting.extend(fund_rule(orgs, app, kind, app.version == latest));
        }
        Ok(Answer {
            records: series
                .iter()
                .map(|a| (Entity::FundApplication, a.id))
                .collect(),
            waiting,
        })
    }

    async fn event_waiting(&self, id: i64, today: NaiveDate) -> Result<Answer, AppError> {
        let mut read = self.store.read().await?;
        let event = match read.event(id).await {
            Ok(event) => event,
            Err(gowest_store::StoreError::NotFound { .. }) => {
                return Ok(Answer {
                    records: vec![(Entity::Event, id)],
                    waiting: Vec::new(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let pending = read
            .registrations(id)
            .await?
            .iter()
            .filter(|r| r.status == RegistrationStatus::Pending)
            .count();
        let waiting = (pending > 0).then(|| Waiting {
            kind: TodoKind::EventRegistrationReview,
            org_id: event.organiser_org_id,
            entity: Entity::Event,
            record_id: id,
            title: format!("{}（{pending}）", event.name_zh),
            link: format!("/console/events/{id}/organiser"),
            since: today,
            due_on: None,
        });
        Ok(Answer {
            records: vec![(Entity::Event, id)],
            waiting: waiting.into_iter().collect(),
        })
    }

    async fn problems_waiting(&self, id: i64) -> Result<Answer, AppError> {
        let entry = match self.store.pipeline_entry(id).await {
            Ok(entry) => entry,
            Err(gowest_store::StoreError::NotFound { .. }) => {
                return Ok(Answer {
                    records: vec![(Entity::PipelineRecord, id)],
                    waiting: Vec::new(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        // One item per organisation, from its oldest open problem on this record.
        let mut oldest: HashMap<i64, NaiveDate> = HashMap::new();
        for p in entry
            .record
            .problems
            .iter()
            .filter(|p| p.status == ProblemStatus::Open)
        {
            let since = oldest.entry(p.routed_to_org).or_insert(p.raised_on);
            *since = (*since).min(p.raised_on);
        }
        let mut waiting: Vec<Waiting> = oldest
            .into_iter()
            .map(|(org_id, since)| Waiting {
                kind: TodoKind::ProblemRouted,
                org_id,
                entity: Entity::PipelineRecord,
                record_id: id,
                title: entry.record.project_name.clone(),
                link: "/console/pipeline/problems".to_owned(),
                since,
                due_on: None,
            })
            .collect();
        waiting.sort_by_key(|w| w.org_id);
        Ok(Answer {
            records: vec![(Entity::PipelineRecord, id)],
            waiting,
        })
    }

    async fn milestones_waiting(&self, orgs: &Orgs, id: i64) -> Result<Answer, AppError> {
        let mut read = self.store.read().await?;
        let agreement = match read.agreement(id).await {
            Ok(agreement) => agreement,
            Err(gowest_store::StoreError::NotFound { .. }) => {
                return Ok(Answer {
                    records: Vec::new(),
                    waiting: Vec::new(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let milestones = read.milestones(Some(id)).await?;
        let parties: Vec<i64> = std::iter::once(agreement.lead_zone_id)
            .chain(agreement.partner_zone_ids.iter().copied())
            .flat_map(|zone| orgs.zone(zone))
            .collect();
        let waiting = milestones
            .iter()
            .filter(|m| m.status == MilestoneStatus::Pending)
            .flat_map(|m| {
                let title = format!("{}：{}", agreement.title, m.title);
                parties.iter().map(move |&org_id| Waiting {
                    kind: TodoKind::MilestoneDue,
                    org_id,
                    entity: Entity::Milestone,
                    record_id: m.id,
                    title: title.clone(),
                    link: format!("/console/agreements/{id}"),
                    since: agreement.signed_on,
                    due_on: Some(m.due_on),
                })
            })
            .collect();
        Ok(Answer {
            records: milestones
                .iter()
                .map(|m| (Entity::Milestone, m.id))
                .collect(),
            waiting,
        })
    }

    /// The newest version of a zone's return waits on the province when filed, and on the
    /// zone when returned; every version of the period is answered for.
    async fn return_waiting(&self, orgs: &Orgs, id: i64) -> Result<Answer, AppError> {
        let mut read = self.store.read().await?;
        let one = match read.statistical_return(id).await {
            Ok(one) => one,
            Err(gowest_store::StoreError::NotFound { .. }) => {
                return Ok(Answer {
                    records: vec![(Entity::StatisticalReturn, id)],
                    waiting: Vec::new(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let (zone_id, period) = (one.ret.zone_id, one.ret.period);
        let versions = read.return_versions(zone_id, period).await?;
        let newest = versions.iter().max_by_key(|v| v.ret.version);
        let zone = self.directory().zone(zone_id).map(|z| {
            (
                z.fields.name_zh.clone(),
                z.fields.province_code.as_str().to_owned(),
            )
        });
        let waiting = match (newest, zone) {
            (Some(v), Some((zone_name, province))) => {
                let (kind, org_ids, since) = match v.ret.status {
                    ReturnStatus::Filed => (
                        TodoKind::ReturnReview,
                        orgs.province(&province),
                        v.ret.filed_on,
                    ),
                    ReturnStatus::Returned => (
                        TodoKind::ReturnReturned,
                        orgs.zone(zone_id),
                        v.returned_at.map(crate::pipeline::china_date),
                    ),
                    _ => (TodoKind::ReturnReview, Vec::new(), None),
                };
                let since = since.unwrap_or_else(|| crate::pipeline::china_date(v.updated_at));
                org_ids
                    .into_iter()
                    .map(|org_id| Waiting {
                        kind,
                        org_id,
                        entity: Entity::StatisticalReturn,
                        record_id: v.id,
                        title: format!("{zone_name}：{}", period.label_zh()),
                        link: format!("/console/returns/{zone_id}/{}", period.code()),
                        since,
                        due_on: None,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Answer {
            records: versions
                .iter()
                .map(|v| (Entity::StatisticalReturn, v.id))
                .collect(),
            waiting,
        })
    }

    /// The signed-in organisation's inbox: its open items, what was raised to it (a
    /// province: its zones' and enterprises' overdue items; the ministry: everything past
    /// its second limit and the provinces' overdue items), and what it did lately.
    pub async fn inbox(&self, actor: &Actor) -> Result<Inbox, AppError> {
        let org_id = actor.org_id().ok_or(AppError::Forbidden)?;
        self.catch_up_todos().await?;
        let today = self.today_in_china();
        let page = TodoPage {
            limit: INBOX_LIMIT,
            offset: 0,
        };
        let own = self.store.open_todos_of_org(org_id, page).await?;
        let raised = match actor.scope() {
            Scope::All => {
                self.store
                    .todos_raised_to_ministry(today, INBOX_LIMIT)
                    .await?
            }
            Scope::Province(code) => {
                self.store
                    .todos_raised_to_province(code.as_str(), today, INBOX_LIMIT)
                    .await?
            }
            _ => Vec::new(),
        };
        let orgs = if raised.is_empty() {
            HashMap::new()
        } else {
            Orgs::load(self).await?.by_id
        };
        let raised = raised
            .into_iter()
            .map(|todo| RaisedTodo {
                org_name: orgs
                    .get(&todo.org_id)
                    .map(|o| o.name_zh.clone())
                    .unwrap_or_else(|| format!("#{}", todo.org_id)),
                todo,
            })
            .collect();
        let done = self.store.done_todos_of_org(org_id, 20).await?;
        Ok(Inbox {
            today,
            own,
            raised,
            done,
        })
    }

    /// Open items of the actor's organisation by kind, for the dashboard and the sidebar.
    pub async fn todo_counts(&self, actor: &Actor) -> Result<Vec<KindCount>, AppError> {
        let Some(org_id) = actor.org_id() else {
            return Ok(Vec::new());
        };
        self.catch_up_todos().await?;
        let rows = self
            .store
            .todo_counts_of_org(org_id, self.today_in_china())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(kind, open, overdue)| KindCount {
                kind,
                open,
                overdue,
            })
            .collect())
    }
}

/// What the rules of one batch share: the organisations, today, and the day of the
/// latest price deadline with the markets and those that reported for it or since (loaded
/// only when a market is among the records).
struct Facts {
    orgs: Orgs,
    today: NaiveDate,
    prices_day: NaiveDate,
    markets: HashMap<i64, Market>,
    reported: HashSet<i64>,
}

impl Facts {
    async fn load(app: &App, records: &BTreeSet<(Entity, i64)>) -> Result<Facts, AppError> {
        let prices_day = app.report_window().last_closed_day(app.clock.now());
        let (markets, reported) = if records.iter().any(|(e, _)| *e == Entity::Market) {
            (
                app.store
                    .markets()
                    .await?
                    .into_iter()
                    .map(|m| (m.id, m))
                    .collect(),
                app.store.markets_reported_since(prices_day).await?,
            )
        } else {
            (HashMap::new(), HashSet::new())
        };
        Ok(Facts {
            orgs: Orgs::load(app).await?,
            today: app.today_in_china(),
            prices_day,
            markets,
            reported,
        })
    }
}

/// A market waits on its own organisation for prices once a day's deadline passed without
/// its report; the item stays open (from the first day missed) until it reports again.
fn price_waiting(facts: &Facts, id: i64) -> Answer {
    let waiting = facts
        .markets
        .get(&id)
        .filter(|_| !facts.reported.contains(&id))
        .and_then(|m| {
            Some(Waiting {
                kind: TodoKind::PriceReportMissing,
                org_id: m.org_id?,
                entity: Entity::Market,
                record_id: id,
                title: m.name_zh.clone(),
                link: "/console/prices".to_owned(),
                since: facts.prices_day,
                due_on: None,
            })
        });
    Answer {
        records: vec![(Entity::Market, id)],
        waiting: waiting.into_iter().collect(),
    }
}

/// A day as a number that grows with the date, for the price sweep's marker.
fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

/// The records the events touch, once each, in a stable order.
fn touched(events: &[Event]) -> BTreeSet<(Entity, i64)> {
    events
        .iter()
        .filter_map(|e| Some((e.entity, e.entity_id?)))
        .collect()
}

/// Who a fund application waits for in its state (see `funds::application::Stage`).
fn fund_rule(orgs: &Orgs, app: &Application, kind: ProgrammeKind, latest: bool) -> Vec<Waiting> {
    let loan = kind == ProgrammeKind::PolicyLoan;
    let (todo, org_ids) = match app.status {
        // A returned version waits for its applicant's next version, unless there is one.
        Status::Returned if latest => (TodoKind::FundReturned, vec![app.applicant_org_id]),
        Status::Submitted => (
            TodoKind::FundReview,
            orgs.province(app.province_code.as_str()),
        ),
        Status::ProvinceReviewed => (TodoKind::FundReview, orgs.ministry()),
        Status::Approved if loan => (TodoKind::FundPayment, orgs.banks()),
        Status::Approved => (TodoKind::FundPayment, orgs.ministry()),
        Status::BankApproved => (TodoKind::FundPayment, orgs.banks()),
        _ => return Vec::new(),
    };
    let since = crate::pipeline::china_date(app.updated_at);
    // Reviewers see many applications of one title ("专项资金申请"): name the applicant.
    let title = match orgs.by_id.get(&app.applicant_org_id) {
        Some(applicant) => format!("{}：{}", applicant.name_zh, app.title),
        None => app.title.clone(),
    };
    org_ids
        .into_iter()
        .map(|org_id| Waiting {
            kind: todo,
            org_id,
            entity: Entity::FundApplication,
            record_id: app.id,
            title: title.clone(),
            link: format!("/console/funds/{}", app.id),
            since,
            due_on: None,
        })
        .collect()
}

/// A company's registration waits for its province's commerce department.
fn registration_waiting(orgs: &Orgs, id: i64, today: NaiveDate) -> Answer {
    let waiting = match orgs.by_id.get(&id) {
        Some(org)
            if org.status == OrgStatus::Pending && org.place.kind() == OrgKind::Enterprise =>
        {
            let province = org.place.province_code().map(|c| c.as_str()).unwrap_or("");
            orgs.province(province)
                .into_iter()
                .map(|org_id| Waiting {
                    kind: TodoKind::RegistrationReview,
                    org_id,
                    entity: Entity::Organisation,
                    record_id: id,
                    title: org.name_zh.clone(),
                    link: "/console/approvals".to_owned(),
                    since: today,
                    due_on: None,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Answer {
        records: vec![(Entity::Organisation, id)],
        waiting,
    }
}

/// One organisation's inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct Inbox {
    /// Today in China, against which due dates are read.
    pub today: NaiveDate,
    /// Open items waiting on the organisation, soonest due first.
    pub own: Vec<Todo>,
    /// Overdue items of the organisations it supervises.
    pub raised: Vec<RaisedTodo>,
    /// Items closed lately.
    pub done: Vec<Todo>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaisedTodo {
    #[serde(flatten)]
    pub todo: Todo,
    /// The organisation it waits on.
    pub org_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KindCount {
    pub kind: TodoKind,
    pub open: i64,
    pub overdue: i64,
}
