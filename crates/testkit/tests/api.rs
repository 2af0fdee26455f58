//! The JSON API, end to end over HTTP, on every backend.

use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::Value;

async fn json(app: &TestApp, path: &str) -> (u16, String, Value) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|z| z["name_zh"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn western_zones_are_the_real_ones_and_only_western() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (status, _, body) = json(&app, "/api/v1/zones?region=west&per_page=500").await;
        assert_eq!(status, 200, "{backend}");
        let names = names(&body);
        for city in ["成都", "重庆", "西安", "昆明", "乌鲁木齐"] {
            assert!(
                names.iter().any(|n| n.starts_with(city)),
                "{backend}: {city} missing"
            );
        }
        for east in ["苏州", "天津", "上海", "广州"] {
            assert!(
                !names.iter().any(|n| n.contains(east)),
                "{backend}: {east} is not west"
            );
        }
        let items = body["items"].as_array().expect("items");
        assert!(items.iter().all(|z| z["region"] == "west"), "{backend}");
        assert_eq!(
            body["total"].as_u64(),
            Some(items.len() as u64),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_2006_flag_gives_49_zones_and_the_notice_names_five() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, body) = json(&app, "/api/v1/zones?national_in_2006=true&per_page=1").await;
        assert_eq!(body["total"], 49, "{backend}");
        let (_, _, body) = json(&app, "/api/v1/zones?named_in_notice=true").await;
        let mut got = names(&body);
        got.sort();
        assert_eq!(
            got,
            [
                "上海金桥经济技术开发区",
                "厦门海沧台商投资区",
                "宁波大榭开发区",
                "海南洋浦经济开发区",
                "苏州工业园区"
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn filters_sort_and_pages_combine() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, sichuan) = json(&app, "/api/v1/zones?province=510000&per_page=500").await;
        let total = sichuan["total"].as_u64().expect("total");
        assert!(total >= 8, "{backend}: 四川 has many national zones");
        let mut seen = Vec::new();
        for page in 1..=total.div_ceil(3) {
            let (_, _, body) = json(
                &app,
                &format!("/api/v1/zones?province=51&sort=-name&per_page=3&page={page}"),
            )
            .await;
            seen.extend(names(&body));
        }
        assert_eq!(seen.len() as u64, total, "{backend}");
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(seen, sorted, "{backend}: descending by name");
        let (_, _, body) = json(&app, "/api/v1/zones?q=%E6%88%90%E9%83%BD").await;
        assert!(names(&body).iter().all(|n| n.contains("成都")), "{backend}");
    }
}

#[tokio::test]
async fn one_zone_has_its_derived_fields() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, list) = json(&app, "/api/v1/zones?q=%E9%87%8D%E5%BA%86%E7%BB%8F%E6%B5%8E").await;
        let id = list["items"][0]["id"].as_i64().expect("重庆 has an id");
        let (status, _, zone) = json(&app, &format!("/api/v1/zones/{id}")).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(zone["region"], "west", "{backend}");
        assert_eq!(zone["province_name_zh"], "重庆市", "{backend}");
        assert_eq!(zone["nearest_seaport"]["estimated"], true, "{backend}");
        assert!(
            zone["nearest_seaport"]["km"]
                .as_u64()
                .is_some_and(|km| km > 500),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn bad_parameters_get_a_problem_naming_the_field_never_a_5xx() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (status, content_type, body) = json(&app, "/api/v1/zones?region=middle").await;
        assert_eq!(status, 400, "{backend}");
        assert_eq!(content_type, "application/problem+json", "{backend}");
        assert_eq!(body["errors"][0]["field"], "region", "{backend}");
        assert!(
            body["errors"][0]["message_zh"]
                .as_str()
                .is_some_and(|m| m.contains("region"))
        );
        assert!(
            body["title_zh"].is_string() && body["detail"].is_string(),
            "{backend}"
        );

        let bad = [
            "region=",
            "region=%FF",
            "province=99",
            "province=510100",
            "level=capital",
            "industry=ZZ",
            "industry=98",
            "national_in_2006=maybe",
            "sort=price",
            "sort=-",
            "page=0",
            "page=-1",
            "page=99999999999",
            "per_page=501",
            "per_page=abc",
            "q=%00",
            "region=west&region=east",
            "page[]=1",
            "%%%",
            "industry=%E2%80%AE",
            "q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        for query in bad {
            let status = app.get(&format!("/api/v1/zones?{query}")).await.status();
            assert!(
                status.is_success() || status.as_u16() == 400,
                "{backend}: {query} → {status}"
            );
        }
        for path in [
            "/api/v1/zones/abc",
            "/api/v1/zones/99999999",
            "/api/v1/zones/-1",
            "/api/v1/nothing",
        ] {
            let (status, content_type, _) = json(&app, path).await;
            assert_eq!(status, 404, "{backend}: {path}");
            assert_eq!(
                content_type, "application/problem+json",
                "{backend}: {path}"
            );
        }
    }
}

