//! The index's behaviour on small hand-made sets: ranking, writes, facets, filters, errors
//! and reopening.

use gowest_search::{DocKind, QueryProblem, SearchDoc, SearchError, SearchIndex, SearchQuery};

fn doc(
    kind: DocKind,
    id: i64,
    title: &str,
    body: &str,
    region: &str,
    sections: &[&str],
) -> SearchDoc {
    SearchDoc {
        kind,
        id,
        title_zh: title.into(),
        title_en: None,
        body: body.into(),
        region: region.into(),
        province_code: "510000".into(),
        industry_sections: sections.iter().map(|s| s.to_string()).collect(),
    }
}

fn ids(index: &SearchIndex, q: &SearchQuery) -> Vec<i64> {
    index
        .search(q)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

fn query(text: &str) -> SearchQuery {
    SearchQuery::new(text)
}

#[test]
fn whole_words_and_titles_rank_above_matches_across_word_boundaries() {
    let index = SearchIndex::in_memory().expect("index");
    index
        .upsert(&[
            // 汽车 only across jieba's 蒸汽|车间; the higher id would win a tie.
            doc(
                DocKind::Project,
                9,
                "锅炉改造项目",
                "蒸汽车间改造，蒸汽车间扩建",
                "west",
                &["C"],
            ),
            doc(
                DocKind::Project,
                2,
                "零部件项目",
                "引进汽车零部件企业",
                "west",
                &["C"],
            ),
            doc(
                DocKind::Project,
                1,
                "汽车产业园",
                "配套服务",
                "west",
                &["C"],
            ),
        ])
        .expect("upsert");
    let r = index.search(&query("汽车")).expect("search");
    assert_eq!(r.total, 3);
    let order: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
    assert_eq!(order, [1, 2, 9], "{:?}", r.hits);
    assert!(r.hits[1].score > r.hits[2].score);
}

#[test]
fn upsert_is_visible_at_once_replaces_and_remove_deletes() {
    let index = SearchIndex::in_memory().expect("index");
    assert!(index.needs_rebuild());
    let mut d = doc(
        DocKind::Demand,
        7,
        "纺织企业转移意向",
        "拟向中西部转移纺织服装产能",
        "east",
        &["C"],
    );
    index.upsert(std::slice::from_ref(&d)).expect("upsert");
    assert_eq!(ids(&index, &query("纺织服装")), [7]);

    d.body = "拟向成都转移冷链仓储".into();
    index
        .upsert(std::slice::from_ref(&d))
        .expect("upsert again");
    assert_eq!(index.doc_count(), 1);
    assert!(ids(&index, &query("纺织服装")).is_empty());
    assert_eq!(ids(&index, &query("冷链仓储")), [7]);

    // Same id, other kind: a different record.
    index
        .upsert(&[doc(
            DocKind::Project,
            7,
            "冷链项目",
            "冷链仓储",
            "west",
            &["G"],
        )])
        .expect("upsert project");
    assert_eq!(index.search(&query("冷链仓储")).expect("search").total, 2);

    index.remove(DocKind::Demand, 7).expect("remove");
    let r = index.search(&query("冷链仓储")).expect("search");
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].kind, DocKind::Project);
    index
        .remove(DocKind::Demand, 7)
        .expect("removing again is fine");
}

#[test]
fn an_invalid_doc_writes_nothing() {
    let index = SearchIndex::in_memory().expect("index");
    let good = doc(DocKind::Zone, 1, "成都经开区", "", "west", &["C"]);
    let bad_region = doc(DocKind::Zone, 2, "某开发区", "", "western", &["C"]);
    let bad_section = doc(DocKind::Zone, 3, "某开发区", "", "west", &["C3"]);
    for bad in [bad_region, bad_section] {
        let err = index.upsert(&[good.clone(), bad]).expect_err("invalid");
        assert!(matches!(err, SearchError::InvalidDoc { .. }), "{err}");
    }
    assert_eq!(index.doc_count(), 0);
}

