//! Industrial transfer over the API: an enterprise's profile and demand, zones' projects,
//! what each reader sees, and bad input writing nothing. On every backend.

use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::{Value, json};

struct Api<'a> {
    app: &'a TestApp,
    token: Option<String>,
}

impl Api<'_> {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .app
            .client
            .request(method, format!("{}{path}", self.app.base_url));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }
}

async fn token_of(app: &TestApp, username: &str) -> String {
    let session = app.session(username, gowest_app::demo::DEMO_PASSWORD).await;
    app.app
        .create_api_token(&session, "测试", None)
        .await
        .expect("token")
        .1
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.db.count(&format!("SELECT COUNT(*) FROM {table}")).await
}

fn demand_body() -> Value {
    json!({
        "title": "消费电子组装线整体转移",
        "industry": "39",
        "investment_yuan": "300000000",
        "land_mu": "120.5",
        "workforce": "3000",
        "skills": "电子装配;SMT",
        "ports": "深圳港",
        "preferred_regions": "中部;西部",
        "start_by": "2099-06",
    })
}

#[tokio::test]
async fn an_enterprise_drafts_and_publishes_a_demand_that_others_see_without_its_name() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let enterprise = Api {
            app: &app,
            token: Some(token_of(&app, "enterprise.demo").await),
        };
        let public = Api {
            app: &app,
            token: None,
        };
        let zone = Api {
            app: &app,
            token: Some(token_of(&app, "chengdu.admin").await),
        };

        let (status, body) = enterprise
            .send(
                reqwest::Method::POST,
                "/api/v1/demands",
                Some(demand_body()),
            )
            .await;
        assert_eq!(status, 400, "{backend}: a profile comes first: {body}");
        assert_eq!(body["errors"][0]["field"], "enterprise", "{backend}");

        let profile = json!({
            "credit_code": "91110000802100433B",
            "name_zh": "深圳演示电子有限公司",
            "province_code": "440000",
            "industry": "39",
            "size": "中型",
            "export_share_pct": "70",
            "processing_trade": "是",
        });
        let (status, saved) = enterprise
            .send(reqwest::Method::PUT, "/api/v1/enterprise", Some(profile))
            .await;
        assert_eq!(status, 200, "{backend}: {saved}");
        assert_eq!(
            saved["credit_code"], "91440300MA5G2006W6",
            "{backend}: the registered code is kept"
        );

        let (status, draft) = enterprise
            .send(
                reqwest::Method::POST,
                "/api/v1/demands",
                Some(demand_body()),
            )
            .await;
        assert_eq!(status, 201, "{backend}: {draft}");
        assert_eq!(draft["status"], "draft", "{backend}");
        assert_eq!(draft["investment"], 30_000_000_000_i64, "{backend}: fen");
        let id = draft["id"].as_i64().expect("id");
        let path = format!("/api/v1/demands/{id}");
        assert_eq!(
            public.get(&path).await.0,
            404,
            "{backend}: drafts are private"
        );
        assert_eq!(
            public.get("/api/v1/demands").await.1,
            json!([]),
            "{backend}"
        );

        let (status, published) = enterprise
            .send(
                reqwest::Method::POST,
                &format!("{path}/status"),
                Some(json!({"status": "published"})),
            )
            .await;
        assert_eq!(
            (status, &published["status"]),
            (200, &json!("published")),
            "{backend}"
        );
        let (status, seen) = public.get(&path).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(
            seen["enterprise_name"],
            Value::Null,
            "{backend}: anonymous to the public"
        );
        assert_eq!(seen["enterprise_province_zh"], "广东省", "{backend}");
        let (_, seen) = zone.get(&path).await;
        assert_eq!(
            seen["enterprise_name"], "深圳演示电子有限公司",
            "{backend}: zones see who"
        );
        let (_, list) = public.get("/api/v1/demands").await;
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{backend}");

        let (status, again) = enterprise
            .send(
                reqwest::Method::POST,
                &format!("{path}/status"),
                Some(json!({"status": "published"})),
            )
            .await;
        assert_eq!(status, 400, "{backend}: published twice: {again}");
        assert_eq!(
            zone.send(reqwest::Method::PUT, &path, Some(demand_body()))
                .await
                .0,
            403,
            "{backend}: a zone cannot edit an enterprise's demand"
        );

        let (status, _) = enterprise
            .send(
                reqwest::Method::POST,
                &format!("{path}/status"),
                Some(json!({"status": "withdrawn"})),
            )
            .await;
        assert_eq!(status, 200, "{backend}: withdrawn");
        let (status, refused) = enterprise
            .send(reqwest::Method::PUT, &path, Some(demand_body()))
            .await;
        assert_eq!(status, 400, "{backend}: a withdrawn demand is not edited");
        assert_eq!(refused["errors"][0]["field"], "status", "{backend}");
        assert_eq!(
            public.get(&path).await.0,
            404,
            "{backend}: no longer public"
        );
    }
}

