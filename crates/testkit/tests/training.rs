//! Training programmes on every backend: a roster is imported whole or refused whole naming
//! its rows, progress figures add up exactly from the trainee records, a province reads only
//! its own zones' trainees, no full 身份证号 reaches a listing, an export or the audit log,
//! and a plan goes zone → province → ministry.

use gowest_app::AppError;
use gowest_app::audit::{AuditQuery, Context};
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::zones::{NoProgress, Progress};
use gowest_domain::training::{NationalTarget, PlanInput, PlanStatus, PlanStep};
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use std::sync::atomic::{AtomicU64, Ordering};

const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The `n`th valid 身份证号 of a test series (`n` < 60,000; a Chengdu 510100 prefix, born on
/// 1 January of 1960 + n / 1000).
fn resident_id(n: u32) -> String {
    let body = format!("510100{}0101{:03}", 1960 + n / 1000, n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A CSV roster of `n` trainees numbered from `from`; every third one certified.
fn roster(from: u32, n: u32) -> String {
    let mut csv =
        String::from("姓名,身份证号,职业（工种）,培训课程,结业日期,考核结果,证书编号,证书等级\n");
    for i in from..from + n {
        let month = i % 12 + 1;
        if i % 3 == 0 {
            csv += &format!(
                "学员{i},{},焊工,焊工中级班,2007-{month:02}-15,合格,Z{i:08},四级\n",
                resident_id(i)
            );
        } else {
            csv += &format!(
                "学员{i},{},车工,车工初级班,2007-{month:02}-15,,,\n",
                resident_id(i)
            );
        }
    }
    csv
}

struct Env {
    t: TestApp,
    chengdu: i64,
    wuhan: i64,
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
    Env { t, chengdu, wuhan }
}

impl Env {
    async fn ctx(&self, user: &str) -> Context {
        let session = self.t.session(user, DEMO_PASSWORD).await;
        Context::user(session.actor, None)
    }

    async fn trainee_count(&self) -> i64 {
        self.t.db.count("SELECT COUNT(*) FROM trainees").await
    }
}

struct Counted(AtomicU64, AtomicU64);

impl Progress for Counted {
    fn set_total(&self, total: u64) {
        self.0.store(total, Ordering::SeqCst);
    }
    fn advance(&self, done: u64) {
        self.1.fetch_max(done, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_roster_imports_whole_and_progress_adds_up_from_the_records() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let counted = Counted(AtomicU64::new(0), AtomicU64::new(0));
        let n =
            e.t.app
                .import_roster(
                    &chengdu,
                    e.chengdu,
                    "roster.csv",
                    roster(0, 2_500).as_bytes(),
                    &counted,
                )
                .await
                .expect("import");
        assert_eq!(n, 2_500, "{backend:?}");
        let total = counted.0.load(Ordering::SeqCst);
        assert!(
            total > 0 && counted.1.load(Ordering::SeqCst) == total,
            "progress ends at its total"
        );
        let wuhan = e.ctx("wuhan.admin").await;
        e.t.app
            .import_roster(
                &wuhan,
                e.wuhan,
                "r.csv",
                roster(5_000, 40).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("wuhan import");

        // The kept counts are exactly the recount of the trainee rows.
        let kept = e.t.db.store.training_progress().await.expect("counts");
        let recount =
            e.t.db
                .store
                .training_progress_recount()
                .await
                .expect("recount");
        assert_eq!(kept, recount, "{backend:?}");

        let ministry = e.ctx("ministry.staff").await;
        e.t.app
            .set_training_quotas(
                &ministry,
                NationalTarget::notice_default(2007),
                &[(e.chengdu, 3_000), (e.wuhan, 1_000)],
            )
            .await
            .expect("quotas");
        let p =
            e.t.app
                .training_progress(ministry.actor.as_ref().expect("actor"), 2007)
                .await
                .expect("progress");
        assert_eq!(
            (p.total.trained, p.total.certified, p.total.quota),
            (2_540, 834 + 13, 4_000)
        );
        for table in [&p.by_zone, &p.by_province, &p.by_region, &p.by_month] {
            assert_eq!(table.iter().map(|r| r.trained).sum::<u64>(), 2_540);
            assert_eq!(table.iter().map(|r| r.certified).sum::<u64>(), 847);
        }
        let db_certified =
            e.t.db
                .count("SELECT COUNT(*) FROM trainees WHERE certificate_no IS NOT NULL")
                .await;
        assert_eq!(db_certified, 847);

        // Sichuan sees Chengdu's progress only.
        let sichuan = e.ctx("sichuan.staff").await;
        let p =
            e.t.app
                .training_progress(sichuan.actor.as_ref().expect("actor"), 2007)
                .await
                .expect("progress");
        assert_eq!((p.total.trained, p.total.quota), (2_500, 3_000));
    }
}

#[tokio::test]
async fn a_roster_with_a_bad_row_is_refused_whole_naming_the_row() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let mut csv = roster(0, 50);
        // Row 53: a wrong check digit; row 54: a repeat of row 2; row 55: an unknown occupation.
        let bad_id = format!(
            "{}{}",
            &resident_id(60)[..17],
            if resident_id(60).ends_with('1') {
                '2'
            } else {
                '1'
            }
        );
        csv += &format!("坏行,{bad_id},车工,车工初级班,2007-03-01,,,\n");
        csv += &format!("重复,{},车工,车工初级班,2007-03-01,,,\n", resident_id(0));
        csv += &format!("未知,{},宇航员,车工初级班,2007-03-01,,,\n", resident_id(61));
        let err =
            e.t.app
                .import_roster(&chengdu, e.chengdu, "r.csv", csv.as_bytes(), &NoProgress)
                .await
                .expect_err("refused");
        let AppError::RowsRejected(rows) = err else {
            panic!("rows rejected, got {err:?}")
        };
        let named: Vec<_> = rows.iter().map(|r| (r.row, r.field.as_str())).collect();
        assert_eq!(
            named,
            [(52, "id_number"), (53, "id_number"), (54, "occupation")],
            "{backend:?}"
        );
        assert!(rows[0].column.starts_with("B "), "{}", rows[0].column);
        assert!(
            !format!("{rows:?}").contains(&bad_id),
            "the refused number is not echoed"
        );
        assert_eq!(e.trainee_count().await, 0, "nothing half-imported");

        // Once registered, the same numbers are refused as already registered.
        e.t.app
            .import_roster(
                &chengdu,
                e.chengdu,
                "r.csv",
                roster(0, 10).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let err =
            e.t.app
                .import_roster(
                    &chengdu,
                    e.chengdu,
                    "r.csv",
                    roster(9, 3).as_bytes(),
                    &NoProgress,
                )
                .await
                .expect_err("refused");
        let AppError::RowsRejected(rows) = err else {
            panic!("rows rejected")
        };
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2]);
        assert_eq!(e.trainee_count().await, 10);

        // Only the zone's own staff import into it.
        let wuhan = e.ctx("wuhan.admin").await;
        let err =
            e.t.app
                .import_roster(
                    &wuhan,
                    e.chengdu,
                    "r.csv",
                    roster(100, 1).as_bytes(),
                    &NoProgress,
                )
                .await
                .expect_err("forbidden");
        assert!(matches!(err, AppError::Forbidden));
    }
}

#[tokio::test]
async fn provinces_read_their_own_trainees_and_no_full_id_number_leaves_the_store() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        e.t.app
            .import_roster(
                &chengdu,
                e.chengdu,
                "r.csv",
                roster(0, 30).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let wuhan = e.ctx("wuhan.admin").await;
        e.t.app
            .import_roster(
                &wuhan,
                e.wuhan,
                "r.csv",
                roster(500, 5).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let read = |ctx: Context| {
            let app = e.t.app.clone();
            async move {
                let actor = ctx.actor.expect("actor");
                let (rows, total) = app.trainees(&actor, 500, 0).await.expect("list");
                (rows, total)
            }
        };
        let (rows, total) = read(e.ctx("sichuan.staff").await).await;
        assert_eq!(total, 30, "{backend:?}");
        assert!(rows.iter().all(|r| r.zone_id == e.chengdu));
        let (rows, total) = read(e.ctx("hubei.staff").await).await;
        assert_eq!(total, 5);
        assert!(rows.iter().all(|r| r.zone_id == e.wuhan));
        let (_, total) = read(e.ctx("ministry.staff").await).await;
        assert_eq!(total, 35);
        let enterprise = e.ctx("enterprise.demo").await;
        assert!(matches!(
            e.t.app
                .trainees(enterprise.actor.as_ref().expect("actor"), 10, 0)
                .await,
            Err(AppError::Forbidden)
        ));

        // Listings, exports, the audit log and the database itself hold masks and digests only.
        let ministry = e.ctx("ministry.staff").await;
        let (rows, _) = read(ministry.clone()).await;
        let export =
            e.t.app
                .export_trainees(ministry.actor.as_ref().expect("actor"))
                .await
                .expect("export");
        let export = String::from_utf8(export).expect("utf-8");
        assert!(export.contains("5101**********"));
        let xlsx =
            e.t.app
                .export_trainees_xlsx(ministry.actor.as_ref().expect("actor"))
                .await
                .expect("xlsx export");
        let xlsx = {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("workbook");
            let range = book.worksheet_range("学员").expect("sheet");
            assert_eq!(range.height(), 36, "header and 35 trainees");
            range
                .rows()
                .flat_map(|r| r.iter().map(ToString::to_string))
                .collect::<Vec<_>>()
                .join(",")
        };
        assert!(xlsx.contains("5101**********"));
        let audit =
            e.t.db
                .store
                .audit_rows(&AuditQuery {
                    action_prefix: Some("training.".into()),
                    limit: 100,
                    ..AuditQuery::default()
                })
                .await
                .expect("audit");
        assert_eq!(audit.len(), 2);
        let dump = e
            .t
            .db
            .count("SELECT COUNT(*) FROM trainees WHERE id_masked LIKE '5101**********%' AND length(id_digest) = 64")
            .await;
        assert_eq!(dump, 35);
        let listing = format!("{rows:?}");
        let audit = format!("{audit:?}");
        for n in (0..30).chain(500..505) {
            let full = resident_id(n);
            for (what, text) in [
                ("listing", &listing),
                ("export", &export),
                ("xlsx export", &xlsx),
                ("audit", &audit),
            ] {
                assert!(!text.contains(&full), "{what} holds a full number");
                assert!(!text.contains(&full[6..14]), "{what} holds a birth date");
            }
        }
    }
}

#[tokio::test]
async fn a_plan_goes_from_the_zone_to_its_province_then_the_ministry() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let input = PlanInput {
            year: "2007".into(),
            lines: "焊工:200\n车工:150".into(),
            institution: "成都市高级技工学校".into(),
            starts_on: "2007-03-01".into(),
            ends_on: "2007-12-31".into(),
            budget: "1200000".into(),
        };
        let bad = PlanInput {
            budget: "abc".into(),
            ..input.clone()
        };
        assert!(matches!(
            e.t.app.save_training_plan(&chengdu, e.chengdu, &bad).await,
            Err(AppError::Invalid(v)) if v.0[0].field == "budget"
        ));
        e.t.app
            .save_training_plan(&chengdu, e.chengdu, &input)
            .await
            .expect("save");
        let step = |ctx: Context, s: PlanStep, reason: &'static str| {
            let app = e.t.app.clone();
            let zone = e.chengdu;
            async move { app.step_training_plan(&ctx, zone, 2007, s, reason).await }
        };
        assert_eq!(
            step(chengdu.clone(), PlanStep::Submit, "")
                .await
                .expect("submit"),
            PlanStatus::Submitted
        );
        assert!(matches!(
            e.t.app
                .save_training_plan(&chengdu, e.chengdu, &input)
                .await,
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            step(e.ctx("hubei.staff").await, PlanStep::Approve, "").await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            step(e.ctx("ministry.staff").await, PlanStep::Approve, "").await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            step(e.ctx("sichuan.staff").await, PlanStep::Return, "预算偏高")
                .await
                .expect("return"),
            PlanStatus::Returned
        );
        e.t.app
            .save_training_plan(&chengdu, e.chengdu, &input)
            .await
            .expect("rewrite after return");
        step(chengdu.clone(), PlanStep::Submit, "")
            .await
            .expect("submit again");
        step(e.ctx("sichuan.staff").await, PlanStep::Approve, "")
            .await
            .expect("province");
        assert_eq!(
            step(e.ctx("ministry.staff").await, PlanStep::Approve, "")
                .await
                .expect("ministry"),
            PlanStatus::Approved
        );
        let plan =
            e.t.app
                .training_plan(chengdu.actor.as_ref().expect("actor"), e.chengdu, 2007)
                .await
                .expect("read")
                .expect("plan");
        assert_eq!(
            (plan.status.as_str(), plan.budget_fen),
            ("approved", 120_000_000)
        );
        let hubei = e.ctx("hubei.staff").await;
        assert!(matches!(
            e.t.app
                .training_plan(hubei.actor.as_ref().expect("actor"), e.chengdu, 2007)
                .await,
            Err(AppError::Forbidden)
        ));
    }
}

