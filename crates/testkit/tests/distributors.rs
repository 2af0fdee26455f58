//! Wholesale markets, distributors and their pilot programmes on every backend: a province
//! registers distributors (one by one and by spreadsheet, all rows or none, each bad row and
//! column named) and only in its own province; a market applies to a pilot programme and is
//! held to its region's thresholds and support standard (the west's are relaxed: what an
//! eastern applicant is refused, a western one is granted); approval marks the market a pilot,
//! and approval beyond the region's slots is refused writing nothing.

use chrono::Utc;
use gowest_app::App;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::distributors::DistributorFilter;
use gowest_app::funds::{ActionInput, ProgrammeEdit};
use gowest_domain::access::{Actor, Membership};
use gowest_domain::account::Role;
use gowest_domain::distributors::DistributorInput;
use gowest_domain::funds::application::Status;
use gowest_domain::funds::pilot::PilotInput;
use gowest_domain::funds::{ApplicationInput, ProgrammePool};
use gowest_domain::ids::CreditCode;
use gowest_domain::markets::MarketInput;
use gowest_domain::org::{OrgPlace, OrgStatus};
use gowest_domain::region::ProvinceCode;
use gowest_store::users::NewUser;
use gowest_testkit::{ManualClock, TestDb, backends, fixture_tx, operator, start_app_with_clock};

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

fn distributor(name: &str, code: &str, province: &str) -> DistributorInput {
    DistributorInput {
        name_zh: name.into(),
        credit_code: code.into(),
        province_code: province.into(),
        county: "双流区".into(),
        business: "cold_chain_logistics".into(),
        annual_turnover_yuan: "450000000".into(),
        storage_tonnes: "15000".into(),
        trading_area_m2: "6000".into(),
        org_id: String::new(),
        pilot: "否".into(),
    }
}

fn code(first17: &str) -> String {
    CreditCode::complete(first17).expect("code").to_string()
}

fn fields(r: &Result<impl std::fmt::Debug, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(v)) => v.0.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected a refusal naming fields: {other:?}"),
    }
}

/// A market's own organisation (an enterprise in `province`) with one writing user.
async fn market_org(app: &App, db: &TestDb, name: &str, first17: &str, province: &str) -> Context {
    let now = Utc::now();
    let mut tx = fixture_tx(&db.store).await;
    let place = OrgPlace::Enterprise {
        credit_code: CreditCode::complete(first17).expect("code"),
        province_code: ProvinceCode::parse(province).expect("province"),
    };
    let org_id = tx
        .insert_organisation(name, None, &place, OrgStatus::Active, now)
        .await
        .expect("org");
    let username = format!("clerk.{first17}");
    let user_id = tx
        .insert_user(
            &NewUser {
                username: &username,
                display_name: "市场填报员",
                password_hash: "not used: the test acts without signing in",
                must_change_password: false,
                duty: None,
                demo: false,
            },
            now,
        )
        .await
        .expect("user");
    tx.set_membership(user_id, org_id, Role::Staff)
        .await
        .expect("membership");
    tx.commit_fixture().await.expect("commit");
    let org = db.store.organisation(org_id).await.expect("org");
    let sichuan = ctx(app, "sichuan.staff").await;
    if province == "510000" {
        app.register_market(
            &sichuan,
            &MarketInput {
                name_zh: name.into(),
                province_code: province.into(),
                county: "双流区".into(),
                pilot: false,
                org_id: Some(org_id),
            },
        )
        .await
        .expect("market registered");
    }
    Context::user(
        Actor {
            user_id,
            username,
            display_name: "市场填报员".into(),
            duty: None,
            acting: Some(Membership {
                org,
                role: Role::Staff,
            }),
            demo: false,
        },
        None,
    )
}

