//! What the server sends back is safe by default: every answer carries the security headers
//! (HSTS and `Secure` cookies with the `https` setting), over-long text is refused before any
//! handler or audit row sees it, and exports cannot carry a formula or break on an old row.

use gowest_app::audit::AuditQuery;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_testkit::{TestApp, backends, operator, scrape, spawn_app, spawn_app_with};

const PATHS: [&str; 9] = [
    "/",
    "/zones",
    "/find",
    "/login",
    "/api/v1/zones",
    "/api/openapi.json",
    "/assets/app.js",
    "/healthz",
    "/no-such-page",
];

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect()
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        for path in PATHS {
            let response = t.get(path).await;
            let h = response.headers();
            let csp = h
                .get("content-security-policy")
                .unwrap_or_else(|| panic!("{backend} {path}: no CSP"))
                .to_str()
                .expect("ascii");
            assert!(
                csp.contains("script-src 'self';"),
                "{backend} {path}: {csp}"
            );
            assert!(!csp.contains("unsafe-eval"), "{backend} {path}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{backend} {path}");
            assert_eq!(h["x-content-type-options"], "nosniff", "{backend} {path}");
            assert_eq!(h["x-frame-options"], "DENY", "{backend} {path}");
            assert_eq!(
                h["referrer-policy"], "strict-origin-when-cross-origin",
                "{backend} {path}"
            );
            assert!(
                h.get("strict-transport-security").is_none(),
                "{backend} {path}: HSTS only with the https setting"
            );
        }
        let login = t.get("/login").await;
        let cookies = set_cookies(&login);
        assert!(!cookies.is_empty(), "{backend}: the form cookie");
        assert!(
            cookies.iter().all(|c| !c.contains("Secure")),
            "{backend}: {cookies:?}"
        );
    }
}

#[tokio::test]
async fn the_https_setting_adds_hsts_and_marks_every_cookie_secure() {
    for backend in backends() {
        let t = spawn_app_with(
            backend,
            gowest_web::WebSettings {
                https: true,
                ..gowest_web::WebSettings::default()
            },
        )
        .await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let client = plain_client();
        for path in PATHS {
            let response = t.get(path).await;
            assert_eq!(
                response.headers()["strict-transport-security"],
                "max-age=31536000",
                "{backend} {path}"
            );
        }
        let login = client
            .get(format!("{}/login", t.base_url))
            .send()
            .await
            .expect("login page");
        let mut cookies = set_cookies(&login);
        let html = login.text().await.expect("html");
        let token = scrape(&html, r#"name="form_token" value=""#).expect("form token");
        let form_cookie = cookies
            .first()
            .and_then(|c| c.split(';').next())
            .expect("form cookie")
            .to_owned();
        let signed = client
            .post(format!("{}/login", t.base_url))
            .header("cookie", form_cookie)
            .form(&[
                ("username", "chengdu.admin"),
                ("password", DEMO_PASSWORD),
                ("form_token", token),
            ])
            .send()
            .await
            .expect("sign in");
        cookies.extend(set_cookies(&signed));
        let lang = client
            .get(format!("{}/lang/en?next=/", t.base_url))
            .send()
            .await
            .expect("language");
        cookies.extend(set_cookies(&lang));
        assert!(cookies.len() >= 2, "{backend}: {cookies:?}");
        for cookie in &cookies {
            assert!(cookie.ends_with("; Secure"), "{backend}: {cookie}");
        }
    }
}

async fn login_rows(t: &TestApp) -> usize {
    t.db.store
        .audit_rows(&AuditQuery {
            action_prefix: Some("login".into()),
            limit: 1000,
            ..AuditQuery::default()
        })
        .await
        .expect("audit rows")
        .len()
}

#[tokio::test]
async fn an_over_long_username_is_refused_before_it_reaches_the_audit_log() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        let client = plain_client();
        let page = client
            .get(format!("{}/login", t.base_url))
            .send()
            .await
            .expect("login page");
        let cookie = set_cookies(&page)[0]
            .split(';')
            .next()
            .expect("cookie")
            .to_owned();
        let html = page.text().await.expect("html");
        let token = scrape(&html, r#"name="form_token" value=""#)
            .expect("token")
            .to_owned();
        let before = login_rows(&t).await;
        for username in ["x".repeat(200_000), "名".repeat(65)] {
            let response = client
                .post(format!("{}/login", t.base_url))
                .header("cookie", &cookie)
                .form(&[
                    ("username", username.as_str()),
                    ("password", "wrong"),
                    ("form_token", &token),
                ])
                .send()
                .await
                .expect("post");
            assert_eq!(response.status(), 400, "{backend}");
            let body = response.text().await.expect("html");
            assert!(body.contains("username 过长：最多 64 个字符"), "{backend}");
        }
        assert_eq!(login_rows(&t).await, before, "{backend}: no audit row");

        // The API answers problem+json naming the field, before asking for a token.
        let long = "长".repeat(10_001);
        let response = client
            .post(format!("{}/api/v1/demands", t.base_url))
            .json(&serde_json::json!({ "rows": [{ "note": "ok" }, { "description": long }] }))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 400, "{backend}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: serde_json::Value = response.json().await.expect("json");
        assert_eq!(problem["errors"][0]["field"], "rows.1.description");
        assert_eq!(problem["errors"][0]["code"], "too_long");

        // Query values too, on pages and on the API (the cap's refusal, not the handler's).
        let q = "q".repeat(10_001);
        let page = t.get(&format!("/zones?q={q}")).await;
        assert_eq!(page.status(), 400, "{backend}");
        let html = page.text().await.expect("html");
        assert!(html.contains("q 过长：最多 10000 个字符"), "{backend}");
        let api = t.get(&format!("/api/v1/zones?q={q}")).await;
        assert_eq!(api.status(), 400, "{backend}");
        let problem: serde_json::Value = api.json().await.expect("json");
        assert_eq!(problem["errors"][0]["code"], "too_long", "{backend}");
    }
}

