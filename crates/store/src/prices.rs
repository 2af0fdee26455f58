//! Price reports and their daily aggregates. Reports go in as multi-row INSERTs (a few
//! thousand rows a statement, `?` placeholders on SQLite: see [`placeholders`]; COPY for large
//! batches on PostgreSQL) and the aggregates as an upsert of the batch's sums (multi-row on
//! SQLite, one UNNEST statement on PostgreSQL), in the caller's transaction, so the aggregates
//! always equal the sums of the raw rows.

use crate::db::{Backend, Conn, on_pool, on_tx};
use crate::zones::placeholders;
use crate::{Result, Store, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::prices::{DayAggregate, PriceReport};
use std::collections::{BTreeMap, HashSet};

/// Rows per INSERT: 11 parameters a row stays under SQLite's 32 766 and PostgreSQL's 65 535.
const CHUNK: usize = 2_000;

/// From this many reports on, PostgreSQL takes them by COPY: one stream instead of
/// statements of 2,000 rows, each parsed and planned.
const COPY_FROM: usize = 5_000;

/// One report with where and when it came from.
#[derive(Debug, Clone)]
pub struct IncomingReport<'a> {
    pub market_id: i64,
    pub province_code: &'a str,
    pub report: &'a PriceReport,
    pub late: bool,
}

/// The identity of a report: one per market, day, product, variety and grade.
pub type ReportKey = (NaiveDate, String, String, String);

/// The daily sums of raw reports, as `price_daily` keeps them; callers add the filter and
/// `GROUP BY r.product, r.day, m.province_code`.
const REPORT_SUMS: &str = "SELECT r.product, r.day, m.province_code, \
    CAST(SUM(r.price_fen * r.volume_base) AS BIGINT) AS sum_price_volume, \
    CAST(SUM(r.volume_base) AS BIGINT) AS sum_volume, \
    CAST(SUM(r.price_fen) AS BIGINT) AS sum_price, COUNT(*) AS reports \
    FROM price_reports r JOIN wholesale_markets m ON m.id = r.market_id";

#[derive(sqlx::FromRow)]
struct AggregateRow {
    product: String,
    day: NaiveDate,
    province_code: String,
    sum_price_volume: i64,
    sum_volume: i64,
    sum_price: i64,
    reports: i64,
}

impl From<AggregateRow> for DayAggregate {
    fn from(r: AggregateRow) -> Self {
        DayAggregate {
            product: r.product,
            province_code: r.province_code,
            day: r.day,
            sum_price_volume: i128::from(r.sum_price_volume),
            sum_volume: r.sum_volume,
            sum_price: r.sum_price,
            reports: r.reports,
        }
    }
}

fn overflow() -> StoreError {
    StoreError::Corrupt {
        table: "price_daily",
        detail: "sum of price × volume out of range".into(),
    }
}

/// Adds a batch's sums to the kept ones (`excluded` is the row that met the key).
const UPSERT_SUMS: &str = " ON CONFLICT (product, day, province_code) DO UPDATE SET \
     sum_price_volume = price_daily.sum_price_volume + excluded.sum_price_volume, \
     sum_volume = price_daily.sum_volume + excluded.sum_volume, \
     sum_price = price_daily.sum_price + excluded.sum_price, \
     reports = price_daily.reports + excluded.reports";

