//! Cooperation agreements with their partners, milestones and links; co-built parks with
//! their enterprises and sharing ledger. Reads run inside a transaction, so a use-case
//! reads and writes one consistent state.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::cooperation::{
    Agreement, AgreementKind, CoBuiltPark, ManagementModel, Milestone, MilestoneStatus,
    SharingEntry, SharingKind,
};
use gowest_domain::money::Fen;

/// An agreement as stored: the parties by zone id (the app names them from the directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAgreement {
    pub id: i64,
    pub kind: AgreementKind,
    pub title: String,
    pub lead_zone_id: i64,
    pub partner_zone_ids: Vec<i64>,
    pub signed_on: NaiveDate,
    pub content: String,
    pub target_enterprises: u32,
    pub target_investment: Fen,
    pub target_jobs: u32,
    pub ministry_support: Option<String>,
    pub demo: bool,
}

#[derive(sqlx::FromRow)]
struct AgreementRow {
    id: i64,
    kind: String,
    title: String,
    lead_zone_id: i64,
    signed_on: NaiveDate,
    content: String,
    target_enterprises: i64,
    target_investment_fen: i64,
    target_jobs: i64,
    ministry_support: Option<String>,
    demo: bool,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    agreement_id: i64,
    title: String,
    due_on: NaiveDate,
    status: String,
    done_on: Option<NaiveDate>,
    note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ParkRow {
    id: i64,
    name_zh: String,
    host_zone_id: i64,
    partner_zone_id: i64,
    agreement_id: Option<i64>,
    model: String,
    partner_tax_bp: i64,
    partner_output_bp: i64,
    established_on: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct SharingRow {
    id: i64,
    park_id: i64,
    year: i64,
    kind: String,
    total_fen: i64,
    partner_fen: i64,
    host_fen: i64,
}

fn corrupt(table: &'static str, id: i64, what: &str) -> StoreError {
    StoreError::corrupt(table, format!("{what} of {id}"))
}

fn count(table: &'static str, id: i64, n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| corrupt(table, id, "count"))
}

impl MilestoneRow {
    fn into_domain(self) -> Result<Milestone> {
        Ok(Milestone {
            id: self.id,
            agreement_id: self.agreement_id,
            title: self.title,
            due_on: self.due_on,
            status: MilestoneStatus::parse(&self.status)
                .ok_or_else(|| corrupt("agreement_milestones", self.id, "status"))?,
            done_on: self.done_on,
            note: self.note,
        })
    }
}

impl ParkRow {
    fn into_domain(self) -> Result<CoBuiltPark> {
        let bp = |n: i64| u32::try_from(n).map_err(|_| corrupt("cobuilt_parks", self.id, "share"));
        Ok(CoBuiltPark {
            id: self.id,
            model: ManagementModel::parse(&self.model)
                .ok_or_else(|| corrupt("cobuilt_parks", self.id, "model"))?,
            partner_tax_bp: bp(self.partner_tax_bp)?,
            partner_output_bp: bp(self.partner_output_bp)?,
            name_zh: self.name_zh,
            host_zone_id: self.host_zone_id,
            partner_zone_id: self.partner_zone_id,
            agreement_id: self.agreement_id,
            established_on: self.established_on,
        })
    }
}

const AGREEMENT_COLUMNS: &str = "id, kind, title, lead_zone_id, signed_on, content, \
    target_enterprises, target_investment_fen, target_jobs, ministry_support, demo";
const MILESTONE_COLUMNS: &str = "id, agreement_id, title, due_on, status, done_on, note";
const PARK_COLUMNS: &str = "id, name_zh, host_zone_id, partner_zone_id, agreement_id, model, \
    partner_tax_bp, partner_output_bp, established_on";

impl Store {
    /// Agreements with a milestone still pending, for a rebuild of what they wait for.
    pub async fn agreement_ids_with_pending_milestones(&self) -> Result<Vec<i64>> {
        let sql = "SELECT DISTINCT agreement_id FROM agreement_milestones WHERE status = 'pending' \
                   ORDER BY agreement_id";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_all(p)
            .await?))
    }
}

