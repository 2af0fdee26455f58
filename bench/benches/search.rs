//! gowest-search at scale: 1,000,000 generated project texts indexed, then a query set timed
//! (p50/p99) and checked for exact recall against a substring scan. Writes the texts and the
//! timings as TSV for `bench/search_pg.sh`, which times the same queries on PostgreSQL pg_trgm.
//!
//! `cargo bench -p gowest-bench --bench search`; environment: `SEARCH_BENCH_DOCS` (default
//! 1000000), `SEARCH_BENCH_DIR` (default /tmp/gowest-search-bench), `SEARCH_BENCH_RUNS` (timed
//! runs per query, default 50).

#[path = "../../crates/search/tests/support/corpus.rs"]
mod corpus;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use gowest_search::{SearchDoc, SearchIndex, SearchQuery};

/// The query set (also read by search_pg.sh from queries.tsv).
const QUERIES: &[(&str, &str)] = &[
    (
        "冷链仓储",
        "4-char word, jieba splits it differently in places",
    ),
    ("汽车零部件 新材料 物流园区", "three words"),
    ("电子信息 产业转移", "two words"),
    ("锂电池 哈尔滨 数据中心", "rare combination"),
    ("产业", "very common 2-char word"),
    ("链", "1-char word"),
    ("蒸汽车间", "crosses jieba words"),
    ("it", "Latin, case-folded"),
    ("chengdu", "pinyin / English title"),
];

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\\'], " ")
}

fn main() {
    let n: usize = env_or("SEARCH_BENCH_DOCS", 1_000_000);
    let runs: usize = env_or("SEARCH_BENCH_RUNS", 50);
    let dir = std::path::PathBuf::from(env_or(
        "SEARCH_BENCH_DIR",
        "/tmp/gowest-search-bench".to_string(),
    ));
    std::fs::create_dir_all(&dir).expect("bench dir");

    let t = Instant::now();
    let docs: Vec<SearchDoc> = corpus::docs(2006, n).collect();
    let chars: usize = docs.iter().map(|d| d.body.chars().count()).sum();
    println!(
        "generated {n} docs ({:.0} body chars each on average) in {:.1?}",
        chars as f64 / n as f64,
        t.elapsed()
    );

    // The same texts for PostgreSQL: one row per document, its match texts in one column.
    let mut out = BufWriter::new(File::create(dir.join("docs.tsv")).expect("docs.tsv"));
    let scans: Vec<corpus::Scan> = docs.iter().map(corpus::Scan::new).collect();
    for (d, s) in docs.iter().zip(&scans) {
        writeln!(out, "{}\t{}\t{}", d.id, d.kind.code(), tsv(&s.joined())).expect("write");
    }
    out.flush().expect("flush");
    let mut out = BufWriter::new(File::create(dir.join("queries.tsv")).expect("queries.tsv"));
    for (q, _) in QUERIES {
        writeln!(out, "{q}").expect("write");
    }
    out.flush().expect("flush");

    let index_dir = dir.join("index");
    // SEARCH_BENCH_REUSE=1 keeps an index of the same size from an earlier run (the texts are
    // deterministic), to time queries after a change that does not touch indexing.
    let reuse = std::env::var_os("SEARCH_BENCH_REUSE").is_some();
    if !reuse {
        let _ = std::fs::remove_dir_all(&index_dir);
    }
    let index = SearchIndex::open(&index_dir).expect("open");
    if reuse && index.doc_count() == n as u64 {
        println!("reusing the index in {}", index_dir.display());
    } else {
        index_all(&index, &index_dir, docs);
    }
    query_set(&index, &dir, &scans, runs);
}

fn index_all(index: &SearchIndex, index_dir: &Path, docs: Vec<SearchDoc>) {
    let t = Instant::now();
    let added = index
        .rebuild(docs.into_iter(), |k| {
            if k % 200_000 == 0 {
                eprintln!("  indexed {k}");
            }
        })
        .expect("rebuild");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "indexed {added} docs in {secs:.1} s ({:.0} docs/s, including the final merge); index {:.0} MB",
        added as f64 / secs,
        dir_size(index_dir) as f64 / 1e6
    );
}

fn query_set(index: &SearchIndex, dir: &Path, scans: &[corpus::Scan], runs: usize) {
    let mut results = BufWriter::new(File::create(dir.join("tantivy.tsv")).expect("tsv"));
    println!("\n| query | what | total | p50 ms | p99 ms | counts only p50 ms | recall |");
    println!("|---|---|---:|---:|---:|---:|---|");
    for (text, what) in QUERIES {
        let q = SearchQuery::new(*text);
        for _ in 0..3 {
            index.search(&q).expect("search");
        }
        let mut ms: Vec<f64> = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = index.search(&q).expect("search");
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            total = r.total;
        }
        ms.sort_by(f64::total_cmp);
        let p50 = ms[ms.len() / 2];
        let p99 = ms[(ms.len() * 99 / 100).min(ms.len() - 1)];
        // The first pass alone (total and facets, no ranking): what the ranking pass adds.
        let mut counts_only = q.clone();
        counts_only.limit = 0;
        let mut count_ms: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                index.search(&counts_only).expect("counts");
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        count_ms.sort_by(f64::total_cmp);
        let count_p50 = count_ms[count_ms.len() / 2];

        let found: HashSet<_> = index.search_all(&q).expect("all").into_iter().collect();
        let expected: HashSet<_> = scans
            .iter()
            .filter(|s| s.matches(text))
            .map(|s| s.key)
            .collect();
        let exact = found == expected && total as usize == expected.len();
        println!(
            "| {text} | {what} | {total} | {p50:.2} | {p99:.2} | {count_p50:.2} | {} |",
            if exact {
                "100%, exact".to_string()
            } else {
                format!(
                    "MISMATCH: {} found, {} expected, {} common",
                    found.len(),
                    expected.len(),
                    found.intersection(&expected).count()
                )
            }
        );
        writeln!(results, "{text}\t{total}\t{p50:.3}\t{p99:.3}").expect("write");
        assert!(exact, "recall/precision mismatch for {text}");
    }
    results.flush().expect("flush");
}
