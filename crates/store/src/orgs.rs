//! Organisations.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::ids::CreditCode;
use gowest_domain::org::{OrgKind, OrgPlace, OrgStatus, Organisation};
use gowest_domain::region::ProvinceCode;

const COLUMNS: &str = "id, kind, name_zh, name_en, province_code, zone_id, credit_code, status";

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    id: i64,
    kind: String,
    name_zh: String,
    name_en: Option<String>,
    province_code: Option<String>,
    zone_id: Option<i64>,
    credit_code: Option<String>,
    status: String,
}

impl OrgRow {
    pub(crate) fn into_org(self) -> Result<Organisation> {
        let id = self.id;
        let corrupt = |what: &str| StoreError::corrupt("organisations", format!("{what} of {id}"));
        let province = || {
            self.province_code
                .as_deref()
                .and_then(ProvinceCode::parse)
                .ok_or_else(|| corrupt("province_code"))
        };
        let place = match OrgKind::parse(&self.kind).ok_or_else(|| corrupt("kind"))? {
            OrgKind::Ministry => OrgPlace::Ministry,
            OrgKind::Bank => OrgPlace::Bank,
            OrgKind::Province => OrgPlace::Province {
                province_code: province()?,
            },
            OrgKind::Zone => OrgPlace::Zone {
                zone_id: self.zone_id.ok_or_else(|| corrupt("zone_id"))?,
                province_code: province()?,
            },
            OrgKind::Enterprise => OrgPlace::Enterprise {
                credit_code: self
                    .credit_code
                    .as_deref()
                    .and_then(|c| CreditCode::parse(c).ok())
                    .ok_or_else(|| corrupt("credit_code"))?,
                province_code: province()?,
            },
            OrgKind::PromotionAgency => OrgPlace::PromotionAgency {
                province_code: self.province_code.as_deref().and_then(ProvinceCode::parse),
            },
        };
        Ok(Organisation {
            id,
            status: OrgStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            name_zh: self.name_zh,
            name_en: self.name_en,
            place,
        })
    }
}

impl Store {
    pub async fn organisations(&self) -> Result<Vec<Organisation>> {
        let sql =
            format!("SELECT {COLUMNS} FROM organisations ORDER BY kind, province_code, name_zh");
        let rows: Vec<OrgRow> = on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter().map(OrgRow::into_org).collect()
    }

    pub async fn organisation(&self, id: i64) -> Result<Organisation> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
        let row: Option<OrgRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "organisation",
        })?
        .into_org()
    }

    /// The organisation of a zone, when the zone has one.
    pub async fn zone_organisation(&self, zone_id: i64) -> Result<Option<Organisation>> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE zone_id = $1");
        let row: Option<OrgRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(zone_id)
            .fetch_optional(p)
            .await?);
        row.map(OrgRow::into_org).transpose()
    }
}

impl Tx {
    pub async fn insert_organisation(
        &mut self,
        name_zh: &str,
        name_en: Option<&str>,
        place: &OrgPlace,
        status: OrgStatus,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO organisations (kind, name_zh, name_en, province_code, zone_id, \
                   credit_code, status, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(place.kind().code())
            .bind(name_zh)
            .bind(name_en)
            .bind(place.province_code().map(ProvinceCode::as_str))
            .bind(place.zone_id())
            .bind(place.credit_code().map(CreditCode::as_str))
            .bind(status.code())
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn set_organisation_status(
        &mut self,
        id: i64,
        status: OrgStatus,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE organisations SET status = $1, updated_at = $2 WHERE id = $3";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(status.code())
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "organisation",
            });
        }
        Ok(())
    }

    pub async fn organisation(&mut self, id: i64) -> Result<Organisation> {
        let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
        let row: Option<OrgRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "organisation",
        })?
        .into_org()
    }
}
