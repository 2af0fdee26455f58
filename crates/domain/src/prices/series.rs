//! Price series from daily aggregates. An aggregate keeps sums (price × volume, volume, price,
//! count) per product × province × day, so any coarser series — a week, a month, a region,
//! the nation — is the sum of its days, and a figure can always be recomputed from the raw
//! reports. The mean price is volume-weighted, rounded half up to whole fen; a period whose
//! reports carry no volume falls back to the plain mean of its prices.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The sums kept for one product in one province on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DayAggregate {
    pub product: String,
    pub province_code: String,
    pub day: NaiveDate,
    /// Σ price_fen × volume_base.
    pub sum_price_volume: i128,
    pub sum_volume: i64,
    pub sum_price: i64,
    pub reports: i64,
}

impl DayAggregate {
    /// Starts an aggregate from one report.
    pub fn of_report(
        product: &str,
        province_code: &str,
        day: NaiveDate,
        price_fen: i64,
        volume_base: i64,
    ) -> DayAggregate {
        DayAggregate {
            product: product.to_owned(),
            province_code: province_code.to_owned(),
            day,
            sum_price_volume: i128::from(price_fen) * i128::from(volume_base),
            sum_volume: volume_base,
            sum_price: price_fen,
            reports: 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    pub fn parse(raw: &str) -> Option<Granularity> {
        match raw {
            "day" | "daily" | "" => Some(Granularity::Day),
            "week" | "weekly" => Some(Granularity::Week),
            "month" | "monthly" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// The first day of the period holding `day` (weeks start on Monday, as ISO weeks do).
    pub fn period_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => {
                day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
            }
            Granularity::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The same period one year earlier: the same date, 52 weeks back, or the same month.
    pub fn year_before(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Week => start - Duration::weeks(52),
            Granularity::Day | Granularity::Month => start
                .with_year(start.year() - 1)
                .unwrap_or(start - Duration::days(365)),
        }
    }
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Point {
    pub start: NaiveDate,
    /// Mean price in fen per catalogue unit.
    pub price_fen: i64,
    pub volume_base: i64,
    pub reports: i64,
    /// Change against the previous period (day-on-day, week-on-week, month-on-month), in
    /// basis points (1/100 of a percent), rounded half up.
    pub change_bp: Option<i64>,
    /// Change against the same period a year earlier, in basis points.
    pub year_on_year_bp: Option<i64>,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    pv: i128,
    v: i64,
    p: i64,
    n: i64,
}

/// `num / den` rounded half away from zero.
fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den.abs() {
        q + num.signum() * den.signum()
    } else {
        q
    }
}

/// Change from `before` to `after` in basis points.
pub fn change_bp(before: i64, after: i64) -> Option<i64> {
    (before > 0).then(|| {
        let bp = div_round(
            (i128::from(after) - i128::from(before)) * 10_000,
            i128::from(before),
        );
        i64::try_from(bp).unwrap_or(i64::MAX)
    })
}

/// Sums the aggregates (already filtered to one product and the wanted provinces) into a
/// series at `granularity`, in date order, with its changes.
pub fn series(aggregates: &[DayAggregate], granularity: Granularity) -> Vec<Point> {
    let mut periods: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
    for a in aggregates {
        let s = periods.entry(granularity.period_start(a.day)).or_default();
        s.pv += a.sum_price_volume;
        s.v += a.sum_volume;
        s.p += a.sum_price;
        s.n += a.reports;
    }
    let mut points: Vec<Point> = periods
        .iter()
        .filter(|(_, s)| s.n > 0)
        .map(|(start, s)| {
            let mean = if s.v > 0 {
                div_round(s.pv, i128::from(s.v))
            } else {
                div_round(i128::from(s.p), i128::from(s.n))
            };
            Point {
                start: *start,
                price_fen: i64::try_from(mean).unwrap_or(i64::MAX),
                volume_base: s.v,
                reports: s.n,
                change_bp: None,
                year_on_year_bp: None,
            }
        })
        .collect();
    let by_start: BTreeMap<NaiveDate, i64> =
        points.iter().map(|p| (p.start, p.price_fen)).collect();
    for i in 0..points.len() {
        if i > 0 {
            points[i].change_bp = change_bp(points[i - 1].price_fen, points[i].price_fen);
        }
        let a_year_ago = granularity.year_before(points[i].start);
        points[i].year_on_year_bp = by_start
            .get(&a_year_ago)
            .and_then(|before| change_bp(*before, points[i].price_fen));
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_mean_is_weighted_by_volume_and_rounded_half_up() {
        let aggs = vec![
            DayAggregate::of_report("pork", "510000", d(2007, 5, 7), 2_000, 1),
            DayAggregate::of_report("pork", "500000", d(2007, 5, 7), 2_001, 1),
        ];
        let s = series(&aggs, Granularity::Day);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].price_fen, 2_001); // 2000.5 rounds up
        assert_eq!(s[0].reports, 2);
    }

    #[test]
    fn weeks_start_on_monday_and_sum_their_days() {
        let aggs = vec![
            DayAggregate::of_report("pork", "510000", d(2007, 5, 7), 1_000, 3),
            DayAggregate::of_report("pork", "510000", d(2007, 5, 13), 2_000, 1),
            DayAggregate::of_report("pork", "510000", d(2007, 5, 14), 1_100, 1),
        ];
        let s = series(&aggs, Granularity::Week);
        assert_eq!(
            s.iter().map(|p| p.start).collect::<Vec<_>>(),
            vec![d(2007, 5, 7), d(2007, 5, 14)]
        );
        assert_eq!(s[0].price_fen, 1_250);
        assert_eq!(s[1].change_bp, Some(-1_200)); // 1250 → 1100 is −12.00 %
    }

    #[test]
    fn year_on_year_compares_the_same_month() {
        let aggs = vec![
            DayAggregate::of_report("rice", "510000", d(2006, 5, 3), 400, 1),
            DayAggregate::of_report("rice", "510000", d(2007, 5, 20), 420, 1),
        ];
        let s = series(&aggs, Granularity::Month);
        assert_eq!(s[1].year_on_year_bp, Some(500));
    }

    #[test]
    fn reports_without_volume_fall_back_to_the_plain_mean() {
        let aggs = vec![
            DayAggregate::of_report("egg", "510000", d(2007, 5, 7), 700, 0),
            DayAggregate::of_report("egg", "510000", d(2007, 5, 7), 800, 0),
        ];
        assert_eq!(series(&aggs, Granularity::Day)[0].price_fen, 750);
    }
}
