//! The console's industrial-transfer pages over HTTP, on every backend: an enterprise keeps
//! its profile and relocation demand; a zone keeps its investment projects, by form and
//! by spreadsheet.

use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::region::Region;
use gowest_testkit::{TestApp, TestBackend, backends, operator, scrape, spawn_app};

async fn demo(backend: TestBackend) -> TestApp {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    t
}

async fn page(client: &reqwest::Client, url: String) -> String {
    let response = client.get(url).send().await.expect("get");
    assert_eq!(response.status(), 200);
    response.text().await.expect("html")
}

fn csrf(html: &str) -> String {
    scrape(html, r#"name="csrf" value=""#)
        .expect("csrf field")
        .to_owned()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn demand(csrf: &str, investment: &str) -> Vec<(&'static str, String)> {
    [
        ("csrf", csrf),
        ("title", "消费电子组装线整体转移"),
        ("industry", "39"),
        ("investment_yuan", investment),
        ("land_mu", "120.5"),
        ("workforce", "3000"),
        ("skills", "电子装配;SMT"),
        ("ports", "深圳港"),
        ("ports", "广州港"),
        ("preferred_regions", "central"),
        ("preferred_regions", "west"),
        ("description", "供货链在珠三角。"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

#[tokio::test]
async fn an_enterprise_saves_its_profile_then_drafts_and_publishes_a_demand() {
    for backend in backends() {
        let t = demo(backend).await;
        let url = |path: &str| format!("{}{path}", t.base_url);
        let client = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;

        let html = page(&client, url("/console/demands")).await;
        assert!(
            html.contains("data-profile-missing"),
            "{backend}: profile first"
        );
        assert!(html.contains(r#"href="/console/enterprise""#), "{backend}");

        let html = page(&client, url("/console/enterprise")).await;
        assert!(
            html.contains("91440300MA5G2006W6"),
            "{backend}: code as registered"
        );
        let token = csrf(&html);
        let response = client
            .post(url("/console/enterprise"))
            .form(&[
                ("csrf", token.as_str()),
                ("name_zh", "深圳演示电子有限公司"),
                ("province_code", "440000"),
                ("industry", "39"),
                ("size", "medium"),
                ("export_share_pct", "65.5"),
                ("processing_trade", "是"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 303, "{backend}: profile saved");
        assert_eq!(location(&response), "/console/enterprise?saved=1");
        let html = page(&client, url("/console/enterprise?saved=1")).await;
        assert!(html.contains("企业信息已保存"), "{backend}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM enterprises").await, 1);

        // A negative investment: the error beside its field, nothing written.
        let response = client
            .post(url("/console/demands/new"))
            .form(&demand(&token, "-5"))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 400, "{backend}");
        let html = response.text().await.expect("html");
        assert!(
            html.contains(r#"class="field-error" role="alert" data-field="investment_yuan""#),
            "{backend}: error beside the field"
        );
        assert!(
            html.contains(r#"value="深圳港" checked"#),
            "{backend}: ticks kept"
        );
        let demands = "SELECT COUNT(*) FROM relocation_demands";
        assert_eq!(t.db.count(demands).await, 0, "{backend}: nothing written");

        let response = client
            .post(url("/console/demands/new"))
            .form(&demand(&token, "300000000"))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 303, "{backend}: demand saved");
        assert_eq!(t.db.count(demands).await, 1, "{backend}");
        let html = page(&client, url(&location(&response))).await;
        assert!(html.contains("status-draft"), "{backend}: a draft");
        assert!(html.contains("30,000.00"), "{backend}: 万元");
        let id = scrape(&html, r#"data-demand=""#).expect("a row").to_owned();
        let find = scrape(&html, r#"href="/find?"#).expect("a link to the wizard");
        assert!(
            find.starts_with("industry=39&") && find.contains("ports="),
            "{backend}: the draft's own question opens the wizard: {find}"
        );

        let response = client
            .post(url(&format!("/console/demands/{id}/status")))
            .form(&[("csrf", token.as_str()), ("to", "publish")])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 303, "{backend}: published");
        let html = page(&client, url(&location(&response))).await;
        assert!(html.contains("status-published"), "{backend}");
        assert!(html.contains("已发布"), "{backend}");

        let published = t.app.published_demands(None);
        let ours = published
            .iter()
            .find(|v| v.demand.id.to_string() == id)
            .expect("published");
        assert_eq!(
            ours.demand.fields.port_ids.len(),
            2,
            "{backend}: both ports"
        );
        assert_eq!(
            ours.demand.fields.preferred_regions,
            [Region::Central, Region::West],
            "{backend}"
        );
    }
}

/// A multipart body with the CSRF field and one file, as a browser sends the import form.
fn upload(csrf: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let b = "gowest-test-boundary";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

#[tokio::test]
async fn a_zone_adds_a_project_and_round_trips_it_through_a_spreadsheet() {
    for backend in backends() {
        let t = demo(backend).await;
        let url = |path: &str| format!("{}{path}", t.base_url);
        let client = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let html = page(&client, url("/console/projects")).await;
        let token = csrf(&html);

        let response = client
            .post(url("/console/projects/new"))
            .form(&[
                ("csrf", token.as_str()),
                ("title_zh", "成都电子信息配套产业园"),
                ("industry", "39"),
                ("amount_yuan", "1500000000"),
                ("mode", "wholly_owned"),
                ("land_mu", "800"),
                ("status", "open"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 303, "{backend}: project saved");
        let html = page(&client, url(&location(&response))).await;
        assert!(html.contains("成都电子信息配套产业园"), "{backend}: listed");
        let projects = "SELECT COUNT(*) FROM investment_projects";
        assert_eq!(t.db.count(projects).await, 1, "{backend}");

        let response = client
            .get(url("/console/projects/export.xlsx"))
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), 200, "{backend}");
        let xlsx = response.bytes().await.expect("bytes");

        let (content_type, body) = upload(&token, "projects.xlsx", &xlsx);
        let response = client
            .post(url("/console/projects/import"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("import");
        assert_eq!(response.status(), 303, "{backend}: re-imported");
        assert!(
            location(&response).contains("inserted=0&updated=1"),
            "{backend}: same title updates"
        );
        assert_eq!(t.db.count(projects).await, 1, "{backend}: same count");

        let csv = "项目名称,行业代码,投资总额(元),合作方式\n\
                   成都新材料产业园,30,200000000,合资\n\
                   成都食品加工园,13,很多,独资\n";
        let (content_type, body) = upload(&token, "projects.csv", csv.as_bytes());
        let response = client
            .post(url("/console/projects/import"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("import");
        assert_eq!(response.status(), 400, "{backend}: a bad row");
        let html = response.text().await.expect("html");
        assert!(html.contains("data-import-errors"), "{backend}");
        assert!(html.contains("第3行"), "{backend}: the row is named");
        assert!(html.contains("C 投资总额(元)"), "{backend}: and the column");
        assert_eq!(t.db.count(projects).await, 1, "{backend}: nothing written");

        let wuhan = t.sign_in("wuhan.admin", DEMO_PASSWORD).await;
        let chengdu = t
            .app
            .directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
            .map(|l| l.zone.id)
            .expect("zone");
        let status = wuhan
            .get(url(&format!("/console/projects?zone={chengdu}")))
            .send()
            .await
            .expect("get")
            .status();
        assert_eq!(status, 403, "{backend}: another zone's projects");
        let enterprise = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        for (who, path) in [
            (&client, "/console/enterprise"),
            (&client, "/console/demands"),
            (&enterprise, "/console/projects"),
            (&enterprise, "/console/projects/export.xlsx"),
        ] {
            let status = who.get(url(path)).send().await.expect("get").status();
            assert_eq!(status, 403, "{backend}: {path} is not for this role");
        }
    }
}

#[tokio::test]
async fn zone_staff_see_the_demands_that_fit_their_zone_and_who_posted_them() {
    for backend in backends() {
        let t = demo(backend).await;
        t.app.seed_demo(&operator()).await.expect("demo figures");
        t.app
            .seed_demo_transfer(&operator())
            .await
            .expect("demo transfer");
        let url = |path: &str| format!("{}{path}", t.base_url);
        let zone = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let html = page(&zone, url("/console/matches")).await;
        assert!(html.contains("成都经济技术开发区"), "{backend}");
        assert!(
            html.contains("（演示"),
            "{backend}: enterprise names are shown"
        );
        assert!(
            html.contains("/find?demand="),
            "{backend}: each links to its ranking"
        );

        let enterprise = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        let refused = enterprise
            .get(url("/console/matches"))
            .send()
            .await
            .expect("get");
        assert_eq!(refused.status(), 403, "{backend}: not for enterprises");
    }
}
