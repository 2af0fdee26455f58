//! Accounts and 三员 separation (issue 16, finding 3): nobody is shown another person's
//! password, the security administrator keeps business accounts only, privileged grants
//! need two people, disabling revokes at once, password age and reuse are enforced,
//! names are capped, and the auditor's reads and every refusal are audited.

use chrono::{Duration, TimeZone, Utc};
use gowest_app::AppError;
use gowest_app::accounts::{AccountAuthority, NewAccount};
use gowest_app::audit::{AuditQuery, Context};
use gowest_app::demo::DEMO_PASSWORD;
use gowest_testkit::{
    ManualClock, TestApp, backends, operator, scrape, spawn_app, start_app_with_clock,
};

async fn demo(backend: gowest_testkit::TestBackend) -> TestApp {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    t
}

async fn user_id(t: &TestApp, username: &str) -> i64 {
    t.db.store
        .user_by_name(username)
        .await
        .expect("user")
        .expect("exists")
        .id
}

async fn rows(t: &TestApp, prefix: &str) -> Vec<gowest_domain::audit::AuditRecord> {
    t.db.store
        .audit_rows(&AuditQuery {
            action_prefix: Some(prefix.into()),
            limit: 1000,
            ..AuditQuery::default()
        })
        .await
        .expect("audit rows")
}