#[tokio::test]
async fn bad_demands_and_projects_are_refused_field_by_field_and_write_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let enterprise = Api {
            app: &app,
            token: Some(token_of(&app, "enterprise.demo").await),
        };
        let bad_profile = json!({
            "name_zh": "某企业", "province_code": "440000", "industry": "3X", "size": "巨型",
        });
        let (status, body) = enterprise
            .send(
                reqwest::Method::PUT,
                "/api/v1/enterprise",
                Some(bad_profile),
            )
            .await;
        assert_eq!(status, 400, "{backend}");
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["industry", "size"], "{backend}");
        assert_eq!(count(&app, "enterprises").await, 0, "{backend}");

        let zone = Api {
            app: &app,
            token: Some(token_of(&app, "chengdu.admin").await),
        };
        let session = app
            .session("chengdu.admin", gowest_app::demo::DEMO_PASSWORD)
            .await;
        let own = session.actor.own_zone().expect("zone");
        let project = json!({
            "title_zh": "笔记本电脑配套产业园",
            "industry": "39",
            "amount_yuan": "-5",
            "mode": "入股",
        });
        let path = format!("/api/v1/projects?zone={own}");
        let (status, body) = zone.send(reqwest::Method::POST, &path, Some(project)).await;
        assert_eq!(status, 400, "{backend}: {body}");
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["amount_yuan", "mode"], "{backend}");
        assert_eq!(count(&app, "investment_projects").await, 0, "{backend}");

        let good = json!({
            "title_zh": "笔记本电脑配套产业园",
            "industry": "39",
            "amount_yuan": "1500000000",
            "mode": "独资",
        });
        let (status, created) = zone
            .send(reqwest::Method::POST, &path, Some(good.clone()))
            .await;
        assert_eq!(status, 201, "{backend}: {created}");
        assert_eq!(created["zone_name_zh"], "成都经济技术开发区", "{backend}");
        let other = format!("/api/v1/projects?zone={}", own + 1);
        assert_eq!(
            zone.send(reqwest::Method::POST, &other, Some(good)).await.0,
            403,
            "{backend}: only its own zone"
        );
        let (_, page) = Api {
            app: &app,
            token: None,
        }
        .get("/api/v1/projects?region=west&industry=C")
        .await;
        assert_eq!(page["total"], 1, "{backend}: a division is in its section");
        let (_, page) = Api {
            app: &app,
            token: None,
        }
        .get("/api/v1/projects?region=east")
        .await;
        assert_eq!(page["total"], 0, "{backend}");

        // An unknown filter is named, not ignored (which would list everything).
        let public = Api {
            app: &app,
            token: None,
        };
        let (status, problem) = public
            .get("/api/v1/projects?industry=ZZ&region=south")
            .await;
        assert_eq!(status, 400, "{backend}: {problem}");
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["region", "industry"], "{backend}: {problem}");
        let (status, problem) = public.get("/api/v1/demands?industry=99").await;
        assert_eq!(status, 400, "{backend}: {problem}");
        assert_eq!(problem["errors"][0]["field"], "industry", "{backend}");
        for path in ["/projects?industry=ZZ", "/demands?region=south"] {
            let page = app.get(path).await;
            assert_eq!(page.status(), 400, "{backend}: {path}");
            let html = page.text().await.expect("page");
            assert!(html.contains("查询条件有误"), "{backend}: {path}");
            assert!(
                html.contains("ZZ") || html.contains("south"),
                "{backend}: {path} names the value"
            );
        }
    }
}