#[tokio::test]
async fn reference_lists_are_complete() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, provinces) = json(&app, "/api/v1/provinces").await;
        let provinces = provinces.as_array().expect("a list");
        assert_eq!(provinces.len(), 31, "{backend}");
        let sichuan = provinces
            .iter()
            .find(|p| p["code"] == "510000")
            .expect("四川");
        assert_eq!(sichuan["region"], "west", "{backend}");
        let (_, _, industries) = json(&app, "/api/v1/industries").await;
        assert_eq!(industries.as_array().map(Vec::len), Some(117), "{backend}");
        let (_, _, ports) = json(&app, "/api/v1/ports").await;
        let ports = ports.as_array().expect("a list");
        assert!(
            ports
                .iter()
                .any(|p| p["name_zh"] == "上海港" && p["kind"] == "sea"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn operations_endpoints_answer() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(app.get("/healthz").await.status(), 200, "{backend}");
        assert_eq!(app.get("/readyz").await.status(), 200, "{backend}");
        app.get("/api/v1/zones").await;
        // Metrics need a token or their own address (tests in security_tokens.rs).
        assert_eq!(app.get("/metrics").await.status(), 404, "{backend}");
        let (status, _, doc) = json(&app, "/api/openapi.json").await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
            "{backend}"
        );
        for path in [
            "/api/v1/zones",
            "/api/v1/zones/{id}",
            "/api/v1/provinces",
            "/readyz",
        ] {
            assert!(
                doc["paths"][path].is_object(),
                "{backend}: {path} documented"
            );
        }
        let home = app.get("/").await.text().await.expect("html");
        assert!(home.contains("万商西进"), "{backend}");
    }
}

#[tokio::test]
async fn readiness_fails_with_503_when_the_database_is_gone() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.db.store.close().await;
        let (status, content_type, body) = json(&app, "/readyz").await;
        assert_eq!(status, 503, "{backend}");
        assert_eq!(content_type, "application/problem+json", "{backend}");
        assert!(body["detail_zh"].is_string(), "{backend}");
        // Reads keep working from the in-memory directory.
        assert_eq!(app.get("/api/v1/zones").await.status(), 200, "{backend}");
    }
}

#[tokio::test]
async fn the_listed_json_is_exactly_the_typed_page() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for query in [
            "region=west&industry=C&per_page=7&page=2",
            "sort=-land_price",
            "q=none-such",
        ] {
            let (status, content_type, body) = json(&app, &format!("/api/v1/zones?{query}")).await;
            assert_eq!(
                (status, content_type.as_str()),
                (200, "application/json"),
                "{backend}"
            );
            let raw: gowest_domain::zone_filter::RawZoneQuery =
                serde_json::from_value(serde_json::json!(
                    query
                        .split('&')
                        .filter_map(|kv| kv.split_once('='))
                        .collect::<std::collections::HashMap<_, _>>()
                ))
                .expect("raw query");
            let typed =
                serde_json::to_value(app.app.list_zones(&raw).expect("page")).expect("json");
            assert_eq!(body, typed, "{backend}: {query}");
        }
    }
}

