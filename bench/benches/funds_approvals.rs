//! Approvals per second against one CDB pool with 64 concurrent clients, on SQLite and (with
//! `GOWEST_TEST_POSTGRES_URL`, e.g. under `scripts/pg-test-cluster.sh`) on PostgreSQL: N
//! applications wait at the ministry, the pool holds 90% of what they ask, 64 tasks approve
//! them all at once through the real use-case (status, ledger entry, transition, change log,
//! audit row in one transaction). Checks zero over-commitment and that the ledger adds up.
//!
//!   cargo bench -p gowest-bench --bench funds_approvals            # N = 2000
//!   GOWEST_BENCH_APPROVALS=500 cargo bench -p gowest-bench --bench funds_approvals

use gowest_app::App;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::funds::{ActionInput, ProgrammeEdit};
use gowest_domain::funds::ApplicationInput;
use gowest_domain::funds::pool::reconcile;
use gowest_domain::money::Fen;
use gowest_testkit::{TestBackend, audit_key, backends, fresh_db, operator};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Instant;

const CLIENTS: usize = 64;
const AMOUNT_YUAN: i64 = 10_000_000;

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

async fn run(backend: TestBackend, n: usize) {
    let db = fresh_db(backend).await;
    let app = App::start(db.store.clone(), audit_key())
        .await
        .expect("app");
    app.seed_demo_accounts(&operator()).await.expect("accounts");
    let (zone, province, ministry) = (
        ctx(&app, "chengdu.admin").await,
        ctx(&app, "sichuan.staff").await,
        ctx(&app, "ministry.staff").await,
    );
    let pool = app
        .fund_programmes()
        .await
        .expect("programmes")
        .into_iter()
        .find(|p| p.programme.code == "cdb-west-2007")
        .expect("pool");
    let id = pool.programme.id;
    let today = app.today_in_china();
    let open = ProgrammeEdit {
        opens_on: (today - chrono::Days::new(1)).to_string(),
        closes_on: (today + chrono::Days::new(1)).to_string(),
        // 90% of what the N applications ask, plus half an application: the last 10% are refused.
        pool_yuan: (AMOUNT_YUAN * (n as i64 * 9 / 10) + AMOUNT_YUAN / 2).to_string(),
        ..ProgrammeEdit::default()
    };
    app.edit_fund_programme(&ministry, id, &open)
        .await
        .expect("call opened");
    let setup = Instant::now();
    let input = ApplicationInput {
        title: "基准测试".into(),
        project_name: "综合管网".into(),
        purpose: "infrastructure".into(),
        amount_yuan: AMOUNT_YUAN.to_string(),
        ..ApplicationInput::default()
    };
    let mut ids = VecDeque::with_capacity(n);
    for _ in 0..n {
        let a = app
            .create_fund_application(&zone, id, &input)
            .await
            .expect("draft");
        for (who, action) in [(&zone, "submit"), (&province, "province_approve")] {
            let step = ActionInput {
                action: action.into(),
                ..ActionInput::default()
            };
            app.act_on_fund_application(who, a.id, &step)
                .await
                .expect("step");
        }
        ids.push_back(a.id);
    }
    let setup = setup.elapsed();
    let queue = Arc::new(Mutex::new(ids));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        let (app, ctx, queue) = (app.clone(), ministry.clone(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused) = (0usize, 0usize);
            loop {
                let next = queue.lock().expect("queue").pop_front();
                let Some(id) = next else { break };
                let input = ActionInput {
                    action: "approve".into(),
                    ..ActionInput::default()
                };
                match app.act_on_fund_application(&ctx, id, &input).await {
                    Ok(_) => ok += 1,
                    Err(gowest_app::AppError::Invalid(v)) if v.0[0].code == "pool_exhausted" => {
                        refused += 1
                    }
                    Err(e) => panic!("approval failed: {e}"),
                }
            }
            (ok, refused)
        }));
    }
    let (mut ok, mut refused) = (0, 0);
    for t in tasks {
        let (o, r) = t.await.expect("task");
        ok += o;
        refused += r;
    }
    let elapsed = started.elapsed();
    let after = app.fund_programme(id).await.expect("programme");
    let entries = db.store.fund_ledger(after.pool_id).await.expect("ledger");
    assert_eq!(
        reconcile(after.totals.size, &entries),
        after.totals,
        "the ledger adds up"
    );
    assert!(
        after.totals.committed <= after.totals.size,
        "never over-committed"
    );
    assert_eq!(after.totals.committed, Fen(AMOUNT_YUAN * 100 * ok as i64));
    assert_eq!(ok, n * 9 / 10, "exactly what the pool holds");
    println!(
        "{backend}: {n} approvals by {CLIENTS} clients in {:.2} s = {:.0} decisions/s ({ok} committed, {refused} refused: pool exhausted); \
         committed {} of {} fen, over-commitment 0; setup {:.1} s",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        after.totals.committed.0,
        after.totals.size.0,
        setup.as_secs_f64(),
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo test --benches` runs every bench target once with `--bench` absent: stay quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = std::env::var("GOWEST_BENCH_APPROVALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 100 } else { 2000 });
    for backend in backends() {
        run(backend, n).await;
    }
}
