#!/usr/bin/env bash
# Zone list over HTTP: gowest (release, --demo) on SQLite and on PostgreSQL, against nginx
# serving the very same response bytes as a static file, under the same wrk load.
#
#   bench/zones_http.sh
#
# Environment (all optional):
#   DURATION=15s CONNECTIONS=64 THREADS=2 WARMUP=3s
#   BACKENDS="sqlite postgres"
#   QUERIES="/api/v1/zones?region=west&industry=C&per_page=50 /api/v1/zones?province=510000"
#   SERVER_CPUS=0 CLIENT_CPUS=1   pin the servers and wrk to CPUs (taskset lists); default unpinned
#   QUIET_MAX=180 QUIET_CORES=0.3  before each run, wait up to QUIET_MAX s for the machine to idle
#   OTHER_MAX=0.25 RETRIES=2  re-measure when other work took more than OTHER_MAX cores
#   UNCACHED=1                also load queries with per_page= through bench/vary_page.lua
#                             (row "gowest-uncached": no two requests alike, no page-cache hits)
#   GOWEST_BIN=path          skip the cargo build
#   RESULTS=path             also write the summary (Markdown) there
#
# Installs wrk, nginx-light, curl and postgresql with apt when missing. Everything runs on
# 127.0.0.1; the PostgreSQL cluster, nginx and gowest are started in a scratch directory
# and removed at exit.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-3s}"
BACKENDS="${BACKENDS:-sqlite postgres}"
QUERIES="${QUERIES:-/api/v1/zones?region=west&industry=C&per_page=50 /api/v1/zones?province=510000}"

need_pkg curl curl
need_pkg wrk wrk
need_pkg nginx nginx-light
need_pkg taskset util-linux

BIN="$(gowest_bin)"
make_scratch
NGINX_PID=""
cleanup() {
    stop_gowest
    if [ -n "$NGINX_PID" ]; then stop_pid "$NGINX_PID"; fi
    pg_stop
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- nginx

NGINX_PORT="$(free_port 18090)"
mkdir -p "$SCRATCH/static" "$SCRATCH/nginx"
cat >"$SCRATCH/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $SCRATCH/nginx/nginx.pid;
error_log $SCRATCH/nginx/error.log warn;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    open_file_cache max=100 inactive=60s;
    client_body_temp_path $SCRATCH/nginx/body;
    proxy_temp_path $SCRATCH/nginx/proxy;
    fastcgi_temp_path $SCRATCH/nginx/fastcgi;
    uwsgi_temp_path $SCRATCH/nginx/uwsgi;
    scgi_temp_path $SCRATCH/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $SCRATCH/static;
        default_type application/json;
        location / { }
    }
}
EOF
read -r -a SERVER_PREFIX <<<"$(pinned "${SERVER_CPUS:-}")"
read -r -a CLIENT_PREFIX <<<"$(pinned "${CLIENT_CPUS:-}")"
"${SERVER_PREFIX[@]}" nginx -e "$SCRATCH/nginx/error.log" -p "$SCRATCH/nginx" -c "$SCRATCH/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
wait_port "$NGINX_PORT" 10

# ---------------------------------------------------------------- load

RESULTS_TSV="$SCRATCH/results.tsv"
: >"$RESULTS_TSV"

