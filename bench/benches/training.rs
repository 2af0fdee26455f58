//! Technician training (issue 6), on SQLite and (with `GOWEST_TEST_POSTGRES_URL`, e.g. under
//! `scripts/pg-test-cluster.sh`) on PostgreSQL:
//!
//! - roster import: a zone imports a 50,000-row roster through the real use-case (parse,
//!   GB 11643 check and HMAC digest of every number, duplicate lookup, 1,000-row INSERTs and
//!   the zone×month counts in one transaction, audit row), as CSV (3 runs, each into a fresh
//!   database) and as XLSX (1 run). Aim: ≥ 20,000 rows/s.
//! - progress dashboard: 1,000,000 trainees spread over every central and western zone and
//!   the 12 months of a year, written straight through the store (the import's own INSERT and
//!   counts), then the ministry's progress tables (by zone, province, region, month) built 30
//!   times. Aim: ≤ 200 ms. Checks the tables add up to the 1,000,000.
//!
//!   cargo bench -p gowest-bench --bench training
//!   GOWEST_BENCH_TRAINEES=200000 cargo bench -p gowest-bench --bench training

use chrono::{NaiveDate, Utc};
use gowest_app::App;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::zones::NoProgress;
use gowest_domain::region::Region;
use gowest_store::training::NewTrainee;
use gowest_testkit::{TestBackend, audit_key, backends, fixture_tx, fresh_db, operator};
use std::time::{Duration, Instant};

const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const HEADER: [&str; 8] = [
    "姓名",
    "身份证号",
    "职业（工种）",
    "培训课程",
    "结业日期",
    "考核结果",
    "证书编号",
    "证书等级",
];

/// The `n`th valid 身份证号 of the series (Chengdu prefix; 1,000 a birthday).
fn resident_id(n: u32) -> String {
    let day =
        NaiveDate::from_ymd_opt(1960, 1, 1).expect("date") + chrono::Days::new(u64::from(n / 1000));
    let body = format!("510100{}{:03}", day.format("%Y%m%d"), n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Row `i` of the roster: every third trainee certified.
fn row(i: u32) -> [String; 8] {
    let month = i % 12 + 1;
    let certified = i.is_multiple_of(3);
    [
        format!("学员{i}"),
        resident_id(i),
        if certified { "焊工" } else { "车工" }.into(),
        "技工培训班".into(),
        format!("2007-{month:02}-15"),
        if certified { "合格" } else { "" }.into(),
        if certified {
            format!("Z{i:08}")
        } else {
            String::new()
        },
        if certified { "四级" } else { "" }.into(),
    ]
}

fn csv(n: u32) -> Vec<u8> {
    let mut out = HEADER.join(",") + "\n";
    for i in 0..n {
        out += &row(i).join(",");
        out.push('\n');
    }
    out.into_bytes()
}

fn xlsx(n: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..n {
        for (c, v) in row(i).iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(i + 1, c as u16, v).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

async fn started(backend: TestBackend) -> (gowest_testkit::TestDb, App) {
    let db = fresh_db(backend).await;
    let app = App::start(db.store.clone(), audit_key())
        .await
        .expect("app");
    app.seed_demo_accounts(&operator()).await.expect("accounts");
    (db, app)
}

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

fn chengdu(app: &App) -> i64 {
    app.directory()
        .zones
        .iter()
        .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
        .map(|l| l.zone.id)
        .expect("Chengdu")
}

async fn import_once(backend: TestBackend, name: &str, file: &[u8], rows: u32) -> Duration {
    let (_db, app) = started(backend).await;
    let zone = ctx(&app, "chengdu.admin").await;
    let began = Instant::now();
    let n = app
        .import_roster(&zone, chengdu(&app), name, file, &NoProgress)
        .await
        .expect("import");
    let took = began.elapsed();
    assert_eq!(n, rows as usize);
    took
}

async fn import(backend: TestBackend, rows: u32) {
    let csv = csv(rows);
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(import_once(backend, "roster.csv", &csv, rows).await);
    }
    runs.sort();
    let median = runs[1];
    let xlsx = xlsx(rows);
    let x = import_once(backend, "roster.xlsx", &xlsx, rows).await;
    let rate = |d: Duration| f64::from(rows) / d.as_secs_f64();
    println!(
        "{backend}: roster import of {rows} rows: CSV median {:.2} s = {:.0} rows/s (runs {:?}); XLSX {:.2} s = {:.0} rows/s",
        median.as_secs_f64(),
        rate(median),
        runs.iter()
            .map(|d| format!("{:.2}", d.as_secs_f64()))
            .collect::<Vec<_>>(),
        x.as_secs_f64(),
        rate(x),
    );
}

async fn dashboard(backend: TestBackend, trainees: u32) {
    let (db, app) = started(backend).await;
    let zones: Vec<i64> = app
        .directory()
        .zones
        .iter()
        .filter(|l| matches!(l.zone.region, Region::Central | Region::West))
        .map(|l| l.zone.id)
        .collect();
    let seeding = Instant::now();
    let now = Utc::now();
    let per_zone = trainees.div_ceil(zones.len() as u32);
    let mut written = 0u32;
    for (z, zone_id) in zones.iter().enumerate() {
        let count = per_zone.min(trainees - written);
        if count == 0 {
            break;
        }
        let batch: Vec<NewTrainee> = (written..written + count)
            .map(|i| NewTrainee {
                name: format!("学员{i}"),
                id_digest: format!("{i:064x}"),
                id_masked: "5101**********0013".into(),
                occupation: "6-04-02-01".into(),
                course: "技工培训班".into(),
                completed_on: NaiveDate::from_ymd_opt(2007, i % 12 + 1, 15).expect("date"),
                exam_result: if i.is_multiple_of(3) {
                    "passed"
                } else {
                    "pending"
                }
                .into(),
                certificate_no: (i.is_multiple_of(3)).then(|| format!("Z{i:08}")),
                certificate_level: (i.is_multiple_of(3)).then(|| "intermediate".into()),
            })
            .collect();
        let mut tx = fixture_tx(&db.store).await;
        tx.insert_trainees(*zone_id, &batch, now, &|_| {})
            .await
            .expect("insert");
        tx.commit_fixture().await.expect("commit");
        written += count;
        if z % 50 == 0 {
            eprint!(".");
        }
    }
    eprintln!();
    let seeded = seeding.elapsed();
    let ministry = ctx(&app, "ministry.staff").await;
    let actor = ministry.actor.as_ref().expect("actor");
    let mut times = Vec::new();
    for _ in 0..30 {
        let began = Instant::now();
        let p = app.training_progress(actor, 2007).await.expect("progress");
        times.push(began.elapsed());
        assert_eq!(p.total.trained, u64::from(trainees));
        for table in [&p.by_zone, &p.by_province, &p.by_region, &p.by_month] {
            assert_eq!(
                table.iter().map(|r| r.trained).sum::<u64>(),
                u64::from(trainees)
            );
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{backend}: progress dashboard over {trainees} trainees in {} zones × 12 months: median {:.2} ms, max {:.2} ms of 30 (seeded in {:.1} s)",
        zones.len(),
        ms(times[15]),
        ms(times[29]),
        seeded.as_secs_f64(),
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo test --benches` runs every bench target once with `--bench` absent: stay quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows = if quick { 1_000 } else { 50_000 };
    let trainees = std::env::var("GOWEST_BENCH_TRAINEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 10_000 } else { 1_000_000 });
    for backend in backends() {
        import(backend, rows).await;
        dashboard(backend, trainees).await;
    }
}
