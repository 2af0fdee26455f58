//! Price reporting and analysis: a market clerk's batch of reports (form, spreadsheet or API)
//! checked row by row and written all or nothing with the daily aggregates; series, the price
//! index and anomaly warnings read from those aggregates.

use crate::audit::Context;
use crate::error::RowError;
use crate::write::Record;
use crate::{App, AppError};
use chrono::{Duration, NaiveDate};
use gowest_domain::change::Entity;
use gowest_domain::prices::anomaly::{Params, Score, scores};
use gowest_domain::prices::index::{BasketItem, IndexPoint, laspeyres};
use gowest_domain::prices::report::{self, Grade};
use gowest_domain::prices::series::series;
use gowest_domain::prices::{
    Catalogue, DayAggregate, Granularity, Point, PriceReport, ReportInput, ReportWindow,
};
use gowest_domain::region::Region;
use gowest_domain::{FieldError, Validation};
use gowest_store::prices::IncomingReport;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use utoipa::ToSchema;

/// Series answered from memory: the public page and the open-data API repeat the same few
/// queries, and a series only changes when reports are written. An entry is keyed by the query,
/// the day in Beijing (open ranges end today), the newest event this instance has read (writes
/// by other instances, seen when it refreshes) and this instance's own count of report batches
/// (seen at once).
pub struct SeriesCache {
    written: AtomicU64,
    series: quick_cache::sync::Cache<String, Arc<PriceSeries>>,
}

impl Default for SeriesCache {
    fn default() -> Self {
        SeriesCache {
            written: AtomicU64::new(0),
            series: quick_cache::sync::Cache::new(SERIES_CACHED),
        }
    }
}

/// Series kept in memory: products × granularities × regions, with room for custom ranges.
const SERIES_CACHED: usize = 4_096;

/// The longest range one series query may ask for: a year (leap years included).
pub const MAX_RANGE_DAYS: i64 = 366;

/// What a batch of reports came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportReceipt {
    pub market_id: i64,
    pub accepted: usize,
    /// Of them, received after the day's deadline.
    pub late: usize,
}

/// Where a series is drawn from: the nation, a region, a province or one market.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeriesQuery {
    pub product: String,
    pub from: String,
    pub to: String,
    pub granularity: String,
    pub region: String,
    pub province_code: String,
    /// A market's id: its own reports only.
    pub market: String,
}

/// A product's series with its anomaly scores.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PriceSeries {
    pub product: String,
    pub product_name_zh: String,
    pub unit: String,
    pub granularity: Granularity,
    pub points: Vec<Point>,
}

/// A product's monthly means with FAO-style anomaly scores.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AnomalyPoint {
    pub start: NaiveDate,
    pub price_fen: i64,
    pub score: Option<Score>,
}

fn field(name: &str, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(name, code, zh, en)
}

struct Range {
    product: String,
    from: NaiveDate,
    to: NaiveDate,
}

impl App {
    /// The product catalogue reports may name.
    pub fn price_catalogue(&self) -> Catalogue {
        Catalogue::standard()
    }

    /// Today in China Standard Time: the latest day a report may be for.
    pub fn price_today(&self) -> NaiveDate {
        ReportWindow::today(self.clock.now())
    }

    /// The reporting deadline (programme data).
    pub fn report_window(&self) -> ReportWindow {
        ReportWindow::default()
    }

