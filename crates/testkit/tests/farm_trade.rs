//! Farm-product supply–demand matching on every backend: an enterprise posts sell and buy
//! offers (bad fields named, nothing written), a government office may not post, matches rank
//! same province first with reasons and never propose the organisation's own offers, a deal
//! draws both offers down in one transaction and closes one at zero, and a deal over what is
//! left, or between two offers of one organisation, is refused without touching either offer.

use chrono::{TimeZone, Utc};
use gowest_app::App;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::farm_trade::OfferQuery;
use gowest_domain::farm_trade::{DealInput, OfferInput, Proximity};
use gowest_testkit::{ManualClock, backends, operator, start_app_with_clock};

async fn ctx(app: &App, user: &str) -> Context {
    let session = app.login(user, DEMO_PASSWORD, None).await.expect("login");
    Context::user(session.actor, None)
}

fn offer(side: &str, province: &str, quantity: &str, price: &str) -> OfferInput {
    OfferInput {
        side: side.into(),
        product: "苹果".into(),
        unit: "斤".into(),
        quantity: quantity.into(),
        price: price.into(),
        province_code: province.into(),
        county: String::new(),
        available_from: "2026-06-01".into(),
        available_to: "2026-07-31".into(),
    }
}

fn deal(sell: i64, buy: i64, quantity: &str) -> DealInput {
    DealInput {
        sell_offer_id: sell,
        buy_offer_id: buy,
        unit: "kg".into(),
        quantity: quantity.into(),
        price: "2.40".into(),
        deal_on: "2026-06-01".into(),
    }
}

