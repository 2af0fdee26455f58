#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests.
#
# Two ways to use it:
#
#   1. Sourced (as scripts/test.sh does):
#        source scripts/pg-test-cluster.sh
#        pg_cluster_start            # sets GOWEST_TEST_POSTGRES_URL, PG_CLUSTER_DIR, PG_CLUSTER_PORT
#        trap pg_cluster_stop EXIT   # stops the server and deletes its directory
#
#   2. Run directly: start a cluster, run a command with GOWEST_TEST_POSTGRES_URL (and PGHOST,
#      PGPORT, PGUSER, PGDATABASE) set, then stop the cluster and delete it (default: psql).
#        scripts/pg-test-cluster.sh cargo nextest run -p gowest-store
#        scripts/pg-test-cluster.sh            # interactive psql
#
# The cluster: initdb as the `postgres` OS user (when run as root) into /tmp/gowest-pg-XXXXXX,
# trust authentication for local sockets and 127.0.0.1 only, listening on 127.0.0.1 on the first
# free port from GOWEST_TEST_PG_PORT (default 55432), fsync off. Nothing outside that directory
# is touched, apart from installing Debian's PostgreSQL server when its binaries are missing.
#
# Environment:
#   GOWEST_TEST_PG_PORT   first port to try (default 55432; the next 50 are tried if busy)
#   PG_BINDIR             directory with initdb/pg_ctl/postgres (default: newest of
#                         /usr/lib/postgresql/*/bin, preferring 15)

# runuser and useradd live in sbin, which a CI job's PATH may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

# Directory with the server binaries, or empty.
pg_find_bindir() {
    if [[ -n "${PG_BINDIR:-}" && -x "${PG_BINDIR}/initdb" ]]; then
        echo "$PG_BINDIR"
        return 0
    fi
    if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
        echo /usr/lib/postgresql/15/bin
        return 0
    fi
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [[ -x "$dir/initdb" ]]; then
        echo "$dir"
        return 0
    fi
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# Run a command as root: directly when we are root, through `sudo -n` otherwise.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        echo "pg-test-cluster: need root to run: $*" >&2
        return 1
    fi
}

# apt-get update (once per run) and apt-get ARGS, as root, quietly; the output is shown only
# when apt fails.
apt_quiet() {
    local log status=0
    log=$(mktemp /tmp/gowest-apt-XXXXXX.log)
    if [[ -z "${GOWEST_APT_UPDATED:-}" ]]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 || status=$?
        GOWEST_APT_UPDATED=1
    fi
    if ((status == 0)); then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -q "$@" >>"$log" 2>&1 || status=$?
    fi
    if ((status != 0)); then
        echo "apt-get $* failed:" >&2
        cat "$log" >&2
    fi
    rm -f "$log"
    return "$status"
}

# Install Debian's PostgreSQL server when its binaries are missing. Quiet and idempotent:
# apt is not touched at all when the binaries are already there.
pg_ensure_installed() {
    if pg_find_bindir >/dev/null; then
        return 0
    fi
    echo "pg-test-cluster: PostgreSQL server binaries missing; installing postgresql from Debian" >&2
    apt_quiet install -y --no-install-recommends postgresql || return 1
    pg_find_bindir >/dev/null
}

# Exit status 0 when something listens on 127.0.0.1:$1.
_pg_port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Run a server binary as the cluster's owner, from a directory that owner can read.
_pg_run() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd "$PG_CLUSTER_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_CLUSTER_DIR" && "$@")
    fi
}

