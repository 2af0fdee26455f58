//! Development zones and their leading industries.

use crate::db::{on_pool, on_tx};
use crate::{Backend, Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::geo::LatLon;
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::region::ProvinceCode;
use gowest_domain::zone::{GivenSeaport, ZoneContact, ZoneFields, ZoneLevel};
use std::collections::HashMap;

/// A stored zone: its id, its fields, and when it last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredZone {
    pub id: i64,
    pub fields: ZoneFields,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, name_zh, name_en, level, province_code, city_zh, lat, lon, \
    approved_year, national_in_2006, named_in_notice, area_hectares, land_price_fen_per_m2, \
    avg_wage_fen_per_month, seaport_port_id, seaport_km, seaport_hours_tenths, contact_name, \
    contact_phone, contact_email, website, description_zh, description_en, labour_available, \
    updated_at";

#[derive(sqlx::FromRow)]
struct ZoneRow {
    id: i64,
    name_zh: String,
    name_en: Option<String>,
    level: String,
    province_code: String,
    city_zh: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    approved_year: Option<i64>,
    national_in_2006: bool,
    named_in_notice: bool,
    area_hectares: Option<i64>,
    land_price_fen_per_m2: Option<i64>,
    avg_wage_fen_per_month: Option<i64>,
    seaport_port_id: Option<i64>,
    seaport_km: Option<i64>,
    seaport_hours_tenths: Option<i64>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    website: Option<String>,
    description_zh: Option<String>,
    description_en: Option<String>,
    labour_available: Option<i64>,
    updated_at: DateTime<Utc>,
}

impl ZoneRow {
    fn into_stored(self, industries: Vec<IndustryCode>) -> Result<StoredZone> {
        let corrupt =
            |what: &str| StoreError::corrupt("zones", format!("{what} of zone {}", self.id));
        let seaport = match (
            self.seaport_port_id,
            self.seaport_km,
            self.seaport_hours_tenths,
        ) {
            (Some(port_id), Some(km), Some(hours)) => Some(GivenSeaport {
                port_id,
                km: u32::try_from(km).map_err(|_| corrupt("seaport_km"))?,
                hours_tenths: u32::try_from(hours).map_err(|_| corrupt("seaport_hours"))?,
            }),
            _ => None,
        };
        let location = match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => {
                Some(LatLon::new(lat, lon).ok_or_else(|| corrupt("location"))?)
            }
            _ => None,
        };
        let fields = ZoneFields {
            level: ZoneLevel::parse(&self.level).ok_or_else(|| corrupt("level"))?,
            province_code: ProvinceCode::parse(&self.province_code)
                .ok_or_else(|| corrupt("province_code"))?,
            approved_year: self
                .approved_year
                .map(i32::try_from)
                .transpose()
                .map_err(|_| corrupt("approved_year"))?,
            location,
            seaport,
            name_zh: self.name_zh,
            name_en: self.name_en,
            city_zh: self.city_zh,
            national_in_2006: self.national_in_2006,
            named_in_notice: self.named_in_notice,
            area_hectares: self.area_hectares,
            leading_industries: industries,
            land_price_fen_per_m2: self.land_price_fen_per_m2.map(Fen),
            avg_wage_fen_per_month: self.avg_wage_fen_per_month.map(Fen),
            labour_available: self
                .labour_available
                .map(u32::try_from)
                .transpose()
                .map_err(|_| corrupt("labour_available"))?,
            contact: ZoneContact {
                name: self.contact_name,
                phone: self.contact_phone,
                email: self.contact_email,
                website: self.website,
            },
            description_zh: self.description_zh,
            description_en: self.description_en,
        };
        Ok(StoredZone {
            id: self.id,
            fields,
            updated_at: self.updated_at,
        })
    }
}

fn group_industries(rows: Vec<(i64, String)>) -> Result<HashMap<i64, Vec<IndustryCode>>> {
    let mut by_zone: HashMap<i64, Vec<IndustryCode>> = HashMap::new();
    for (zone_id, code) in rows {
        let code = IndustryCode::parse(&code)
            .ok_or_else(|| StoreError::corrupt("zone_industries", code.clone()))?;
        by_zone.entry(zone_id).or_default().push(code);
    }
    Ok(by_zone)
}

impl Store {
    /// Every zone, in id order.
    #[tracing::instrument(skip(self))]
    pub async fn all_zones(&self) -> Result<Vec<StoredZone>> {
        let zones_sql = format!("SELECT {COLUMNS} FROM zones ORDER BY id");
        let industries_sql =
            "SELECT zone_id, industry_code FROM zone_industries ORDER BY zone_id, position";
        let (rows, industries): (Vec<ZoneRow>, Vec<(i64, String)>) = on_pool!(self, |p| (
            sqlx::query_as(&zones_sql).fetch_all(p).await?,
            sqlx::query_as(industries_sql).fetch_all(p).await?
        ));
        let mut industries = group_industries(industries)?;
        rows.into_iter()
            .map(|row| {
                let codes = industries.remove(&row.id).unwrap_or_default();
                row.into_stored(codes)
            })
            .collect()
    }