fn ranked_names(body: &Value) -> Vec<String> {
    body["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter_map(|m| m["zone_name_zh"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_guangdong_electronics_question_ranks_interior_zones_and_weights_move_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app.seed_demo(&operator()).await.expect("demo figures");
        let api = Api {
            app: &app,
            token: None,
        };
        let question = json!({
            "industry": "39",
            "ports": ["深圳港"],
            "workforce": "3000",
            "processing_trade": "true",
        });
        let (status, body) = api
            .send(
                reqwest::Method::POST,
                "/api/v1/matching?limit=10",
                Some(question.clone()),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {body}");
        let matches = body["matches"].as_array().expect("matches");
        assert_eq!(matches.len(), 10, "{backend}");
        assert!(body["candidates"].as_u64() > Some(200), "{backend}");
        for m in matches {
            assert_ne!(
                m["region"], "east",
                "{backend}: the programme moves industry west"
            );
            assert!(
                m["reason_zh"].as_str().is_some_and(|r| !r.is_empty()),
                "{backend}"
            );
            assert_eq!(m["factors"].as_array().map(Vec::len), Some(7), "{backend}");
        }
        let scores: Vec<f64> = matches.iter().filter_map(|m| m["score"].as_f64()).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{backend}: best first"
        );

        // Only port access counts: zones near Shenzhen come first.
        let mut port_only = question.clone();
        for factor in [
            "industry_fit",
            "land_cost",
            "labour_cost",
            "labour_availability",
            "regional_priority",
            "support",
        ] {
            port_only[format!("weight_{factor}")] = json!("0");
        }
        port_only["weight_port_access"] = json!("100");
        let (_, near) = api
            .send(
                reqwest::Method::POST,
                "/api/v1/matching?limit=5",
                Some(port_only),
            )
            .await;
        let hours: Vec<f64> = near["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .filter_map(|m| {
                m["factors"]
                    .as_array()?
                    .iter()
                    .find(|f| f["factor"] == "port_access")?["raw"]
                    .as_f64()
            })
            .collect();
        // Indices are capped at 300 (a third of the average time), so the nearest zones tie
        // and go by id; all of them are a few hours from Shenzhen.
        assert_eq!(hours.len(), 5, "{backend}");
        assert!(hours.iter().all(|h| *h < 10.0), "{backend}: {hours:?}");
        assert_ne!(ranked_names(&near), ranked_names(&body)[..5], "{backend}");

        let (status, bad) = api
            .send(
                reqwest::Method::POST,
                "/api/v1/matching",
                Some(json!({ "industry": "99", "ports": [], "workforce": "-1" })),
            )
            .await;
        assert_eq!(status, 400, "{backend}");
        let fields: Vec<&str> = bad["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["industry", "ports", "workforce"], "{backend}");
    }
}

#[tokio::test]
async fn a_zone_sees_the_published_demands_that_fit_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app.seed_demo(&operator()).await.expect("demo figures");
        app.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        app.app
            .seed_demo_transfer(&operator())
            .await
            .expect("demo transfer");
        let zone = Api {
            app: &app,
            token: Some(token_of(&app, "chengdu.admin").await),
        };
        let own = app
            .session("chengdu.admin", gowest_app::demo::DEMO_PASSWORD)
            .await
            .actor
            .own_zone()
            .expect("zone");
        let (status, fits) = zone.get(&format!("/api/v1/zones/{own}/demands")).await;
        assert_eq!(status, 200, "{backend}");
        let fits = fits.as_array().expect("list");
        let published = app.app.published_demands(None).len();
        assert!(!fits.is_empty() && fits.len() <= published, "{backend}");
        assert!(
            fits.iter()
                .all(|f| f["demand"]["enterprise_name"].is_string()),
            "{backend}: zones see who posted"
        );
        let scores: Vec<f64> = fits
            .iter()
            .filter_map(|f| f["fit"]["score"].as_f64())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{backend}: best fit first"
        );
        let (_, public) = Api {
            app: &app,
            token: None,
        }
        .get(&format!("/api/v1/zones/{own}/demands"))
        .await;
        assert!(
            public
                .as_array()
                .expect("list")
                .iter()
                .all(|f| f["demand"]["enterprise_name"].is_null()),
            "{backend}: the public does not"
        );

        let demand_id = fits[0]["demand"]["id"].as_i64().expect("id");
        let (status, ranking) = zone
            .get(&format!("/api/v1/demands/{demand_id}/matches"))
            .await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            ranking["matches"]
                .as_array()
                .is_some_and(|m| m.iter().any(|z| z["zone_id"].as_i64() == Some(own))
                    || fits[0]["fit"]["rank"].as_u64() > Some(20)),
            "{backend}: the zone ranks where the reverse view says"
        );
    }
}
