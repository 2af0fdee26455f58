//! Rural commerce information stations on every backend: a province registers its stations
//! by API list and by spreadsheet, all rows or none with each bad row named; an eastern
//! province, another province's station, a future date and a duplicate are refused; coverage
//! by province and county adds up; the register exports to a sheet that imports again.

use chrono::{TimeZone, Utc};
use gowest_app::App;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::rural::StationInput;
use gowest_testkit::{ManualClock, backends, operator, start_app_with_clock};

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

fn station(name: &str, province: &str, county: &str, township: &str) -> StationInput {
    StationInput {
        name_zh: name.into(),
        province_code: province.into(),
        county: county.into(),
        township: township.into(),
        opened_on: "2007-04-01".into(),
        assistants: "2".into(),
        farmers_trained: "150".into(),
    }
}

#[tokio::test]
async fn a_province_registers_stations_all_or_nothing_and_coverage_adds_up() {
    for backend in backends() {
        let clock = ManualClock::new(
            Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0)
                .single()
                .expect("time"),
        );
        let (app, db) = start_app_with_clock(backend, clock).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let sichuan = ctx(&app, "sichuan.staff").await;
        let bad = vec![
            station("唐昌镇信息服务站", "510000", "郫县", "唐昌镇"),
            station("虎门镇信息服务站", "440000", "东莞市", "虎门镇"),
            station("汉口信息服务站", "420000", "武汉市", "汉口"),
            StationInput {
                opened_on: "2026-07-01".into(),
                ..station("新都镇信息服务站", "510000", "新都区", "新都镇")
            },
        ];
        let Err(AppError::RowsRejected(rows)) = app.register_stations(&sichuan, &bad, 1).await
        else {
            panic!("{backend}: refused by row")
        };
        let named: Vec<(usize, &str)> = rows.iter().map(|r| (r.row, r.field.as_str())).collect();
        assert_eq!(
            named,
            vec![(2, "province_code"), (3, "province_code"), (4, "opened_on")],
            "{backend}"
        );
        assert_eq!(db.count("SELECT COUNT(*) FROM rural_stations").await, 0);

        let good = vec![
            station("唐昌镇信息服务站", "510000", "郫县", "唐昌镇"),
            station("安德镇信息服务站", "510000", "郫县", "安德镇"),
            station("新都镇信息服务站", "510000", "新都区", "新都镇"),
        ];
        assert_eq!(
            app.register_stations(&sichuan, &good, 1).await.expect("ok"),
            3
        );
        // The same station again is a duplicate, named, and nothing more is written.
        let again = app.register_stations(&sichuan, &good[..1], 1).await;
        assert!(
            matches!(&again, Err(AppError::RowsRejected(r)) if r[0].field == "name_zh"),
            "{again:?}"
        );
        // Hubei by spreadsheet: headers in Chinese, row 3 a negative count, then good.
        let hubei = ctx(&app, "hubei.staff").await;
        let sheet = "站点名称,省份代码,县（市、区）,乡镇,建站日期,兼职信息助理（人）,培训农户（人）\n\
                     蔡甸信息服务站,420000,蔡甸区,蔡甸街,2007-05-01,1,80\n\
                     黄陂信息服务站,420000,黄陂区,前川街,2007-05-01,-1,80\n";
        let Err(AppError::RowsRejected(rows)) =
            app.import_stations(&hubei, "s.csv", sheet.as_bytes()).await
        else {
            panic!("{backend}: sheet refused by row")
        };
        assert_eq!(
            (rows[0].row, rows[0].column.as_str()),
            (3, "F 兼职信息助理（人）")
        );
        let fixed = sheet.replace(",-1,", ",3,");
        assert_eq!(
            app.import_stations(&hubei, "s.csv", fixed.as_bytes())
                .await
                .expect("imported"),
            2
        );

        let c = app
            .station_coverage("province", "")
            .await
            .expect("coverage");
        assert_eq!(
            (c.total.stations, c.total.counties, c.total.townships),
            (5, 4, 5),
            "{backend}"
        );
        assert_eq!(c.total.assistants, 2 * 3 + 1 + 3);
        assert_eq!(c.total.farmers_trained, 150 * 3 + 80 * 2);
        let pixian = c
            .counties
            .iter()
            .find(|r| r.county == "郫县")
            .expect("郫县");
        assert_eq!((pixian.stations, pixian.townships), (2, 2));
        let sc = c
            .provinces
            .iter()
            .find(|r| r.province_code == "510000")
            .expect("四川");
        assert_eq!((sc.stations, sc.counties), (3, 2));
        // One province's coverage is that province's rows only, and its total is theirs.
        let only = app
            .station_coverage("province", "51")
            .await
            .expect("sichuan");
        assert_eq!(only.provinces, vec![sc.clone()], "{backend}");
        assert_eq!(only.total.stations, 3, "{backend}");
        assert!(
            only.counties.iter().all(|c| c.province_code == "510000"),
            "{backend}"
        );
        let Err(AppError::Invalid(v)) = app.station_coverage("province", "四川").await else {
            panic!("{backend}: an unknown province is named")
        };
        assert_eq!(v.0[0].field, "province", "{backend}");
        assert!(matches!(
            app.stations("999999").await,
            Err(AppError::Invalid(_))
        ));

        // The export is the import's format: it reads back as duplicates of every row.
        let xlsx = app.export_stations("420000").await.expect("export");
        let back = app.import_stations(&hubei, "back.xlsx", &xlsx).await;
        assert!(
            matches!(&back, Err(AppError::RowsRejected(r)) if r.len() == 2 && r.iter().all(|e| e.field == "name_zh")),
            "{back:?}"
        );

        // An enterprise keeps no stations.
        let enterprise = ctx(&app, "enterprise.demo").await;
        assert!(matches!(
            app.register_stations(&enterprise, &good, 1).await,
            Err(AppError::Forbidden)
        ));
    }
}

