//! Farm-product offers (购销对接) and the deals that draw them down.

use crate::db::{on_pool, on_tx};
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::farm_trade::{Deal, Offer, Side, StandingOffer};

const OFFER_COLUMNS: &str = "id, org_id, side, product, quantity_base, remaining_base, price_fen, \
                             province_code, county, available_from, available_to";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    org_id: i64,
    side: String,
    product: String,
    quantity_base: i64,
    remaining_base: i64,
    price_fen: Option<i64>,
    province_code: String,
    county: Option<String>,
    available_from: NaiveDate,
    available_to: NaiveDate,
}

impl TryFrom<OfferRow> for StandingOffer {
    type Error = StoreError;

    fn try_from(r: OfferRow) -> Result<Self> {
        let side = Side::parse(&r.side).ok_or_else(|| StoreError::Corrupt {
            table: "farm_offers",
            detail: format!("side {}", r.side),
        })?;
        Ok(StandingOffer {
            id: r.id,
            org_id: r.org_id,
            side,
            product: r.product,
            quantity_base: r.quantity_base,
            remaining_base: r.remaining_base,
            price_fen: r.price_fen,
            province_code: r.province_code,
            county: r.county,
            available_from: r.available_from,
            available_to: r.available_to,
        })
    }
}

fn offers(rows: Vec<OfferRow>) -> Result<Vec<StandingOffer>> {
    rows.into_iter().map(StandingOffer::try_from).collect()
}

/// A recorded deal.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredDeal {
    pub id: i64,
    pub sell_offer_id: i64,
    pub buy_offer_id: i64,
    pub product: String,
    pub quantity_base: i64,
    pub price_fen: i64,
    pub deal_on: NaiveDate,
}

/// Which offers to list.
#[derive(Debug, Clone, Default)]
pub struct OfferFilter<'a> {
    pub product: Option<String>,
    pub side: Option<Side>,
    pub province_code: Option<&'a str>,
    pub org_id: Option<i64>,
    /// Only offers with something left, standing on or after this day.
    pub open_on: Option<NaiveDate>,
}

impl Tx {
    pub async fn insert_farm_offer(
        &mut self,
        org_id: i64,
        offer: &Offer,
        by: Option<i64>,
        now: DateTime<Utc>,
        demo: bool,
    ) -> Result<i64> {
        let sql = "INSERT INTO farm_offers (org_id, side, product, quantity_base, remaining_base, \
                   price_fen, province_code, county, available_from, available_to, created_by, \
                   created_at, demo) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                   RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(org_id)
            .bind(offer.side.code())
            .bind(&offer.product)
            .bind(offer.quantity_base)
            .bind(offer.price_fen)
            .bind(offer.province_code.as_str())
            .bind(&offer.county)
            .bind(offer.available_from)
            .bind(offer.available_to)
            .bind(by)
            .bind(now)
            .bind(demo)
            .fetch_one(c)
            .await?);
        Ok(id)
    }

    /// One offer as it stands inside the transaction.
    pub async fn farm_offer(&mut self, id: i64) -> Result<StandingOffer> {
        let sql = format!("SELECT {OFFER_COLUMNS} FROM farm_offers WHERE id = $1");
        let row: Option<OfferRow> = on_tx!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(c)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "farm offer",
        })?
        .try_into()
    }

    /// Records a deal and draws both offers down in this transaction. Each draw only applies
    /// while enough is left, so a deal racing another one fails instead of over-drawing.
    pub async fn record_farm_deal(
        &mut self,
        deal: &Deal,
        by: Option<i64>,
        now: DateTime<Utc>,
        demo: bool,
    ) -> Result<i64> {
        let draw = "UPDATE farm_offers SET remaining_base = remaining_base - $1 \
                    WHERE id = $2 AND remaining_base >= $1";
        for offer in [deal.sell_offer_id, deal.buy_offer_id] {
            let n = on_tx!(self, |c| sqlx::query(draw)
                .bind(deal.quantity_base)
                .bind(offer)
                .execute(c)
                .await?
                .rows_affected());
            if n == 0 {
                return Err(StoreError::Conflict {
                    constraint: "farm_offers.remaining_base".into(),
                });
            }
        }
        let sql = "INSERT INTO farm_deals (sell_offer_id, buy_offer_id, product, quantity_base, \
                   price_fen, deal_on, created_by, created_at, demo) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        let id = on_tx!(self, |c| sqlx::query_scalar(sql)
            .bind(deal.sell_offer_id)
            .bind(deal.buy_offer_id)
            .bind(&deal.product)
            .bind(deal.quantity_base)
            .bind(deal.price_fen)
            .bind(deal.deal_on)
            .bind(by)
            .bind(now)
            .bind(demo)
            .fetch_one(c)
            .await?);
        Ok(id)
    }
}

impl Store {
    /// Offers by filter, newest first, at most `limit`.
    pub async fn farm_offers(
        &self,
        filter: &OfferFilter<'_>,
        limit: i64,
    ) -> Result<Vec<StandingOffer>> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM farm_offers \
             WHERE ($1 IS NULL OR product = $1) AND ($2 IS NULL OR side = $2) \
             AND ($3 IS NULL OR province_code = $3) AND ($4 IS NULL OR org_id = $4) \
             AND ($5 IS NULL OR (remaining_base > 0 AND available_to >= $5)) \
             ORDER BY id DESC LIMIT $6"
        );
        let rows: Vec<OfferRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(filter.product.as_deref())
            .bind(filter.side.map(Side::code))
            .bind(filter.province_code)
            .bind(filter.org_id)
            .bind(filter.open_on)
            .bind(limit)
            .fetch_all(p)
            .await?);
        offers(rows)
    }

    pub async fn farm_offer(&self, id: i64) -> Result<StandingOffer> {
        let sql = format!("SELECT {OFFER_COLUMNS} FROM farm_offers WHERE id = $1");
        let row: Option<OfferRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            entity: "farm offer",
        })?
        .try_into()
    }

    /// Deals that drew on an organisation's offers (it sold or bought), newest first.
    pub async fn org_farm_deals(&self, org_id: i64, limit: i64) -> Result<Vec<StoredDeal>> {
        let sql = "SELECT d.id, d.sell_offer_id, d.buy_offer_id, d.product, d.quantity_base, \
                   d.price_fen, d.deal_on FROM farm_deals d \
                   JOIN farm_offers s ON s.id = d.sell_offer_id \
                   JOIN farm_offers b ON b.id = d.buy_offer_id \
                   WHERE s.org_id = $1 OR b.org_id = $1 \
                   ORDER BY d.id DESC LIMIT $2";
        let rows: Vec<StoredDeal> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(org_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// Deals that drew on an offer, newest first.
    pub async fn farm_deals(&self, offer_id: Option<i64>, limit: i64) -> Result<Vec<StoredDeal>> {
        let sql = "SELECT id, sell_offer_id, buy_offer_id, product, quantity_base, price_fen, \
                   deal_on FROM farm_deals \
                   WHERE ($1 IS NULL OR sell_offer_id = $1 OR buy_offer_id = $1) \
                   ORDER BY id DESC LIMIT $2";
        let rows: Vec<StoredDeal> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(offer_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }
}
