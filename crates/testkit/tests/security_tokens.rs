//! Security review findings 4 and 6, each attack reproduced and now refused, on every
//! backend: second-factor guessing, who needs a second factor, API token scope, expiry and
//! revocation, sealed TOTP secrets, the audit checkpoint, username probing through
//! `/register`, public metrics and a forged `X-Forwarded-For`.

use chrono::{Duration, TimeZone, Utc};
use gowest_app::AppError;
use gowest_app::api_tokens::{Capabilities, Capability, TokenRefusal, TokenRequest, TokenScope};
use gowest_app::audit::Context;
use gowest_app::auth::{LoginError, SecondFactor};
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::audit::{ChainBreak, link_hash};
use gowest_store::audit::AuditQuery;
use gowest_testkit::{
    ManualClock, TestBackend, backends, operator, scrape, spawn_app, spawn_app_with,
    start_app_with_clock, totp_code_at,
};

fn clock() -> ManualClock {
    ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
            .single()
            .expect("time"),
    )
}

async fn demo_app(backend: TestBackend) -> (gowest_app::App, gowest_testkit::TestDb, ManualClock) {
    let clock = clock();
    let (app, db) = start_app_with_clock(backend, clock.clone()).await;
    app.seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    (app, db, clock)
}

fn code(secret: &str, username: &str, clock: &ManualClock) -> String {
    use gowest_domain::clock::Clock;
    let now = u64::try_from(clock.now().timestamp()).expect("after 1970");
    totp_code_at(secret, username, now)
}

/// Signs `username` in and enrols a second factor; returns the secret.
async fn enrol(app: &gowest_app::App, username: &str, clock: &ManualClock) -> String {
    let first = app
        .login(username, DEMO_PASSWORD, None)
        .await
        .expect("password");
    assert_eq!(first.second_factor, SecondFactor::Enrol, "{username}");
    let offer = app.offer_totp(&first, None).await.expect("offer");
    let session = app
        .session(&first.token)
        .await
        .expect("lookup")
        .expect("live");
    app.confirm_totp(&session, &code(&offer.secret_base32, username, clock), None)
        .await
        .expect("enrolled");
    offer.secret_base32
}

