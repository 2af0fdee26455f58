//! Investment-promotion events over HTTP on every backend: registration with the
//! organiser's approval, meeting requests refused to oneself, to non-participants and
//! twice, the organiser's scheduler, the agenda and its iCalendar file, and a project
//! signed at an event counted once in the pipeline figures and credited to that event.

use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::pipeline::PromotionEvent;
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::{Value, json};

struct Env {
    t: TestApp,
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

fn expo() -> Value {
    json!({"name_zh": "第二届中国中部投资贸易博览会", "kind": "expo", "city_zh": "郑州",
        "venue_zh": "郑州国际会展中心", "starts_on": "2007-04-26", "ends_on": "2007-04-28",
        "meeting_on": "2007-04-27", "first_slot": "09:00", "slot_minutes": "20",
        "slots": "12", "tables": "40"})
}

fn code(v: &Value) -> &str {
    v["errors"][0]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn register_request_schedule_and_the_agenda_shows_the_meeting() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let e = Env { t };
        let agency = e.token("agency.demo").await;
        let mut bad = expo();
        bad["ends_on"] = json!("2007-04-01");
        let (status, v) = e.call(&agency, "/api/v1/events", Some(bad)).await;
        assert_eq!((status, code(&v)), (400, "before_start"), "{backend}: {v}");
        let (status, v) = e.call(&agency, "/api/v1/events", Some(expo())).await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        let public = e.t.get("/api/v1/events").await;
        assert_eq!(public.status(), 200, "{backend}: the list is public");
        let list: Value = public.json().await.expect("json");
        assert_eq!(list[0]["kind"], "expo");

        let users = [
            "enterprise.demo",
            "chengdu.admin",
            "wuhan.admin",
            "suzhou.admin",
        ];
        let mut tokens = Vec::new();
        let mut regs = Vec::new();
        for user in users {
            let token = e.token(user).await;
            let (status, v) = e
                .call(
                    &token,
                    &format!("/api/v1/events/{id}/registrations"),
                    Some(json!({"contact_name": "张经理", "contact_title": "招商局局长"})),
                )
                .await;
            assert_eq!(status, 201, "{backend} {user}: {v}");
            assert_eq!(v["status"], "pending");
            regs.push(v["id"].as_i64().expect("registration"));
            tokens.push(token);
        }
        let ask = format!("/api/v1/events/{id}/meeting-requests");
        let (status, v) = e
            .call(
                &tokens[0],
                &ask,
                Some(json!({"to_registration_id": regs[1].to_string()})),
            )
            .await;
        assert_eq!((status, code(&v)), (400, "not_approved"), "{backend}: {v}");
        // Only the organiser decides.
        let decide = |r: i64| format!("/api/v1/events/{id}/registrations/{r}/decision");
        assert_eq!(
            e.call(&tokens[1], &decide(regs[1]), Some(json!({"approve": true})))
                .await
                .0,
            403
        );
        for r in &regs[..3] {
            let (status, v) = e
                .call(&agency, &decide(*r), Some(json!({"approve": true})))
                .await;
            assert_eq!(
                (status, v["status"].as_str()),
                (200, Some("approved")),
                "{backend}"
            );
        }

        // Refused: to oneself, to a registration not approved, to nobody, twice.
        let before = e.count("meeting_requests").await;
        for (to, expected) in [
            (regs[0], "self"),
            (regs[3], "not_registered"),
            (999_999, "not_registered"),
        ] {
            let (status, v) = e
                .call(
                    &tokens[0],
                    &ask,
                    Some(json!({"to_registration_id": to.to_string()})),
                )
                .await;
            assert_eq!((status, code(&v)), (400, expected), "{backend}: {v}");
        }
        assert_eq!(e.count("meeting_requests").await, before);
        let (status, v) = e
            .call(
                &tokens[0],
                &ask,
                Some(json!({"to_registration_id": regs[1].to_string(), "priority": "3"})),
            )
            .await;
        assert_eq!(status, 201, "{backend}: {v}");
        let (status, v) = e
            .call(
                &tokens[1],
                &ask,
                Some(json!({"to_registration_id": regs[0].to_string()})),
            )
            .await;
        assert_eq!(
            (status, code(&v)),
            (400, "duplicate"),
            "{backend}: the mirror is the same meeting"
        );
        let (status, _) = e
            .call(
                &tokens[2],
                &ask,
                Some(json!({"to_registration_id": regs[0].to_string()})),
            )
            .await;
        assert_eq!(status, 201);

        let schedule = format!("/api/v1/events/{id}/schedule");
        assert_eq!(
            e.call(&tokens[0], &schedule, Some(json!({}))).await.0,
            403,
            "{backend}"
        );
        let (status, report) = e.call(&agency, &schedule, Some(json!({}))).await;
        assert_eq!(status, 200, "{backend}: {report}");
        assert_eq!(
            (report["requested"].as_i64(), report["placed"].as_i64()),
            (Some(2), Some(2))
        );

        let (_, agenda) = e
            .call(&tokens[0], &format!("/api/v1/events/{id}/agenda"), None)
            .await;
        let agenda = agenda.as_array().expect("agenda").clone();
        assert_eq!(agenda.len(), 2, "{backend}");
        assert_ne!(
            agenda[0]["slot"], agenda[1]["slot"],
            "one person, two slots"
        );
        assert_eq!(
            agenda[0]["with_org_name_zh"]
                .as_str()
                .map(|s| s.contains("管委会")),
            Some(true)
        );
        let ics =
            e.t.client
                .get(format!("{}/api/v1/events/{id}/agenda.ics", e.t.base_url))
                .bearer_auth(&tokens[0])
                .send()
                .await
                .expect("ics");
        assert!(
            ics.headers()["content-type"]
                .to_str()
                .unwrap_or_default()
                .starts_with("text/calendar")
        );
        let text = ics.text().await.expect("text");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{backend}");
        assert!(
            text.contains("DTSTART:20070427T01"),
            "{backend}: 09:xx in Zhengzhou is 01:xx UTC"
        );
        let (_, other) = e
            .call(&tokens[3], &format!("/api/v1/events/{id}/agenda"), None)
            .await;
        assert_eq!(other, json!([]), "{backend}: not approved, no meetings");
    }
}

