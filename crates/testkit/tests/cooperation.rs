//! East–west cooperation over HTTP on every backend: agreements pair east with west where
//! the kind says so, milestones cannot precede the signing and show overdue, each party
//! reads its agreement, a partner zone reads its co-built park across scopes and nobody
//! else does, only the host books the sharing ledger, and every refusal writes nothing.

use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::region::Region;
use gowest_testkit::{TestApp, backends, operator, scrape, spawn_app};
use serde_json::{Value, json};

struct Env {
    t: TestApp,
    suzhou: i64,
    chengdu: i64,
    other_east: i64,
}

async fn env(backend: gowest_testkit::TestBackend) -> Env {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let dir = t.app.directory();
    let zone = |name: &str| {
        dir.zones
            .iter()
            .find(|l| l.zone.fields.name_zh == name)
            .map(|l| l.zone.id)
            .expect("a demo zone")
    };
    let (suzhou, chengdu) = (zone("苏州工业园区"), zone("成都经济技术开发区"));
    let other_east = dir
        .zones
        .iter()
        .find(|l| l.zone.region == Region::East && l.zone.id != suzhou)
        .map(|l| l.zone.id)
        .expect("another eastern zone");
    drop(dir);
    Env {
        t,
        suzhou,
        chengdu,
        other_east,
    }
}

impl Env {
    async fn token(&self, user: &str) -> String {
        let session = self.t.session(user, DEMO_PASSWORD).await;
        self.t
            .app
            .create_api_token(&session, "测试", None)
            .await
            .expect("token")
            .1
    }

    async fn call(&self, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.t.base_url);
        let request = match body {
            Some(b) => self.t.client.post(url).json(&b),
            None => self.t.client.get(url),
        };
        let response = request.bearer_auth(token).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn count(&self, table: &str) -> i64 {
        self.t
            .db
            .count(&format!("SELECT COUNT(*) FROM {table}"))
            .await
    }
}

fn agreement(kind: &str, lead: i64, partner: i64) -> Value {
    json!({"kind": kind, "title": "苏蓉产业转移合作框架协议", "lead_zone_id": lead.to_string(),
        "partner_zone_ids": partner.to_string(), "signed_on": "2007-04-26",
        "content": "共建产业转移园区，引导电子信息企业西进", "target_enterprises": "30",
        "target_investment_yuan": "2000000000", "target_jobs": "10000",
        "ministry_support": "商务部给予基础设施贷款贴息支持"})
}

