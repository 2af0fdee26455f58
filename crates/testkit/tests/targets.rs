//! The programme's targets on every backend: progress equals the records (training, the
//! fund ledger, the pipeline, the 中博会 events); the ministry edits with an audit row; a
//! province or a zone is refused; a bad edit names the field and writes nothing; the
//! public page and API answer, the edit API refuses without the ministry's token.

use chrono::Datelike;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::targets::Share;
use gowest_app::{App, AppError};
use gowest_domain::access::Actor;
use gowest_domain::funds::ProgrammeKind;
use gowest_domain::pipeline::InvestorOrigin;
use gowest_domain::region::Region;
use gowest_domain::targets::{Measure, TargetEdit, TargetProgress};
use gowest_testkit::{TestDb, backends, operator, spawn_app};
use std::collections::BTreeSet;

async fn seeded(app: &App) {
    let op = operator();
    app.seed_demo(&op).await.expect("demo zones");
    app.seed_demo_accounts(&op).await.expect("demo accounts");
    app.seed_demo_pipeline(&op).await.expect("demo pipeline");
    app.seed_demo_funds(&op).await.expect("demo funds");
    app.seed_demo_training(&op).await.expect("demo training");
}

async fn actor(app: &App, user: &str) -> Actor {
    app.login(user, DEMO_PASSWORD, None)
        .await
        .expect("login")
        .actor
}

fn of(all: &[TargetProgress], code: Measure) -> &TargetProgress {
    all.iter().find(|p| p.target.code == code).expect("shipped")
}

fn year_line(p: &TargetProgress, year: i32) -> (i128, i128) {
    p.by_year
        .iter()
        .find(|l| l.key == year.to_string())
        .map_or((0, 0), |l| (l.achieved, l.companion))
}

async fn edits(db: &TestDb) -> i64 {
    db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'targets.edit'")
        .await
}

fn edit(amount: &str, central: &str, west: &str) -> TargetEdit {
    TargetEdit {
        amount: amount.into(),
        central: central.into(),
        west: west.into(),
        year_from: "2007".into(),
        year_to: String::new(),
    }
}