#[tokio::test]
async fn a_project_signed_at_an_event_counts_once_and_is_credited_to_it() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let e = Env { t };
        let agency = e.token("agency.demo").await;
        let (_, v) = e.call(&agency, "/api/v1/events", Some(expo())).await;
        let expo_id = v["id"].as_i64().expect("id");
        let later = PromotionEvent {
            id: 0,
            name_zh: "2008年成都投资推介会".into(),
            city_zh: None,
            starts_on: "2008-05-10".parse().expect("date"),
            ends_on: "2008-05-10".parse().expect("date"),
            organiser_org_id: None,
        };
        let later_id =
            e.t.app
                .add_promotion_event(&operator(), &Context::system("test"), &later, false)
                .await
                .expect("event");
        let chengdu =
            e.t.app
                .directory()
                .zones
                .iter()
                .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
                .map(|l| l.zone.id)
                .expect("zone");
        let cd = e.token("chengdu.admin").await;
        let body = json!({"zone_id": chengdu, "project_name": "液晶面板模组项目",
            "investor_name": "深圳某光电有限公司", "investor_origin": "440000", "industry": "39"});
        let (_, record) = e.call(&cd, "/api/v1/pipeline", Some(body)).await;
        let rid = record["record"]["id"].as_i64().expect("record");
        let sign = json!({"to": "签约", "on": "2007-04-27", "contract_amount_yuan": "300000000",
            "event_id": expo_id.to_string()});
        let (status, v) = e
            .call(&cd, &format!("/api/v1/pipeline/{rid}/advance"), Some(sign))
            .await;
        assert_eq!(status, 200, "{backend}: {v}");
        let again = json!({"event_id": later_id.to_string(), "signed_on": "2008-05-10"});
        let (status, v) = e
            .call(
                &cd,
                &format!("/api/v1/pipeline/{rid}/signings"),
                Some(again),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {v}");

        assert_eq!(
            e.t.app.event_signed_projects(expo_id).await.expect("expo"),
            [rid]
        );
        assert!(
            e.t.app
                .event_signed_projects(later_id)
                .await
                .expect("later")
                .is_empty()
        );
        let (_, console) = e
            .call(&agency, &format!("/api/v1/events/{expo_id}/console"), None)
            .await;
        assert_eq!(console["signed_projects"], 1, "{backend}: {console}");
        let ministry = e.token("ministry.staff").await;
        let (_, figures) = e.call(&ministry, "/api/v1/pipeline-figures", None).await;
        assert_eq!(
            figures["rows"][0]["figures"]["signed_projects"], 1,
            "{backend}: once"
        );
    }
}