#[tokio::test]
async fn offers_match_nearest_first_and_deals_draw_both_down_without_over_drawing() {
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
        let firm = ctx(&app, "enterprise.demo").await;
        let trader = ctx(&app, "buyer.demo").await;
        let office = ctx(&app, "sichuan.staff").await;

        let bad = OfferInput {
            product: "榴莲".into(),
            quantity: "-1".into(),
            ..offer("sell", "610000", "", "")
        };
        let Err(AppError::Invalid(v)) = app.post_farm_offer(&firm, &bad).await else {
            panic!("{backend}: refused")
        };
        let fields: Vec<&str> = v.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["product", "quantity", "price"], "{backend}");
        assert!(
            matches!(
                app.post_farm_offer(&office, &offer("sell", "510000", "10", "1"))
                    .await,
                Err(AppError::Forbidden)
            ),
            "{backend}: a government office does not trade"
        );
        assert_eq!(
            db.count("SELECT COUNT(*) FROM farm_offers").await,
            0,
            "{backend}"
        );

        // 1,000 斤 = 500 kg at ¥1.20/斤 = 240 fen/kg.
        let sell = app
            .post_farm_offer(&firm, &offer("sell", "610000", "1000", "1.20"))
            .await
            .expect("sell");
        let far = app
            .post_farm_offer(&trader, &offer("buy", "440000", "2000", "1.10"))
            .await
            .expect("far buy");
        let near = app
            .post_farm_offer(&trader, &offer("buy", "620000", "600", ""))
            .await
            .expect("near buy");
        let home = app
            .post_farm_offer(&trader, &offer("buy", "610000", "200", "1.25"))
            .await
            .expect("home buy");
        // The firm's own buy offer is nearest and cheapest, yet never proposed nor dealt.
        let own = app
            .post_farm_offer(&firm, &offer("buy", "610000", "200", "1.20"))
            .await
            .expect("own buy");
        let matches = app.farm_offer_matches(sell).await.expect("matches");
        let ranked: Vec<(i64, Proximity)> =
            matches.iter().map(|m| (m.offer.id, m.proximity)).collect();
        assert_eq!(
            ranked,
            vec![
                (home, Proximity::SameProvince),
                (near, Proximity::SameRegion),
                (far, Proximity::Elsewhere),
            ],
            "{backend}"
        );
        assert_eq!(matches[0].price_gap_fen, Some(10), "{backend}");
        let Err(AppError::Invalid(v)) = app.record_farm_deal(&firm, &deal(sell, own, "1")).await
        else {
            panic!("{backend}: a deal with itself refused")
        };
        assert_eq!(
            (v.0[0].field.as_str(), v.0[0].code),
            ("buy_offer_id", "same_organisation"),
            "{backend}"
        );

        // 300 kg against the 100 kg home buyer: over what is left, nothing written.
        let Err(AppError::Invalid(v)) = app.record_farm_deal(&firm, &deal(sell, home, "300")).await
        else {
            panic!("{backend}: over-draw refused")
        };
        assert_eq!(v.0[0].code, "over_remaining", "{backend}");
        assert_eq!(
            db.count("SELECT COUNT(*) FROM farm_deals").await,
            0,
            "{backend}"
        );
        assert_eq!(
            app.farm_offer(sell).await.expect("sell").remaining_base,
            500_000,
            "{backend}: untouched"
        );

        app.record_farm_deal(&firm, &deal(sell, home, "100"))
            .await
            .expect("deal home");
        app.record_farm_deal(&firm, &deal(sell, near, "200"))
            .await
            .expect("deal near");
        let s = app.farm_offer(sell).await.expect("sell");
        let h = app.farm_offer(home).await.expect("home");
        assert_eq!(
            (s.remaining_base, h.remaining_base),
            (200_000, 0),
            "{backend}"
        );
        assert!(!h.is_open(), "{backend}: the home buyer is closed");
        let open: Vec<i64> = app
            .open_farm_offers(&OfferQuery {
                side: "buy".into(),
                ..OfferQuery::default()
            })
            .await
            .expect("open")
            .iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(open, vec![own, near, far], "{backend}");
        let Err(AppError::Invalid(v)) = app.record_farm_deal(&firm, &deal(sell, home, "1")).await
        else {
            panic!("{backend}: a closed offer takes no deal")
        };
        assert_eq!(v.0[0].field, "buy_offer_id", "{backend}");
        assert!(
            matches!(
                app.record_farm_deal(&office, &deal(sell, near, "1")).await,
                Err(AppError::Forbidden)
            ),
            "{backend}"
        );
        let deals = app.farm_deals(Some(sell)).await.expect("deals");
        let drawn: i64 = deals.iter().map(|d| d.quantity_base).sum();
        assert_eq!(drawn + s.remaining_base, s.quantity_base, "{backend}");
        assert_eq!(deals[0].price_fen, 240, "{backend}");
        assert!(
            matches!(
                app.open_farm_offers(&OfferQuery {
                    product: "榴莲".into(),
                    ..OfferQuery::default()
                })
                .await,
                Err(AppError::Invalid(_))
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_api_posts_and_deals_with_a_token_refuses_bad_fields_with_400_and_hides_the_poster() {
    use serde_json::{Value, json};
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let token_of = async |user: &str| {
            let session = t.session(user, DEMO_PASSWORD).await;
            t.app
                .create_api_token(&session, "购销对接", None)
                .await
                .expect("token")
                .1
        };
        let token = token_of("enterprise.demo").await;
        let trader = token_of("buyer.demo").await;
        let today = t.app.price_today();
        let to = (today + chrono::Duration::days(20)).to_string();
        let post_as = |token: &str, path: &'static str, body: Value| {
            t.client
                .post(format!("{}{path}", t.base_url))
                .bearer_auth(token)
                .json(&body)
                .send()
        };
        let post = |path: &'static str, body: Value| post_as(&token, path, body);
        let offer = |side: &str, province: &str, price: &str| {
            json!({"side": side, "product": "cabbage", "quantity": "500", "price": price,
                   "province_code": province, "available_from": today.to_string(), "available_to": to})
        };
        let bad = post(
            "/api/v1/farm-trade/offers",
            json!({"side": "sell", "product": "榴莲", "quantity": "5", "price": "-1",
                   "province_code": "510000", "available_from": today.to_string(), "available_to": to}),
        )
        .await
        .expect("send");
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        let problem: Value = bad.json().await.expect("json");
        let text = problem.to_string();
        assert!(
            text.contains("product") && text.contains("price"),
            "{backend}: {text}"
        );
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM farm_offers").await,
            0,
            "{backend}"
        );

        let sell: Value = post("/api/v1/farm-trade/offers", offer("sell", "510000", "0.80"))
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        let own: Value = post("/api/v1/farm-trade/offers", offer("buy", "510000", ""))
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        let buy: Value = post_as(
            &trader,
            "/api/v1/farm-trade/offers",
            offer("buy", "500000", ""),
        )
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
        let (sell, buy) = (
            sell["id"].as_i64().expect("id"),
            buy["id"].as_i64().expect("id"),
        );
        let listed: Value = t
            .get("/api/v1/farm-trade/offers?product=大白菜")
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(listed.as_array().map(Vec::len), Some(3), "{listed}");
        assert!(listed[0].get("org_id").is_none(), "{listed}");
        let matches: Value = t
            .get(&format!("/api/v1/farm-trade/offers/{sell}/matches"))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(matches[0]["offer"]["id"], buy, "{matches}");
        assert_eq!(matches[0]["proximity"], "same_region", "{matches}");
        assert_eq!(
            matches.as_array().map(Vec::len),
            Some(1),
            "{backend}: the firm's own buy offer is not proposed: {matches}"
        );
        let itself = post(
            "/api/v1/farm-trade/deals",
            json!({"sell_offer_id": sell, "buy_offer_id": own["id"], "quantity": "1",
                   "price": "0.78", "deal_on": today.to_string()}),
        )
        .await
        .expect("send");
        assert_eq!(itself.status().as_u16(), 400, "{backend}");
        let problem = itself.text().await.expect("text");
        assert!(problem.contains("buy_offer_id"), "{backend}: {problem}");

        let deal = |quantity: &str| {
            json!({"sell_offer_id": sell, "buy_offer_id": buy, "quantity": quantity,
                   "price": "0.78", "deal_on": today.to_string()})
        };
        let over = post("/api/v1/farm-trade/deals", deal("500.001"))
            .await
            .expect("send");
        assert_eq!(over.status().as_u16(), 400, "{backend}");
        let ok = post("/api/v1/farm-trade/deals", deal("500"))
            .await
            .expect("send");
        assert_eq!(ok.status().as_u16(), 201, "{backend}");
        let open: Value = t
            .get("/api/v1/farm-trade/offers")
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(
            open.as_array()
                .map(|a| a.iter().map(|o| o["id"].clone()).collect::<Vec<_>>()),
            Some(vec![own["id"].clone()]),
            "{backend}: both dealt offers closed"
        );
        let unknown = t.get("/api/v1/farm-trade/offers?side=lend").await;
        assert_eq!(unknown.status().as_u16(), 400, "{backend}");
        let page = t.get("/farm-trade").await.text().await.expect("page");
        assert!(page.contains("农产品购销对接"), "{backend}");
    }
}

