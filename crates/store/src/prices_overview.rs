//! National daily sums of every product, for the market overview: the provinces are summed
//! in SQL, so years of figures come back as one row per product and day.

use crate::db::on_pool;
use crate::{Result, Store};
use chrono::NaiveDate;
use gowest_domain::prices::DayAggregate;

#[derive(sqlx::FromRow)]
struct NationalRow {
    product: String,
    day: NaiveDate,
    sum_price_volume: i64,
    sum_volume: i64,
    sum_price: i64,
    reports: i64,
}

impl Store {
    /// Every product's national sums per day between two days (inclusive), by product and
    /// day; the province of each aggregate is empty.
    pub async fn price_daily_national(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayAggregate>> {
        let sql = "SELECT product, day, CAST(SUM(sum_price_volume) AS BIGINT) AS sum_price_volume, \
                   CAST(SUM(sum_volume) AS BIGINT) AS sum_volume, \
                   CAST(SUM(sum_price) AS BIGINT) AS sum_price, \
                   CAST(SUM(reports) AS BIGINT) AS reports \
                   FROM price_daily WHERE day BETWEEN $1 AND $2 \
                   GROUP BY product, day ORDER BY product, day";
        let rows: Vec<NationalRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?);
        Ok(rows
            .into_iter()
            .map(|r| DayAggregate {
                product: r.product,
                province_code: String::new(),
                day: r.day,
                sum_price_volume: i128::from(r.sum_price_volume),
                sum_volume: r.sum_volume,
                sum_price: r.sum_price,
                reports: r.reports,
            })
            .collect())
    }
}
