//! Supply–demand matching for farm products (农产品购销对接, measure 10): enterprises, markets
//! and cooperatives post offers to sell or to buy a catalogue product; an offer is matched to
//! open offers of the other side with the same product and overlapping dates, nearest first
//! (same province, then same region, then anywhere; ties by price gap and id); a deal between
//! a sell and a buy offer draws both down and closes an offer at zero.
//!
//! Quantities are kept in base units (grams or pieces) and prices in fen per the product's
//! catalogue unit, converted exactly as price reports are, so a deal can never leave a
//! fraction of a gram on an offer.

use crate::error::{FieldError, Validation};
use crate::input::{amount, choice, date, opt, province, quantity, text};
use crate::prices::catalogue::{ConvertError, convert_price, volume_to_base};
use crate::prices::{Catalogue, Unit};
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which side of the trade an offer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 供应 (a seller's offer)
    Sell,
    /// 求购 (a buyer's offer)
    Buy,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Sell => "sell",
            Side::Buy => "buy",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Side::Sell => "供应",
            Side::Buy => "求购",
        }
    }

    pub fn parse(raw: &str) -> Option<Side> {
        match raw.trim() {
            "sell" | "供应" | "出售" => Some(Side::Sell),
            "buy" | "求购" | "采购" => Some(Side::Buy),
            _ => None,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Sell => Side::Buy,
            Side::Buy => Side::Sell,
        }
    }
}

/// An offer as typed in a form or an API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct OfferInput {
    /// `sell` or `buy` (供应 / 求购).
    pub side: String,
    /// Catalogue code or Chinese name, e.g. `apple` or `苹果`.
    pub product: String,
    /// Unit of `quantity` and `price`; empty means the product's catalogue unit.
    pub unit: String,
    /// Quantity in `unit`, at most three decimals.
    pub quantity: String,
    /// Price in 元 per `unit`; required to sell, optional to buy.
    pub price: String,
    /// GB/T 2260 province code.
    pub province_code: String,
    pub county: String,
    /// `YYYY-MM-DD`.
    pub available_from: String,
    /// `YYYY-MM-DD`, on or after `available_from`.
    pub available_to: String,
}

/// A checked offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Offer {
    pub side: Side,
    /// Catalogue code.
    pub product: String,
    /// Grams or pieces.
    pub quantity_base: i64,
    /// Fen per the product's catalogue unit.
    pub price_fen: Option<i64>,
    pub province_code: ProvinceCode,
    pub county: Option<String>,
    pub available_from: NaiveDate,
    pub available_to: NaiveDate,
}

/// The longest an offer may stand: a year and a day, so a season's contract fits.
const MAX_DAYS: i64 = 366;

