//! An organisation's to-do list with 1M to-dos in the table (issue 17: p99 ≤ 20 ms), on
//! SQLite and (with `GOWEST_TEST_POSTGRES_URL`, e.g. under `scripts/pg-test-cluster.sh`) on
//! PostgreSQL. The rows spread over the demo organisations, one in ten still open, due dates
//! over ten months. One task, then 64 tasks at once, read lists, each read being what the
//! inbox does for its own list: the first page of open items (200) and the counts by kind.
//! Prints p50/p99 (with 64 clients they include the wait for one of the pool's connections).
//!
//!   cargo bench -p gowest-bench --bench todos                  # 1,000,000 rows
//!   GOWEST_BENCH_TODOS=100000 cargo bench -p gowest-bench --bench todos

use gowest_app::App;
use gowest_store::todos::TodoPage;
use gowest_testkit::{TestBackend, audit_key, backends, fresh_db, operator};
use std::sync::Arc;
use std::time::{Duration, Instant};

const READS: usize = 2560;

fn fill_sql(backend: TestBackend, rows: usize, orgs: &[i64]) -> String {
    let org_list = orgs
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let n = orgs.len();
    // The i-th row belongs to the (i mod n)-th organisation; kinds cycle; 1 in 10 is open.
    let (series, due, closed) = match backend {
        TestBackend::Sqlite => (
            format!(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {rows}), \
                 o(pos, id) AS (SELECT key, value FROM json_each('[{org_list}]'))"
            ),
            "date('2026-01-01', '+' || (i % 300) || ' days')",
            "CASE WHEN i % 10 = 0 THEN NULL ELSE '2026-06-01T00:00:00Z' END",
        ),
        TestBackend::Postgres => (
            format!(
                "WITH s(i) AS (SELECT generate_series(1, {rows})), \
                 o(pos, id) AS (SELECT ordinality - 1, id FROM unnest(ARRAY[{org_list}]::BIGINT[]) WITH ORDINALITY AS t(id))"
            ),
            "DATE '2026-01-01' + (i % 300)",
            "CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-06-01 00:00:00Z' END",
        ),
    };
    let since = match backend {
        TestBackend::Sqlite => "'2026-01-01'",
        TestBackend::Postgres => "DATE '2026-01-01'",
    };
    let opened = match backend {
        TestBackend::Sqlite => "'2026-01-01T00:00:00Z'",
        TestBackend::Postgres => "TIMESTAMPTZ '2026-01-01 00:00:00Z'",
    };
    format!(
        "{series} INSERT INTO todos (kind, org_id, org_province, org_tier, entity, record_id, \
         title, link, since, due_on, ministry_on, opened_at, closed_at) \
         SELECT CASE i % 3 WHEN 0 THEN 'fund_review' WHEN 1 THEN 'problem_routed' ELSE 'fund_payment' END, \
         o.id, NULL, 1, 'fund_application', i, '基础设施贷款申请 ' || i, '/console/funds/' || i, \
         {since}, {due}, {due}, {opened}, {closed} \
         FROM s JOIN o ON o.pos = i % {n}"
    )
}

async fn run(backend: TestBackend, rows: usize, clients: usize) {
    let db = fresh_db(backend).await;
    let app = App::start(db.store.clone(), audit_key())
        .await
        .expect("app");
    app.seed_demo_accounts(&operator()).await.expect("accounts");
    let orgs: Vec<i64> = db
        .store
        .organisations()
        .await
        .expect("orgs")
        .iter()
        .map(|o| o.id)
        .collect();
    let started = Instant::now();
    db.raw_execute(&fill_sql(backend, rows, &orgs))
        .await
        .expect("fill");
    if backend == TestBackend::Postgres {
        // What autovacuum does to a table in service: statistics, and the visibility map
        // that lets the counts read the index alone.
        db.raw_execute("VACUUM ANALYZE todos")
            .await
            .expect("vacuum");
    }
    let fill = started.elapsed();
    let open = db
        .count("SELECT COUNT(*) FROM todos WHERE closed_at IS NULL")
        .await;
    let store = Arc::new(db.store.clone());
    let orgs = Arc::new(orgs);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("a date");
    let started = Instant::now();
    let mut tasks = Vec::new();
    let reads_each = READS / clients;
    for client in 0..clients {
        let (store, orgs) = (store.clone(), orgs.clone());
        tasks.push(tokio::spawn(async move {
            let mut took = Vec::with_capacity(reads_each);
            for k in 0..reads_each {
                let org = orgs[(client * reads_each + k) % orgs.len()];
                let t = Instant::now();
                let page = TodoPage {
                    limit: 200,
                    offset: 0,
                };
                let items = store.open_todos_of_org(org, page).await.expect("list");
                let counts = store.todo_counts_of_org(org, today).await.expect("counts");
                std::hint::black_box((items, counts));
                took.push(t.elapsed());
            }
            took
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let wall = started.elapsed();
    all.sort_unstable();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "{backend}: {rows} to-dos ({open} open) over {} organisations; {} list reads by {clients} \
         clients in {:.2} s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; fill {:.1} s",
        orgs.len(),
        all.len(),
        wall.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3,
        fill.as_secs_f64(),
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo test --benches` runs every bench target once with `--bench` absent: stay quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows = std::env::var("GOWEST_BENCH_TODOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 10_000 } else { 1_000_000 });
    for backend in backends() {
        for clients in [1, 64] {
            run(backend, rows, clients).await;
        }
    }
}
