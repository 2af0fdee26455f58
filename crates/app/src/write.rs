//! The one write path. A change starts with [`App::write`], which takes a permission handle
//! and the request's [`Context`], checks that the handle belongs to whoever acts, and opens
//! the transaction; it ends with [`Write::finish`], which appends the audit row (action,
//! before and after), the change-log row that is the change's domain event (what, which
//! record, by whom, for which organisations), and commits. A transaction cannot commit any
//! other way (`gowest_store::Tx` has no public commit), and `Store::begin` is allowed
//! nowhere else in the workspace (`clippy.toml`).
//!
//! Audit rows that record no change (a read of personal data, a refused request, a failed
//! sign-in) go through [`App::note`].

use crate::audit::{AuditKey, Context, json};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use gowest_domain::access::{
    AccountKeeper, AuditAdmin, BaseKeeper, CooperationKeeper, DuplicateReviewer, EnterpriseAgent,
    EventOrganiser, EventRegistrant, FundApplicant, FundReviewer, MarketKeeper, NetworkKeeper,
    OrgApprover, OwnAccount, ParkKeeper, PipelineKeeper, PriceReporter, ProblemSolver, ReturnFiler,
    ReturnReviewer, SecurityAdmin, StationKeeper, SystemAdmin, TargetKeeper, TrainingKeeper,
    TrainingPlanner, Visitor, ZoneEditor,
};
use gowest_domain::audit::{AuditEntry, AuditRecord};
use gowest_domain::change::{Entity, NewEvent};
use gowest_store::{Store, Tx};
use serde::Serialize;
use std::ops::{Deref, DerefMut};

/// Who a permission handle was granted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    /// A signed-in user, by id: the request's actor must be that user.
    User(i64),
    /// The operator at the server's console (`gowest …` commands, demo seeding).
    Operator,
    /// The server itself: scheduled jobs, start-up loading of reference data.
    System,
    /// Anyone: registration, sign-in.
    Visitor,
}

/// A permission handle the write path accepts. Only handles can be: each is made by the
/// domain's access rules (or, for [`Operator`] and [`System`], by the console and the
/// server itself).
pub(crate) trait Right {
    fn holder(&self) -> Holder;
}

macro_rules! user_rights {
    ($($handle:ty),* $(,)?) => {
        $(impl Right for $handle {
            fn holder(&self) -> Holder {
                Holder::User(self.by())
            }
        })*
    };
}

user_rights!(
    AccountKeeper,
    AuditAdmin,
    BaseKeeper,
    CooperationKeeper,
    DuplicateReviewer,
    EnterpriseAgent,
    EventOrganiser,
    EventRegistrant,
    FundApplicant,
    FundReviewer,
    MarketKeeper,
    NetworkKeeper,
    OrgApprover,
    OwnAccount,
    ParkKeeper,
    PipelineKeeper,
    PriceReporter,
    ProblemSolver,
    ReturnFiler,
    ReturnReviewer,
    SecurityAdmin,
    StationKeeper,
    SystemAdmin,
    TargetKeeper,
    TrainingKeeper,
    TrainingPlanner,
    ZoneEditor,
);

impl Right for Visitor {
    fn holder(&self) -> Holder {
        Holder::Visitor
    }
}

/// The operator at the server's console: imports, demo seeding, account recovery. Made
/// only by the command line (`crates/cli`) and the test kit, which enable the `operator`
/// feature; the web crate cannot make one (a test checks its manifest and sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator(());

impl Operator {
    #[cfg(feature = "operator")]
    pub fn at_console() -> Operator {
        Operator(())
    }
}

impl Right for Operator {
    fn holder(&self) -> Holder {
        Holder::Operator
    }
}

/// The server's own work (jobs, start-up loading); made only inside this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct System(());

impl System {
    pub(crate) fn new() -> System {
        System(())
    }
}

impl Right for System {
    fn holder(&self) -> Holder {
        Holder::System
    }
}

/// An open write: the transaction, who acts, and when. Dropped without
/// [`finish`](Write::finish) it rolls back.
pub(crate) struct Write {
    tx: Tx,
    ctx: Context,
    now: DateTime<Utc>,
    key: AuditKey,
}

impl Deref for Write {
    type Target = Tx;
    fn deref(&self) -> &Tx {
        &self.tx
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut Tx {
        &mut self.tx
    }
}

impl App {
    /// Opens a write for the holder of `right`, acting as `ctx` says.
    pub(crate) async fn write(&self, right: &impl Right, ctx: &Context) -> Result<Write, AppError> {
        begin(&self.store, &self.audit_key, right, ctx, self.clock.now()).await
    }