fn application(turnover: &str, cost: &str, amount: &str) -> ApplicationInput {
    ApplicationInput {
        title: "交易大厅改造".into(),
        project_name: "交易大厅及冷库改造".into(),
        purpose: "market_upgrade".into(),
        amount_yuan: amount.into(),
        pilot: PilotInput {
            annual_turnover_yuan: turnover.into(),
            trading_area_m2: "120000".into(),
            storage_tonnes: String::new(),
            years_in_operation: "6".into(),
            project_cost_yuan: cost.into(),
        },
        ..ApplicationInput::default()
    }
}

async fn act(app: &App, ctx: &Context, id: i64, action: &str) -> Result<(), AppError> {
    let input = ActionInput {
        action: action.into(),
        ..ActionInput::default()
    };
    app.act_on_fund_application(ctx, id, &input)
        .await
        .map(|_| ())
}

async fn programme(app: &App, code: &str) -> ProgrammePool {
    app.fund_programmes()
        .await
        .expect("programmes")
        .into_iter()
        .find(|p| p.programme.code == code)
        .expect("shipped")
}

#[tokio::test]
async fn provinces_register_distributors_all_or_nothing() {
    for backend in backends() {
        let clock = ManualClock::new(Utc::now());
        let (app, db) = start_app_with_clock(backend, clock).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let sichuan = ctx(&app, "sichuan.staff").await;
        let hubei = ctx(&app, "hubei.staff").await;
        let good = distributor(
            "四川蜀冷链物流有限公司",
            &code("91510100MA6C00001"),
            "510000",
        );
        let made = app
            .create_distributor(&sichuan, &good, false)
            .await
            .expect("registered");
        assert_eq!(
            made.annual_turnover.0, 45_000_000_000,
            "{backend}: exact fen"
        );
        // Another province's staff may not register in Sichuan; the public may not at all.
        assert!(matches!(
            app.create_distributor(&hubei, &good, false).await,
            Err(AppError::Forbidden)
        ));
        let again = app.create_distributor(&sichuan, &good, false).await;
        assert_eq!(fields(&again), ["credit_code"], "{backend}: duplicate");
        // The right code with another check character.
        let mut wrong = good.credit_code.clone();
        let last = wrong.pop().expect("a character");
        wrong.push(if last == '0' { '1' } else { '0' });
        let bad = DistributorInput {
            credit_code: wrong,
            storage_tonnes: "-5".into(),
            ..good.clone()
        };
        assert_eq!(
            fields(&app.create_distributor(&sichuan, &bad, false).await),
            ["credit_code", "storage_tonnes"]
        );
        let edit = DistributorInput {
            pilot: "是".into(),
            ..good.clone()
        };
        let edited = app
            .update_distributor(&sichuan, made.id, &edit)
            .await
            .expect("edited");
        assert!(edited.pilot);
        assert!(matches!(
            app.update_distributor(&hubei, made.id, &edit).await,
            Err(AppError::Forbidden)
        ));

        // A sheet with a bad third row (a negative turnover) writes nothing and names it.
        let header = "企业名称,统一社会信用代码,省份代码,县（市、区）,主营业务,年营业额（元）,仓储/冷链能力（吨）,交易/分拣面积（平方米）,机构编号,试点企业";
        let row = |name: &str, c: &str, turnover: &str| {
            format!("{name},{c},510000,郫县,农产品批发,{turnover},800,20000,,否")
        };
        let sheet = format!(
            "{header}\n{}\n{}\n",
            row(
                "成都农产品配送有限公司",
                &code("91510100MA6C00002"),
                "300000000"
            ),
            row("四川鲜达农产品有限公司", &code("91510100MA6C00003"), "-1"),
        );
        let refused = app
            .import_distributors(&sichuan, "d.csv", sheet.as_bytes())
            .await;
        let Err(AppError::RowsRejected(rows)) = refused else {
            panic!("{backend}: rows refused: {refused:?}")
        };
        assert_eq!(
            rows.iter()
                .map(|r| (r.row, r.column.as_str()))
                .collect::<Vec<_>>(),
            [(3, "F 年营业额（元）")],
            "{backend}"
        );
        assert_eq!(db.count("SELECT COUNT(*) FROM agri_distributors").await, 1);
        let sheet = sheet.replace(",-1,", ",210000000.5,");
        assert_eq!(
            app.import_distributors(&sichuan, "d.csv", sheet.as_bytes())
                .await
                .expect("imported"),
            2
        );
        let (page, total) = app
            .distributors(DistributorFilter {
                province_code: Some("510000".into()),
                pilot: Some(false),
                limit: 10,
                ..DistributorFilter::default()
            })
            .await
            .expect("list");
        assert_eq!((page.len(), total), (2, 2), "{backend}");
        assert!(matches!(
            app.distributors(DistributorFilter {
                limit: 501,
                ..DistributorFilter::default()
            })
            .await,
            Err(AppError::Invalid(_))
        ));
        // The export is the import's format: the register reads back row for row.
        let xlsx = app.export_distributors().await.expect("export");
        let (app2, _db2) = start_app_with_clock(backend, ManualClock::new(Utc::now())).await;
        app2.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let sichuan2 = ctx(&app2, "sichuan.staff").await;
        assert_eq!(
            app2.import_distributors(&sichuan2, "d.xlsx", &xlsx)
                .await
                .expect("re-imported"),
            3
        );
        let overview = app.markets_overview().await.expect("overview");
        let west = overview
            .regions
            .iter()
            .find(|r| r.region == gowest_domain::region::Region::West)
            .expect("west");
        assert_eq!((west.distributors, west.pilot_distributors), (3, 1));
        assert_eq!(overview.programmes.len(), 2, "two pilot programmes");
    }
}

