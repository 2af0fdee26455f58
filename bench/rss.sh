#!/usr/bin/env bash
# Server memory: `gowest serve --demo` on a fresh data directory; VmRSS after start
# (/readyz answers) and after 10,000 requests spread over the API; VmHWM (peak) too.
#
#   bench/rss.sh
#
# Environment (all optional):
#   REQUESTS=10000 CONNECTIONS=64
#   BACKENDS="sqlite"         add "postgres" to measure with --database-url too
#   GOWEST_BIN=path           skip the cargo build
#   RESULTS=path              also write the summary (Markdown) there

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REQUESTS="${REQUESTS:-10000}"
CONNECTIONS="${CONNECTIONS:-64}"
BACKENDS="${BACKENDS:-sqlite}"

need_pkg curl curl
BIN="$(gowest_bin)"
make_scratch
cleanup() {
    stop_gowest
    pg_stop
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A curl config: $REQUESTS requests cycling through a mix of the API, sent over up to
# $CONNECTIONS parallel connections (curl --parallel), each answer's status printed.
PATHS=(
    "/api/v1/zones?region=west&industry=C&per_page=50"
    "/api/v1/zones?province=510000"
    "/api/v1/zones?q=%E6%88%90%E9%83%BD&sort=-land_price"
    "/api/v1/zones?national_in_2006=true&per_page=500"
    "/api/v1/zones?level=national_etdz&page=3&per_page=20"
    "/api/v1/zones/1"
    "/api/v1/provinces"
    "/api/v1/industries"
    "/api/v1/ports"
    "/api/openapi.json"
    "/readyz"
)
write_requests() {
    local port="$1" i
    for ((i = 0; i < REQUESTS; i++)); do
        printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$port" "${PATHS[i % ${#PATHS[@]}]}"
    done >"$SCRATCH/requests.curl"
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

RESULTS_TSV="$SCRATCH/results.tsv"
: >"$RESULTS_TSV"
port_base=18181
for backend in $BACKENDS; do
    port="$(free_port "$port_base")"
    port_base=$((port + 1))
    # gowest keeps files (audit.key) in --data-dir on PostgreSQL too; before 55cc943 it did not
    # create the directory itself. Harmless now; kept so older binaries can be measured.
    mkdir -p "$SCRATCH/data-$backend"
    args=(--data-dir "$SCRATCH/data-$backend" --demo)
    if [ "$backend" = postgres ]; then
        pg_start
        args+=(--database-url "$PG_URL")
    fi
    log "$backend: starting gowest serve --demo (load: $(load_avg))"
    start_gowest "$backend" "$port" "${args[@]}"
    sleep 1
    start_rss="$(rss_kb "$GOWEST_PID" VmRSS)"
    log "$backend: VmRSS after start: $(mb "$start_rss") MB; sending $REQUESTS requests"
    write_requests "$port"
    started="$(date +%s%N)"
    curl -sS --no-progress-meter --parallel --parallel-immediate --parallel-max "$CONNECTIONS" -K "$SCRATCH/requests.curl" \
        -w '%{http_code}\n' >"$SCRATCH/codes.txt"
    log "$backend: $(wc -l <"$SCRATCH/codes.txt") answers in $((($(date +%s%N) - started) / 1000000)) ms: $(sort "$SCRATCH/codes.txt" | uniq -c | tr -s ' \n' ' ')"
    sent="$(grep -c '^2' "$SCRATCH/codes.txt" || true)"
    sleep 1
    after_rss="$(rss_kb "$GOWEST_PID" VmRSS)"
    peak="$(rss_kb "$GOWEST_PID" VmHWM)"
    printf '%s\t%s\t%s\t%s\t%s\n' "$backend" "$start_rss" "$after_rss" "$peak" "$sent" >>"$RESULTS_TSV"
    stop_gowest
    if [ "$backend" = postgres ]; then pg_stop; fi
done

summary() {
    echo "### Server memory: gowest serve --demo, fresh data directory"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) CPUs · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo
    echo "| backend | VmRSS after start MB | 2xx answers | VmRSS after MB | VmHWM (peak) MB | ≤ 100 MB |"
    echo "|---|---:|---:|---:|---:|---|"
    while IFS=$'\t' read -r backend start after peak sent; do
        printf '| %s | %s | %s | %s | %s | %s |\n' "$backend" "$(mb "$start")" "$sent" "$(mb "$after")" \
            "$(mb "$peak")" "$([ "$peak" -le 102400 ] && echo yes || echo no)"
    done <"$RESULTS_TSV"
}
echo
summary | tee "${RESULTS:-/dev/null}"
