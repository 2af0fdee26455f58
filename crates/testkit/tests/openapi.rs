//! The OpenAPI document describes the API as it answers (issue 18), and refusals are honest:
//! query parameters are declared in the query, schema names are unique, bearer routes
//! document 401, an empty or malformed body or query is a 400 naming the field, and a server
//! error carries the request id of its `x-request-id` header.

use gowest_testkit::{TestApp, TestBackend, backends, operator, spawn_app};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

async fn document() -> Value {
    let app = spawn_app(TestBackend::Sqlite).await;
    app.get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("the document is JSON")
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((path.clone(), method.to_owned(), op));
            }
        }
    }
    out
}

fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn parameters_are_declared_where_they_are_sent() {
    let doc = document().await;
    let mut wrong = Vec::new();
    for (path, method, op) in operations(&doc) {
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let in_path: BTreeSet<String> = params
            .iter()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        let template = template_names(&path);
        for name in in_path.symmetric_difference(&template) {
            wrong.push(format!("{method} {path}: {name}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "path parameters not in the path: {wrong:#?}"
    );

    let query = |path: &str, name: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| (p["in"].clone(), p["required"].clone()))
    };
    assert_eq!(
        query("/api/v1/search", "q").map(|p| p.0),
        Some(json!("query"))
    );
    for name in ["programme_id", "status"] {
        let (place, required) = query("/api/v1/funds/applications", name).expect(name);
        assert_eq!(place, "query", "{name}");
        assert_ne!(required, json!(true), "{name} is optional");
    }
}

/// Every `ToSchema` type's name in the document, from the sources: utoipa keeps one schema per
/// name, so two types of one name make one of them documented with the other's fields.
#[test]
fn schema_names_are_unique() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if !path.ends_with("target") && !path.ends_with("tests") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                    continue;
                }
                let mut alias = None;
                for next in &lines[i + 1..] {
                    let next = next.trim_start();
                    if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                        alias = rest.split(')').next().map(str::to_owned);
                    }
                    let item = next
                        .strip_prefix("pub struct ")
                        .or_else(|| next.strip_prefix("pub enum "));
                    if let Some(item) = item {
                        let name: String = item
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        names
                            .entry(alias.unwrap_or(name))
                            .or_default()
                            .push(path.display().to_string());
                        break;
                    }
                    if !(next.starts_with("#[") || next.starts_with("///")) {
                        break;
                    }
                }
            }
        }
    }
    assert!(
        names.len() > 100,
        "the scan found the schemas: {}",
        names.len()
    );
    let twice: Vec<_> = names.iter().filter(|(_, files)| files.len() > 1).collect();
    assert!(twice.is_empty(), "schema names used twice: {twice:#?}");
}

#[tokio::test]
async fn schemas_say_what_the_answers_carry() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    // Enums as they serialise (snake_case codes), not as Rust names them.
    assert_eq!(
        schemas["Business"]["enum"]
            .as_array()
            .map(|v| v.contains(&json!("wholesale"))),
        Some(true),
        "{}",
        schemas["Business"]
    );
    let enums_in_camel_case: Vec<String> = schemas
        .as_object()
        .expect("schemas")
        .iter()
        .filter_map(|(name, s)| {
            let values = s["enum"].as_array()?;
            values
                .iter()
                .filter_map(Value::as_str)
                .any(|v| v.chars().next().is_some_and(char::is_uppercase))
                .then(|| name.clone())
        })
        .collect();
    assert!(enums_in_camel_case.is_empty(), "{enums_in_camel_case:?}");
    // POST /api/v1/demands takes the relocation demand, not the outsourcing one.
    let body = &doc["paths"]["/api/v1/demands"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["$ref"];
    assert_eq!(body, "#/components/schemas/DemandInput");
    assert!(
        schemas["DemandInput"]["properties"]["preferred_regions"].is_object(),
        "{}",
        schemas["DemandInput"]
    );
    assert!(schemas["OutsourcingDemandInput"].is_object());
    // The relocation DemandView has no zone_id; the training one's is its own schema.
    let required = schemas["DemandView"]["required"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!required.contains(&json!("zone_id")), "{required:?}");
}