#[tokio::test]
async fn progress_equals_the_records() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        let app = &t.app;
        seeded(app).await;
        let all = app
            .target_progress(&Share::National)
            .await
            .expect("progress");
        assert_eq!(all.len(), 5, "{backend}");
        let ministry = actor(app, "ministry.staff").await;
        let year = app.training_year();

        // Technicians: the training module's own progress of this year.
        let training = app
            .training_progress(&ministry, year)
            .await
            .expect("training");
        let tech = of(&all, Measure::Technicians);
        assert_eq!(tech.year, Some(year), "{backend}");
        assert!(
            training.total.certified > 0,
            "{backend}: demo certified some"
        );
        assert_eq!(
            tech.headline.achieved,
            i128::from(training.total.certified),
            "{backend}"
        );
        assert_eq!(
            tech.headline.companion,
            i128::from(training.total.trained),
            "{backend}"
        );
        assert_eq!(tech.headline.target, Some(100_000), "{backend}");

        // A province's view counts its own zones only, against the national target.
        let hubei = actor(app, "hubei.staff").await;
        let own = app
            .target_progress(&Share::of(&hubei))
            .await
            .expect("hubei");
        let hubei_training = app.training_progress(&hubei, year).await.expect("hubei");
        assert_eq!(
            of(&own, Measure::Technicians).headline.achieved,
            i128::from(hubei_training.total.certified),
            "{backend}"
        );
        assert!(
            of(&own, Measure::CdbLoans)
                .by_province
                .iter()
                .all(|l| l.key == "420000"),
            "{backend}: only Hubei's loans"
        );

        // CDB loans and interest subsidies: the pools' running totals.
        let pools = app.fund_programmes().await.expect("pools");
        let loans: Vec<_> = pools
            .iter()
            .filter(|p| p.programme.kind == ProgrammeKind::PolicyLoan)
            .collect();
        let committed: i64 = loans.iter().map(|p| p.totals.committed.0).sum();
        let disbursed: i64 = loans.iter().map(|p| p.totals.disbursed.0).sum();
        let cdb = of(&all, Measure::CdbLoans);
        assert!(committed > 0, "{backend}: demo loans committed");
        assert_eq!(cdb.headline.achieved, i128::from(committed), "{backend}");
        assert_eq!(cdb.headline.companion, i128::from(disbursed), "{backend}");
        let by_year: i128 = cdb.by_year.iter().map(|l| l.achieved).sum();
        assert_eq!(by_year, i128::from(committed), "{backend}: years add up");
        for pool in &loans {
            let region = if pool.programme.code.contains("central") {
                "central"
            } else {
                "west"
            };
            let line = cdb
                .by_region
                .iter()
                .find(|l| l.key == region)
                .expect("a line per pool");
            assert_eq!(
                line.achieved,
                i128::from(pool.totals.committed.0),
                "{backend}: {region}"
            );
            assert_eq!(line.target, Some(1_500_000_000_000), "{backend}");
        }
        let subsidy = of(&all, Measure::InterestSubsidy);
        assert_eq!(subsidy.headline.target, None, "{backend}: level to enter");
        for pool in pools
            .iter()
            .filter(|p| p.programme.kind == ProgrammeKind::InterestSubsidy)
        {
            assert_eq!(
                year_line(subsidy, pool.programme.year_from).0,
                i128::from(pool.totals.disbursed.0),
                "{backend}: subsidy paid in {}",
                pool.programme.year_from
            );
        }

        // Enterprises and expos: the pipeline and the promotion events.
        let entries = app
            .pipeline_records(&ministry, None)
            .await
            .expect("records");
        let directory = app.directory();
        let mut investors = BTreeSet::new();
        for e in &entries {
            let r = &e.record;
            let zone = directory.zone(r.zone_id).expect("zone");
            let eastern = match &e.investor_origin {
                InvestorOrigin::Abroad { .. } => true,
                InvestorOrigin::Province { province_code } => {
                    directory.catalog.province(province_code).expect("p").region == Region::East
                }
            };
            if !r.review.excluded()
                && eastern
                && matches!(zone.region, Region::Central | Region::West)
                && r.state.dates.landed_on.is_some()
            {
                investors.insert(
                    r.investor_credit_code
                        .as_ref()
                        .map_or_else(|| r.investor_name.clone(), |c| c.to_string()),
                );
            }
        }
        let west = of(&all, Measure::EnterprisesWest);
        assert!(!investors.is_empty(), "{backend}: demo investors landed");
        assert_eq!(west.headline.achieved, investors.len() as i128, "{backend}");
        let expos: Vec<_> = app
            .promotion_events()
            .await
            .expect("events")
            .into_iter()
            .filter(|e| e.name_zh.contains("中国中部投资贸易博览会"))
            .collect();
        let expo = of(&all, Measure::Expo);
        for e in &expos {
            let signed = entries
                .iter()
                .filter(|x| !x.record.review.excluded())
                .filter(|x| x.record.credited_signing().and_then(|s| s.event_id) == Some(e.id))
                .count();
            assert_eq!(
                year_line(expo, e.starts_on.year()),
                (1, signed as i128),
                "{backend}: {}",
                e.name_zh
            );
        }
        let latest = expos.iter().map(|e| e.starts_on.year()).max();
        assert_eq!(expo.year, latest, "{backend}");
        assert_eq!(expo.headline.met, Some(true), "{backend}");
    }
}

