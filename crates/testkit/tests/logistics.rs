//! Logistics channels on every backend: a 重庆 zone reaches 上海 by the Yangtze and the coast
//! by rail, matching follows the network when the ministry edits it, and bad input (negative
//! hours, a port in an unknown province, an unreachable port) is refused naming the field.

use gowest_app::App;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::location_query::LocationQueryInput;
use gowest_domain::logistics::route::Objective;
use gowest_domain::logistics::{LinkInput, Mode, PortInput};
use gowest_domain::matching::Factor;
use gowest_testkit::{ManualClock, TestBackend, TestDb, backends, operator, start_app_with_clock};

struct Env {
    app: App,
    db: TestDb,
    ministry: Context,
    province: Context,
    /// A zone in 重庆 with coordinates.
    zone: i64,
    shanghai: i64,
}

async fn env(backend: TestBackend) -> Env {
    let (app, db) = start_app_with_clock(backend, ManualClock::new(chrono::Utc::now())).await;
    app.seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let login = |name: &'static str| {
        let app = app.clone();
        async move {
            let s = app.login(name, DEMO_PASSWORD, None).await.expect("login");
            Context::user(s.actor, None)
        }
    };
    let ministry = login("ministry.staff").await;
    let province = login("sichuan.staff").await;
    let dir = app.directory();
    let zone = dir
        .zones
        .iter()
        .find(|l| {
            l.zone.fields.province_code.as_str() == "500000" && l.zone.fields.location.is_some()
        })
        .expect("a 重庆 zone")
        .zone
        .id;
    let shanghai = dir.catalog.port_by_name("上海港").expect("上海港").id;
    drop(dir);
    Env {
        app,
        db,
        ministry,
        province,
        zone,
        shanghai,
    }
}

fn link(from: &str, to: &str, hours: &str) -> LinkInput {
    LinkInput {
        from_node: from.into(),
        to_node: to.into(),
        mode: "rail".into(),
        corridor: "测试".into(),
        km: "1700".into(),
        hours: hours.into(),
        cost: "5000".into(),
    }
}

