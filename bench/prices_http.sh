#!/usr/bin/env bash
# The public price page (/prices) and the open-data series under wrk: gowest (release,
# --demo: 248 markets × 3 products × a year of daily reports and three years of weekly
# history) on SQLite, 64 connections.
# The first request of each query reads the daily aggregates; later ones are answered from
# the app's series cache (keyed by query, day and data version) and only rendered.
#
#   bench/prices_http.sh
#
# Environment (all optional):
#   DURATION=15s CONNECTIONS=64 THREADS=2 WARMUP=3s
#   QUERIES="/prices?product=cabbage /prices?product=pork&granularity=week&region=west"
#   GOWEST_BIN=path          skip the cargo build

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-3s}"
QUERIES="${QUERIES:-/prices?product=cabbage /prices?product=pork&granularity=week&region=west /api/v1/prices/series?product=cabbage}"

need_pkg curl curl
need_pkg wrk wrk

BIN="$(gowest_bin)"
make_scratch
cleanup() {
    stop_gowest
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(free_port 18190)"
start_gowest sqlite "$port" --data-dir "$SCRATCH/data" --demo
echo "| query | requests/s | p50 ms | p99 ms | max ms | errors |"
echo "|---|---|---|---|---|---|"
for q in $QUERIES; do
    url="http://127.0.0.1:$port$q"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH_DIR/latency.lua" "$url" >/dev/null
    line="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH_DIR/latency.lua" "$url" | grep '^RESULT ')"
    get() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    echo "| \`$q\` | $(get rps) | $(get p50_ms) | $(get p99_ms) | $(get max_ms) | $(get errors) |"
done