#[tokio::test]
async fn the_api_registers_with_a_token_refuses_a_bad_row_with_400_and_the_page_shows_coverage() {
    use serde_json::{Value, json};
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let session = t.session("sichuan.staff", DEMO_PASSWORD).await;
        let token = t
            .app
            .create_api_token(&session, "信息站登记", None)
            .await
            .expect("token")
            .1;
        let url = format!("{}/api/v1/rural/stations", t.base_url);
        let post = |rows: Value| {
            t.client
                .post(url.clone())
                .bearer_auth(token.clone())
                .json(&json!({ "rows": rows }))
                .send()
        };
        let bad = post(json!([
            {"name_zh": "唐昌镇信息服务站", "province_code": "510000", "county": "郫县", "township": "唐昌镇", "opened_on": "2007-04-01"},
            {"name_zh": "虎门镇信息服务站", "province_code": "440000", "county": "东莞市", "township": "虎门镇", "opened_on": "2007-04-01"},
        ]))
        .await
        .expect("request");
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        let text = bad.text().await.expect("body");
        assert!(text.contains("rows.2.province_code"), "{text}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM rural_stations").await, 0);

        let ok = post(json!([
            {"name_zh": "唐昌镇信息服务站", "province_code": "510000", "county": "郫县", "township": "唐昌镇", "opened_on": "2007-04-01", "assistants": "2", "farmers_trained": "150"},
        ]))
        .await
        .expect("request");
        assert_eq!(ok.status().as_u16(), 201, "{backend}");

        let coverage: Value = t
            .get("/api/v1/rural/coverage")
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(coverage["total"]["stations"], 1, "{coverage}");
        assert_eq!(coverage["counties"][0]["county"], "郫县", "{coverage}");
        let page = t.get("/rural").await.text().await.expect("page");
        assert!(page.contains("郫县") && page.contains("四川"), "{page}");
        // A province filter filters: Hubei has no station, so 郫县 is not on its page.
        let hubei = t.get("/rural?province=420000").await;
        assert_eq!(hubei.status().as_u16(), 200, "{backend}");
        let hubei = hubei.text().await.expect("page");
        assert!(!hubei.contains("郫县"), "{backend}: filtered");
        assert!(
            t.get("/rural?province=510000")
                .await
                .text()
                .await
                .expect("page")
                .contains("郫县"),
            "{backend}"
        );
        let bad = t.get("/rural?province=sichuan").await;
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        let text = bad.text().await.expect("page");
        assert!(text.contains("未知省份代码“sichuan”"), "{text}");
        let bad = t.get("/api/v1/rural/coverage?province_code=99").await;
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        assert!(bad.text().await.expect("body").contains("province_code"));
        let xlsx = t
            .get("/api/v1/rural/stations.xlsx?province_code=510000")
            .await;
        assert_eq!(xlsx.status().as_u16(), 200);
    }
}

fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("csrf field") + 19;
    html[at..].split('"').next().expect("token").to_owned()
}

