# shellcheck shell=bash
# Shared helpers for the gowest benchmarks; sourced by bench/*.sh, not run on its own.
#
# Environment (all optional):
#   GOWEST_BIN   use this gowest binary instead of building target/release/gowest
#   BENCH_TMP    parent directory for scratch files (default: $TMPDIR or /tmp)

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# need_pkg COMMAND DEBIAN_PACKAGE: installs the package with apt when the command is missing.
_APT_UPDATED=0
need_pkg() {
    local cmd="$1" pkg="$2"
    if command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ]; then return 0; fi
    command -v apt-get >/dev/null 2>&1 || die "$cmd is missing and apt-get is not available; install $pkg"
    log "installing $pkg (for $cmd)"
    if [ "$_APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        _APT_UPDATED=1
    fi
    # A temporary policy-rc.d keeps the packages' maintainer scripts from starting system
    # services (nginx on :80, a PostgreSQL cluster on :5432) that would compete for the CPUs.
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        made_policy=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
    if [ "$made_policy" -eq 1 ]; then as_root rm -f "$policy"; fi
}

# The gowest release binary: $GOWEST_BIN, or `cargo build --release -p gowest`.
gowest_bin() {
    if [ -n "${GOWEST_BIN:-}" ]; then
        [ -x "$GOWEST_BIN" ] || die "GOWEST_BIN=$GOWEST_BIN is not executable"
        echo "$GOWEST_BIN"
        return
    fi
    command -v cargo >/dev/null 2>&1 || die "cargo not found; install Rust (https://rustup.rs) or set GOWEST_BIN"
    log "building gowest (release); a cold build takes ~10 min on 2 cores"
    (cd "$REPO_DIR" && cargo build --release -p gowest >&2)
    local target="${CARGO_TARGET_DIR:-$REPO_DIR/target}"
    echo "$target/release/gowest"
}

# A scratch directory removed by cleanup(); readable by the postgres user.
make_scratch() {
    SCRATCH="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/gowest-bench.XXXXXX")"
    chmod 755 "$SCRATCH"
    export SCRATCH
    # gowest refuses an audit key inside its data directory (except with --demo) and will not
    # make one elsewhere: every run gets its own, outside the data directories.
    if [ -z "${GOWEST_AUDIT_KEY_FILE:-}" ]; then
        GOWEST_AUDIT_KEY_FILE="$SCRATCH/audit.key"
        od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$GOWEST_AUDIT_KEY_FILE"
        chmod 600 "$GOWEST_AUDIT_KEY_FILE"
        export GOWEST_AUDIT_KEY_FILE
    fi
}

