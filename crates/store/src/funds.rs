//! Programme funds: programmes and their pools, applications with versions, the ledger and
//! the transitions. A pool's running totals move only here, each by one conditional UPDATE in
//! the transaction that writes the matching ledger entry, so no interleaving of approvals,
//! on one server or several sharing a PostgreSQL database, can over-commit it.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::funds::application::Status;
use gowest_domain::funds::pool::{EntryKind, LedgerEntry, Totals};
use gowest_domain::funds::{Application, ApplicationBody, Programme, ProgrammePool, Transition};
use gowest_domain::money::Fen;

mod rows;

use rows::{APPLICATION_COLUMNS, ApplicationRow, PROGRAMME_COLUMNS, ProgrammeRow, TransitionRow};

/// Which applications to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApplicationFilter {
    pub programme_id: Option<i64>,
    pub applicant_org_id: Option<i64>,
    pub province_code: Option<String>,
    pub statuses: Vec<Status>,
}

/// A new application version, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewApplication<'a> {
    pub programme_id: i64,
    /// `None` for a first version (its own id becomes the series).
    pub series_id: Option<i64>,
    pub version: i64,
    pub applicant_org_id: i64,
    pub zone_id: Option<i64>,
    pub province_code: &'a str,
    pub region: &'a str,
    pub title: &'a str,
    pub body: &'a ApplicationBody,
    pub requested: Fen,
    pub flagged: bool,
    pub demo: bool,
    pub created_by: Option<i64>,
}

/// A ledger movement refused by the pool's or the application's totals: the conditional
/// UPDATE matched no row. Each carries the totals that refused it, read under the row's lock
/// right after the refusal, so the amount a refusal names is the one left at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The amount was not positive.
    NotPositive,
    /// The pool's totals refused it.
    Pool(Totals),
    /// The application's own holding (its size being its grant) refused it.
    Application(Totals),
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl Store {
    pub async fn fund_programmes(&self) -> Result<Vec<ProgrammePool>> {
        let sql = format!(
            "SELECT {PROGRAMME_COLUMNS} {} ORDER BY p.year_from DESC, p.id",
            rows::PROGRAMME_FROM
        );
        let rows: Vec<ProgrammeRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(ProgrammeRow::into_domain).collect()
    }

    pub async fn fund_programme(&self, id: i64) -> Result<ProgrammePool> {
        let sql = format!(
            "SELECT {PROGRAMME_COLUMNS} {} WHERE p.id = $1",
            rows::PROGRAMME_FROM
        );
        let row: Option<ProgrammeRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "fund programme",
        })?
        .into_domain()
    }

    pub async fn fund_applications(&self, filter: &ApplicationFilter) -> Result<Vec<Application>> {
        let (sql, binds) = rows::application_query(filter);
        let rows: Vec<ApplicationRow> = on_pool!(self, |p| {
            let mut q = sqlx::query_as(&sql);
            for b in &binds {
                q = match b {
                    rows::Bind::Int(i) => q.bind(*i),
                    rows::Bind::Text(t) => q.bind(t.clone()),
                };
            }
            q.fetch_all(p).await?
        });
        rows.into_iter().map(ApplicationRow::into_domain).collect()
    }

    pub async fn fund_application(&self, id: i64) -> Result<Application> {
        let sql = format!("SELECT {APPLICATION_COLUMNS} FROM fund_applications a WHERE a.id = $1");
        let row: Option<ApplicationRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "fund application",
        })?
        .into_domain()
    }

    /// Every version of one application, oldest first.
    pub async fn fund_series(&self, series_id: i64) -> Result<Vec<Application>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM fund_applications a WHERE a.series_id = $1 \
             ORDER BY a.version"
        );
        let rows: Vec<ApplicationRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(series_id)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(ApplicationRow::into_domain).collect()
    }

    /// The series of every application, for a rebuild of what they wait for.
    pub async fn fund_series_ids(&self) -> Result<Vec<i64>> {
        let sql = "SELECT DISTINCT series_id FROM fund_applications ORDER BY series_id";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_all(p)
            .await?))
    }

    pub async fn fund_transitions(&self, application_id: i64) -> Result<Vec<Transition>> {
        let sql = "SELECT action, from_status, to_status, comment, attachment_id, by_user, at \
            FROM fund_transitions WHERE application_id = $1 ORDER BY id";
        let rows: Vec<TransitionRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(application_id)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(TransitionRow::into_domain).collect()
    }

    /// Every entry of a pool, in order: what its running totals must add up to.
    pub async fn fund_ledger(&self, pool_id: i64) -> Result<Vec<LedgerEntry>> {
        let sql = "SELECT application_id, kind, amount_fen FROM fund_ledger WHERE pool_id = $1 ORDER BY id";
        let rows: Vec<(i64, String, i64)> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(pool_id)
            .fetch_all(p)
            .await?);
        rows.into_iter()
            .map(|(application_id, kind, amount)| {
                let kind = EntryKind::parse(&kind)
                    .ok_or_else(|| StoreError::corrupt("fund_ledger", format!("kind {kind}")))?;
                Ok(LedgerEntry {
                    application_id,
                    kind,
                    amount: Fen(amount),
                })
            })
            .collect()
    }

    /// Rows in the funds tables (applications, ledger, transitions, attachments): what tests
    /// compare to show that a refused request wrote nothing.
    pub async fn fund_row_counts(&self) -> Result<[i64; 4]> {
        let sql = "SELECT (SELECT COUNT(*) FROM fund_applications), (SELECT COUNT(*) FROM fund_ledger), \
            (SELECT COUNT(*) FROM fund_transitions), (SELECT COUNT(*) FROM attachments)";
        let row: (i64, i64, i64, i64) =
            on_pool!(self, |p| sqlx::query_as(sql).fetch_one(p).await?);
        Ok([row.0, row.1, row.2, row.3])
    }
}

