//! The market overview (行情概览) beside the public price page: the national price index over
//! the last twelve months and every product's latest anomaly score, worst first. Both read
//! years of aggregates for every product, so the overview is computed once per day and data
//! version and shared; concurrent readers wait for the one computing it.

use crate::{App, AppError};
use chrono::{Datelike, Months, NaiveDate};
use gowest_domain::prices::Granularity;
use gowest_domain::prices::anomaly::{Level, Params, scores};
use gowest_domain::prices::index::IndexPoint;
use gowest_domain::prices::series::series;
use serde::Serialize;
use std::cmp::Ordering;
use std::sync::Arc;
use utoipa::ToSchema;

/// Years of monthly means the anomaly score reads: the score needs the same month's growth
/// in two earlier years, and a year's growth needs the year before it.
const ANOMALY_YEARS: u32 = 4;

/// One product's latest whole month with a score.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PriceWarning {
    pub product: String,
    pub name_zh: String,
    pub name_en: String,
    /// The catalogue unit the price is per (千克, 头).
    pub unit: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// The month's national volume-weighted mean, fen per unit.
    pub price_fen: i64,
    /// FAO's indicator of price anomalies: below 0.5 normal, 0.5–1 watch, 1 or more abnormal.
    pub ipa: f64,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PriceOverview {
    /// Fixed-base Laspeyres over every product, the first month of the twelve = 100.00.
    pub index: Vec<IndexPoint>,
    /// Products whose latest month has a score, the most anomalous first; products without
    /// enough history are left out.
    pub warnings: Vec<PriceWarning>,
}

/// The overview last computed and the day and data version it was computed for.
#[derive(Default)]
pub struct OverviewCache(tokio::sync::Mutex<Option<(String, Arc<PriceOverview>)>>);

impl App {
    /// The market overview, from memory when nothing was reported since it was computed.
    pub async fn price_overview(&self) -> Result<Arc<PriceOverview>, AppError> {
        let key = format!("{}|{}", self.price_today(), self.events_seen());
        let mut kept = self.price_overview.0.lock().await;
        if let Some((k, overview)) = kept.as_ref()
            && *k == key
        {
            return Ok(Arc::clone(overview));
        }
        let fresh = Arc::new(self.price_overview_uncached().await?);
        *kept = Some((key, Arc::clone(&fresh)));
        Ok(fresh)
    }

    async fn price_overview_uncached(&self) -> Result<PriceOverview, AppError> {
        let today = self.price_today();
        let year_ago = today
            .checked_sub_months(Months::new(11))
            .and_then(|d| d.with_day0(0))
            .unwrap_or(today);
        let index = self
            .price_index(&year_ago.to_string(), &today.to_string())
            .await?;
        let this_month = today.with_day(1).unwrap_or(today);
        let from = this_month
            .checked_sub_months(Months::new(12 * ANOMALY_YEARS))
            .unwrap_or(this_month);
        let mut warnings = Vec::new();
        for product in self.price_catalogue().products {
            let days = self
                .store
                .price_daily_national(&product.code, from, today)
                .await?;
            // The month under way is still moving; its mean is compared once it is whole.
            let months: Vec<_> = series(&days, Granularity::Month)
                .into_iter()
                .filter(|m| m.start < this_month)
                .collect();
            let prices: Vec<i64> = months.iter().map(|m| m.price_fen).collect();
            let latest = months
                .last()
                .zip(scores(&prices, &Params::MONTHLY).pop().flatten());
            if let Some((m, score)) = latest {
                warnings.push(PriceWarning {
                    product: product.code.clone(),
                    name_zh: product.name_zh.clone(),
                    name_en: product.name_en.clone(),
                    unit: product.unit.name_zh().to_owned(),
                    month: m.start,
                    price_fen: m.price_fen,
                    ipa: score.ipa,
                    level: score.level,
                });
            }
        }
        warnings.sort_by(|a, b| {
            b.ipa
                .partial_cmp(&a.ipa)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.product.cmp(&b.product))
        });
        Ok(PriceOverview { index, warnings })
    }
}
