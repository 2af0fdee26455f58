//! Investment projects (招商项目) posted by zones.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::project::{InvestmentMode, InvestmentProject, ProjectFields, ProjectStatus};

const COLUMNS: &str = "id, zone_id, title_zh, title_en, industry_code, amount_fen, mode, \
    land_hundredth_mu, incentives, description, status, demo, updated_at";

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    zone_id: i64,
    title_zh: String,
    title_en: Option<String>,
    industry_code: String,
    amount_fen: i64,
    mode: String,
    land_hundredth_mu: Option<i64>,
    incentives: Option<String>,
    description: Option<String>,
    status: String,
    demo: bool,
    updated_at: DateTime<Utc>,
}

impl ProjectRow {
    fn into_project(self) -> Result<InvestmentProject> {
        let id = self.id;
        let corrupt =
            |what: &str| StoreError::corrupt("investment_projects", format!("{what} of {id}"));
        Ok(InvestmentProject {
            id,
            zone_id: self.zone_id,
            fields: ProjectFields {
                title_zh: self.title_zh,
                title_en: self.title_en,
                industry: IndustryCode::parse(&self.industry_code)
                    .ok_or_else(|| corrupt("industry_code"))?,
                amount: Fen(self.amount_fen),
                mode: InvestmentMode::parse(&self.mode).ok_or_else(|| corrupt("mode"))?,
                land_hundredth_mu: self.land_hundredth_mu,
                incentives: self.incentives,
                description: self.description,
                status: ProjectStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            },
            updated_at: self.updated_at,
            demo: self.demo,
        })
    }
}

macro_rules! bind_project {
    ($query:expr, $f:expr) => {
        $query
            .bind(&$f.title_zh)
            .bind(&$f.title_en)
            .bind($f.industry.as_str())
            .bind($f.amount.0)
            .bind($f.mode.code())
            .bind($f.land_hundredth_mu)
            .bind(&$f.incentives)
            .bind(&$f.description)
            .bind($f.status.code())
    };
}

impl Store {
    pub async fn project(&self, id: i64) -> Result<InvestmentProject> {
        let sql = format!("SELECT {COLUMNS} FROM investment_projects WHERE id = $1");
        let row: Option<ProjectRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "project" })?
            .into_project()
    }

    /// Every project (listing filters run in memory over the directory snapshot), newest first.
    pub async fn projects(&self) -> Result<Vec<InvestmentProject>> {
        let sql =
            format!("SELECT {COLUMNS} FROM investment_projects ORDER BY updated_at DESC, id DESC");
        let rows: Vec<ProjectRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(ProjectRow::into_project).collect()
    }
}

impl Tx {
    pub async fn insert_project(
        &mut self,
        zone_id: i64,
        f: &ProjectFields,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO investment_projects (title_zh, title_en, industry_code, amount_fen, \
            mode, land_hundredth_mu, incentives, description, status, zone_id, demo, created_at, \
            updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
            RETURNING id";
        let id = on_tx!(self, |c| bind_project!(sqlx::query_scalar(sql), f)
            .bind(zone_id)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn update_project(
        &mut self,
        id: i64,
        f: &ProjectFields,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE investment_projects SET title_zh = $1, title_en = $2, \
            industry_code = $3, amount_fen = $4, mode = $5, land_hundredth_mu = $6, \
            incentives = $7, description = $8, status = $9, updated_at = $10 WHERE id = $11";
        let n = on_tx!(self, |c| bind_project!(sqlx::query(sql), f)
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "project" });
        }
        Ok(())
    }

    /// The project as stored, read inside the writing transaction.
    pub async fn project(&mut self, id: i64) -> Result<InvestmentProject> {
        let sql = format!("SELECT {COLUMNS} FROM investment_projects WHERE id = $1");
        let row: Option<ProjectRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound { entity: "project" })?
            .into_project()
    }
}