/// The demo edition: a few hundred registrations and requests, scheduled without anyone or
/// any table booked twice, placing close to the upper bound; the demo agreements show an
/// overdue milestone; seeding twice adds nothing.
#[tokio::test]
async fn the_demo_edition_is_scheduled_within_its_bound() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        t.app
            .seed_demo_pipeline(&operator())
            .await
            .expect("demo pipeline");
        let report = t
            .app
            .seed_demo_events(&operator())
            .await
            .expect("demo events");
        assert!(report.registrations >= 300, "{backend}: {report:?}");
        assert!(report.requests >= 300, "{backend}: {report:?}");
        assert!(
            report.placed <= report.upper_bound && report.placed * 10 >= report.upper_bound * 9,
            "{backend}: {report:?}"
        );
        println!("{backend}: demo edition {report:?}");
        let e = Env { t };
        let doubled = e
            .t
            .db
            .count(
                "SELECT COUNT(*) FROM (SELECT slot, p FROM (SELECT slot, a_registration_id AS p \
                 FROM event_meetings UNION ALL SELECT slot, b_registration_id FROM event_meetings) x \
                 GROUP BY slot, p HAVING COUNT(*) > 1) y",
            )
            .await;
        assert_eq!(doubled, 0, "{backend}: nobody in two meetings at once");
        assert_eq!(e.count("event_meetings").await as usize, report.placed);
        let ministry = e.token("ministry.staff").await;
        let (_, events) = e.call(&ministry, "/api/v1/events", None).await;
        let id = events[0]["id"].as_i64().expect("the edition");
        let (status, console) = e
            .call(&ministry, &format!("/api/v1/events/{id}/console"), None)
            .await;
        assert_eq!(status, 200, "{backend}: {console}");
        assert!(
            console["signed_projects"].as_i64() > Some(0),
            "{backend}: the pipeline's signings"
        );

        assert_eq!(
            e.t.app
                .seed_demo_cooperation(&operator())
                .await
                .expect("cooperation"),
            3
        );
        assert_eq!(
            e.t.app
                .seed_demo_cooperation(&operator())
                .await
                .expect("again"),
            0
        );
        assert_eq!(
            e.t.app
                .seed_demo_events(&operator())
                .await
                .expect("again")
                .registrations,
            0
        );
        let (_, agreements) = e.call(&ministry, "/api/v1/agreements", None).await;
        let overdue: i64 = agreements
            .as_array()
            .expect("agreements")
            .iter()
            .filter_map(|a| a["progress"]["milestones_overdue"].as_i64())
            .sum();
        assert!(overdue >= 2, "{backend}: {agreements}");
    }
}

