//! Service-outsourcing bases and offshore-outsourcing demand.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::outsourcing::{Base, Demand, Service};
use gowest_domain::region::ProvinceCode;

#[derive(sqlx::FromRow)]
struct BaseRow {
    id: i64,
    name_zh: String,
    province_code: String,
    city_zh: String,
    companies: i64,
    staff: i64,
    languages: String,
    services: String,
}

#[derive(sqlx::FromRow)]
struct DemandRow {
    id: i64,
    company: String,
    service: String,
    languages: String,
    staff_needed: i64,
    description: String,
}

fn split(joined: &str) -> Vec<String> {
    joined
        .split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn base(r: BaseRow) -> Result<Base> {
    let bad = |what: String| StoreError::corrupt("outsourcing_bases", what);
    Ok(Base {
        province_code: ProvinceCode::parse(&r.province_code)
            .ok_or_else(|| bad(format!("province {}", r.province_code)))?,
        companies: u32::try_from(r.companies).map_err(|_| bad(format!("companies of {}", r.id)))?,
        staff: u32::try_from(r.staff).map_err(|_| bad(format!("staff of {}", r.id)))?,
        services: split(&r.services)
            .iter()
            .map(|s| Service::parse(s).ok_or_else(|| bad(format!("service {s}"))))
            .collect::<Result<_>>()?,
        languages: split(&r.languages),
        id: r.id,
        name_zh: r.name_zh,
        city_zh: r.city_zh,
    })
}

fn demand(r: DemandRow) -> Result<Demand> {
    let bad = |what: String| StoreError::corrupt("outsourcing_demands", what);
    Ok(Demand {
        service: Service::parse(&r.service).ok_or_else(|| bad(format!("service {}", r.service)))?,
        staff_needed: u32::try_from(r.staff_needed)
            .map_err(|_| bad(format!("staff of {}", r.id)))?,
        languages: split(&r.languages),
        id: r.id,
        company: r.company,
        description: r.description,
    })
}

impl Store {
    pub async fn outsourcing_bases(&self) -> Result<Vec<Base>> {
        let sql = "SELECT id, name_zh, province_code, city_zh, companies, staff, languages, \
                   services FROM outsourcing_bases ORDER BY id";
        let rows: Vec<BaseRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter().map(base).collect()
    }

    /// Newest first.
    pub async fn outsourcing_demands(&self) -> Result<Vec<Demand>> {
        let sql = "SELECT id, company, service, languages, staff_needed, description \
                   FROM outsourcing_demands ORDER BY id DESC";
        let rows: Vec<DemandRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter().map(demand).collect()
    }

    pub async fn outsourcing_demand(&self, id: i64) -> Result<Demand> {
        let sql = "SELECT id, company, service, languages, staff_needed, description \
                   FROM outsourcing_demands WHERE id = $1";
        let row: Option<DemandRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        demand(row.ok_or(StoreError::NotFound {
            entity: "outsourcing_demand",
        })?)
    }
}

impl Tx {
    /// Inserts or updates a base by its name; returns its id.
    pub async fn upsert_outsourcing_base(&mut self, b: &Base, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO outsourcing_bases (name_zh, province_code, city_zh, companies, \
                   staff, languages, services, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                   ON CONFLICT (name_zh) DO UPDATE SET province_code = excluded.province_code, \
                   city_zh = excluded.city_zh, companies = excluded.companies, \
                   staff = excluded.staff, languages = excluded.languages, \
                   services = excluded.services, updated_at = excluded.updated_at RETURNING id";
        let services: Vec<&str> = b.services.iter().map(|s| s.code()).collect();
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&b.name_zh)
            .bind(b.province_code.as_str())
            .bind(&b.city_zh)
            .bind(i64::from(b.companies))
            .bind(i64::from(b.staff))
            .bind(b.languages.join(";"))
            .bind(services.join(";"))
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn insert_outsourcing_demand(
        &mut self,
        d: &Demand,
        org_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO outsourcing_demands (org_id, company, service, languages, \
                   staff_needed, description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                   RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(org_id)
            .bind(&d.company)
            .bind(d.service.code())
            .bind(d.languages.join(";"))
            .bind(i64::from(d.staff_needed))
            .bind(&d.description)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
