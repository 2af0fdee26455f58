//! Relocation demand (转移意向) and the ports each ships through.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::demand::{DemandFields, DemandStatus, RelocationDemand};
use gowest_domain::industry::IndustryCode;
use gowest_domain::matching::Weights;
use gowest_domain::money::Fen;
use gowest_domain::region::Region;
use std::collections::HashMap;

const COLUMNS: &str = "id, enterprise_id, title, industry_code, investment_fen, \
    land_hundredth_mu, workforce, skills, power_kva, water_tonnes_per_day, preferred_regions, \
    start_by, description, weights, status, published_at, demo, updated_at";

#[derive(sqlx::FromRow)]
struct DemandRow {
    id: i64,
    enterprise_id: i64,
    title: String,
    industry_code: String,
    investment_fen: i64,
    land_hundredth_mu: Option<i64>,
    workforce: i64,
    skills: String,
    power_kva: Option<i64>,
    water_tonnes_per_day: Option<i64>,
    preferred_regions: String,
    start_by: Option<NaiveDate>,
    description: Option<String>,
    weights: Option<String>,
    status: String,
    published_at: Option<DateTime<Utc>>,
    demo: bool,
    updated_at: DateTime<Utc>,
}

fn split(joined: &str) -> impl Iterator<Item = &str> {
    joined.split(';').filter(|s| !s.is_empty())
}

impl DemandRow {
    fn into_demand(self, port_ids: Vec<i64>) -> Result<RelocationDemand> {
        let id = self.id;
        let corrupt =
            |what: &str| StoreError::corrupt("relocation_demands", format!("{what} of {id}"));
        let small = |v: Option<i64>, what: &str| {
            v.map(u32::try_from).transpose().map_err(|_| corrupt(what))
        };
        let weights = self
            .weights
            .as_deref()
            .map(serde_json::from_str::<Weights>)
            .transpose()
            .map_err(|_| corrupt("weights"))?;
        Ok(RelocationDemand {
            id,
            enterprise_id: self.enterprise_id,
            fields: DemandFields {
                title: self.title,
                industry: IndustryCode::parse(&self.industry_code)
                    .ok_or_else(|| corrupt("industry_code"))?,
                investment: Fen(self.investment_fen),
                land_hundredth_mu: self.land_hundredth_mu,
                workforce: u32::try_from(self.workforce).map_err(|_| corrupt("workforce"))?,
                skills: split(&self.skills).map(str::to_owned).collect(),
                power_kva: small(self.power_kva, "power_kva")?,
                water_tonnes_per_day: small(self.water_tonnes_per_day, "water_tonnes_per_day")?,
                port_ids,
                preferred_regions: split(&self.preferred_regions)
                    .map(|r| Region::parse(r).ok_or_else(|| corrupt("preferred_regions")))
                    .collect::<Result<_>>()?,
                start_by: self.start_by,
                description: self.description,
                weights,
            },
            status: DemandStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            published_at: self.published_at,
            updated_at: self.updated_at,
            demo: self.demo,
        })
    }
}

/// Binds the demand's fields in column order, from `title` to `weights`.
macro_rules! bind_demand {
    ($query:expr, $f:expr, $weights:expr) => {
        $query
            .bind(&$f.title)
            .bind($f.industry.as_str())
            .bind($f.investment.0)
            .bind($f.land_hundredth_mu)
            .bind(i64::from($f.workforce))
            .bind($f.skills.join(";"))
            .bind($f.power_kva.map(i64::from))
            .bind($f.water_tonnes_per_day.map(i64::from))
            .bind(
                $f.preferred_regions
                    .iter()
                    .map(|r| r.code())
                    .collect::<Vec<_>>()
                    .join(";"),
            )
            .bind($f.start_by)
            .bind(&$f.description)
            .bind($weights)
    };
}

fn weights_json(f: &DemandFields) -> Result<Option<String>> {
    f.weights
        .map(|w| serde_json::to_string(&w))
        .transpose()
        .map_err(|e| StoreError::corrupt("relocation_demands", format!("weights: {e}")))
}

/// Which demands to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandSet {
    All,
    Published,
    OfEnterprise(i64),
}

impl Store {
    pub async fn demand(&self, id: i64) -> Result<RelocationDemand> {
        let sql = format!("SELECT {COLUMNS} FROM relocation_demands WHERE id = $1");
        let row: Option<DemandRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let row = row.ok_or(StoreError::NotFound { entity: "demand" })?;
        let ports_sql = "SELECT port_id FROM demand_ports WHERE demand_id = $1 ORDER BY position";
        let ports: Vec<i64> = on_pool!(self, |p| sqlx::query_scalar(ports_sql)
            .bind(id)
            .fetch_all(p)
            .await?);
        row.into_demand(ports)
    }

