//! The store suite: every test runs on SQLite and, when configured, on PostgreSQL.

use chrono::{TimeZone, Utc};
use gowest_app::App;
use gowest_domain::audit::AuditEntry;
use gowest_domain::change::{Entity, NewEvent};
use gowest_domain::money::Fen;
use gowest_domain::zone::ZoneFields;
use gowest_store::{Store, StoreError};
use gowest_testkit::{backends, fixture_tx, fresh_db};

async fn started(store: &Store) -> App {
    App::start(store.clone(), gowest_testkit::audit_key())
        .await
        .expect("app starts")
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0)
        .single()
        .expect("a time")
}

async fn a_zone(store: &Store) -> (i64, ZoneFields) {
    let zones = store.all_zones().await.expect("zones");
    let chengdu = zones
        .into_iter()
        .find(|z| z.fields.name_zh == "成都经济技术开发区")
        .expect("成都 is shipped");
    (chengdu.id, chengdu.fields)
}

#[tokio::test]
async fn both_backends_carry_the_same_migration_versions() {
    let (sqlite, postgres) = Store::known_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn migrations_reach_the_latest_version_and_rerun_harmlessly() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        assert_eq!(
            db.store.schema_version().await.expect("version"),
            0,
            "{backend}"
        );
        db.store.migrate().await.expect("migrate");
        db.store.migrate().await.expect("migrate again");
        assert_eq!(
            db.store.schema_version().await.expect("version"),
            db.store.latest_known_version(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn reference_data_loads_once_and_completely() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        started(&db.store).await;
        let mark = db.store.last_event_id().await.expect("mark");
        started(&db.store).await;
        assert_eq!(
            db.store.last_event_id().await.expect("mark"),
            mark,
            "{backend}: reload wrote"
        );
        assert_eq!(
            db.store.provinces().await.expect("provinces").len(),
            31,
            "{backend}"
        );
        let industries = db.store.industries().await.expect("industries");
        assert_eq!(industries.len(), 117, "{backend}");
        for division in industries.iter().filter(|i| i.parent.is_some()) {
            assert_eq!(
                division.parent,
                division.code.section(),
                "{backend}: {:?}",
                division.code
            );
        }
        assert_eq!(
            db.store.ports().await.expect("ports").len(),
            42,
            "{backend}"
        );
        let zones = db.store.all_zones().await.expect("zones");
        assert_eq!(zones.len(), 232, "{backend}");
        assert_eq!(
            zones.iter().filter(|z| z.fields.national_in_2006).count(),
            49,
            "{backend}"
        );
        assert_eq!(
            zones.iter().filter(|z| z.fields.named_in_notice).count(),
            5,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn zones_round_trip_every_field() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        started(&db.store).await;
        let (id, mut fields) = a_zone(&db.store).await;
        fields.land_price_fen_per_m2 = Some(Fen(36_050));
        fields.avg_wage_fen_per_month = Some(Fen(i64::MAX / 4));
        fields.area_hectares = Some(2_650);
        fields.leading_industries = ["39", "36", "C"]
            .iter()
            .filter_map(|c| gowest_domain::industry::IndustryCode::parse(c))
            .collect();
        fields.contact.email = Some("invest@example.cn".into());
        fields.description_zh = Some("电子信息、汽车制造".into());
        let mut tx = fixture_tx(&db.store).await;
        tx.update_zone(id, &fields, now()).await.expect("update");
        tx.commit_fixture().await.expect("commit");
        let stored = db.store.zone(id).await.expect("zone");
        assert_eq!(stored.fields, fields, "{backend}");
        assert_eq!(stored.updated_at, now(), "{backend}");
    }
}

#[tokio::test]
async fn a_duplicate_name_is_a_conflict_and_a_missing_zone_is_not_found() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        started(&db.store).await;
        let (_, fields) = a_zone(&db.store).await;
        let mut tx = fixture_tx(&db.store).await;
        let err = tx.insert_zone(&fields, now()).await.expect_err("duplicate");
        assert!(
            matches!(err, StoreError::Conflict { .. }),
            "{backend}: {err:?}"
        );
        drop(tx);
        let err = db.store.zone(987_654).await.expect_err("missing");
        assert!(
            matches!(err, StoreError::NotFound { .. }),
            "{backend}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_transaction_dropped_before_commit_writes_nothing() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        started(&db.store).await;
        let (id, mut fields) = a_zone(&db.store).await;
        let before = db.store.zone(id).await.expect("zone");
        let mark = db.store.last_event_id().await.expect("mark");
        fields.land_price_fen_per_m2 = Some(Fen(1));
        {
            let mut tx = fixture_tx(&db.store).await;
            tx.update_zone(id, &fields, now()).await.expect("update");
        }
        assert_eq!(db.store.zone(id).await.expect("zone"), before, "{backend}");
        assert_eq!(
            db.store.last_event_id().await.expect("mark"),
            mark,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_database_refuses_negative_money_even_past_the_domain() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        started(&db.store).await;
        let (id, mut fields) = a_zone(&db.store).await;
        fields.land_price_fen_per_m2 = Some(Fen(-1));
        let mut tx = fixture_tx(&db.store).await;
        assert!(
            tx.update_zone(id, &fields, now()).await.is_err(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_second_instance_sees_changes_through_the_change_log() {
    for backend in backends() {
        let db = fresh_db(backend).await;
        let first = started(&db.store).await;
        let second_store = Store::connect(&db.url).await.expect("a second pool");
        let second = started(&second_store).await;
        let (id, mut fields) = a_zone(&db.store).await;
        assert!(
            !second.refresh_if_changed().await.expect("refresh"),
            "{backend}"
        );
        fields.land_price_fen_per_m2 = Some(Fen(12_300));
        // Through the store's one way to commit: the audit row and the zone's event.
        let mut tx = fixture_tx(&db.store).await;
        tx.update_zone(id, &fields, now()).await.expect("update");
        let (entry, event) = zone_update(id);
        tx.finish(
            b"gowest test audit key, 32 bytes or more",
            vec![entry],
            &[event],
        )
        .await
        .expect("finish");
        assert!(
            second.refresh_if_changed().await.expect("refresh"),
            "{backend}"
        );
        let seen = second.zone(id).expect("zone");
        assert_eq!(
            seen.fields.land_price_fen_per_m2,
            Some(Fen(12_300)),
            "{backend}"
        );
        assert!(
            first.refresh_if_changed().await.expect("refresh"),
            "{backend}"
        );
    }
}

/// The audit row and event of a zone edit made outside the app (as another instance would).
fn zone_update(id: i64) -> (AuditEntry, NewEvent) {
    let entry = AuditEntry {
        at: now(),
        actor_user_id: None,
        actor_name: "test".into(),
        org_id: None,
        ip: None,
        action: "zone.update".into(),
        entity: "zone".into(),
        entity_id: Some(id.to_string()),
        before: None,
        after: None,
    };
    let event = NewEvent {
        entity: Entity::Zone,
        entity_id: Some(id),
        action: "zone.update".into(),
        by: None,
        orgs: Vec::new(),
    };
    (entry, event)
}
