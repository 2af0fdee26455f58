//! The back office over HTTP: every protected page refuses every role that should not
//! reach it, forms need their CSRF token, and what the browser writes is audited.

use gowest_app::audit::AuditQuery;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use std::collections::HashMap;

const ACCOUNTS: [&str; 14] = [
    "ministry.admin",
    "ministry.staff",
    "sichuan.staff",
    "hubei.staff",
    "chengdu.admin",
    "wuhan.admin",
    "suzhou.admin",
    "enterprise.demo",
    "buyer.demo",
    "agency.demo",
    "cdb.demo",
    "sysadmin",
    "secadmin",
    "auditor",
];

async fn demo(backend: gowest_testkit::TestBackend) -> TestApp {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    t
}

fn zone_id(t: &TestApp, name: &str) -> i64 {
    t.app
        .directory()
        .zones
        .iter()
        .find(|l| l.zone.fields.name_zh == name)
        .map(|l| l.zone.id)
        .expect("a demo zone")
}

/// Who may GET each page (everyone else signed in gets 403; anonymous gets 303 to /login).
fn matrix(chengdu: i64, wuhan: i64) -> Vec<(String, Vec<&'static str>)> {
    let approvers = vec![
        "ministry.admin",
        "ministry.staff",
        "sichuan.staff",
        "hubei.staff",
    ];
    vec![
        ("/console".into(), ACCOUNTS.to_vec()),
        ("/console/tokens".into(), ACCOUNTS.to_vec()),
        ("/account/password".into(), ACCOUNTS.to_vec()),
        ("/account/second-factor".into(), ACCOUNTS.to_vec()),
        (
            format!("/console/zones/{chengdu}"),
            vec!["ministry.admin", "chengdu.admin"],
        ),
        (
            format!("/console/zones/{wuhan}"),
            vec!["ministry.admin", "wuhan.admin"],
        ),
        ("/console/rural".into(), approvers.clone()),
        ("/console/approvals".into(), approvers),
        ("/console/audit".into(), vec!["auditor"]),
        ("/console/audit/export.xlsx".into(), vec!["auditor"]),
        ("/console/users".into(), vec!["sysadmin", "secadmin"]),
    ]
}

#[tokio::test]
async fn every_protected_page_refuses_every_role_that_should_not_reach_it() {
    for backend in backends() {
        let t = demo(backend).await;
        let (chengdu, wuhan) = (
            zone_id(&t, "成都经济技术开发区"),
            zone_id(&t, "武汉经济技术开发区"),
        );
        let anonymous = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let mut clients = HashMap::new();
        for account in ACCOUNTS {
            clients.insert(account, t.sign_in(account, DEMO_PASSWORD).await);
        }
        for (path, allowed) in matrix(chengdu, wuhan) {
            let url = format!("{}{path}", t.base_url);
            let response = anonymous.get(&url).send().await.expect("request");
            assert_eq!(response.status(), 303, "{backend}: anonymous {path}");
            for account in ACCOUNTS {
                let status = clients[account]
                    .get(&url)
                    .send()
                    .await
                    .expect("request")
                    .status();
                let expected = if allowed.contains(&account) { 200 } else { 403 };
                assert_eq!(status, expected, "{backend}: {account} GET {path}");
            }
        }
    }
}