impl OfferInput {
    pub fn check(
        &self,
        products: &Catalogue,
        catalog: &ReferenceCatalog,
        today: NaiveDate,
    ) -> Result<Offer, Validation> {
        let mut v = Validation::default();
        let side = choice(&mut v, "side", "供求方向", &self.side, Side::parse);
        let product = match opt(&self.product) {
            None => {
                v.push(FieldError::required("product", "产品"));
                None
            }
            Some(raw) => {
                let found = products.find(&raw);
                if found.is_none() {
                    v.push(FieldError::new(
                        "product",
                        "unknown",
                        format!("产品“{raw}”不在产品目录中"),
                        format!("product \"{raw}\" is not in the catalogue"),
                    ));
                }
                found
            }
        };
        let unit = match opt(&self.unit) {
            None => product.map(|p| p.unit),
            Some(_) => choice(&mut v, "unit", "计量单位", &self.unit, Unit::parse),
        };
        let unit = compatible(&mut v, product.map(|p| p.unit), unit);
        let milli = quantity(&mut v, "quantity", &self.quantity, 3);
        if opt(&self.quantity).is_none() {
            v.push(FieldError::required("quantity", "数量"));
        }
        let price = amount(&mut v, "price", &self.price);
        if side == Some(Side::Sell) && opt(&self.price).is_none() {
            v.push(FieldError::required("price", "价格"));
        }
        let code = province(&mut v, "province_code", &self.province_code, catalog);
        let county = text(&mut v, "county", &self.county, 40);
        let from = date(&mut v, "available_from", &self.available_from);
        if opt(&self.available_from).is_none() {
            v.push(FieldError::required("available_from", "起始日期"));
        }
        let to = date(&mut v, "available_to", &self.available_to);
        if opt(&self.available_to).is_none() {
            v.push(FieldError::required("available_to", "截止日期"));
        }
        if let Some(to) = to.filter(|d| *d < today) {
            v.push(FieldError::new(
                "available_to",
                "past",
                format!("截止日期 {to} 早于今天（{today}）"),
                format!("available_to {to} is before today ({today})"),
            ));
        }
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                v.push(FieldError::new(
                    "available_to",
                    "before_start",
                    "截止日期早于起始日期",
                    "available_to is before available_from",
                ));
            } else if (to - from).num_days() > MAX_DAYS {
                v.push(FieldError::new(
                    "available_to",
                    "too_long",
                    format!("挂牌期限不能超过{MAX_DAYS}天"),
                    format!("an offer may stand at most {MAX_DAYS} days"),
                ));
            }
        }
        let quantity_base = match (unit, milli) {
            (Some(_), Some(0)) => {
                v.push(FieldError::new(
                    "quantity",
                    "zero",
                    "数量必须大于零",
                    "quantity must be more than zero",
                ));
                None
            }
            (Some(u), Some(m)) => match volume_to_base(m, u) {
                Ok(b) => Some(b),
                Err(_) => {
                    v.push(FieldError::new(
                        "quantity",
                        "too_precise",
                        "数量不能小于1克或1个",
                        "quantity must be a whole number of grams or pieces",
                    ));
                    None
                }
            },
            _ => None,
        };
        let price_fen = match (product, unit, price) {
            (Some(p), Some(u), Some(fen)) => match convert_price(fen.0, u, p.unit) {
                Ok(c) => Some(Some(c)),
                Err(e) => {
                    v.push(conversion_error(e, u, p.unit));
                    None
                }
            },
            (_, _, None) => Some(None),
            _ => None,
        };
        match (side, product, quantity_base, price_fen, code, from, to) {
            (
                Some(side),
                Some(p),
                Some(quantity_base),
                Some(price_fen),
                Some(province_code),
                Some(available_from),
                Some(available_to),
            ) if v.is_empty() => Ok(Offer {
                side,
                product: p.code.clone(),
                quantity_base,
                price_fen,
                province_code,
                county,
                available_from,
                available_to,
            }),
            _ => Err(v),
        }
    }
}

/// The unit when it measures what the catalogue unit measures (mass or count); refused
/// otherwise, before any quantity or price is converted.
fn compatible(v: &mut Validation, catalogue: Option<Unit>, unit: Option<Unit>) -> Option<Unit> {
    match (catalogue, unit) {
        (Some(c), Some(u)) if c.kind() != u.kind() => {
            v.push(conversion_error(ConvertError::Incompatible, u, c));
            None
        }
        (_, u) => u,
    }
}

fn conversion_error(e: ConvertError, from: Unit, to: Unit) -> FieldError {
    match e {
        ConvertError::Incompatible => FieldError::new(
            "unit",
            "incompatible_unit",
            format!(
                "单位“{}”不能换算为该产品的目录单位“{}”",
                from.name_zh(),
                to.name_zh()
            ),
            format!(
                "unit {} cannot be converted to the product's unit {}",
                from.code(),
                to.code()
            ),
        ),
        ConvertError::Inexact | ConvertError::OutOfRange => FieldError::new(
            "price",
            "inexact_conversion",
            format!(
                "按“{}”换算后价格不是整分，请按“{}”报价",
                to.name_zh(),
                to.name_zh()
            ),
            format!(
                "the price per {} would not be whole fen; give it per {}",
                to.code(),
                to.code()
            ),
        ),
    }
}

/// An offer as stored, with what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StandingOffer {
    pub id: i64,
    pub org_id: i64,
    pub side: Side,
    pub product: String,
    pub quantity_base: i64,
    pub remaining_base: i64,
    pub price_fen: Option<i64>,
    pub province_code: String,
    pub county: Option<String>,
    pub available_from: NaiveDate,
    pub available_to: NaiveDate,
}

impl StandingOffer {
    pub fn is_open(&self) -> bool {
        self.remaining_base > 0
    }
}

