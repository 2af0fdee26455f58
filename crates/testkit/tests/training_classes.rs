//! Ministry classes (notice 3.3) on every backend: a survey per year, zones' answers summed
//! by topic and region, classes planned within the year inviting central and western zones,
//! enrolment within the seats for invited zones only, duplicates refused, completion by the
//! ministry; a province sees only its zones' answers and managers; the API answers 400
//! naming the fields.

use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::training::classes::{ClassInput, DemandInput, SurveyInput};
use gowest_domain::training::managers::EnrolmentInput;
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::{Value, json};

struct Env {
    t: TestApp,
}

impl Env {
    async fn new(backend: gowest_testkit::TestBackend) -> Env {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        Env { t }
    }

    fn zone(&self, name: &str) -> i64 {
        self.t
            .app
            .directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == name)
            .map(|l| l.zone.id)
            .expect("a demo zone")
    }

    async fn ctx(&self, user: &str) -> Context {
        let session = self.t.session(user, DEMO_PASSWORD).await;
        Context::user(session.actor, None)
    }

    async fn token(&self, user: &str) -> String {
        let session = self.t.session(user, DEMO_PASSWORD).await;
        self.t
            .app
            .create_api_token(&session, "测试", None)
            .await
            .expect("token")
            .1
    }

    async fn call(&self, token: &str, method: &str, path: &str, body: Value) -> (u16, String) {
        let url = format!("{}{path}", self.t.base_url);
        let request = match method {
            "GET" => self.t.client.get(url),
            "PUT" => self.t.client.put(url).json(&body),
            _ => self.t.client.post(url).json(&body),
        };
        let response = request.bearer_auth(token).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

fn demand(topic: &str, people: &str) -> DemandInput {
    DemandInput {
        topic: topic.into(),
        people: people.into(),
        months: "5,6".into(),
    }
}

fn manager(name: &str) -> EnrolmentInput {
    EnrolmentInput {
        manager_name: name.into(),
        position: "规划建设局局长".into(),
    }
}

#[tokio::test]
async fn the_ministry_plans_classes_from_the_surveyed_demand_and_zones_enrol_within_the_seats() {
    for backend in backends() {
        let e = Env::new(backend).await;
        let (chengdu_id, wuhan_id, suzhou_id) = (
            e.zone("成都经济技术开发区"),
            e.zone("武汉经济技术开发区"),
            e.zone("苏州工业园区"),
        );
        let ministry = e.ctx("ministry.staff").await;
        let chengdu = e.ctx("chengdu.admin").await;
        let wuhan = e.ctx("wuhan.admin").await;
        let suzhou = e.ctx("suzhou.admin").await;
        let app = &e.t.app;
        let year = SurveyInput {
            year: "2007".into(),
        };
        assert!(
            matches!(
                app.open_class_survey(&chengdu, &year).await,
                Err(AppError::Forbidden)
            ),
            "a zone does not open surveys"
        );
        let survey = app.open_class_survey(&ministry, &year).await.expect("open");
        let again = app.open_class_survey(&ministry, &year).await;
        assert!(
            matches!(&again, Err(AppError::Invalid(v)) if v.0[0].code == "already_open"),
            "{backend:?}: {again:?}"
        );

        app.answer_class_survey(&chengdu, survey, &demand("土地规划", "9"))
            .await
            .expect("answer");
        // Answering again replaces the zone's answer for the topic.
        app.answer_class_survey(&chengdu, survey, &demand("土地规划", "12"))
            .await
            .expect("answer again");
        app.answer_class_survey(&wuhan, survey, &demand("land_planning", "8"))
            .await
            .expect("answer");
        app.answer_class_survey(&wuhan, survey, &demand("services", "5"))
            .await
            .expect("answer");
        assert!(
            matches!(
                app.answer_class_survey(&suzhou, survey, &demand("土地规划", "3"))
                    .await,
                Err(AppError::Forbidden)
            ),
            "an eastern zone is not surveyed"
        );
        let bad = app
            .answer_class_survey(&chengdu, survey, &demand("烹饪", "0"))
            .await;
        assert!(
            matches!(&bad, Err(AppError::Invalid(v)) if v.0.len() == 2),
            "{bad:?}"
        );

        let actor = ministry.actor.as_ref().expect("actor");
        let all = app.ministry_classes(actor).await.expect("read");
        let land = all.surveys[0]
            .demand
            .iter()
            .find(|d| d.topic == "land_planning")
            .expect("land");
        assert_eq!(
            (land.central, land.west, land.total, land.zones),
            (8, 12, 20, 2)
        );
        assert_eq!(
            all.surveys[0].demand.iter().map(|d| d.total).sum::<i64>(),
            25
        );

        let class = ClassInput {
            topic: "土地规划".into(),
            title: "中西部开发区土地规划培训班".into(),
            starts_on: "2007-06-04".into(),
            ends_on: "2007-06-08".into(),
            place: "北京".into(),
            seats: "2".into(),
            zones: format!("{chengdu_id},{wuhan_id}"),
        };
        let eastern = ClassInput {
            zones: format!("{chengdu_id},{suzhou_id}"),
            ..class.clone()
        };
        let refused = app.plan_ministry_class(&ministry, survey, &eastern).await;
        assert!(
            matches!(&refused, Err(AppError::Invalid(v)) if v.0[0].code == "not_invitable"),
            "{refused:?}"
        );
        let other_year = ClassInput {
            starts_on: "2008-06-04".into(),
            ends_on: "2008-06-08".into(),
            ..class.clone()
        };
        assert!(matches!(
            app.plan_ministry_class(&ministry, survey, &other_year).await,
            Err(AppError::Invalid(v)) if v.0[0].code == "other_year"
        ));
        assert!(matches!(
            app.plan_ministry_class(&chengdu, survey, &class).await,
            Err(AppError::Forbidden)
        ));
        let id = app
            .plan_ministry_class(&ministry, survey, &class)
            .await
            .expect("plan");
        let only_chengdu = ClassInput {
            topic: "services".into(),
            zones: chengdu_id.to_string(),
            ..class.clone()
        };
        let other = app
            .plan_ministry_class(&ministry, survey, &only_chengdu)
            .await
            .expect("plan");

        let a = app
            .enrol_in_class(&chengdu, id, &manager("赵建国"))
            .await
            .expect("enrol");
        let twice = app.enrol_in_class(&chengdu, id, &manager("赵建国")).await;
        assert!(
            matches!(&twice, Err(AppError::Invalid(v)) if v.0[0].code == "already_enrolled"),
            "{backend:?}: {twice:?}"
        );
        app.enrol_in_class(&wuhan, id, &manager("周丽"))
            .await
            .expect("enrol");
        let full = app.enrol_in_class(&chengdu, id, &manager("王丙")).await;
        assert!(
            matches!(&full, Err(AppError::Invalid(v)) if v.0[0].code == "full"),
            "{full:?}"
        );
        assert!(
            matches!(
                app.enrol_in_class(&wuhan, other, &manager("李乙")).await,
                Err(AppError::Forbidden)
            ),
            "a zone not invited does not enrol"
        );

        assert!(matches!(
            app.record_class_completion(&chengdu, a, true).await,
            Err(AppError::Forbidden)
        ));
        app.record_class_completion(&ministry, a, true)
            .await
            .expect("completion");
        let all = app.ministry_classes(actor).await.expect("read");
        let c = &all.surveys[0].classes[0];
        assert_eq!(
            (c.id, c.enrolled, c.completed, c.zones.len()),
            (id, 2, 1, 2)
        );
        assert_eq!(all.enrolments.len(), 2);

        // Sichuan sees Chengdu's answers and managers, not Wuhan's (Hubei).
        let sichuan = e.ctx("sichuan.staff").await;
        let mine = app
            .ministry_classes(sichuan.actor.as_ref().expect("actor"))
            .await
            .expect("read");
        assert!(
            mine.surveys[0]
                .answers
                .iter()
                .all(|a| a.zone_id == chengdu_id)
        );
        assert_eq!(mine.surveys[0].answers.len(), 1);
        assert_eq!(mine.enrolments.len(), 1);
        assert_eq!(mine.enrolments[0].zone_id, chengdu_id);
        // The sums are national for everyone.
        assert_eq!(mine.surveys[0].demand, all.surveys[0].demand);
        let audited =
            e.t.db
                .count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'training.%class%'")
                .await;
        assert_eq!(audited, 1 + 4 + 2 + 2 + 1, "{backend:?}");
    }
}

#[tokio::test]
async fn ministry_classes_over_the_api_refuse_bad_input_naming_the_fields() {
    for backend in backends() {
        let e = Env::new(backend).await;
        let ministry = e.token("ministry.staff").await;
        let chengdu = e.token("chengdu.admin").await;
        let (status, text) = e
            .call(
                &ministry,
                "POST",
                "/api/v1/training/classes/surveys",
                json!({"year": "19"}),
            )
            .await;
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("year"), "{text}");
        let (status, text) = e
            .call(
                &ministry,
                "POST",
                "/api/v1/training/classes/surveys",
                json!({"year": "2007"}),
            )
            .await;
        assert_eq!(status, 201, "{text}");
        let survey = serde_json::from_str::<Value>(&text).expect("json")["id"]
            .as_i64()
            .expect("id");
        let path = format!("/api/v1/training/classes/surveys/{survey}/demand");
        let (status, text) = e
            .call(
                &chengdu,
                "PUT",
                &path,
                json!({"topic": "x", "people": "-1", "months": "13"}),
            )
            .await;
        assert_eq!(status, 400, "{text}");
        for field in ["topic", "people", "months"] {
            assert!(text.contains(field), "{field} named: {text}");
        }
        let (status, text) = e
            .call(
                &chengdu,
                "PUT",
                &path,
                json!({"topic": "环境保护", "people": "7", "months": "4"}),
            )
            .await;
        assert_eq!(status, 200, "{text}");
        let path = format!("/api/v1/training/classes/surveys/{survey}/classes");
        let (status, text) = e
            .call(
                &ministry,
                "POST",
                &path,
                json!({"topic": "environment", "title": "",
                "starts_on": "2007-04-02", "ends_on": "2007-04-01", "place": "", "seats": "x",
                "zones": "abc"}),
            )
            .await;
        assert_eq!(status, 400, "{text}");
        for field in ["title", "ends_on", "seats", "place", "zones"] {
            assert!(text.contains(field), "{field} named: {text}");
        }
        let zone = e.zone("成都经济技术开发区");
        let (status, text) = e
            .call(
                &ministry,
                "POST",
                &path,
                json!({"topic": "environment", "title": "环保班",
                "starts_on": "2007-04-02", "ends_on": "2007-04-05", "place": "西安",
                "seats": "30", "zones": zone.to_string()}),
            )
            .await;
        assert_eq!(status, 201, "{text}");
        let class = serde_json::from_str::<Value>(&text).expect("json")["id"]
            .as_i64()
            .expect("id");
        let (status, text) = e
            .call(
                &chengdu,
                "POST",
                &format!("/api/v1/training/classes/{class}/enrolments"),
                json!({"manager_name": "张甲", "position": "环保局科长"}),
            )
            .await;
        assert_eq!(status, 201, "{text}");
        let enrolment = serde_json::from_str::<Value>(&text).expect("json")["id"]
            .as_i64()
            .expect("id");
        let done = format!("/api/v1/training/classes/enrolments/{enrolment}");
        let (status, text) = e
            .call(&ministry, "PUT", &done, json!({"completed": "maybe"}))
            .await;
        assert_eq!(status, 400, "{text}");
        let (status, text) = e
            .call(&ministry, "PUT", &done, json!({"completed": "是"}))
            .await;
        assert_eq!(status, 200, "{text}");
        let (status, text) = e
            .call(&chengdu, "GET", "/api/v1/training/classes", json!(null))
            .await;
        assert_eq!(status, 200, "{text}");
        let v: Value = serde_json::from_str(&text).expect("json");
        let env = v["surveys"][0]["demand"]
            .as_array()
            .expect("demand")
            .iter()
            .find(|d| d["topic"] == "environment")
            .cloned()
            .expect("environment");
        assert_eq!(
            (env["west"].clone(), env["total"].clone()),
            (json!(7), json!(7))
        );
        assert_eq!(v["surveys"][0]["classes"][0]["completed"], 1);
        let (status, text) = e
            .call(&chengdu, "GET", "/api/openapi.json", json!(null))
            .await;
        assert_eq!(status, 200);
        assert!(text.contains("/api/v1/training/classes/surveys/{id}/classes"));
    }
}

