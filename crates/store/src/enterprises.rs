//! Enterprises weighing a move.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use gowest_domain::enterprise::{Enterprise, EnterpriseFields, EnterpriseSize};
use gowest_domain::ids::CreditCode;
use gowest_domain::industry::IndustryCode;
use gowest_domain::region::ProvinceCode;

const COLUMNS: &str = "id, credit_code, name_zh, name_en, province_code, industry_code, size, \
    export_share_permille, processing_trade, org_id, demo";

#[derive(sqlx::FromRow)]
struct EnterpriseRow {
    id: i64,
    credit_code: String,
    name_zh: String,
    name_en: Option<String>,
    province_code: String,
    industry_code: String,
    size: String,
    export_share_permille: i64,
    processing_trade: bool,
    org_id: Option<i64>,
    demo: bool,
}

impl EnterpriseRow {
    fn into_enterprise(self) -> Result<Enterprise> {
        let id = self.id;
        let corrupt = |what: &str| StoreError::corrupt("enterprises", format!("{what} of {id}"));
        Ok(Enterprise {
            id,
            fields: EnterpriseFields {
                credit_code: CreditCode::parse(&self.credit_code)
                    .map_err(|_| corrupt("credit_code"))?,
                name_zh: self.name_zh,
                name_en: self.name_en,
                province_code: ProvinceCode::parse(&self.province_code)
                    .ok_or_else(|| corrupt("province_code"))?,
                industry: IndustryCode::parse(&self.industry_code)
                    .ok_or_else(|| corrupt("industry_code"))?,
                size: EnterpriseSize::parse(&self.size).ok_or_else(|| corrupt("size"))?,
                export_share_permille: u16::try_from(self.export_share_permille)
                    .map_err(|_| corrupt("export_share_permille"))?,
                processing_trade: self.processing_trade,
            },
            org_id: self.org_id,
            demo: self.demo,
        })
    }
}

impl Store {
    pub async fn enterprise(&self, id: i64) -> Result<Enterprise> {
        let sql = format!("SELECT {COLUMNS} FROM enterprises WHERE id = $1");
        let row: Option<EnterpriseRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "enterprise",
        })?
        .into_enterprise()
    }

    /// The enterprise an organisation (account holder) speaks for.
    pub async fn enterprise_of_org(&self, org_id: i64) -> Result<Option<Enterprise>> {
        let sql = format!("SELECT {COLUMNS} FROM enterprises WHERE org_id = $1");
        let row: Option<EnterpriseRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org_id)
            .fetch_optional(p)
            .await?);
        row.map(EnterpriseRow::into_enterprise).transpose()
    }

    /// Every enterprise, by province then name.
    pub async fn enterprises(&self) -> Result<Vec<Enterprise>> {
        let sql = format!("SELECT {COLUMNS} FROM enterprises ORDER BY province_code, name_zh, id");
        let rows: Vec<EnterpriseRow> =
            on_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        rows.into_iter()
            .map(EnterpriseRow::into_enterprise)
            .collect()
    }
}

impl Tx {
    pub async fn insert_enterprise(
        &mut self,
        f: &EnterpriseFields,
        org_id: Option<i64>,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO enterprises (credit_code, name_zh, name_en, province_code, \
            industry_code, size, export_share_permille, processing_trade, org_id, demo, \
            created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
            RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(f.credit_code.as_str())
            .bind(&f.name_zh)
            .bind(&f.name_en)
            .bind(f.province_code.as_str())
            .bind(f.industry.as_str())
            .bind(f.size.code())
            .bind(i64::from(f.export_share_permille))
            .bind(f.processing_trade)
            .bind(org_id)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    pub async fn update_enterprise(
        &mut self,
        id: i64,
        f: &EnterpriseFields,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE enterprises SET credit_code = $1, name_zh = $2, name_en = $3, \
            province_code = $4, industry_code = $5, size = $6, export_share_permille = $7, \
            processing_trade = $8, updated_at = $9 WHERE id = $10";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(f.credit_code.as_str())
            .bind(&f.name_zh)
            .bind(&f.name_en)
            .bind(f.province_code.as_str())
            .bind(f.industry.as_str())
            .bind(f.size.code())
            .bind(i64::from(f.export_share_permille))
            .bind(f.processing_trade)
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "enterprise",
            });
        }
        Ok(())
    }

    /// The enterprise an organisation speaks for, read inside the writing transaction.
    pub async fn enterprise_of_org(&mut self, org_id: i64) -> Result<Option<Enterprise>> {
        let sql = format!("SELECT {COLUMNS} FROM enterprises WHERE org_id = $1");
        let row: Option<EnterpriseRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(org_id)
            .fetch_optional(c)
            .await?);
        row.map(EnterpriseRow::into_enterprise).transpose()
    }
}
