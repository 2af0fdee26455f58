//! To-dos on every backend: a fund application is an item of whoever must act next and
//! closes when it moves; overdue items are raised to the province, then the ministry; the
//! projection built step by step equals one rebuilt from the records; two instances
//! projecting at once open each item once; the inbox over HTTP, in the console and the API.

use chrono::{Duration, Utc};
use gowest_app::App;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::funds::{ActionInput, ProgrammeEdit};
use gowest_app::todos::Inbox;
use gowest_domain::access::Actor;
use gowest_domain::funds::ApplicationInput;
use gowest_domain::todos::TodoKind;
use gowest_testkit::{ManualClock, TestBackend, TestDb, backends, operator, start_app_with_clock};

struct Env {
    app: App,
    db: TestDb,
    clock: ManualClock,
}

/// The demo accounts and every fund programme's call opened around today.
async fn env(backend: TestBackend) -> Env {
    let clock = ManualClock::new(Utc::now());
    let (app, db) = start_app_with_clock(backend, clock.clone()).await;
    open_calls(&app).await;
    Env { app, db, clock }
}

async fn open_calls(app: &App) {
    app.seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let ministry = ctx(app, "ministry.staff").await;
    let today = Utc::now().date_naive();
    let edit = ProgrammeEdit {
        opens_on: (today - chrono::Days::new(30)).to_string(),
        closes_on: (today + chrono::Days::new(30)).to_string(),
        ..ProgrammeEdit::default()
    };
    for p in app.fund_programmes().await.expect("programmes") {
        app.edit_fund_programme(&ministry, p.programme.id, &edit)
            .await
            .expect("call opened");
    }
}

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

/// A policy-loan request of `ctx`'s zone, submitted (Chengdu is western, Wuhan central).
async fn submitted(app: &App, ctx: &Context, title: &str) -> i64 {
    let western = actor(ctx).username.starts_with("chengdu");
    let code = if western {
        "cdb-west-2007"
    } else {
        "cdb-central-2007"
    };
    let programme = app
        .fund_programmes()
        .await
        .expect("programmes")
        .into_iter()
        .find(|p| p.programme.code == code)
        .expect("a policy-loan programme");
    let input = ApplicationInput {
        title: title.into(),
        project_name: format!("{title}工程"),
        purpose: "environmental_protection".into(),
        amount_yuan: "3000000".into(),
        ..ApplicationInput::default()
    };
    let a = app
        .create_fund_application(ctx, programme.programme.id, &input)
        .await
        .expect("draft");
    act(app, ctx, a.id, "submit").await;
    a.id
}

async fn act(app: &App, ctx: &Context, id: i64, action: &str) {
    let input = ActionInput {
        action: action.into(),
        comment: "请补充环评批复".into(),
        ..ActionInput::default()
    };
    app.act_on_fund_application(ctx, id, &input)
        .await
        .unwrap_or_else(|e| panic!("{action}: {e:?}"));
}

impl Env {
    async fn ctx(&self, user: &str) -> Context {
        ctx(&self.app, user).await
    }

    async fn inbox(&self, ctx: &Context) -> Inbox {
        self.app.inbox(actor(ctx)).await.expect("inbox")
    }

    async fn submitted(&self, ctx: &Context, title: &str) -> i64 {
        submitted(&self.app, ctx, title).await
    }

    async fn act(&self, ctx: &Context, id: i64, action: &str) {
        act(&self.app, ctx, id, action).await;
    }
}

fn actor(ctx: &Context) -> &Actor {
    ctx.actor.as_ref().expect("a signed-in context")
}

/// (kind, record) of the open items.
fn own(inbox: &Inbox) -> Vec<(TodoKind, i64)> {
    inbox.own.iter().map(|t| (t.kind, t.record_id)).collect()
}

