//! Service-outsourcing bases on every backend: the ministry keeps the register (one base, or
//! a sheet all or nothing, exported in the same layout), a company posts offshore demand and
//! sees the bases that offer the service, interior bases first.

use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::outsourcing::{BaseInput, DemandInput, Service};
use gowest_testkit::{ManualClock, backends, operator, start_app_with_clock};

fn base(name: &str, province: &str, staff: &str, languages: &str, services: &str) -> BaseInput {
    BaseInput {
        name_zh: name.into(),
        province_code: province.into(),
        city_zh: "城市".into(),
        companies: "100".into(),
        staff: staff.into(),
        languages: languages.into(),
        services: services.into(),
    }
}

#[tokio::test]
async fn the_register_is_kept_by_the_ministry_and_demand_finds_interior_bases_first() {
    for backend in backends() {
        let (app, db) = start_app_with_clock(backend, ManualClock::new(chrono::Utc::now())).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let ctx = |name: &'static str| {
            let app = app.clone();
            async move {
                let s = app.login(name, DEMO_PASSWORD, None).await.expect("login");
                Context::user(s.actor, None)
            }
        };
        let ministry = ctx("ministry.staff").await;
        let company = ctx("enterprise.demo").await;
        app.save_outsourcing_base(
            &ministry,
            &base("上海基地", "310000", "90000", "英语;日语", "ito;bpo"),
        )
        .await
        .expect("saved");
        app.save_outsourcing_base(
            &ministry,
            &base("成都基地", "510000", "60000", "英语、日语", "信息技术外包"),
        )
        .await
        .expect("saved");
        app.save_outsourcing_base(
            &ministry,
            &base("武汉基地", "420000", "50000", "英语", "bpo"),
        )
        .await
        .expect("saved");
        let refused = app
            .save_outsourcing_base(&company, &base("x", "310000", "1", "英语", "ito"))
            .await
            .expect_err("not the ministry");
        assert!(matches!(refused, AppError::Forbidden), "{backend}");

        // Export, then import the same sheet: nothing changes; a bad row refuses the file.
        let xlsx = app.export_outsourcing_bases().await.expect("export");
        assert_eq!(
            app.import_outsourcing_bases(&ministry, "bases.xlsx", &xlsx)
                .await
                .expect("import"),
            3,
            "{backend}"
        );
        let bad = "基地名称,省份代码,城市,企业数,从业人员,语种,服务类型\n\
                   西安基地,610000,西安,10,100,英语,ito\n\
                   拉萨基地,990000,拉萨,-5,100,英语,cloud\n";
        match app
            .import_outsourcing_bases(&ministry, "bases.csv", bad.as_bytes())
            .await
        {
            Err(AppError::RowsRejected(rows)) => {
                let at: Vec<(usize, &str)> =
                    rows.iter().map(|r| (r.row, r.field.as_str())).collect();
                assert_eq!(
                    at,
                    vec![(3, "province_code"), (3, "companies"), (3, "services")],
                    "{backend}"
                );
                assert_eq!(rows[0].column, "B 省份代码", "{backend}");
            }
            other => panic!("{backend}: expected refused rows, got {other:?}"),
        }
        assert_eq!(
            db.count("SELECT COUNT(*) FROM outsourcing_bases").await,
            3,
            "{backend}: nothing of the refused file written"
        );

        let demand = app
            .post_outsourcing_demand(
                &company,
                &DemandInput {
                    company: "Nippon Demo".into(),
                    service: "ITO".into(),
                    languages: "日语".into(),
                    staff_needed: "200".into(),
                    description: String::new(),
                },
            )
            .await
            .expect("posted");
        assert_eq!(demand.service, Service::Ito);
        let matched = app.outsourcing_matches(demand.id).await.expect("matches");
        let names: Vec<&str> = matched
            .matches
            .iter()
            .map(|m| m.base.name_zh.as_str())
            .collect();
        assert_eq!(
            names,
            vec!["成都基地", "上海基地"],
            "{backend}: 武汉 offers no ITO"
        );
        let zero = app
            .post_outsourcing_demand(
                &company,
                &DemandInput {
                    company: "Nippon Demo".into(),
                    service: "ito".into(),
                    staff_needed: "0".into(),
                    ..DemandInput::default()
                },
            )
            .await
            .expect_err("no staff");
        assert!(matches!(zero, AppError::Invalid(_)), "{backend}");
    }
}