/// How near a matched offer is, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Proximity {
    SameProvince,
    SameRegion,
    Elsewhere,
}

/// One candidate for an offer, with why it was matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OfferMatch {
    pub offer: StandingOffer,
    pub proximity: Proximity,
    /// |sell price − buy price| in fen per catalogue unit; `None` when a side names no price.
    pub price_gap_fen: Option<i64>,
    /// Days both offers stand.
    pub overlap_days: i64,
    pub reasons_zh: Vec<String>,
    pub reasons_en: Vec<String>,
}

/// Ranks the open offers of the other side with the same product and overlapping dates, posted
/// by another organisation (an organisation never deals with itself): same province, then same
/// region, then anywhere; ties by price gap (unknown last), then id.
/// `region_of` gives a province's region.
pub fn rank<R: PartialEq + Copy>(
    offer: &StandingOffer,
    candidates: &[StandingOffer],
    region_of: impl Fn(&str) -> Option<R>,
) -> Vec<OfferMatch> {
    let own_region = region_of(&offer.province_code);
    let mut found: Vec<OfferMatch> = candidates
        .iter()
        .filter(|c| {
            c.id != offer.id
                && c.org_id != offer.org_id
                && c.side == offer.side.other()
                && c.product == offer.product
                && c.is_open()
                && c.available_from <= offer.available_to
                && offer.available_from <= c.available_to
        })
        .map(|c| {
            let proximity = if c.province_code == offer.province_code {
                Proximity::SameProvince
            } else if own_region.is_some() && region_of(&c.province_code) == own_region {
                Proximity::SameRegion
            } else {
                Proximity::Elsewhere
            };
            let price_gap_fen = offer.price_fen.zip(c.price_fen).map(|(a, b)| (a - b).abs());
            let overlap_days = (offer.available_to.min(c.available_to)
                - offer.available_from.max(c.available_from))
            .num_days()
                + 1;
            let (place_zh, place_en) = match proximity {
                Proximity::SameProvince => ("同省", "same province"),
                Proximity::SameRegion => ("同一地区", "same region"),
                Proximity::Elsewhere => ("跨地区", "another region"),
            };
            let mut reasons_zh = vec![
                "同一产品".to_owned(),
                place_zh.to_owned(),
                format!("供求期重叠{overlap_days}天"),
            ];
            let mut reasons_en = vec![
                "same product".to_owned(),
                place_en.to_owned(),
                format!("dates overlap {overlap_days} days"),
            ];
            if let Some(gap) = price_gap_fen {
                reasons_zh.push(format!("价差{}.{:02}元", gap / 100, gap % 100));
                reasons_en.push(format!("price gap ¥{}.{:02}", gap / 100, gap % 100));
            }
            OfferMatch {
                offer: c.clone(),
                proximity,
                price_gap_fen,
                overlap_days,
                reasons_zh,
                reasons_en,
            }
        })
        .collect();
    found.sort_by_key(|m| {
        (
            m.proximity,
            m.price_gap_fen.is_none(),
            m.price_gap_fen,
            m.offer.id,
        )
    });
    found
}

/// A deal as typed: quantity in `unit` (the catalogue unit when empty), price in 元 per `unit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DealInput {
    pub sell_offer_id: i64,
    pub buy_offer_id: i64,
    pub unit: String,
    pub quantity: String,
    pub price: String,
    /// `YYYY-MM-DD`, not after today.
    pub deal_on: String,
}

/// A checked deal, ready to draw both offers down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Deal {
    pub sell_offer_id: i64,
    pub buy_offer_id: i64,
    pub product: String,
    pub quantity_base: i64,
    /// Fen per catalogue unit.
    pub price_fen: i64,
    pub deal_on: NaiveDate,
}