#[tokio::test]
async fn the_console_registers_by_form_and_sheet_names_refusals_with_400_and_exports_its_province()
{
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let sichuan = t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let url = |path: &str| format!("{}{path}", t.base_url);
        let html = sichuan
            .get(url("/console/rural"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("信息服务站点"), "{backend}: in the menu");
        let token = csrf(&html);
        let form = |name: &str, province: &str, opened: &str, assistants: &str| {
            vec![
                ("csrf", token.clone()),
                ("name_zh", name.to_owned()),
                ("province_code", province.to_owned()),
                ("county", "郫县".to_owned()),
                ("township", "唐昌镇".to_owned()),
                ("opened_on", opened.to_owned()),
                ("assistants", assistants.to_owned()),
                ("farmers_trained", "90".to_owned()),
            ]
        };
        let post = |fields: Vec<(&'static str, String)>| {
            sichuan
                .post(url("/console/rural/stations"))
                .form(&fields)
                .send()
        };
        // A future date and a negative count, each named beside the form; nothing written.
        let bad = post(form("唐昌镇信息服务站", "510000", "2999-01-01", "-2"))
            .await
            .expect("post");
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        let html = bad.text().await.expect("html");
        assert!(html.contains(r#"data-field="opened_on""#), "{backend}");
        assert!(html.contains(r#"data-field="assistants""#), "{backend}");
        assert!(html.contains("2999-01-01"), "{backend}: the form as typed");
        // Another province's station is named by its province field.
        let other = post(form("蔡甸信息服务站", "420000", "2007-04-01", "1"))
            .await
            .expect("post");
        assert_eq!(other.status().as_u16(), 400, "{backend}");
        let html = other.text().await.expect("html");
        assert!(html.contains(r#"data-field="province_code""#), "{backend}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM rural_stations").await, 0);

        let ok = post(form("唐昌镇信息服务站", "510000", "2007-04-01", "2"))
            .await
            .expect("post");
        assert_eq!(ok.status().as_u16(), 303, "{backend}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM rural_stations").await, 1);

        // A sheet whose third row has an unknown province: the row and column named, 400,
        // nothing written.
        let upload = |sheet: String| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", token.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(sheet.into_bytes()).file_name("s.csv"),
                );
            sichuan
                .post(url("/console/rural/upload"))
                .multipart(form)
                .send()
        };
        let header =
            "站点名称,省份代码,县（市、区）,乡镇,建站日期,兼职信息助理（人）,培训农户（人）\n";
        let sheet = format!(
            "{header}安德镇信息服务站,510000,郫县,安德镇,2007-05-01,1,80\n\
             犀浦镇信息服务站,999999,郫县,犀浦镇,2007-05-01,1,80\n"
        );
        let refused = upload(sheet.clone()).await.expect("upload");
        assert_eq!(refused.status().as_u16(), 400, "{backend}");
        let html = refused.text().await.expect("html");
        assert!(html.contains("第3行 B 省份代码"), "{backend}: {html}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM rural_stations").await, 1);
        let fixed = upload(sheet.replace("999999", "510000"))
            .await
            .expect("upload");
        assert_eq!(fixed.status().as_u16(), 303, "{backend}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM rural_stations").await, 3);

        for name in ["template.xlsx", "template.csv", "export.xlsx"] {
            let file = sichuan
                .get(url(&format!("/console/rural/{name}")))
                .send()
                .await
                .expect("file");
            assert_eq!(file.status().as_u16(), 200, "{backend}: {name}");
        }
        // The template reads back as one good station.
        let template = sichuan
            .get(url("/console/rural/template.csv"))
            .send()
            .await
            .expect("template")
            .bytes()
            .await
            .expect("bytes");
        let hubei = ctx(&t.app, "hubei.staff").await;
        let read = t.app.import_stations(&hubei, "t.csv", &template).await;
        assert!(
            matches!(&read, Err(AppError::RowsRejected(r)) if r.len() == 1 && r[0].field == "province_code"),
            "{backend}: the example is a Sichuan station, not Hubei's: {read:?}"
        );
        // Hubei's export holds none of Sichuan's stations.
        let hubei_client = t.sign_in("hubei.staff", DEMO_PASSWORD).await;
        let export = hubei_client
            .get(url("/console/rural/export.xlsx"))
            .send()
            .await
            .expect("export")
            .bytes()
            .await
            .expect("bytes");
        let back = t.app.import_stations(&hubei, "e.xlsx", &export).await;
        assert!(
            matches!(&back, Err(AppError::Invalid(v)) if v.0[0].code == "empty"),
            "{backend}: {back:?}"
        );
        let firm = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        let status = firm
            .get(url("/console/rural"))
            .send()
            .await
            .expect("page")
            .status();
        assert_eq!(status.as_u16(), 403, "{backend}");
    }
}