#[tokio::test]
async fn a_fund_application_waits_on_whoever_acts_next_and_its_item_closes_when_it_moves() {
    for backend in backends() {
        let e = env(backend).await;
        let (chengdu, sichuan, hubei) = (
            e.ctx("chengdu.admin").await,
            e.ctx("sichuan.staff").await,
            e.ctx("hubei.staff").await,
        );
        let ministry = e.ctx("ministry.staff").await;
        let id = e.submitted(&chengdu, "成都污水处理厂二期").await;

        let inbox = e.inbox(&sichuan).await;
        assert_eq!(own(&inbox), [(TodoKind::FundReview, id)], "{backend}");
        let item = &inbox.own[0];
        assert_eq!(item.link, format!("/console/funds/{id}"));
        assert!(
            item.title.starts_with("成都") && item.title.ends_with("：成都污水处理厂二期"),
            "{backend}: the applicant and the title: {}",
            item.title
        );
        assert_eq!(
            item.due_on,
            inbox.today + chrono::Days::new(10),
            "{backend}"
        );
        assert!(
            own(&e.inbox(&hubei).await).is_empty(),
            "{backend}: not Hubei's"
        );
        assert!(
            own(&e.inbox(&ministry).await).is_empty(),
            "{backend}: not yet"
        );

        e.act(&sichuan, id, "province_approve").await;
        let inbox = e.inbox(&sichuan).await;
        assert!(own(&inbox).is_empty(), "{backend}: the province is done");
        assert_eq!(
            inbox.done.iter().map(|t| t.record_id).collect::<Vec<_>>(),
            [id],
            "{backend}: and sees it among the items done"
        );
        assert_eq!(
            own(&e.inbox(&ministry).await),
            [(TodoKind::FundReview, id)],
            "{backend}"
        );

        e.act(&ministry, id, "return").await;
        assert!(own(&e.inbox(&ministry).await).is_empty(), "{backend}");
        assert_eq!(
            own(&e.inbox(&chengdu).await),
            [(TodoKind::FundReturned, id)],
            "{backend}: back with the zone"
        );
        let next = e
            .app
            .new_fund_version(&chengdu, id)
            .await
            .expect("version 2");
        assert!(
            own(&e.inbox(&chengdu).await).is_empty(),
            "{backend}: a new version answers the return (a draft waits on nobody)"
        );
        e.act(&chengdu, next.id, "submit").await;
        assert_eq!(
            own(&e.inbox(&sichuan).await),
            [(TodoKind::FundReview, next.id)],
            "{backend}: version 2 is the province's again"
        );
        // Reading the inbox is not a change: no audit rows, no events of its own.
        let events = e.db.count("SELECT COUNT(*) FROM change_log").await;
        e.inbox(&sichuan).await;
        assert_eq!(
            e.db.count("SELECT COUNT(*) FROM change_log").await,
            events,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_overdue_item_is_raised_to_the_province_then_to_the_ministry() {
    for backend in backends() {
        let e = env(backend).await;
        let (chengdu, sichuan) = (e.ctx("chengdu.admin").await, e.ctx("sichuan.staff").await);
        let (ministry, hubei) = (e.ctx("ministry.staff").await, e.ctx("hubei.staff").await);
        let id = e.submitted(&chengdu, "成都综合保税区物流中心").await;
        e.act(&sichuan, id, "return").await;
        assert_eq!(
            own(&e.inbox(&chengdu).await),
            [(TodoKind::FundReturned, id)],
            "{backend}"
        );
        let raised = |inbox: &Inbox| -> Vec<(String, i64)> {
            inbox
                .raised
                .iter()
                .map(|r| (r.org_name.clone(), r.todo.record_id))
                .collect()
        };
        // A returned application gives its zone 15 days.
        e.clock.advance(Duration::days(15));
        assert!(
            raised(&e.inbox(&sichuan).await).is_empty(),
            "{backend}: due today"
        );
        e.clock.advance(Duration::days(1));
        let zone_name = e.inbox(&chengdu).await.own[0].org_id;
        let sichuan_raised = raised(&e.inbox(&sichuan).await);
        assert_eq!(sichuan_raised.len(), 1, "{backend}: {sichuan_raised:?}");
        assert_eq!(sichuan_raised[0].1, id);
        assert!(
            sichuan_raised[0].0.contains("成都"),
            "{backend}: {zone_name}"
        );
        assert!(
            raised(&e.inbox(&hubei).await).is_empty(),
            "{backend}: not Hubei's"
        );
        assert!(
            raised(&e.inbox(&ministry).await).is_empty(),
            "{backend}: the province has its own time limit first"
        );
        e.clock.advance(Duration::days(15));
        assert_eq!(
            raised(&e.inbox(&ministry).await)
                .into_iter()
                .map(|(_, id)| id)
                .collect::<Vec<_>>(),
            [id],
            "{backend}: 30 days late, the ministry hears of it"
        );
        // Acting closes it everywhere.
        e.app
            .new_fund_version(&chengdu, id)
            .await
            .expect("version 2");
        assert!(raised(&e.inbox(&ministry).await).is_empty(), "{backend}");
        assert!(raised(&e.inbox(&sichuan).await).is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn to_dos_built_event_by_event_equal_those_rebuilt_from_the_records() {
    for backend in backends() {
        let e = env(backend).await;
        let (chengdu, sichuan) = (e.ctx("chengdu.admin").await, e.ctx("sichuan.staff").await);
        let (ministry, wuhan) = (e.ctx("ministry.staff").await, e.ctx("wuhan.admin").await);
        e.app.catch_up_todos().await.expect("first build");
        let a = e.submitted(&chengdu, "甲").await;
        let b = e.submitted(&chengdu, "乙").await;
        let c = e.submitted(&wuhan, "丙").await;
        e.act(&sichuan, a, "province_approve").await;
        e.act(&sichuan, b, "return").await;
        e.act(&ministry, a, "approve").await;
        let _ = c;
        e.app.catch_up_todos().await.expect("step by step");
        let open = "SELECT kind || ':' || org_id || ':' || record_id FROM todos \
                    WHERE closed_at IS NULL ORDER BY 1";
        let stepwise = lines(&e.db, open).await;
        assert_eq!(stepwise.len(), 3, "{backend}: {stepwise:?}");

        e.db.raw_execute("DELETE FROM todos").await.expect("reset");
        e.db.raw_execute("DELETE FROM projection_cursors")
            .await
            .expect("reset");
        e.app.catch_up_todos().await.expect("rebuilt");
        assert_eq!(lines(&e.db, open).await, stepwise, "{backend}");
    }
}

#[tokio::test]
async fn two_instances_projecting_at_once_open_each_item_once() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        e.app.catch_up_todos().await.expect("first build");
        let other = App::start_with_clock(
            e.db.store.clone(),
            gowest_testkit::audit_key(),
            std::sync::Arc::new(e.clock.clone()),
        )
        .await
        .expect("a second instance");
        let mut ids = Vec::new();
        for n in 0..12 {
            ids.push(e.submitted(&chengdu, &format!("申请{n}")).await);
        }
        let (one, two) = tokio::join!(e.app.catch_up_todos(), other.catch_up_todos());
        one.expect("first instance");
        two.expect("second instance");
        assert_eq!(
            e.db.count("SELECT COUNT(*) FROM todos WHERE closed_at IS NULL")
                .await,
            12,
            "{backend}: one item per application"
        );
    }
}

async fn lines(db: &TestDb, sql: &str) -> Vec<String> {
    db.texts(sql).await
}

#[tokio::test]
async fn the_inbox_over_http_the_sidebar_count_the_dashboard_and_the_api() {
    use gowest_testkit::spawn_app;
    for backend in backends() {
        let t = spawn_app(backend).await;
        open_calls(&t.app).await;
        let chengdu = ctx(&t.app, "chengdu.admin").await;
        let id = submitted(&t.app, &chengdu, "<b>成都</b>污水处理厂").await;

        let browser = t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let page = |path: &'static str| {
            let browser = browser.clone();
            let url = format!("{}{path}", t.base_url);
            async move {
                let r = browser.get(url).send().await.expect("page");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let (status, html) = page("/console/todos").await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            html.contains(&format!("href=\"/console/funds/{id}\"")),
            "{backend}"
        );
        assert!(
            html.contains("：&#60;b&#62;成都&#60;/b&#62;污水处理厂") && !html.contains("<b>成都"),
            "{backend}: the title is escaped"
        );
        assert!(
            html.contains("class=\"count\""),
            "{backend}: the sidebar counts it"
        );
        let (status, html) = page("/console").await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            html.contains("/console/todos?kind=fund_review"),
            "{backend}: the dashboard links the queue"
        );
        assert!(
            html.contains("data-dashboard-targets") && html.contains("data-target=\"technicians\""),
            "{backend}: and shows the province's share of the programme's targets"
        );
        let (status, _) = page("/console/todos?kind=fund_review").await;
        assert_eq!(status, 200, "{backend}");
        let (status, html) = page("/console/todos?kind=nonsense").await;
        assert_eq!(status, 400, "{backend}: an unknown kind is refused");
        assert!(html.contains("kind"), "{backend}: naming the field");

        let session = t.session("sichuan.staff", DEMO_PASSWORD).await;
        let (_, token) = t
            .app
            .create_api_token(&session, "待办", None)
            .await
            .expect("token");
        let r = t
            .client
            .get(format!("{}/api/v1/todos", t.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .expect("api");
        assert_eq!(r.status().as_u16(), 200, "{backend}");
        let body: serde_json::Value = r.json().await.expect("json");
        assert_eq!(body["own"][0]["record_id"], id, "{backend}: {body}");
        assert_eq!(body["own"][0]["kind"], "fund_review", "{backend}");
        assert_eq!(body["counts"][0]["open"], 1, "{backend}");
        let anonymous = t
            .client
            .get(format!("{}/api/v1/todos", t.base_url))
            .send()
            .await
            .expect("api");
        assert_eq!(anonymous.status().as_u16(), 401, "{backend}");
    }
}

#[tokio::test]
async fn a_pending_milestone_waits_on_every_party_until_it_is_done() {
    use gowest_domain::cooperation::{AgreementInput, MilestoneInput, MilestoneUpdate};
    for backend in backends() {
        let e = env(backend).await;
        let (suzhou, chengdu) = (e.ctx("suzhou.admin").await, e.ctx("chengdu.admin").await);
        let zone = |name: &str| {
            e.app
                .directory()
                .zones
                .iter()
                .find(|l| l.zone.fields.name_zh == name)
                .map(|l| l.zone.id)
                .expect("a demo zone")
        };
        let input = AgreementInput {
            kind: "industrial_transfer".into(),
            title: "苏蓉产业转移合作框架协议".into(),
            lead_zone_id: zone("苏州工业园区").to_string(),
            partner_zone_ids: zone("成都经济技术开发区").to_string(),
            signed_on: "2007-04-26".into(),
            content: "共建产业转移园区，引导电子信息企业西进".into(),
            target_enterprises: "30".into(),
            target_investment_yuan: "2000000000".into(),
            target_jobs: "10000".into(),
            ministry_support: String::new(),
        };
        let agreement = e
            .app
            .create_agreement(&suzhou, &input, false)
            .await
            .expect("agreement")
            .agreement;
        let due = (Utc::now() + Duration::days(60)).date_naive();
        let milestone = e
            .app
            .add_milestone(
                &suzhou,
                agreement.id,
                &MilestoneInput {
                    title: "首批10家企业入园".into(),
                    due_on: due.to_string(),
                },
            )
            .await
            .expect("milestone");
        for party in [&suzhou, &chengdu] {
            let inbox = e.inbox(party).await;
            assert_eq!(
                own(&inbox),
                [(TodoKind::MilestoneDue, milestone.id)],
                "{backend}"
            );
            assert_eq!(
                inbox.own[0].due_on, due,
                "{backend}: the milestone's own date"
            );
            assert_eq!(
                inbox.own[0].link,
                format!("/console/agreements/{}", agreement.id)
            );
        }
        e.app
            .update_milestone(
                &chengdu,
                agreement.id,
                milestone.id,
                &MilestoneUpdate {
                    status: "done".into(),
                    done_on: Utc::now().date_naive().to_string(),
                    note: String::new(),
                },
            )
            .await
            .expect("done");
        for party in [&suzhou, &chengdu] {
            assert!(own(&e.inbox(party).await).is_empty(), "{backend}");
        }
    }
}

#[tokio::test]
async fn a_market_without_prices_at_two_pm_waits_on_its_clerks_until_it_reports() {
    use chrono::TimeZone;
    use gowest_domain::markets::MarketInput;
    use gowest_domain::prices::ReportInput;
    for backend in backends() {
        // 09:00 in Beijing (01:00 UTC): yesterday's deadline is the last one passed.
        let day = Utc::now().date_naive();
        let clock =
            ManualClock::new(Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).expect("09:00")));
        let (app, db) = start_app_with_clock(backend, clock.clone()).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let clerk = ctx(&app, "enterprise.demo").await;
        let market = app
            .create_market(
                &operator(),
                &MarketInput {
                    name_zh: "成都农产品中心批发市场".into(),
                    province_code: "510000".into(),
                    org_id: actor(&clerk).org_id(),
                    ..MarketInput::default()
                },
                false,
            )
            .await
            .expect("market")
            .id;
        let e = Env { app, db, clock };
        let report = |date: chrono::NaiveDate| {
            vec![ReportInput {
                product: "大白菜".into(),
                unit: "斤".into(),
                price: "0.65".into(),
                volume: "1000".into(),
                date: date.to_string(),
                ..ReportInput::default()
            }]
        };
        // Yesterday's deadline passed with no report: the clerks' organisation is waited on.
        let inbox = e.inbox(&clerk).await;
        assert_eq!(
            own(&inbox),
            [(TodoKind::PriceReportMissing, market)],
            "{backend}"
        );
        assert_eq!(inbox.own[0].since, day.pred_opt().expect("yesterday"));
        // Reporting today's prices in the morning answers it.
        e.app
            .report_prices(&clerk, market, &report(day), 1)
            .await
            .expect("reported");
        assert!(own(&e.inbox(&clerk).await).is_empty(), "{backend}");
        // 14:00 passes with today's report in: nothing. Tomorrow's passes without: waited on.
        e.clock.advance(Duration::hours(6));
        assert!(own(&e.inbox(&clerk).await).is_empty(), "{backend}");
        e.clock.advance(Duration::days(1));
        assert_eq!(
            own(&e.inbox(&clerk).await),
            [(TodoKind::PriceReportMissing, market)],
            "{backend}: the next day's deadline passed unreported"
        );
    }
}

#[tokio::test]
async fn a_filed_return_waits_on_its_province_and_a_returned_one_on_its_zone() {
    for backend in backends() {
        let e = env(backend).await;
        e.app
            .seed_demo_returns(&operator())
            .await
            .expect("demo returns");
        let (sichuan, chengdu) = (e.ctx("sichuan.staff").await, e.ctx("chengdu.admin").await);
        let (hubei, wuhan) = (e.ctx("hubei.staff").await, e.ctx("wuhan.admin").await);
        let of_kind = |inbox: &Inbox, kind: TodoKind| -> Vec<(i64, String, String)> {
            inbox
                .own
                .iter()
                .filter(|t| t.kind == kind)
                .map(|t| (t.record_id, t.title.clone(), t.link.clone()))
                .collect()
        };
        // The demo leaves Chengdu's 2026 half-year return filed and Wuhan's returned.
        let filed = of_kind(&e.inbox(&sichuan).await, TodoKind::ReturnReview);
        assert_eq!(filed.len(), 1, "{backend}: {filed:?}");
        let (id, title, link) = &filed[0];
        assert!(
            title.starts_with("成都") && title.contains("2026"),
            "{backend}: {title}"
        );
        assert!(link.starts_with("/console/returns/"), "{backend}: {link}");
        assert!(
            of_kind(&e.inbox(&hubei).await, TodoKind::ReturnReview).is_empty(),
            "{backend}: not Hubei's"
        );
        assert_eq!(
            of_kind(&e.inbox(&wuhan).await, TodoKind::ReturnReturned).len(),
            1,
            "{backend}: back with Wuhan"
        );
        assert!(
            of_kind(&e.inbox(&chengdu).await, TodoKind::ReturnReturned).is_empty(),
            "{backend}"
        );
        e.app.accept_return(&sichuan, *id).await.expect("accepted");
        assert!(
            of_kind(&e.inbox(&sichuan).await, TodoKind::ReturnReview).is_empty(),
            "{backend}: accepting answers it"
        );
    }
}
