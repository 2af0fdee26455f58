//! Demo farm-product offers for `serve --demo`: sell and buy offers for a dozen catalogue
//! products across the provinces, standing from about today for one to three months. The demo
//! enterprise (`enterprise.demo`) sells and the demo farm-product trader (`buyer.demo`) buys, so
//! each one's console shows matches from the other organisation (an organisation never deals
//! with itself), and a few deals between the two are already recorded.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::Duration;
use gowest_domain::change::Entity;
use gowest_domain::farm_trade::{Deal, Offer, Side};
use gowest_domain::prices::Unit;
use gowest_store::farm_trade::OfferFilter;

/// How many demo offers are posted.
const OFFERS: usize = 120;
/// How many demo deals are recorded, each a tenth of a buy offer.
const DEALS: usize = 8;

impl App {
    /// The first organisation of a demo user, if the demo accounts exist.
    async fn demo_org(&self, username: &str) -> Result<Option<i64>, AppError> {
        let Some(user) = self.store.user_by_name(username).await? else {
            return Ok(None);
        };
        Ok(self
            .store
            .memberships(user.id)
            .await?
            .first()
            .map(|m| m.org.id))
    }

    /// Seeds demo offers and deals; returns how many offers, 0 when offers exist or a demo
    /// enterprise is missing.
    pub async fn seed_demo_farm_trade(&self, op: &Operator) -> Result<usize, AppError> {
        if !self
            .store
            .farm_offers(&OfferFilter::default(), 1)
            .await?
            .is_empty()
        {
            return Ok(0);
        }
        let (Some(seller), Some(buyer)) = (
            self.demo_org("enterprise.demo").await?,
            self.demo_org("buyer.demo").await?,
        ) else {
            return Ok(0);
        };
        let provinces: Vec<_> = self
            .directory()
            .catalog
            .provinces
            .values()
            .map(|p| p.code.clone())
            .collect();
        let catalogue = self.price_catalogue();
        let products: Vec<_> = catalogue
            .products
            .iter()
            .filter(|p| p.unit == Unit::Kg)
            .take(12)
            .collect();
        if provinces.is_empty() || products.is_empty() {
            return Ok(0);
        }
        let today = self.price_today();
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        let mut posted: Vec<(i64, Offer)> = Vec::with_capacity(OFFERS);
        for n in 0..OFFERS {
            let product = products[n % products.len()];
            // Every third round of the products is buying, so each product has both sides.
            let side = if (n / products.len()) % 3 == 0 {
                Side::Buy
            } else {
                Side::Sell
            };
            // Spread provinces so each product has offers near and far (n * 7 walks them all).
            let province = provinces[(n * 7) % provinces.len()].clone();
            let from = today - Duration::days((n % 10) as i64);
            let offer = Offer {
                side,
                product: product.code.clone(),
                quantity_base: (1 + (n * 13 % 50) as i64) * 1_000_000,
                price_fen: (side == Side::Sell || n % 2 == 1)
                    .then_some(150 + (n * 37 % 600) as i64),
                province_code: province,
                county: None,
                available_from: from,
                available_to: from + Duration::days(30 + (n * 11 % 60) as i64),
            };
            let owner = match side {
                Side::Sell => seller,
                Side::Buy => buyer,
            };
            let id = tx.insert_farm_offer(owner, &offer, None, now, true).await?;
            posted.push((id, offer));
        }
        // A tenth of the first buy offers dealt with a seller of the same product, at the
        // seller's price, so the deal lists and drawn-down offers have something to show.
        let mut deals = 0;
        for (buy_id, buy) in posted.iter().filter(|(_, o)| o.side == Side::Buy) {
            if deals == DEALS {
                break;
            }
            let Some(((sell_id, sell), price_fen)) = posted
                .iter()
                .filter(|(_, o)| o.side == Side::Sell && o.product == buy.product)
                .find_map(|p| p.1.price_fen.map(|fen| (p, fen)))
            else {
                continue;
            };
            let quantity_base = (buy.quantity_base / 10).min(sell.quantity_base / 10);
            let deal = Deal {
                sell_offer_id: *sell_id,
                buy_offer_id: *buy_id,
                product: buy.product.clone(),
                quantity_base,
                price_fen,
                deal_on: buy.available_from.max(sell.available_from).min(today),
            };
            tx.record_farm_deal(&deal, None, now, true).await?;
            deals += 1;
        }
        tx.finish(Record::new("demo.seed", Entity::FarmOffer, None))
            .await?;
        Ok(OFFERS)
    }
}