#[tokio::test]
async fn api_tokens_let_a_zone_update_its_profile_and_nothing_else() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let password = gowest_app::demo::DEMO_PASSWORD;
        let session = app
            .app
            .login("chengdu.admin", password, None)
            .await
            .expect("login");
        let (_, token) = app
            .app
            .create_api_token(&session, "对接", None)
            .await
            .expect("token");
        let own = session.actor.own_zone().expect("a zone");
        let other = app
            .app
            .login("wuhan.admin", password, None)
            .await
            .expect("login")
            .actor
            .own_zone()
            .expect("zone");
        let put = |id: i64, token: Option<&str>, body: serde_json::Value| {
            let mut request = app
                .client
                .put(format!("{}/api/v1/zones/{id}", app.base_url))
                .json(&body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            request.send()
        };

        let me: Value = app
            .client
            .get(format!("{}/api/v1/me", app.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .expect("me")
            .json()
            .await
            .expect("json");
        assert_eq!(
            (me["username"].as_str(), me["zone_id"].as_i64()),
            (Some("chengdu.admin"), Some(own)),
            "{backend}"
        );

        let list_url = "/api/v1/zones?province=510000&q=%E6%88%90%E9%83%BD%E7%BB%8F%E6%B5%8E";
        let before = json(&app, list_url).await.2["items"][0]["land_price_fen_per_m2"].clone();
        let body = serde_json::json!({ "land_price_yuan_per_m2": "299.90", "city_zh": "成都市" });
        let response = put(own, Some(&token), body.clone()).await.expect("put");
        assert_eq!(response.status(), 200, "{backend}");
        let zone: Value = response.json().await.expect("zone");
        assert_eq!(zone["land_price_fen_per_m2"], 29_990, "{backend}");
        assert_eq!(
            zone["name_zh"], "成都经济技术开发区",
            "{backend}: the register's name is kept"
        );
        assert_ne!(before, 29_990, "{backend}");
        let after = json(&app, list_url).await.2["items"][0]["land_price_fen_per_m2"].clone();
        assert_eq!(
            after, 29_990,
            "{backend}: the list never serves a stale page"
        );

        let response = put(other, Some(&token), body.clone()).await.expect("put");
        assert_eq!(response.status(), 403, "{backend}: another zone");
        let response = put(own, None, body.clone()).await.expect("put");
        assert_eq!(response.status(), 401, "{backend}");
        assert!(
            response.headers().get("www-authenticate").is_some(),
            "{backend}"
        );
        assert_eq!(
            put(own, Some("gw_forged"), body)
                .await
                .expect("put")
                .status(),
            401,
            "{backend}"
        );

        let response = put(
            own,
            Some(&token),
            serde_json::json!({ "land_price_yuan_per_m2": "-3" }),
        )
        .await
        .expect("put");
        assert_eq!(response.status(), 400, "{backend}");
        let problem: Value = response.json().await.expect("problem");
        assert_eq!(
            problem["errors"][0]["field"], "land_price_yuan_per_m2",
            "{backend}"
        );
        let response = app
            .client
            .put(format!("{}/api/v1/zones/{own}", app.base_url))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .expect("put");
        assert_eq!(response.status(), 400, "{backend}: a malformed body");
        assert_eq!(
            app.app
                .zone(own)
                .expect("zone")
                .fields
                .land_price_fen_per_m2
                .map(|f| f.0),
            Some(29_990)
        );

        let doc = json(&app, "/api/openapi.json").await.2;
        assert!(doc["paths"]["/api/v1/me"]["get"].is_object(), "{backend}");
        assert!(
            doc["paths"]["/api/v1/zones/{id}"]["put"].is_object(),
            "{backend}"
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer",
            "{backend}"
        );
    }
}
