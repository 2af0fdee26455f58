//! To-dos: the projection of what each organisation is waited on for (`domain::todos`).
//!
//! The projection is written only through a [`ProjectionTx`], which commits together with
//! the move of its cursor over the event log, and only if no other instance moved the
//! cursor first: two instances never both apply the same events.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::change::Entity;
use gowest_domain::todos::{Deadlines, OpenItem, Tier, Todo, TodoKind, Waiting};

/// The organisation an item belongs to, as far as raising it goes.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub tier: Tier,
    /// The province that supervises it (zones and enterprises).
    pub province: Option<&'a str>,
}

/// A transaction over one projection; see the module's note.
pub struct ProjectionTx {
    tx: Tx,
    name: &'static str,
}

const TODO_COLUMNS: &str = "id, kind, org_id, entity, record_id, title, link, since, due_on, \
                            ministry_on, opened_at, closed_at";

type TodoRow = (
    i64,
    String,
    i64,
    String,
    i64,
    String,
    String,
    NaiveDate,
    NaiveDate,
    NaiveDate,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

fn into_todo(row: TodoRow) -> Result<Todo> {
    let (
        id,
        kind,
        org_id,
        entity,
        record_id,
        title,
        link,
        since,
        due_on,
        ministry_on,
        opened_at,
        closed_at,
    ) = row;
    let damaged = |what: String| StoreError::corrupt("todos", format!("row {id}: {what}"));
    Ok(Todo {
        id,
        kind: TodoKind::parse(&kind).ok_or_else(|| damaged(format!("kind {kind}")))?,
        org_id,
        entity: Entity::parse(&entity).ok_or_else(|| damaged(format!("entity {entity}")))?,
        record_id,
        title,
        link,
        since,
        due_on,
        ministry_on,
        opened_at,
        closed_at,
    })
}

fn into_open_item(row: (i64, String, i64, String, i64)) -> Result<OpenItem> {
    let (id, kind, org_id, entity, record_id) = row;
    let damaged = |what: String| StoreError::corrupt("todos", format!("row {id}: {what}"));
    Ok(OpenItem {
        id,
        kind: TodoKind::parse(&kind).ok_or_else(|| damaged(format!("kind {kind}")))?,
        org_id,
        entity: Entity::parse(&entity).ok_or_else(|| damaged(format!("entity {entity}")))?,
        record_id,
    })
}

/// Open items first by due date; a page of at most `limit` from `offset`.
#[derive(Debug, Clone, Copy)]
pub struct TodoPage {
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    /// Where projection `name` has read the event log to; `None` before its first build.
    pub async fn projection_cursor(&self, name: &str) -> Result<Option<i64>> {
        let sql = "SELECT last_event_id FROM projection_cursors WHERE name = $1";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(name)
            .fetch_optional(p)
            .await?))
    }

    /// Opens a transaction over projection `name`, which read the log up to `from` (`None`:
    /// never built), and claims its cursor: `None` when another instance moved the cursor
    /// since `from` was read (its work covers these events), so two never apply the same.
    pub async fn begin_projection(
        &self,
        name: &'static str,
        from: Option<i64>,
    ) -> Result<Option<ProjectionTx>> {
        #[allow(clippy::disallowed_methods)] // a projection commits with its cursor, see finish
        let mut tx = self.begin().await?;
        // Locks the cursor's row (PostgreSQL) until commit; SQLite's BEGIN IMMEDIATE already
        // holds the only write lock.
        let claimed = match from {
            Some(from) => {
                let sql = "UPDATE projection_cursors SET last_event_id = last_event_id \
                           WHERE name = $1 AND last_event_id = $2";
                on_tx!(tx, |c| sqlx::query(sql)
                    .bind(name)
                    .bind(from)
                    .execute(c)
                    .await?
                    .rows_affected())
            }
            None => {
                let sql = "INSERT INTO projection_cursors (name, last_event_id) VALUES ($1, -1) \
                           ON CONFLICT (name) DO NOTHING";
                on_tx!(tx, |c| sqlx::query(sql)
                    .bind(name)
                    .execute(c)
                    .await?
                    .rows_affected())
            }
        };
        Ok((claimed == 1).then_some(ProjectionTx { tx, name }))
    }

    /// An organisation's open items, soonest due first.
    pub async fn open_todos_of_org(&self, org_id: i64, page: TodoPage) -> Result<Vec<Todo>> {
        let sql = format!(
            "SELECT {TODO_COLUMNS} FROM todos WHERE org_id = $1 AND closed_at IS NULL \
             ORDER BY due_on, id LIMIT $2 OFFSET $3"
        );
        let rows: Vec<TodoRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org_id)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(into_todo).collect()
    }

    /// An organisation's items done lately, newest first.
    pub async fn done_todos_of_org(&self, org_id: i64, limit: i64) -> Result<Vec<Todo>> {
        let sql = format!(
            "SELECT {TODO_COLUMNS} FROM todos WHERE org_id = $1 AND closed_at IS NOT NULL \
             ORDER BY closed_at DESC, id DESC LIMIT $2"
        );
        let rows: Vec<TodoRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(into_todo).collect()
    }

    /// Open items of an organisation by kind: (kind, open, overdue on `today`).
    pub async fn todo_counts_of_org(
        &self,
        org_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<(TodoKind, i64, i64)>> {
        let sql = "SELECT kind, COUNT(*), COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) \
                   FROM todos WHERE org_id = $1 AND closed_at IS NULL GROUP BY kind ORDER BY kind";
        let rows: Vec<(String, i64, i64)> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(org_id)
            .bind(today)
            .fetch_all(p)
            .await?);
        rows.into_iter()
            .map(|(kind, open, overdue)| {
                let parsed = TodoKind::parse(&kind)
                    .ok_or_else(|| StoreError::corrupt("todos", format!("kind {kind}")))?;
                Ok((parsed, open, overdue))
            })
            .collect()
    }

    /// Overdue items of the zones and enterprises a province supervises, most overdue first.
    pub async fn todos_raised_to_province(
        &self,
        province: &str,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<Todo>> {
        let sql = format!(
            "SELECT {TODO_COLUMNS} FROM todos WHERE org_tier = $1 AND org_province = $2 \
             AND due_on < $3 AND closed_at IS NULL ORDER BY due_on, id LIMIT $4"
        );
        let rows: Vec<TodoRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(Tier::Local.code())
            .bind(province)
            .bind(today)
            .bind(limit)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(into_todo).collect()
    }

    /// Items raised to the ministry on `today`, most overdue first.
    pub async fn todos_raised_to_ministry(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<Todo>> {
        let sql = format!(
            "SELECT {TODO_COLUMNS} FROM todos WHERE ministry_on < $1 AND org_tier <> $2 \
             AND closed_at IS NULL ORDER BY ministry_on, id LIMIT $3"
        );
        let rows: Vec<TodoRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(today)
            .bind(Tier::Ministry.code())
            .bind(limit)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(into_todo).collect()
    }
}

impl ProjectionTx {
    /// The open items of one record.
    pub async fn open_todos_of_record(
        &mut self,
        entity: Entity,
        record_id: i64,
    ) -> Result<Vec<OpenItem>> {
        let sql = "SELECT id, kind, org_id, entity, record_id FROM todos \
                   WHERE entity = $1 AND record_id = $2 AND closed_at IS NULL";
        let rows: Vec<(i64, String, i64, String, i64)> = on_tx!(self.tx, |c| sqlx::query_as(sql)
            .bind(entity.code())
            .bind(record_id)
            .fetch_all(c)
            .await?);
        rows.into_iter().map(into_open_item).collect()
    }

    /// Every open item, for a rebuild.
    pub async fn all_open_todos(&mut self) -> Result<Vec<OpenItem>> {
        let sql = "SELECT id, kind, org_id, entity, record_id FROM todos WHERE closed_at IS NULL";
        let rows: Vec<(i64, String, i64, String, i64)> =
            on_tx!(self.tx, |c| sqlx::query_as(sql).fetch_all(c).await?);
        rows.into_iter().map(into_open_item).collect()
    }

    pub async fn open_todo(
        &mut self,
        waiting: &Waiting,
        owner: Owner<'_>,
        deadlines: Deadlines,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO todos (kind, org_id, org_province, org_tier, entity, record_id, \
                   title, link, since, due_on, ministry_on, opened_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        on_tx!(self.tx, |c| sqlx::query(sql)
            .bind(waiting.kind.code())
            .bind(waiting.org_id)
            .bind(owner.province)
            .bind(owner.tier.code())
            .bind(waiting.entity.code())
            .bind(waiting.record_id)
            .bind(&waiting.title)
            .bind(&waiting.link)
            .bind(waiting.since)
            .bind(deadlines.due_on)
            .bind(deadlines.ministry_on)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn close_todo(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE todos SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL";
        on_tx!(self.tx, |c| sqlx::query(sql)
            .bind(id)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Sets another cursor of the same projection (a time-driven pass's last day) in this
    /// transaction, under the claim of the main one.
    pub async fn set_marker(&mut self, name: &str, value: i64) -> Result<()> {
        let sql = "INSERT INTO projection_cursors (name, last_event_id) VALUES ($1, $2) \
                   ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id";
        on_tx!(self.tx, |c| sqlx::query(sql)
            .bind(name)
            .bind(value)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Commits with the cursor moved to `to`.
    pub async fn finish(mut self, to: i64) -> Result<()> {
        let sql = "UPDATE projection_cursors SET last_event_id = $2 WHERE name = $1";
        on_tx!(self.tx, |c| sqlx::query(sql)
            .bind(self.name)
            .bind(to)
            .execute(c)
            .await?
            .rows_affected());
        self.tx.commit().await
    }
}