#[tokio::test]
async fn a_zone_admin_edits_its_profile_and_cannot_edit_another_zone() {
    for backend in backends() {
        let t = demo(backend).await;
        let (chengdu, wuhan) = (
            zone_id(&t, "成都经济技术开发区"),
            zone_id(&t, "武汉经济技术开发区"),
        );
        let client = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let page = client
            .get(format!("{}/console/zones/{chengdu}", t.base_url))
            .send()
            .await
            .expect("form");
        let html = page.text().await.expect("html");
        let csrf = html
            .split(r#"name="csrf" value=""#)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("csrf");

        let post = |id: i64, fields: Vec<(&'static str, String)>| {
            let client = client.clone();
            let url = format!("{}/console/zones/{id}", t.base_url);
            async move { client.post(url).form(&fields).send().await.expect("post") }
        };
        let good = vec![
            ("csrf", csrf.to_owned()),
            ("land_price_yuan_per_m2", "412.80".to_owned()),
            ("city_zh", "成都市".to_owned()),
        ];
        let response = post(chengdu, good.clone()).await;
        assert_eq!(response.status(), 303, "{backend}");
        assert_eq!(
            t.app
                .zone(chengdu)
                .expect("zone")
                .fields
                .land_price_fen_per_m2
                .map(|f| f.0),
            Some(41_280)
        );

        let bad = vec![
            ("csrf", csrf.to_owned()),
            ("land_price_yuan_per_m2", "-1".to_owned()),
            ("contact_email", "nope".to_owned()),
        ];
        let response = post(chengdu, bad).await;
        assert_eq!(response.status(), 400, "{backend}");
        let html = response.text().await.expect("html");
        assert!(
            html.contains(r#"data-field="land_price_yuan_per_m2""#),
            "{backend}: error beside the field"
        );
        assert!(html.contains(r#"data-field="contact_email""#), "{backend}");
        assert_eq!(
            t.app
                .zone(chengdu)
                .expect("zone")
                .fields
                .land_price_fen_per_m2
                .map(|f| f.0),
            Some(41_280),
            "{backend}"
        );

        assert_eq!(
            post(wuhan, good.clone()).await.status(),
            403,
            "{backend}: another zone"
        );
        let mut forged = good;
        forged[0].1 = "forged".into();
        assert_eq!(
            post(chengdu, forged).await.status(),
            403,
            "{backend}: a forged CSRF token"
        );

        let rows =
            t.db.store
                .audit_rows(&AuditQuery {
                    action_prefix: Some("zone.update".into()),
                    limit: 10,
                    ..AuditQuery::default()
                })
                .await
                .expect("audit");
        assert_eq!(
            rows.len(),
            1,
            "{backend}: one successful write, one audit row"
        );
        assert_eq!(rows[0].entry.actor_name, "chengdu.admin", "{backend}");
        assert_eq!(rows[0].entry.ip.as_deref(), Some("127.0.0.1"), "{backend}");
    }
}

#[tokio::test]
async fn bad_input_to_console_forms_never_gets_a_5xx() {
    for backend in backends() {
        let t = demo(backend).await;
        let client = t.sign_in("ministry.admin", DEMO_PASSWORD).await;
        let posts: [(&str, &str); 8] = [
            ("/console/zones/999999", "csrf=x&land_price_yuan_per_m2=1"),
            ("/console/zones/abc", "csrf=x"),
            ("/console/approvals/999999", "csrf=x&decision=approve"),
            ("/account/organisation", "csrf=x&org_id=notanumber"),
            ("/account/password", "csrf=x&password=a"),
            ("/console/tokens", "csrf=x&name="),
            ("/console/tokens/999/revoke", "csrf=x"),
            ("/login", "username=%FF%FE&password="),
        ];
        for (path, body) in posts {
            let status = client
                .post(format!("{}{path}", t.base_url))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("post")
                .status();
            assert!(
                status.is_client_error() || status.is_redirection(),
                "{backend}: {path} → {status}"
            );
        }
        let auditor = t.sign_in("auditor", DEMO_PASSWORD).await;
        let html = auditor
            .get(format!("{}/console/audit?from=2026-13-45", t.base_url))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        assert!(
            html.contains("alert error"),
            "{backend}: a bad date is said, not ignored"
        );
        for path in ["/console/zones/abc", "/console/zones/99999999999999999999"] {
            let response = client
                .get(format!("{}{path}", t.base_url))
                .send()
                .await
                .expect("get");
            assert_eq!(response.status(), 404, "{backend}: {path}");
            let html = response.text().await.expect("html");
            assert!(
                html.contains("<html"),
                "{backend}: {path} answers the HTML page"
            );
        }
        for path in [
            "/console/audit?from=notadate&before=x",
            "/console/zones/-1",
            "/login?next=//evil.example",
        ] {
            let status = client
                .get(format!("{}{path}", t.base_url))
                .send()
                .await
                .expect("get")
                .status();
            assert!(status.as_u16() < 500, "{backend}: {path} → {status}");
        }
    }
}

#[tokio::test]
async fn sign_in_failures_are_answered_and_throttled() {
    for backend in backends() {
        let t = demo(backend).await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let login_page = client
            .get(format!("{}/login", t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        let token = gowest_testkit::scrape(&login_page, r#"name="form_token" value=""#)
            .expect("token")
            .to_owned();
        let mut statuses = Vec::new();
        for _ in 0..7 {
            let response = client
                .post(format!("{}/login", t.base_url))
                .form(&[
                    ("username", "wuhan.admin"),
                    ("password", "Wrong-Password-1"),
                    ("form_token", token.as_str()),
                ])
                .send()
                .await
                .expect("post");
            statuses.push(response.status().as_u16());
        }
        assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429], "{backend}");
        let without_token = client
            .post(format!("{}/login", t.base_url))
            .form(&[("username", "wuhan.admin"), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .expect("post");
        assert_eq!(
            without_token.status(),
            403,
            "{backend}: a form without its token"
        );
    }
}

#[tokio::test]
async fn the_system_administrator_creates_organisations_and_bad_ones_are_refused() {
    for backend in backends() {
        let t = demo(backend).await;
        let client = t.sign_in("sysadmin", DEMO_PASSWORD).await;
        let html = client
            .get(format!("{}/console/users", t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        let csrf = gowest_testkit::scrape(&html, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let chongqing = zone_id(&t, "重庆经济技术开发区");
        let post = |fields: Vec<(&'static str, String)>| {
            let client = client.clone();
            let url = format!("{}/console/organisations", t.base_url);
            async move { client.post(url).form(&fields).send().await.expect("post") }
        };
        let before = t.app.organisations_for_console().await.expect("orgs").len();
        let bad = [
            vec![
                ("kind", "zone".to_owned()),
                ("name_zh", "重庆经开区管委会".to_owned()),
                ("zone_id", "999999".to_owned()),
            ],
            vec![
                ("kind", "enterprise".to_owned()),
                ("name_zh", "某公司".to_owned()),
                ("credit_code", "91350100M000100Y44".to_owned()),
                ("province_code", "500000".to_owned()),
            ],
            vec![
                ("kind", "province".to_owned()),
                ("name_zh", "".to_owned()),
                ("province_code", "990000".to_owned()),
            ],
            vec![("kind", "palace".to_owned()), ("name_zh", "x".to_owned())],
            // 成都 already has the demo organisation.
            vec![
                ("kind", "zone".to_owned()),
                ("name_zh", "第二个成都".to_owned()),
                ("zone_id", zone_id(&t, "成都经济技术开发区").to_string()),
            ],
        ];
        for fields in bad {
            let mut fields = fields;
            fields.push(("csrf", csrf.clone()));
            let response = post(fields.clone()).await;
            assert_eq!(response.status(), 400, "{backend}: {fields:?}");
            assert!(
                response.text().await.expect("html").contains("field-error"),
                "{backend}"
            );
        }
        assert_eq!(
            t.app.organisations_for_console().await.expect("orgs").len(),
            before,
            "{backend}"
        );

        let good = vec![
            ("csrf", csrf.clone()),
            ("kind", "zone".to_owned()),
            ("name_zh", "重庆经开区管委会".to_owned()),
            ("zone_id", chongqing.to_string()),
        ];
        assert_eq!(post(good).await.status(), 200, "{backend}");
        let orgs = t.app.organisations_for_console().await.expect("orgs");
        let made = orgs
            .iter()
            .find(|o| o.name_zh == "重庆经开区管委会")
            .expect("created");
        assert_eq!(made.place.zone_id(), Some(chongqing), "{backend}");

        let zone_admin = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let status = zone_admin
            .post(format!("{}/console/organisations", t.base_url))
            .form(&[("csrf", "x"), ("kind", "bank"), ("name_zh", "某银行")])
            .send()
            .await
            .expect("post")
            .status();
        assert_eq!(status, 403, "{backend}: only the system administrator");
    }
}