# A TCP port on 127.0.0.1 that nothing listens on, starting the search at $1.
free_port() {
    local port="$1"
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# wait_http URL [SECONDS]: waits until URL answers 2xx.
wait_http() {
    local url="$1" limit="${2:-120}" i
    for ((i = 0; i < limit * 10; i++)); do
        if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$url did not become ready within ${limit}s"
}

# wait_port PORT [SECONDS]: waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
    local port="$1" limit="${2:-60}" i
    for ((i = 0; i < limit * 10; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "nothing listens on 127.0.0.1:$port after ${limit}s"
}

# stop_pid PID: SIGTERM, then SIGKILL after 10 s; only the given process.
stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU accounting, in clock ticks (USER_HZ, normally 100 a second).
# machine_ticks: "busy steal" summed over all CPUs since boot.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat; }
# proc_ticks PID...: user+system ticks of these processes (all their threads).
proc_ticks() {
    local total=0 pid t
    for pid in "$@"; do
        t="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)" || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}
# children_ticks FILE: user+system ticks of this shell's waited-for children (bash `times`,
# which must run in this shell, not in a pipe or $(...)), written to FILE.
children_ticks() {
    times >"$1.times"
    tail -n1 "$1.times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/);
        printf "%d\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 100 }' >"$1"
}
# wait_quiet: waits (up to QUIET_MAX seconds, default 180; 0 disables) until the machine is
# nearly idle — under QUIET_CORES (default 0.3) CPU cores busy over 2 s — so that builds or
# tests someone else runs do not land in a measurement. Says so when it gives up.
wait_quiet() {
    local max="${QUIET_MAX:-180}" limit="${QUIET_CORES:-0.3}" waited=0 a b busy
    [ "$max" -gt 0 ] || return 0
    while :; do
        a="$(machine_ticks)"; sleep 2; b="$(machine_ticks)"
        busy="$(awk -v a="${a%% *}" -v b="${b%% *}" 'BEGIN { printf "%.2f", (b - a) / 100 / 2 }')"
        if awk -v x="$busy" -v l="$limit" 'BEGIN { exit !(x < l) }'; then return 0; fi
        waited=$((waited + 2))
        if [ "$waited" -ge "$max" ]; then
            log "machine still busy ($busy cores) after ${max}s; measuring anyway"
            return 0
        fi
        if [ $((waited % 20)) -eq 2 ]; then log "waiting for a quiet machine ($busy cores busy)"; fi
    done
}

# pinned CPUS: the command prefix that pins a program to CPUS (a taskset list), or nothing.
# Used as "${PREFIX[@]}" program … so that $! is the program itself (taskset execs it).
pinned() {
    if [ -n "$1" ]; then echo "taskset -c $1"; fi
}

# ---------------------------------------------------------------- PostgreSQL

# Starts a throw-away PostgreSQL cluster under $SCRATCH/pg on a free loopback port
# (default from 55433) with fsync off; sets PG_URL. pg_stop removes it.
PG_BIN=""
PG_DATA=""
PG_PORT=""
PG_URL=""
pg_as() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_start() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        need_pkg /usr/lib/postgresql/15/bin/initdb postgresql
    fi
    PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")"
    PG_PORT="$(free_port "${PG_PORT_BASE:-55433}")"
    PG_DATA="$SCRATCH/pg/data"
    mkdir -p "$SCRATCH/pg"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$SCRATCH/pg"; fi
    log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
    pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$SCRATCH/pg/log" -w -t 60 start -o \
        "-p $PG_PORT -k $SCRATCH/pg -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 \
         -c shared_buffers=128MB" >/dev/null
    pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAtc "CREATE DATABASE gowest" postgres >/dev/null
    # shellcheck disable=SC2034  # read by the scripts that source this file
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/gowest"
}
# pg_recreate_db: drops and recreates the gowest database (a fresh, empty database).
pg_recreate_db() {
    pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt postgres \
        -c "DROP DATABASE IF EXISTS gowest WITH (FORCE)" -c "CREATE DATABASE gowest" >/dev/null
}
pg_stop() {
    if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    PG_DATA=""
}

# ---------------------------------------------------------------- gowest server

# start_gowest NAME PORT ARGS...: starts `gowest serve` in the background, waits for
# /readyz; sets GOWEST_PID. Output goes to $SCRATCH/NAME.log.
GOWEST_PID=""
start_gowest() {
    local name="$1" port="$2"
    shift 2
    local prefix
    read -r -a prefix <<<"$(pinned "${SERVER_CPUS:-}")"
    "${prefix[@]}" "$BIN" serve --bind "127.0.0.1:$port" "$@" >"$SCRATCH/$name.log" 2>&1 &
    GOWEST_PID=$!
    local i
    for ((i = 0; i < 1200; i++)); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then return 0; fi
        kill -0 "$GOWEST_PID" 2>/dev/null || { cat "$SCRATCH/$name.log" >&2; die "gowest ($name) exited during start"; }
        sleep 0.1
    done
    die "gowest ($name) not ready after 120 s; see $SCRATCH/$name.log"
}
stop_gowest() {
    if [ -n "$GOWEST_PID" ]; then stop_pid "$GOWEST_PID"; fi
    GOWEST_PID=""
}