# measure URL SERVER_PID...: a warm-up, then the measured run; sets OUT (wrk's output),
# LOAD (load average before) and CPU ("server wrk other steal": cores busy during the run with
# the server's processes, wrk, everything else on the machine, and hypervisor steal).
measure() {
    local url="$1"
    shift
    local pids=("$@") m0 m1 s0 s1 c0 c1 t0 t1
    wait_quiet
    "${CLIENT_PREFIX[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH_DIR/${WRK_SCRIPT:-latency.lua}" "$url" >/dev/null
    LOAD="$(load_avg)"
    m0="$(machine_ticks)"; s0="$(proc_ticks "${pids[@]}")"; children_ticks "$SCRATCH/c0"; t0="$(date +%s%N)"
    "${CLIENT_PREFIX[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH_DIR/${WRK_SCRIPT:-latency.lua}" "$url" >"$SCRATCH/wrk.out"
    m1="$(machine_ticks)"; s1="$(proc_ticks "${pids[@]}")"; children_ticks "$SCRATCH/c1"; t1="$(date +%s%N)"
    OUT="$(cat "$SCRATCH/wrk.out")"
    c0="$(cat "$SCRATCH/c0")"; c1="$(cat "$SCRATCH/c1")"
    CPU="$(awk -v m0="$m0" -v m1="$m1" -v s="$((s1 - s0))" -v c="$((c1 - c0))" -v ns="$((t1 - t0))" 'BEGIN {
        split(m0, a, " "); split(m1, b, " "); sec = ns / 1e9; hz = 100
        busy = (b[1] - a[1]) / hz / sec; steal = (b[2] - a[2]) / hz / sec
        srv = s / hz / sec; wrk = c / hz / sec; other = busy - srv - wrk; if (other < 0) other = 0
        printf "%.2f %.2f %.2f %.2f", srv, wrk, other, steal }')"
}

# run_wrk BACKEND QUERY SERVER URL SERVER_PID...: measures; when something else on the machine
# took more than OTHER_MAX cores during the run, measures again (up to RETRIES more times)
# and keeps the least disturbed run. Appends a row to $RESULTS_TSV.
run_wrk() {
    local backend="$1" query="$2" server="$3" url="$4"
    shift 4
    local attempt best_other="" best_out best_load best_cpu other
    for ((attempt = 0; attempt <= ${RETRIES:-2}; attempt++)); do
        log "$backend  $server  $url$( [ "$attempt" -gt 0 ] && echo " (attempt $((attempt + 1)))")"
        measure "$url" "$@"
        other="$(echo "$CPU" | cut -d' ' -f3)"
        log "    load before: $LOAD; CPU cores busy server/wrk/other/steal: ${CPU// //}"
        if [ -z "$best_other" ] || awk -v o="$other" -v b="$best_other" 'BEGIN { exit !(o < b) }'; then
            best_other="$other"; best_out="$OUT"; best_load="$LOAD"; best_cpu="$CPU"
        fi
        if awk -v o="$other" -v m="${OTHER_MAX:-0.25}" 'BEGIN { exit !(o <= m) }'; then break; fi
        log "    disturbed: $other cores busy with other work"
    done
    printf '%s\n' "$best_out" | sed 's/^/    /' >&2
    local line rps p50_ms p90_ms p99_ms max_ms errors
    line="$(printf '%s\n' "$best_out" | grep '^RESULT ')" || die "wrk printed no RESULT line"
    eval "$(printf '%s' "${line#RESULT }" | tr ' ' '\n' | grep -E '^(rps|p50_ms|p90_ms|p99_ms|max_ms|errors)=')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$query" "$server" \
        "$rps" "$p50_ms" "$p90_ms" "$p99_ms" "$max_ms" "$errors" "${best_load%% *}" "${best_cpu// /$'\t'}" >>"$RESULTS_TSV"
}

declare -A BYTES TOTALS
port_base=18081
for backend in $BACKENDS; do
    port="$(free_port "$port_base")"
    port_base=$((port + 1))
    # gowest keeps files (audit.key) in --data-dir on PostgreSQL too; before 55cc943 it did not
    # create the directory itself. Harmless now; kept so older binaries can be measured.
    mkdir -p "$SCRATCH/data-$backend"
    case "$backend" in
        sqlite)
            start_gowest "$backend" "$port" --data-dir "$SCRATCH/data-$backend" --demo
            ;;
        postgres)
            pg_start
            start_gowest "$backend" "$port" --data-dir "$SCRATCH/data-$backend" --demo --database-url "$PG_URL"
            ;;
        *) die "unknown backend $backend (sqlite or postgres)" ;;
    esac
    log "gowest ($backend) ready on port $port, pid $GOWEST_PID; nginx on $NGINX_PORT"
    i=0
    for query in $QUERIES; do
        i=$((i + 1))
        file="$backend-$i.json"
        curl -fsS -o "$SCRATCH/static/$file" "http://127.0.0.1:$port$query"
        chmod 644 "$SCRATCH/static/$file"
        curl -fsS -o "$SCRATCH/static/$file.check" "http://127.0.0.1:$NGINX_PORT/$file"
        cmp -s "$SCRATCH/static/$file" "$SCRATCH/static/$file.check" || die "nginx does not serve the same bytes"
        rm -f "$SCRATCH/static/$file.check"
        BYTES["$backend $query"]="$(stat -c %s "$SCRATCH/static/$file")"
        TOTALS["$backend $query"]="$(grep -o '"total":[0-9]*' "$SCRATCH/static/$file" | head -n1 | cut -d: -f2)"
        log "$query -> ${BYTES["$backend $query"]} bytes, total=${TOTALS["$backend $query"]} zones"
        run_wrk "$backend" "$query" gowest "http://127.0.0.1:$port$query" "$GOWEST_PID"
        if [ "${UNCACHED:-1}" = 1 ] && [[ "$query" == *"&per_page="* ]]; then
            # The same filter, but every request a query gowest has not rendered yet
            # (bench/vary_page.lua): the cost of a page-cache miss.
            WRK_SCRIPT=vary_page.lua run_wrk "$backend" "$query" gowest-uncached \
                "http://127.0.0.1:$port${query%%&per_page=*}" "$GOWEST_PID"
        fi
        # shellcheck disable=SC2046
        run_wrk "$backend" "$query" nginx "http://127.0.0.1:$NGINX_PORT/$file" "$NGINX_PID" $(pgrep -P "$NGINX_PID")
    done
    stop_gowest
    if [ "$backend" = postgres ]; then pg_stop; fi
