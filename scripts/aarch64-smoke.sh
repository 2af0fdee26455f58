#!/usr/bin/env bash
# Cross-compiles the release binary for aarch64 (信创 servers: Kunpeng, Phytium) and smoke-tests
# it under Debian's qemu-user-static: `serve --demo`, /readyz, pages and API answers, then
# `audit verify` on the database the demo wrote.
#
#   scripts/aarch64-smoke.sh            # build (when stale) and test
#   GOWEST_AARCH64_SKIP_BUILD=1 …       # test the binary already built
#
# Installs what it needs when missing: the Rust target (rustup), Debian's gcc-aarch64-linux-gnu
# (linker and C compiler for the bundled SQLite, zstd and mimalloc) and qemu-user-static.
# The binary is target/aarch64-unknown-linux-gnu/release/gowest.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TARGET=aarch64-unknown-linux-gnu
BIN="$ROOT/target/$TARGET/release/gowest"
SYSROOT=/usr/aarch64-linux-gnu

say() { printf '\n==> %s\n' "$*"; }

install_missing() {
    local missing=()
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
    command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
    if ((${#missing[@]})); then
        say "installing ${missing[*]} from Debian"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! rustup target list --installed | grep -qx "$TARGET"; then
        say "adding the Rust target $TARGET"
        rustup target add "$TARGET"
    fi
}

build() {
    say "cargo build --release --target $TARGET -p gowest"
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
    export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
    export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
    cargo build --release --locked --target "$TARGET" -p gowest
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# expect URL STATUS [TEXT]: the answer has that status and, when given, contains TEXT.
expect() {
    local url=$1 status=$2 text=${3:-} body got
    body=$(mktemp)
    got=$(curl -s -o "$body" -w '%{http_code}' "$url")
    if [[ $got != "$status" ]]; then
        echo "FAIL $url: HTTP $got, expected $status" >&2
        head -c 500 "$body" >&2
        rm -f "$body"
        return 1
    fi
    if [[ -n $text ]] && ! grep -q -- "$text" "$body"; then
        echo "FAIL $url: the answer lacks '$text'" >&2
        rm -f "$body"
        return 1
    fi
    rm -f "$body"
    echo "ok   $url ($got)"
}

smoke() {
    local run=(qemu-aarch64-static -L "$SYSROOT" "$BIN")
    "${run[@]}" --version
    local dir port log pid
    dir=$(mktemp -d)
    port=$(free_port)
    log="$dir/server.log"
    say "serve --demo on 127.0.0.1:$port (emulated)"
    "${run[@]}" serve --demo --bind "127.0.0.1:$port" --data-dir "$dir/data" >"$log" 2>&1 &
    pid=$!
    # shellcheck disable=SC2064  # expand now: the trap must know this run's pid and directory
    trap "kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf '$dir'" EXIT
    local waited=0
    until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "FAIL: the server exited during start" >&2
            tail -n 40 "$log" >&2
            return 1
        fi
        ((waited += 1))
        if ((waited > 600)); then
            echo "FAIL: not ready after 600 s" >&2
            tail -n 40 "$log" >&2
            return 1
        fi
        sleep 1
    done
    echo "ready after ${waited} s"
    local base="http://127.0.0.1:$port"
    expect "$base/readyz" 200
    expect "$base/" 200 "万商西进"
    expect "$base/zones" 200 "成都经济技术开发区"
    expect "$base/prices" 200
    expect "$base/api/v1/zones?region=west" 200 '"name_zh"'
    expect "$base/api/v1/provinces" 200 '"510000"'
    expect "$base/api/openapi.json" 200 '"openapi"'
    expect "$base/api/v1/zones/999999" 404
    expect "$base/login" 200
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    say "audit verify on the demo database"
    "${run[@]}" audit verify --demo --data-dir "$dir/data"
}

install_missing
if [[ -z ${GOWEST_AARCH64_SKIP_BUILD:-} ]]; then
    build
fi
smoke
say "aarch64 smoke test passed"
