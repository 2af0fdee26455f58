//! Statistical returns on every backend: a zone files, its province returns it, the zone
//! files again, the province accepts and the zone revises (version 2, version 1 kept);
//! a year-on-year jump without an explanation is refused naming the field and writes
//! nothing; another zone's staff and another province are refused and see nothing; an
//! import with one bad cell writes nothing; the API's lists, details and files answer;
//! the demo returns pass their own checks.

use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::returns::dictionary;
use gowest_app::{AppError, returns::ReturnFilter};
use gowest_domain::returns::{
    CheckSettings, Comparison, Period, PeriodKind, Status, Values, check,
};
use gowest_testkit::{TestApp, TestBackend, backends, operator, spawn_app};
use serde_json::{Map, Value, json};

struct Env {
    t: TestApp,
    chengdu: i64,
}

async fn env(backend: TestBackend) -> Env {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let chengdu = t
        .app
        .directory()
        .zones
        .iter()
        .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
        .map(|l| l.zone.id)
        .expect("a demo zone");
    Env { t, chengdu }
}

/// A plausible annual return of a western zone, in stored units, times `gdp_percent` %
/// for GDP.
fn annual(gdp_percent: i64) -> Values {
    let wan = 1_000_000;
    [
        ("fdi_actual", 24_000 * wan),
        ("trade_total", 3_000_000 * wan),
        ("exports", 1_600_000 * wan),
        ("gdp", 8_200_000 * wan * gdp_percent / 100),
        ("tax_revenue", 950_000 * wan),
        ("industrial_output", 26_000_000 * wan),
        ("fixed_asset_investment", 3_500_000 * wan),
        ("new_jobs", 22_000),
        ("rd_intensity", 260),
        ("high_tech_enterprises", 520),
        ("research_institutions", 110),
        ("incubators", 9),
        ("listed_enterprises", 8),
        ("large_manufacturers", 22),
        ("energy_intensity", 350),
        ("carbon_intensity", 850),
        ("water_intensity", 9_000),
        ("solid_waste_utilisation", 9_000),
        ("cooperation_parks", 4),
        ("paired_assistance", 3),
    ]
    .into_iter()
    .map(|(c, v)| (c.to_owned(), v))
    .collect()
}

/// The values as a zone types them: each in its field's shown unit.
fn typed(values: &Values) -> Value {
    let dict = dictionary().expect("dictionary");
    let map: Map<String, Value> = values
        .iter()
        .map(|(code, v)| {
            let f = dict.field(code).expect("a field");
            (code.clone(), Value::String(f.format(*v)))
        })
        .collect();
    Value::Object(map)
}

impl Env {
    async fn token(&self, user: &str) -> String {
        let session = self.t.session(user, DEMO_PASSWORD).await;
        self.t
            .app
            .create_api_token(&session, "统计直报", None)
            .await
            .expect("token")
            .1
    }

