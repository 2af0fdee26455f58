#!/usr/bin/env bash
# Property-based fuzzing of the JSON API against its own OpenAPI document (schemathesis).
#
# Starts `gowest serve --demo` on a free loopback port with a throw-away data directory, makes
# an API token for a few demo accounts (`gowest token create`), then runs schemathesis against
# /api/openapi.json anonymously and once with each token. A run fails on any 5xx answer and on
# any answer whose status or body the document does not describe. Exits non-zero on a failure.
#
#   ./scripts/api-fuzz.sh            # builds nothing: run `cargo build -p gowest` first
#
# Environment:
#   GOWEST_BIN               the binary (default target/debug/gowest)
#   GOWEST_FUZZ_VENV         the Python venv holding schemathesis (default target/fuzz-venv;
#                            created, and schemathesis installed from PyPI, when missing)
#   GOWEST_FUZZ_SECONDS      time budget of each of the five runs (default 45)
#   GOWEST_FUZZ_EXAMPLES     examples per operation and phase (default 8)
#   GOWEST_FUZZ_SEED         schemathesis seed, to replay a run (default: random)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${GOWEST_BIN:-$ROOT/target/debug/gowest}
VENV=${GOWEST_FUZZ_VENV:-$ROOT/target/fuzz-venv}
SECONDS_EACH=${GOWEST_FUZZ_SECONDS:-45}
EXAMPLES=${GOWEST_FUZZ_EXAMPLES:-8}
# Pinned to the major version whose CLI this script speaks.
SCHEMATHESIS='schemathesis>=4.32,<5'

[[ -x $BIN ]] || { echo "api-fuzz: $BIN is missing; run cargo build -p gowest" >&2; exit 1; }

if [[ ! -x $VENV/bin/st ]]; then
    echo "api-fuzz: installing schemathesis into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "$SCHEMATHESIS"
fi

DATA=$(mktemp -d)
SERVER_PID=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
gowest() { "$BIN" --data-dir "$DATA" --demo "$@"; }

gowest serve --bind "127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
    curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA/server.log" >&2; exit 1; }
    sleep 0.5
done
curl -fsS "$BASE/readyz" >/dev/null || { echo "api-fuzz: the server never became ready" >&2; exit 1; }
# Zone, province, ministry and enterprise accounts: each sees a different part of the API. The
# operator's `token create` asks for neither password nor second factor (which provinces and
# the ministry need at sign-in).
declare -a RUNS=("anonymous:")
for user in chengdu.admin sichuan.staff ministry.admin enterprise.demo; do
    token=$(gowest token create "$user" --name fuzz)
    RUNS+=("$user:$token")
done

failed=0
for run in "${RUNS[@]}"; do
    who=${run%%:*}
    token=${run#*:}
    args=(run "$BASE/api/openapi.json"
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
        --max-examples "$EXAMPLES" --max-time "$SECONDS_EACH"
        --phases examples,coverage,fuzzing
        --request-timeout 20 --no-color --warnings off
        --report junit --report-dir "$ROOT/target/api-fuzz/$who")
    [[ -n ${GOWEST_FUZZ_SEED:-} ]] && args+=(--seed "$GOWEST_FUZZ_SEED")
    [[ -n $token ]] && args+=(--header "Authorization: Bearer $token")
    echo "==> api-fuzz: $who"
    if ! "$VENV/bin/st" "${args[@]}"; then
        failed=1
        echo "api-fuzz: FAILED as $who (report: target/api-fuzz/$who)" >&2
    fi
done
if ((failed)); then
    echo "api-fuzz: server log: $DATA/server.log (tail below)" >&2
    tail -n 40 "$DATA/server.log" >&2
fi
exit "$failed"
