//! The pipeline's demo data and console pages, on every backend: demo records in every
//! stage, the board, table, record and list pages for the roles that use them, and a form
//! whose bad input comes back beside its field.

use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::pipeline::{DuplicateReview, Stage};
use gowest_store::pipeline::RecordSet;
use gowest_testkit::{backends, scrape, spawn_app};

#[tokio::test]
async fn demo_pipelines_fill_every_stage_and_the_console_pages_render() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app.seed_demo_accounts().await.expect("accounts");
        let made = t.app.seed_demo_pipeline().await.expect("demo pipelines");
        assert!(made >= 100, "{backend}: {made} records");
        assert_eq!(
            t.app.seed_demo_pipeline().await.expect("again"),
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
        assert_eq!(response.status(), 422, "{backend}");
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