async fn csrf(t: &TestApp, client: &reqwest::Client) -> String {
    let html = client
        .get(format!("{}/console/users", t.base_url))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    scrape(&html, r#"name="csrf" value=""#)
        .expect("csrf")
        .to_owned()
}

async fn post(
    t: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let response = client
        .post(format!("{}{path}", t.base_url))
        .form(fields)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// A bearer request that needs a live token: 401 once the token is revoked.
async fn api_status(t: &TestApp, token: &str) -> u16 {
    let zone = t
        .app
        .directory()
        .zones
        .iter()
        .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
        .map(|l| l.zone.id)
        .expect("zone");
    t.client
        .put(format!("{}/api/v1/zones/{zone}", t.base_url))
        .bearer_auth(token)
        .json(&serde_json::json!({ "city_zh": "成都市" }))
        .send()
        .await
        .expect("put")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_security_administrator_resets_business_accounts_by_one_time_link_only() {
    for backend in backends() {
        let t = demo(backend).await;
        let sec = t.sign_in("secadmin", DEMO_PASSWORD).await;
        let token = csrf(&t, &sec).await;
        // The finding: the auditor's, the system administrator's and the security
        // administrator's own credentials were reset from the console. Now refused.
        for duty_holder in ["auditor", "sysadmin", "secadmin"] {
            let id = user_id(&t, duty_holder).await;
            for action in ["reset", "disable"] {
                let (status, body) = post(
                    &t,
                    &sec,
                    &format!("/console/users/{id}/{action}"),
                    &[("csrf", &token)],
                )
                .await;
                assert_eq!(status, 403, "{backend}: {action} {duty_holder}");
                assert!(!body.contains("data-reset-link"), "{backend}");
            }
        }
        assert!(
            rows(&t, "request.forbidden")
                .await
                .iter()
                .any(|r| r.entry.actor_name == "secadmin"
                    && r.entry.after.as_deref().unwrap_or("").contains("/reset")),
            "{backend}: the refusal is audited"
        );
        assert!(rows(&t, "user.password_link_issue").await.is_empty());

        // A business account: a link, never a password.
        let chengdu = user_id(&t, "chengdu.admin").await;
        let old_session = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let login = t
            .app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let (_, api_token) = t
            .app
            .create_api_token(&login, "对接", None)
            .await
            .expect("token");
        assert_eq!(api_status(&t, &api_token).await, 200, "{backend}");
        let (status, html) = post(
            &t,
            &sec,
            &format!("/console/users/{chengdu}/reset"),
            &[("csrf", &token)],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        assert!(!html.contains("data-temporary-password"), "{backend}");
        let path = scrape(&html, "data-reset-link>")
            .expect("a link")
            .to_owned();
        assert!(path.starts_with("/reset/"), "{backend}: {path}");
        let link_token = path.trim_start_matches("/reset/");
        let logged: String = rows(&t, "")
            .await
            .iter()
            .map(|r| format!("{:?}", r.entry))
            .collect();
        assert!(!logged.contains(link_token), "{backend}: never logged");

        let anonymous = &t.client;
        let url = format!("{}{path}", t.base_url);
        let page = anonymous.get(&url).send().await.expect("get");
        assert_eq!(page.status(), 200, "{backend}");
        assert!(page.text().await.expect("html").contains("chengdu.admin"));
        let set = |password: &'static str, again: &'static str| {
            let url = url.clone();
            async move {
                let r = anonymous
                    .post(url)
                    .form(&[("password", password), ("password_again", again)])
                    .send()
                    .await
                    .expect("post");
                (r.status().as_u16(), r.text().await.expect("html"))
            }
        };
        assert_eq!(set("Chengdu-New-77", "Chengdu-New-78").await.0, 400);
        let (status, html) = set("weak", "weak").await;
        assert_eq!(status, 400, "{backend}");
        assert!(html.contains("field-error"), "{backend}");
        let (status, html) = set("Chengdu-New-77", "Chengdu-New-77").await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains("data-password-set"), "{backend}");
        // Once only.
        assert_eq!(set("Chengdu-New-88", "Chengdu-New-88").await.0, 410);
        assert_eq!(anonymous.get(&url).send().await.expect("get").status(), 410);
        let unknown = format!("{}/reset/not-a-link", t.base_url);
        assert_eq!(
            anonymous.get(&unknown).send().await.expect("get").status(),
            400
        );

        // Every old session and token of the account is gone.
        let console = old_session
            .get(format!("{}/console", t.base_url))
            .send()
            .await
            .expect("console");
        assert_eq!(console.status(), 303, "{backend}: old session ended");
        assert_eq!(api_status(&t, &api_token).await, 401, "{backend}");
        assert!(
            t.app
                .login("chengdu.admin", DEMO_PASSWORD, None)
                .await
                .is_err()
        );
        t.app
            .login("chengdu.admin", "Chengdu-New-77", None)
            .await
            .expect("the new password");
        for action in ["user.password_link_issue", "user.password_link_use"] {
            assert_eq!(rows(&t, action).await.len(), 1, "{backend}: {action}");
        }

        // The password rules are the security administrator's settings, checked.
        let (status, _) = post(
            &t,
            &sec,
            "/console/password-rules",
            &[("csrf", &token), ("expiry_days", "abc"), ("remember", "3")],
        )
        .await;
        assert_eq!(status, 400, "{backend}");
        let (status, _) = post(
            &t,
            &sec,
            "/console/password-rules",
            &[("csrf", &token), ("expiry_days", "30"), ("remember", "3")],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        let rules = t.app.password_rules().await.expect("rules");
        assert_eq!((rules.expiry_days, rules.remember), (30, 3), "{backend}");
        assert_eq!(rows(&t, "settings.password_rules").await.len(), 1);
    }
}

#[tokio::test]
async fn a_used_or_expired_link_is_refused_and_expiry_is_audited() {
    for backend in backends() {
        let clock = ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
                .single()
                .expect("time"),
        );
        let (app, db) = start_app_with_clock(backend, clock.clone()).await;
        app.seed_demo_accounts(&operator()).await.expect("demo");
        let sec = app
            .login("secadmin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        // The second factor is not this test's subject: the duty comes with a passed one.
        let mut actor = sec.actor.clone();
        actor.duty = Some(gowest_domain::account::AdminDuty::Security);
        let security = actor.security_admin().expect("security");
        let user = db
            .store
            .user_by_name("wuhan.admin")
            .await
            .expect("lookup")
            .expect("user");
        let keeper = app
            .account_keeper(&security, user.id)
            .await
            .expect("keeper");
        let ctx = Context::user(actor.clone(), None);
        let first = app.issue_reset_link(&keeper, &ctx).await.expect("link");
        let second = app.issue_reset_link(&keeper, &ctx).await.expect("link");
        use gowest_app::accounts::LinkRefusal;
        assert_eq!(
            app.password_link(&first.token, None).await.expect("state"),
            Err(LinkRefusal::Used),
            "{backend}: a newer link replaces the older"
        );
        clock.advance(Duration::hours(25));
        assert_eq!(
            app.set_password_by_link(&second.token, "Wuhan-New-Pass-1", None)
                .await
                .expect("state"),
            Err(LinkRefusal::Expired),
            "{backend}"
        );
        let expired = db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("user.password_link_expired".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .expect("rows");
        assert!(!expired.is_empty(), "{backend}");
        let auditor = db
            .store
            .user_by_name("auditor")
            .await
            .expect("lookup")
            .expect("user");
        assert!(
            matches!(
                app.account_keeper(&security, auditor.id).await,
                Err(AppError::Forbidden)
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn privileged_grants_wait_for_the_security_administrator() {
    for backend in backends() {
        let t = demo(backend).await;
        let sys = t.sign_in("sysadmin", DEMO_PASSWORD).await;
        let token = csrf(&t, &sys).await;
        let orgs = t.app.organisations_for_console().await.expect("orgs");
        let ministry = orgs
            .iter()
            .find(|o| o.place.kind() == gowest_domain::org::OrgKind::Ministry)
            .expect("ministry")
            .id;
        let ministry = ministry.to_string();
        let (status, html) = post(
            &t,
            &sys,
            "/console/users",
            &[
                ("csrf", &token),
                ("username", "new.minister"),
                ("display_name", "新管理员"),
                ("org_id", &ministry),
                ("role", "admin"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        assert!(!html.contains("data-temporary-password"), "{backend}");
        assert!(
            html.contains("data-reset-link"),
            "{backend}: a link to pass on"
        );
        let new = user_id(&t, "new.minister").await;
        assert!(
            t.db.store.memberships(new).await.expect("m").is_empty(),
            "{backend}: the system administrator alone makes no ministry administrator"
        );
        let grants = t.db.store.pending_grants().await.expect("grants");
        assert_eq!(grants.len(), 1, "{backend}");
        let grant = grants[0].id.to_string();
        // The system administrator cannot approve their own request.
        let (status, _) = post(
            &t,
            &sys,
            &format!("/console/grants/{grant}"),
            &[("csrf", &token), ("decision", "approve")],
        )
        .await;
        assert_eq!(status, 403, "{backend}");

        let sec = t.sign_in("secadmin", DEMO_PASSWORD).await;
        let sec_token = csrf(&t, &sec).await;
        let page = sec
            .get(format!("{}/console/users", t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(page.contains("data-pending-grants"), "{backend}");
        let (status, _) = post(
            &t,
            &sec,
            &format!("/console/grants/{grant}"),
            &[("csrf", &sec_token), ("decision", "approve")],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        let m = t.db.store.memberships(new).await.expect("m");
        assert_eq!(m.len(), 1, "{backend}");
        assert_eq!(m[0].role, gowest_domain::account::Role::Admin, "{backend}");
        let (status, _) = post(
            &t,
            &sec,
            &format!("/console/grants/{grant}"),
            &[("csrf", &sec_token), ("decision", "refuse")],
        )
        .await;
        assert_eq!(status, 400, "{backend}: decided once");
        assert_eq!(rows(&t, "grant.request").await.len(), 1, "{backend}");
        assert_eq!(rows(&t, "grant.approve").await.len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn disabling_revokes_sessions_and_api_tokens_at_once() {
    for backend in backends() {
        let t = demo(backend).await;
        let session = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let login = t
            .app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let (_, api_token) = t
            .app
            .create_api_token(&login, "对接", None)
            .await
            .expect("token");
        let sec = t.sign_in("secadmin", DEMO_PASSWORD).await;
        let token = csrf(&t, &sec).await;
        let id = user_id(&t, "chengdu.admin").await;
        let (status, _) = post(
            &t,
            &sec,
            &format!("/console/users/{id}/disable"),
            &[("csrf", &token)],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        let console = session
            .get(format!("{}/console", t.base_url))
            .send()
            .await
            .expect("console");
        assert_eq!(console.status(), 303, "{backend}: the session is gone");
        assert_eq!(api_status(&t, &api_token).await, 401, "{backend}");
        assert!(
            t.app
                .login("chengdu.admin", DEMO_PASSWORD, None)
                .await
                .is_err()
        );
        let (status, _) = post(
            &t,
            &sec,
            &format!("/console/users/{id}/enable"),
            &[("csrf", &token)],
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        t.app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("enabled again");
        assert_eq!(
            api_status(&t, &api_token).await,
            401,
            "{backend}: a revoked token stays revoked"
        );
        assert_eq!(rows(&t, "user.disable").await.len(), 1, "{backend}");
        assert_eq!(rows(&t, "user.enable").await.len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn expired_passwords_must_be_changed_and_reuse_is_refused() {
    for backend in backends() {
        let clock = ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
                .single()
                .expect("time"),
        );
        let (app, _db) = start_app_with_clock(backend, clock.clone()).await;
        app.seed_demo_accounts(&operator()).await.expect("demo");
        let fresh = app
            .login("hubei.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(!fresh.must_change_password, "{backend}");
        clock.advance(Duration::days(91));
        let old = app
            .login("hubei.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(old.must_change_password, "{backend}: 90 days by default");
        let again = app.session(&old.token).await.expect("s").expect("live");
        assert!(again.must_change_password, "{backend}");
        app.change_password(&old, DEMO_PASSWORD, "Hubei-Second-1", None)
            .await
            .expect("changed");
        let s = app
            .login("hubei.staff", "Hubei-Second-1", None)
            .await
            .expect("login");
        assert!(!s.must_change_password, "{backend}");
        app.change_password(&s, "Hubei-Second-1", "Hubei-Third-22", None)
            .await
            .expect("changed");
        let s = app
            .login("hubei.staff", "Hubei-Third-22", None)
            .await
            .expect("login");
        // Back to the first one: among the last five, refused with a clear message.
        match app
            .change_password(&s, "Hubei-Third-22", DEMO_PASSWORD, None)
            .await
        {
            Err(AppError::Invalid(v)) => {
                assert_eq!((v.0[0].field.as_str(), v.0[0].code), ("password", "reused"));
            }
            other => panic!("{backend}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn long_usernames_and_names_are_refused_in_every_path() {
    for backend in backends() {
        let t = demo(backend).await;
        let sys = t.sign_in("sysadmin", DEMO_PASSWORD).await;
        let token = csrf(&t, &sys).await;
        let org = t.app.organisations_for_console().await.expect("orgs")[0]
            .id
            .to_string();
        let long_user = "u".repeat(65);
        let long_name = "名".repeat(201);
        let before = t.app.users_for_console().await.expect("users").len();
        for (username, name, field) in [
            (long_user.as_str(), "张三", "username"),
            ("ok.user", long_name.as_str(), "display_name"),
        ] {
            let (status, html) = post(
                &t,
                &sys,
                "/console/users",
                &[
                    ("csrf", &token),
                    ("username", username),
                    ("display_name", name),
                    ("org_id", &org),
                    ("role", "staff"),
                ],
            )
            .await;
            assert_eq!(status, 400, "{backend}: {field}");
            // The domain's cap shows beside the form; a value over the web layer's own cap
            // (64 for usernames, 200 for names) is refused before the form, naming the field.
            assert!(
                html.contains("field-error") || html.contains(&format!("{field} 过长")),
                "{backend}: {field}"
            );
        }
        let (status, _) = post(
            &t,
            &sys,
            "/console/organisations",
            &[("csrf", &token), ("kind", "bank"), ("name_zh", &long_name)],
        )
        .await;
        assert_eq!(status, 400, "{backend}: organisation name");
        assert_eq!(
            t.app.users_for_console().await.expect("users").len(),
            before,
            "{backend}: nothing written"
        );
        // The operator's CLI path checks the same.
        let cli = t
            .app
            .add_user(
                AccountAuthority::Console(&operator()),
                &Context::system("cli"),
                NewAccount {
                    username: "ok.user".into(),
                    display_name: long_name.clone(),
                    password: "Strong-Password-42".into(),
                    duty: None,
                    memberships: Vec::new(),
                    must_change_password: true,
                    demo: false,
                },
            )
            .await;
        match cli {
            Err(AppError::Invalid(v)) => assert_eq!(v.0[0].field, "display_name"),
            other => panic!("{backend}: {other:?}"),
        }
        let sixty_four = "u".repeat(64);
        t.app
            .add_user(
                AccountAuthority::Console(&operator()),
                &Context::system("cli"),
                NewAccount {
                    username: sixty_four,
                    display_name: "名".repeat(200),
                    password: "Strong-Password-42".into(),
                    duty: None,
                    memberships: Vec::new(),
                    must_change_password: true,
                    demo: false,
                },
            )
            .await
            .expect("64 and 200 characters are fine");
    }
}

#[tokio::test]
async fn the_auditors_reads_and_exports_and_personal_data_reads_are_audited() {
    for backend in backends() {
        let t = demo(backend).await;
        let auditor = t.sign_in("auditor", DEMO_PASSWORD).await;
        for path in ["/console/audit", "/console/audit/export.xlsx"] {
            let status = auditor
                .get(format!("{}{path}", t.base_url))
                .send()
                .await
                .expect("get")
                .status();
            assert_eq!(status, 200, "{backend}: {path}");
        }
        for action in ["audit.view", "audit.export"] {
            let found = rows(&t, action).await;
            assert_eq!(found.len(), 1, "{backend}: {action}");
            assert_eq!(found[0].entry.actor_name, "auditor", "{backend}");
            assert!(
                found[0]
                    .entry
                    .after
                    .as_deref()
                    .unwrap_or("")
                    .contains("\"rows\""),
                "{backend}: the row count"
            );
        }
        let ministry = t
            .app
            .login("ministry.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        t.app
            .trainees(&ministry.actor, 10, 0)
            .await
            .expect("trainees");
        t.app
            .export_trainees(&ministry.actor)
            .await
            .expect("export");
        assert_eq!(rows(&t, "trainee.view").await.len(), 1, "{backend}");
        assert_eq!(rows(&t, "trainee.export").await.len(), 1, "{backend}");
        // A refused page is audited under the user who asked.
        let staff = t.sign_in("wuhan.admin", DEMO_PASSWORD).await;
        let status = staff
            .get(format!("{}/console/audit", t.base_url))
            .send()
            .await
            .expect("get")
            .status();
        assert_eq!(status, 403, "{backend}");
        assert!(
            rows(&t, "request.forbidden")
                .await
                .iter()
                .any(|r| r.entry.actor_name == "wuhan.admin"),
            "{backend}"
        );
        assert!(
            t.app.verify_audit().await.expect("verify").is_ok(),
            "{backend}: the chain holds"
        );
    }
}
