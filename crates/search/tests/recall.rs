//! Recall and precision against a substring scan, on 20,000 generated project texts and a
//! fixed query set: the index must return exactly the documents that contain every word.

mod support;

use std::collections::BTreeSet;

use gowest_search::{SearchIndex, SearchQuery};
use support::corpus::{self, Scan};

/// 1-char, 2-char, multi-word, Latin, pinyin, words across jieba boundaries, and none.
const QUERIES: &[&str] = &[
    "链",
    "汽",
    "区",
    "冷链",
    "链仓",
    "仓储",
    "冷链仓储",
    "冷链仓储中心",
    "汽车",
    "蒸汽车间",
    "汽车零部件 新材料 物流园区",
    "电子信息 产业转移",
    "子信",
    "信息产业",
    "材料物流",
    "产业转移动",
    "产业",
    "IT",
    "ＩＴ服务",
    "5g",
    "Chengdu",
    "chengdu",
    "cheng du",
    "cdjkq",
    "chongqing",
    "xiamen zone",
    "哈尔滨 锂电池 云计算",
    "转移意向 成都",
    "，",
    "不存在的词",
    "数据中心。",
];

#[test]
fn every_query_finds_exactly_the_documents_that_contain_its_words() {
    let docs: Vec<_> = corpus::docs(4754, 20_000).collect();
    let scans: Vec<Scan> = docs.iter().map(Scan::new).collect();
    let index = SearchIndex::in_memory().expect("index");
    assert_eq!(
        index.rebuild(docs.into_iter(), |_| {}).expect("rebuild"),
        20_000
    );
    assert_eq!(index.doc_count(), 20_000);

    for text in QUERIES {
        let q = SearchQuery::new(*text);
        let expected: BTreeSet<_> = scans
            .iter()
            .filter(|s| s.matches(text))
            .map(|s| s.key)
            .collect();
        let found: Vec<_> = index.search_all(&q).expect("search_all");
        let found_set: BTreeSet<_> = found.iter().copied().collect();
        assert_eq!(found.len(), found_set.len(), "{text}: duplicate hits");
        let missing: Vec<_> = expected.difference(&found_set).take(5).collect();
        let extra: Vec<_> = found_set.difference(&expected).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{text}: {} expected, {} found; missing e.g. {missing:?}, extra e.g. {extra:?}",
            expected.len(),
            found_set.len()
        );
        let page = index.search(&q).expect("search");
        assert_eq!(page.total, expected.len() as u64, "{text}: total");
        assert_eq!(page.hits.len(), expected.len().min(20), "{text}: page size");
        // A page is ranked with pruning, `search_all` without: the same order.
        for offset in [0, 40] {
            let mut paged = q.clone();
            paged.offset = offset;
            let keys: Vec<_> = index
                .search(&paged)
                .expect("page")
                .hits
                .iter()
                .map(|h| (h.kind, h.id))
                .collect();
            let all: Vec<_> = found.iter().skip(offset).take(20).copied().collect();
            assert_eq!(keys, all, "{text}: page at {offset}");
        }
    }
}

#[test]
fn the_query_set_covers_rare_and_common_words() {
    // Guards the test above against a generator change that would make it vacuous.
    let scans: Vec<Scan> = corpus::docs(4754, 20_000).map(|d| Scan::new(&d)).collect();
    let count = |t: &str| scans.iter().filter(|s| s.matches(t)).count();
    assert!(count("产业") > 10_000);
    assert!((1..2_000).contains(&count("哈尔滨 锂电池 云计算")));
    assert!(count("蒸汽车间") > 100);
    assert!(count("chengdu") > 100);
    assert!(count("cdjkq") > 10);
    assert_eq!(count("不存在的词"), 0);
}