    /// Checks and writes one market's reports, all or nothing. `first_row` is the row number
    /// the first input carries in the clerk's view (2 for a spreadsheet under its header, 1
    /// for a form or an API list), so each refusal names the row as the clerk sees it.
    #[tracing::instrument(skip_all, fields(market_id, rows = inputs.len()))]
    pub async fn report_prices(
        &self,
        ctx: &Context,
        market_id: i64,
        inputs: &[ReportInput],
        first_row: usize,
    ) -> Result<ReportReceipt, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let market = self.store.market(market_id).await?;
        let reporter = actor
            .price_reporter(market.id, market.org_id)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&reporter, ctx).await?;
        if inputs.is_empty() {
            return Err(AppError::Invalid(Validation(vec![field(
                "rows",
                "empty",
                "没有可报送的价格".into(),
                "there are no prices to report".into(),
            )])));
        }
        let now = self.clock.now();
        let today = ReportWindow::today(now);
        let catalogue = self.price_catalogue();
        let mut errors = Vec::new();
        let mut checked: Vec<(usize, PriceReport)> = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let row = first_row + i;
            match report::check(input, &catalogue, today) {
                Ok(r) => checked.push((row, r)),
                Err(v) => errors.extend(v.0.into_iter().map(|e| row_error(row, e))),
            }
        }
        if let (Some(from), Some(to)) = (
            checked.iter().map(|(_, r)| r.day).min(),
            checked.iter().map(|(_, r)| r.day).max(),
        ) {
            let existing = tx.price_report_keys(market.id, from, to).await?;
            let mut seen = HashSet::new();
            for (row, r) in &checked {
                let key = (
                    r.day,
                    r.product.clone(),
                    r.variety.clone().unwrap_or_default(),
                    r.grade.code().to_owned(),
                );
                if existing.contains(&key) || !seen.insert(key) {
                    errors.push(row_error(*row, duplicate(r)));
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }
        let window = self.report_window();
        let province = market.province_code.as_str();
        let incoming: Vec<IncomingReport<'_>> = checked
            .iter()
            .map(|(_, r)| IncomingReport {
                market_id: market.id,
                province_code: province,
                report: r,
                late: window.is_late(r.day, now),
            })
            .collect();
        let late = incoming.iter().filter(|r| r.late).count();
        tx.insert_price_reports(&incoming, now).await?;
        let receipt = ReportReceipt {
            market_id: market.id,
            accepted: incoming.len(),
            late,
        };
        // One audit row and one event for the whole batch, whatever its size.
        tx.finish(Record::new("price.report", Entity::Market, market.id).after(&receipt))
            .await?;
        self.prices.written.fetch_add(1, Ordering::Release);
        Ok(receipt)
    }

    fn price_range(&self, product: &str, from: &str, to: &str) -> Result<Range, AppError> {
        let mut v = Validation::default();
        let catalogue = self.price_catalogue();
        let code = match catalogue.find(product) {
            Some(p) => Some(p.code.clone()),
            None => {
                v.push(field(
                    "product",
                    "unknown",
                    format!("产品“{product}”不在产品目录中"),
                    format!("product \"{product}\" is not in the catalogue"),
                ));
                None
            }
        };
        let today = ReportWindow::today(self.clock.now());
        let parse = |v: &mut Validation, name: &str, raw: &str, default: NaiveDate| {
            if raw.trim().is_empty() {
                return Some(default);
            }
            let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
            if day.is_none() {
                v.push(field(
                    name,
                    "not_a_date",
                    format!("“{raw}”不是有效日期（如 2007-03-15）"),
                    format!("{name}: \"{raw}\" is not a date (e.g. 2007-03-15)"),
                ));
            }
            day
        };
        let to_day = parse(&mut v, "to", to, today);
        let from_day = parse(
            &mut v,
            "from",
            from,
            to_day.unwrap_or(today) - Duration::days(MAX_RANGE_DAYS - 1),
        );
        if let (Some(f), Some(t)) = (from_day, to_day) {
            if f > t {
                v.push(field(
                    "from",
                    "after_to",
                    "开始日期晚于结束日期".into(),
                    "from is after to".into(),
                ));
            } else if (t - f).num_days() >= MAX_RANGE_DAYS {
                v.push(field(
                    "from",
                    "range_too_long",
                    format!("查询范围不能超过{MAX_RANGE_DAYS}天"),
                    format!("the range must be at most {MAX_RANGE_DAYS} days"),
                ));
            }
        }
        match (code, from_day, to_day) {
            (Some(product), Some(from), Some(to)) if v.is_empty() => {
                Ok(Range { product, from, to })
            }
            _ => Err(AppError::Invalid(v)),
        }
    }

    /// One product's series at a granularity for the nation, a region or a province, from the
    /// kept daily aggregates; at most a year.
    #[tracing::instrument(skip(self))]
    pub async fn price_series(&self, q: &SeriesQuery) -> Result<Arc<PriceSeries>, AppError> {
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            q.product,
            q.from,
            q.to,
            q.granularity,
            q.region,
            q.province_code,
            q.market,
            self.price_today(),
            self.events_seen(),
            self.prices.written.load(Ordering::Acquire)
        );
        if let Some(hit) = self.prices.series.get(&key) {
            return Ok(hit);
        }
        let fresh = Arc::new(self.price_series_uncached(q).await?);
        self.prices.series.insert(key, Arc::clone(&fresh));
        Ok(fresh)
    }

    /// [`App::price_series`] read from the store every time.
    pub async fn price_series_uncached(&self, q: &SeriesQuery) -> Result<PriceSeries, AppError> {
        let mut v = Validation::default();
        let granularity = Granularity::parse(q.granularity.trim());
        if granularity.is_none() {
            v.push(field(
                "granularity",
                "unknown",
                "周期应为 day、week 或 month".into(),
                "granularity must be day, week or month".into(),
            ));
        }
        let region = match q.region.trim() {
            "" => None,
            raw => {
                let r = Region::parse(raw);
                if r.is_none() {
                    v.push(field(
                        "region",
                        "unknown",
                        format!("未知地区“{raw}”"),
                        format!("unknown region \"{raw}\""),
                    ));
                }
                r
            }
        };
        let directory = self.directory();
        let province = q.province_code.trim();
        let known_province = gowest_domain::region::ProvinceCode::parse(province)
            .is_some_and(|c| directory.catalog.province(&c).is_some());
        if !province.is_empty() && !known_province {
            v.push(field(
                "province_code",
                "unknown",
                format!("未知省份代码“{province}”"),
                format!("unknown province code \"{province}\""),
            ));
        }
        let market = match q.market.trim() {
            "" => None,
            raw => match raw.parse::<i64>().ok().filter(|id| *id > 0) {
                Some(id) => match self.store.market(id).await {
                    Ok(m) => Some(m.id),
                    Err(gowest_store::StoreError::NotFound { .. }) => {
                        v.push(field(
                            "market",
                            "unknown",
                            format!("没有编号为 {id} 的批发市场"),
                            format!("there is no market {id}"),
                        ));
                        None
                    }
                    Err(e) => return Err(e.into()),
                },
                None => {
                    v.push(field(
                        "market",
                        "invalid",
                        format!("市场编号“{raw}”应为正整数"),
                        format!("market \"{raw}\" must be a positive whole number"),
                    ));
                    None
                }
            },
        };
        let range = self.price_range(&q.product, &q.from, &q.to);
        let (range, granularity) = match (range, granularity) {
            (Ok(r), Some(g)) if v.is_empty() => (r, g),
            (Err(AppError::Invalid(mut more)), _) => {
                more.0.extend(v.0);
                return Err(AppError::Invalid(more));
            }
            (Err(e), _) => return Err(e),
            _ => return Err(AppError::Invalid(v)),
        };
        let keep = |a: &DayAggregate| -> bool {
            if !province.is_empty()
                && a.province_code != province
                && !a.province_code.starts_with(province)
            {
                return false;
            }
            match region {
                None => true,
                Some(r) => gowest_domain::region::ProvinceCode::parse(&a.province_code)
                    .and_then(|c| directory.catalog.province(&c).map(|p| p.region == r))
                    .unwrap_or(false),
            }
        };
        // A market's series comes from its own reports; the nation (the public page's
        // default) is summed per day in SQL; a region or a province reads its provinces' rows
        // and keeps those that match.
        let aggregates: Vec<DayAggregate> = if let Some(market) = market {
            self.store
                .price_daily_of_market(market, &range.product, range.from, range.to)
                .await?
        } else if province.is_empty() && region.is_none() {
            self.store
                .price_daily_national(&range.product, range.from, range.to)
                .await?
        } else {
            self.store
                .price_daily(&range.product, range.from, range.to)
                .await?
                .into_iter()
                .filter(keep)
                .collect()
        };
        let catalogue = self.price_catalogue();
        let product = catalogue
            .find(&range.product)
            .ok_or(AppError::NotFound { entity: "product" })?;
        Ok(PriceSeries {
            product: product.code.clone(),
            product_name_zh: product.name_zh.clone(),
            unit: product.unit.name_zh().to_owned(),
            granularity,
            points: series(&aggregates, granularity),
        })
    }

    /// A product's national monthly means over up to `years` years to `to`, each scored by
    /// the anomaly indicator (which needs two earlier years of the same month).
    pub async fn price_anomalies(
        &self,
        product: &str,
        to: &str,
        years: u32,
    ) -> Result<Vec<AnomalyPoint>, AppError> {
        let range = self.price_range(product, "", to)?;
        let from = range
            .to
            .checked_sub_months(chrono::Months::new(12 * years.clamp(1, 10)))
            .unwrap_or(range.from);
        let aggregates = self
            .store
            .price_daily_national(&range.product, from, range.to)
            .await?;
        let monthly = series(&aggregates, Granularity::Month);
        let prices: Vec<i64> = monthly.iter().map(|p| p.price_fen).collect();
        let scored = scores(&prices, &Params::MONTHLY);
        Ok(monthly
            .iter()
            .zip(scored)
            .map(|(p, score)| AnomalyPoint {
                start: p.start,
                price_fen: p.price_fen,
                score,
            })
            .collect())
    }

    /// The national monthly price index over every catalogue product between two days:
    /// fixed-base Laspeyres, the first month's means and volumes the base (100.00).
    pub async fn price_index(&self, from: &str, to: &str) -> Result<Vec<IndexPoint>, AppError> {
        let catalogue = self.price_catalogue();
        let first = catalogue
            .products
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default();
        let range = self.price_range(&first, from, to)?;
        let mut basket = Vec::new();
        let mut prices: BTreeMap<NaiveDate, BTreeMap<String, i64>> = BTreeMap::new();
        let base_month = Granularity::Month.period_start(range.from);
        for product in &catalogue.products {
            let aggregates = self
                .store
                .price_daily_national(&product.code, range.from, range.to)
                .await?;
            let monthly = series(&aggregates, Granularity::Month);
            if let Some(base) = monthly.iter().find(|p| p.start == base_month) {
                basket.push(BasketItem {
                    product: product.code.clone(),
                    base_price_fen: base.price_fen,
                    base_volume: base.volume_base.max(1),
                });
            }
            for p in monthly {
                prices
                    .entry(p.start)
                    .or_default()
                    .insert(product.code.clone(), p.price_fen);
            }
        }
        Ok(laspeyres(&basket, &prices))
    }

    /// Markets with no report for `day` once its deadline has passed (empty before then).
    pub async fn missing_price_reports(&self, day: NaiveDate) -> Result<Vec<i64>, AppError> {
        if !self.report_window().is_overdue(day, self.clock.now()) {
            return Ok(Vec::new());
        }
        let reported = self.store.markets_reported_on(day).await?;
        Ok(self
            .store
            .markets()
            .await?
            .into_iter()
            .map(|m| m.id)
            .filter(|id| !reported.contains(id))
            .collect())
    }
}

fn row_error(row: usize, e: FieldError) -> RowError {
    RowError {
        row,
        column: e.field.clone(),
        field: e.field,
        message_zh: e.message_zh,
        message_en: e.message_en,
    }
}

fn duplicate(r: &PriceReport) -> FieldError {
    let grade = r.grade;
    field(
        "product",
        "duplicate",
        format!(
            "{} {} {}已报送过，不能重复报送",
            r.day,
            r.product,
            Grade::name_zh(grade)
        ),
        format!(
            "{} {} {} was already reported",
            r.day,
            r.product,
            grade.code()
        ),
    )
}