fn faceted_index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    index
        .upsert(&[
            doc(
                DocKind::Zone,
                1,
                "成都经开区",
                "电子信息 汽车",
                "west",
                &["C", "I"],
            ),
            doc(
                DocKind::Project,
                2,
                "成都电子信息项目",
                "电子信息",
                "west",
                &["C"],
            ),
            doc(
                DocKind::Project,
                3,
                "武汉电子信息项目",
                "电子信息",
                "central",
                &["I"],
            ),
            doc(
                DocKind::Demand,
                4,
                "电子信息企业转移",
                "向长春转移",
                "northeast",
                &["C"],
            ),
            doc(
                DocKind::Demand,
                5,
                "食品企业转移",
                "向长春转移",
                "northeast",
                &["C"],
            ),
        ])
        .expect("upsert");
    index
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn facets_count_all_matches_and_ignore_their_own_filter() {
    let index = faceted_index();
    let r = index.search(&query("电子信息")).expect("search");
    assert_eq!(r.total, 4);
    assert_eq!(
        r.facets.by_region,
        pairs(&[("west", 2), ("central", 1), ("northeast", 1)])
    );
    assert_eq!(
        r.facets.by_kind,
        pairs(&[("project", 2), ("demand", 1), ("zone", 1)])
    );
    assert_eq!(r.facets.by_industry_section, pairs(&[("C", 3), ("I", 2)]));

    let mut q = query("电子信息");
    q.region = Some("west".into());
    let r = index.search(&q).expect("search");
    assert_eq!(r.total, 2);
    // The region facet still offers the other regions; the others count within the west.
    assert_eq!(
        r.facets.by_region,
        pairs(&[("west", 2), ("central", 1), ("northeast", 1)])
    );
    assert_eq!(r.facets.by_kind, pairs(&[("project", 1), ("zone", 1)]));
    assert_eq!(r.facets.by_industry_section, pairs(&[("C", 2), ("I", 1)]));
}

#[test]
fn filters_by_kind_region_section_and_province() {
    let index = faceted_index();
    let mut q = query("电子信息");
    q.kinds = vec![DocKind::Project, DocKind::Demand];
    let mut got = ids(&index, &q);
    got.sort();
    assert_eq!(got, [2, 3, 4]);

    q.industry_section = Some("i".into());
    assert_eq!(ids(&index, &q), [3]);

    q.region = Some("central".into());
    assert_eq!(ids(&index, &q), [3]);
    q.region = Some("west".into());
    assert!(ids(&index, &q).is_empty());

    let mut q = query("转移");
    q.province_code = Some("510000".into());
    assert_eq!(index.search(&q).expect("search").total, 2);
    q.province_code = Some("420000".into());
    assert_eq!(index.search(&q).expect("search").total, 0);
}

#[test]
fn paging_and_limit() {
    let index = SearchIndex::in_memory().expect("index");
    let docs: Vec<SearchDoc> = (1..=150)
        .map(|i| {
            doc(
                DocKind::Project,
                i,
                &format!("项目{i}"),
                "加工贸易",
                "west",
                &["C"],
            )
        })
        .collect();
    index.upsert(&docs).expect("upsert");
    let mut q = query("加工贸易");
    q.limit = 1000;
    let r = index.search(&q).expect("search");
    assert_eq!((r.total, r.hits.len()), (150, gowest_search::MAX_LIMIT));
    // Equal scores: newest (highest id) first, so pages are stable.
    assert_eq!(r.hits[0].id, 150);
    q.offset = 140;
    q.limit = 20;
    assert_eq!(ids(&index, &q), (1..=10).rev().collect::<Vec<_>>());
    q.limit = 0;
    let r = index.search(&q).expect("search");
    assert_eq!((r.total, r.hits.len()), (150, 0));
}