impl DealInput {
    /// Checks a deal against the two offers as they stand: a sell and a buy of the same product,
    /// posted by two different organisations, both open, the quantity within what is left of each.
    pub fn check(
        &self,
        sell: &StandingOffer,
        buy: &StandingOffer,
        products: &Catalogue,
        today: NaiveDate,
    ) -> Result<Deal, Validation> {
        let mut v = Validation::default();
        if sell.side != Side::Sell {
            v.push(FieldError::new(
                "sell_offer_id",
                "not_sell",
                "该挂牌不是供应信息",
                "that offer is not a sell offer",
            ));
        }
        if buy.side != Side::Buy {
            v.push(FieldError::new(
                "buy_offer_id",
                "not_buy",
                "该挂牌不是求购信息",
                "that offer is not a buy offer",
            ));
        }
        if sell.product != buy.product {
            v.push(FieldError::new(
                "buy_offer_id",
                "other_product",
                "供求双方的产品不同",
                "the two offers are for different products",
            ));
        }
        // A deal moves goods between two parties; one organisation on both sides would only
        // inflate the recorded trade.
        if sell.org_id == buy.org_id {
            v.push(FieldError::new(
                "buy_offer_id",
                "same_organisation",
                "供应和求购信息属于同一机构，不能与本机构成交",
                "both offers belong to the same organisation; it cannot deal with itself",
            ));
        }
        for (field, o) in [("sell_offer_id", sell), ("buy_offer_id", buy)] {
            if !o.is_open() {
                v.push(FieldError::new(
                    field,
                    "closed",
                    format!("挂牌 {} 已成交完毕", o.id),
                    format!("offer {} is closed", o.id),
                ));
            }
        }
        let product = products.find(&sell.product);
        let unit = match opt(&self.unit) {
            None => product.map(|p| p.unit),
            Some(_) => choice(&mut v, "unit", "计量单位", &self.unit, Unit::parse),
        };
        let unit = compatible(&mut v, product.map(|p| p.unit), unit);
        let milli = quantity(&mut v, "quantity", &self.quantity, 3);
        if opt(&self.quantity).is_none() {
            v.push(FieldError::required("quantity", "成交数量"));
        }
        let price = amount(&mut v, "price", &self.price);
        if opt(&self.price).is_none() {
            v.push(FieldError::required("price", "成交价格"));
        }
        let day = date(&mut v, "deal_on", &self.deal_on);
        if opt(&self.deal_on).is_none() {
            v.push(FieldError::required("deal_on", "成交日期"));
        }
        if let Some(day) = day.filter(|d| *d > today) {
            v.push(FieldError::new(
                "deal_on",
                "future",
                format!("成交日期 {day} 晚于今天（{today}）"),
                format!("deal_on {day} is after today ({today})"),
            ));
        }
        let quantity_base = match (unit, milli) {
            (Some(u), Some(m)) => match volume_to_base(m, u) {
                Ok(0) => {
                    v.push(FieldError::new(
                        "quantity",
                        "zero",
                        "成交数量必须大于零",
                        "quantity must be more than zero",
                    ));
                    None
                }
                Ok(b) => Some(b),
                Err(_) => {
                    v.push(FieldError::new(
                        "quantity",
                        "too_precise",
                        "数量不能小于1克或1个",
                        "quantity must be a whole number of grams or pieces",
                    ));
                    None
                }
            },
            _ => None,
        };
        let left = sell.remaining_base.min(buy.remaining_base);
        if let Some(q) = quantity_base.filter(|q| *q > left) {
            v.push(FieldError::new(
                "quantity",
                "over_remaining",
                format!("成交数量超过挂牌剩余数量（剩余 {left}，成交 {q}，按克或个计）"),
                format!(
                    "quantity {q} exceeds what is left on the offers ({left}, in grams or pieces)"
                ),
            ));
        }
        let price_fen = match (product, unit, price) {
            (Some(p), Some(u), Some(fen)) => match convert_price(fen.0, u, p.unit) {
                Ok(c) => Some(c),
                Err(e) => {
                    v.push(conversion_error(e, u, p.unit));
                    None
                }
            },
            _ => None,
        };
        match (quantity_base, price_fen, day) {
            (Some(quantity_base), Some(price_fen), Some(deal_on)) if v.is_empty() => Ok(Deal {
                sell_offer_id: sell.id,
                buy_offer_id: buy.id,
                product: sell.product.clone(),
                quantity_base,
                price_fen,
                deal_on,
            }),
            _ => Err(v),
        }
    }
}

impl Deal {
    /// What is left of an offer after this deal; `None` if the deal would over-draw it.
    pub fn draw(&self, offer: &StandingOffer) -> Option<i64> {
        offer
            .remaining_base
            .checked_sub(self.quantity_base)
            .filter(|left| *left >= 0)
    }
}