impl Tx {
    pub async fn insert_agreement(
        &mut self,
        a: &Agreement,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO agreements (kind, title, lead_zone_id, signed_on, content, \
            target_enterprises, target_investment_fen, target_jobs, ministry_support, demo, \
            created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
            RETURNING id";
        let id: i64 = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(a.kind.code())
            .bind(&a.title)
            .bind(a.lead.zone_id)
            .bind(a.signed_on)
            .bind(&a.content)
            .bind(i64::from(a.target_enterprises))
            .bind(a.target_investment.0)
            .bind(i64::from(a.target_jobs))
            .bind(&a.ministry_support)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?);
        for p in &a.partners {
            let sql = "INSERT INTO agreement_partners (agreement_id, zone_id) VALUES ($1, $2)";
            on_tx!(self, |c| sqlx::query(sql)
                .bind(id)
                .bind(p.zone_id)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(id)
    }

    /// Every agreement, latest signed first (the app filters by the reader's scope, which
    /// reaches an agreement through any of its parties).
    pub async fn agreements(&mut self) -> Result<Vec<StoredAgreement>> {
        let sql =
            format!("SELECT {AGREEMENT_COLUMNS} FROM agreements ORDER BY signed_on DESC, id DESC");
        let rows: Vec<AgreementRow> = on_tx!(self, |c| sqlx::query_as(&sql).fetch_all(c).await?);
        let partners: Vec<(i64, i64)> = on_tx!(self, |c| {
            sqlx::query_as(
            "SELECT agreement_id, zone_id FROM agreement_partners ORDER BY agreement_id, zone_id"
        )
        .fetch_all(c)
        .await?
        });
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let partner_zone_ids: Vec<i64> = partners
                .iter()
                .filter(|(a, _)| *a == r.id)
                .map(|(_, z)| *z)
                .collect();
            out.push(StoredAgreement {
                kind: AgreementKind::parse(&r.kind)
                    .ok_or_else(|| corrupt("agreements", r.id, "kind"))?,
                target_enterprises: count("agreements", r.id, r.target_enterprises)?,
                target_jobs: count("agreements", r.id, r.target_jobs)?,
                target_investment: Fen(r.target_investment_fen),
                id: r.id,
                title: r.title,
                lead_zone_id: r.lead_zone_id,
                partner_zone_ids,
                signed_on: r.signed_on,
                content: r.content,
                ministry_support: r.ministry_support,
                demo: r.demo,
            });
        }
        Ok(out)
    }

    pub async fn agreement(&mut self, id: i64) -> Result<StoredAgreement> {
        self.agreements()
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(StoreError::NotFound {
                entity: "agreement",
            })
    }

    pub async fn set_ministry_support(
        &mut self,
        id: i64,
        support: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "UPDATE agreements SET ministry_support = $1, updated_at = $2 WHERE id = $3";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(support)
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Milestones of one agreement, or of all when `None`, by due date.
    pub async fn milestones(&mut self, agreement_id: Option<i64>) -> Result<Vec<Milestone>> {
        let sql = format!(
            "SELECT {MILESTONE_COLUMNS} FROM agreement_milestones \
             WHERE $1 IS NULL OR agreement_id = $1 ORDER BY due_on, id"
        );
        let rows: Vec<MilestoneRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(agreement_id)
            .fetch_all(c)
            .await?);
        rows.into_iter().map(MilestoneRow::into_domain).collect()
    }

    pub async fn insert_milestone(&mut self, m: &Milestone) -> Result<i64> {
        let sql = "INSERT INTO agreement_milestones (agreement_id, title, due_on, status, \
            done_on, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(m.agreement_id)
            .bind(&m.title)
            .bind(m.due_on)
            .bind(m.status.code())
            .bind(m.done_on)
            .bind(&m.note)
            .fetch_one(c)
            .await?))
    }

    pub async fn update_milestone(&mut self, m: &Milestone) -> Result<()> {
        let sql = "UPDATE agreement_milestones SET status = $1, done_on = $2, note = $3 \
            WHERE id = $4";
        let n = on_tx!(self, |c| sqlx::query(sql)
            .bind(m.status.code())
            .bind(m.done_on)
            .bind(&m.note)
            .bind(m.id)
            .execute(c)
            .await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "milestone",
            });
        }
        Ok(())
    }

    /// Credits a pipeline project to the agreement that brought it (one agreement each).
    pub async fn link_agreement_project(
        &mut self,
        agreement_id: i64,
        record_id: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO agreement_projects (agreement_id, record_id) VALUES ($1, $2)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(agreement_id)
            .bind(record_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn link_agreement_enterprise(
        &mut self,
        agreement_id: i64,
        org_id: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO agreement_enterprises (agreement_id, org_id) VALUES ($1, $2)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(agreement_id)
            .bind(org_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The enterprises (organisation ids) and pipeline records linked to an agreement.
    pub async fn agreement_links(&mut self, agreement_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let orgs: Vec<i64> = on_tx!(self, |c| sqlx::query_scalar(
            "SELECT org_id FROM agreement_enterprises WHERE agreement_id = $1 ORDER BY org_id"
        )
        .bind(agreement_id)
        .fetch_all(c)
        .await?);
        let records: Vec<i64> = on_tx!(self, |c| {
            sqlx::query_scalar(
            "SELECT record_id FROM agreement_projects WHERE agreement_id = $1 ORDER BY record_id"
        )
        .bind(agreement_id)
        .fetch_all(c)
        .await?
        });
        Ok((orgs, records))
    }

    pub async fn insert_park(
        &mut self,
        p: &CoBuiltPark,
        demo: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO cobuilt_parks (name_zh, host_zone_id, partner_zone_id, \
            agreement_id, model, partner_tax_bp, partner_output_bp, established_on, demo, \
            created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(&p.name_zh)
            .bind(p.host_zone_id)
            .bind(p.partner_zone_id)
            .bind(p.agreement_id)
            .bind(p.model.code())
            .bind(i64::from(p.partner_tax_bp))
            .bind(i64::from(p.partner_output_bp))
            .bind(p.established_on)
            .bind(demo)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn parks(&mut self) -> Result<Vec<CoBuiltPark>> {
        let sql = format!("SELECT {PARK_COLUMNS} FROM cobuilt_parks ORDER BY id");
        let rows: Vec<ParkRow> = on_tx!(self, |c| sqlx::query_as(&sql).fetch_all(c).await?);
        rows.into_iter().map(ParkRow::into_domain).collect()
    }

    pub async fn park(&mut self, id: i64) -> Result<CoBuiltPark> {
        let sql = format!("SELECT {PARK_COLUMNS} FROM cobuilt_parks WHERE id = $1");
        let row: Option<ParkRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "co-built park",
        })?
        .into_domain()
    }

    pub async fn add_park_enterprise(&mut self, park_id: i64, org_id: i64) -> Result<()> {
        let sql = "INSERT INTO park_enterprises (park_id, org_id) VALUES ($1, $2)";
        on_tx!(self, |c| sqlx::query(sql)
            .bind(park_id)
            .bind(org_id)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn park_enterprises(&mut self, park_id: i64) -> Result<Vec<i64>> {
        Ok(on_tx!(self, |c| sqlx::query_scalar(
            "SELECT org_id FROM park_enterprises WHERE park_id = $1 ORDER BY org_id"
        )
        .bind(park_id)
        .fetch_all(c)
        .await?))
    }

    pub async fn insert_sharing_entry(
        &mut self,
        e: &SharingEntry,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO park_sharing_entries (park_id, year, kind, total_fen, \
            partner_fen, host_fen, created_by, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        Ok(on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(e.park_id)
            .bind(i64::from(e.year))
            .bind(e.kind.code())
            .bind(e.total.0)
            .bind(e.partner.0)
            .bind(e.host.0)
            .bind(by)
            .bind(now)
            .fetch_one(c)
            .await?))
    }

    pub async fn sharing_entries(&mut self, park_id: i64) -> Result<Vec<SharingEntry>> {
        let sql = "SELECT id, park_id, year, kind, total_fen, partner_fen, host_fen \
            FROM park_sharing_entries WHERE park_id = $1 ORDER BY year, kind, id";
        let rows: Vec<SharingRow> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(park_id)
            .fetch_all(c)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(SharingEntry {
                    kind: SharingKind::parse(&r.kind)
                        .ok_or_else(|| corrupt("park_sharing_entries", r.id, "kind"))?,
                    year: i32::try_from(r.year)
                        .map_err(|_| corrupt("park_sharing_entries", r.id, "year"))?,
                    id: r.id,
                    park_id: r.park_id,
                    total: Fen(r.total_fen),
                    partner: Fen(r.partner_fen),
                    host: Fen(r.host_fen),
                })
            })
            .collect()
    }
}