    async fn ctx(&self, user: &str) -> Context {
        Context::user(self.t.session(user, DEMO_PASSWORD).await.actor, None)
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

    async fn count(&self, sql: &str) -> i64 {
        self.t.db.count(sql).await
    }

    /// Rows in the audit log and the change log together: one more means a write.
    async fn writes(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM audit_log").await
            + self.count("SELECT COUNT(*) FROM change_log").await
    }

    async fn draft(
        &self,
        token: &str,
        period: &str,
        values: Value,
        explanations: Value,
    ) -> (u16, Value) {
        let body = json!({"zone_id": self.chengdu, "period": period, "values": values,
            "explanations": explanations});
        self.call(token, "/api/v1/returns", Some(body)).await
    }
}

fn error_fields(v: &Value) -> Vec<(String, String)> {
    v["errors"]
        .as_array()
        .map(|es| {
            es.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn filed_returned_filed_accepted_and_revised_with_scope_refusals() {
    for backend in backends() {
        let e = env(backend).await;
        let zone = e.token("chengdu.admin").await;
        let other_zone = e.token("wuhan.admin").await;
        let province = e.token("sichuan.staff").await;
        let other_province = e.token("hubei.staff").await;

        let (status, v) = e
            .draft(&zone, "2024-Y", typed(&annual(100)), json!({}))
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        assert_eq!(
            (v["status"].as_str(), v["version"].as_i64()),
            (Some("draft"), Some(1))
        );

        // Another zone's staff can neither edit nor file it.
        let (status, _) = e
            .draft(&other_zone, "2024-Y", typed(&annual(100)), json!({}))
            .await;
        assert_eq!(status, 403, "{backend}: another zone drafts");
        let (status, _) = e
            .call(
                &other_zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 403, "{backend}: another zone files");

        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            (status, v["status"].as_str()),
            (200, Some("filed")),
            "{backend}: {v}"
        );

        // The other province neither sees it nor acts on it.
        let (status, v) = e.call(&other_province, "/api/v1/returns", None).await;
        assert_eq!(status, 200, "{backend}: {v}");
        assert!(
            v.as_array()
                .is_some_and(|a| a.iter().all(|r| r["zone_id"] != e.chengdu))
        );
        let (status, _) = e
            .call(&other_province, &format!("/api/v1/returns/{id}"), None)
            .await;
        assert_eq!(status, 403, "{backend}: another province reads");
        let (status, _) = e
            .call(
                &other_province,
                &format!("/api/v1/returns/{id}/accept"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 403, "{backend}: another province accepts");
        // Nor may the zone accept its own return.
        let (status, _) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/accept"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 403, "{backend}: the zone accepts");

        // The province sees it in its queue; a return needs a reason.
        let (_, v) = e
            .call(&province, "/api/v1/returns?status=filed", None)
            .await;
        assert!(
            v.as_array()
                .is_some_and(|a| a.iter().any(|r| r["id"] == id)),
            "{backend}: {v}"
        );
        let (status, v) = e
            .call(
                &province,
                &format!("/api/v1/returns/{id}/return"),
                Some(json!({"reason": " "})),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(
            error_fields(&v),
            [("reason".to_owned(), "required".to_owned())]
        );
        let reason = "出口总额与海关统计数不一致，请核实";
        let (status, v) = e
            .call(
                &province,
                &format!("/api/v1/returns/{id}/return"),
                Some(json!({"reason": reason})),
            )
            .await;
        assert_eq!(
            (status, v["status"].as_str()),
            (200, Some("returned")),
            "{backend}: {v}"
        );
        assert_eq!(v["return_reason"], reason);

        // The zone corrects and files again; the province accepts.
        let mut corrected = annual(100);
        corrected.insert("exports".into(), 1_500_000 * 1_000_000);
        let (status, v) = e.draft(&zone, "2024-Y", typed(&corrected), json!({})).await;
        assert_eq!(
            (status, v["id"].as_i64()),
            (200, Some(id)),
            "{backend}: {v}"
        );
        let (status, _) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200);
        let (status, v) = e
            .call(
                &province,
                &format!("/api/v1/returns/{id}/accept"),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            (status, v["status"].as_str()),
            (200, Some("accepted")),
            "{backend}: {v}"
        );
        assert_eq!(v["values"]["exports"], 1_500_000i64 * 1_000_000);

        // An accepted return is not edited: it is revised into version 2 with a reason.
        let (status, v) = e
            .draft(&zone, "2024-Y", typed(&annual(100)), json!({}))
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(
            error_fields(&v),
            [("status".to_owned(), "not_editable".to_owned())]
        );
        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/revise"),
                Some(json!({"reason": "统计局反馈年报数据修订"})),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let v2 = v["id"].as_i64().expect("id");
        assert_eq!(
            (v["version"].as_i64(), v["status"].as_str()),
            (Some(2), Some("draft"))
        );
        let (status, v) = e
            .call(&province, &format!("/api/v1/returns/{id}"), None)
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        assert_eq!(v["current"]["id"], v2);
        let versions: Vec<(i64, String)> = v["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|r| {
                (
                    r["version"].as_i64().unwrap_or(0),
                    r["status"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            versions,
            [(1, "accepted".to_owned()), (2, "draft".to_owned())]
        );
        // Revising version 1 again is refused: version 2 is the newest.
        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/revise"),
                Some(json!({"reason": "再次修订"})),
            )
            .await;
        assert_eq!(
            (status, error_fields(&v)),
            (400, vec![("version".to_owned(), "not_newest".to_owned())])
        );

        // Every move is an event concerning the zone and its province.
        let events = e
            .count("SELECT COUNT(*) FROM change_log WHERE entity = 'statistical_return'")
            .await;
        assert_eq!(
            events, 8,
            "{backend}: draft, file, return, draft, file, accept, revise (2 records)"
        );
        for org in [
            format!("SELECT id FROM organisations WHERE zone_id = {}", e.chengdu),
            "SELECT id FROM organisations WHERE kind = 'province' AND province_code = '510000'"
                .to_owned(),
        ] {
            let org = e.count(&org).await.to_string();
            let orgs =
                e.t.db
                    .texts("SELECT org_ids FROM change_log WHERE entity = 'statistical_return'")
                    .await;
            assert!(
                orgs.iter().all(|o| o.split(',').any(|x| x == org)),
                "{backend}: every event concerns org {org}: {orgs:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_unexplained_jump_is_refused_naming_the_field_and_writes_nothing() {
    for backend in backends() {
        let e = env(backend).await;
        let zone = e.token("chengdu.admin").await;
        let province = e.token("sichuan.staff").await;
        let (_, v) = e
            .draft(&zone, "2024-Y", typed(&annual(100)), json!({}))
            .await;
        let id = v["id"].as_i64().expect("id");
        e.call(
            &zone,
            &format!("/api/v1/returns/{id}/file"),
            Some(json!({})),
        )
        .await;
        let (status, _) = e
            .call(
                &province,
                &format!("/api/v1/returns/{id}/accept"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200);

        // A year later, GDP up 50 % over the accepted 2024 figure.
        let (status, v) = e
            .draft(&zone, "2025-Y", typed(&annual(150)), json!({}))
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        let before = e.writes().await;
        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {v}");
        assert_eq!(
            error_fields(&v),
            [("gdp".to_owned(), "explanation_required".to_owned())]
        );
        assert!(
            v["errors"][0]["message_zh"]
                .as_str()
                .is_some_and(|m| m.contains("地区生产总值")),
            "{v}"
        );
        assert_eq!(
            e.writes().await,
            before,
            "{backend}: a refused filing writes nothing"
        );
        let (_, v) = e.call(&zone, &format!("/api/v1/returns/{id}"), None).await;
        assert_eq!(v["current"]["status"], "draft");
        assert_eq!(v["findings"]["flags"][0]["field"], "gdp");

        // A missing field is refused by name too.
        let mut short = annual(150);
        short.remove("tax_revenue");
        e.draft(
            &zone,
            "2025-Y",
            typed(&short),
            json!({"gdp": "整车新项目投产"}),
        )
        .await;
        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            (status, error_fields(&v)),
            (400, vec![("tax_revenue".to_owned(), "required".to_owned())])
        );

        // Explained, it files; the province reads the explanation.
        let why = "新能源汽车整车项目投产，新增产值约400亿元";
        e.draft(&zone, "2025-Y", typed(&annual(150)), json!({"gdp": why}))
            .await;
        let (status, v) = e
            .call(
                &zone,
                &format!("/api/v1/returns/{id}/file"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let (_, v) = e
            .call(&province, &format!("/api/v1/returns/{id}"), None)
            .await;
        assert_eq!(
            v["findings"]["flags"][0]["explanation"], why,
            "{backend}: {v}"
        );
    }
}

/// A CSV sheet in the template's layout for the zone: one row per (period, values).
fn sheet(zone_id: i64, rows: &[(&str, Vec<(&str, &str)>)]) -> Vec<u8> {
    let dict = dictionary().expect("dictionary");
    let mut headers = vec!["园区编号".to_owned(), "报告期".to_owned()];
    headers.extend(dict.fields().iter().map(|f| f.header()));
    let mut out = headers.join(",");
    for (period, overrides) in rows {
        let p = Period::parse(period).expect("period");
        let values = annual(100);
        let mut cells = vec![zone_id.to_string(), (*period).to_owned()];
        for f in dict.fields() {
            let typed = overrides
                .iter()
                .find(|(c, _)| *c == f.code)
                .map(|(_, t)| (*t).to_owned());
            let v = match (typed, p.kind()) {
                (Some(t), _) => t,
                (None, kind) if f.collected_in(kind) => {
                    let v = values[&f.code];
                    let v = if kind == PeriodKind::HalfYear {
                        v / 2
                    } else {
                        v
                    };
                    f.format(v)
                }
                _ => String::new(),
            };
            cells.push(v);
        }
        out.push('\n');
        out.push_str(&cells.join(","));
    }
    out.push('\n');
    out.into_bytes()
}

#[tokio::test]
async fn an_import_with_one_bad_cell_writes_nothing_and_exports_are_exact() {
    for backend in backends() {
        let e = env(backend).await;
        let ctx = e.ctx("chengdu.admin").await;
        let bad = sheet(
            e.chengdu,
            &[("2024-Y", vec![]), ("2025-H1", vec![("gdp", "四百亿")])],
        );
        let before = e.writes().await;
        let err =
            e.t.app
                .import_returns(&ctx, "returns.csv", &bad)
                .await
                .expect_err("a bad cell");
        let AppError::RowsRejected(rows) = err else {
            panic!("{backend}: {err:?}");
        };
        assert_eq!(rows.len(), 1, "{backend}: {rows:?}");
        assert_eq!(rows[0].row, 3);
        assert!(
            rows[0].column.ends_with("地区生产总值（万元）"),
            "{:?}",
            rows[0]
        );
        assert_eq!(e.count("SELECT COUNT(*) FROM statistical_returns").await, 0);
        assert_eq!(e.writes().await, before, "{backend}: nothing written");

        // Another zone's row refuses the file too.
        let wuhan = e.ctx("wuhan.admin").await;
        let err =
            e.t.app
                .import_returns(
                    &wuhan,
                    "returns.csv",
                    &sheet(e.chengdu, &[("2024-Y", vec![])]),
                )
                .await;
        assert!(
            matches!(err, Err(AppError::RowsRejected(ref r)) if r[0].field == "园区编号"),
            "{err:?}"
        );

        let good = sheet(
            e.chengdu,
            &[
                ("2024-Y", vec![("tax_revenue", "950000.12")]),
                ("2025-H1", vec![]),
            ],
        );
        let n =
            e.t.app
                .import_returns(&ctx, "returns.csv", &good)
                .await
                .expect("imported");
        assert_eq!(n, 2);
        let drafts =
            e.t.app
                .returns(&ctx.actor.clone().expect("actor"), ReturnFilter::default())
                .await
                .expect("list");
        assert!(drafts.iter().all(|r| r.ret.status == Status::Draft));

        // Exports: the exact figure (to the fen) in CSV; the template and XLSX download.
        let token = e.token("chengdu.admin").await;
        let url = format!("{}/api/v1/returns.csv", e.t.base_url);
        let csv =
            e.t.client
                .get(url)
                .bearer_auth(&token)
                .send()
                .await
                .expect("csv");
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.expect("text");
        assert!(text.contains("950000.12"), "{backend}: {text}");
        for path in [
            "/api/v1/returns.xlsx",
            "/api/v1/returns/template.xlsx?period=2025-H1",
        ] {
            let r =
                e.t.client
                    .get(format!("{}{path}", e.t.base_url))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("xlsx");
            assert_eq!(r.status(), 200, "{backend}: {path}");
            let bytes = r.bytes().await.expect("bytes");
            assert!(bytes.starts_with(b"PK"), "{path} is a workbook");
        }
        let (status, v) = e
            .call(&token, "/api/v1/returns/template.xlsx?period=2025-H2", None)
            .await;
        assert_eq!(
            (status, error_fields(&v)),
            (400, vec![("period".to_owned(), "not_a_period".to_owned())])
        );
        // An enterprise reads no returns: refused, not an empty list.
        let enterprise = e.token("enterprise.demo").await;
        let (status, _) = e.call(&enterprise, "/api/v1/returns", None).await;
        assert_eq!(status, 403);
    }
}

#[tokio::test]
async fn demo_returns_pass_their_own_checks_and_seed_once() {
    for backend in backends() {
        let e = env(backend).await;
        let n =
            e.t.app
                .seed_demo_returns(&operator())
                .await
                .expect("seeded");
        assert!(
            n >= 18,
            "{backend}: three zones × three years × two returns, got {n}"
        );
        assert_eq!(
            e.t.app.seed_demo_returns(&operator()).await.expect("again"),
            0
        );
        let dict = dictionary().expect("dictionary");
        let all =
            e.t.db
                .store
                .statistical_returns(&ReturnFilter::default())
                .await
                .expect("returns");
        let accepted = |zone: i64, p: Period| {
            all.iter()
                .find(|r| {
                    r.ret.zone_id == zone && r.ret.period == p && r.ret.status == Status::Accepted
                })
                .map(|r| r.ret.values.clone())
        };
        for r in &all {
            let (before, other) = (
                accepted(r.ret.zone_id, r.ret.period.a_year_before()),
                accepted(r.ret.zone_id, r.ret.period.same_year_other()),
            );
            let findings = check(
                dict,
                &r.ret,
                Comparison {
                    a_year_before: before.as_ref(),
                    same_year_other: other.as_ref(),
                },
                CheckSettings::default(),
            );
            assert!(
                findings.can_file(),
                "{backend}: {} {}: {findings:?}",
                r.ret.zone_id,
                r.ret.period
            );
        }
        // The western zone is smaller than Suzhou Industrial Park.
        let gdp = |name: &str| {
            let id =
                e.t.app
                    .directory()
                    .zones
                    .iter()
                    .find(|l| l.zone.fields.name_zh == name)
                    .map(|l| l.zone.id)
                    .expect("zone");
            accepted(id, Period::Annual(2025))
                .and_then(|v| v.get("gdp").copied())
                .expect("gdp")
        };
        assert!(gdp("成都经济技术开发区") < gdp("苏州工业园区"));
    }
}

#[tokio::test]
async fn the_api_document_describes_returns_without_taking_the_funds_status() {
    let t = spawn_app(TestBackend::Sqlite).await;
    let doc: Value = t.get("/api/openapi.json").await.json().await.expect("json");
    for path in [
        "/api/v1/returns",
        "/api/v1/returns/{id}/accept",
        "/api/v1/returns.csv",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let schemas = &doc["components"]["schemas"];
    let text = |v: &Value| v.to_string();
    assert!(
        text(&schemas["ZoneReturn"]).contains("\"filed\""),
        "{}",
        schemas["ZoneReturn"]
    );
    assert!(
        text(&schemas["Status"]).contains("\"submitted\"")
            && !text(&schemas["Status"]).contains("\"filed\""),
        "the funds' Status is its own"
    );
}