#[tokio::test]
async fn the_demo_posts_offers_that_find_matches_once() {
    for backend in backends() {
        let clock = ManualClock::new(
            Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0)
                .single()
                .expect("time"),
        );
        let (app, _db) = start_app_with_clock(backend, clock).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        assert_eq!(
            app.seed_demo_farm_trade(&operator()).await.expect("seed"),
            120,
            "{backend}"
        );
        assert_eq!(
            app.seed_demo_farm_trade(&operator()).await.expect("again"),
            0,
            "{backend}"
        );
        let open = app
            .open_farm_offers(&OfferQuery::default())
            .await
            .expect("open");
        assert_eq!(open.len(), 120, "{backend}");
        let matched = app.farm_offer_matches(open[0].id).await.expect("matches");
        assert!(!matched.is_empty(), "{backend}");
        assert!(
            matched.iter().all(|m| m.offer.org_id != open[0].org_id),
            "{backend}: matches come from the other demo enterprise"
        );
        let deals = app.farm_deals(None).await.expect("deals");
        assert_eq!(deals.len(), 8, "{backend}");
        for d in &deals {
            let (s, b) = (
                app.farm_offer(d.sell_offer_id).await.expect("sell"),
                app.farm_offer(d.buy_offer_id).await.expect("buy"),
            );
            assert_ne!(s.org_id, b.org_id, "{backend}: two organisations");
            assert_eq!(s.product, b.product, "{backend}");
        }
    }
}

fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("csrf field") + 19;
    html[at..].split('"').next().expect("token").to_owned()
}