#[tokio::test]
async fn pilot_entry_is_relaxed_in_the_west_and_slots_are_kept() {
    for backend in backends() {
        let clock = ManualClock::new(Utc::now());
        let (app, db) = start_app_with_clock(backend, clock).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let pp = programme(&app, "wholesale-market-pilot-2007").await;
        let id = pp.programme.id;
        // The shipped 2007 call closed long ago: the ministry opens it around today.
        let today = Utc::now().date_naive();
        let open = ProgrammeEdit {
            opens_on: (today - chrono::Days::new(30)).to_string(),
            closes_on: (today + chrono::Days::new(30)).to_string(),
            ..ProgrammeEdit::default()
        };
        app.edit_fund_programme(&ctx(&app, "ministry.staff").await, id, &open)
            .await
            .expect("call opened");
        let pp = programme(&app, "wholesale-market-pilot-2007").await;
        let chengdu = market_org(
            &app,
            &db,
            "成都农产品中心批发市场",
            "91510100MA6C00011",
            "510000",
        )
        .await;
        let guangzhou = market_org(
            &app,
            &db,
            "广州江南果菜批发市场",
            "91440100MA5C00012",
            "440000",
        )
        .await;
        let sichuan = ctx(&app, "sichuan.staff").await;
        let ministry = ctx(&app, "ministry.staff").await;

        // 6亿元 of turnover: below the east's 20亿元, above the west's 5亿元.
        let east = app
            .create_fund_application(
                &guangzhou,
                id,
                &application("600000000", "10000000", "1000000"),
            )
            .await;
        assert_eq!(fields(&east), ["annual_turnover_yuan"], "{backend}");
        let small = app
            .create_fund_application(
                &chengdu,
                id,
                &application("400000000", "10000000", "1000000"),
            )
            .await;
        assert_eq!(fields(&small), ["annual_turnover_yuan"], "{backend}");
        // The west funds 40% of the cost: 4,000,000.00 of 10,000,000.00, not a fen more.
        let greedy = app
            .create_fund_application(
                &chengdu,
                id,
                &application("600000000", "10000000", "4000000.01"),
            )
            .await;
        assert_eq!(fields(&greedy), ["amount_yuan"], "{backend}");
        // A draft without the size may be saved; submitting it names what is missing.
        let half = app
            .create_fund_application(
                &chengdu,
                id,
                &ApplicationInput {
                    pilot: PilotInput::default(),
                    ..application("", "", "1000000")
                },
            )
            .await
            .expect("a draft may be half-filled");
        let missing = act(&app, &chengdu, half.id, "submit").await;
        assert_eq!(
            fields(&missing),
            [
                "annual_turnover_yuan",
                "trading_area_m2",
                "years_in_operation",
                "project_cost_yuan"
            ],
            "{backend}"
        );
        let a = app
            .create_fund_application(
                &chengdu,
                id,
                &application("600000000", "10000000", "4000000"),
            )
            .await
            .expect("within the west's terms");
        assert_eq!(a.requested.0, 400_000_000);
        act(&app, &chengdu, a.id, "submit").await.expect("submit");
        act(&app, &sichuan, a.id, "province_approve")
            .await
            .expect("province");
        // The list is kept in memory; the approval below must not leave it stale.
        let listed = app.markets().await.expect("markets");
        assert!(
            listed
                .iter()
                .any(|m| m.name_zh == "成都农产品中心批发市场" && !m.pilot),
            "{backend}: not a pilot before the approval"
        );
        act(&app, &ministry, a.id, "approve")
            .await
            .expect("approve");
        let market = app
            .markets()
            .await
            .expect("markets")
            .iter()
            .find(|m| m.name_zh == "成都农产品中心批发市场")
            .cloned()
            .expect("market");
        assert!(market.pilot, "{backend}: the approval made it a pilot");

        // One western slot left: the ministry edits the programme data to keep one, so the
        // next western approval is refused and nothing moves.
        let mut p = pp.programme.clone();
        for t in &mut p.eligibility.regional_terms {
            t.pilot_slots = 1;
        }
        let mut tx = fixture_tx(&db.store).await;
        tx.update_fund_programme(&p, pp.totals.size, Utc::now())
            .await
            .expect("edit");
        tx.commit_fixture().await.expect("commit");
        let second = market_org(
            &app,
            &db,
            "绵阳农产品批发市场",
            "91510700MA6C00013",
            "510000",
        )
        .await;
        let b = app
            .create_fund_application(&second, id, &application("600000000", "2000000", "500000"))
            .await
            .expect("draft");
        act(&app, &second, b.id, "submit").await.expect("submit");
        act(&app, &sichuan, b.id, "province_approve")
            .await
            .expect("province");
        let before = app.fund_programme(id).await.expect("programme").totals;
        let refused = act(&app, &ministry, b.id, "approve").await;
        assert_eq!(fields(&refused), ["action"], "{backend}: no slot left");
        let after = app.fund_programme(id).await.expect("programme");
        assert_eq!(after.totals, before, "{backend}: nothing committed");
        let view = app
            .fund_application(ministry.actor.as_ref().expect("actor"), b.id)
            .await
            .expect("view");
        assert_eq!(view.application.status, Status::ProvinceReviewed);
        // The existing programmes have no regional terms and behave as before.
        let sme = programme(&app, "sme-market-2007").await;
        assert!(sme.programme.eligibility.regional_terms.is_empty());
    }
}