    /// Appends an audit row that records no change: reads of personal data, refusals,
    /// failed sign-ins. `after` says what was read or refused.
    pub(crate) async fn note(
        &self,
        mut entry: AuditEntry,
        after: Option<serde_json::Value>,
    ) -> Result<AuditRecord, AppError> {
        if let Some(after) = after {
            entry.after = json(&after);
        }
        Ok(self
            .store
            .append_audit_alone(self.audit_key.bytes(), entry)
            .await?)
    }
}

/// [`App::write`] for start-up work that runs before the `App` exists.
pub(crate) async fn begin(
    store: &Store,
    key: &AuditKey,
    right: &impl Right,
    ctx: &Context,
    now: DateTime<Utc>,
) -> Result<Write, AppError> {
    let acting = ctx.actor.as_ref().map(|a| a.user_id);
    let fits = match right.holder() {
        Holder::User(id) => acting == Some(id),
        Holder::Operator | Holder::System => acting.is_none(),
        Holder::Visitor => true,
    };
    if !fits {
        // A handle made for one user used in another's request is a programming error,
        // refused before anything is written.
        tracing::error!(holder = ?right.holder(), ?acting, "permission handle of another user");
        return Err(AppError::Forbidden);
    }
    #[allow(clippy::disallowed_methods)] // the one place a write transaction begins
    let tx = store.begin().await?;
    Ok(Write {
        tx,
        ctx: ctx.clone(),
        now,
        key: key.clone(),
    })
}

impl Write {
    /// When this write happens: the time of its audit row and events.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Appends the audit row and the event of `record`, and commits.
    pub(crate) async fn finish(self, record: Record) -> Result<AuditRecord, AppError> {
        let mut rows = self.finish_all(vec![record]).await?;
        rows.pop()
            .ok_or_else(|| AppError::Internal("a finished write returned no audit row".into()))
    }

    /// Several records in one commit (a batch): one audit row each, their events after.
    pub(crate) async fn finish_all(
        self,
        records: Vec<Record>,
    ) -> Result<Vec<AuditRecord>, AppError> {
        let Write { tx, ctx, now, key } = self;
        let by = ctx.actor.as_ref().map(|a| a.user_id);
        let acting_org = ctx
            .actor
            .as_ref()
            .and_then(|a| a.acting.as_ref().map(|m| m.org.id));
        let mut audit = Vec::with_capacity(records.len());
        let mut events = Vec::with_capacity(records.len());
        for record in records {
            let key_text = record.id.map(|id| id.to_string());
            let mut entry = ctx.entry(now, &record.action, record.entity.code(), key_text);
            entry.before = record.before;
            entry.after = record.after;
            if let (None, Some(name)) = (&ctx.actor, record.claimed_by) {
                entry.actor_name = name;
            }
            audit.push(entry);
            let mut orgs = record.orgs;
            orgs.extend(acting_org);
            for (entity, entity_id) in
                std::iter::once((record.entity, record.id)).chain(record.also)
            {
                events.push(NewEvent {
                    entity,
                    entity_id,
                    action: record.action.clone(),
                    by,
                    orgs: orgs.clone(),
                });
            }
        }
        Ok(tx.finish(key.bytes(), audit, &events).await?)
    }
}

/// What a write did, for its audit row and event.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    action: String,
    entity: Entity,
    id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
    orgs: Vec<i64>,
    /// Other records the same change touched, each given an event of its own.
    also: Vec<(Entity, Option<i64>)>,
    /// The name a visitor gave (a failed sign-in's username), recorded as the actor's
    /// name when nobody is signed in.
    claimed_by: Option<String>,
}

impl Record {
    pub(crate) fn new(
        action: impl Into<String>,
        entity: Entity,
        id: impl Into<Option<i64>>,
    ) -> Record {
        Record {
            action: action.into(),
            entity,
            id: id.into(),
            before: None,
            after: None,
            orgs: Vec::new(),
            also: Vec::new(),
            claimed_by: None,
        }
    }

    /// The name a visitor gave; ignored when the write has a signed-in actor.
    pub(crate) fn claimed_by(mut self, name: impl Into<String>) -> Record {
        self.claimed_by = Some(name.into());
        self
    }

    pub(crate) fn before<T: Serialize>(mut self, value: &T) -> Record {
        self.before = json(value);
        self
    }

    pub(crate) fn after<T: Serialize>(mut self, value: &T) -> Record {
        self.after = json(value);
        self
    }

    /// The after-image already as JSON text (or none).
    pub(crate) fn after_text(mut self, text: Option<String>) -> Record {
        self.after = text;
        self
    }

    /// The before-image already as JSON text (or none).
    pub(crate) fn before_text(mut self, text: Option<String>) -> Record {
        self.before = text;
        self
    }

    /// Organisations the change concerns besides the acting one.
    pub(crate) fn concerns(mut self, orgs: impl IntoIterator<Item = i64>) -> Record {
        self.orgs.extend(orgs);
        self
    }

    /// Another record the change touched.
    pub(crate) fn also(mut self, entity: Entity, id: impl Into<Option<i64>>) -> Record {
        self.also.push((entity, id.into()));
        self
    }
}
