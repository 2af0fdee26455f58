#!/usr/bin/env bash
# gowest-search against PostgreSQL pg_trgm on the same 1,000,000 texts and queries.
#
#   bench/search_pg.sh            # runs the Rust bench (release), then PostgreSQL
#   SKIP_RUST_BENCH=1 bench/search_pg.sh   # reuse docs.tsv / tantivy.tsv from an earlier run
#
# 1. `cargo bench -p gowest-bench --bench search` generates the texts, indexes them in tantivy,
#    times the query set and writes docs.tsv, queries.tsv and tantivy.tsv to SEARCH_BENCH_DIR.
# 2. In a throw-away cluster (scripts/pg-test-cluster.sh) the texts are loaded with \copy into
#    one column holding the same match texts (titles, body, pinyin), a pg_trgm GIN index is
#    built, and each query runs as `count(*) … WHERE text ILIKE '%w1%' AND text ILIKE '%w2%'`,
#    timed by psql's \timing over SEARCH_PG_RUNS runs (median and worst).
# 3. Prints one table with both, and the ratio pg_trgm / tantivy (p50).
#
# Environment: SEARCH_BENCH_DIR (default /tmp/gowest-search-bench), SEARCH_PG_RUNS (default 7),
# and those of the Rust bench (SEARCH_BENCH_DOCS, SEARCH_BENCH_RUNS).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SEARCH_BENCH_DIR="${SEARCH_BENCH_DIR:-/tmp/gowest-search-bench}"
export PG_RUNS="${SEARCH_PG_RUNS:-7}"

if [[ -z "${SKIP_RUST_BENCH:-}" ]]; then
    log "rust bench (release build, then generate, index and query)"
    (cd "$REPO_DIR" && cargo bench -p gowest-bench --bench search) | tee "$SEARCH_BENCH_DIR.rust.log"
fi
for f in docs.tsv queries.tsv tantivy.tsv; do
    [[ -f "$SEARCH_BENCH_DIR/$f" ]] || die "$SEARCH_BENCH_DIR/$f is missing: run without SKIP_RUST_BENCH"
done

# The part that runs inside the cluster, with PGHOST etc. set. Writes pg.tsv: query, count,
# median ms, worst ms, plus the load and index-build times.
pg_part() {
    set -euo pipefail
    local dir="$SEARCH_BENCH_DIR" sql
    chmod a+r "$dir"/*.tsv
    psql -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION pg_trgm;
CREATE TABLE docs (id BIGINT, kind TEXT, text TEXT);
SQL
    local t0 t1 t2
    t0=$(date +%s.%N)
    psql -q -v ON_ERROR_STOP=1 -c "\\copy docs FROM '$dir/docs.tsv' WITH (FORMAT text)"
    t1=$(date +%s.%N)
    psql -q -v ON_ERROR_STOP=1 -c "CREATE INDEX docs_text_trgm ON docs USING gin (text gin_trgm_ops)" -c "ANALYZE docs"
    t2=$(date +%s.%N)
    echo "load_s	$(echo "$t1 - $t0" | bc)" >"$dir/pg.tsv"
    echo "index_s	$(echo "$t2 - $t1" | bc)" >>"$dir/pg.tsv"
    echo "size_mb	$(psql -At -c "SELECT pg_total_relation_size('docs') / 1000000")" >>"$dir/pg.tsv"
    while IFS= read -r q; do
        # Each word as ILIKE '%word%' (the words have no % _ \ or quotes in this set).
        local where="" w
        for w in $q; do
            where+="${where:+ AND }text ILIKE '%${w}%'"
        done
        sql="SELECT count(*) FROM docs WHERE $where;"
        local out count times
        out=$( { echo '\timing on'; for _ in $(seq 1 $((PG_RUNS + 1))); do echo "$sql"; done; } | psql -At)
        count=$(echo "$out" | grep -E '^[0-9]+$' | head -1)
        # Drop the first (cold) run; median and worst of the rest.
        times=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n +2 | sort -n)
        local n median worst
        n=$(echo "$times" | wc -l)
        median=$(echo "$times" | sed -n "$(( (n + 1) / 2 ))p")
        worst=$(echo "$times" | tail -1)
        echo "q	$q	$count	$median	$worst" >>"$dir/pg.tsv"
    done <"$dir/queries.tsv"
    psql -At -c "EXPLAIN SELECT count(*) FROM docs WHERE text ILIKE '%冷链仓储%'" >"$dir/pg-plan.txt"
}
export -f pg_part

log "PostgreSQL pg_trgm (throw-away cluster)"
"$REPO_DIR/scripts/pg-test-cluster.sh" bash -c pg_part

log "results"
awk -F'\t' '
    FNR == NR { tantivy[$1] = $2 "\t" $3 "\t" $4; next }
    $1 == "load_s" { printf "PostgreSQL \\copy: %.1f s\n", $2; next }
    $1 == "index_s" { printf "PostgreSQL GIN (pg_trgm) index build: %.1f s\n", $2; next }
    $1 == "size_mb" { printf "PostgreSQL table + index: %s MB\n\n| query | total | tantivy p50 ms | tantivy p99 ms | pg_trgm median ms | pg_trgm worst ms | pg / tantivy (p50) | counts equal |\n|---|---:|---:|---:|---:|---:|---:|---|\n", $2; next }
    $1 == "q" {
        split(tantivy[$2], t, "\t")
        printf "| %s | %s | %s | %s | %s | %s | %.0f× | %s |\n", $2, t[1], t[2], t[3], $4, $5, $4 / t[2], (t[1] == $3 ? "yes" : "NO (pg " $3 ")")
    }
' "$SEARCH_BENCH_DIR/tantivy.tsv" "$SEARCH_BENCH_DIR/pg.tsv"
echo "plan: $(tr '\n' ' ' <"$SEARCH_BENCH_DIR/pg-plan.txt")"
