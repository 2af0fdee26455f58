//! Price reporting at scale, on SQLite and (with `GOWEST_TEST_POSTGRES_URL`, e.g. under
//! `scripts/pg-test-cluster.sh`) on PostgreSQL: markets × every catalogue product × a year of
//! days, each market's year sent as one batch through the real use-case (every row parsed and
//! checked, duplicates looked up, rows and daily aggregates written in one transaction, change
//! log and audit). Then one product's national daily series for a year, read from the kept
//! aggregates, and checked against the raw reports.
//!
//!   cargo bench -p gowest-bench --bench prices                       # 1,000,000 reports
//!   GOWEST_BENCH_PRICE_ROWS=10000000 cargo bench -p gowest-bench --bench prices

use chrono::Duration;
use gowest_app::App;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::prices::SeriesQuery;
use gowest_domain::markets::MarketInput;
use gowest_domain::prices::ReportInput;
use gowest_testkit::{TestBackend, audit_key, backends, fresh_db, operator};
use std::time::Instant;

const DAYS: i64 = 365;
const SERIES_RUNS: usize = 60;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run(backend: TestBackend, rows: usize) {
    let db = fresh_db(backend).await;
    let app = App::start(db.store.clone(), audit_key())
        .await
        .expect("app");
    app.seed_demo_accounts(&operator()).await.expect("accounts");
    let session = app
        .login("enterprise.demo", DEMO_PASSWORD, None)
        .await
        .expect("login");
    let clerk = Context::user(session.actor, None);
    let org_id = clerk.actor.as_ref().and_then(|a| a.org_id());
    let catalogue = app.price_catalogue();
    let products = catalogue.products.len();
    let markets = rows.div_ceil(products * DAYS as usize);
    let provinces: Vec<String> = app
        .directory()
        .catalog
        .provinces
        .keys()
        .map(|c| c.as_str().to_owned())
        .collect();
    let mut ids = Vec::with_capacity(markets);
    for m in 0..markets {
        let market = app
            .create_market(
                &operator(),
                &MarketInput {
                    name_zh: format!("基准批发市场{m}"),
                    province_code: provinces[m % provinces.len()].clone(),
                    org_id,
                    ..MarketInput::default()
                },
                false,
            )
            .await
            .expect("market");
        ids.push(market.id);
    }
    let last = app.price_today() - Duration::days(1);
    let mut written = 0;
    let mut spent = std::time::Duration::ZERO;
    let mut slowest = std::time::Duration::ZERO;
    for (m, id) in ids.iter().enumerate() {
        let mut batch = Vec::with_capacity(products * DAYS as usize);
        for d in 0..DAYS {
            let day = (last - Duration::days(d)).to_string();
            for (p, product) in catalogue.products.iter().enumerate() {
                let fen = 100 + (m * 7 + p * 13 + d as usize * 3) % 900;
                batch.push(ReportInput {
                    product: product.code.clone(),
                    price: format!("{}.{:02}", fen / 100, fen % 100),
                    volume: format!("{}", 10 + (m + p) % 90),
                    date: day.clone(),
                    ..ReportInput::default()
                });
            }
        }
        let started = Instant::now();
        let receipt = app
            .report_prices(&clerk, *id, &batch, 1)
            .await
            .expect("reported");
        let took = started.elapsed();
        spent += took;
        slowest = slowest.max(took);
        written += receipt.accepted;
        if (m + 1) % 50 == 0 {
            eprintln!(
                "  {}/{markets} markets, {written} reports, {:.0} reports/s so far",
                m + 1,
                written as f64 / spent.as_secs_f64()
            );
        }
    }
    let rate = written as f64 / spent.as_secs_f64();
    println!(
        "{}: ingest {written} reports ({markets} markets × {products} products × {DAYS} days, \
         one batch of {} a market) in {:.1} s: {:.0} reports/s; slowest batch {:.0} ms",
        backend,
        products * DAYS as usize,
        spent.as_secs_f64(),
        rate,
        slowest.as_secs_f64() * 1e3,
    );

    let from = last - Duration::days(DAYS - 1);
    let mut times = Vec::with_capacity(SERIES_RUNS);
    for i in 0..SERIES_RUNS {
        let q = SeriesQuery {
            product: catalogue.products[i % products].code.clone(),
            from: from.to_string(),
            to: last.to_string(),
            granularity: "day".into(),
            ..SeriesQuery::default()
        };
        let started = Instant::now();
        let s = app.price_series_uncached(&q).await.expect("series");
        times.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(s.points.len(), DAYS as usize);
    }
    times.sort_by(f64::total_cmp);
    let q = SeriesQuery {
        product: catalogue.products[0].code.clone(),
        from: from.to_string(),
        to: last.to_string(),
        ..SeriesQuery::default()
    };
    app.price_series(&q).await.expect("series");
    let started = Instant::now();
    for _ in 0..1_000 {
        app.price_series(&q).await.expect("series");
    }
    let cached_us = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "{}: national daily series for a year from the aggregates: p50 {:.1} ms, p99 {:.1} ms \
         (uncached, {SERIES_RUNS} runs over the products); from memory {:.1} µs",
        backend,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        cached_us
    );

    // The kept aggregates are the raw reports' sums, also at this size.
    let product = &catalogue.products[0].code;
    let started = Instant::now();
    let raw = db
        .store
        .price_daily_from_reports(product, from, last)
        .await
        .expect("raw");
    let raw_ms = started.elapsed().as_secs_f64() * 1e3;
    let kept = db
        .store
        .price_daily(product, from, last)
        .await
        .expect("kept");
    assert_eq!(kept, raw, "aggregates equal the raw sums");
    println!(
        "{}: the same year recomputed from the {} raw reports of the product: {raw_ms:.0} ms \
         (equal)",
        backend,
        written / products
    );
}

fn main() {
    // `cargo test --benches` runs every bench target once with `--bench` absent: stay quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows: usize = std::env::var("GOWEST_BENCH_PRICE_ROWS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(if quick { 20_000 } else { 1_000_000 });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for backend in backends() {
        runtime.block_on(run(backend, rows));
    }
}