#[test]
fn latin_pinyin_and_english_titles() {
    let index = SearchIndex::in_memory().expect("index");
    let mut zone = doc(
        DocKind::Zone,
        1,
        "成都经开区",
        "汽车产业，IT服务，5G基站",
        "west",
        &["C"],
    );
    zone.title_en = Some("Chengdu Economic and Technological Development Zone".into());
    let mut cq = doc(DocKind::Zone, 2, "重庆两江新区", "装备制造", "west", &["C"]);
    cq.title_en = Some("Chongqing Liangjiang New Area".into());
    index.upsert(&[zone, cq]).expect("upsert");
    for (text, want) in [
        ("chengdu", vec![1]),
        ("cheng du", vec![1]),
        ("CDJK", vec![1]),
        ("chongqing", vec![2]),
        ("liangjiang", vec![2]),
        ("Technological zone", vec![1]),
        ("it", vec![1]),
        ("5G基站", vec![1]),
        ("５ｇ", vec![1]),
    ] {
        assert_eq!(ids(&index, &query(text)), want, "{text}");
    }
}

#[test]
fn snippet_marks_the_words() {
    let index = SearchIndex::in_memory().expect("index");
    index
        .upsert(&[doc(
            DocKind::Project,
            1,
            "项目",
            "建设冷链仓储中心和IT平台",
            "west",
            &["G"],
        )])
        .expect("upsert");
    let r = index.search(&query("冷链 it")).expect("search");
    let marked: Vec<(&str, bool)> = r.hits[0]
        .snippet
        .iter()
        .map(|p| (p.text.as_str(), p.highlighted))
        .collect();
    assert_eq!(
        marked,
        [
            ("建设", false),
            ("冷链", true),
            ("仓储中心和", false),
            ("IT", true),
            ("平台", false)
        ]
    );
}

#[test]
fn bad_queries_say_what_is_wrong_in_chinese_and_english() {
    let index = SearchIndex::in_memory().expect("index");
    let problem = |q: SearchQuery| match index.search(&q) {
        Err(SearchError::InvalidQuery(p)) => p,
        other => panic!("expected an invalid query, got {other:?}"),
    };
    let empty = problem(query(" \u{3000} "));
    assert_eq!(empty, QueryProblem::Empty);
    assert_eq!(empty.message_zh(), "请输入搜索词");
    assert_eq!(empty.message_en(), "enter a search term");

    let long = problem(query(&"冷".repeat(201)));
    assert_eq!(long, QueryProblem::TooLong { chars: 201 });
    assert!(long.message_zh().contains("200"));
    assert!(long.message_en().contains("200"));
    assert!(index.search(&query(&"冷".repeat(200))).is_ok());

    let mut q = query("冷链");
    q.region = Some("western".into());
    assert_eq!(problem(q.clone()).code(), "unknown_region");
    q.region = None;
    q.industry_section = Some("CC".into());
    assert_eq!(problem(q.clone()).code(), "unknown_industry_section");
    q.industry_section = None;
    q.offset = gowest_search::MAX_OFFSET + 1;
    assert_eq!(problem(q).code(), "offset_too_large");
}

#[test]
fn reopening_keeps_documents_and_a_new_schema_version_wipes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("search");
    {
        let index = SearchIndex::open(&path).expect("open");
        assert!(index.needs_rebuild());
        index
            .upsert(&[doc(DocKind::Zone, 1, "成都经开区", "汽车", "west", &["C"])])
            .expect("upsert");
    }
    {
        let index = SearchIndex::open(&path).expect("reopen");
        assert!(!index.needs_rebuild());
        assert_eq!(index.doc_count(), 1);
        assert_eq!(ids(&index, &query("chengdu")), [1]);
    }
    std::fs::write(path.join("gowest-search.version"), "0\n").expect("write");
    let index = SearchIndex::open(&path).expect("open after schema change");
    assert!(index.needs_rebuild());
    assert_eq!(index.doc_count(), 0);
}

#[test]
fn the_index_is_shareable_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<SearchIndex>();
}