#[tokio::test]
async fn bearer_routes_document_401_and_parsed_input_400() {
    let doc = document().await;
    let mut missing = Vec::new();
    for (path, method, op) in operations(&doc) {
        let bearer = op["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
        if bearer && op["responses"].get("401").is_none() {
            missing.push(format!("{method} {path}: 401"));
        }
        let parsed = op.get("requestBody").is_some()
            || op["parameters"].as_array().is_some_and(|p| !p.is_empty());
        if parsed && op["responses"].get("400").is_none() {
            missing.push(format!("{method} {path}: 400"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

async fn token(app: &TestApp, username: &str) -> String {
    app.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    // Signed in with the second factor passed: provinces and the ministry must have one.
    let session = app.session(username, gowest_app::demo::DEMO_PASSWORD).await;
    app.app
        .create_api_token(&session, "fuzz", None)
        .await
        .expect("token")
        .1
}

#[tokio::test]
async fn empty_or_malformed_input_is_a_400_naming_the_field() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let ministry = token(&app, "ministry.admin").await;
        let url = |p: &str| format!("{}{p}", app.base_url);
        // An empty import body was a 500 (the sheet reader's error shown as an internal one).
        for path in [
            "/api/v1/labour/bases/import?file=bases.xlsx",
            "/api/v1/outsourcing/bases/import?file=bases.xlsx",
            "/api/v1/recycling/pilots/import?file=pilots.xlsx",
            "/api/v1/recycling/pilots/import",
        ] {
            let response = app
                .client
                .post(url(path))
                .bearer_auth(&ministry)
                .send()
                .await
                .expect("post");
            assert_eq!(response.status(), 400, "{backend}: {path}");
            let problem: Value = response.json().await.expect("problem");
            assert!(
                problem["detail_zh"].as_str().is_some_and(|d| !d.is_empty()),
                "{problem}"
            );
        }
        // A body: empty, not JSON, a field of the wrong type; each names what is wrong.
        for (body, field) in [
            ("", "body"),
            ("{", "body"),
            (r#"{"name_zh": 5}"#, "name_zh"),
        ] {
            let response = app
                .client
                .post(url("/api/v1/distributors"))
                .bearer_auth(&ministry)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("post");
            assert_eq!(response.status(), 400, "{backend}: {body}");
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json",
                "{backend}"
            );
            let problem: Value = response.json().await.expect("problem");
            assert_eq!(problem["errors"][0]["field"], field, "{backend}: {problem}");
        }
        // Without a JSON content type: 400 too (axum answered 415, undocumented).
        let response = app
            .client
            .post(url("/api/v1/distributors"))
            .bearer_auth(&ministry)
            .body("{}")
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 400, "{backend}");
        // A query parameter of the wrong type names the parameter.
        let response = app
            .client
            .get(url("/api/v1/funds/applications?programme_id=abc"))
            .bearer_auth(&ministry)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), 400, "{backend}");
        let problem: Value = response.json().await.expect("problem");
        assert_eq!(
            problem["errors"][0]["field"], "programme_id",
            "{backend}: {problem}"
        );
    }
}

#[tokio::test]
async fn a_server_error_names_the_request_id_of_its_header() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let chengdu = token(&app, "chengdu.admin").await;
        let zone = app
            .app
            .login("chengdu.admin", gowest_app::demo::DEMO_PASSWORD, None)
            .await
            .expect("login")
            .actor
            .own_zone()
            .expect("zone");
        // A job whose stored problems cannot be read: it was answered as "no problems".
        app.db
            .raw_execute(&format!(
                "INSERT INTO training_import_jobs (id, zone_id, file_name, state, problems, \
                 created_at, heartbeat_at) VALUES (9001, {zone}, 'r.xlsx', 'done', 'not json', \
                 '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"
            ))
            .await
            .expect("insert");
        let response = app
            .client
            .get(format!("{}/api/v1/training/roster-jobs/9001", app.base_url))
            .bearer_auth(&chengdu)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), 500, "{backend}");
        let header = response.headers()["x-request-id"]
            .to_str()
            .expect("id")
            .to_owned();
        let problem: Value = response.json().await.expect("problem");
        assert_eq!(
            problem["request_id"],
            header.as_str(),
            "{backend}: {problem}"
        );
        assert!(
            !problem.to_string().contains("not json"),
            "{backend}: {problem}"
        );
    }
}

/// Every documented API path belongs to a capability a token can be limited to (or is open
/// to every token), so a new route cannot slip past a limited token by being unmapped.
#[tokio::test]
async fn every_path_has_a_capability() {
    let doc = document().await;
    let unmapped: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.starts_with("/api/v1/"))
        .filter(|p| gowest_domain::capability::Capability::of_path(p).is_err())
        .cloned()
        .collect();
    assert!(unmapped.is_empty(), "{unmapped:#?}");
}

/// Two capabilities with a type of one name: the document keeps the name for one and inlines
/// the other, so each answer is described by its own schema (the fuzzer found targets' `Unit`
/// and `Period` describing prices' and the returns' answers).
#[tokio::test]
async fn a_name_two_capabilities_use_describes_one_and_the_other_is_inline() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    let has = |v: &Value, word: &str| {
        v.as_array()
            .is_some_and(|e| e.iter().any(|x| x.as_str() == Some(word)))
    };
    assert!(
        has(&schemas["Unit"]["enum"], "kg"),
        "prices' Unit: {}",
        schemas["Unit"]
    );
    assert!(schemas["Period"]["oneOf"].is_array(), "the returns' Period");
    let target = &schemas["Target"]["properties"];
    // Inline, an enum with a description of its own is wrapped in a one-member `oneOf`.
    let values = |p: &Value| {
        if p["enum"].is_array() {
            p["enum"].clone()
        } else {
            p["oneOf"][0]["enum"].clone()
        }
    };
    assert!(
        has(&values(&target["unit"]), "persons"),
        "{}",
        target["unit"]
    );
    assert!(
        has(&values(&target["period"]), "per_year"),
        "{}",
        target["period"]
    );
}