#[tokio::test]
async fn an_oversized_old_audit_row_is_cut_in_the_export() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        // A row from before input was capped, written straight through the store. The long
        // text is the row's `after`: PostgreSQL could never store it as the actor's name,
        // which an index covers.
        let name = "=HYPERLINK(\"http://evil\",\"x\")".repeat(8_000);
        let total = name.chars().count();
        t.db.store
            .append_audit_alone(
                b"gowest test audit key, 32 bytes or more",
                gowest_domain::audit::AuditEntry {
                    at: chrono::Utc::now(),
                    actor_user_id: None,
                    actor_name: "anonymous".into(),
                    org_id: None,
                    ip: Some("127.0.0.1".into()),
                    action: "login.failed".into(),
                    entity: "session".into(),
                    entity_id: None,
                    before: None,
                    after: Some(name),
                },
            )
            .await
            .expect("append");

        let auditor = t.sign_in("auditor", DEMO_PASSWORD).await;
        let response = auditor
            .get(format!("{}/console/audit/export.xlsx", t.base_url))
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), 200, "{backend}");
        let bytes = response.bytes().await.expect("bytes");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
        use calamine::Reader;
        let sheet = book
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("readable");
        let cut = sheet
            .rows()
            .skip(1)
            .map(|r| r[9].to_string())
            .find(|after| after.starts_with("=HYPERLINK"))
            .expect("the long row");
        assert_eq!(cut.chars().count(), 32_767, "{backend}");
        assert!(
            cut.ends_with(&format!("…[已截断 cut, {total} 字符 characters]")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_zone_name_that_is_a_formula_comes_out_of_the_csv_neutralised() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let chengdu = t
            .app
            .directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
            .map(|l| l.zone.id)
            .expect("zone");
        let client = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let page = client
            .get(format!("{}/console/zones/{chengdu}", t.base_url))
            .send()
            .await
            .expect("form")
            .text()
            .await
            .expect("html");
        let csrf = scrape(&page, r#"name="csrf" value=""#).expect("csrf");
        let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        let saved = client
            .post(format!("{}/console/zones/{chengdu}", t.base_url))
            .form(&[("csrf", csrf), ("name_en", formula), ("city_zh", "成都市")])
            .send()
            .await
            .expect("save");
        assert_eq!(saved.status(), 303, "{backend}");
        let csv = t.get("/zones/export.csv").await.text().await.expect("csv");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
            "{backend}: {csv}"
        );
        assert!(!csv.contains(",\"=HYPERLINK"), "{backend}");
    }
}