#[tokio::test]
async fn the_demo_has_a_surveyed_class_with_enrolled_and_completed_managers() {
    for backend in backends() {
        let e = Env::new(backend).await;
        e.t.app.seed_demo_training(&operator()).await.expect("demo");
        let ministry = e.ctx("ministry.staff").await;
        let all =
            e.t.app
                .ministry_classes(ministry.actor.as_ref().expect("actor"))
                .await
                .expect("read");
        assert_eq!(all.surveys.len(), 1);
        let s = &all.surveys[0];
        assert_eq!(s.demand.iter().map(|d| d.total).sum::<i64>(), 25);
        assert_eq!((s.classes[0].enrolled, s.classes[0].completed), (2, 1));
    }
}

#[tokio::test]
async fn the_console_page_shows_the_ministry_demand_beside_each_topic_and_zones_their_forms() {
    for backend in backends() {
        let e = Env::new(backend).await;
        e.t.app.seed_demo_training(&operator()).await.expect("demo");
        let e = &e;
        let page = |user: &'static str| async move {
            let client = e.t.sign_in(user, DEMO_PASSWORD).await;
            let response = client
                .get(format!("{}/console/training/classes", e.t.base_url))
                .send()
                .await
                .expect("page");
            assert_eq!(response.status().as_u16(), 200, "{user}");
            response.text().await.expect("html")
        };
        let ministry = page("ministry.staff").await;
        assert!(ministry.contains("plan-form") && ministry.contains("survey-form"));
        assert!(
            ministry.contains("土地规划（20）"),
            "surveyed demand beside the topic"
        );
        assert!(ministry.contains("completion-form") && !ministry.contains("demand-form"));
        assert!(
            ministry.contains("<td>中西部开发区土地规划培训班</td>"),
            "enrolments name their class"
        );
        let chengdu = page("chengdu.admin").await;
        assert!(chengdu.contains("demand-form") && !chengdu.contains("plan-form"));
        assert!(
            chengdu.contains("赵建国") && !chengdu.contains("周丽"),
            "own managers only"
        );
        assert!(chengdu.contains("class-enrol-form"), "Chengdu is invited");
        let suzhou = page("suzhou.admin").await;
        assert!(!suzhou.contains("demand-form") && !suzhou.contains("class-enrol-form"));
    }
}
