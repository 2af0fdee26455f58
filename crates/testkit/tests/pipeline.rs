//! The 招商 pipeline over HTTP and in the store, on every backend: figures add up exactly
//! from the records, a project signed twice counts once, bad input is refused with its
//! field and writes nothing, zones keep their own records, imports are all or nothing, and
//! evidence files keep their checksum within their limits.

use base64::Engine;
use gowest_app::audit::{AuditQuery, Context};
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::pipeline::{FiguresBy, PromotionEvent, figures};
use gowest_store::pipeline::RecordSet;
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

struct Env {
    t: TestApp,
    chengdu: i64,
    wuhan: i64,
    events: [i64; 2],
}

async fn env(backend: gowest_testkit::TestBackend) -> Env {
    let t = spawn_app(backend).await;
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let zone = |name: &str| {
        t.app
            .directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == name)
            .map(|l| l.zone.id)
            .expect("a demo zone")
    };
    let (chengdu, wuhan) = (zone("成都经济技术开发区"), zone("武汉经济技术开发区"));
    let mut events = [0; 2];
    for (i, (name, on)) in [
        ("第二届中国中部投资贸易博览会", "2007-04-26"),
        ("第三届中国中部投资贸易博览会", "2008-04-18"),
    ]
    .into_iter()
    .enumerate()
    {
        let day = on.parse().expect("date");
        let event = PromotionEvent {
            id: 0,
            name_zh: name.into(),
            city_zh: None,
            starts_on: day,
            ends_on: day,
            organiser_org_id: None,
        };
        events[i] = t
            .app
            .add_promotion_event(&operator(), &Context::system("test"), &event, false)
            .await
            .expect("event");
    }
    Env {
        t,
        chengdu,
        wuhan,
        events,
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

    async fn call(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.t.base_url);
        let request = match method {
            "GET" => self.t.client.get(url),
            _ => self.t.client.post(url),
        };
        let request = request.bearer_auth(token);
        let request = match body {
            Some(b) => request.json(&b),
            None => request,
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn create(&self, token: &str, zone: i64, project: &str, investor: &str) -> i64 {
        let body = json!({"zone_id": zone, "project_name": project, "investor_name": investor,
            "investor_origin": "440000", "industry": "39"});
        let (status, v) = self
            .call(token, "POST", "/api/v1/pipeline", Some(body))
            .await;
        assert_eq!(status, 201, "{v}");
        v["record"]["id"].as_i64().expect("id")
    }

    async fn step(&self, token: &str, id: i64, body: Value) -> (u16, Value) {
        self.call(
            token,
            "POST",
            &format!("/api/v1/pipeline/{id}/advance"),
            Some(body),
        )
        .await
    }

    async fn counts(&self) -> ([i64; 5], usize) {
        let rows = self.t.db.store.pipeline_row_counts().await.expect("counts");
        let audit = self
            .t
            .db
            .store
            .audit_rows(&AuditQuery {
                action_prefix: Some("pipeline.".into()),
                limit: 1000,
                ..AuditQuery::default()
            })
            .await
            .expect("audit");
        (rows, audit.len())
    }
}

fn field_of(v: &Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn figures_add_up_exactly_and_a_project_signed_twice_counts_once() {
    for backend in backends() {
        let e = env(backend).await;
        let (cd, wh, ministry) = (
            e.token("chengdu.admin").await,
            e.token("wuhan.admin").await,
            e.token("ministry.staff").await,
        );
        let a = e
            .create(
                &cd,
                e.chengdu,
                "笔记本电脑整机生产项目",
                "富士康精密电子有限公司",
            )
            .await;
        let sign = json!({"to": "签约", "on": "2007-04-26", "contract_amount_yuan": "150000000.50", "event_id": e.events[0].to_string()});
        assert_eq!(e.step(&cd, a, sign).await.0, 200, "{backend}");
        let again = json!({"event_id": e.events[1].to_string(), "signed_on": "2008-04-18"});
        let (status, v) = e
            .call(
                &cd,
                "POST",
                &format!("/api/v1/pipeline/{a}/signings"),
                Some(again),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        assert_eq!(v["record"]["signings"].as_array().map(Vec::len), Some(2));
        let land = json!({"to": "开工", "on": "2007-09-01", "jobs_created": "800"});
        assert_eq!(e.step(&cd, a, land).await.0, 200, "{backend}");
        let funds = json!({"received_on": "2007-10-01", "source": "国内省外", "kind": "固定资产投资", "amount_yuan": "30000000"});
        assert_eq!(
            e.call(
                &cd,
                "POST",
                &format!("/api/v1/pipeline/{a}/funds"),
                Some(funds)
            )
            .await
            .0,
            200
        );

        let b = e
            .create(
                &wh,
                e.wuhan,
                "汽车零部件生产项目",
                "上海联合汽车零部件有限公司",
            )
            .await;
        let sign = json!({"to": "signed", "on": "2007-05-10", "contract_amount_yuan": "80000000"});
        assert_eq!(e.step(&wh, b, sign).await.0, 200);
        let drop = json!({"to": "终止", "on": "2007-08-01", "reason": "投资方调整投资计划"});
        assert_eq!(e.step(&wh, b, drop).await.0, 200);
        e.create(
            &wh,
            e.wuhan,
            "服装加工出口基地项目",
            "宁波雅戈纺织服装有限公司",
        )
        .await;

        let all =
            e.t.db
                .store
                .pipeline_entries(&RecordSet::All)
                .await
                .expect("records");
        let expected = figures(all.iter().map(|x| &x.record));
        assert_eq!(expected.signed_projects, 2, "{backend}");
        assert_eq!(
            expected.signed_amount_fen,
            15_000_000_050 + 8_000_000_000,
            "{backend}: once each"
        );
        let (_, national) = e
            .call(&ministry, "GET", "/api/v1/pipeline-figures", None)
            .await;
        assert_eq!(
            national["rows"][0]["figures"],
            serde_json::to_value(expected).expect("json"),
            "{backend}"
        );
        assert_eq!(national["rows"][0]["rates"]["landing_rate"]["numerator"], 1);
        assert_eq!(
            national["rows"][0]["rates"]["landing_rate"]["denominator"],
            2
        );
        assert_eq!(
            national["rows"][0]["rates"]["performance_rate"]["basis_points"],
            5000
        );
        for by in ["zone", "province", "region"] {
            let (status, v) = e
                .call(
                    &ministry,
                    "GET",
                    &format!("/api/v1/pipeline-figures?by={by}"),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{backend} {by}");
            let rows = v["rows"].as_array().expect("rows");
            let sum: i64 = rows
                .iter()
                .map(|r| r["figures"]["signed_amount_fen"].as_i64().expect("amount"))
                .sum();
            assert_eq!(
                i128::from(sum),
                expected.signed_amount_fen,
                "{backend}: {by} rows add up"
            );
            let jobs: u64 = rows
                .iter()
                .map(|r| r["figures"]["jobs_created"].as_u64().expect("jobs"))
                .sum();
            assert_eq!(jobs, 800, "{backend} {by}");
        }
        let typed = e.t.app.group_figures(&all, FiguresBy::Zone);
        assert_eq!(typed.len(), 2, "{backend}");
        let (status, _) = e
            .call(&ministry, "GET", "/api/v1/pipeline-figures?by=city", None)
            .await;
        assert_eq!(status, 400, "{backend}");
    }
}

#[tokio::test]
async fn a_capital_increase_counts_only_the_added_amount() {
    for backend in backends() {
        let e = env(backend).await;
        let cd = e.token("chengdu.admin").await;
        let body = json!({"zone_id": e.chengdu, "project_name": "液晶模组二期增资项目", "investor_name": "京东方科技集团",
            "investor_origin": "110000", "industry": "39", "kind": "增资", "base_amount_yuan": "1000000"});
        let (status, v) = e.call(&cd, "POST", "/api/v1/pipeline", Some(body)).await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["record"]["id"].as_i64().expect("id");
        let too_small =
            json!({"to": "签约", "on": "2007-03-01", "contract_amount_yuan": "1000000"});
        let (status, v) = e.step(&cd, id, too_small).await;
        assert_eq!(
            (status, field_of(&v)),
            (400, vec!["contract_amount_yuan".to_owned()]),
            "{backend}"
        );
        let sign = json!({"to": "签约", "on": "2007-03-01", "contract_amount_yuan": "1500000"});
        assert_eq!(e.step(&cd, id, sign).await.0, 200, "{backend}");
        let (_, v) = e.call(&cd, "GET", "/api/v1/pipeline-figures", None).await;
        assert_eq!(
            v["rows"][0]["figures"]["signed_amount_fen"], 50_000_000,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_its_field_and_writes_nothing() {
    for backend in backends() {
        let e = env(backend).await;
        let cd = e.token("chengdu.admin").await;
        let id = e
            .create(
                &cd,
                e.chengdu,
                "精密模具制造项目",
                "苏州恒通精密机械有限公司",
            )
            .await;
        assert_eq!(
            e.step(
                &cd,
                id,
                json!({"to": "签约", "on": "2007-05-01", "contract_amount_yuan": "1000"})
            )
            .await
            .0,
            200
        );
        let before = e.counts().await;
        let bad: [(&str, Value, &str); 6] = [
            (
                "/api/v1/pipeline",
                json!({"zone_id": e.chengdu, "project_name": "另一个项目", "investor_name": "某公司",
                "investor_credit_code": "91350100M000100Y44", "investor_origin": "440000", "industry": "39"}),
                "investor_credit_code",
            ),
            ("advance", json!({"to": "落地", "on": "2007-04-01"}), "on"),
            (
                "advance",
                json!({"to": "approved", "on": "2007-06-01"}),
                "to",
            ),
            (
                "funds",
                json!({"received_on": "2007-06-01", "source": "境外", "kind": "流动资金", "amount_yuan": "-5"}),
                "amount_yuan",
            ),
            (
                "funds",
                json!({"received_on": "2007-04-01", "source": "境外", "kind": "流动资金", "amount_yuan": "5"}),
                "received_on",
            ),
            (
                "/api/v1/pipeline",
                json!({"zone_id": e.chengdu, "project_name": 42}),
                "body",
            ),
        ];
        for (path, body, field) in bad {
            let path = match path {
                "advance" | "funds" => format!("/api/v1/pipeline/{id}/{path}"),
                other => other.to_owned(),
            };
            let (status, v) = e.call(&cd, "POST", &path, Some(body)).await;
            assert_eq!(status, 400, "{backend}: {path} {v}");
            assert!(
                field_of(&v).contains(&field.to_owned()),
                "{backend}: {field} in {v}"
            );
            assert!(
                v["errors"][0]["message_zh"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
        }
        assert_eq!(e.counts().await, before, "{backend}: nothing written");
    }
}

#[tokio::test]
async fn zones_keep_their_own_pipelines_and_provinces_see_only_their_zones() {
    for backend in backends() {
        let e = env(backend).await;
        let (cd, wh) = (e.token("chengdu.admin").await, e.token("wuhan.admin").await);
        let id = e
            .create(&cd, e.chengdu, "运动鞋加工项目", "东莞裕元鞋业有限公司")
            .await;
        let before = e.counts().await;
        assert_eq!(
            e.call(&wh, "GET", &format!("/api/v1/pipeline/{id}"), None)
                .await
                .0,
            404,
            "{backend}"
        );
        let sign = json!({"to": "签约", "on": "2007-05-01", "contract_amount_yuan": "1000"});
        assert_eq!(e.step(&wh, id, sign).await.0, 404, "{backend}");
        let body = json!({"zone_id": e.chengdu, "project_name": "冒名项目", "investor_name": "某公司", "investor_origin": "440000", "industry": "39"});
        assert_eq!(
            e.call(&wh, "POST", "/api/v1/pipeline", Some(body)).await.0,
            403,
            "{backend}"
        );
        assert_eq!(e.counts().await, before, "{backend}");
        let (status, _) = e
            .call(
                &wh,
                "GET",
                &format!("/api/v1/pipeline?zone_id={}", e.chengdu),
                None,
            )
            .await;
        assert_eq!(status, 403, "{backend}");

        let sichuan = e.token("sichuan.staff").await;
        let (_, list) = e.call(&sichuan, "GET", "/api/v1/pipeline", None).await;
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{backend}");
        let hubei = e.token("hubei.staff").await;
        let (_, list) = e.call(&hubei, "GET", "/api/v1/pipeline", None).await;
        assert_eq!(list.as_array().map(Vec::len), Some(0), "{backend}");
        assert_eq!(
            e.call(&hubei, "GET", &format!("/api/v1/pipeline/{id}"), None)
                .await
                .0,
            404
        );
        assert_eq!(
            e.step(
                &sichuan,
                id,
                json!({"to": "签约", "on": "2007-05-01", "contract_amount_yuan": "1"})
            )
            .await
            .0,
            403,
            "{backend}: provinces read, zones write"
        );

        // A problem routed to 四川省商务厅 is theirs to resolve, not 武汉's.
        let sichuan_org =
            e.t.session("sichuan.staff", DEMO_PASSWORD)
                .await
                .actor
                .acting
                .expect("org")
                .org
                .id;
        let problem = json!({"text": "项目用地指标未落实，需省厅协调", "routed_to_org": sichuan_org.to_string(), "raised_on": "2007-06-01"});
        let (status, v) = e
            .call(
                &cd,
                "POST",
                &format!("/api/v1/pipeline/{id}/problems"),
                Some(problem),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let (_, routed) = e
            .call(&sichuan, "GET", "/api/v1/pipeline-problems", None)
            .await;
        let problem_id = routed[0]["problem_ids"][0].as_i64().expect("problem id");
        let resolve = json!({"resolution": "省厅已协调下达用地指标", "resolved_on": "2007-07-01"});
        assert_eq!(
            e.call(
                &wh,
                "POST",
                &format!("/api/v1/pipeline-problems/{problem_id}/resolve"),
                Some(resolve.clone())
            )
            .await
            .0,
            404
        );
        let (status, v) = e
            .call(
                &sichuan,
                "POST",
                &format!("/api/v1/pipeline-problems/{problem_id}/resolve"),
                Some(resolve),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        assert_eq!(v["record"]["problems"][0]["status"], "resolved");
    }
}

#[tokio::test]
async fn likely_duplicates_are_flagged_and_a_confirmed_one_leaves_the_figures() {
    for backend in backends() {
        let e = env(backend).await;
        let (cd, wh, ministry) = (
            e.token("chengdu.admin").await,
            e.token("wuhan.admin").await,
            e.token("ministry.staff").await,
        );
        let a = e
            .create(
                &cd,
                e.chengdu,
                "笔记本电脑整机生产基地项目",
                "富士康精密电子有限公司",
            )
            .await;
        let sign = |event: i64| json!({"to": "签约", "on": "2007-04-26", "contract_amount_yuan": "1000000", "event_id": event.to_string()});
        assert_eq!(e.step(&cd, a, sign(e.events[0])).await.0, 200);
        let b = e
            .create(
                &wh,
                e.wuhan,
                "笔记本电脑整机生产基地一期",
                "富士康精密电子有限公司",
            )
            .await;
        let (_, v) = e.step(&wh, b, sign(e.events[1])).await;
        assert_eq!(v["record"]["review"]["status"], "flagged", "{backend}: {v}");
        let (_, queue) = e
            .call(&ministry, "GET", "/api/v1/pipeline-reviews", None)
            .await;
        assert_eq!(queue.as_array().map(Vec::len), Some(1), "{backend}");
        assert_eq!(
            e.call(&cd, "GET", "/api/v1/pipeline-reviews", None).await.0,
            403
        );
        let (status, v) = e
            .call(
                &ministry,
                "POST",
                &format!("/api/v1/pipeline/{b}/review"),
                Some(json!({"decision": "confirm", "of": a})),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let (_, f) = e
            .call(&ministry, "GET", "/api/v1/pipeline-figures", None)
            .await;
        assert_eq!(
            f["rows"][0]["figures"]["signed_amount_fen"], 100_000_000,
            "{backend}"
        );
        assert_eq!(
            f["rows"][0]["figures"]["excluded_duplicates"], 1,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_import_with_one_bad_row_names_it_and_writes_nothing() {
    for backend in backends() {
        let e = env(backend).await;
        let session = e.t.session("chengdu.admin", DEMO_PASSWORD).await;
        let keeper = session.actor.pipeline_keeper(e.chengdu).expect("keeper");
        let ctx = Context::user(session.actor.clone(), None);
        let header =
            "项目名称,投资方名称,投资方来源地,行业代码,阶段,签约日期,签约金额(元),落地日期\n";
        let good = "液晶模组项目,华星电子有限公司,440000,39,落地,2007-01-10,80000000,2007-03-01\n\
                    鞋业加工项目,裕元鞋业有限公司,境外:台湾,19,在谈,,,\n";
        let bad = format!(
            "{header}{good}精密模具项目,恒通机械有限公司,320000,35,落地,2007-05-01,1000,2007-04-01\n"
        );
        let before = e.counts().await;
        let refused =
            e.t.app
                .import_pipeline_records(&keeper, &ctx, "records.csv", bad.as_bytes())
                .await;
        match refused {
            Err(gowest_app::AppError::RowsRejected(rows)) => {
                assert_eq!(rows.len(), 1, "{backend}");
                assert_eq!(rows[0].row, 4, "{backend}");
                assert_eq!(rows[0].field, "landed_on", "{backend}");
                assert!(
                    rows[0].column.starts_with("H "),
                    "{backend}: {}",
                    rows[0].column
                );
            }
            other => panic!("{backend}: expected rejected rows, got {other:?}"),
        }
        assert_eq!(e.counts().await, before, "{backend}");
        let ok = format!("{header}{good}");
        let n =
            e.t.app
                .import_pipeline_records(&keeper, &ctx, "records.csv", ok.as_bytes())
                .await
                .expect("import");
        assert_eq!(n, 2, "{backend}");
        let xlsx = gowest_app::pipeline_sheet::records_xlsx(
            &e.t.db
                .store
                .pipeline_entries(&RecordSet::All)
                .await
                .expect("rows"),
        )
        .expect("xlsx");
        let n =
            e.t.app
                .import_pipeline_records(&keeper, &ctx, "again.xlsx", &xlsx)
                .await
                .expect("round trip");
        assert_eq!(n, 2, "{backend}: an export imports again");
    }
}

#[tokio::test]
async fn evidence_keeps_its_checksum_and_its_limits() {
    for backend in backends() {
        let e = env(backend).await;
        let cd = e.token("chengdu.admin").await;
        let id = e
            .create(
                &cd,
                e.chengdu,
                "继电器生产线项目",
                "厦门宏发电声股份有限公司",
            )
            .await;
        assert_eq!(
            e.step(
                &cd,
                id,
                json!({"to": "签约", "on": "2007-05-01", "contract_amount_yuan": "1000000"})
            )
            .await
            .0,
            200
        );
        let pdf = b"%PDF-1.4\n% bank slip\n".to_vec();
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let funds = |evidence: Value| json!({"received_on": "2007-06-01", "source": "市内", "kind": "流动资金", "amount_yuan": "50000", "evidence": evidence});
        let before = e.counts().await;
        for (name, bytes) in [
            ("virus.exe", b"MZ\x90\x00".to_vec()),
            ("huge.pdf", {
                let mut big = b"%PDF-".to_vec();
                big.resize(10 * 1024 * 1024 + 1, b' ');
                big
            }),
        ] {
            let (status, v) = e
                .call(
                    &cd,
                    "POST",
                    &format!("/api/v1/pipeline/{id}/funds"),
                    Some(funds(
                        json!({"file_name": name, "content_base64": b64(&bytes)}),
                    )),
                )
                .await;
            assert_eq!(status, 400, "{backend}: {name}");
            assert_eq!(field_of(&v), ["evidence"], "{backend}: {name}");
        }
        assert_eq!(e.counts().await, before, "{backend}");
        let evidence = json!({"file_name": "进账单.pdf", "media_type": "application/pdf", "content_base64": b64(&pdf)});
        let (status, v) = e
            .call(
                &cd,
                "POST",
                &format!("/api/v1/pipeline/{id}/funds"),
                Some(funds(evidence)),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let sha = hex::encode(Sha256::digest(&pdf));
        assert_eq!(
            v["record"]["funds"][0]["evidence"]["sha256"],
            sha.as_str(),
            "{backend}"
        );
        let funds_id = v["funds"][0]["id"].as_i64().expect("funds id");
        let response =
            e.t.client
                .get(format!(
                    "{}/api/v1/pipeline/{id}/funds/{funds_id}/evidence",
                    e.t.base_url
                ))
                .bearer_auth(&cd)
                .send()
                .await
                .expect("download");
        assert_eq!(response.status(), 200, "{backend}");
        assert_eq!(response.headers()["x-content-sha256"], sha.as_str());
        assert_eq!(
            response.bytes().await.expect("bytes").as_ref(),
            pdf.as_slice(),
            "{backend}"
        );
    }
}
