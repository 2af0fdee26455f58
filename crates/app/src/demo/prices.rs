//! Demo prices for `serve --demo`: a year of daily reports, up to yesterday in Beijing, from
//! eight markets in every province, each reporting three catalogue products, with a seasonal
//! swing, a per-market level and a little deterministic noise. Before that year, three years
//! of weekly reports give the anomaly indicator the same months of earlier years to compare
//! with; they carry each month's mean seasonal level, so a month's mean is the same whether
//! read from daily or weekly reports and the repeating season scores as normal. Pork rises
//! 30 % over the last 45 days, a surge the season does not explain, so the overview shows
//! a warning. The first market's clerk is the demo enterprise account, so the reporting form
//! can be tried at once.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use gowest_domain::change::Entity;
use gowest_domain::markets::Market;
use gowest_domain::prices::report::Grade;
use gowest_domain::prices::{PriceReport, ReportWindow};
use gowest_store::prices::IncomingReport;

const MARKETS_PER_PROVINCE: usize = 8;
const PRODUCTS_PER_MARKET: usize = 3;
/// Days of daily reports, up to yesterday (from the first day of that day's month).
const DAYS: i64 = 365;
/// Days of weekly reports before them: three years and two months.
const HISTORY_DAYS: i64 = 3 * 365 + 62;
/// The demo's price surge: the product, its days up to yesterday and its rise in basis points.
const SURGE: (&str, i64, i64) = ("pork", 45, 3_000);

/// The seasonal swing on `day`, from −1 to 1 over the year.
fn season(day: NaiveDate) -> f64 {
    (2.0 * std::f64::consts::PI * f64::from(day.ordinal0()) / 365.0).sin()
}

/// The mean of [`season`] over the month holding `day`.
fn month_season(day: NaiveDate) -> f64 {
    let first = day.with_day(1).unwrap_or(day);
    let days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| d.month() == first.month())
        .collect();
    days.iter().map(|d| season(*d)).sum::<f64>() / days.len() as f64
}

/// Base prices in fen per catalogue unit, in catalogue order (live hogs per head).
fn base_price(index: usize, unit_is_head: bool) -> i64 {
    if unit_is_head {
        return 180_000;
    }
    const LEVELS: [i64; 8] = [180, 260, 420, 650, 900, 1_400, 2_600, 5_200];
    LEVELS[index % LEVELS.len()]
}

impl App {
    /// Seeds the demo markets and a year of their prices; returns the reports written, 0 when
    /// markets already exist.
    pub async fn seed_demo_prices(&self, op: &Operator) -> Result<usize, AppError> {
        if !self.store.markets().await?.is_empty() {
            return Ok(0);
        }
        let clerk_org = match self.store.user_by_name("enterprise.demo").await? {
            Some(user) => self
                .store
                .memberships(user.id)
                .await?
                .first()
                .map(|m| m.org.id),
            None => None,
        };
        let provinces: Vec<_> = self
            .directory()
            .catalog
            .provinces
            .values()
            .cloned()
            .collect();
        let catalogue = self.price_catalogue();
        let now = self.clock.now();
        let yesterday = ReportWindow::today(now) - Duration::days(1);
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let mut markets: Vec<Market> = Vec::new();
        for p in &provinces {
            for k in 0..MARKETS_PER_PROVINCE {
                let mut m = Market {
                    id: 0,
                    org_id: if markets.is_empty() { clerk_org } else { None },
                    name_zh: format!("{}第{}农产品批发市场", p.name_zh, k + 1),
                    province_code: p.code.clone(),
                    county: String::new(),
                    pilot: k == 0,
                };
                m.id = tx.insert_market(&m, true).await?;
                markets.push(m);
            }
        }
        let mut seed: u64 = 20_070_510;
        let mut noise = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % 401) as i64 - 200 // ±2.00 %, in basis points
        };
        let mut written = 0;
        // Daily reports start on a month's first day, so that no month mixes the two kinds.
        let first_daily = (yesterday - Duration::days(DAYS - 1))
            .with_day(1)
            .unwrap_or(yesterday);
        let daily_days = (yesterday - first_daily).num_days() + 1;
        for d in 0..daily_days + HISTORY_DAYS {
            let day = first_daily - Duration::days(HISTORY_DAYS) + Duration::days(d);
            let history = day < first_daily;
            if history && day.weekday() != Weekday::Mon {
                continue;
            }
            let season = if history {
                month_season(day)
            } else {
                season(day)
            };
            let surging = yesterday - day < Duration::days(SURGE.1);
            let mut reports: Vec<(usize, PriceReport)> = Vec::new();
            for (mi, _) in markets.iter().enumerate() {
                for k in 0..PRODUCTS_PER_MARKET {
                    let pi = (mi * 3 + k * 11) % catalogue.products.len();
                    let product = &catalogue.products[pi];
                    let head = product.unit == gowest_domain::prices::Unit::Head;
                    let base = base_price(pi, head);
                    // Vegetables swing ±25 % with the season, the rest ±8 %; each market ±6 %.
                    let amplitude = if product.category_zh == "蔬菜" {
                        2_500.0
                    } else {
                        800.0
                    };
                    let surge = if surging && product.code == SURGE.0 {
                        SURGE.2
                    } else {
                        0
                    };
                    let bp = 10_000
                        + (amplitude * season) as i64
                        + ((mi % 13) as i64 - 6) * 100
                        + surge
                        + noise();
                    let price_fen = (base * bp / 10_000).max(1);
                    let volume_base = if head {
                        20 + (mi % 30) as i64
                    } else {
                        500_000 + (mi as i64 % 17) * 100_000
                    };
                    reports.push((
                        mi,
                        PriceReport {
                            product: product.code.clone(),
                            variety: None,
                            grade: Grade::Ungraded,
                            day,
                            price_fen,
                            volume_base,
                            reported_unit: product.unit,
                            reported_price_fen: price_fen,
                        },
                    ));
                }
            }
            let incoming: Vec<IncomingReport<'_>> = reports
                .iter()
                .map(|(mi, r)| IncomingReport {
                    market_id: markets[*mi].id,
                    province_code: markets[*mi].province_code.as_str(),
                    report: r,
                    late: false,
                })
                .collect();
            let received = day.and_hms_opt(2, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
            tx.insert_price_reports(&incoming, received).await?;
            written += incoming.len();
        }
        tx.finish(Record::new("demo.seed", Entity::PriceReport, None))
            .await?;
        Ok(written)
    }
}