    /// Demands, newest change first.
    pub async fn demands(&self, set: DemandSet) -> Result<Vec<RelocationDemand>> {
        let (filter, ports_filter, arg) = match set {
            DemandSet::All => ("", "", None),
            DemandSet::Published => (
                "WHERE status = 'published'",
                "WHERE d.status = 'published'",
                None,
            ),
            DemandSet::OfEnterprise(id) => (
                "WHERE enterprise_id = $1",
                "WHERE d.enterprise_id = $1",
                Some(id),
            ),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM relocation_demands {filter} ORDER BY updated_at DESC, id DESC"
        );
        let ports_sql = format!(
            "SELECT p.demand_id, p.port_id FROM demand_ports p \
             JOIN relocation_demands d ON d.id = p.demand_id {ports_filter} \
             ORDER BY p.demand_id, p.position"
        );
        let rows: Vec<DemandRow> = on_pool!(self, |p| {
            let mut q = sqlx::query_as(&sql);
            if let Some(id) = arg {
                q = q.bind(id);
            }
            q.fetch_all(p).await?
        });
        let port_rows: Vec<(i64, i64)> = on_pool!(self, |p| {
            let mut q = sqlx::query_as(&ports_sql);
            if let Some(id) = arg {
                q = q.bind(id);
            }
            q.fetch_all(p).await?
        });
        let mut ports: HashMap<i64, Vec<i64>> = HashMap::new();
        for (demand_id, port_id) in port_rows {
            ports.entry(demand_id).or_default().push(port_id);
        }
        rows.into_iter()
            .map(|row| {
                let ids = ports.remove(&row.id).unwrap_or_default();
                row.into_demand(ids)
            })
            .collect()
    }
}

impl Tx {
    pub async fn insert_demand(
        &mut self,
        enterprise_id: i64,
        f: &DemandFields,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO relocation_demands (enterprise_id, title, industry_code, \
            investment_fen, land_hundredth_mu, workforce, skills, power_kva, water_tonnes_per_day, \
            preferred_regions, start_by, description, weights, status, demo, created_at, \
            updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft', \
            $14, $15, $15) RETURNING id";
        let weights = weights_json(f)?;
        let id: i64 = on_tx!(self, |c| bind_demand!(
            sqlx::query_scalar(sql).bind(enterprise_id),
            f,
            &weights
        )
        .bind(demo)
        .bind(now)
        .fetch_one(&mut *c)
        .await?);
        self.write_demand_ports(id, &f.port_ids).await?;
        Ok(id)
    }

    pub async fn update_demand(
        &mut self,
        id: i64,
        f: &DemandFields,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE relocation_demands SET title = $1, industry_code = $2, \
            investment_fen = $3, land_hundredth_mu = $4, workforce = $5, skills = $6, \
            power_kva = $7, water_tonnes_per_day = $8, preferred_regions = $9, start_by = $10, \
            description = $11, weights = $12, updated_at = $13 WHERE id = $14";
        let weights = weights_json(f)?;
        let n = on_tx!(self, |c| bind_demand!(sqlx::query(sql), f, &weights)
            .bind(now)
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "demand" });
        }
        on_tx!(self, |c| sqlx::query(
            "DELETE FROM demand_ports WHERE demand_id = $1"
        )
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
        self.write_demand_ports(id, &f.port_ids).await
    }

    pub async fn set_demand_status(
        &mut self,
        id: i64,
        status: DemandStatus,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE relocation_demands SET status = $1, updated_at = $2, \
            published_at = CASE WHEN $1 = 'published' THEN $2 ELSE published_at END WHERE id = $3";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(status.code())
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound { entity: "demand" });
        }
        Ok(())
    }

    /// The demand's owner and status, read inside the writing transaction.
    pub async fn demand_owner(&mut self, id: i64) -> Result<(i64, DemandStatus)> {
        let sql = "SELECT enterprise_id, status FROM relocation_demands WHERE id = $1";
        let row: Option<(i64, String)> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        let (enterprise_id, status) = row.ok_or(StoreError::NotFound { entity: "demand" })?;
        let status = DemandStatus::parse(&status)
            .ok_or_else(|| StoreError::corrupt("relocation_demands", format!("status of {id}")))?;
        Ok((enterprise_id, status))
    }

    async fn write_demand_ports(&mut self, id: i64, port_ids: &[i64]) -> Result<()> {
        let sql = "INSERT INTO demand_ports (demand_id, position, port_id) VALUES ($1, $2, $3)";
        for (position, port_id) in port_ids.iter().enumerate() {
            on_tx!(self, |c| sqlx::query(sql)
                .bind(id)
                .bind(position as i64)
                .bind(*port_id)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(())
    }
}