done

# ---------------------------------------------------------------- summary

summary() {
    echo "### Zone list over HTTP: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) CPUs · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo
    echo "CPU columns: cores busy during the measured run (of $(nproc)): the server's processes, wrk, anything else, and steal."
    echo
    echo "| backend | query | body bytes | server | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | load 1m before | CPU server | CPU wrk | CPU other | steal |"
    echo "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r backend query server rps p50 p90 p99 max errors load srv wrk other steal; do
        printf '| %s | `%s` | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$backend" "$query" \
            "${BYTES["$backend $query"]}" "$server" "$rps" "$p50" "$p90" "$p99" "$max" "$errors" "$load" \
            "$srv" "$wrk" "$other" "$steal"
    done <"$RESULTS_TSV"
    echo
    echo "| backend | query | gowest req/s | nginx req/s | gowest/nginx | ≥10k req/s | p99 ≤ 10 ms | ratio ≥ 0.5 |"
    echo "|---|---|---:|---:|---:|---|---|---|"
    awk -F'\t' '
        $3 == "gowest" { g[$1 FS $2] = $4; p99[$1 FS $2] = $7; order[++n] = $1 FS $2 }
        $3 == "gowest-uncached" { u[$1 FS $2] = $4; up99[$1 FS $2] = $7; uorder[++m] = $1 FS $2 }
        $3 == "nginx"  { x[$1 FS $2] = $4 }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]; split(k, part, FS); r = g[k] / x[k]
                printf "| %s | `%s` | %.0f | %.0f | %.2f | %s | %s | %s |\n", part[1], part[2], g[k], x[k], r,
                    (g[k] >= 10000 ? "yes" : "no"), (p99[k] <= 10 ? "yes" : "no"), (r >= 0.5 ? "yes" : "no")
            }
            for (i = 1; i <= m; i++) {
                k = uorder[i]; split(k, part, FS); r = u[k] / x[k]
                printf "| %s | `%s` (varied, uncached) | %.0f | %.0f | %.2f | %s | %s | %s |\n", part[1], part[2], u[k], x[k], r,
                    (u[k] >= 10000 ? "yes" : "no"), (up99[k] <= 10 ? "yes" : "no"), (r >= 0.5 ? "yes" : "no")
            }
        }' "$RESULTS_TSV"
}
echo
summary | tee "${RESULTS:-/dev/null}"
