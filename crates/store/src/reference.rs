//! Reference data: provinces (GB/T 2260), industries (GB/T 4754-2017), ports.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use gowest_domain::geo::LatLon;
use gowest_domain::industry::{Industry, IndustryCode, IndustryLevel};
use gowest_domain::port::{Port, PortKind};
use gowest_domain::region::{Province, ProvinceCode, Region};

#[derive(sqlx::FromRow)]
struct ProvinceRow {
    code: String,
    name_zh: String,
    name_en: String,
    region: String,
    western_development: bool,
    coastal_economic_zone: Option<String>,
}

#[derive(sqlx::FromRow)]
struct IndustryRow {
    code: String,
    level: String,
    parent: Option<String>,
    name_zh: String,
    name_en: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PortRow {
    id: i64,
    name_zh: String,
    name_en: String,
    province_code: String,
    kind: String,
    lat: f64,
    lon: f64,
}

fn province_code(table: &'static str, raw: &str) -> Result<ProvinceCode> {
    ProvinceCode::parse(raw).ok_or_else(|| StoreError::corrupt(table, format!("province {raw}")))
}

fn industry_code(raw: &str) -> Result<IndustryCode> {
    IndustryCode::parse(raw).ok_or_else(|| StoreError::corrupt("industries", raw.to_owned()))
}

impl Store {
    pub async fn provinces(&self) -> Result<Vec<Province>> {
        let sql = "SELECT code, name_zh, name_en, region, western_development, \
                   coastal_economic_zone FROM provinces ORDER BY code";
        let rows: Vec<ProvinceRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                Ok(Province {
                    code: province_code("provinces", &r.code)?,
                    region: Region::parse(&r.region)
                        .ok_or_else(|| StoreError::corrupt("provinces", r.region.clone()))?,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                    western_development: r.western_development,
                    coastal_economic_zone: r.coastal_economic_zone,
                })
            })
            .collect()
    }

    pub async fn industries(&self) -> Result<Vec<Industry>> {
        let sql = "SELECT code, level, parent, name_zh, name_en FROM industries \
                   ORDER BY COALESCE(parent, code), level DESC, code";
        let rows: Vec<IndustryRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                Ok(Industry {
                    code: industry_code(&r.code)?,
                    level: if r.level == "section" {
                        IndustryLevel::Section
                    } else {
                        IndustryLevel::Division
                    },
                    parent: r.parent.as_deref().map(industry_code).transpose()?,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                })
            })
            .collect()
    }

    pub async fn ports(&self) -> Result<Vec<Port>> {
        let sql =
            "SELECT id, name_zh, name_en, province_code, kind, lat, lon FROM ports ORDER BY id";
        let rows: Vec<PortRow> = on_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                Ok(Port {
                    id: r.id,
                    province_code: province_code("ports", &r.province_code)?,
                    kind: PortKind::parse(&r.kind)
                        .ok_or_else(|| StoreError::corrupt("ports", r.kind.clone()))?,
                    location: LatLon::new(r.lat, r.lon)
                        .ok_or_else(|| StoreError::corrupt("ports", r.name_zh.clone()))?,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                })
            })
            .collect()
    }
}

impl Tx {
    pub async fn upsert_province(&mut self, p: &Province) -> Result<()> {
        let sql = "INSERT INTO provinces (code, name_zh, name_en, region, western_development, \
                   coastal_economic_zone) VALUES ($1, $2, $3, $4, $5, $6) \
                   ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, \
                   name_en = excluded.name_en, region = excluded.region, \
                   western_development = excluded.western_development, \
                   coastal_economic_zone = excluded.coastal_economic_zone";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(p.code.as_str())
            .bind(&p.name_zh)
            .bind(&p.name_en)
            .bind(p.region.code())
            .bind(p.western_development)
            .bind(&p.coastal_economic_zone)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Sections must be written before their divisions.
    pub async fn upsert_industry(&mut self, i: &Industry) -> Result<()> {
        let sql = "INSERT INTO industries (code, level, parent, name_zh, name_en) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                   level = excluded.level, parent = excluded.parent, \
                   name_zh = excluded.name_zh, name_en = excluded.name_en";
        let level = match i.level {
            IndustryLevel::Section => "section",
            IndustryLevel::Division => "division",
        };
        on_tx!(self, |c| sqlx::query(sql)
            .bind(i.code.as_str())
            .bind(level)
            .bind(i.parent.as_ref().map(IndustryCode::as_str))
            .bind(&i.name_zh)
            .bind(&i.name_en)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Inserts or updates a port by its Chinese name; the id stays stable across reloads.
    pub async fn upsert_port(&mut self, p: &Port) -> Result<i64> {
        let sql = "INSERT INTO ports (name_zh, name_en, province_code, kind, lat, lon) \
                   VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name_zh) DO UPDATE SET \
                   name_en = excluded.name_en, province_code = excluded.province_code, \
                   kind = excluded.kind, lat = excluded.lat, lon = excluded.lon RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&p.name_zh)
            .bind(&p.name_en)
            .bind(p.province_code.as_str())
            .bind(p.kind.code())
            .bind(p.location.lat)
            .bind(p.location.lon)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}
