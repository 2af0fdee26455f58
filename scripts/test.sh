#!/usr/bin/env bash
# The test command of gowest: ./scripts/test.sh [extra arguments for the test runner, e.g. a filter]
#
# 1. Installs what the tests need from Debian when it is missing (PostgreSQL server; for browser
#    tests, once e2e/ exists, Chromium). Nothing is installed when it is already there.
# 2. Starts a private, throw-away PostgreSQL cluster on 127.0.0.1 (port 55432, or the next free
#    one) and exports GOWEST_TEST_POSTGRES_URL for the tests. It is stopped and deleted on exit.
# 3. Runs: cargo fmt --check, cargo clippy -D warnings, `cargo check -p gowest-web` alone (it
#    must build without the app's operator feature), the test suite (cargo nextest, or
#    cargo test when cargo-nextest is absent), then the browser tests when e2e/package.json exists,
#    then the API fuzzer (scripts/api-fuzz.sh: schemathesis from PyPI in target/fuzz-venv against
#    a demo server, anonymously and with four accounts' tokens; docs/security.md). About 4 min;
#    GOWEST_API_FUZZ=0 skips it outside CI.
# 4. Prints a summary; exits non-zero when any step failed.
#
# Environment:
#   CI=true                    PostgreSQL is required: a cluster that cannot start fails the run.
#   GOWEST_TEST_POSTGRES_URL   if already set, that server is used and no cluster is started.
#   GOWEST_TEST_PG_PORT        first port to try for the private cluster (default 55432).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ -d "${HOME:-/root}/.cargo/bin" ]]; then
    export PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi

CI=${CI:-false}
case "${CI,,}" in true | 1 | yes) CI_STRICT=1 ;; *) CI_STRICT=0 ;; esac
# shellcheck source=scripts/pg-test-cluster.sh
source "$ROOT/scripts/pg-test-cluster.sh"

declare -a SUMMARY=()
FAILED=0
PG_NOTE=""

say() {
    if [[ -t 1 ]]; then
        printf '\n\033[1m==> %s\033[0m\n' "$*"
    else
        printf '\n==> %s\n' "$*"
    fi
}

# step NAME COMMAND...: run a step, record PASS/FAIL and its duration, keep going on failure.
step() {
    local name=$1 start status=0
    shift
    say "$name: $*"
    start=$SECONDS
    "$@" || status=$?
    if ((status == 0)); then
        SUMMARY+=("PASS  $name ($((SECONDS - start))s)")
    else
        SUMMARY+=("FAIL  $name ($((SECONDS - start))s, exit $status)")
        FAILED=1
    fi
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local status=$?
    pg_cluster_stop
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setup_postgres() {
    if [[ -n "${GOWEST_TEST_POSTGRES_URL:-}" ]]; then
        PG_NOTE="external server from GOWEST_TEST_POSTGRES_URL"
        say "PostgreSQL: using GOWEST_TEST_POSTGRES_URL=$GOWEST_TEST_POSTGRES_URL"
        if ! psql "$GOWEST_TEST_POSTGRES_URL" -XAtqc 'select 1' >/dev/null; then
            echo "PostgreSQL at GOWEST_TEST_POSTGRES_URL does not answer." >&2
            exit 1
        fi
        return 0
    fi
    say "PostgreSQL: starting a private cluster"
    if pg_cluster_start; then
        PG_NOTE="private cluster on 127.0.0.1:$PG_CLUSTER_PORT"
        echo "GOWEST_TEST_POSTGRES_URL=$GOWEST_TEST_POSTGRES_URL"
        return 0
    fi
    if ((CI_STRICT)); then
        echo "PostgreSQL could not be started and CI=true: the PostgreSQL tests must not be skipped." >&2
        exit 1
    fi
    PG_NOTE="NOT AVAILABLE: PostgreSQL tests skipped (would fail under CI=true)"
    echo "WARNING: PostgreSQL could not be started; tests run on SQLite only." >&2
}

run_rust_tests() {
    if cargo nextest --version >/dev/null 2>&1; then
        step "tests (nextest)" cargo nextest run --workspace --no-fail-fast "$@"
    else
        echo "cargo-nextest not found; using cargo test" >&2
        step "tests (cargo test)" cargo test --workspace --no-fail-fast "$@"
    fi
}

# Browser tests (Playwright driving Debian's Chromium).
run_browser_tests() {
    if [[ ! -f "$ROOT/e2e/package.json" ]]; then
        SUMMARY+=("FAIL  browser tests: e2e/package.json is missing")
        FAILED=1
        return 0
    fi
    # Not `fc-list | grep -q`: under pipefail, grep quitting early can fail the pipeline.
    if [[ ! -x /usr/bin/chromium ]] || ! grep -qi "noto.*cjk" < <(fc-list 2>/dev/null); then
        say "browser tests: installing chromium and fonts-noto-cjk from Debian"
        if ! apt_quiet install -y --no-install-recommends chromium fonts-noto-cjk; then
            SUMMARY+=("FAIL  browser tests: cannot install chromium")
            FAILED=1
            return 0
        fi
    fi
    if ! command -v npm >/dev/null 2>&1; then
        SUMMARY+=("FAIL  browser tests: npm (Node.js >= 20) not found")
        FAILED=1
        return 0
    fi
    export GOWEST_E2E_CHROMIUM=/usr/bin/chromium
    export NPM_CONFIG_UPDATE_NOTIFIER=false
    # The tests start target/debug/gowest: build it now, so they never run a stale binary.
    export GOWEST_BIN="$ROOT/target/debug/gowest"
    step "browser tests: build gowest" cargo build -p gowest
    if [[ ${SUMMARY[-1]} != PASS* ]]; then
        return 0
    fi
    step "browser tests: npm ci" npm ci --prefix "$ROOT/e2e" --no-audit --no-fund
    if [[ ${SUMMARY[-1]} == PASS* ]]; then
        step "browser tests" npm test --prefix "$ROOT/e2e"
    fi
}

# Property-based fuzzing of the JSON API against its OpenAPI document (docs/security.md).
run_api_fuzz() {
    # Part of every run; GOWEST_API_FUZZ=0 skips it on a developer's machine, never in CI.
    if [[ ${GOWEST_API_FUZZ:-1} == 0 ]] && ((!CI_STRICT)); then
        echo "API fuzzer skipped (GOWEST_API_FUZZ=0)"
        SUMMARY+=("SKIP  api fuzz (GOWEST_API_FUZZ=0)")
        return 0
    fi
    step "api fuzz: build gowest" cargo build -p gowest
    if [[ ${SUMMARY[-1]} == PASS* ]]; then
        step "api fuzz (schemathesis)" env GOWEST_BIN="$ROOT/target/debug/gowest" "$ROOT/scripts/api-fuzz.sh"
    fi
}

print_summary() {
    say "Summary"
    local line
    for line in "${SUMMARY[@]}"; do
        echo "  $line"
    done
    echo "  PostgreSQL: $PG_NOTE"
    if ((FAILED)); then
        echo "RESULT: FAILED"
    else
        echo "RESULT: OK"
    fi
}

setup_postgres
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy -D warnings" cargo clippy --workspace --all-targets -- -D warnings
# Alone, the web crate builds without the app's `operator` feature: no page or API can name the
# operator's handle or a demo seeder (docs/decisions/0023-one-write-path-and-the-event-log.md).
step "web without the operator's console" cargo check -p gowest-web
run_rust_tests "$@"
run_browser_tests
run_api_fuzz
print_summary
exit "$FAILED"