#[tokio::test]
async fn the_sixth_code_after_five_wrong_ones_is_refused_even_if_right() {
    for backend in backends() {
        let (app, db, clock) = demo_app(backend).await;
        let secret = enrol(&app, "ministry.staff", &clock).await;
        clock.advance(Duration::minutes(1));
        let pending = app
            .login("ministry.staff", DEMO_PASSWORD, Some("198.51.100.7".into()))
            .await
            .expect("password");
        assert_eq!(pending.second_factor, SecondFactor::Verify, "{backend}");
        // Failures count from after the last successful sign-in.
        clock.advance(Duration::seconds(1));
        for attempt in 1..=5 {
            let refused = app
                .verify_totp(&pending, "000000", Some("198.51.100.7".into()))
                .await;
            let Err(AppError::Invalid(v)) = refused else {
                panic!("{backend}: attempt {attempt}: {refused:?}");
            };
            let expected = if attempt == 5 { "too_many" } else { "wrong" };
            assert_eq!(v.0[0].code, expected, "{backend}: attempt {attempt}");
        }
        assert!(
            app.session(&pending.token).await.expect("lookup").is_none(),
            "{backend}: the fifth wrong code ends the pending sign-in"
        );
        let right = code(&secret, "ministry.staff", &clock);
        assert!(
            app.verify_totp(&pending, &right, None).await.is_err(),
            "{backend}: the right code no longer passes"
        );
        assert!(
            app.session(&pending.token).await.expect("lookup").is_none(),
            "{backend}"
        );
        // Each wrong code counted as a failed sign-in: the account is now locked.
        assert!(
            matches!(
                app.login("ministry.staff", DEMO_PASSWORD, None).await,
                Err(LoginError::Locked(_))
            ),
            "{backend}: wrong codes count toward the account's lock"
        );
        let rows = db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("login.second_factor".into()),
                limit: 20,
                ..AuditQuery::default()
            })
            .await
            .expect("rows");
        assert_eq!(
            rows.iter()
                .filter(|r| r.entry.action == "login.second_factor_failed")
                .count(),
            4,
            "{backend}"
        );
        assert!(
            rows.iter()
                .any(|r| r.entry.action == "login.second_factor_locked"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn everyone_who_approves_money_or_registrations_must_pass_a_second_factor() {
    for backend in backends() {
        let (app, db, clock) = demo_app(backend).await;
        // Province and ministry writers, the bank: enrol before acting, and no token either.
        for user in [
            "sichuan.staff",
            "hubei.staff",
            "ministry.staff",
            "ministry.admin",
            "cdb.demo",
        ] {
            let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
            assert_eq!(
                session.second_factor,
                SecondFactor::Enrol,
                "{backend}: {user}"
            );
            assert!(
                matches!(
                    app.create_api_token(&session, "绕过", None).await,
                    Err(AppError::Forbidden)
                ),
                "{backend}: {user} makes no token before the second factor"
            );
        }
        // Zones and enterprises keep their own records: a password is enough…
        for user in ["chengdu.admin", "enterprise.demo", "agency.demo"] {
            let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
            assert_eq!(
                session.second_factor,
                SecondFactor::Passed,
                "{backend}: {user}"
            );
        }
        // …unless they choose one, from their account.
        let chosen = app
            .login("enterprise.demo", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let offer = app
            .offer_totp(&chosen, None)
            .await
            .expect("an offer to choose");
        let chosen = app
            .session(&chosen.token)
            .await
            .expect("lookup")
            .expect("live");
        app.confirm_totp(
            &chosen,
            &code(&offer.secret_base32, "enterprise.demo", &clock),
            None,
        )
        .await
        .expect("enrolled by choice");
        assert!(
            matches!(
                app.offer_totp(&chosen, None).await,
                Err(AppError::Forbidden)
            ),
            "{backend}: an enrolled secret is not replaced by choice"
        );
        clock.advance(Duration::minutes(1));
        let next = app
            .login("enterprise.demo", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert_eq!(next.second_factor, SecondFactor::Verify, "{backend}");

        // The column holds the secret sealed, never the base32 an authenticator shows.
        let raw: Vec<String> = db
            .store
            .user_by_name("enterprise.demo")
            .await
            .expect("user")
            .and_then(|u| u.totp_secret)
            .into_iter()
            .collect();
        assert_eq!(raw.len(), 1, "{backend}");
        assert!(raw[0].starts_with("enc1:"), "{backend}");
        assert!(!raw[0].contains(&offer.secret_base32), "{backend}");
        assert_eq!(
            db.count(&format!(
                "SELECT COUNT(*) FROM users WHERE totp_secret LIKE '%{}%'",
                offer.secret_base32
            ))
            .await,
            0,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_plain_secret_from_before_is_sealed_at_start_and_still_works() {
    for backend in backends() {
        let (_, db, clock) = demo_app(backend).await;
        let plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        db.raw_execute(&format!(
            "UPDATE users SET totp_secret = '{plain}' WHERE username = 'secadmin'"
        ))
        .await
        .expect("a secret kept before sealing");
        let app = gowest_app::App::start_with_clock(
            db.store.clone(),
            gowest_testkit::audit_key(),
            std::sync::Arc::new(clock.clone()),
        )
        .await
        .expect("restart");
        assert_eq!(
            db.count(&format!(
                "SELECT COUNT(*) FROM users WHERE totp_secret LIKE '%{plain}%'"
            ))
            .await,
            0,
            "{backend}: sealed at start"
        );
        let session = app
            .login("secadmin", DEMO_PASSWORD, None)
            .await
            .expect("password");
        assert_eq!(session.second_factor, SecondFactor::Verify, "{backend}");
        app.verify_totp(&session, &code(plain, "secadmin", &clock), None)
            .await
            .expect("the same secret still gives the codes");
    }
}

#[tokio::test]
async fn tokens_expire_and_die_with_a_password_change() {
    for backend in backends() {
        let (app, _db, clock) = demo_app(backend).await;
        let session = app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let short = TokenRequest {
            name: "短期".into(),
            scope: TokenScope::ReadOnly,
            capabilities: Capabilities::all(),
            days: Some(1),
        };
        let (_, brief) = app
            .create_api_token_with(&session, &short, None)
            .await
            .expect("token");
        let (_, default) = app
            .create_api_token(&session, "默认", None)
            .await
            .expect("token");
        for days in [Some(0), Some(366)] {
            let bad = TokenRequest {
                days,
                ..short.clone()
            };
            assert!(
                matches!(
                    app.create_api_token_with(&session, &bad, None).await,
                    Err(AppError::Invalid(v)) if v.0[0].field == "days"
                ),
                "{backend}: {days:?}"
            );
        }
        let grant = app
            .actor_for_api_token(&brief)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(grant.scope, TokenScope::ReadOnly, "{backend}");
        clock.advance(Duration::days(1) + Duration::seconds(1));
        assert!(
            matches!(
                app.actor_for_api_token(&brief).await.expect("lookup"),
                Err(TokenRefusal::Expired(_))
            ),
            "{backend}: a day later"
        );
        // The default lives 90 days.
        assert!(
            app.actor_for_api_token(&default)
                .await
                .expect("lookup")
                .is_ok()
        );
        let listed = app.api_tokens(&session).await.expect("list");
        assert!(
            listed.iter().any(|t| t.expired) && listed.iter().any(|t| !t.expired),
            "{backend}"
        );

        let session = app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        app.change_password(&session, DEMO_PASSWORD, "Another-Pass-2026", None)
            .await
            .expect("changed");
        assert!(
            matches!(
                app.actor_for_api_token(&default).await.expect("lookup"),
                Err(TokenRefusal::Revoked(_))
            ),
            "{backend}: a password change revokes every token"
        );
        clock.advance(Duration::days(90));
        let session = app
            .login("chengdu.admin", "Another-Pass-2026", None)
            .await
            .expect("login");
        let (_, fresh) = app
            .create_api_token(&session, "新", None)
            .await
            .expect("token");
        assert!(
            app.actor_for_api_token(&fresh)
                .await
                .expect("lookup")
                .is_ok()
        );
    }
}

#[tokio::test]
async fn over_http_a_read_only_token_cannot_write_and_a_dead_token_says_why() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let session = t.session("enterprise.demo", DEMO_PASSWORD).await;
        let make = |scope| TokenRequest {
            name: "对接".into(),
            scope,
            capabilities: Capabilities::all(),
            days: None,
        };
        let (_, reader) = t
            .app
            .create_api_token_with(&session, &make(TokenScope::ReadOnly), None)
            .await
            .expect("token");
        let (_, writer) = t
            .app
            .create_api_token_with(&session, &make(TokenScope::ReadWrite), None)
            .await
            .expect("token");
        let post = |token: String| {
            t.client
                .post(format!("{}/api/v1/demands", t.base_url))
                .bearer_auth(token)
                .json(&serde_json::json!({}))
                .send()
        };
        let refused = post(reader.clone()).await.expect("answer");
        assert_eq!(refused.status(), 403, "{backend}");
        let body = refused.text().await.expect("body");
        assert!(body.contains("token-read-only"), "{backend}: {body}");
        // The same request with a read-write token gets past the token (to the input check).
        let written = post(writer.clone()).await.expect("answer");
        assert_ne!(written.status(), 403, "{backend}");
        assert_ne!(written.status(), 401, "{backend}");
        // Reading is what a read-only token is for.
        let read = t
            .client
            .get(format!("{}/api/v1/demands", t.base_url))
            .bearer_auth(&reader)
            .send()
            .await
            .expect("answer");
        assert_eq!(read.status(), 200, "{backend}");

        t.db.raw_execute(&format!(
            "UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE user_id = {}",
            session.actor.user_id
        ))
        .await
        .expect("expire");
        let expired = post(writer.clone()).await.expect("answer");
        assert_eq!(expired.status(), 401, "{backend}");
        assert_eq!(
            expired
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "{backend}"
        );
        assert!(
            expired
                .text()
                .await
                .expect("body")
                .contains("token-expired"),
            "{backend}"
        );

        let session = t.session("wuhan.admin", DEMO_PASSWORD).await;
        let (_, token) = t
            .app
            .create_api_token(&session, "对接", None)
            .await
            .expect("token");
        t.app
            .change_password(&session, DEMO_PASSWORD, "Another-Pass-2026", None)
            .await
            .expect("changed");
        let revoked = t
            .client
            .get(format!("{}/api/v1/demands", t.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .expect("answer");
        assert_eq!(revoked.status(), 401, "{backend}");
        assert!(
            revoked
                .text()
                .await
                .expect("body")
                .contains("token-revoked"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_token_limited_to_prices_reaches_prices_and_nothing_else() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let session = t.session("enterprise.demo", DEMO_PASSWORD).await;
        let request = TokenRequest {
            name: "价格报送系统".into(),
            scope: TokenScope::ReadWrite,
            capabilities: Capabilities::only([Capability::Prices]),
            days: None,
        };
        let (_, token) = t
            .app
            .create_api_token_with(&session, &request, None)
            .await
            .expect("token");
        let get = |path: &str| {
            t.client
                .get(format!("{}{path}", t.base_url))
                .bearer_auth(&token)
                .send()
        };
        for path in [
            "/api/v1/prices/catalogue",
            "/api/v1/prices/overview",
            "/api/v1/me",
        ] {
            let answer = get(path).await.expect("answer");
            assert_eq!(answer.status(), 200, "{backend}: {path}");
        }
        for path in [
            "/api/v1/enterprise/demands",
            "/api/v1/funds/applications",
            "/api/v1/pipeline",
        ] {
            let answer = get(path).await.expect("answer");
            assert_eq!(answer.status(), 403, "{backend}: {path}");
            let body = answer.text().await.expect("body");
            assert!(
                body.contains("token-capability"),
                "{backend}: {path}: {body}"
            );
        }
        // Writing within the capability gets past the token (to the input check).
        let write = t
            .client
            .post(format!("{}/api/v1/demands", t.base_url))
            .bearer_auth(&token)
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("answer");
        assert_eq!(write.status(), 403, "{backend}: demands are not prices");
        let listed = t.app.api_tokens(&session).await.expect("tokens");
        assert_eq!(listed[0].capabilities.listed(), &[Capability::Prices]);
    }
}

#[tokio::test]
async fn a_checkpoint_catches_a_chain_rewritten_with_the_key() {
    for backend in backends() {
        let (app, db, clock) = demo_app(backend).await;
        let secret = enrol(&app, "auditor", &clock).await;
        app.login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("some rows");
        clock.advance(Duration::seconds(30));
        let pending = app
            .login("auditor", DEMO_PASSWORD, None)
            .await
            .expect("password");
        app.verify_totp(&pending, &code(&secret, "auditor", &clock), None)
            .await
            .expect("second factor");
        let session = app
            .session(&pending.token)
            .await
            .expect("lookup")
            .expect("live");
        let right = session.actor.audit_admin().expect("an auditor");
        let ctx = Context::user(session.actor.clone(), None);
        let point = app
            .audit_checkpoint(&right, &ctx)
            .await
            .expect("checkpoint");
        let rechecked = gowest_domain::audit::Checkpoint::parse(&point.to_string())
            .expect("what is shown parses back");
        assert_eq!(
            app.verify_audit_against(Some(&rechecked))
                .await
                .expect("verify")
                .map(|n| n > 5),
            Ok(true),
            "{backend}"
        );
        // Rows after the checkpoint are still checked.
        app.login("wuhan.admin", DEMO_PASSWORD, None)
            .await
            .expect("a later row");
        assert!(
            app.verify_audit_against(Some(&point))
                .await
                .expect("verify")
                .is_ok(),
            "{backend}"
        );

        // Someone with database access and the key changes row 3 and recomputes the chain.
        let disable = match backend {
            TestBackend::Sqlite => "DROP TRIGGER audit_log_no_update",
            TestBackend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER USER",
        };
        db.raw_execute(disable)
            .await
            .expect("a DBA drops the guard");
        db.raw_execute("UPDATE audit_log SET actor_name = 'someone.else' WHERE id = 3")
            .await
            .expect("tamper");
        assert_eq!(
            app.verify_audit_against(Some(&point))
                .await
                .expect("verify"),
            Err(ChainBreak::Altered { id: 3 }),
            "{backend}: a changed row before the checkpoint"
        );
        let key = b"gowest test audit key, 32 bytes or more";
        let all = db.store.audit_batch(0, 10_000).await.expect("rows");
        let mut prev = gowest_domain::audit::GENESIS.to_owned();
        let mut rewrite = String::new();
        for row in &all {
            let hash = link_hash(key, row.id, &prev, &row.entry);
            rewrite.push_str(&format!(
                "UPDATE audit_log SET prev_hash = '{prev}', hash = '{hash}' WHERE id = {};\n",
                row.id
            ));
            prev = hash;
        }
        db.raw_execute(&rewrite).await.expect("rewrite the chain");
        assert!(
            app.verify_audit().await.expect("verify").is_ok(),
            "{backend}: the rewritten chain is consistent in itself"
        );
        assert_eq!(
            app.verify_audit_against(Some(&point))
                .await
                .expect("verify"),
            Err(ChainBreak::CheckpointMismatch { id: point.id }),
            "{backend}: only the checkpoint tells"
        );
    }
}

#[tokio::test]
async fn the_auditor_records_and_rechecks_a_checkpoint_from_the_console() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let auditor = t.sign_in("auditor", DEMO_PASSWORD).await;
        let page = auditor
            .get(format!("{}/console/audit", t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        let csrf = scrape(&page, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let recorded = auditor
            .post(format!("{}/console/audit/checkpoint", t.base_url))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("checkpoint");
        assert_eq!(recorded.status(), 200, "{backend}");
        let html = recorded.text().await.expect("html");
        let point = scrape(&html, "data-checkpoint>")
            .expect("the checkpoint is shown")
            .to_owned();
        let verify = |checkpoint: String| {
            auditor
                .post(format!("{}/console/audit/verify", t.base_url))
                .form(&[("csrf", csrf.clone()), ("checkpoint", checkpoint)])
                .send()
        };
        let checked = verify(point.clone()).await.expect("verify");
        assert_eq!(checked.status(), 200, "{backend}");
        let html = checked.text().await.expect("html");
        assert!(html.contains("一致"), "{backend}: {html}");
        let (id, _) = point.split_once(':').expect("ID:HASH");
        let wrong = format!("{id}:{}", "0".repeat(64));
        assert_eq!(
            verify(wrong).await.expect("verify").status(),
            409,
            "{backend}"
        );
        assert_eq!(
            verify("nonsense".into()).await.expect("verify").status(),
            400,
            "{backend}"
        );
        // Another account's session cannot.
        let zone = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let refused = zone
            .post(format!("{}/console/audit/checkpoint", t.base_url))
            .form(&[("csrf", "x")])
            .send()
            .await
            .expect("answer");
        assert_eq!(refused.status(), 403, "{backend}");
        let actions: Vec<String> =
            t.db.store
                .audit_rows(&AuditQuery {
                    action_prefix: Some("audit.".into()),
                    limit: 10,
                    ..AuditQuery::default()
                })
                .await
                .expect("rows")
                .into_iter()
                .map(|r| r.entry.action)
                .collect();
        assert!(actions.iter().any(|a| a == "audit.checkpoint"), "{backend}");
        assert!(actions.iter().any(|a| a == "audit.verify"), "{backend}");
    }
}

/// Status and answer panel of `/register` for a company signing up as `username` (the same
/// company each time: a refused sign-up files nothing, so its credit code stays free).
async fn register_answer(base: &str, username: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let html = client
        .get(format!("{base}/register"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let token = scrape(&html, r#"name="form_token" value=""#)
        .expect("token")
        .to_owned();
    let response = client
        .post(format!("{base}/register"))
        .form(&[
            ("form_token", token.as_str()),
            ("company_name", "成都演示制造有限公司"),
            ("credit_code", "91350100M000100Y43"),
            ("province_code", "510000"),
            ("contact_name", "张经理"),
            ("username", username),
            ("password", "Maker-Password-7"),
        ])
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    let html = response.text().await.expect("html");
    // The answer panel: what the page says (the frame around it may carry per-request values).
    let panel = html
        .find(r#"<div class="auth">"#)
        .and_then(|start| {
            let rest = &html[start..];
            rest.find("</div>").map(|end| rest[..end].to_owned())
        })
        .unwrap_or(html);
    (status, panel)
}

#[tokio::test]
async fn register_answers_the_same_for_a_taken_and_a_free_username() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let taken = register_answer(&t.base_url, "chengdu.admin").await;
        let free = register_answer(&t.base_url, "cd.maker").await;
        assert_eq!(taken.0, 200, "{backend}");
        assert!(taken.1.contains("注册已提交"), "{backend}: {}", taken.1);
        assert_eq!(taken, free, "{backend}: the same answer either way");
        // Nothing was filed for the taken name; the clash is in the audit log.
        assert!(
            t.app
                .login("cd.maker", "Maker-Password-7", None)
                .await
                .is_ok(),
            "{backend}"
        );
        assert!(
            matches!(
                t.app.login("chengdu.admin", "Maker-Password-7", None).await,
                Err(LoginError::WrongCredentials)
            ),
            "{backend}"
        );
        let refused =
            t.db.store
                .audit_rows(&AuditQuery {
                    action_prefix: Some("organisation.register_refused".into()),
                    limit: 5,
                    ..AuditQuery::default()
                })
                .await
                .expect("rows");
        assert_eq!(refused.len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn metrics_need_the_token_and_are_hidden_without_one() {
    for backend in backends() {
        let hidden = spawn_app(backend).await;
        assert_eq!(hidden.get("/metrics").await.status(), 404, "{backend}");

        let token = "a-metrics-token-of-some-length";
        let guarded = spawn_app_with(
            backend,
            gowest_web::WebSettings {
                metrics_token: Some(token.into()),
                ..gowest_web::WebSettings::default()
            },
        )
        .await;
        assert_eq!(guarded.get("/metrics").await.status(), 401, "{backend}");
        let wrong = guarded
            .client
            .get(format!("{}/metrics", guarded.base_url))
            .bearer_auth("a-metrics-token-of-some-lengtH")
            .send()
            .await
            .expect("answer");
        assert_eq!(wrong.status(), 401, "{backend}");
        guarded.get("/api/v1/zones").await;
        let right = guarded
            .client
            .get(format!("{}/metrics", guarded.base_url))
            .bearer_auth(token)
            .send()
            .await
            .expect("answer");
        assert_eq!(right.status(), 200, "{backend}");
        assert!(
            right
                .text()
                .await
                .expect("text")
                .contains("http_requests_total"),
            "{backend}"
        );
    }
}

/// The address a failed sign-in is recorded under, when sent with `X-Forwarded-For`.
async fn recorded_address(t: &gowest_testkit::TestApp) -> Option<String> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let html = client
        .get(format!("{}/login", t.base_url))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let token = scrape(&html, r#"name="form_token" value=""#)
        .expect("token")
        .to_owned();
    let response = client
        .post(format!("{}/login", t.base_url))
        .header("x-forwarded-for", "203.0.113.50, 198.51.100.9")
        .form(&[
            ("username", "nobody"),
            ("password", "Wrong-Password-1"),
            ("form_token", token.as_str()),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 401);
    t.db.store
        .audit_rows(&AuditQuery {
            action_prefix: Some("login.failed".into()),
            limit: 1,
            ..AuditQuery::default()
        })
        .await
        .expect("rows")
        .into_iter()
        .next()
        .and_then(|r| r.entry.ip)
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
    for backend in backends() {
        let direct = spawn_app(backend).await;
        assert_eq!(
            recorded_address(&direct).await.as_deref(),
            Some("127.0.0.1"),
            "{backend}: a client cannot choose its address"
        );
        let proxied = spawn_app_with(
            backend,
            gowest_web::WebSettings {
                trusted_proxies: gowest_web::parse_trusted_proxies(&[
                    "127.0.0.0/8".into(),
                    "198.51.100.9".into(),
                ])
                .expect("proxies"),
                ..gowest_web::WebSettings::default()
            },
        )
        .await;
        // Both the peer and the last hop are trusted proxies: the client is the one before.
        assert_eq!(
            recorded_address(&proxied).await.as_deref(),
            Some("203.0.113.50"),
            "{backend}"
        );
    }
}