#[tokio::test]
async fn the_demo_has_a_few_dozen_distributors_with_interior_pilots() {
    for backend in backends() {
        let (app, _db) = start_app_with_clock(backend, ManualClock::new(Utc::now())).await;
        let made = app.seed_demo_distributors(&operator()).await.expect("demo");
        assert!((30..=80).contains(&made), "{backend}: {made}");
        assert_eq!(
            app.seed_demo_distributors(&operator())
                .await
                .expect("again"),
            0
        );
        let overview = app.markets_overview().await.expect("overview");
        for r in &overview.regions {
            let interior = matches!(
                r.region,
                gowest_domain::region::Region::Central | gowest_domain::region::Region::West
            );
            assert_eq!(interior, r.pilot_distributors > 0, "{backend}: {r:?}");
        }
    }
}

#[tokio::test]
async fn the_api_registers_with_a_token_answers_400_and_404_and_the_page_shows_the_terms() {
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
            .create_api_token(&session, "流通企业登记", None)
            .await
            .expect("token")
            .1;
        let url = format!("{}/api/v1/distributors", t.base_url);
        let good = json!({
            "name_zh": "四川蜀冷链物流有限公司", "credit_code": code("91510100MA6C00021"),
            "province_code": "510000", "business": "cold_chain_logistics",
            "annual_turnover_yuan": "450000000", "storage_tonnes": "15000", "trading_area_m2": "6000"
        });
        let mut bad = good.clone();
        bad["annual_turnover_yuan"] = json!("-3");
        let refused = t
            .client
            .post(url.clone())
            .bearer_auth(token.clone())
            .json(&bad)
            .send()
            .await
            .expect("request");
        assert_eq!(refused.status().as_u16(), 400, "{backend}");
        let text = refused.text().await.expect("body");
        assert!(text.contains("annual_turnover_yuan"), "{text}");
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM agri_distributors").await,
            0
        );
        let created = t
            .client
            .post(url.clone())
            .bearer_auth(token.clone())
            .json(&good)
            .send()
            .await
            .expect("request");
        assert_eq!(created.status().as_u16(), 201, "{backend}");
        let d: Value = created.json().await.expect("json");
        let one = t.get(&format!("/api/v1/distributors/{}", d["id"])).await;
        assert_eq!(one.status().as_u16(), 200);
        assert_eq!(
            t.get("/api/v1/distributors/999999").await.status().as_u16(),
            404
        );
        assert_eq!(t.get("/api/v1/distributors/x").await.status().as_u16(), 404);
        assert_eq!(
            t.get("/api/v1/distributors?limit=501")
                .await
                .status()
                .as_u16(),
            400
        );
        assert_eq!(
            t.get("/api/v1/distributors?business=casino")
                .await
                .status()
                .as_u16(),
            400
        );
        let page: Value = t
            .get("/api/v1/distributors?province_code=510000&pilot=false")
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(page["total"], 1, "{page}");
        // Markets: registered, read and edited over the API; an unknown one is a 404.
        let markets = format!("{}/api/v1/markets", t.base_url);
        let market = json!({"name_zh": "成都农产品中心批发市场", "province_code": "510000", "county": "双流区"});
        let made: Value = t
            .client
            .post(markets.clone())
            .bearer_auth(token.clone())
            .json(&market)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        let mut edit = market.clone();
        edit["province_code"] = json!("99");
        let refused = t
            .client
            .put(format!("{markets}/{}", made["id"]))
            .bearer_auth(token.clone())
            .json(&edit)
            .send()
            .await
            .expect("request");
        assert_eq!(refused.status().as_u16(), 400, "{backend}");
        assert!(
            refused
                .text()
                .await
                .expect("body")
                .contains("province_code")
        );
        edit["province_code"] = json!("510000");
        edit["county"] = json!("金牛区");
        let edited = t
            .client
            .put(format!("{markets}/{}", made["id"]))
            .bearer_auth(token.clone())
            .json(&edit)
            .send()
            .await
            .expect("request");
        assert_eq!(edited.status().as_u16(), 200, "{backend}");
        let read: Value = t
            .get(&format!("/api/v1/markets/{}", made["id"]))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(read["county"], "金牛区");
        assert_eq!(t.get("/api/v1/markets/999999").await.status().as_u16(), 404);
        let html = t.get("/markets").await.text().await.expect("page");
        assert!(
            html.contains("四川蜀冷链物流有限公司")
                && html.contains("2007年农产品批发市场建设改造试点"),
            "{backend}: the register and the pilot terms show"
        );
        assert!(html.contains(">40%<"), "the west's standard shows");
        assert_eq!(
            t.get("/api/v1/distributors.xlsx").await.status().as_u16(),
            200
        );
    }
}