impl Tx {
    /// Adds a programme and its pool unless one with its code exists (an edit made since is
    /// kept); the new id, or `None` when it existed. Instances starting together on one
    /// PostgreSQL do not collide: the insert does nothing on a taken code.
    pub async fn ensure_fund_programme(
        &mut self,
        p: &Programme,
        pool_size: Fen,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let sql = "INSERT INTO fund_programmes (code, kind, name_zh, name_en, year_from, year_to, opens_on, \
            closes_on, eligibility, subsidy_rate_ppm, zone_cap_fen, quota_rule, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
            ON CONFLICT (code) DO NOTHING RETURNING id";
        let id: Option<i64> = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&p.code)
            .bind(p.kind.code())
            .bind(&p.name_zh)
            .bind(&p.name_en)
            .bind(i64::from(p.year_from))
            .bind(i64::from(p.year_to))
            .bind(p.opens_on)
            .bind(p.closes_on)
            .bind(json(&p.eligibility))
            .bind(p.subsidy_rate.map(|r| r.0))
            .bind(p.zone_cap.map(|f| f.0))
            .bind(p.quota_rule.as_ref().map(json))
            .bind(now)
            .fetch_optional(c)
            .await?);
        let Some(id) = id else { return Ok(None) };
        let sql = "INSERT INTO fund_pools (programme_id, size_fen) VALUES ($1, $2)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .bind(pool_size.0)
            .execute(c)
            .await?
            .rows_affected());
        Ok(Some(id))
    }

    /// The ministry's edit of a programme: window, eligibility, rates and the pool's size.
    /// A size below what is committed is refused by the pool's CHECK (a conflict).
    pub async fn update_fund_programme(
        &mut self,
        p: &Programme,
        pool_size: Fen,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE fund_programmes SET name_zh = $2, name_en = $3, opens_on = $4, closes_on = $5, \
            eligibility = $6, subsidy_rate_ppm = $7, zone_cap_fen = $8, quota_rule = $9, updated_at = $10 \
            WHERE id = $1";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(p.id)
            .bind(&p.name_zh)
            .bind(&p.name_en)
            .bind(p.opens_on)
            .bind(p.closes_on)
            .bind(json(&p.eligibility))
            .bind(p.subsidy_rate.map(|r| r.0))
            .bind(p.zone_cap.map(|f| f.0))
            .bind(p.quota_rule.as_ref().map(json))
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "fund programme",
            });
        }
        let sql =
            "UPDATE fund_pools SET size_fen = $2 WHERE programme_id = $1 AND committed_fen <= $2";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(p.id)
            .bind(pool_size.0)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::Conflict {
                constraint: "fund_pools.committed_fen <= size_fen".into(),
            });
        }
        Ok(())
    }

    pub async fn fund_programme(&mut self, id: i64) -> Result<ProgrammePool> {
        let sql = format!(
            "SELECT {PROGRAMME_COLUMNS} {} WHERE p.id = $1",
            rows::PROGRAMME_FROM
        );
        let row: Option<ProgrammeRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "fund programme",
        })?
        .into_domain()
    }

    /// Marks the interest-subsidy quota as split; false when it already was (a second
    /// allocation, perhaps from another instance, must not run).
    pub async fn mark_fund_allocated(
        &mut self,
        programme_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql =
            "UPDATE fund_programmes SET allocated_at = $2 WHERE id = $1 AND allocated_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(programme_id)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    pub async fn fund_application(&mut self, id: i64) -> Result<Application> {
        let sql = format!("SELECT {APPLICATION_COLUMNS} FROM fund_applications a WHERE a.id = $1");
        let row: Option<ApplicationRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "fund application",
        })?
        .into_domain()
    }

    /// [`Store::fund_applications`] as of this transaction.
    pub async fn fund_applications(
        &mut self,
        filter: &ApplicationFilter,
    ) -> Result<Vec<Application>> {
        let (sql, binds) = rows::application_query(filter);
        let rows: Vec<ApplicationRow> = on_tx!(self, |c| {
            let mut q = sqlx::query_as(&sql);
            for b in &binds {
                q = match b {
                    rows::Bind::Int(i) => q.bind(*i),
                    rows::Bind::Text(t) => q.bind(t.clone()),
                };
            }
            q.fetch_all(c).await?
        });
        rows.into_iter().map(ApplicationRow::into_domain).collect()
    }

    pub async fn fund_applications_in(
        &mut self,
        programme_id: i64,
        status: Status,
    ) -> Result<Vec<Application>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM fund_applications a \
            WHERE a.programme_id = $1 AND a.status = $2 ORDER BY a.id"
        );
        let rows: Vec<ApplicationRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(programme_id)
            .bind(status.code())
            .fetch_all(c)
            .await?);
        rows.into_iter().map(ApplicationRow::into_domain).collect()
    }

    /// Approved (or later) applications of a programme from one region: the pilot slots taken.
    pub async fn fund_approvals_in_region(
        &mut self,
        programme_id: i64,
        region: &str,
    ) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM fund_applications WHERE programme_id = $1 AND region = $2 \
            AND status IN ('approved', 'bank_approved', 'paid')";
        let n: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(programme_id)
            .bind(region)
            .fetch_one(c)
            .await?);
        Ok(n)
    }

    pub async fn insert_fund_application(
        &mut self,
        a: &NewApplication<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO fund_applications (programme_id, series_id, version, applicant_org_id, zone_id, \
            province_code, region, title, status, body, requested_fen, flagged, demo, created_by, created_at, \
            updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11, $12, $13, $14, $14) \
            RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(a.programme_id)
            .bind(a.series_id)
            .bind(a.version)
            .bind(a.applicant_org_id)
            .bind(a.zone_id)
            .bind(a.province_code)
            .bind(a.region)
            .bind(a.title)
            .bind(json(a.body))
            .bind(a.requested.0)
            .bind(a.flagged)
            .bind(a.demo)
            .bind(a.created_by)
            .bind(now)
            .fetch_one(c)
            .await?);
        if a.series_id.is_none() {
            let sql = "UPDATE fund_applications SET series_id = id WHERE id = $1";
            on_tx!(self, |c| sqlx::query(sql)
                .bind(id)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(id)
    }

    /// Rewrites a draft; false when the application is no longer a draft.
    pub async fn update_fund_draft(
        &mut self,
        id: i64,
        title: &str,
        body: &ApplicationBody,
        requested: Fen,
        flagged: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = "UPDATE fund_applications SET title = $2, body = $3, requested_fen = $4, flagged = $5, \
            updated_at = $6 WHERE id = $1 AND status = 'draft'";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .bind(title)
            .bind(json(body))
            .bind(requested.0)
            .bind(flagged)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Moves an application from `from` to `to`, setting its grant when given; false when it
    /// was no longer `from` (someone else moved it first).
    pub async fn move_fund_application(
        &mut self,
        id: i64,
        from: Status,
        to: Status,
        granted: Option<Fen>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = "UPDATE fund_applications SET status = $3, granted_fen = COALESCE($4, granted_fen), \
            updated_at = $5 WHERE id = $1 AND status = $2";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(id)
            .bind(from.code())
            .bind(to.code())
            .bind(granted.map(|g| g.0))
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_fund_transition(
        &mut self,
        application_id: i64,
        action: &str,
        from: Status,
        to: Status,
        comment: Option<&str>,
        attachment_id: Option<i64>,
        by_user: Option<i64>,
        by_org: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO fund_transitions (application_id, action, from_status, to_status, comment, \
            attachment_id, by_user, by_org, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(application_id)
            .bind(action)
            .bind(from.code())
            .bind(to.code())
            .bind(comment)
            .bind(attachment_id)
            .bind(by_user)
            .bind(by_org)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// One ledger movement: the pool's totals and the application's, each by one conditional
    /// UPDATE, and the entry. `Err(Refused)` when either total would break its invariant;
    /// the caller then rolls the transaction back.
    pub async fn fund_ledger_entry(
        &mut self,
        pool_id: i64,
        application_id: i64,
        kind: EntryKind,
        amount: Fen,
        by_user: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Result<(), Refused>> {
        // The WHERE re-checks the invariant on the row as locked, so a concurrent commit
        // that got there first is seen (PostgreSQL re-evaluates it after the lock wait).
        let (pool_sql, app_sql) = match kind {
            EntryKind::Commit => (
                "UPDATE fund_pools SET committed_fen = committed_fen + $1 WHERE id = $2 AND committed_fen + $1 <= size_fen",
                "UPDATE fund_applications SET committed_fen = committed_fen + $1 WHERE id = $2 AND committed_fen + $1 <= granted_fen",
            ),
            EntryKind::Release => (
                "UPDATE fund_pools SET committed_fen = committed_fen - $1 WHERE id = $2 AND committed_fen - $1 >= disbursed_fen",
                "UPDATE fund_applications SET committed_fen = committed_fen - $1 WHERE id = $2 AND committed_fen - $1 >= disbursed_fen",
            ),
            EntryKind::Disburse => (
                "UPDATE fund_pools SET disbursed_fen = disbursed_fen + $1 WHERE id = $2 AND disbursed_fen + $1 <= committed_fen",
                "UPDATE fund_applications SET disbursed_fen = disbursed_fen + $1 WHERE id = $2 AND disbursed_fen + $1 <= committed_fen",
            ),
        };
        if amount.0 <= 0 {
            return Ok(Err(Refused::NotPositive));
        }
        let n = on_tx!(self, |c| sqlx::query(pool_sql)
            .bind(amount.0)
            .bind(pool_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            // A no-op UPDATE takes the row's lock (PostgreSQL; SQLite has one writer) and
            // answers the totals as committed now, not as read before the refused UPDATE.
            let sql = "UPDATE fund_pools SET committed_fen = committed_fen WHERE id = $1 \
                RETURNING size_fen, committed_fen, disbursed_fen";
            return Ok(Err(Refused::Pool(self.locked_totals(sql, pool_id).await?)));
        }
        let n = on_tx!(self, |c| sqlx::query(app_sql)
            .bind(amount.0)
            .bind(application_id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            let sql = "UPDATE fund_applications SET committed_fen = committed_fen WHERE id = $1 \
                RETURNING granted_fen, committed_fen, disbursed_fen";
            return Ok(Err(Refused::Application(
                self.locked_totals(sql, application_id).await?,
            )));
        }
        let sql = "INSERT INTO fund_ledger (pool_id, application_id, kind, amount_fen, by_user, at) \
            VALUES ($1, $2, $3, $4, $5, $6)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(pool_id)
            .bind(application_id)
            .bind(kind.code())
            .bind(amount.0)
            .bind(by_user)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(Ok(()))
    }

    /// Totals from a no-op `UPDATE … RETURNING (size, committed, disbursed)` of one row.
    async fn locked_totals(&mut self, sql: &str, id: i64) -> Result<Totals> {
        let row: Option<(i64, i64, i64)> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        let (size, committed, disbursed) = row.ok_or(StoreError::NotFound {
            entity: "fund pool",
        })?;
        Ok(Totals {
            size: Fen(size),
            committed: Fen(committed),
            disbursed: Fen(disbursed),
        })
    }
}