/// A quantity in grams or pieces written in `unit`, to at most three decimals (trailing zeros
/// dropped); exact for the catalogue's kilograms and heads.
pub fn quantity_in(base: i64, unit: Unit) -> String {
    let milli = i128::from(base) * 1000 / i128::from(unit.base());
    let (whole, frac) = (milli / 1000, milli % 1000);
    if frac == 0 {
        return whole.to_string();
    }
    format!("{whole}.{frac:03}")
        .trim_end_matches('0')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, 6, 1).expect("day")
    }

    fn input() -> OfferInput {
        OfferInput {
            side: "sell".into(),
            product: "苹果".into(),
            unit: "斤".into(),
            quantity: "2000".into(),
            price: "1.25".into(),
            province_code: "510000".into(),
            county: "汉源县".into(),
            available_from: "2007-06-01".into(),
            available_to: "2007-08-31".into(),
        }
    }

    fn standing(id: i64, side: Side, province: &str, price: Option<i64>) -> StandingOffer {
        // Each offer its own organisation unless a test says otherwise.
        StandingOffer {
            id,
            org_id: 100 + id,
            side,
            product: "apple".into(),
            quantity_base: 1_000_000,
            remaining_base: 1_000_000,
            price_fen: price,
            province_code: province.into(),
            county: None,
            available_from: today(),
            available_to: today() + chrono::Duration::days(30),
        }
    }

    #[test]
    fn jin_offers_are_kept_in_grams_and_fen_per_kg() {
        let o = input()
            .check(&Catalogue::standard(), &catalog(), today())
            .expect("valid");
        assert_eq!((o.quantity_base, o.price_fen), (1_000_000, Some(250)));
    }

    #[test]
    fn a_buy_offer_may_omit_its_price_but_a_sell_offer_may_not() {
        let buy = OfferInput {
            side: "求购".into(),
            price: String::new(),
            ..input()
        };
        let o = buy
            .check(&Catalogue::standard(), &catalog(), today())
            .expect("valid");
        assert_eq!(o.price_fen, None);
        let sell = OfferInput {
            price: String::new(),
            ..input()
        };
        let v = sell
            .check(&Catalogue::standard(), &catalog(), today())
            .expect_err("refused");
        assert_eq!(v.0[0].field, "price");
    }

    #[test]
    fn bad_fields_are_each_named() {
        let bad = OfferInput {
            side: "lend".into(),
            product: "榴莲".into(),
            quantity: "-3".into(),
            province_code: "999999".into(),
            available_from: "2007-05-01".into(),
            available_to: "2007-05-31".into(),
            ..input()
        };
        let v = bad
            .check(&Catalogue::standard(), &catalog(), today())
            .expect_err("refused");
        let fields: Vec<&str> = v.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "side",
                "product",
                "quantity",
                "province_code",
                "available_to"
            ]
        );
    }

    #[test]
    fn quantities_are_written_in_the_catalogue_unit() {
        assert_eq!(quantity_in(1_000_000, Unit::Kg), "1000");
        assert_eq!(quantity_in(1_500, Unit::Kg), "1.5");
        assert_eq!(quantity_in(7, Unit::Head), "7");
    }

    #[test]
    fn a_head_unit_for_a_kg_product_is_refused() {
        let v = OfferInput {
            unit: "头".into(),
            ..input()
        }
        .check(&Catalogue::standard(), &catalog(), today())
        .expect_err("refused");
        assert_eq!(v.0[0].code, "incompatible_unit");
    }

    #[test]
    fn matches_rank_by_province_then_region_then_price_gap_and_id() {
        let region = |p: &str| match p {
            "610000" | "620000" | "510000" => Some(1),
            "440000" => Some(2),
            _ => None,
        };
        let me = standing(1, Side::Sell, "610000", Some(300));
        let others = vec![
            standing(2, Side::Buy, "440000", Some(300)),
            standing(3, Side::Buy, "620000", Some(250)),
            standing(4, Side::Buy, "510000", Some(290)),
            standing(5, Side::Buy, "610000", None),
            standing(6, Side::Sell, "610000", Some(300)),
            StandingOffer {
                remaining_base: 0,
                ..standing(7, Side::Buy, "610000", Some(300))
            },
            StandingOffer {
                available_from: today() + chrono::Duration::days(31),
                available_to: today() + chrono::Duration::days(40),
                ..standing(8, Side::Buy, "610000", Some(300))
            },
            StandingOffer {
                product: "pear".into(),
                ..standing(9, Side::Buy, "610000", Some(300))
            },
        ];
        let ids: Vec<i64> = rank(&me, &others, region)
            .iter()
            .map(|m| m.offer.id)
            .collect();
        assert_eq!(ids, vec![5, 4, 3, 2]);
        let first = &rank(&me, &others, region)[1];
        assert_eq!(first.price_gap_fen, Some(10));
        assert!(first.reasons_zh.contains(&"同一地区".to_owned()));
    }

    fn deal(quantity: &str) -> DealInput {
        DealInput {
            sell_offer_id: 1,
            buy_offer_id: 2,
            unit: String::new(),
            quantity: quantity.into(),
            price: "2.60".into(),
            deal_on: "2007-06-01".into(),
        }
    }

    #[test]
    fn a_deal_over_what_is_left_or_between_two_sellers_is_refused() {
        let sell = standing(1, Side::Sell, "610000", Some(300));
        let buy = StandingOffer {
            remaining_base: 400_000,
            ..standing(2, Side::Buy, "510000", None)
        };
        let cat = Catalogue::standard();
        let d = deal("400").check(&sell, &buy, &cat, today()).expect("ok");
        assert_eq!((d.quantity_base, d.price_fen), (400_000, 260));
        let v = deal("400.001")
            .check(&sell, &buy, &cat, today())
            .expect_err("over");
        assert_eq!(v.0[0].code, "over_remaining");
        let v = deal("1")
            .check(&sell, &sell, &cat, today())
            .expect_err("two sellers");
        assert_eq!(v.0[0].field, "buy_offer_id");
    }

    #[test]
    fn an_organisation_is_never_matched_or_dealt_with_itself() {
        let me = standing(1, Side::Sell, "610000", Some(300));
        let mine = StandingOffer {
            org_id: me.org_id,
            ..standing(2, Side::Buy, "610000", Some(300))
        };
        let theirs = standing(3, Side::Buy, "610000", Some(300));
        let ids: Vec<i64> = rank(&me, &[mine.clone(), theirs.clone()], |_| Some(1))
            .iter()
            .map(|m| m.offer.id)
            .collect();
        assert_eq!(ids, vec![3]);
        let cat = Catalogue::standard();
        let v = deal("1")
            .check(&me, &mine, &cat, today())
            .expect_err("same organisation");
        assert_eq!(
            (v.0[0].field.as_str(), v.0[0].code),
            ("buy_offer_id", "same_organisation")
        );
        assert!(v.0[0].message_zh.contains("同一机构"));
        assert!(deal("1").check(&me, &theirs, &cat, today()).is_ok());
    }

    proptest! {
        /// However the deals are sized, an accepted deal never draws either offer below zero,
        /// and what was dealt plus what is left is always the offer's quantity.
        #[test]
        fn deals_never_over_draw(start in 1i64..5_000, asks in proptest::collection::vec(0i64..3_000, 1..12)) {
            let cat = Catalogue::standard();
            let mut sell = StandingOffer { quantity_base: start * 1000, remaining_base: start * 1000, ..standing(1, Side::Sell, "610000", Some(300)) };
            let mut buy = standing(2, Side::Buy, "610000", None);
            let mut dealt = 0;
            for kg in asks {
                match deal(&kg.to_string()).check(&sell, &buy, &cat, today()) {
                    Ok(d) => {
                        let s = d.draw(&sell).expect("within sell");
                        let b = d.draw(&buy).expect("within buy");
                        prop_assert!(s >= 0 && b >= 0);
                        sell.remaining_base = s;
                        buy.remaining_base = b;
                        dealt += d.quantity_base;
                    }
                    Err(_) => prop_assert!(kg == 0 || kg * 1000 > sell.remaining_base.min(buy.remaining_base) || !sell.is_open()),
                }
            }
            prop_assert_eq!(dealt + sell.remaining_base, sell.quantity_base);
        }
    }
}
