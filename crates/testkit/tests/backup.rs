//! `backup` of a live SQLite database: consistent while writers keep committing.

use chrono::Utc;
use gowest_app::App;
use gowest_domain::money::Fen;
use gowest_store::Store;
use gowest_testkit::{TestBackend, fixture_tx, fresh_db};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[tokio::test]
async fn a_backup_taken_during_writes_is_a_consistent_snapshot() {
    let db = fresh_db(TestBackend::Sqlite).await;
    let app = App::start(db.store.clone(), gowest_testkit::audit_key())
        .await
        .expect("app");
    let zone = db.store.all_zones().await.expect("zones").remove(0);
    let stop = Arc::new(AtomicBool::new(false));

    // Each commit writes the same counter into a zone and a setting: a torn copy would differ.
    let writer = {
        let (store, stop, mut fields) = (db.store.clone(), stop.clone(), zone.fields.clone());
        tokio::spawn(async move {
            let mut n = 0i64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                fields.land_price_fen_per_m2 = Some(Fen(n));
                let mut tx = fixture_tx(&store).await;
                tx.update_zone(zone.id, &fields, Utc::now())
                    .await
                    .expect("update");
                tx.put_setting("counter", &n.to_string())
                    .await
                    .expect("setting");
                tx.commit_fixture().await.expect("commit");
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("backup.sqlite3");
    app.backup(&target).await.expect("backup while writing");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.expect("writer");

    let copy = Store::open_sqlite(&target).await.expect("open the backup");
    let counter: i64 = copy
        .setting("counter")
        .await
        .expect("setting")
        .and_then(|v| v.parse().ok())
        .expect("the backup holds some writes");
    let price = copy
        .zone(zone.id)
        .await
        .expect("zone")
        .fields
        .land_price_fen_per_m2;
    assert_eq!(
        price,
        Some(Fen(counter)),
        "zone and setting from the same commit"
    );
    assert!(
        counter < written,
        "writes went on after the backup ({counter} of {written})"
    );
    assert_eq!(copy.all_zones().await.expect("zones").len(), 232);
    assert_eq!(
        copy.schema_version().await.expect("version"),
        copy.latest_known_version()
    );

    let err = app
        .backup(&target)
        .await
        .expect_err("never overwrite a file");
    assert!(matches!(err, gowest_app::AppError::TargetExists(_)));
}

#[tokio::test]
async fn postgres_backups_point_to_pg_dump() {
    let postgres = gowest_testkit::backends()
        .into_iter()
        .filter(|b| *b == TestBackend::Postgres);
    for backend in postgres {
        let db = fresh_db(backend).await;
        let app = App::start(db.store.clone(), gowest_testkit::audit_key())
            .await
            .expect("app");
        let dir = tempfile::tempdir().expect("dir");
        let err = app
            .backup(&dir.path().join("x"))
            .await
            .expect_err("unsupported");
        assert!(err.to_string().contains("pg_dump"));
    }
}