# Start the cluster. On success sets and exports PG_CLUSTER_DIR, PG_CLUSTER_PORT,
# GOWEST_TEST_POSTGRES_URL. On failure cleans up after itself and returns non-zero.
pg_cluster_start() {
    local bindir
    pg_ensure_installed || { echo "pg-test-cluster: cannot install PostgreSQL" >&2; return 1; }
    bindir=$(pg_find_bindir) || return 1

    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "pg-test-cluster: OS user 'postgres' missing; creating it" >&2
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1
    fi

    PG_CLUSTER_DIR=$(mktemp -d /tmp/gowest-pg-XXXXXX) || return 1
    export PG_CLUSTER_DIR
    chmod 700 "$PG_CLUSTER_DIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$PG_CLUSTER_DIR"
    fi

    if ! _pg_run "$bindir/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
        echo "pg-test-cluster: initdb failed:" >&2
        cat "$PG_CLUSTER_DIR/initdb.log" >&2
        pg_cluster_stop
        return 1
    fi
    # Trust on the private socket and on 127.0.0.1 only; nothing else may connect.
    cat >"$PG_CLUSTER_DIR/data/pg_hba.conf" <<'EOF'
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
EOF

    local port=${GOWEST_TEST_PG_PORT:-55432} last
    last=$((port + 50))
    while ((port <= last)); do
        if _pg_port_busy "$port"; then
            port=$((port + 1))
            continue
        fi
        if _pg_run "$bindir/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" \
            -w -t 60 -s start \
            -o "-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            >/dev/null 2>&1; then
            break
        fi
        # Lost a race for the port (or another failure): look at the log, retry on the next port.
        if grep -q "could not bind\|could not create any TCP/IP sockets\|Address already in use" \
            "$PG_CLUSTER_DIR/server.log" 2>/dev/null; then
            : >"$PG_CLUSTER_DIR/server.log"
            port=$((port + 1))
            continue
        fi
        echo "pg-test-cluster: server did not start:" >&2
        cat "$PG_CLUSTER_DIR/server.log" >&2 2>/dev/null || true
        pg_cluster_stop
        return 1
    done
    if ((port > last)); then
        echo "pg-test-cluster: no free port in ${GOWEST_TEST_PG_PORT:-55432}..$last" >&2
        pg_cluster_stop
        return 1
    fi

    PG_CLUSTER_PORT=$port
    export PG_CLUSTER_PORT
    export GOWEST_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${port}/postgres"

    # Prove it answers over TCP, as the tests will connect.
    if ! "$bindir/psql" "$GOWEST_TEST_POSTGRES_URL" -XAtqc 'select 1' >/dev/null 2>&1; then
        echo "pg-test-cluster: server started but does not answer on $GOWEST_TEST_POSTGRES_URL" >&2
        cat "$PG_CLUSTER_DIR/server.log" >&2 2>/dev/null || true
        pg_cluster_stop
        return 1
    fi
    return 0
}

# Stop the server (if running) and delete the cluster directory. Safe to call more than once.
pg_cluster_stop() {
    local dir=${PG_CLUSTER_DIR:-}
    [[ -n "$dir" && -d "$dir" ]] || return 0
    local bindir
    bindir=$(pg_find_bindir 2>/dev/null) || bindir=""
    if [[ -f "$dir/data/postmaster.pid" && -n "$bindir" ]]; then
        _pg_run "$bindir/pg_ctl" -D "$dir/data" -s -m fast -w -t 20 stop >/dev/null 2>&1 ||
            _pg_run "$bindir/pg_ctl" -D "$dir/data" -s -m immediate -w -t 20 stop >/dev/null 2>&1 ||
            true
    fi
    # Last resort: a postmaster that ignored pg_ctl.
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        local pid
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        if [[ "$pid" =~ ^[0-9]+$ ]]; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf -- "$dir"
    PG_CLUSTER_DIR=""
    return 0
}

# Run directly: start, run the command (default: psql), stop and delete.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    trap pg_cluster_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    pg_cluster_start
    echo "pg-test-cluster: GOWEST_TEST_POSTGRES_URL=$GOWEST_TEST_POSTGRES_URL (dir $PG_CLUSTER_DIR)" >&2
    # libpq defaults too, so a plain `psql`, `createdb` or `pg_dump` reaches the cluster.
    export PGHOST=127.0.0.1 PGPORT="$PG_CLUSTER_PORT" PGUSER=postgres PGDATABASE=postgres
    if [[ $# -eq 0 ]]; then
        set -- psql
    fi
    status=0
    "$@" || status=$?
    exit "$status"
fi
