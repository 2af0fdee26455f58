//! The one write path on every backend: a change leaves its audit row and its domain event
//! (who, which record, which organisations) in the same commit; a permission handle works
//! only for the user it was granted to; a refused write leaves nothing; events are read in
//! order and a damaged one is an error, never an empty list; the web cannot reach the
//! operator's handle, the demo seeders or an unaudited commit.

use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::pipeline_review::ReviewDecision;
use gowest_domain::change::Entity;
use gowest_store::StoreError;
use gowest_store::audit::AuditQuery;
use gowest_testkit::{TestBackend, TestDb, backends, operator, start_app_with_clock};

async fn demo(backend: TestBackend) -> (gowest_app::App, TestDb) {
    let clock = gowest_testkit::ManualClock::new(chrono::Utc::now());
    let (app, db) = start_app_with_clock(backend, clock).await;
    app.seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    (app, db)
}

async fn ctx_of(app: &gowest_app::App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, Some("10.0.0.7".into()))
}

#[tokio::test]
async fn a_change_commits_with_its_audit_row_and_its_event() {
    for backend in backends() {
        let (app, db) = demo(backend).await;
        let ctx = ctx_of(&app, "chengdu.admin").await;
        let actor = ctx.actor.clone().expect("actor");
        let zone = actor.own_zone().expect("zone");
        let org = actor.org_id().expect("org");
        let editor = actor.zone_editor(zone).expect("editor");
        let seen = db.store.last_event_id().await.expect("mark");

        let mut form = app.zone_form(&editor).expect("form");
        form.land_price_yuan_per_m2 = "412.00".into();
        app.update_zone_profile(&editor, &ctx, form)
            .await
            .expect("update");

        let events = db.store.events_after(seen, 100).await.expect("events");
        assert_eq!(events.len(), 1, "{backend}: one change, one event");
        let event = &events[0];
        assert_eq!(
            (event.entity, event.entity_id, event.action.as_str()),
            (Entity::Zone, Some(zone), "zone.update"),
            "{backend}"
        );
        assert_eq!(event.by, Some(actor.user_id), "{backend}");
        assert!(event.orgs.contains(&org), "{backend}: the acting org");
        let rows = db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("zone.update".into()),
                limit: 5,
                ..AuditQuery::default()
            })
            .await
            .expect("audit");
        assert_eq!(rows.len(), 1, "{backend}");
        assert_eq!(
            rows[0].id, event.audit_id,
            "{backend}: the event's audit row"
        );
        assert_eq!(rows[0].entry.ip.as_deref(), Some("10.0.0.7"), "{backend}");
        assert!(
            rows[0]
                .entry
                .after
                .as_deref()
                .is_some_and(|a| a.contains("41200")),
            "{backend}: the after-image"
        );
    }
}

#[tokio::test]
async fn a_handle_works_only_for_the_user_it_was_granted_to() {
    for backend in backends() {
        let (app, db) = demo(backend).await;
        app.seed_demo_pipeline(&operator()).await.expect("pipeline");
        let sichuan = ctx_of(&app, "sichuan.staff").await;
        let hubei = ctx_of(&app, "hubei.staff").await;
        let reviewer = sichuan
            .actor
            .as_ref()
            .and_then(|a| a.duplicate_reviewer())
            .expect("a province reviews duplicates");
        let flagged = app
            .duplicate_queue(&reviewer)
            .await
            .expect("queue")
            .first()
            .map(|e| e.id())
            .expect("a flagged demo record in Sichuan");
        let seen = db.store.last_event_id().await.expect("mark");
        let audit = db.count("SELECT COUNT(*) FROM audit_log").await;

        // Sichuan's handle in Hubei's request: refused before anything is read or written.
        let refused = app
            .review_pipeline_duplicate(&reviewer, &hubei, flagged, ReviewDecision::Clear)
            .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{backend}: {refused:?}"
        );
        assert_eq!(
            db.store.last_event_id().await.expect("mark"),
            seen,
            "{backend}"
        );
        assert_eq!(
            db.count("SELECT COUNT(*) FROM audit_log").await,
            audit,
            "{backend}"
        );

        // The same handle in its own user's request goes through.
        app.review_pipeline_duplicate(&reviewer, &sichuan, flagged, ReviewDecision::Clear)
            .await
            .expect("cleared");
        let events = db.store.events_after(seen, 10).await.expect("events");
        assert_eq!(
            events
                .iter()
                .map(|e| (e.entity, e.entity_id, e.action.as_str()))
                .collect::<Vec<_>>(),
            vec![(Entity::PipelineRecord, Some(flagged), "pipeline.review")],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn events_are_read_in_order_and_a_damaged_one_is_an_error() {
    for backend in backends() {
        let (app, db) = demo(backend).await;
        let ministry = ctx_of(&app, "ministry.staff").await;
        let seen = db.store.last_event_id().await.expect("mark");
        let edit = gowest_app::funds::ProgrammeEdit {
            pool_yuan: "15000000000".into(),
            ..Default::default()
        };
        let programmes = app.fund_programmes().await.expect("programmes");
        for p in programmes.iter().take(3) {
            app.edit_fund_programme(&ministry, p.programme.id, &edit)
                .await
                .expect("edited");
        }
        let events = db.store.events_after(seen, 100).await.expect("events");
        let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{backend}: {ids:?}");
        assert_eq!(
            events.iter().map(|e| e.entity_id).collect::<Vec<_>>(),
            programmes
                .iter()
                .take(3)
                .map(|p| Some(p.programme.id))
                .collect::<Vec<_>>(),
            "{backend}: in commit order"
        );
        assert!(events.iter().all(|e| e.entity == Entity::FundProgramme));

        db.raw_execute(&format!(
            "UPDATE change_log SET org_ids = 'not,ids' WHERE id = {}",
            ids[1]
        ))
        .await
        .expect("damage");
        let read = db.store.events_after(seen, 100).await;
        assert!(
            matches!(read, Err(StoreError::Corrupt { .. })),
            "{backend}: {read:?}"
        );
    }
}

/// The web crate is built without the app's `operator` feature and never names what it
/// gates, so no page or API can seed, import as the operator or commit around the audit.
#[test]
fn the_web_cannot_reach_the_operator_or_an_unaudited_commit() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = std::fs::read_to_string(root.join("web/Cargo.toml")).expect("manifest");
    let app_dependency = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("gowest-app"))
        .expect("web depends on the app");
    assert!(
        !app_dependency.contains("operator"),
        "web must not enable the operator feature: {app_dependency}"
    );
    assert!(!manifest.contains("fixtures"), "nor the store's fixtures");
    let mut offenders = Vec::new();
    let mut dirs = vec![root.join("web/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for word in ["Operator", "seed_demo", "commit_fixture", "fixture_tx"] {
                    if text.contains(word) {
                        offenders.push(format!("{}: {word}", path.display()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
