//! A fixed-base Laspeyres price index over a basket of products:
//! I_t = Σ p_t · q_0 / Σ p_0 · q_0 × 100, with the base period's volumes as weights. A product
//! with no price in period t keeps its last known price (carried forward), so a market's
//! missing report moves the index neither up nor down. The index is exact integer arithmetic
//! in hundredths of a point (10 000 = 100.00), so it is reproducible to the last digit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One product's base-period price and weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasketItem {
    pub product: String,
    pub base_price_fen: i64,
    pub base_volume: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IndexPoint {
    pub start: NaiveDate,
    /// Hundredths of an index point: 10 000 is the base (100.00).
    pub index_centi: i64,
}

/// `prices`: per period, product → mean price. Periods before the first carry nothing forward.
pub fn laspeyres(
    basket: &[BasketItem],
    prices: &BTreeMap<NaiveDate, BTreeMap<String, i64>>,
) -> Vec<IndexPoint> {
    let base: i128 = basket
        .iter()
        .map(|b| i128::from(b.base_price_fen) * i128::from(b.base_volume))
        .sum();
    if base <= 0 {
        return Vec::new();
    }
    let mut last: BTreeMap<&str, i64> = basket
        .iter()
        .map(|b| (b.product.as_str(), b.base_price_fen))
        .collect();
    prices
        .iter()
        .map(|(start, period)| {
            let mut cost: i128 = 0;
            for item in basket {
                let price = period.get(&item.product).copied();
                if let Some(p) = price {
                    last.insert(item.product.as_str(), p);
                }
                let p = last
                    .get(item.product.as_str())
                    .copied()
                    .unwrap_or(item.base_price_fen);
                cost += i128::from(p) * i128::from(item.base_volume);
            }
            let centi = (cost * 10_000 * 2 + base) / (2 * base);
            IndexPoint {
                start: *start,
                index_centi: i64::try_from(centi).unwrap_or(i64::MAX),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, m, 1).expect("date")
    }

    #[test]
    fn the_base_period_is_100_and_weights_are_base_volumes() {
        let basket = vec![
            BasketItem {
                product: "pork".into(),
                base_price_fen: 2_000,
                base_volume: 1,
            },
            BasketItem {
                product: "rice".into(),
                base_price_fen: 400,
                base_volume: 5,
            },
        ];
        let mut prices = BTreeMap::new();
        prices.insert(
            d(1),
            BTreeMap::from([("pork".into(), 2_000), ("rice".into(), 400)]),
        );
        // Pork +10 %, rice missing (carried at 400): (2200 + 2000) / 4000 = 105.00.
        prices.insert(d(2), BTreeMap::from([("pork".into(), 2_200)]));
        let index = laspeyres(&basket, &prices);
        assert_eq!(index[0].index_centi, 10_000);
        assert_eq!(index[1].index_centi, 10_500);
    }
}
