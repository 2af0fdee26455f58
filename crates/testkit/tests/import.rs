//! Zone import and export through real files, on every backend.

use gowest_app::AppError;
use gowest_app::zones::NoProgress;
use gowest_testkit::{backends, operator, spawn_app};

fn cli() -> gowest_app::audit::Context {
    gowest_app::audit::Context::system("cli")
}
use std::path::PathBuf;

const HEADER: &str =
    "name_zh,level,province_code,city_zh,land_price_yuan_per_m2,leading_industries";

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the test file");
    path
}

#[tokio::test]
async fn one_bad_row_refuses_the_whole_file_and_names_row_and_column() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        let dir = tempfile::tempdir().expect("dir");
        let file = write(
            &dir,
            "zones.csv",
            &format!(
                "{HEADER}\n\
                 测试新区,provincial,510000,成都市,300,39\n\
                 未知省开发区,provincial,990000,某市,300,39\n\
                 负地价开发区,provincial,510000,成都市,-5,39\n\
                 ,provincial,510000,成都市,300,39\n"
            ),
        );
        let before = t.db.store.all_zones().await.expect("zones");
        let mark = t.db.store.last_event_id().await.expect("mark");
        let err = t
            .app
            .import_zones(&operator(), &cli(), &file, false, &NoProgress)
            .await
            .expect_err("refused");
        let AppError::RowsRejected(rows) = err else {
            panic!("{backend}: expected row errors, got {err:?}");
        };
        let found: Vec<(usize, &str, &str)> = rows
            .iter()
            .map(|r| (r.row, r.column.as_str(), r.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, "C province_code", "province_code"),
                (4, "E land_price_yuan_per_m2", "land_price_yuan_per_m2"),
                (5, "A name_zh", "name_zh"),
            ],
            "{backend}"
        );
        assert!(
            rows.iter()
                .all(|r| !r.message_zh.is_empty() && !r.message_en.is_empty())
        );
        assert_eq!(
            t.db.store.all_zones().await.expect("zones"),
            before,
            "{backend}"
        );
        assert_eq!(
            t.db.store.last_event_id().await.expect("mark"),
            mark,
            "{backend}"
        );

        let report = t
            .app
            .import_zones(&operator(), &cli(), &file, true, &NoProgress)
            .await
            .expect("good rows");
        assert_eq!(
            (report.inserted, report.updated, report.skipped.len()),
            (1, 0, 3),
            "{backend}"
        );
        let query = gowest_domain::zone_filter::RawZoneQuery {
            q: Some("测试新区".into()),
            ..Default::default()
        };
        let page = t.app.list_zones(&query).expect("list");
        assert_eq!(
            page.total, 1,
            "{backend}: the directory sees the import at once"
        );
    }
}

#[tokio::test]
async fn a_repeated_name_and_an_unknown_header_are_refused() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        let dir = tempfile::tempdir().expect("dir");
        let twice = write(
            &dir,
            "twice.csv",
            &format!("{HEADER}\n甲开发区,provincial,510000,,,\n甲开发区,provincial,500000,,,\n"),
        );
        let Err(AppError::RowsRejected(rows)) = t
            .app
            .import_zones(&operator(), &cli(), &twice, false, &NoProgress)
            .await
        else {
            panic!("{backend}: duplicate accepted");
        };
        assert_eq!(rows[0].row, 3, "{backend}");
        assert!(rows[0].message_en.contains("row 2"), "{backend}");

        let typo = write(
            &dir,
            "typo.csv",
            "name_zh,level,province_code,land_prise\n甲,provincial,510000,1\n",
        );
        let err = t
            .app
            .import_zones(&operator(), &cli(), &typo, false, &NoProgress)
            .await
            .expect_err("typo");
        assert!(
            matches!(&err, AppError::File(m) if m.contains("land_prise")),
            "{backend}: {err:?}"
        );

        let missing = write(&dir, "missing.csv", "name_zh,level\n甲,provincial\n");
        let err = t
            .app
            .import_zones(&operator(), &cli(), &missing, false, &NoProgress)
            .await
            .expect_err("missing");
        assert!(
            matches!(&err, AppError::File(m) if m.contains("province_code")),
            "{backend}: {err:?}"
        );

        let other = write(&dir, "zones.txt", "");
        assert!(matches!(
            t.app
                .import_zones(&operator(), &cli(), &other, false, &NoProgress)
                .await,
            Err(AppError::File(_))
        ));
    }
}

#[tokio::test]
async fn exports_import_back_to_the_same_zones_in_xlsx_and_csv() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app.seed_demo(&operator()).await.expect("demo figures");
        let before = t.db.store.all_zones().await.expect("zones");
        let dir = tempfile::tempdir().expect("dir");
        for name in ["zones.xlsx", "zones.csv"] {
            let file = dir.path().join(name);
            assert_eq!(
                t.app.export_zones(&file).await.expect("export"),
                232,
                "{backend}"
            );
            let report = t
                .app
                .import_zones(&operator(), &cli(), &file, false, &NoProgress)
                .await
                .expect("import");
            assert_eq!(
                (report.inserted, report.updated),
                (0, 232),
                "{backend}: {name}"
            );
            let after = t.db.store.all_zones().await.expect("zones");
            let fields = |zones: &[gowest_store::zones::StoredZone]| {
                zones
                    .iter()
                    .map(|z| (z.id, z.fields.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(fields(&after), fields(&before), "{backend}: {name}");
        }
    }
}