    pub async fn zone(&self, id: i64) -> Result<StoredZone> {
        let zone_sql = format!("SELECT {COLUMNS} FROM zones WHERE id = $1");
        let industries_sql = "SELECT zone_id, industry_code FROM zone_industries \
                              WHERE zone_id = $1 ORDER BY position";
        let (row, industries): (Option<ZoneRow>, Vec<(i64, String)>) = on_pool!(self, |p| (
            sqlx::query_as(&zone_sql).bind(id).fetch_optional(p).await?,
            sqlx::query_as(industries_sql).bind(id).fetch_all(p).await?
        ));
        let row = row.ok_or(StoreError::NotFound { entity: "zone" })?;
        let codes = group_industries(industries)?
            .remove(&id)
            .unwrap_or_default();
        row.into_stored(codes)
    }

    pub async fn zone_count(&self) -> Result<i64> {
        let n = on_pool!(self, |p| sqlx::query_scalar("SELECT COUNT(*) FROM zones")
            .fetch_one(p)
            .await?);
        Ok(n)
    }
}

/// Binds the 22 zone columns in the order of the INSERT and UPDATE statements below.
/// A macro, so that each backend's arm of `on_tx!` binds with its own concrete types.
macro_rules! bind_zone_fields {
    ($query:expr, $f:expr) => {
        $query
            .bind(&$f.name_zh)
            .bind(&$f.name_en)
            .bind($f.level.code())
            .bind($f.province_code.as_str())
            .bind(&$f.city_zh)
            .bind($f.location.map(|p| p.lat))
            .bind($f.location.map(|p| p.lon))
            .bind($f.approved_year.map(i64::from))
            .bind($f.national_in_2006)
            .bind($f.named_in_notice)
            .bind($f.area_hectares)
            .bind($f.land_price_fen_per_m2.map(|v| v.0))
            .bind($f.avg_wage_fen_per_month.map(|v| v.0))
            .bind($f.seaport.map(|s| s.port_id))
            .bind($f.seaport.map(|s| i64::from(s.km)))
            .bind($f.seaport.map(|s| i64::from(s.hours_tenths)))
            .bind(&$f.contact.name)
            .bind(&$f.contact.phone)
            .bind(&$f.contact.email)
            .bind(&$f.contact.website)
            .bind(&$f.description_zh)
            .bind(&$f.description_en)
            .bind($f.labour_available.map(i64::from))
    };
}

impl Tx {
    /// Zone ids by Chinese name, read inside the transaction that is about to write.
    pub async fn zone_ids_by_name(&mut self) -> Result<HashMap<String, i64>> {
        let rows: Vec<(String, i64)> =
            on_tx!(self, |c| sqlx::query_as("SELECT name_zh, id FROM zones")
                .fetch_all(c)
                .await?);
        Ok(rows.into_iter().collect())
    }

    /// Inserts a new zone and returns its id.
    pub async fn insert_zone(&mut self, f: &ZoneFields, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO zones (name_zh, name_en, level, province_code, city_zh, lat, lon, \
            approved_year, national_in_2006, named_in_notice, area_hectares, land_price_fen_per_m2, \
            avg_wage_fen_per_month, seaport_port_id, seaport_km, seaport_hours_tenths, contact_name, \
            contact_phone, contact_email, website, description_zh, description_en, labour_available, \
            created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
            $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24) RETURNING id";
        let id: i64 = on_tx!(self, |c| bind_zone_fields!(sqlx::query_scalar(sql), f)
            .bind(now)
            .fetch_one(&mut *c)
            .await?);
        self.write_industries(id, &f.leading_industries, false)
            .await?;
        Ok(id)
    }