mod api {
    use super::*;
    use base64::Engine;
    use serde_json::{Value, json};

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
        ) -> (u16, String) {
            let url = format!("{}{path}", self.t.base_url);
            let request = match method {
                "GET" => self.t.client.get(url),
                "PUT" => self.t.client.put(url),
                _ => self.t.client.post(url),
            };
            let request = request.bearer_auth(token);
            let request = match body {
                Some(b) => request.json(&b),
                None => request,
            };
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            (status, response.text().await.expect("body"))
        }
    }

    fn upload(csv: &str) -> Value {
        json!({
            "file_name": "roster.csv",
            "content_base64": base64::engine::general_purpose::STANDARD.encode(csv),
        })
    }

    #[tokio::test]
    async fn the_ministry_sets_targets_and_quotas_and_allocations_over_the_target_are_refused() {
        for backend in backends() {
            let e = env(backend).await;
            let ministry = e.token("ministry.staff").await;
            let (status, text) = e
                .call(&ministry, "GET", "/api/v1/training/targets/2007", None)
                .await;
            assert_eq!(status, 200, "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["target"]["central"], 50_000, "the notice's default");
            assert_eq!(v["target"]["west"], 50_000);

            let over = json!({"central": 50_000, "west": 1_000,
                "quotas": [{"zone_id": e.chengdu, "quota": 1_001}, {"zone_id": e.wuhan, "quota": 10}]});
            let (status, text) = e
                .call(
                    &ministry,
                    "PUT",
                    "/api/v1/training/targets/2007",
                    Some(over),
                )
                .await;
            assert_eq!(status, 400, "{text}");
            assert!(text.contains("quotas.west"), "{text}");
            let unknown =
                json!({"central": 1, "west": 1, "quotas": [{"zone_id": 999_999, "quota": 1}]});
            let (status, text) = e
                .call(
                    &ministry,
                    "PUT",
                    "/api/v1/training/targets/2007",
                    Some(unknown),
                )
                .await;
            assert_eq!(status, 400, "{text}");
            assert!(text.contains("quotas[0].zone_id"), "{text}");

            let ok = json!({"central": 40_000, "west": 60_000,
                "quotas": [{"zone_id": e.chengdu, "quota": 60_000}, {"zone_id": e.wuhan, "quota": 39_000}]});
            let (status, text) = e
                .call(&ministry, "PUT", "/api/v1/training/targets/2007", Some(ok))
                .await;
            assert_eq!(status, 200, "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["target"]["west"], 60_000);
            assert_eq!(v["quotas"].as_array().map(Vec::len), Some(2));

            let chengdu = e.token("chengdu.admin").await;
            let again = json!({"central": 1, "west": 1, "quotas": []});
            let (status, _) = e
                .call(
                    &chengdu,
                    "PUT",
                    "/api/v1/training/targets/2007",
                    Some(again),
                )
                .await;
            assert_eq!(status, 403, "a zone does not set quotas");
        }
    }

    #[tokio::test]
    async fn manager_courses_over_the_api() {
        for backend in backends() {
            let e = env(backend).await;
            let suzhou = e.token("suzhou.admin").await;
            let bad = json!({"topic": "烹饪", "title": "", "starts_on": "2007-05-08",
                "ends_on": "2007-05-01", "seats": "x"});
            let (status, text) = e
                .call(
                    &suzhou,
                    "POST",
                    "/api/v1/training/managers/courses",
                    Some(bad),
                )
                .await;
            assert_eq!(status, 400, "{text}");
            for field in ["topic", "title", "ends_on", "seats"] {
                assert!(text.contains(field), "{field} named: {text}");
            }
            let ok = json!({"topic": "energy_saving", "title": "开发区节能降耗", "starts_on": "2007-06-01",
                "ends_on": "2007-06-03", "seats": "30", "funding_yuan": "50000"});
            let (status, text) = e
                .call(
                    &suzhou,
                    "POST",
                    "/api/v1/training/managers/courses",
                    Some(ok),
                )
                .await;
            assert_eq!(status, 201, "{text}");
            let id = serde_json::from_str::<Value>(&text).expect("json")["id"]
                .as_i64()
                .expect("id");
            let chengdu = e.token("chengdu.admin").await;
            let path = format!("/api/v1/training/managers/courses/{id}/enrolments");
            let (status, text) = e
                .call(
                    &chengdu,
                    "POST",
                    &path,
                    Some(json!({"manager_name": "张甲", "position": "副主任"})),
                )
                .await;
            assert_eq!(status, 201, "{text}");
            let (status, text) = e
                .call(&chengdu, "GET", "/api/v1/training/managers", None)
                .await;
            assert_eq!(status, 200, "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["courses"][0]["topic_zh"], "节能降耗");
            assert_eq!(v["pairings"][0]["managers"], 1);
        }
    }

    #[tokio::test]
    async fn a_roster_job_and_a_subsidy_preview_over_the_api() {
        for backend in backends() {
            let e = env(backend).await;
            let chengdu = e.token("chengdu.admin").await;
            let path = format!("/api/v1/zones/{}/training/roster-jobs", e.chengdu);
            let (status, text) = e
                .call(&chengdu, "POST", &path, Some(upload(&roster(0, 30))))
                .await;
            assert_eq!(status, 202, "{text}");
            let id = serde_json::from_str::<Value>(&text).expect("json")["id"]
                .as_i64()
                .expect("id");
            let mut state = String::new();
            for _ in 0..200 {
                let (status, text) = e
                    .call(
                        &chengdu,
                        "GET",
                        &format!("/api/v1/training/roster-jobs/{id}"),
                        None,
                    )
                    .await;
                assert_eq!(status, 200, "{text}");
                let v: Value = serde_json::from_str(&text).expect("json");
                state = v["state"].as_str().unwrap_or_default().to_owned();
                if state != "running" {
                    assert_eq!(v["registered"], 30);
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            assert_eq!(state, "done");
            let wuhan = e.token("wuhan.admin").await;
            let (status, _) = e
                .call(
                    &wuhan,
                    "GET",
                    &format!("/api/v1/training/roster-jobs/{id}"),
                    None,
                )
                .await;
            assert_eq!(status, 404, "another zone's job does not exist for it");

            let programme =
                e.t.app
                    .fund_programmes()
                    .await
                    .expect("programmes")
                    .into_iter()
                    .find(|p| p.programme.code == "training-subsidy-2007")
                    .expect("programme")
                    .programme
                    .id;
            let (status, text) = e
                .call(
                    &chengdu,
                    "GET",
                    &format!("/api/v1/training/subsidy/{programme}"),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["trainees"], 10, "every third of 30 certified");
            assert_eq!(v["total"], 10 * 80_000);
            let (status, text) = e
                .call(
                    &chengdu,
                    "POST",
                    &format!("/api/v1/training/subsidy/{programme}/claims"),
                    None,
                )
                .await;
            assert_eq!(status, 201, "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["requested"], 10 * 80_000);
        }
    }

    #[tokio::test]
    async fn the_api_imports_rosters_whole_and_shows_each_province_its_own_masked_trainees() {
        for backend in backends() {
            let e = env(backend).await;
            let chengdu = e.token("chengdu.admin").await;
            let path = format!("/api/v1/zones/{}/training/roster", e.chengdu);
            let mut bad = roster(0, 5);
            bad += "坏行,510100198001010011,车工,车工初级班,2007-03-01,,,\n";
            let (status, text) = e.call(&chengdu, "POST", &path, Some(upload(&bad))).await;
            assert_eq!(status, 400, "{backend:?} {text}");
            assert!(text.contains("第7行") && text.contains("row 7"), "{text}");
            assert_eq!(e.trainee_count().await, 0);
            let (status, text) = e
                .call(&chengdu, "POST", &path, Some(upload(&roster(0, 20))))
                .await;
            assert_eq!((status, text.as_str()), (200, r#"{"registered":20}"#));
            let wuhan = e.token("wuhan.admin").await;
            let (status, _) = e
                .call(
                    &wuhan,
                    "POST",
                    &format!("/api/v1/zones/{}/training/roster", e.wuhan),
                    Some(upload(&roster(700, 4))),
                )
                .await;
            assert_eq!(status, 200);

            let (status, text) = e
                .call(
                    &e.token("hubei.staff").await,
                    "GET",
                    "/api/v1/training/trainees",
                    None,
                )
                .await;
            assert_eq!(status, 200);
            let page: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(page["total"], 4, "{backend:?}");
            let (_, text) = e
                .call(
                    &e.token("sichuan.staff").await,
                    "GET",
                    "/api/v1/training/trainees?limit=500",
                    None,
                )
                .await;
            let page: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(page["total"], 20);
            for n in 0..20 {
                assert!(!text.contains(&resident_id(n)), "a full number in the API");
            }
            let (status, text) = e
                .call(
                    &e.token("ministry.staff").await,
                    "GET",
                    "/api/v1/training/progress?year=2007",
                    None,
                )
                .await;
            assert_eq!(status, 200);
            let p: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(p["total"]["trained"], 24);
            let (status, _) = e
                .call(&chengdu, "GET", "/api/v1/training/progress?year=x", None)
                .await;
            assert_eq!(status, 400);

            let plan = json!({"year": "2007", "lines": "焊工:10", "institution": "技校",
                "starts_on": "2007-03-01", "ends_on": "2007-06-30", "budget": "x"});
            let plan_path = format!("/api/v1/zones/{}/training-plan", e.chengdu);
            let (status, text) = e
                .call(&chengdu, "PUT", &plan_path, Some(plan.clone()))
                .await;
            assert_eq!(status, 400);
            assert!(text.contains("budget"), "{text}");
            let mut good = plan;
            good["budget"] = json!("50000");
            let (status, _) = e.call(&chengdu, "PUT", &plan_path, Some(good)).await;
            assert_eq!(status, 200);
            let steps = format!("{plan_path}/steps");
            let (status, text) = e
                .call(
                    &chengdu,
                    "POST",
                    &steps,
                    Some(json!({"year": 2007, "step": "submit"})),
                )
                .await;
            assert_eq!((status, text.as_str()), (200, r#"{"status":"submitted"}"#));
            let (status, _) = e
                .call(
                    &e.token("hubei.staff").await,
                    "POST",
                    &steps,
                    Some(json!({"year": 2007, "step": "approve"})),
                )
                .await;
            assert_eq!(status, 403);
        }
    }
}

#[tokio::test]
async fn a_fifty_thousand_row_roster_imports_in_one_go_with_progress() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let counted = Counted(AtomicU64::new(0), AtomicU64::new(0));
        let csv = roster(0, 50_000);
        let started = std::time::Instant::now();
        let n =
            e.t.app
                .import_roster(&chengdu, e.chengdu, "big.csv", csv.as_bytes(), &counted)
                .await
                .expect("import");
        eprintln!(
            "{backend:?}: 50,000 rows in {:?} (debug build)",
            started.elapsed()
        );
        assert_eq!(n, 50_000);
        assert_eq!(e.trainee_count().await, 50_000);
        let total = counted.0.load(Ordering::SeqCst);
        assert_eq!(counted.1.load(Ordering::SeqCst), total);
    }
}

#[tokio::test]
async fn the_console_page_shows_a_province_only_its_own_trainees_masked() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        e.t.app
            .import_roster(
                &chengdu,
                e.chengdu,
                "r.csv",
                roster(0, 3).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let wuhan = e.ctx("wuhan.admin").await;
        let wuhan_roster = roster(800, 2).replace("学员", "武汉学员");
        e.t.app
            .import_roster(
                &wuhan,
                e.wuhan,
                "r.csv",
                wuhan_roster.as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let client = e.t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let html = client
            .get(format!("{}/console/training?year=2007", e.t.base_url))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            html.contains("学员0") && html.contains("5101**********"),
            "{backend:?}"
        );
        assert!(
            !html.contains("武汉学员"),
            "another province's trainee on the page"
        );
        // The progress tables name the province and the zone, not their codes.
        assert!(
            html.contains("<td>四川省</td>") && html.contains("<td>成都经济技术开发区</td>"),
            "{backend:?}: progress rows by name"
        );
        for n in (0..3).chain(800..802) {
            assert!(!html.contains(&resident_id(n)), "a full number on the page");
        }
        let client = e.t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        let status = client
            .get(format!("{}/console/training", e.t.base_url))
            .send()
            .await
            .expect("page")
            .status();
        assert_eq!(status, 403);
    }
}

/// The page's CSRF token.
fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("csrf field") + 19;
    html[at..].split('"').next().expect("token").to_owned()
}

#[tokio::test]
async fn console_exports_are_masked_and_scoped_quotas_over_the_target_answer_400() {
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        e.t.app
            .import_roster(
                &chengdu,
                e.chengdu,
                "r.csv",
                roster(0, 6).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let wuhan = e.ctx("wuhan.admin").await;
        e.t.app
            .import_roster(
                &wuhan,
                e.wuhan,
                "r.csv",
                roster(800, 2).replace("学员", "武汉学员").as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let base = &e.t.base_url;
        let sichuan = e.t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        let csv = sichuan
            .get(format!("{base}/console/training/export/trainees.csv"))
            .send()
            .await
            .expect("csv");
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.expect("text");
        assert_eq!(csv.lines().count(), 7, "header and Chengdu's 6");
        assert!(!csv.contains("武汉学员"));
        let xlsx = sichuan
            .get(format!("{base}/console/training/export/trainees.xlsx"))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(xlsx.status(), 200);
        let bytes = xlsx.bytes().await.expect("bytes");
        let text = {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
                    .expect("workbook");
            let range = book.worksheet_range("学员").expect("sheet");
            range
                .rows()
                .flat_map(|r| r.iter().map(ToString::to_string))
                .collect::<Vec<_>>()
                .join(",")
        };
        assert!(text.contains("5101**********"));
        for n in (0..6).chain(800..802) {
            assert!(!csv.contains(&resident_id(n)) && !text.contains(&resident_id(n)));
        }

        // The ministry's quota form: over the western target refused whole at 400, naming it.
        let ministry = e.t.sign_in("ministry.staff", DEMO_PASSWORD).await;
        let html = ministry
            .get(format!("{base}/console/training?year=2007"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("quota-form"));
        let token = csrf(&html);
        let post = |central: &str, west: &str, quotas: String| {
            ministry
                .post(format!("{base}/console/training/quotas"))
                .form(&[
                    ("csrf", token.as_str()),
                    ("year", "2007"),
                    ("central", central),
                    ("west", west),
                    ("quotas", quotas.as_str()),
                ])
                .send()
        };
        let refused = post("50000", "100", "成都经济技术开发区:101".into())
            .await
            .expect("post");
        assert_eq!(refused.status(), 400);
        let html = refused.text().await.expect("html");
        assert!(
            html.contains("quotas.west"),
            "the region over its target is named"
        );
        let refused = post("50000", "50000", "没有的开发区:1".into())
            .await
            .expect("post");
        assert_eq!(refused.status(), 400);
        let ok = post(
            "50000",
            "50000",
            format!("成都经济技术开发区:100\n{}:200", e.wuhan),
        )
        .await
        .expect("post");
        assert!(
            ok.status().is_success() || ok.status().is_redirection(),
            "{}",
            ok.status()
        );
        let quotas = e.t.app.training_quota_lines(2007).await.expect("quotas");
        assert_eq!(
            quotas.iter().map(|(z, _, q)| (*z, *q)).collect::<Vec<_>>(),
            {
                let mut v = vec![(e.chengdu, 100), (e.wuhan, 200)];
                v.sort();
                v
            }
        );
        // A zone does not set quotas.
        let zone = e.t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let html = zone
            .get(format!("{base}/console/training"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(!html.contains("quota-form"));
        let status = zone
            .post(format!("{base}/console/training/quotas"))
            .form(&[
                ("csrf", csrf(&html).as_str()),
                ("year", "2007"),
                ("central", "1"),
                ("west", "1"),
                ("quotas", ""),
            ])
            .send()
            .await
            .expect("post")
            .status();
        assert_eq!(status, 403);
    }
}

/// Everything logged at any level while the test runs (this thread's subscriber: the test
/// runtime is single-threaded, so the server's tasks log here too).
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_full_id_number_reaches_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let mut bad = roster(0, 5);
        bad += &format!(
            "坏行,{}X,车工,车工初级班,2007-03-01,,,\n",
            &resident_id(9)[..17]
        );
        let refused =
            e.t.app
                .import_roster(&chengdu, e.chengdu, "r.csv", bad.as_bytes(), &NoProgress)
                .await;
        assert!(refused.is_err());
        e.t.app
            .import_roster(
                &chengdu,
                e.chengdu,
                "r.csv",
                roster(0, 5).as_bytes(),
                &NoProgress,
            )
            .await
            .expect("import");
        let client = e.t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let page = client
            .get(format!("{}/console/training?year=2007", e.t.base_url))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), 200);
    }
    let text = String::from_utf8(logs.0.lock().expect("log buffer").clone()).expect("utf-8");
    assert!(text.contains("/console/training"), "the logs were captured");
    for n in 0..10 {
        let full = resident_id(n);
        assert!(!text.contains(&full[..17]), "a full number in the logs");
    }
}

/// Polls a roster import until it has finished (at most a minute).
async fn finished(
    e: &Env,
    actor: &gowest_domain::access::Actor,
    id: i64,
) -> gowest_app::training_jobs::ImportJobView {
    for _ in 0..1_200 {
        let job = e.t.app.roster_import_job(actor, id).await.expect("job");
        if job.state.finished() {
            return job;
        }
        assert!(job.done <= job.total, "done never passes total");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("roster import {id} did not finish");
}

#[tokio::test]
async fn a_roster_import_job_reports_progress_and_its_outcome_to_its_zone_only() {
    use gowest_app::training_jobs::JobState;
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        let actor = chengdu.actor.clone().expect("actor");
        let id =
            e.t.app
                .start_roster_import(
                    &chengdu,
                    e.chengdu,
                    "roster.csv".into(),
                    roster(0, 3_000).into_bytes(),
                )
                .await
                .expect("start");
        // Wuhan's staff and another province do not see the job; Sichuan does.
        for other in ["wuhan.admin", "hubei.staff"] {
            let other = e.ctx(other).await;
            assert!(matches!(
                e.t.app
                    .roster_import_job(other.actor.as_ref().expect("actor"), id)
                    .await,
                Err(AppError::NotFound { .. })
            ));
        }
        let job = finished(&e, &actor, id).await;
        assert_eq!(job.state, JobState::Done, "{backend:?}: {job:?}");
        assert_eq!((job.registered, job.percent()), (3_000, 100));
        assert_eq!(job.done, job.total);
        assert!(job.total > 0);
        assert_eq!(e.trainee_count().await, 3_000);
        let sichuan = e.ctx("sichuan.staff").await;
        let seen =
            e.t.app
                .roster_import_job(sichuan.actor.as_ref().expect("actor"), id)
                .await
                .expect("Sichuan reads Chengdu's job");
        assert_eq!(seen.state, JobState::Done);

        // A bad row: the job is refused, naming the row, and writes nothing; the number
        // itself is in no problem line.
        let bad = format!("{}{}", &resident_id(3_001)[..17], {
            if resident_id(3_001).ends_with('1') {
                '2'
            } else {
                '1'
            }
        });
        let mut csv = roster(3_002, 10);
        csv += &format!("坏行,{bad},车工,车工初级班,2007-03-01,,,\n");
        let id =
            e.t.app
                .start_roster_import(&chengdu, e.chengdu, "bad.csv".into(), csv.into_bytes())
                .await
                .expect("start");
        let job = finished(&e, &actor, id).await;
        assert_eq!(job.state, JobState::Refused, "{backend:?}");
        assert!(job.problems.iter().any(|p| p.contains("第12行")), "{job:?}");
        assert!(job.problems.iter().all(|p| !p.contains(&bad)));
        assert_eq!(job.registered, 0);
        assert_eq!(e.trainee_count().await, 3_000, "nothing of the bad file");

        // Only the zone's own staff start imports.
        let wuhan = e.ctx("wuhan.admin").await;
        assert!(matches!(
            e.t.app
                .start_roster_import(&wuhan, e.chengdu, "x.csv".into(), Vec::new())
                .await,
            Err(AppError::Forbidden)
        ));
    }
}

#[tokio::test]
async fn the_demo_has_trainees_quotas_and_a_plan_in_every_review_state() {
    use std::collections::BTreeSet;
    for backend in backends() {
        let e = env(backend).await;
        let started = std::time::Instant::now();
        let n = e.t.app.seed_demo_training(&operator()).await.expect("demo");
        eprintln!("{backend:?}: demo training in {:?}", started.elapsed());
        assert_eq!(n, 3_000);
        assert_eq!(
            e.t.app
                .seed_demo_training(&operator())
                .await
                .expect("again"),
            0
        );
        let year = e.t.app.training_year();
        let ministry = e.ctx("ministry.staff").await;
        let actor = ministry.actor.as_ref().expect("actor");
        let p =
            e.t.app
                .training_progress(actor, year)
                .await
                .expect("progress");
        let certified =
            e.t.db
                .count("SELECT COUNT(*) FROM trainees WHERE certificate_no IS NOT NULL")
                .await;
        assert_eq!(
            (p.total.trained, p.total.certified),
            (3_000, u64::try_from(certified).expect("count"))
        );
        assert_eq!(certified, 12 * 84, "every third of 250 in 12 zones");
        assert!(
            p.total.quota <= 100_000 && p.total.quota > 99_000,
            "{}",
            p.total.quota
        );
        let states: BTreeSet<String> =
            e.t.app
                .training_plans(actor, year)
                .await
                .expect("plans")
                .into_iter()
                .map(|(_, p)| p.status)
                .collect();
        for s in [
            "draft",
            "submitted",
            "province_approved",
            "approved",
            "returned",
        ] {
            assert!(states.contains(s), "{s} in {states:?}");
        }
        let chengdu = e.ctx("chengdu.admin").await;
        let (rows, total) =
            e.t.app
                .trainees(chengdu.actor.as_ref().expect("actor"), 10, 0)
                .await
                .expect("trainees");
        assert_eq!(total, 250);
        assert!(rows.iter().all(|t| t.id_masked.contains("**********")));
    }
}

#[tokio::test]
async fn a_training_subsidy_claim_is_the_sum_over_certified_trainees_and_goes_through_review() {
    use gowest_app::funds::{ActionInput, ProgrammeEdit};
    use gowest_domain::funds::ApplicationInput;
    use gowest_domain::money::Fen;
    for backend in backends() {
        let e = env(backend).await;
        let chengdu = e.ctx("chengdu.admin").await;
        // 300 trainees in 2007, every third certified 四级; plus three other levels and one
        // certified in 2012, outside the programme's years.
        let mut csv = roster(0, 300);
        csv += &format!(
            "甲,{},焊工,焊工班,2008-04-01,合格,J0001,五级\n",
            resident_id(9_001)
        );
        csv += &format!(
            "乙,{},焊工,焊工班,2009-04-01,合格,J0002,三级\n",
            resident_id(9_002)
        );
        csv += &format!(
            "丙,{},焊工,焊工班,2011-12-31,合格,J0003,一级\n",
            resident_id(9_003)
        );
        csv += &format!(
            "丁,{},焊工,焊工班,2012-01-01,合格,J0004,一级\n",
            resident_id(9_004)
        );
        e.t.app
            .import_roster(&chengdu, e.chengdu, "r.csv", csv.as_bytes(), &NoProgress)
            .await
            .expect("import");
        let programme =
            e.t.app
                .fund_programmes()
                .await
                .expect("programmes")
                .into_iter()
                .find(|p| p.programme.code == "training-subsidy-2007")
                .expect("the training subsidy is programme data");
        let id = programme.programme.id;
        let rates =
            gowest_app::funds_data::training_subsidy_rates("training-subsidy-2007").expect("rates");

        // The expected sum, trainee by trainee, from the registry rows.
        let rows: Vec<(String,)> = {
            let mut all = Vec::new();
            let mut offset = 0;
            loop {
                let (page, _) =
                    e.t.app
                        .trainees(chengdu.actor.as_ref().expect("actor"), 500, offset)
                        .await
                        .expect("page");
                if page.is_empty() {
                    break;
                }
                offset += page.len() as i64;
                for t in page {
                    if let Some(level) = t.certificate_level
                        && t.completed_on.format("%Y").to_string().as_str() <= "2011"
                    {
                        all.push((level,));
                    }
                }
            }
            all
        };
        let expected: i64 = rows
            .iter()
            .map(|(l,)| {
                let level =
                    gowest_domain::training::CertificateLevel::parse(l).expect("stored level");
                rates.0.get(&level).map_or(0, |f| f.0)
            })
            .sum();
        assert_eq!(rows.len(), 103, "100 四级 and three others in 2007–2011");
        assert_eq!(expected, 100 * 80_000 + 50_000 + 120_000 + 200_000);

        // Typed amounts are refused for this programme.
        let typed = ApplicationInput {
            title: "手填".into(),
            purpose: "technician_training".into(),
            amount_yuan: "1000000".into(),
            ..ApplicationInput::default()
        };
        let refused = e.t.app.create_fund_application(&chengdu, id, &typed).await;
        assert!(
            matches!(&refused, Err(AppError::Invalid(v)) if v.0[0].code == "computed"),
            "{refused:?}"
        );

        // Two claims at once (a double click, two instances): exactly one is filed.
        let (first, second) = tokio::join!(
            e.t.app.claim_training_subsidy(&chengdu, id),
            e.t.app.claim_training_subsidy(&chengdu, id)
        );
        let (claim, again) = match (first, second) {
            (Ok(claim), again) | (again, Ok(claim)) => (claim, again),
            (first, second) => panic!("{backend:?}: no claim filed: {first:?} {second:?}"),
        };
        assert_eq!(claim.requested, Fen(expected), "{backend:?}: exact in fen");
        assert!(
            matches!(&again, Err(AppError::Invalid(v)) if v.0[0].code == "already_claimed"),
            "{backend:?}: {again:?}"
        );

        // The same review as every fund application: open the window, submit, province,
        // ministry; the pool commits exactly the claim.
        let ministry = e.ctx("ministry.staff").await;
        let today = e.t.app.today_in_china();
        e.t.app
            .edit_fund_programme(
                &ministry,
                id,
                &ProgrammeEdit {
                    opens_on: (today - chrono::Days::new(1)).to_string(),
                    closes_on: (today + chrono::Days::new(1)).to_string(),
                    ..ProgrammeEdit::default()
                },
            )
            .await
            .expect("window");
        let sichuan = e.ctx("sichuan.staff").await;
        for (who, action) in [
            (&chengdu, "submit"),
            (&sichuan, "province_approve"),
            (&ministry, "approve"),
        ] {
            let step = ActionInput {
                action: action.into(),
                ..ActionInput::default()
            };
            e.t.app
                .act_on_fund_application(who, claim.id, &step)
                .await
                .unwrap_or_else(|err| panic!("{action}: {err:?}"));
        }
        let after = e.t.app.fund_programme(id).await.expect("programme");
        assert_eq!(after.totals.committed, Fen(expected));

        // A zone with no certified trainee has nothing to claim.
        let wuhan = e.ctx("wuhan.admin").await;
        let none = e.t.app.claim_training_subsidy(&wuhan, id).await;
        assert!(
            matches!(&none, Err(AppError::Invalid(v)) if v.0[0].code == "none_certified"),
            "{none:?}"
        );
    }
}

#[tokio::test]
async fn retention_erases_names_and_certificate_numbers_after_five_years_keeping_the_figures() {
    use chrono::TimeZone;
    use gowest_testkit::{ManualClock, start_app_with_clock};
    for backend in backends() {
        // The last day of this year: trainees of five years ago are kept through today.
        use chrono::Datelike;
        let year = chrono::Utc::now().year();
        let clock = ManualClock::new(
            chrono::Utc
                .with_ymd_and_hms(year, 12, 31, 12, 0, 0)
                .single()
                .expect("time"),
        );
        let (app, db) = start_app_with_clock(backend, clock.clone()).await;
        app.seed_demo_accounts(&operator()).await.expect("accounts");
        let session = app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let chengdu = Context::user(session.actor, None);
        let zone = chengdu
            .actor
            .as_ref()
            .and_then(|a| a.own_zone())
            .expect("zone");
        let (old, newer) = (year - 5, year - 4);
        let mut csv = roster(0, 6).replace("2007-", &format!("{old}-"));
        csv += &format!(
            "后来,{},焊工,焊工班,{newer}-04-01,合格,K0001,五级\n",
            resident_id(7_000)
        );
        app.import_roster(&chengdu, zone, "r.csv", csv.as_bytes(), &NoProgress)
            .await
            .expect("import");
        // Only the operator's console runs it: a zone has no way to call it at all.
        let op = operator();
        assert_eq!(app.erase_expired_trainees(&op).await.expect("erase"), 0);

        clock.advance(chrono::Duration::days(1));
        let before = db.store.training_progress().await.expect("counts");
        assert_eq!(app.erase_expired_trainees(&op).await.expect("erase"), 6);
        assert_eq!(app.erase_expired_trainees(&op).await.expect("again"), 0);
        let (rows, _) = app
            .trainees(chengdu.actor.as_ref().expect("actor"), 100, 0)
            .await
            .expect("list");
        for t in &rows {
            let erased = t.completed_on.year() == old;
            assert_eq!(t.name == gowest_store::training::ERASED, erased, "{t:?}");
            if erased {
                assert!(
                    t.certificate_no
                        .as_deref()
                        .is_none_or(|c| c == gowest_store::training::ERASED)
                );
            }
            assert!(t.id_masked.contains("**********"));
        }
        assert_eq!(
            rows.iter().filter(|t| t.name.starts_with("学员")).count(),
            0
        );
        assert_eq!(rows.iter().filter(|t| t.name == "后来").count(), 1);
        // The figures do not change.
        assert_eq!(db.store.training_progress().await.expect("counts"), before);
        assert_eq!(
            db.store.training_progress_recount().await.expect("recount"),
            before
        );
    }
}

#[tokio::test]
async fn eastern_zones_train_central_and_western_managers_with_seats_attendance_and_pairs() {
    use gowest_domain::training::managers::{AttendanceInput, CourseInput, EnrolmentInput};
    for backend in backends() {
        let e = env(backend).await;
        let suzhou = e.ctx("suzhou.admin").await;
        let chengdu = e.ctx("chengdu.admin").await;
        let wuhan = e.ctx("wuhan.admin").await;
        let course = CourseInput {
            topic: "招商引资".into(),
            title: "中西部开发区招商引资实务".into(),
            starts_on: "2007-05-08".into(),
            ends_on: "2007-05-12".into(),
            seats: "2".into(),
            funding_yuan: "120000".into(),
        };
        let id =
            e.t.app
                .offer_manager_course(&suzhou, &course)
                .await
                .expect("offer");
        assert!(
            matches!(
                e.t.app.offer_manager_course(&chengdu, &course).await,
                Err(AppError::Forbidden)
            ),
            "a western zone does not host"
        );
        let bad = CourseInput {
            topic: "烹饪".into(),
            seats: "0".into(),
            ..course.clone()
        };
        assert!(matches!(
            e.t.app.offer_manager_course(&suzhou, &bad).await,
            Err(AppError::Invalid(v)) if v.0.len() == 2
        ));

        let manager = |name: &str| EnrolmentInput {
            manager_name: name.into(),
            position: "招商局副局长".into(),
        };
        let a =
            e.t.app
                .enrol_manager(&chengdu, id, &manager("张甲"))
                .await
                .expect("enrol");
        let again = e.t.app.enrol_manager(&chengdu, id, &manager("张甲")).await;
        assert!(
            matches!(&again, Err(AppError::Invalid(v)) if v.0[0].code == "already_enrolled"),
            "{backend:?}: {again:?}"
        );
        e.t.app
            .enrol_manager(&wuhan, id, &manager("李乙"))
            .await
            .expect("enrol");
        let full = e.t.app.enrol_manager(&chengdu, id, &manager("王丙")).await;
        assert!(
            matches!(&full, Err(AppError::Invalid(v)) if v.0[0].code == "full"),
            "{full:?}"
        );
        assert!(
            matches!(
                e.t.app.enrol_manager(&suzhou, id, &manager("赵丁")).await,
                Err(AppError::Forbidden)
            ),
            "an eastern zone does not enrol"
        );

        let attended = |days: &str, completed: &str| AttendanceInput {
            days_attended: days.into(),
            completed: completed.into(),
        };
        e.t.app
            .record_manager_attendance(&suzhou, a, &attended("5", "是"))
            .await
            .expect("attendance");
        let over =
            e.t.app
                .record_manager_attendance(&suzhou, a, &attended("6", "是"))
                .await;
        assert!(matches!(&over, Err(AppError::Invalid(v)) if v.0[0].code == "out_of_range"));
        assert!(
            matches!(
                e.t.app
                    .record_manager_attendance(&chengdu, a, &attended("1", ""))
                    .await,
                Err(AppError::Forbidden)
            ),
            "only the host records attendance"
        );

        let ministry = e.ctx("ministry.staff").await;
        let all =
            e.t.app
                .manager_training(ministry.actor.as_ref().expect("actor"))
                .await
                .expect("read");
        assert_eq!(all.courses.len(), 1);
        assert_eq!((all.courses[0].enrolled, all.courses[0].completed), (2, 1));
        assert_eq!(
            all.courses[0].funding,
            gowest_domain::money::Fen(12_000_000)
        );
        let pairs: Vec<_> = all
            .pairings
            .iter()
            .map(|p| (p.host_zone_id, p.zone_id, p.managers, p.completed))
            .collect();
        let suzhou_zone = suzhou
            .actor
            .as_ref()
            .and_then(|a| a.own_zone())
            .expect("zone");
        let mut expected = vec![(suzhou_zone, e.chengdu, 1, 1), (suzhou_zone, e.wuhan, 1, 0)];
        expected.sort();
        assert_eq!(pairs, expected);
        let seen = |ctx: &Context| {
            let actor = ctx.actor.clone().expect("actor");
            let app = e.t.app.clone();
            async move {
                app.manager_training(&actor)
                    .await
                    .expect("read")
                    .enrolments
                    .iter()
                    .map(|e| e.manager_name.clone())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            seen(&suzhou).await,
            ["张甲", "李乙"],
            "the host sees its course's"
        );
        assert_eq!(seen(&wuhan).await, ["李乙"]);
        assert_eq!(seen(&e.ctx("sichuan.staff").await).await, ["张甲"]);
    }
}
