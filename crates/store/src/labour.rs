//! Labour-export bases and overseas contracting projects.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::labour::{ExportBase, OverseasProject};
use gowest_domain::region::ProvinceCode;

#[derive(sqlx::FromRow)]
struct BaseRow {
    id: i64,
    name_zh: String,
    province_code: String,
    county: String,
    workers_available: i64,
    trained_per_year: i64,
    training_support: String,
    occupations: String,
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    name_zh: String,
    contractor: String,
    country: String,
    occupations: String,
    workers_needed: i64,
    starts_on: Option<NaiveDate>,
}

fn split(joined: &str) -> Vec<String> {
    joined
        .split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn base(r: BaseRow) -> Result<ExportBase> {
    let bad = |what: String| StoreError::corrupt("labour_bases", what);
    Ok(ExportBase {
        province_code: ProvinceCode::parse(&r.province_code)
            .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
        workers_available: u32::try_from(r.workers_available)
            .map_err(|_| bad(format!("workers of {}", r.id)))?,
        trained_per_year: u32::try_from(r.trained_per_year)
            .map_err(|_| bad(format!("trained of {}", r.id)))?,
        occupations: split(&r.occupations),
        id: r.id,
        name_zh: r.name_zh,
        county: r.county,
        training_support: r.training_support,
    })
}

fn project(r: ProjectRow) -> Result<OverseasProject> {
    Ok(OverseasProject {
        workers_needed: u32::try_from(r.workers_needed).map_err(|_| {
            StoreError::corrupt("overseas_projects", format!("workers of {}", r.id))
        })?,
        occupations: split(&r.occupations),
        id: r.id,
        name_zh: r.name_zh,
        contractor: r.contractor,
        country: r.country,
        starts_on: r.starts_on,
    })
}

const PROJECTS: &str = "SELECT id, name_zh, contractor, country, occupations, workers_needed, \
                        starts_on FROM overseas_projects";

impl Store {
    pub async fn labour_bases(&self) -> Result<Vec<ExportBase>> {
        let sql = "SELECT id, name_zh, province_code, county, workers_available, \
                   trained_per_year, training_support, occupations FROM labour_bases ORDER BY id";
        let rows: Vec<BaseRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter().map(base).collect()
    }

    /// Newest first.
    pub async fn overseas_projects(&self) -> Result<Vec<OverseasProject>> {
        let sql = format!("{PROJECTS} ORDER BY id DESC");
        let rows: Vec<ProjectRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(project).collect()
    }

    pub async fn overseas_project(&self, id: i64) -> Result<OverseasProject> {
        let sql = format!("{PROJECTS} WHERE id = $1");
        let row: Option<ProjectRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        project(row.ok_or(StoreError::NotFound {
            entity: "overseas_project",
        })?)
    }
}

impl Tx {
    /// Inserts or updates a base by its name; returns its id.
    pub async fn upsert_labour_base(&mut self, b: &ExportBase, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO labour_bases (name_zh, province_code, county, workers_available, \
                   trained_per_year, training_support, occupations, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name_zh) DO UPDATE SET \
                   province_code = excluded.province_code, county = excluded.county, \
                   workers_available = excluded.workers_available, \
                   trained_per_year = excluded.trained_per_year, \
                   training_support = excluded.training_support, \
                   occupations = excluded.occupations, updated_at = excluded.updated_at \
                   RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&b.name_zh)
            .bind(b.province_code.as_str())
            .bind(&b.county)
            .bind(i64::from(b.workers_available))
            .bind(i64::from(b.trained_per_year))
            .bind(&b.training_support)
            .bind(b.occupations.join(";"))
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn insert_overseas_project(
        &mut self,
        p: &OverseasProject,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO overseas_projects (name_zh, contractor, country, occupations, \
                   workers_needed, starts_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                   RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&p.name_zh)
            .bind(&p.contractor)
            .bind(&p.country)
            .bind(p.occupations.join(";"))
            .bind(i64::from(p.workers_needed))
            .bind(p.starts_on)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