fn first_error(v: &Value) -> (String, String) {
    let e = &v["errors"][0];
    (
        e["field"].as_str().unwrap_or_default().to_owned(),
        e["code"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn agreements_pair_east_with_west_and_milestones_show_overdue() {
    for backend in backends() {
        let e = env(backend).await;
        let sz = e.token("suzhou.admin").await;
        let (status, v) = e
            .call(
                &sz,
                "/api/v1/agreements",
                Some(agreement("industrial_transfer", e.suzhou, e.chengdu)),
            )
            .await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        assert_eq!(v["partners"][0]["region"], "west");

        // Two eastern zones where the kind pairs east with west: refused by field, nothing written.
        let before = (e.count("agreements").await, e.count("audit_log").await);
        let (status, v) = e
            .call(
                &sz,
                "/api/v1/agreements",
                Some(agreement("mutual_parks", e.suzhou, e.other_east)),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(
            first_error(&v),
            ("partner_zone_ids".into(), "not_central_or_west".into())
        );
        assert!(
            v["errors"][0]["message_zh"]
                .as_str()
                .unwrap_or_default()
                .contains("东部")
        );
        assert_eq!(
            (e.count("agreements").await, e.count("audit_log").await),
            before
        );

        // A milestone before the signing: refused; one long past: overdue; one done.
        let path = format!("/api/v1/agreements/{id}/milestones");
        let (status, v) = e
            .call(
                &sz,
                &path,
                Some(json!({"title": "签约前节点", "due_on": "2007-04-01"})),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(first_error(&v), ("due_on".into(), "before_signing".into()));
        let (status, late) = e
            .call(
                &sz,
                &path,
                Some(json!({"title": "首批10家企业入园", "due_on": "2008-06-30"})),
            )
            .await;
        assert_eq!(status, 201, "{backend}: {late}");
        let (_, done) = e
            .call(
                &sz,
                &path,
                Some(json!({"title": "园区规划完成", "due_on": "2007-10-31"})),
            )
            .await;
        let done_id = done["id"].as_i64().expect("id");
        let (status, v) = e
            .call(
                &sz,
                &format!("{path}/{done_id}"),
                Some(json!({"status": "done", "done_on": "2007-10-20"})),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");

        // The partner reads it, with the states of the day; another zone does not.
        let cd = e.token("chengdu.admin").await;
        let (status, v) = e.call(&cd, &format!("/api/v1/agreements/{id}"), None).await;
        assert_eq!(status, 200, "{backend}: {v}");
        let states: Vec<&str> = v["milestones"]
            .as_array()
            .expect("milestones")
            .iter()
            .filter_map(|m| m["state"].as_str())
            .collect();
        assert_eq!(states, ["done", "overdue"], "{backend}");
        assert_eq!(v["progress"]["milestones_overdue"], 1);
        let (_, sichuan) = e
            .call(&e.token("sichuan.staff").await, "/api/v1/agreements", None)
            .await;
        assert_eq!(sichuan.as_array().map(Vec::len), Some(1), "{backend}");
        let wh = e.token("wuhan.admin").await;
        assert_eq!(
            e.call(&wh, &format!("/api/v1/agreements/{id}"), None)
                .await
                .0,
            404
        );
        assert_eq!(e.call(&wh, "/api/v1/agreements", None).await.1, json!([]));
        // Only parties keep it.
        let (status, _) = e
            .call(
                &wh,
                &path,
                Some(json!({"title": "x节点", "due_on": "2009-01-01"})),
            )
            .await;
        assert_eq!(status, 404, "{backend}: outside the scope reads as absent");

        // A project of a party zone is credited to the agreement once.
        let body = json!({"zone_id": e.chengdu, "project_name": "笔记本电脑整机项目",
            "investor_name": "苏州某电子有限公司", "investor_origin": "320000", "industry": "39"});
        let (_, record) = e.call(&cd, "/api/v1/pipeline", Some(body)).await;
        let record_id = record["record"]["id"].as_i64().expect("record");
        let link = format!("/api/v1/agreements/{id}/projects");
        let (status, v) = e
            .call(&cd, &link, Some(json!({"record_id": record_id})))
            .await;
        assert_eq!(status, 204, "{backend}: {v}");
        let (status, v) = e
            .call(&cd, &link, Some(json!({"record_id": record_id})))
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(first_error(&v).1, "already_linked");
        let (_, v) = e.call(&cd, &format!("/api/v1/agreements/{id}"), None).await;
        assert_eq!(v["progress"]["projects"], 1, "{backend}");
        assert_eq!(
            v["projects"][0]["name_zh"], "笔记本电脑整机项目",
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_partner_zone_reads_its_park_across_scopes_and_only_the_host_books_the_ledger() {
    for backend in backends() {
        let e = env(backend).await;
        let (cd, sz, wh) = (
            e.token("chengdu.admin").await,
            e.token("suzhou.admin").await,
            e.token("wuhan.admin").await,
        );
        let park = json!({"name_zh": "成都—苏州共建产业园", "host_zone_id": e.chengdu.to_string(),
            "partner_zone_id": e.suzhou.to_string(), "model": "合作方托管",
            "partner_tax_percent": "40", "partner_output_percent": "30",
            "established_on": "2007-06-01"});
        let (status, v) = e.call(&sz, "/api/v1/parks", Some(park.clone())).await;
        assert_eq!(
            status, 403,
            "{backend}: the partner does not keep the host's park: {v}"
        );
        let (status, v) = e.call(&cd, "/api/v1/parks", Some(park)).await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        let ledger = format!("/api/v1/parks/{id}/sharing");
        let entry = json!({"year": "2008", "kind": "tax", "total_yuan": "1000000.01"});
        assert_eq!(
            e.call(&sz, &ledger, Some(entry.clone())).await.0,
            403,
            "{backend}"
        );
        let (status, v) = e.call(&cd, &ledger, Some(entry)).await;
        assert_eq!(status, 201, "{backend}: {v}");
        assert_eq!(
            (v["partner"].as_i64(), v["host"].as_i64()),
            (Some(40_000_000), Some(60_000_001))
        );
        let (status, v) = e
            .call(
                &cd,
                &ledger,
                Some(json!({"year": "2005", "kind": "tax", "total_yuan": "1"})),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(first_error(&v).0, "year");

        // The partner zone (another province's scope) and its province read the park.
        let (status, v) = e.call(&sz, &format!("/api/v1/parks/{id}"), None).await;
        assert_eq!(status, 200, "{backend}: {v}");
        assert_eq!(v["totals"]["tax_partner"], 40_000_000);
        assert_eq!(
            e.call(&sz, "/api/v1/parks", None)
                .await
                .1
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        // Nobody else does.
        assert_eq!(
            e.call(&wh, &format!("/api/v1/parks/{id}"), None).await.0,
            404,
            "{backend}"
        );
        assert_eq!(e.call(&wh, "/api/v1/parks", None).await.1, json!([]));
        let hubei = e.token("hubei.staff").await;
        assert_eq!(
            e.call(&hubei, &format!("/api/v1/parks/{id}"), None).await.0,
            404
        );
        let firm = e.token("enterprise.demo").await;
        assert_eq!(
            e.call(&firm, &format!("/api/v1/parks/{id}"), None).await.0,
            404
        );
        assert_eq!(e.count("park_sharing_entries").await, 1, "{backend}");
    }
}

/// Client mistakes are 4xx with a problem document, never 5xx, and write nothing.
#[tokio::test]
async fn malformed_requests_are_client_errors() {
    for backend in backends() {
        let e = env(backend).await;
        let sz = e.token("suzhou.admin").await;
        let before = e.count("audit_log").await;
        for (path, body) in [
            ("/api/v1/agreements", json!("not an object")),
            ("/api/v1/agreements", json!({"kind": 7})),
            ("/api/v1/parks", json!([1, 2])),
            ("/api/v1/events", json!({"slots": true})),
            ("/api/v1/agreements/abc/milestones", json!({})),
            (
                "/api/v1/agreements/999999/milestones",
                json!({"title": "节点", "due_on": "2009-01-01"}),
            ),
            (
                "/api/v1/events/999999/meeting-requests",
                json!({"to_registration_id": "1"}),
            ),
            (
                "/api/v1/parks/999999/sharing",
                json!({"year": "2008", "kind": "tax", "total_yuan": "1"}),
            ),
        ] {
            let (status, v) = e.call(&sz, path, Some(body)).await;
            assert!(
                (400..500).contains(&status),
                "{backend} {path}: {status} {v}"
            );
        }
        for path in [
            "/api/v1/events/abc",
            "/api/v1/events/999999",
            "/api/v1/agreements/x",
        ] {
            assert_eq!(e.call(&sz, path, None).await.0, 404, "{backend} {path}");
        }
        assert_eq!(
            e.count("audit_log").await,
            before,
            "{backend}: nothing written"
        );
    }
}

/// The register downloads as a workbook for those who read it, and is refused to others.
#[tokio::test]
async fn the_agreement_register_exports_to_excel() {
    for backend in backends() {
        let e = env(backend).await;
        let sz = e.token("suzhou.admin").await;
        let (status, _) = e
            .call(
                &sz,
                "/api/v1/agreements",
                Some(agreement("industrial_transfer", e.suzhou, e.chengdu)),
            )
            .await;
        assert_eq!(status, 201);
        let url = format!("{}/console/agreements/export.xlsx", e.t.base_url);
        let client = e.t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let response = client.get(&url).send().await.expect("export");
        assert_eq!(response.status(), 200, "{backend}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap_or_default()
                .contains("spreadsheetml"),
            "{backend}"
        );
        let bytes = response.bytes().await.expect("bytes");
        assert!(bytes.starts_with(b"PK"), "{backend}: an xlsx is a zip");
        let firm = e.t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        assert_eq!(
            firm.get(&url).send().await.expect("export").status(),
            403,
            "{backend}"
        );
    }
}

/// The console's milestone and link forms answer a refusal beside the forms on the agreement
/// page (400, the field named), and write nothing.
#[tokio::test]
async fn console_milestone_forms_show_refusals_inline() {
    for backend in backends() {
        let e = env(backend).await;
        let sz = e.token("suzhou.admin").await;
        let (status, v) = e
            .call(
                &sz,
                "/api/v1/agreements",
                Some(agreement("industrial_transfer", e.suzhou, e.chengdu)),
            )
            .await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        let client = e.t.sign_in("suzhou.admin", DEMO_PASSWORD).await;
        let page = format!("{}/console/agreements/{id}", e.t.base_url);
        let html = client.get(&page).send().await.expect("page");
        let html = html.text().await.expect("html");
        let csrf = scrape(&html, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let before = e.count("audit_log").await;

        let posts = [
            (
                format!("{page}/milestones"),
                vec![
                    ("csrf", csrf.as_str()),
                    ("title", "园区奠基"),
                    ("due_on", "2007-01-01"),
                ],
                "due_on",
            ),
            (
                format!("{page}/projects"),
                vec![("csrf", csrf.as_str()), ("record_id", "十二")],
                "record_id",
            ),
        ];
        for (url, form, field) in posts {
            let response = client.post(&url).form(&form).send().await.expect("post");
            assert_eq!(response.status(), 400, "{backend} {url}");
            let html = response.text().await.expect("html");
            assert!(
                html.contains(&format!(r#"data-field="{field}""#)),
                "{backend} {url}: the refused field is named on the page"
            );
            assert!(
                html.contains("苏蓉产业转移合作框架协议"),
                "{backend}: the agreement page"
            );
        }
        assert_eq!(
            e.count("audit_log").await,
            before,
            "{backend}: nothing written"
        );

        let good = [
            ("csrf", csrf.as_str()),
            ("title", "园区奠基"),
            ("due_on", "2008-01-01"),
        ];
        let response = client
            .post(format!("{page}/milestones"))
            .form(&good)
            .send()
            .await
            .expect("post");
        assert_eq!(
            response.status(),
            303,
            "{backend}: a good milestone is saved"
        );
    }
}

/// The console records what the API does: an eastern zone records an agreement with a
/// western partner, the western zone hosts a park under it, books its ledger and records an
/// enterprise in it; refusals come back beside the form (400, field named, nothing written)
/// and the partner zone reads the park without its forms.
#[tokio::test]
async fn a_zone_records_an_agreement_and_a_park_in_the_console() {
    for backend in backends() {
        let e = env(backend).await;
        let base = &e.t.base_url;
        let csrf_of = |html: &str| {
            scrape(html, r#"name="csrf" value=""#)
                .expect("csrf")
                .to_owned()
        };
        let suzhou = e.t.sign_in("suzhou.admin", DEMO_PASSWORD).await;
        let form = suzhou
            .get(format!("{base}/console/agreements/new"))
            .send()
            .await
            .expect("get");
        assert_eq!(form.status(), 200, "{backend}");
        let csrf = csrf_of(&form.text().await.expect("html"));
        let (suzhou_id, chengdu_id) = (e.suzhou.to_string(), e.chengdu.to_string());
        let mut agreement = vec![
            ("csrf", csrf.as_str()),
            ("kind", "industrial_transfer"),
            ("title", "苏蓉电子信息产业转移协议"),
            ("lead_zone_id", suzhou_id.as_str()),
            ("partner_zone_ids", chengdu_id.as_str()),
            ("signed_on", "2007-05-10"),
            ("content", "引导电子信息企业向成都转移"),
            ("target_enterprises", "20"),
            ("target_investment_yuan", "1000000000"),
            ("target_jobs", "5000"),
        ];
        let before = e.count("audit_log").await;
        // Partner in the east too: refused by field.
        let other_east = e.other_east.to_string();
        let mut bad = agreement.clone();
        bad[4] = ("partner_zone_ids", other_east.as_str());
        let answer = suzhou
            .post(format!("{base}/console/agreements/new"))
            .form(&bad)
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status(), 400, "{backend}");
        let html = answer.text().await.expect("html");
        assert!(
            html.contains(r#"data-field="partner_zone_ids""#),
            "{backend}"
        );
        assert!(
            html.contains("苏蓉电子信息产业转移协议"),
            "{backend}: the form keeps its input"
        );
        assert_eq!(
            e.count("audit_log").await,
            before,
            "{backend}: nothing written"
        );

        agreement.push(("ministry_support", ""));
        let saved = suzhou
            .post(format!("{base}/console/agreements/new"))
            .form(&agreement)
            .send()
            .await
            .expect("post");
        assert_eq!(saved.status(), 303, "{backend}");
        let location = saved.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        let agreement_id: i64 = location
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("the new agreement's page");

        // The western zone hosts the park under the agreement.
        let chengdu = e.t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let form = chengdu
            .get(format!("{base}/console/parks/new"))
            .send()
            .await
            .expect("get");
        assert_eq!(form.status(), 200, "{backend}");
        let html = form.text().await.expect("html");
        assert!(
            html.contains("苏蓉电子信息产业转移协议"),
            "{backend}: the agreement is offered"
        );
        let csrf = csrf_of(&html);
        let agreement_ref = agreement_id.to_string();
        let mut park = vec![
            ("csrf", csrf.as_str()),
            ("name_zh", "苏成共建产业园"),
            ("partner_zone_id", suzhou_id.as_str()),
            ("agreement_id", agreement_ref.as_str()),
            ("model", "joint"),
            ("partner_tax_percent", "140"),
            ("partner_output_percent", "30"),
            ("established_on", "2007-06-01"),
        ];
        let answer = chengdu
            .post(format!("{base}/console/parks/new"))
            .form(&park)
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status(), 400, "{backend}");
        let html = answer.text().await.expect("html");
        assert!(
            html.contains(r#"data-field="partner_tax_percent""#),
            "{backend}"
        );
        park[5] = ("partner_tax_percent", "40");
        let saved = chengdu
            .post(format!("{base}/console/parks/new"))
            .form(&park)
            .send()
            .await
            .expect("post");
        assert_eq!(saved.status(), 303, "{backend}");
        let park_page = format!(
            "{base}{}",
            saved.headers()["location"].to_str().expect("location")
        );

        // The host books its ledger: a year before the park is refused, then 1,000,000.01 元 of tax.
        let book = |year: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("year", year.to_owned()),
                ("kind", "tax".to_owned()),
                ("total_yuan", "1000000.01".to_owned()),
            ]
        };
        let answer = chengdu
            .post(format!("{park_page}/sharing"))
            .form(&book("2006"))
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status(), 400, "{backend}");
        assert!(
            answer
                .text()
                .await
                .expect("html")
                .contains(r#"data-field="year""#),
            "{backend}"
        );
        let booked = chengdu
            .post(format!("{park_page}/sharing"))
            .form(&book("2008"))
            .send()
            .await
            .expect("post");
        assert_eq!(booked.status(), 303, "{backend}");
        let enterprise =
            e.t.app
                .enterprise_choices()
                .await
                .expect("enterprises")
                .first()
                .expect("a demo enterprise")
                .clone();
        let org = enterprise.0.to_string();
        let linked = chengdu
            .post(format!("{park_page}/enterprises"))
            .form(&[("csrf", csrf.as_str()), ("org_id", org.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(linked.status(), 303, "{backend}");
        let html = chengdu
            .get(&park_page)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        // 40 % of 1,000,000.01 元 is 400,000.004: the partner takes 400,000.00, the host the rest.
        assert!(html.contains("400,000.00"), "{backend}: partner's part");
        assert!(html.contains("600,000.01"), "{backend}: host's part");
        assert!(
            html.contains(&enterprise.1),
            "{backend}: the enterprise is in the park"
        );

        // The partner zone reads the park but has no forms.
        let html = suzhou
            .get(&park_page)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        assert!(html.contains("苏成共建产业园"), "{backend}");
        assert!(!html.contains("/sharing\""), "{backend}: no booking form");
        let enterprise_ok = suzhou
            .post(format!("{base}{location}/enterprises"))
            .form(&[("csrf", csrf_of(&html).as_str()), ("org_id", org.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(
            enterprise_ok.status(),
            303,
            "{backend}: recorded under the agreement"
        );
    }
}
