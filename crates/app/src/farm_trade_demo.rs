//! Demo farm-product offers for `serve --demo`: sell and buy offers for a dozen catalogue
//! products across the provinces, standing from about today for one to three months, posted
//! by other enterprises for sale and by the demo enterprise for purchase, so its console shows
//! its buy offers with sellers to deal with.

use crate::audit::Context;
use crate::{App, AppError};
use chrono::Duration;
use gowest_domain::farm_trade::{Offer, Side};
use gowest_domain::prices::Unit;
use gowest_store::farm_trade::OfferFilter;

/// How many demo offers are posted.
const OFFERS: usize = 120;

impl App {
    /// Seeds demo offers; returns how many, 0 when offers exist or the demo enterprise is missing.
    pub async fn seed_demo_farm_trade(&self) -> Result<usize, AppError> {
        if !self
            .store
            .farm_offers(&OfferFilter::default(), 1)
            .await?
            .is_empty()
        {
            return Ok(0);
        }
        let Some(user) = self.store.user_by_name("enterprise.demo").await? else {
            return Ok(0);
        };
        let Some(org) = self
            .store
            .memberships(user.id)
            .await?
            .first()
            .map(|m| m.org.id)
        else {
            return Ok(0);
        };
        // The demo enterprise buys; other enterprises sell, so its matches are offers it may
        // deal with (an organisation never deals with itself).
        let sellers: Vec<i64> = self
            .enterprise_choices()
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| *id != org)
            .collect();
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
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
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
                Side::Sell if !sellers.is_empty() => sellers[n % sellers.len()],
                _ => org,
            };
            tx.insert_farm_offer(owner, &offer, None, now, true).await?;
        }
        tx.log_change("farm_offer", None, "demo.seed", now).await?;
        let entry = Context::system("demo").entry(now, "demo.seed", "farm_offer", None);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(OFFERS)
    }
}
