//! Accounts, sessions, permissions and the audit log, on every backend.

use chrono::{Duration, TimeZone, Utc};
use gowest_app::AppError;
use gowest_app::accounts::{AccountAuthority, NewAccount};
use gowest_app::audit::Context;
use gowest_app::auth::LoginError;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::account::{AdminDuty, Role};
use gowest_domain::audit::ChainBreak;
use gowest_store::audit::AuditQuery;
use gowest_testkit::{ManualClock, TestBackend, backends, operator, start_app_with_clock};

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

async fn actions(db: &gowest_testkit::TestDb) -> Vec<String> {
    let rows = db
        .store
        .audit_rows(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .await
        .expect("audit rows");
    rows.into_iter().map(|r| r.entry.action).collect()
}

#[tokio::test]
async fn sign_in_works_and_every_attempt_is_audited() {
    for backend in backends() {
        let (app, db, _) = demo_app(backend).await;
        let ip = Some("192.0.2.7".to_owned());
        let session = app
            .login("Chengdu.Admin", DEMO_PASSWORD, ip.clone())
            .await
            .expect("login");
        assert_eq!(session.actor.username, "chengdu.admin", "{backend}");
        assert!(session.actor.demo, "{backend}");
        let again = app
            .session(&session.token)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(again.actor, session.actor, "{backend}");
        assert!(
            app.session("forged-token").await.expect("lookup").is_none(),
            "{backend}"
        );

        let wrong = app
            .login("chengdu.admin", "wrong-Password-1", ip.clone())
            .await;
        assert!(
            matches!(wrong, Err(LoginError::WrongCredentials)),
            "{backend}"
        );
        let unknown = app.login("nobody", "wrong-Password-1", ip.clone()).await;
        assert!(
            matches!(unknown, Err(LoginError::WrongCredentials)),
            "{backend}: same answer"
        );

        app.logout(&session, ip).await.expect("logout");
        assert!(
            app.session(&session.token).await.expect("lookup").is_none(),
            "{backend}"
        );
        let log = actions(&db).await;
        for action in [
            "login",
            "login.failed",
            "logout",
            "user.create",
            "organisation.create",
        ] {
            assert!(
                log.iter().any(|a| a == action),
                "{backend}: {action} not audited"
            );
        }
        assert_eq!(
            app.verify_audit().await.expect("verify"),
            Ok(log.len() as u64),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn ten_wrong_passwords_in_a_row_lock_the_account() {
    for backend in backends() {
        let (app, _db, clock) = demo_app(backend).await;
        let mut locked_at = None;
        for attempt in 1..=10 {
            match app
                .login(
                    "wuhan.admin",
                    "Wrong-Password-9",
                    Some(format!("198.51.100.{attempt}")),
                )
                .await
            {
                Err(LoginError::WrongCredentials) => {}
                Err(LoginError::Locked(_)) => {
                    locked_at.get_or_insert(attempt);
                }
                other => panic!("{backend}: {other:?}"),
            }
        }
        assert_eq!(locked_at, Some(6), "{backend}: locked after five failures");
        let right = app.login("wuhan.admin", DEMO_PASSWORD, None).await;
        assert!(
            matches!(right, Err(LoginError::Locked(_))),
            "{backend}: even the right password waits"
        );
        clock.advance(Duration::minutes(16));
        assert!(
            app.login("wuhan.admin", DEMO_PASSWORD, None).await.is_ok(),
            "{backend}: unlocked later"
        );
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_after_twelve_hours() {
    for backend in backends() {
        let (app, _db, clock) = demo_app(backend).await;
        let idle = app
            .login("hubei.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        clock.advance(Duration::minutes(31));
        assert!(
            app.session(&idle.token).await.expect("lookup").is_none(),
            "{backend}: idle"
        );

        let busy = app
            .login("hubei.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        for _ in 0..26 {
            clock.advance(Duration::minutes(29));
            let live = app.session(&busy.token).await.expect("lookup").is_some();
            if !live {
                break;
            }
        }
        assert!(
            app.session(&busy.token).await.expect("lookup").is_none(),
            "{backend}: absolute"
        );
    }
}

#[tokio::test]
async fn zone_staff_edit_their_own_zone_with_before_and_after_audited() {
    for backend in backends() {
        let (app, db, _) = demo_app(backend).await;
        let session = app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let own = session.actor.own_zone().expect("a zone account");
        let editor = session.actor.zone_editor(own).expect("may edit own zone");
        let wuhan = app
            .login("wuhan.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(
            session
                .actor
                .zone_editor(wuhan.actor.own_zone().expect("zone"))
                .is_none(),
            "{backend}"
        );

        let mut form = app.zone_form(&editor).expect("form");
        form.land_price_yuan_per_m2 = "388.50".into();
        form.name_zh = "改名企图".into();
        let ctx = Context::user(session.actor.clone(), Some("127.0.0.1".into()));
        let zone = app
            .update_zone_profile(&editor, &ctx, form.clone())
            .await
            .expect("update");
        assert_eq!(
            zone.fields.land_price_fen_per_m2.map(|f| f.0),
            Some(38_850),
            "{backend}"
        );
        assert_eq!(
            zone.fields.name_zh, "成都经济技术开发区",
            "{backend}: the name is the register's"
        );
        let rows = db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("zone.".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .expect("rows");
        let row = &rows[0].entry;
        assert_eq!(
            (row.action.as_str(), row.actor_name.as_str()),
            ("zone.update", "chengdu.admin")
        );
        assert!(
            row.after.as_deref().is_some_and(|a| a.contains("38850")),
            "{backend}"
        );
        assert!(
            row.before.is_some() && row.ip.as_deref() == Some("127.0.0.1"),
            "{backend}"
        );

        let before = app.zone(own).expect("zone");
        form.land_price_yuan_per_m2 = "-1".into();
        let err = app
            .update_zone_profile(&editor, &ctx, form)
            .await
            .expect_err("invalid");
        assert!(matches!(err, AppError::Invalid(_)), "{backend}");
        assert_eq!(
            app.zone(own).expect("zone"),
            before,
            "{backend}: nothing written"
        );
    }
}

#[tokio::test]
async fn a_user_in_two_organisations_switches_between_them() {
    for backend in backends() {
        let (app, _db, _) = demo_app(backend).await;
        let session = app
            .login("sichuan.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert_eq!(session.memberships.len(), 2, "{backend}");
        let zone_org = session
            .memberships
            .iter()
            .find(|m| m.role == Role::ReadOnly)
            .map(|m| m.org.id)
            .expect("read-only zone membership");
        app.switch_organisation(&session, zone_org, None)
            .await
            .expect("switch");
        let now = app
            .session(&session.token)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(
            now.actor.acting.as_ref().map(|m| m.org.id),
            Some(zone_org),
            "{backend}"
        );
        assert!(
            now.actor
                .zone_editor(now.actor.own_zone().expect("zone"))
                .is_none(),
            "{backend}: read-only"
        );
        let err = app
            .switch_organisation(&session, 999_999, None)
            .await
            .expect_err("not a member");
        assert!(matches!(err, AppError::Forbidden), "{backend}");
    }
}

#[tokio::test]
async fn administrators_hold_one_duty_and_no_business_role() {
    for backend in backends() {
        let (app, _db, _) = demo_app(backend).await;
        let ctx = Context::system("cli");
        let account = |duty, memberships| NewAccount {
            username: "double.hat".into(),
            display_name: "兼任".into(),
            password: "Strong-Password-42".into(),
            duty,
            memberships,
            must_change_password: true,
            demo: false,
        };
        let orgs = app.organisations_for_console().await.expect("orgs");
        let err = app
            .add_user(
                AccountAuthority::Console(&operator()),
                &ctx,
                account(Some(AdminDuty::Audit), vec![(orgs[0].id, Role::Admin)]),
            )
            .await
            .expect_err("refused");
        assert!(
            matches!(err, AppError::Invalid(v) if v.0[0].field == "duty"),
            "{backend}"
        );
        let weak = NewAccount {
            password: "weak".into(),
            ..account(None, vec![])
        };
        assert!(
            app.add_user(AccountAuthority::Console(&operator()), &ctx, weak)
                .await
                .is_err(),
            "{backend}"
        );
        app.add_user(
            AccountAuthority::Console(&operator()),
            &ctx,
            account(Some(AdminDuty::Audit), vec![]),
        )
        .await
        .expect("one duty alone");
        let taken = app
            .add_user(
                AccountAuthority::Console(&operator()),
                &ctx,
                account(None, vec![]),
            )
            .await;
        assert!(
            matches!(taken, Err(AppError::Invalid(v)) if v.0[0].code == "taken"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn console_accounts_must_change_their_password_first() {
    for backend in backends() {
        let (app, _db, _) = demo_app(backend).await;
        let temp = gowest_app::accounts::temporary_password().expect("password");
        let ctx = Context::system("cli");
        let account = NewAccount {
            username: "new.clerk".into(),
            display_name: "新职员".into(),
            password: temp.clone(),
            duty: None,
            memberships: vec![],
            must_change_password: true,
            demo: false,
        };
        app.add_user(AccountAuthority::Console(&operator()), &ctx, account)
            .await
            .expect("created");
        let session = app.login("new.clerk", &temp, None).await.expect("login");
        assert!(session.must_change_password, "{backend}");
        let err = app
            .change_password(&session, "not-it", "Brand-New-Pass-1", None)
            .await;
        assert!(matches!(err, Err(AppError::Invalid(_))), "{backend}");
        app.change_password(&session, &temp, "Brand-New-Pass-1", None)
            .await
            .expect("changed");
        let after = app
            .login("new.clerk", "Brand-New-Pass-1", None)
            .await
            .expect("login");
        assert!(!after.must_change_password, "{backend}");
    }
}

#[tokio::test]
async fn the_audit_log_is_append_only_and_tampering_is_detected() {
    for backend in backends() {
        let (app, db, _) = demo_app(backend).await;
        app.login("auditor", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(
            db.raw_execute("UPDATE audit_log SET actor_name = 'x' WHERE id = 2")
                .await
                .is_err(),
            "{backend}"
        );
        assert!(
            db.raw_execute("DELETE FROM audit_log WHERE id = 2")
                .await
                .is_err(),
            "{backend}"
        );
        assert!(
            app.verify_audit().await.expect("verify").is_ok(),
            "{backend}"
        );

        let disable = match backend {
            TestBackend::Sqlite => "DROP TRIGGER audit_log_no_update",
            TestBackend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER USER",
        };
        db.raw_execute(disable)
            .await
            .expect("a DBA can drop the guard");
        db.raw_execute("UPDATE audit_log SET actor_name = 'someone.else' WHERE id = 3")
            .await
            .expect("tamper");
        assert_eq!(
            app.verify_audit().await.expect("verify"),
            Err(ChainBreak::Altered { id: 3 }),
            "{backend}"
        );
    }
}

fn code(secret: &str, username: &str, clock: &ManualClock) -> String {
    use gowest_domain::clock::Clock;
    let now = u64::try_from(clock.now().timestamp()).expect("after 1970");
    gowest_testkit::totp_code_at(secret, username, now)
}

#[tokio::test]
async fn administrators_act_only_after_a_second_factor() {
    use gowest_app::auth::SecondFactor;
    for backend in backends() {
        let (app, db, clock) = demo_app(backend).await;
        let first = app
            .login("auditor", DEMO_PASSWORD, None)
            .await
            .expect("password");
        assert_eq!(first.second_factor, SecondFactor::Enrol, "{backend}");
        assert!(
            first.actor.audit_admin().is_none(),
            "{backend}: no right before the second factor"
        );
        let session = app
            .session(&first.token)
            .await
            .expect("lookup")
            .expect("live");
        let offer = app.offer_totp(&session, None).await.expect("offer");
        assert!(
            offer.otpauth_url.starts_with("otpauth://totp/"),
            "{backend}"
        );
        let session = app
            .session(&first.token)
            .await
            .expect("lookup")
            .expect("live");
        let again = app.offer_totp(&session, None).await.expect("same offer");
        assert_eq!(
            again.secret_base32, offer.secret_base32,
            "{backend}: a reload keeps the secret"
        );
        assert!(
            app.confirm_totp(&session, "000000", None).await.is_err(),
            "{backend}"
        );
        let good = code(&offer.secret_base32, "auditor", &clock);
        app.confirm_totp(&session, &good, None)
            .await
            .expect("enrolled");
        let session = app
            .session(&first.token)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(session.second_factor, SecondFactor::Passed, "{backend}");
        assert!(session.actor.audit_admin().is_some(), "{backend}");

        clock.advance(Duration::minutes(1));
        let next = app
            .login("auditor", DEMO_PASSWORD, None)
            .await
            .expect("password");
        assert_eq!(next.second_factor, SecondFactor::Verify, "{backend}");
        assert!(
            app.verify_totp(&next, "123456", None).await.is_err(),
            "{backend}"
        );
        // The database keeps the secret sealed; the user has it from the enrolment.
        let secret = offer.secret_base32.clone();
        app.verify_totp(&next, &code(&secret, "auditor", &clock), None)
            .await
            .expect("verified");
        let next = app
            .session(&next.token)
            .await
            .expect("lookup")
            .expect("live");
        assert!(next.actor.audit_admin().is_some(), "{backend}");

        // The same code a second time, in the same 30 seconds: a replay, refused (RFC 6238 §5.2).
        let replay = app
            .login("auditor", DEMO_PASSWORD, None)
            .await
            .expect("password");
        let used = code(&secret, "auditor", &clock);
        assert!(
            app.verify_totp(&replay, &used, None).await.is_err(),
            "{backend}: replay"
        );
        clock.advance(Duration::seconds(30));
        let fresh = code(&secret, "auditor", &clock);
        app.verify_totp(&replay, &fresh, None)
            .await
            .expect("the next step's code");
        let log = actions(&db).await;
        for action in [
            "user.totp_enrol",
            "login.second_factor",
            "login.second_factor_failed",
        ] {
            assert!(log.iter().any(|a| a == action), "{backend}: {action}");
        }
    }
}

#[tokio::test]
async fn api_tokens_act_as_their_user_until_revoked() {
    for backend in backends() {
        let (app, db, _) = demo_app(backend).await;
        let session = app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let (id, token) = app
            .create_api_token(&session, "数据对接", None)
            .await
            .expect("token");
        assert!(token.starts_with("gw_"), "{backend}");
        let listed = app.api_tokens(&session).await.expect("list");
        assert_eq!(listed.len(), 1, "{backend}");
        let actor = app
            .actor_for_api_token(&token)
            .await
            .expect("lookup")
            .expect("valid")
            .actor;
        assert_eq!(actor.username, "chengdu.admin", "{backend}");
        assert_eq!(actor.own_zone(), session.actor.own_zone(), "{backend}");
        assert!(
            app.actor_for_api_token("gw_forged")
                .await
                .expect("lookup")
                .is_err(),
            "{backend}"
        );

        let other = app
            .login("wuhan.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(
            app.revoke_api_token(&other, id, None).await.is_err(),
            "{backend}: not theirs"
        );
        app.revoke_api_token(&session, id, None)
            .await
            .expect("revoke");
        assert!(
            app.actor_for_api_token(&token)
                .await
                .expect("lookup")
                .is_err(),
            "{backend}"
        );
        let stored: Vec<String> = db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("api_token".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .expect("rows")
            .into_iter()
            .map(|r| r.entry.after.unwrap_or_default())
            .collect();
        assert!(
            stored.iter().all(|a| !a.contains(&token)),
            "{backend}: the token is never logged"
        );
    }
}

#[tokio::test]
async fn an_enterprise_registers_and_its_province_approves_it() {
    use gowest_app::registration::Registration;
    for backend in backends() {
        let (app, db, _) = demo_app(backend).await;
        let form = Registration {
            company_name: "成都演示制造有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            province_code: "510000".into(),
            contact_name: "张经理".into(),
            username: "cd.maker".into(),
            password: "Maker-Password-7".into(),
        };
        let bad = Registration {
            credit_code: "91350100M000100Y44".into(),
            username: "chengdu.admin".into(),
            ..form.clone()
        };
        let err = app
            .register_enterprise(bad, None)
            .await
            .expect_err("bad check digit");
        assert!(
            matches!(&err, AppError::Invalid(v) if v.0.iter().any(|e| e.field == "credit_code")),
            "{backend}"
        );
        let taken = Registration {
            username: "chengdu.admin".into(),
            ..form.clone()
        };
        let orgs_before = app.organisations_for_console().await.expect("orgs").len();
        assert_eq!(
            app.register_enterprise(taken, None)
                .await
                .expect("answered"),
            None,
            "{backend}: a taken username files nothing (and is not said to be taken)"
        );
        assert_eq!(
            app.organisations_for_console().await.expect("orgs").len(),
            orgs_before,
            "{backend}: nothing half-written"
        );

        let org_id = app
            .register_enterprise(form, Some("203.0.113.9".into()))
            .await
            .expect("registered")
            .expect("filed");
        let maker = app
            .login("cd.maker", "Maker-Password-7", None)
            .await
            .expect("can sign in");
        assert_eq!(
            maker.actor.scope(),
            gowest_domain::access::Scope::Public,
            "{backend}: pending acts for nothing"
        );

        let hubei = app
            .login("hubei.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        assert!(
            app.pending_registrations(&hubei.actor)
                .await
                .expect("list")
                .is_empty(),
            "{backend}"
        );
        let sichuan = app
            .login("sichuan.staff", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let pending = app
            .pending_registrations(&sichuan.actor)
            .await
            .expect("list");
        assert_eq!(
            pending.iter().map(|o| o.id).collect::<Vec<_>>(),
            [org_id],
            "{backend}"
        );
        let approver = sichuan.actor.org_approver(&pending[0]).expect("may decide");
        let ctx = Context::user(sichuan.actor.clone(), None);
        app.decide_registration(&approver, &ctx, true)
            .await
            .expect("approved");
        assert!(
            app.decide_registration(&approver, &ctx, false)
                .await
                .is_err(),
            "{backend}: decided once"
        );
        let maker = app
            .session(&maker.token)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(
            maker.actor.scope(),
            gowest_domain::access::Scope::Organisation(org_id),
            "{backend}"
        );
        assert!(
            actions(&db)
                .await
                .iter()
                .any(|a| a == "organisation.approve"),
            "{backend}"
        );
    }
}