    /// Replaces every field of zone `id`.
    pub async fn update_zone(&mut self, id: i64, f: &ZoneFields, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE zones SET name_zh = $1, name_en = $2, level = $3, province_code = $4, \
            city_zh = $5, lat = $6, lon = $7, approved_year = $8, national_in_2006 = $9, \
            named_in_notice = $10, area_hectares = $11, land_price_fen_per_m2 = $12, \
            avg_wage_fen_per_month = $13, seaport_port_id = $14, seaport_km = $15, \
            seaport_hours_tenths = $16, contact_name = $17, contact_phone = $18, \
            contact_email = $19, website = $20, description_zh = $21, description_en = $22, \
            labour_available = $23, updated_at = $24 WHERE id = $25";
        let affected = on_tx!(self, |c| bind_zone_fields!(sqlx::query(sql), f)
            .bind(now)
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        if affected == 0 {
            return Err(StoreError::NotFound { entity: "zone" });
        }
        self.write_industries(id, &f.leading_industries, true).await
    }

    async fn write_industries(
        &mut self,
        id: i64,
        codes: &[IndustryCode],
        replace: bool,
    ) -> Result<()> {
        if replace {
            on_tx!(self, |c| sqlx::query(
                "DELETE FROM zone_industries WHERE zone_id = $1"
            )
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        }
        let sql =
            "INSERT INTO zone_industries (zone_id, position, industry_code) VALUES ($1, $2, $3)";
        for (position, code) in codes.iter().enumerate() {
            on_tx!(self, |c| sqlx::query(sql)
                .bind(id)
                .bind(position as i64)
                .bind(code.as_str())
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(())
    }
}

/// Zones per multi-row statement: 25 parameters each stays well under SQLite's 32,766.
const ZONE_BATCH: usize = 500;
/// Industry rows per statement (3 parameters each).
const INDUSTRY_BATCH: usize = 2_000;

const UPSERT_HEAD: &str = "INSERT INTO zones (name_zh, name_en, level, province_code, city_zh, \
    lat, lon, approved_year, national_in_2006, named_in_notice, area_hectares, \
    land_price_fen_per_m2, avg_wage_fen_per_month, seaport_port_id, seaport_km, \
    seaport_hours_tenths, contact_name, contact_phone, contact_email, website, description_zh, \
    description_en, labour_available, created_at, updated_at) VALUES ";

const UPSERT_TAIL: &str = " ON CONFLICT (name_zh) DO UPDATE SET name_en = excluded.name_en, \
    level = excluded.level, province_code = excluded.province_code, city_zh = excluded.city_zh, \
    lat = excluded.lat, lon = excluded.lon, approved_year = excluded.approved_year, \
    national_in_2006 = excluded.national_in_2006, named_in_notice = excluded.named_in_notice, \
    area_hectares = excluded.area_hectares, land_price_fen_per_m2 = excluded.land_price_fen_per_m2, \
    avg_wage_fen_per_month = excluded.avg_wage_fen_per_month, \
    seaport_port_id = excluded.seaport_port_id, seaport_km = excluded.seaport_km, \
    seaport_hours_tenths = excluded.seaport_hours_tenths, contact_name = excluded.contact_name, \
    contact_phone = excluded.contact_phone, contact_email = excluded.contact_email, \
    website = excluded.website, description_zh = excluded.description_zh, \
    description_en = excluded.description_en, labour_available = excluded.labour_available, \
    updated_at = excluded.updated_at";

/// `rows` groups of `per_row` placeholders: `($1, …), (…)` for PostgreSQL, `(?, …), (…)`
/// for SQLite, whose lookup of a named parameter (`$n` is a name there) walks the whole
/// list: thousands of them in one statement would cost quadratic time to bind.
pub(crate) fn placeholders(backend: Backend, rows: usize, per_row: usize) -> String {
    let mut out = String::with_capacity(rows * per_row * 5);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..per_row {
            if c > 0 {
                out.push_str(", ");
            }
            match backend {
                Backend::Sqlite => out.push('?'),
                Backend::Postgres => {
                    out.push('$');
                    out.push_str(&(r * per_row + c + 1).to_string());
                }
            }
        }
        out.push(')');
    }
    out
}

impl Tx {
    /// Inserts or replaces many zones by Chinese name, with their leading industries, in a
    /// few multi-row statements: a bulk import costs hundreds of round trips, not hundreds of
    /// thousands. Names must be unique within `zones`.
    pub async fn upsert_zones(&mut self, zones: &[ZoneFields], now: DateTime<Utc>) -> Result<()> {
        for chunk in zones.chunks(ZONE_BATCH) {
            let values = placeholders(self.backend(), chunk.len(), 25);
            let sql = format!("{UPSERT_HEAD}{values}{UPSERT_TAIL}");
            on_tx!(self, |c| {
                let mut query = sqlx::query(&sql);
                for f in chunk {
                    query = bind_zone_fields!(query, f).bind(now).bind(now);
                }
                query.execute(&mut *c).await?.rows_affected()
            });
        }
        let ids = self.zone_ids_by_name().await?;
        let zone_ids: Vec<i64> = zones
            .iter()
            .map(|f| {
                ids.get(&f.name_zh)
                    .copied()
                    .ok_or_else(|| StoreError::corrupt("zones", format!("{} vanished", f.name_zh)))
            })
            .collect::<Result<_>>()?;
        for chunk in zone_ids.chunks(INDUSTRY_BATCH) {
            let list = placeholders(self.backend(), 1, chunk.len());
            let sql = format!("DELETE FROM zone_industries WHERE zone_id IN {list}");
            on_tx!(self, |c| {
                let mut query = sqlx::query(&sql);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.execute(&mut *c).await?.rows_affected()
            });
        }
        let rows: Vec<(i64, i64, &str)> = zones
            .iter()
            .zip(&zone_ids)
            .flat_map(|(f, id)| {
                f.leading_industries
                    .iter()
                    .enumerate()
                    .map(move |(position, code)| (*id, position as i64, code.as_str()))
            })
            .collect();
        for chunk in rows.chunks(INDUSTRY_BATCH) {
            let sql = format!(
                "INSERT INTO zone_industries (zone_id, position, industry_code) VALUES {}",
                placeholders(self.backend(), chunk.len(), 3)
            );
            on_tx!(self, |c| {
                let mut query = sqlx::query(&sql);
                for (id, position, code) in chunk {
                    query = query.bind(*id).bind(*position).bind(*code);
                }
                query.execute(&mut *c).await?.rows_affected()
            });
        }
        Ok(())
    }
}
