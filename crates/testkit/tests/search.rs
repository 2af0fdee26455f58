//! Search over the real demo records, on every backend: every result contains the words
//! (and nothing that contains them is missed), a new project is found at once, another
//! instance finds it after its next refresh, and a bad filter is named.

use gowest_search::{SearchQuery, substring_match};
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Words as users type them: whole words, words across jieba's boundaries, one character,
/// several words, an English name, pinyin, and a word that is nowhere.
const QUERIES: [&str; 14] = [
    "电子信息 产业转移",
    "电子信息",
    "产业转移",
    "子信",
    "冷链",
    "汽车零部件",
    "加工贸易 配套",
    "园",
    "成都 电子",
    "Chengdu",
    "chengdu",
    "cdjk",
    "纺织服装 西部",
    "火星基地",
];

async fn demo(backend: gowest_testkit::TestBackend) -> TestApp {
    let t = spawn_app(backend).await;
    t.app.seed_demo(&operator()).await.expect("demo figures");
    t.app
        .seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    t.app
        .seed_demo_transfer(&operator())
        .await
        .expect("demo transfer");
    t
}

#[tokio::test]
async fn every_document_with_the_words_is_found_and_nothing_else() {
    for backend in backends() {
        let t = demo(backend).await;
        let docs = t.app.search_documents();
        assert!(
            docs.len() > 500,
            "{backend}: zones, projects and demands are indexed"
        );
        assert_eq!(t.app.search_doc_count(), docs.len() as u64, "{backend}");
        for q in QUERIES {
            let expected: BTreeSet<_> = docs
                .iter()
                .filter(|d| substring_match(d, q))
                .map(|d| (d.kind, d.id))
                .collect();
            let found: BTreeSet<_> = t
                .app
                .search_ids(&SearchQuery::new(q))
                .expect("search")
                .into_iter()
                .collect();
            assert_eq!(found, expected, "{backend}: {q}");
        }
    }
}

#[tokio::test]
async fn electronics_transfer_finds_the_projects_and_a_new_one_at_once() {
    for backend in backends() {
        let t = demo(backend).await;
        let url = |path: &str| format!("{}{path}", t.base_url);
        let search = |q: &str| {
            let q = q.to_owned();
            let client = t.client.clone();
            let base = t.base_url.clone();
            async move {
                let response = client
                    .get(format!("{base}/api/v1/search"))
                    .query(&[("q", q.as_str())])
                    .send()
                    .await
                    .expect("search");
                let status = response.status().as_u16();
                (status, response.json::<Value>().await.expect("json"))
            }
        };
        let (status, body) = search("电子信息 产业转移").await;
        assert_eq!(status, 200, "{backend}");
        let hits = body["hits"].as_array().expect("hits");
        assert!(!hits.is_empty(), "{backend}");
        for hit in hits {
            assert_eq!(hit["kind"], "project", "{backend}: {hit}");
            let text: String = hit["snippet"]
                .as_array()
                .expect("snippet")
                .iter()
                .filter_map(|s| s["text"].as_str())
                .collect();
            let title = hit["title_zh"].as_str().unwrap_or_default();
            assert!(
                (text.contains("电子信息") || title.contains("电子信息"))
                    && text.contains("产业转移"),
                "{backend}: {title} {text}"
            );
        }
        assert_eq!(
            body["total"].as_u64(),
            Some(body["by_kind"][0]["count"].as_u64().unwrap_or(0))
        );

        // A zone posts a project: it is found as soon as the post returns.
        let session = t
            .session("chengdu.admin", gowest_app::demo::DEMO_PASSWORD)
            .await;
        let (_, token) = t
            .app
            .create_api_token(&session, "检索", None)
            .await
            .expect("token");
        let zone = session.actor.own_zone().expect("zone");
        let title = "成都新型显示面板模组配套产业园";
        let created = t
            .client
            .post(url(&format!("/api/v1/projects?zone={zone}")))
            .bearer_auth(&token)
            .json(&json!({
                "title_zh": title,
                "industry": "39",
                "amount_yuan": "800000000",
                "mode": "合资",
                "description": "承接东部地区新型显示产业转移。",
            }))
            .send()
            .await
            .expect("post");
        assert_eq!(created.status(), 201, "{backend}");
        let (_, body) = search("显示面板模组").await;
        assert_eq!(body["total"], 1, "{backend}");
        assert_eq!(body["hits"][0]["title_zh"], title, "{backend}");

        // Another instance on the same database finds it after its change-log refresh.
        let other = gowest_app::App::start(t.db.store.clone(), gowest_testkit::audit_key())
            .await
            .expect("second instance");
        assert_eq!(
            found(&other, title),
            Some(1),
            "{backend}: the second instance indexed it at start"
        );
        t.client
            .put(url(&format!(
                "/api/v1/projects/{}",
                body["hits"][0]["id"].as_i64().expect("id")
            )))
            .bearer_auth(&token)
            .json(&json!({
                "title_zh": "成都柔性显示模组产业园",
                "industry": "39",
                "amount_yuan": "800000000",
                "mode": "合资",
            }))
            .send()
            .await
            .expect("put");
        assert!(
            other.refresh_if_changed().await.expect("refresh"),
            "{backend}"
        );
        assert_eq!(found(&other, "柔性显示"), Some(1), "{backend}");
        assert_eq!(
            found(&other, "显示面板模组"),
            Some(0),
            "{backend}: old title gone"
        );

        let bad = t
            .client
            .get(url("/api/v1/search?q=园区&kind=factory"))
            .send()
            .await
            .expect("get");
        assert_eq!(bad.status(), 400, "{backend}");
        let body: Value = bad.json().await.expect("json");
        assert_eq!(body["errors"][0]["field"], "kind", "{backend}");
        let empty = t
            .client
            .get(url("/api/v1/search?q=%20%20"))
            .send()
            .await
            .expect("get");
        assert_eq!(empty.status(), 400, "{backend}: an empty query is named");
    }
}

/// How many documents the instance finds for `q`.
fn found(app: &gowest_app::App, q: &str) -> Option<u64> {
    app.search(&SearchQuery::new(q)).ok().map(|r| r.total)
}