#[tokio::test]
async fn offers_arrive_by_sheet_and_list_all_or_none_with_rows_named_and_export_with_deals() {
    use serde_json::{Value, json};
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let today = t.app.price_today();
        let to = (today + chrono::Duration::days(20)).to_string();
        let header =
            "方向,产品,单位,数量,价格（元/单位）,省份代码,县（市、区）,起始日期,截止日期\n";
        let sheet = format!(
            "{header}供应,苹果,斤,1000,1.20,610000,,{today},{to}\n\
             求购,大白菜,千克,500,,510000,郫县,{today},{to}\n\
             供应,苹果,千克,-5,2.00,610000,,{today},{to}\n\
             供应,榴莲,千克,5,2.00,610000,,{today},2000-01-01\n"
        );

        // The console: a sheet with two bad rows is refused at 400 with rows and columns named.
        let firm = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        let url = |path: &str| format!("{}{path}", t.base_url);
        let html = firm
            .get(url("/console/farm-trade"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        let token = csrf(&html);
        let upload = |text: String| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", token.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(text.into_bytes()).file_name("offers.csv"),
                );
            firm.post(url("/console/farm-trade/upload"))
                .multipart(form)
                .send()
        };
        let refused = upload(sheet.clone()).await.expect("upload");
        assert_eq!(refused.status().as_u16(), 400, "{backend}");
        let html = refused.text().await.expect("html");
        assert!(html.contains("第4行 D 数量"), "{backend}: {html}");
        assert!(html.contains("第5行 B 产品"), "{backend}");
        assert!(html.contains("第5行 I 截止日期"), "{backend}");
        assert!(!html.contains("第2行"), "{backend}");
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM farm_offers").await,
            0,
            "{backend}"
        );
        let good: String = sheet.lines().take(3).map(|l| format!("{l}\n")).collect();
        let posted = upload(good.clone()).await.expect("upload");
        assert_eq!(posted.status().as_u16(), 303, "{backend}");
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM farm_offers").await,
            2,
            "{backend}"
        );
        // 1,000 斤 at ¥1.20/斤 is 500 kg at 240 fen/kg.
        let mine = t
            .app
            .own_farm_offers(&ctx(&t.app, "enterprise.demo").await)
            .await
            .expect("own");
        let apple = mine.iter().find(|o| o.product == "apple").expect("apple");
        assert_eq!((apple.quantity_base, apple.price_fen), (500_000, Some(240)));
        for name in ["template.xlsx", "template.csv", "export.xlsx"] {
            let file = firm
                .get(url(&format!("/console/farm-trade/{name}")))
                .send()
                .await
                .expect("file");
            assert_eq!(file.status().as_u16(), 200, "{backend}: {name}");
        }
        // The template's example row posts as it stands.
        let template = firm
            .get(url("/console/farm-trade/template.csv"))
            .send()
            .await
            .expect("template")
            .bytes()
            .await
            .expect("bytes");
        let firm_ctx = ctx(&t.app, "enterprise.demo").await;
        let ids = t
            .app
            .import_farm_offers(&firm_ctx, "t.csv", &template)
            .await
            .expect("template posts");
        assert_eq!(ids.len(), 1, "{backend}");

        // The API: a JSON list with a bad second row names rows.2.quantity; the sheet posts.
        let session = t.session("buyer.demo", DEMO_PASSWORD).await;
        let bearer = t
            .app
            .create_api_token(&session, "购销对接", None)
            .await
            .expect("token")
            .1;
        let row = |quantity: &str| {
            json!({"side": "buy", "product": "apple", "quantity": quantity,
                   "province_code": "610000", "available_from": today.to_string(), "available_to": to})
        };
        let bad = t
            .client
            .post(url("/api/v1/farm-trade/offers/batch"))
            .bearer_auth(&bearer)
            .json(&json!({"rows": [row("300"), row("0")]}))
            .send()
            .await
            .expect("send");
        assert_eq!(bad.status().as_u16(), 400, "{backend}");
        let text = bad.text().await.expect("body");
        assert!(text.contains("rows.2.quantity"), "{backend}: {text}");
        let ok: Value = t
            .client
            .post(url("/api/v1/farm-trade/offers/batch"))
            .bearer_auth(&bearer)
            .json(&json!({"rows": [row("300"), row("200")]}))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!(ok["posted"], 2, "{backend}: {ok}");
        let buy = ok["ids"][0].as_i64().expect("id");
        let sheet_refused = t
            .client
            .post(url("/api/v1/farm-trade/offers/import?file=o.csv"))
            .bearer_auth(&bearer)
            .body(sheet.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(sheet_refused.status().as_u16(), 400, "{backend}");
        assert!(
            sheet_refused
                .text()
                .await
                .expect("body")
                .contains("第4行 D 数量"),
            "{backend}"
        );
        let imported = t
            .client
            .post(url("/api/v1/farm-trade/offers/import?file=o.csv"))
            .bearer_auth(&bearer)
            .body(good)
            .send()
            .await
            .expect("send");
        assert_eq!(imported.status().as_u16(), 201, "{backend}");

        // A deal between the two organisations shows in both exports' deal sheets.
        t.app
            .record_farm_deal(&firm_ctx, &deal(apple.id, buy, "100"))
            .await
            .expect("deal");
        for who in ["enterprise.demo", "buyer.demo"] {
            let deals = t
                .app
                .own_farm_deals(&ctx(&t.app, who).await)
                .await
                .expect("deals");
            assert_eq!(deals.len(), 1, "{backend}: {who}");
        }
        let export = t
            .client
            .get(url("/api/v1/farm-trade/export.xlsx"))
            .bearer_auth(&bearer)
            .send()
            .await
            .expect("export");
        assert_eq!(export.status().as_u16(), 200, "{backend}");
        let bytes = export.bytes().await.expect("bytes");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
        use calamine::Reader;
        let offers = book.worksheet_range("供求信息").expect("offers sheet");
        assert_eq!(offers.height(), 1 + 4, "{backend}: header and four offers");
        let deals = book.worksheet_range("成交记录").expect("deals sheet");
        assert_eq!(deals.height(), 2, "{backend}");
        assert_eq!(
            deals.get((1, 5)).map(|c| c.to_string()),
            Some("100".to_owned()),
            "{backend}: 100 kg"
        );
        let office = t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let status = office
            .get(url("/console/farm-trade/export.xlsx"))
            .send()
            .await
            .expect("export")
            .status();
        assert_eq!(status.as_u16(), 403, "{backend}");
    }
}