/// A participant withdraws (and is left out of the next run); the organiser closes
/// registration, after which nobody can register; only the organiser may close it.
#[tokio::test]
async fn withdrawal_and_closing_registration() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let e = Env { t };
        let agency = e.token("agency.demo").await;
        let (_, v) = e.call(&agency, "/api/v1/events", Some(expo())).await;
        let id = v["id"].as_i64().expect("id");
        let firm = e.token("enterprise.demo").await;
        let register = format!("/api/v1/events/{id}/registrations");
        let contact = json!({"contact_name": "王经理"});
        assert_eq!(e.call(&firm, &register, Some(contact.clone())).await.0, 201);
        let withdraw = format!("/api/v1/events/{id}/registrations/withdraw");
        let (status, v) = e.call(&firm, &withdraw, Some(json!({}))).await;
        assert_eq!(
            (status, v["status"].as_str()),
            (200, Some("withdrawn")),
            "{backend}: {v}"
        );
        let (status, v) = e.call(&firm, &withdraw, Some(json!({}))).await;
        assert_eq!((status, code(&v)), (400, "not_allowed"), "{backend}: {v}");

        let close = format!("/api/v1/events/{id}/registration-open");
        let cd = e.token("chengdu.admin").await;
        assert_eq!(
            e.call(&cd, &close, Some(json!({"open": false}))).await.0,
            403,
            "{backend}"
        );
        assert_eq!(
            e.call(&agency, &close, Some(json!({"open": false})))
                .await
                .0,
            204,
            "{backend}"
        );
        let (status, v) = e.call(&cd, &register, Some(contact)).await;
        assert_eq!(
            (status, code(&v)),
            (400, "registration_closed"),
            "{backend}: {v}"
        );
    }
}

/// Event funding goes through the fund engine: a zone's event page offers the special funds
/// whose purposes include promotion and that the zone may apply to, and the application form
/// comes filled in with the event; an organisation that applies to no fund is offered none.
#[tokio::test]
async fn an_event_page_offers_its_funding_through_the_fund_engine() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let e = Env { t };
        let agency = e.token("agency.demo").await;
        let (status, v) = e.call(&agency, "/api/v1/events", Some(expo())).await;
        assert_eq!(status, 201, "{backend}: {v}");
        let id = v["id"].as_i64().expect("id");
        let page = |user: &'static str, path: String| {
            let (t, path) = (&e.t, path);
            async move {
                let client = t.sign_in(user, DEMO_PASSWORD).await;
                let r = client
                    .get(format!("{}{path}", t.base_url))
                    .send()
                    .await
                    .expect("page");
                (r.status().as_u16(), r.text().await.unwrap_or_default())
            }
        };
        let (status, html) = page("chengdu.admin", format!("/console/events/{id}")).await;
        assert_eq!(status, 200, "{backend}");
        let programmes = e.t.app.fund_programmes().await.expect("programmes");
        let promotion: Vec<i64> = programmes
            .iter()
            .filter(|pp| {
                pp.programme.kind == gowest_domain::funds::ProgrammeKind::SpecialFund
                    && pp.programme.category("promotion").is_some()
                    && pp
                        .programme
                        .eligibility
                        .applicant_kinds
                        .contains(&gowest_domain::org::OrgKind::Zone)
            })
            .map(|pp| pp.programme.id)
            .collect();
        assert!(!promotion.is_empty(), "{backend}: special funds for zones");
        for pid in &promotion {
            assert!(
                html.contains(&format!(r#"data-funding="{pid}""#)),
                "{backend}: programme {pid} offered"
            );
        }
        let (status, form) = page(
            "chengdu.admin",
            format!("/console/funds/new?programme={}&event={id}", promotion[0]),
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            form.contains(r#"value="第二届中国中部投资贸易博览会""#),
            "{backend}: the project is the event"
        );
        assert!(
            form.contains(r#"<option value="promotion" selected>"#),
            "{backend}: purpose promotion"
        );
        let (_, html) = page("ministry.staff", format!("/console/events/{id}")).await;
        assert!(
            !html.contains("data-funding"),
            "{backend}: the ministry applies to no fund"
        );
    }
}
