//! The pipeline's demo data and console pages, on every backend: demo records in every
//! stage, the board, table, record and list pages for the roles that use them, and a form
//! whose bad input comes back beside its field.

use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::pipeline::{DuplicateReview, Stage};
use gowest_store::pipeline::RecordSet;
use gowest_testkit::{backends, operator, scrape, spawn_app};

#[tokio::test]
async fn demo_pipelines_fill_every_stage_and_the_console_pages_render() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("accounts");
        let made = t
            .app
            .seed_demo_pipeline(&operator())
            .await
            .expect("demo pipelines");
        assert!(made >= 100, "{backend}: {made} records");
        assert_eq!(
            t.app.seed_demo_pipeline(&operator()).await.expect("again"),
            0,
            "{backend}: once"
        );
        let all =
            t.db.store
                .pipeline_entries(&RecordSet::All)
                .await
                .expect("records");
        for stage in Stage::ALL {
            assert!(
                all.iter().any(|e| e.record.state.stage == stage),
                "{backend}: {stage:?}"
            );
        }
        assert!(
            all.iter().any(|e| e.record.signings.len() == 2),
            "{backend}: signed twice"
        );
        assert!(
            all.iter()
                .any(|e| matches!(e.record.review, DuplicateReview::Flagged { .. }))
        );
        assert!(
            all.iter()
                .flat_map(|e| &e.record.funds)
                .any(|f| f.evidence.is_none())
        );
        assert!(
            all.iter()
                .flat_map(|e| &e.record.funds)
                .any(|f| f.evidence.is_some())
        );
        assert!(
            all.iter().any(|e| !e.record.problems.is_empty()),
            "{backend}: problems"
        );

        let get = |client: &reqwest::Client, path: &str| {
            let (client, url) = (client.clone(), format!("{}{path}", t.base_url));
            async move {
                let r = client.get(url).send().await.expect("page");
                (r.status().as_u16(), r.text().await.unwrap_or_default())
            }
        };
        let chengdu = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let (status, board) = get(&chengdu, "/console/pipeline").await;
        assert_eq!(status, 200, "{backend}: {board}");
        assert!(board.contains("data-board"), "{backend}");
        let id = scrape(&board, r#"data-record=""#)
            .expect("a card")
            .to_owned();
        assert_eq!(
            get(&chengdu, "/console/pipeline?view=table&stage=signed")
                .await
                .0,
            200
        );
        let (status, record) = get(&chengdu, &format!("/console/pipeline/{id}")).await;
        assert_eq!(status, 200, "{backend}: {record}");
        assert!(
            record.contains(r#"data-form="advance""#),
            "{backend}: the keeper's forms"
        );
        let (status, new) = get(&chengdu, "/console/pipeline/new").await;
        assert_eq!(status, 200, "{backend}");
        let csrf = scrape(&new, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let bad = [
            ("csrf", csrf.as_str()),
            ("project_name", ""),
            ("investor_name", "某公司"),
            ("investor_origin", "火星"),
            ("industry", "39"),
        ];
        let response = chengdu
            .post(format!("{}/console/pipeline/new", t.base_url))
            .form(&bad)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 400, "{backend}");
        let html = response.text().await.expect("html");
        assert!(
            html.contains(r#"data-field="project_name""#)
                && html.contains(r#"data-field="investor_origin""#),
            "{backend}"
        );
        let export = chengdu
            .get(format!("{}/console/pipeline/export.xlsx", t.base_url))
            .send()
            .await
            .expect("export");
        assert_eq!(export.status(), 200, "{backend}");

        let hubei = t.sign_in("hubei.staff", DEMO_PASSWORD).await;
        assert_eq!(
            get(&hubei, &format!("/console/pipeline/{id}")).await.0,
            404,
            "{backend}: another province's record"
        );
        let sichuan = t.sign_in("sichuan.staff", DEMO_PASSWORD).await;
        for path in [
            "/console/pipeline/figures?by=zone",
            "/console/pipeline/figures?by=region",
            "/console/pipeline/review",
            "/console/pipeline/problems",
            "/console/pipeline/figures.xlsx",
        ] {
            let (status, html) = get(&sichuan, path).await;
            assert_eq!(status, 200, "{backend}: {path} {html}");
        }
        assert_eq!(
            get(&chengdu, "/console/pipeline/review").await.0,
            403,
            "{backend}: zones do not review"
        );
        let enterprise = t.sign_in("enterprise.demo", DEMO_PASSWORD).await;
        assert_eq!(
            get(&enterprise, "/console/pipeline/problems").await.0,
            200,
            "{backend}"
        );
        assert_eq!(
            get(&enterprise, &format!("/console/pipeline/{id}")).await.0,
            404,
            "{backend}"
        );
    }
}

/// The record page's later forms: another signing, jobs between stage moves, and evidence
/// for money entered without it; each refusal comes back beside its field.
#[tokio::test]
async fn a_keeper_records_a_second_signing_jobs_and_late_evidence() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("accounts");
        t.app
            .seed_demo_pipeline(&operator())
            .await
            .expect("demo pipelines");
        let events = t.app.promotion_events().await.expect("events");
        let chengdu = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let new = chengdu
            .get(format!("{}/console/pipeline/new", t.base_url))
            .send()
            .await
            .expect("form")
            .text()
            .await
            .expect("html");
        let csrf = scrape(&new, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let (client, url, csrf) = (chengdu.clone(), format!("{}{path}", t.base_url), &csrf);
            async move {
                let mut form = form;
                form.push(("csrf", csrf.clone()));
                let r = client.post(url).form(&form).send().await.expect("post");
                let location = r
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                (
                    r.status().as_u16(),
                    location,
                    r.text().await.unwrap_or_default(),
                )
            }
        };
        let (status, location, html) = post(
            "/console/pipeline/new".into(),
            vec![
                ("project_name", "电子元件封装测试基地".into()),
                ("investor_name", "深圳某电子有限公司".into()),
                ("investor_origin", "440000".into()),
                ("industry", "39".into()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend}: {html}");
        let id: i64 = location
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("the new record's page");
        let record = format!("/console/pipeline/{id}");
        let page = || {
            let (client, url) = (chengdu.clone(), format!("{}{record}", t.base_url));
            async move {
                client
                    .get(url)
                    .send()
                    .await
                    .expect("page")
                    .text()
                    .await
                    .expect("html")
            }
        };
        assert!(
            !page().await.contains(r#"data-form="signing""#),
            "{backend}: not signed yet"
        );
        let step = |to: &str, on: &str| {
            let mut form = vec![("to", to.to_owned()), ("on", on.to_owned())];
            if to == "signed" {
                form.push(("contract_amount_yuan", "50000000".to_owned()));
                form.push(("event_id", events[0].id.to_string()));
            }
            form
        };
        let (status, _, html) =
            post(format!("{record}/advance"), step("signed", "2026-03-01")).await;
        assert_eq!(status, 303, "{backend}: {html}");
        let html = page().await;
        assert!(html.contains(r#"data-form="signing""#), "{backend}");
        assert!(
            !html.contains(r#"data-form="jobs""#),
            "{backend}: not landed yet"
        );
        let (status, _, html) = post(
            format!("{record}/jobs"),
            vec![("jobs_created", "10".into())],
        )
        .await;
        assert_eq!(status, 400, "{backend}: jobs before landing");
        assert!(html.contains(r#"data-field="jobs_created""#), "{backend}");

        let (status, _, html) = post(
            format!("{record}/signings"),
            vec![
                ("signed_on", "2026-04-01".into()),
                ("event_id", events[1].id.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend}: {html}");
        let (status, _, html) =
            post(format!("{record}/advance"), step("landed", "2026-05-01")).await;
        assert_eq!(status, 303, "{backend}: {html}");
        let (status, _, html) =
            post(format!("{record}/jobs"), vec![("jobs_created", "x".into())]).await;
        assert_eq!(status, 400, "{backend}");
        assert!(html.contains(r#"data-field="jobs_created""#), "{backend}");
        let (status, _, html) = post(
            format!("{record}/jobs"),
            vec![("jobs_created", "120".into())],
        )
        .await;
        assert_eq!(status, 303, "{backend}: {html}");
        assert!(
            page().await.contains("<strong data-jobs>120</strong>"),
            "{backend}"
        );

        // Money without its evidence, then the evidence.
        let funds_form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("received_on", "2026-05-10")
            .text("source", "other_province")
            .text("kind", "fixed_assets")
            .text("amount_yuan", "2000000");
        let r = chengdu
            .post(format!("{}{record}/funds", t.base_url))
            .multipart(funds_form)
            .send()
            .await
            .expect("funds");
        assert_eq!(r.status(), 303, "{backend}");
        let entry = t.db.store.pipeline_entry(id).await.expect("entry");
        assert_eq!(entry.record.signings.len(), 2, "{backend}");
        assert_eq!(entry.record.jobs_created, 120, "{backend}");
        assert!(entry.record.funds[0].evidence.is_none(), "{backend}");
        let funds_id = entry.funds[0].id;
        let evidence = |bytes: &'static [u8], name: &'static str| {
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .part(
                    "evidence",
                    reqwest::multipart::Part::bytes(bytes).file_name(name),
                )
        };
        let url = format!("{}{record}/funds/{funds_id}/evidence", t.base_url);
        let r = chengdu
            .post(&url)
            .multipart(evidence(b"not a pdf at all", "bank.pdf"))
            .send()
            .await
            .expect("bad evidence");
        assert_eq!(
            r.status(),
            400,
            "{backend}: content is checked, not the name"
        );
        let r = chengdu
            .post(&url)
            .multipart(evidence(b"%PDF-1.4\n% bank slip\n%%EOF\n", "bank.pdf"))
            .send()
            .await
            .expect("evidence");
        assert_eq!(r.status(), 303, "{backend}");
        let entry = t.db.store.pipeline_entry(id).await.expect("entry");
        assert!(entry.record.funds[0].evidence.is_some(), "{backend}");
        let download = chengdu.get(&url).send().await.expect("download");
        assert_eq!(download.status(), 200, "{backend}");
    }
}
