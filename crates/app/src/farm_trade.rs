//! Supply–demand matching for farm products (购销对接): an enterprise, market or cooperative
//! posts offers to sell or buy; anyone lists the open offers (without who posted them); the
//! poster sees an offer's matches with their reasons; either party records a deal, which draws
//! both offers down in the same transaction and closes an offer at zero.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use gowest_domain::change::Entity;
use gowest_domain::farm_trade::{
    Deal, DealInput, OfferInput, OfferMatch, Side, StandingOffer, rank,
};
use gowest_domain::prices::ReportWindow;
use gowest_domain::region::ProvinceCode;
use gowest_domain::{FieldError, Validation};
use gowest_store::farm_trade::{OfferFilter, StoredDeal};

/// The most offers one listing returns: listings are bounded, filters narrow them.
pub const LIST_LIMIT: i64 = 500;
/// The most candidates an offer's matching looks at.
const MATCH_POOL: i64 = 2_000;

/// A listing's filters as typed (query string or form); empty means any.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OfferQuery {
    /// Catalogue code or Chinese name.
    pub product: String,
    /// `sell` or `buy`.
    pub side: String,
    /// GB/T 2260 province code.
    pub province_code: String,
}

impl App {
    /// Posts an offer for the actor's enterprise (markets and cooperatives register as
    /// enterprises); returns its id.
    pub async fn post_farm_offer(
        &self,
        ctx: &Context,
        input: &OfferInput,
    ) -> Result<i64, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let now = self.clock.now();
        let offer = input.check(
            &self.price_catalogue(),
            &self.directory().catalog,
            ReportWindow::today(now),
        )?;
        let mut tx = self.write(&agent, ctx).await?;
        let id = tx
            .insert_farm_offer(agent.org_id(), &offer, Some(agent.by()), now, false)
            .await?;
        tx.finish(Record::new("farm_trade.offer.post", Entity::FarmOffer, id).after(&offer))
            .await?;
        Ok(id)
    }

    /// Open offers (something left, standing today or later), newest first, bounded.
    pub async fn open_farm_offers(&self, q: &OfferQuery) -> Result<Vec<StandingOffer>, AppError> {
        let filter = self.offer_filter(q)?;
        Ok(self.store.farm_offers(&filter, LIST_LIMIT).await?)
    }

    /// The actor's own organisation's offers, open or not, newest first.
    pub async fn own_farm_offers(&self, ctx: &Context) -> Result<Vec<StandingOffer>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let filter = OfferFilter {
            org_id: Some(agent.org_id()),
            ..OfferFilter::default()
        };
        Ok(self.store.farm_offers(&filter, LIST_LIMIT).await?)
    }

    fn offer_filter<'a>(&self, q: &'a OfferQuery) -> Result<OfferFilter<'a>, AppError> {
        let mut errors = Vec::new();
        let side = match q.side.trim() {
            "" => None,
            raw => {
                let side = Side::parse(raw);
                if side.is_none() {
                    errors.push(FieldError::new(
                        "side",
                        "unknown",
                        format!("供求方向“{raw}”应为 sell 或 buy"),
                        format!("side \"{raw}\" must be sell or buy"),
                    ));
                }
                side
            }
        };
        let product = match q.product.trim() {
            "" => None,
            raw => {
                let code = self.price_catalogue().find(raw).map(|p| p.code.clone());
                if code.is_none() {
                    errors.push(FieldError::new(
                        "product",
                        "unknown",
                        format!("产品“{raw}”不在产品目录中"),
                        format!("product \"{raw}\" is not in the catalogue"),
                    ));
                }
                code
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(Validation(errors)));
        }
        Ok(OfferFilter {
            product,
            side,
            province_code: Some(q.province_code.trim()).filter(|p| !p.is_empty()),
            org_id: None,
            open_on: Some(ReportWindow::today(self.clock.now())),
        })
    }

    /// One offer; the public sees it without its organisation.
    pub async fn farm_offer(&self, id: i64) -> Result<StandingOffer, AppError> {
        Ok(self.store.farm_offer(id).await?)
    }

    /// The open offers of the other side that match an offer, nearest first, with reasons.
    pub async fn farm_offer_matches(&self, id: i64) -> Result<Vec<OfferMatch>, AppError> {
        let offer = self.store.farm_offer(id).await?;
        let filter = OfferFilter {
            product: Some(offer.product.clone()),
            side: Some(offer.side.other()),
            open_on: Some(ReportWindow::today(self.clock.now())),
            ..OfferFilter::default()
        };
        let candidates = self.store.farm_offers(&filter, MATCH_POOL).await?;
        let directory = self.directory();
        let region_of = |code: &str| {
            ProvinceCode::parse(code).and_then(|c| directory.catalog.province(&c).map(|p| p.region))
        };
        Ok(rank(&offer, &candidates, region_of))
    }

    /// Records a deal between a sell and a buy offer; the actor's enterprise must own one of
    /// them. Both offers are drawn down in the same transaction, and an offer closes at zero.
    pub async fn record_farm_deal(
        &self,
        ctx: &Context,
        input: &DealInput,
    ) -> Result<i64, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let now = self.clock.now();
        let mut tx = self.write(&agent, ctx).await?;
        // A missing offer is the client's mistake, named by field; any other failure stays one.
        let mut missing = Vec::new();
        let mut offer = async |field: &str, id: i64| match tx.farm_offer(id).await {
            Ok(o) => Ok(Some(o)),
            Err(gowest_store::StoreError::NotFound { .. }) => {
                missing.push(FieldError::new(
                    field,
                    "unknown",
                    "没有这条挂牌信息",
                    format!("{field}: no such offer"),
                ));
                Ok(None)
            }
            Err(e) => Err(AppError::from(e)),
        };
        let sell = offer("sell_offer_id", input.sell_offer_id).await?;
        let buy = offer("buy_offer_id", input.buy_offer_id).await?;
        let (Some(sell), Some(buy)) = (sell, buy) else {
            return Err(AppError::Invalid(Validation(missing)));
        };
        if sell.org_id != agent.org_id() && buy.org_id != agent.org_id() {
            return Err(AppError::Forbidden);
        }
        let deal: Deal = input.check(
            &sell,
            &buy,
            &self.price_catalogue(),
            ReportWindow::today(now),
        )?;
        let id = tx
            .record_farm_deal(&deal, Some(agent.by()), now, false)
            .await?;
        // The deal draws both offers down: the other party's organisation is concerned too.
        tx.finish(
            Record::new("farm_trade.deal.record", Entity::FarmDeal, id)
                .after(&deal)
                .concerns([sell.org_id, buy.org_id])
                .also(Entity::FarmOffer, sell.id)
                .also(Entity::FarmOffer, buy.id),
        )
        .await?;
        Ok(id)
    }

    /// Deals drawn on the actor's enterprise's offers, either side, newest first, bounded.
    pub async fn own_farm_deals(&self, ctx: &Context) -> Result<Vec<StoredDeal>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        Ok(self
            .store
            .org_farm_deals(agent.org_id(), LIST_LIMIT)
            .await?)
    }

    /// Deals drawn on one offer, or the newest deals overall, bounded.
    pub async fn farm_deals(&self, offer_id: Option<i64>) -> Result<Vec<StoredDeal>, AppError> {
        Ok(self.store.farm_deals(offer_id, LIST_LIMIT).await?)
    }
}