#[tokio::test]
async fn the_ministry_edits_with_an_audit_row_and_others_are_refused() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        let app = &t.app;
        app.seed_demo_accounts(&operator()).await.expect("accounts");
        let before = app.target_progress(&Share::National).await.expect("before");

        for user in ["hubei.staff", "chengdu.admin", "enterprise.demo"] {
            let ctx = Context::user(actor(app, user).await, None);
            let refused = app
                .edit_target(&ctx, "technicians", &edit("120000", "60000", "60000"))
                .await;
            assert!(
                matches!(refused, Err(AppError::Forbidden)),
                "{backend}: {user} {refused:?}"
            );
        }
        let ministry = Context::user(actor(app, "ministry.staff").await, None);
        let bad = app
            .edit_target(&ministry, "technicians", &edit("12万", "60000", "50000"))
            .await;
        let Err(AppError::Invalid(v)) = bad else {
            panic!("{backend}: {bad:?}");
        };
        assert_eq!(v.0[0].field, "amount", "{backend}");
        assert!(v.0[0].message_zh.contains("目标值"), "{backend}");
        assert_eq!(edits(&t.db).await, 0, "{backend}: nothing written");
        assert_eq!(
            app.target_progress(&Share::National).await.expect("same"),
            before,
            "{backend}: unchanged"
        );

        let saved = app
            .edit_target(&ministry, "technicians", &edit("120000", "60000", "60000"))
            .await
            .expect("saved");
        assert_eq!(saved.amount, Some(120_000), "{backend}");
        assert_eq!(edits(&t.db).await, 1, "{backend}: one audit row");
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM change_log WHERE entity = 'target' AND action = 'targets.edit'")
                .await,
            1,
            "{backend}: one event"
        );
        let level = app
            .edit_target(
                &ministry,
                "interest_subsidy",
                &TargetEdit {
                    amount: "60000".into(),
                    ..edit("", "", "")
                },
            )
            .await
            .expect("the 2005 level entered in 万元");
        assert_eq!(level.amount, Some(60_000_000_000), "{backend}: exact fen");
        let history = app
            .target_history(&ministry.actor.clone().expect("actor"))
            .await
            .expect("history");
        assert_eq!(history.len(), 2, "{backend}");
        assert_eq!(history[1].before.amount, Some(100_000), "{backend}");

        // A restart keeps the ministry's figure: the shipped one is added only when missing.
        let again = App::start(t.db.store.clone(), gowest_testkit::audit_key())
            .await
            .expect("restart");
        let after = again
            .target_progress(&Share::National)
            .await
            .expect("after");
        assert_eq!(
            of(&after, Measure::Technicians).target.amount,
            Some(120_000),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_public_page_and_api_answer_and_the_edit_api_needs_the_ministry() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("accounts");
        let r = t.get("/api/v1/targets").await;
        assert_eq!(r.status().as_u16(), 200, "{backend}");
        let body: serde_json::Value = r.json().await.expect("json");
        let codes: Vec<&str> = body
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|p| p["target"]["code"].as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "technicians",
                "cdb_loans",
                "interest_subsidy",
                "enterprises_west",
                "expo"
            ],
            "{backend}"
        );

        let page = t.get("/programme").await;
        assert_eq!(page.status().as_u16(), 200, "{backend}");
        let html = page.text().await.expect("html");
        assert!(html.contains("targets-chart-data"), "{backend}");
        assert!(
            html.contains("各提供150亿元的政策性贷款"),
            "{backend}: the sentence"
        );
        assert!(
            html.contains("href=\"/programme\""),
            "{backend}: in the nav"
        );
        let sheet = t.get("/programme/targets.xlsx").await;
        assert_eq!(sheet.status().as_u16(), 200, "{backend}");

        let url = format!("{}/api/v1/targets/technicians", t.base_url);
        let anonymous = t
            .client
            .put(&url)
            .json(&serde_json::json!({"amount": "1", "year_from": "2007"}))
            .send()
            .await
            .expect("put");
        assert_eq!(anonymous.status().as_u16(), 401, "{backend}");
        let token = |user: &'static str| {
            let t = &t;
            async move {
                let session = t.session(user, DEMO_PASSWORD).await;
                t.app
                    .create_api_token(&session, "目标", None)
                    .await
                    .expect("token")
                    .1
            }
        };
        let province = token("hubei.staff").await;
        let r = t
            .client
            .put(&url)
            .bearer_auth(&province)
            .json(&serde_json::json!({"amount": "1", "year_from": "2007"}))
            .send()
            .await
            .expect("put");
        assert_eq!(r.status().as_u16(), 403, "{backend}");
        let ministry = token("ministry.staff").await;
        let r = t
            .client
            .put(&url)
            .bearer_auth(&ministry)
            .json(&serde_json::json!({"amount": "100000", "central": "1", "west": "2", "year_from": "2007"}))
            .send()
            .await
            .expect("put");
        assert_eq!(r.status().as_u16(), 400, "{backend}");
        let problem = r.text().await.expect("problem");
        assert!(problem.contains("\"central\""), "{backend}: {problem}");
        let r = t
            .client
            .put(&url)
            .bearer_auth(&ministry)
            .json(&serde_json::json!({"amount": "110000", "central": "55000", "west": "55000", "year_from": "2007"}))
            .send()
            .await
            .expect("put");
        assert_eq!(r.status().as_u16(), 200, "{backend}");
        let saved: serde_json::Value = r.json().await.expect("json");
        assert_eq!(saved["amount"], 110_000, "{backend}");

        let browser = t.sign_in("ministry.staff", DEMO_PASSWORD).await;
        let console = browser
            .get(format!("{}/console/targets", t.base_url))
            .send()
            .await
            .expect("console");
        assert_eq!(console.status().as_u16(), 200, "{backend}");
        let html = console.text().await.expect("html");
        assert!(
            html.contains("data-edit=\"technicians\""),
            "{backend}: the form"
        );
        assert!(html.contains("data-history"), "{backend}: the edit history");
        let csrf = gowest_testkit::scrape(&html, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let r = browser
            .post(format!("{}/console/targets/technicians", t.base_url))
            .form(&[
                ("csrf", csrf.as_str()),
                ("amount", "abc"),
                ("central", ""),
                ("west", ""),
                ("year_from", "2007"),
                ("year_to", ""),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 400, "{backend}: the form again");
        let html = r.text().await.expect("html");
        assert!(html.contains("data-field=\"amount\""), "{backend}");

        let zone = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let html = zone
            .get(format!("{}/console/targets", t.base_url))
            .send()
            .await
            .expect("zone console")
            .text()
            .await
            .expect("html");
        assert!(
            !html.contains("data-edit="),
            "{backend}: no form for a zone"
        );
        assert!(html.contains("data-scope"), "{backend}");
    }
}
