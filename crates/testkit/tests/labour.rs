//! Labour cooperation and recycling pilots on every backend: the ministry keeps both
//! registers (a sheet all or nothing, exported in the same layout), a contractor's overseas
//! project finds the bases that train its occupations, and a pilot's funded project must be a
//! fund application of the fund engine.

use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::labour::{ExportBaseInput, OverseasProjectInput};
use gowest_domain::recycling::{Material, PilotInput};
use gowest_testkit::{ManualClock, backends, operator, start_app_with_clock};

fn base(name: &str, workers: &str, occupations: &str) -> ExportBaseInput {
    ExportBaseInput {
        name_zh: name.into(),
        province_code: "510000".into(),
        county: "达州市".into(),
        workers_available: workers.into(),
        trained_per_year: "500".into(),
        training_support: "出国前培训".into(),
        occupations: occupations.into(),
    }
}

#[tokio::test]
async fn labour_bases_staff_overseas_projects_and_pilots_reference_fund_applications() {
    for backend in backends() {
        let (app, db) = start_app_with_clock(backend, ManualClock::new(chrono::Utc::now())).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let login = |name: &'static str| {
            let app = app.clone();
            async move {
                let s = app.login(name, DEMO_PASSWORD, None).await.expect("login");
                Context::user(s.actor, None)
            }
        };
        let ministry = login("ministry.staff").await;
        let contractor = login("enterprise.demo").await;
        app.save_labour_base(&ministry, &base("达州基地", "1000", "电焊工;钢筋工"))
            .await
            .expect("saved");
        app.save_labour_base(&ministry, &base("万州基地", "5000", "电焊工"))
            .await
            .expect("saved");
        app.save_labour_base(&ministry, &base("赣州基地", "5000", "厨师"))
            .await
            .expect("saved");
        let sheet = app.export_labour_bases().await.expect("export");
        assert_eq!(
            app.import_labour_bases(&ministry, "bases.xlsx", &sheet)
                .await
                .expect("round trip"),
            3,
            "{backend}"
        );
        assert_eq!(
            db.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'labour.base.import' \
                 AND after_data LIKE '%\"records\":3%'"
            )
            .await,
            1,
            "{backend}: the import is audited with its count"
        );
        let project = app
            .post_overseas_project(
                &contractor,
                &OverseasProjectInput {
                    name_zh: "东西高速公路标段".into(),
                    contractor: "中国演示建设集团".into(),
                    country: "阿尔及利亚".into(),
                    occupations: "电焊工;钢筋工".into(),
                    workers_needed: "800".into(),
                    starts_on: "2007-06".into(),
                },
            )
            .await
            .expect("posted");
        let matched = app.labour_matches(project.id).await.expect("matches");
        let names: Vec<(&str, u32)> = matched
            .matches
            .iter()
            .map(|m| (m.base.name_zh.as_str(), m.fit.workers_offered))
            .collect();
        assert_eq!(
            names,
            vec![("达州基地", 800), ("万州基地", 800)],
            "{backend}"
        );

        // Recycling: a pilot naming a fund application that does not exist is refused.
        let pilot = |fund: &str| PilotInput {
            name_zh: "成都再生资源回收体系试点".into(),
            province_code: "510000".into(),
            kind: "city".into(),
            stations: "420".into(),
            volumes: "废钢铁=180000;废纸=65000.5".into(),
            energy_saved_tce: "95000".into(),
            fund_application_id: fund.into(),
        };
        match app.save_recycling_pilot(&ministry, &pilot("999999")).await {
            Err(AppError::Invalid(v)) => {
                assert_eq!(v.0[0].field, "fund_application_id", "{backend}");
            }
            other => panic!("{backend}: expected a refusal, got {other:?}"),
        }
        assert_eq!(
            db.count("SELECT COUNT(*) FROM recycling_pilots").await,
            0,
            "{backend}"
        );
        let saved = app
            .save_recycling_pilot(&ministry, &pilot(""))
            .await
            .expect("saved");
        assert_eq!(saved.volumes_kg.get(&Material::Paper), Some(&65_000_500));
        let figures = app.recycling_figures().await.expect("figures");
        assert_eq!((figures.pilots, figures.stations), (1, 420), "{backend}");
        let sheet = app.export_recycling_pilots().await.expect("export");
        assert_eq!(
            app.import_recycling_pilots(&ministry, "pilots.xlsx", &sheet)
                .await
                .expect("round trip"),
            1,
            "{backend}"
        );
        assert_eq!(
            app.recycling_pilots().await.expect("pilots"),
            vec![saved],
            "{backend}"
        );
        let refused = app
            .save_recycling_pilot(&contractor, &pilot(""))
            .await
            .expect_err("not the ministry");
        assert!(matches!(refused, AppError::Forbidden), "{backend}");
    }
}