impl Tx {
    /// The keys already reported by `market_id` between two days, inclusive.
    pub async fn price_report_keys(
        &mut self,
        market_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashSet<ReportKey>> {
        let sql = "SELECT day, product, variety, grade FROM price_reports \
                   WHERE market_id = $1 AND day BETWEEN $2 AND $3";
        let rows: Vec<(NaiveDate, String, String, String)> = on_tx!(self, |c| sqlx::query_as(sql)
            .bind(market_id)
            .bind(from)
            .bind(to)
            .fetch_all(c)
            .await?);
        Ok(rows.into_iter().collect())
    }

    /// Writes the reports and adds them to the daily aggregates.
    pub async fn insert_price_reports(
        &mut self,
        reports: &[IncomingReport<'_>],
        received_at: DateTime<Utc>,
    ) -> Result<()> {
        // In primary-key order: each insert then lands next to the previous one in the key's
        // B-tree instead of anywhere in the market's range (measured on SQLite, a year's batch
        // in the order clerks send it — newest day first — inserted markedly slower).
        let mut sorted: Vec<&IncomingReport<'_>> = reports.iter().collect();
        sorted.sort_unstable_by(|a, b| {
            let (p, q) = (a.report, b.report);
            (a.market_id, p.day, &p.product, &p.variety, p.grade.code()).cmp(&(
                b.market_id,
                q.day,
                &q.product,
                &q.variety,
                q.grade.code(),
            ))
        });
        let reports = sorted;
        let mut sums: BTreeMap<(String, NaiveDate, String), DayAggregate> = BTreeMap::new();
        let copied = reports.len() >= COPY_FROM;
        let copied = match &mut self.conn {
            Conn::Postgres(tx) if copied => {
                copy_reports(tx, &reports, received_at).await?;
                true
            }
            _ => false,
        };
        for chunk in reports.chunks(CHUNK) {
            if !copied {
                let sql = format!(
                    "INSERT INTO price_reports (market_id, product, day, variety, grade, price_fen, \
                     volume_base, reported_unit, reported_price_fen, received_at, late) VALUES {}",
                    placeholders(self.backend(), chunk.len(), 11)
                );
                on_tx!(self, |c| {
                    let mut q = sqlx::query(&sql);
                    for r in chunk {
                        let p = r.report;
                        q = q
                            .bind(r.market_id)
                            .bind(&p.product)
                            .bind(p.day)
                            .bind(p.variety.clone().unwrap_or_default())
                            .bind(p.grade.code())
                            .bind(p.price_fen)
                            .bind(p.volume_base)
                            .bind(p.reported_unit.code())
                            .bind(p.reported_price_fen)
                            .bind(received_at)
                            .bind(r.late);
                    }
                    q.execute(c).await?.rows_affected()
                });
            }
            for r in chunk {
                let p = r.report;
                let one = DayAggregate::of_report(
                    &p.product,
                    r.province_code,
                    p.day,
                    p.price_fen,
                    p.volume_base,
                );
                sums.entry((p.product.clone(), p.day, r.province_code.to_owned()))
                    .and_modify(|a| {
                        a.sum_price_volume += one.sum_price_volume;
                        a.sum_volume += one.sum_volume;
                        a.sum_price += one.sum_price;
                        a.reports += 1;
                    })
                    .or_insert(one);
            }
        }
        let sums: Vec<DayAggregate> = sums.into_values().collect();
        let mut pv = Vec::with_capacity(sums.len());
        for a in &sums {
            pv.push(i64::try_from(a.sum_price_volume).map_err(|_| overflow())?);
        }
        match &mut self.conn {
            // PostgreSQL: the whole batch's sums as seven arrays in one statement. Measured
            // (12,045 sums a batch) the multi-row VALUES cost ~60 ms, mostly parsing and planning
            // 2,000-row statements of 14,000 parameters; UNNEST is planned once for any size.
            Conn::Postgres(tx) => {
                let sql = format!(
                    "INSERT INTO price_daily (product, day, province_code, sum_price_volume, \
                     sum_volume, sum_price, reports) \
                     SELECT * FROM UNNEST($1::text[], $2::date[], $3::text[], $4::bigint[], \
                     $5::bigint[], $6::bigint[], $7::bigint[]){UPSERT_SUMS}"
                );
                sqlx::query(&sql)
                    .bind(sums.iter().map(|a| a.product.as_str()).collect::<Vec<_>>())
                    .bind(sums.iter().map(|a| a.day).collect::<Vec<_>>())
                    .bind(
                        sums.iter()
                            .map(|a| a.province_code.as_str())
                            .collect::<Vec<_>>(),
                    )
                    .bind(&pv)
                    .bind(sums.iter().map(|a| a.sum_volume).collect::<Vec<_>>())
                    .bind(sums.iter().map(|a| a.sum_price).collect::<Vec<_>>())
                    .bind(sums.iter().map(|a| a.reports).collect::<Vec<_>>())
                    .execute(&mut **tx)
                    .await?;
            }
            Conn::Sqlite(tx) => {
                for (chunk, pv) in sums.chunks(CHUNK).zip(pv.chunks(CHUNK)) {
                    let sql = format!(
                        "INSERT INTO price_daily (product, day, province_code, sum_price_volume, \
                         sum_volume, sum_price, reports) VALUES {}{UPSERT_SUMS}",
                        placeholders(Backend::Sqlite, chunk.len(), 7)
                    );
                    let mut q = sqlx::query(&sql);
                    for (a, pv) in chunk.iter().zip(pv) {
                        q = q
                            .bind(&a.product)
                            .bind(a.day)
                            .bind(&a.province_code)
                            .bind(*pv)
                            .bind(a.sum_volume)
                            .bind(a.sum_price)
                            .bind(a.reports);
                    }
                    q.execute(&mut **tx).await?;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// The kept daily aggregates of one product between two days, every province.
    pub async fn price_daily(
        &self,
        product: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayAggregate>> {
        let sql = "SELECT product, day, province_code, sum_price_volume, sum_volume, sum_price, \
                   reports FROM price_daily WHERE product = $1 AND day BETWEEN $2 AND $3 \
                   ORDER BY day, province_code";
        let rows: Vec<AggregateRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(product)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(DayAggregate::from).collect())
    }

    /// The kept daily aggregates of one product between two days summed over every province
    /// in SQL, one row a day (`province_code` empty): a national year is 365 rows to decode
    /// instead of up to 365 × 31, which on SQLite is most of the read's time. The sums are of
    /// the kept BIGINTs, so a day whose sum would overflow is an error, never a wrong figure.
    pub async fn price_daily_national(
        &self,
        product: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayAggregate>> {
        let sql = "SELECT product, day, '' AS province_code, \
                   CAST(SUM(sum_price_volume) AS BIGINT) AS sum_price_volume, \
                   CAST(SUM(sum_volume) AS BIGINT) AS sum_volume, \
                   CAST(SUM(sum_price) AS BIGINT) AS sum_price, \
                   CAST(SUM(reports) AS BIGINT) AS reports \
                   FROM price_daily WHERE product = $1 AND day BETWEEN $2 AND $3 \
                   GROUP BY product, day ORDER BY day";
        let rows: Vec<AggregateRow> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(product)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(DayAggregate::from).collect())
    }

    /// The same aggregates recomputed from the raw reports, to check the kept ones.
    pub async fn price_daily_from_reports(
        &self,
        product: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayAggregate>> {
        let sql = format!(
            "{REPORT_SUMS} WHERE r.product = $1 AND r.day BETWEEN $2 AND $3 \
             GROUP BY r.product, r.day, m.province_code ORDER BY r.day, m.province_code"
        );
        let rows: Vec<AggregateRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(product)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(DayAggregate::from).collect())
    }

    /// One market's daily sums of a product between two days, from its raw reports (a
    /// market's series is not kept: its few reports a day are read directly).
    pub async fn price_daily_of_market(
        &self,
        market_id: i64,
        product: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayAggregate>> {
        let sql = format!(
            "{REPORT_SUMS} WHERE r.market_id = $1 AND r.product = $2 \
             AND r.day BETWEEN $3 AND $4 \
             GROUP BY r.product, r.day, m.province_code ORDER BY r.day"
        );
        let rows: Vec<AggregateRow> = on_pool!(self, |p| sqlx::query_as(&sql)
            .bind(market_id)
            .bind(product)
            .bind(from)
            .bind(to)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(DayAggregate::from).collect())
    }

    /// Markets that reported anything for `day`.
    pub async fn markets_reported_on(&self, day: NaiveDate) -> Result<HashSet<i64>> {
        let sql = "SELECT DISTINCT market_id FROM price_reports WHERE day = $1";
        let ids: Vec<i64> = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(day)
            .fetch_all(p)
            .await?);
        Ok(ids.into_iter().collect())
    }

    /// Markets with a report for `day` or any later day.
    pub async fn markets_reported_since(&self, day: NaiveDate) -> Result<HashSet<i64>> {
        let sql = "SELECT DISTINCT market_id FROM price_reports WHERE day >= $1";
        let ids: Vec<i64> = on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(day)
            .fetch_all(p)
            .await?);
        Ok(ids.into_iter().collect())
    }

    /// Reports received after the deadline for `day`: (market, product).
    pub async fn late_price_reports(&self, day: NaiveDate) -> Result<Vec<(i64, String)>> {
        let sql = "SELECT market_id, product FROM price_reports WHERE day = $1 AND late \
                   ORDER BY market_id, product";
        let rows: Vec<(i64, String)> =
            on_pool!(self, |p| sqlx::query_as(sql).bind(day).fetch_all(p).await?);
        Ok(rows)
    }
}

/// A report as its market's clerk sees it in the console.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredReport {
    pub day: NaiveDate,
    pub product: String,
    pub variety: String,
    pub grade: String,
    pub price_fen: i64,
    pub volume_base: i64,
    pub reported_unit: String,
    pub reported_price_fen: i64,
    pub late: bool,
}

impl Store {
    /// A market's latest reports, newest day first.
    pub async fn recent_price_reports(
        &self,
        market_id: i64,
        limit: i64,
    ) -> Result<Vec<StoredReport>> {
        let sql = "SELECT day, product, variety, grade, price_fen, volume_base, reported_unit, \
                   reported_price_fen, late FROM price_reports WHERE market_id = $1 \
                   ORDER BY day DESC, received_at DESC, product LIMIT $2";
        let rows: Vec<StoredReport> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(market_id)
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// How many reports a market has made in all.
    pub async fn price_report_count(&self, market_id: i64) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM price_reports WHERE market_id = $1";
        Ok(on_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(market_id)
            .fetch_one(p)
            .await?))
    }
}

/// Escapes a value for COPY's text format, where backslash, tab, newline and carriage return
/// are special.
fn copy_text(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Streams the reports into `price_reports` with COPY (PostgreSQL), 8 MB at a time.
async fn copy_reports(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    reports: &[&IncomingReport<'_>],
    received_at: DateTime<Utc>,
) -> Result<()> {
    use std::fmt::Write;
    const FLUSH: usize = 8 << 20;
    let conn: &mut sqlx::PgConnection = tx;
    let mut copy = conn
        .copy_in_raw(
            "COPY price_reports (market_id, product, day, variety, grade, price_fen, volume_base, \
             reported_unit, reported_price_fen, received_at, late) FROM STDIN (FORMAT text)",
        )
        .await?;
    let at = received_at.to_rfc3339();
    let mut buf = String::with_capacity(FLUSH + 4_096);
    for r in reports {
        let p = r.report;
        let _ = write!(buf, "{}\t", r.market_id);
        copy_text(&mut buf, &p.product);
        let _ = write!(buf, "\t{}\t", p.day);
        copy_text(&mut buf, p.variety.as_deref().unwrap_or_default());
        let _ = writeln!(
            buf,
            "\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.grade.code(),
            p.price_fen,
            p.volume_base,
            p.reported_unit.code(),
            p.reported_price_fen,
            at,
            if r.late { 't' } else { 'f' }
        );
        if buf.len() >= FLUSH {
            copy.send(std::mem::take(&mut buf).into_bytes()).await?;
            buf.reserve(FLUSH + 4_096);
        }
    }
    if !buf.is_empty() {
        copy.send(buf.into_bytes()).await?;
    }
    copy.finish().await?;
    Ok(())
}