#[tokio::test]
async fn a_chongqing_zone_reaches_shanghai_by_the_yangtze_and_the_coast_by_rail() {
    for backend in backends() {
        let e = env(backend).await;
        let routes = e.app.zone_routes(e.zone, Some("sea")).expect("routes");
        let shanghai = routes
            .ports
            .iter()
            .find(|p| p.port.id == e.shanghai)
            .expect("上海港 listed");
        let cheap = shanghai.cheapest.as_ref().expect("a cheapest route");
        assert!(
            cheap.corridors().contains(&"长江黄金水道"),
            "{backend}: {:?}",
            cheap.corridors()
        );
        assert!(cheap.modes().contains(&Mode::River), "{backend}");
        let fast = shanghai.fastest.as_ref().expect("a fastest route");
        assert!(
            fast.modes().contains(&Mode::Rail),
            "{backend}: {:?}",
            fast.modes()
        );
        assert!(
            fast.totals.hours_tenths < cheap.totals.hours_tenths,
            "{backend}"
        );
        assert!(fast.totals.cost_fen > cheap.totals.cost_fen, "{backend}");
        assert_eq!(shanghai.coastal_economic_zone.as_deref(), Some("长三角"));
        // Reachable sea ports come first, fastest first; off-network ones say why.
        assert!(routes.ports[0].fastest.is_some(), "{backend}");
        let haikou = routes
            .ports
            .iter()
            .find(|p| p.port.name_zh == "海口港")
            .expect("海口港 listed");
        assert!(
            haikou.fastest.is_none() && haikou.unavailable.is_some(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn matching_follows_the_network_when_the_ministry_edits_it() {
    for backend in backends() {
        let e = env(backend).await;
        let question = LocationQueryInput {
            industry: "39".into(),
            workforce: "300".into(),
            ports: vec!["上海港".into()],
            ..LocationQueryInput::default()
        };
        let query = question
            .validate(&e.app.directory().catalog)
            .expect("query");
        let port_hours = |app: &App| {
            app.zone_fit(e.zone, &query)
                .expect("a candidate")
                .factors
                .into_iter()
                .find(|f| f.factor == Factor::PortAccess)
                .and_then(|f| f.raw)
                .expect("port hours")
        };
        let before = port_hours(&e.app);
        let fastest = e
            .app
            .zone_route(e.zone, e.shanghai, Objective::Hours)
            .expect("route");
        assert_eq!(
            before,
            fastest.totals.hours_tenths as f64 / 10.0,
            "{backend}"
        );
        // A new fast line from 重庆 to 上海 shortens the zone's hours to the port.
        let added = e
            .app
            .add_logistics_link(&e.ministry, &link("重庆", "上海", "20"))
            .await
            .expect("link added");
        let after = port_hours(&e.app);
        assert!(after < before, "{backend}: {after} !< {before}");
        // Taking it away again restores the figure.
        e.app
            .delete_logistics_link(&e.ministry, added.id)
            .await
            .expect("deleted");
        assert_eq!(port_hours(&e.app), before, "{backend}");
        assert_eq!(
            e.db.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'logistics.link.%'")
                .await,
            2,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_writes_nothing() {
    for backend in backends() {
        let e = env(backend).await;
        let fields = |err: AppError| match err {
            AppError::Invalid(v) => {
                v.0.into_iter()
                    .map(|f| (f.field, f.code))
                    .collect::<Vec<_>>()
            }
            other => panic!("expected a refusal, got {other:?}"),
        };
        let negative = e
            .app
            .add_logistics_link(&e.ministry, &link("重庆", "上海", "-5"))
            .await
            .expect_err("negative hours");
        assert_eq!(
            fields(negative),
            vec![("hours".into(), "negative")],
            "{backend}"
        );
        let bad_port = PortInput {
            name_zh: "测试港".into(),
            province_code: "990000".into(),
            kind: "river".into(),
            lat: "30.0".into(),
            lon: "110.0".into(),
            ..PortInput::default()
        };
        let refused = e
            .app
            .add_port(&e.ministry, &bad_port)
            .await
            .expect_err("province");
        assert_eq!(
            fields(refused),
            vec![("province_code".into(), "unknown")],
            "{backend}"
        );
        let links = e.db.count("SELECT COUNT(*) FROM logistics_links").await;
        let nodes = e.db.count("SELECT COUNT(*) FROM logistics_nodes").await;
        assert_eq!(
            (links, nodes),
            (83, 60),
            "{backend}: the shipped network, nothing added"
        );
        // A port on a node of its own, joined to nothing: unreachable, said so.
        let island = e
            .app
            .add_port(
                &e.ministry,
                &PortInput {
                    province_code: "420000".into(),
                    ..bad_port.clone()
                },
            )
            .await
            .expect("port added");
        let port_id = island.port_id.expect("a port");
        let unreachable = e
            .app
            .zone_route(e.zone, port_id, Objective::Hours)
            .expect_err("no route");
        assert_eq!(
            fields(unreachable),
            vec![("port_id".into(), "unreachable")],
            "{backend}"
        );
        let haikou = e
            .app
            .directory()
            .catalog
            .port_by_name("海口港")
            .expect("海口港")
            .id;
        let off = e
            .app
            .zone_route(e.zone, haikou, Objective::Cost)
            .expect_err("off the network");
        assert_eq!(
            fields(off),
            vec![("port_id".into(), "off_network")],
            "{backend}"
        );
        // A clearance agreement: a seaport is required; a good one is recorded.
        let clearance = |port: &str, after: &str| gowest_domain::logistics::ClearanceInput {
            port: port.into(),
            province_code: "510000".into(),
            measures: "属地申报、口岸验放".into(),
            hours_before: "72".into(),
            hours_after: after.into(),
            signed_on: "2007-03-01".into(),
        };
        let refused = e
            .app
            .add_clearance_agreement(&e.ministry, &clearance("重庆港", "-1"))
            .await
            .expect_err("river port, negative hours");
        assert_eq!(
            fields(refused),
            vec![
                ("port".into(), "not_a_seaport"),
                ("hours_after".into(), "negative")
            ],
            "{backend}"
        );
        let signed = e
            .app
            .add_clearance_agreement(&e.ministry, &clearance("上海港", "24"))
            .await
            .expect("recorded");
        assert_eq!(
            e.app.clearance_agreements().await.expect("list"),
            vec![signed],
            "{backend}"
        );
        // Only the ministry edits the network.
        let forbidden = e
            .app
            .add_logistics_link(&e.province, &link("重庆", "上海", "20"))
            .await
            .expect_err("not the ministry");
        assert!(matches!(forbidden, AppError::Forbidden), "{backend}");
    }
}

#[tokio::test]
async fn over_http_bad_input_is_a_400_naming_the_field_never_a_5xx() {
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let session = t.session("ministry.staff", DEMO_PASSWORD).await;
        let (_, token) = t
            .app
            .create_api_token(&session, "物流网络", None)
            .await
            .expect("token");
        let zone = t
            .app
            .directory()
            .zones
            .iter()
            .find(|l| {
                l.zone.fields.province_code.as_str() == "510000" && l.zone.fields.location.is_some()
            })
            .expect("a 四川 zone")
            .zone
            .id;
        let post = |path: &str, body: serde_json::Value| {
            t.client
                .post(format!("{}{path}", t.base_url))
                .bearer_auth(&token)
                .json(&body)
                .send()
        };
        let fields = |v: &serde_json::Value| -> Vec<String> {
            v["errors"]
                .as_array()
                .map(|e| {
                    e.iter()
                        .map(|x| x["field"].as_str().unwrap_or("").to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let negative = post(
            "/api/v1/logistics/links",
            serde_json::json!({"from_node": "成都", "to_node": "重庆", "mode": "rail", "km": "300", "hours": "-2", "cost": "900"}),
        )
        .await
        .expect("request");
        assert_eq!(negative.status(), 400, "{backend}");
        assert_eq!(
            fields(&negative.json().await.expect("json")),
            vec!["hours"],
            "{backend}"
        );
        let port = post(
            "/api/v1/logistics/ports",
            serde_json::json!({"name_zh": "测试港", "province_code": "990000", "kind": "dry", "lat": "30", "lon": "104"}),
        )
        .await
        .expect("request");
        assert_eq!(port.status(), 400, "{backend}");
        assert_eq!(
            fields(&port.json().await.expect("json")),
            vec!["province_code"],
            "{backend}"
        );
        let malformed = post("/api/v1/logistics/links", serde_json::json!([1, 2]))
            .await
            .expect("request");
        assert_eq!(malformed.status(), 400, "{backend}");

        let get = |path: String| t.client.get(format!("{}{path}", t.base_url)).send();
        let haikou = t
            .app
            .directory()
            .catalog
            .port_by_name("海口港")
            .expect("port")
            .id;
        let off = get(format!("/api/v1/logistics/zones/{zone}/routes/{haikou}"))
            .await
            .expect("request");
        assert_eq!(off.status(), 400, "{backend}");
        assert_eq!(
            fields(&off.json().await.expect("json")),
            vec!["port_id"],
            "{backend}"
        );
        let shanghai = t
            .app
            .directory()
            .catalog
            .port_by_name("上海港")
            .expect("port")
            .id;
        let route: serde_json::Value = get(format!(
            "/api/v1/logistics/zones/{zone}/routes/{shanghai}?objective=cost"
        ))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
        assert!(
            route["totals"]["cost_fen"].as_i64().unwrap_or(0) > 0,
            "{backend}: {route}"
        );
        let all = get(format!(
            "/api/v1/logistics/zones/{zone}/routes?kind=airport"
        ))
        .await
        .expect("request");
        assert_eq!(all.status(), 400, "{backend}");
        let unknown_zone = get("/api/v1/logistics/zones/999999/routes".into())
            .await
            .expect("request");
        assert_eq!(unknown_zone.status(), 404, "{backend}");
    }
}

/// The demo's 大通关 agreements are seeded once and listed on the public logistics page with
/// the clearance time before and after and the share saved.
#[tokio::test]
async fn clearance_agreements_show_on_the_logistics_page() {
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        assert_eq!(
            t.app.seed_demo_clearance(&operator()).await.expect("seed"),
            6,
            "{backend}"
        );
        assert_eq!(
            t.app.seed_demo_clearance(&operator()).await.expect("again"),
            0,
            "{backend}: seeded once"
        );
        let html = t
            .client
            .get(format!("{}/logistics", t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("data-clearance-table"), "{backend}");
        for bad in ["zone=abc", "port=上海", "kind=airport"] {
            let status = t
                .client
                .get(format!("{}/logistics?{bad}", t.base_url))
                .send()
                .await
                .expect("page")
                .status();
            assert_eq!(status, 400, "{backend}: {bad} is named, not replaced");
        }
        assert!(
            html.contains("电子口岸联网，属地申报、口岸验放；长江沿线转关一次放行"),
            "{backend}: the measures"
        );
        // 上海港 with 四川: 72 h → 30 h saves 58.3 %.
        assert!(html.contains("58.3%"), "{backend}: the share saved");
        assert!(html.contains("四川省"), "{backend}: the province");
    }
}

/// In the console the ministry changes a link, adds one and removes it; a negative time comes
/// back beside the form (400, nothing written) and nobody else opens the page.
#[tokio::test]
async fn the_ministry_edits_the_network_in_the_console() {
    use gowest_testkit::scrape;
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let base = &t.base_url;
        let zone = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let refused = zone
            .get(format!("{base}/console/logistics"))
            .send()
            .await
            .expect("get");
        assert_eq!(refused.status(), 403, "{backend}");

        let ministry = t.sign_in("ministry.staff", DEMO_PASSWORD).await;
        let html = ministry
            .get(format!("{base}/console/logistics"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        assert!(html.contains("data-links-table"), "{backend}");
        let csrf = scrape(&html, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let network = t.app.logistics_network().await.expect("network");
        let link = network.links[0].clone();
        let name = |id: i64| {
            network
                .nodes
                .iter()
                .find(|n| n.id == id)
                .expect("node")
                .name_zh
                .clone()
        };
        let (from, to) = (name(link.from_node), name(link.to_node));
        let form = |hours: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("from_node", from.clone()),
                ("to_node", to.clone()),
                ("mode", link.mode.code().to_owned()),
                ("corridor", link.corridor.clone()),
                ("km", link.km.to_string()),
                ("hours", hours.to_owned()),
                ("cost", "1234.56".to_owned()),
            ]
        };
        let url = format!("{base}/console/logistics/links/{}", link.id);
        let audit = t.db.count("SELECT COUNT(*) FROM audit_log").await;
        let answer = ministry
            .post(&url)
            .form(&form("-3"))
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status(), 400, "{backend}");
        let html = answer.text().await.expect("html");
        assert!(
            html.contains(r#"data-field="hours""#),
            "{backend}: hours named"
        );
        assert_eq!(
            t.db.count("SELECT COUNT(*) FROM audit_log").await,
            audit,
            "{backend}: nothing written"
        );

        let saved = ministry
            .post(&url)
            .form(&form("7.5"))
            .send()
            .await
            .expect("post");
        assert_eq!(saved.status(), 303, "{backend}");
        let after = t.app.logistics_network().await.expect("network");
        let changed = after.links.iter().find(|l| l.id == link.id).expect("kept");
        assert_eq!(
            (changed.hours_tenths, changed.cost_fen),
            (75, 123_456),
            "{backend}"
        );

        let added = ministry
            .post(format!("{base}/console/logistics/links"))
            .form(&form("12"))
            .send()
            .await
            .expect("post");
        assert_eq!(added.status(), 303, "{backend}");
        let grown = t.app.logistics_network().await.expect("network");
        assert_eq!(grown.links.len(), network.links.len() + 1, "{backend}");
        let new_id = grown.links.iter().map(|l| l.id).max().expect("a link");
        let removed = ministry
            .post(format!("{base}/console/logistics/links/{new_id}/delete"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(removed.status(), 303, "{backend}");
        assert_eq!(
            t.app
                .logistics_network()
                .await
                .expect("network")
                .links
                .len(),
            network.links.len(),
            "{backend}: removed"
        );
    }
}
