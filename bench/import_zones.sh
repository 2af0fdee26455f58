#!/usr/bin/env bash
# `gowest import zones` of generated rows (default 100,000): a fresh import into an empty
# data directory, a re-import of the same file (every row an update), the same data as
# .xlsx, and (unless BACKENDS excludes it) a fresh import into PostgreSQL.
#
#   bench/import_zones.sh
#
# Environment (all optional):
#   ROWS=100000 RUNS=3        rows generated; timed runs per case (the median is reported)
#   BACKENDS="sqlite postgres"
#   XLSX=1                    0 skips the .xlsx case (it needs openpyxl from PyPI, in a venv)
#   IMPORT_CPUS=0             pin gowest to these CPUs (a taskset list); default unpinned
#   QUIET_MAX=180 QUIET_CORES=0.3  before each run, wait up to QUIET_MAX s for the machine to idle
#   GOWEST_BIN=path           skip the cargo build
#   RESULTS=path              also write the summary (Markdown) there

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS="${ROWS:-100000}"
RUNS="${RUNS:-3}"
BACKENDS="${BACKENDS:-sqlite postgres}"
XLSX="${XLSX:-1}"

need_pkg python3 python3
need_pkg taskset util-linux
read -r -a PREFIX <<<"$(pinned "${IMPORT_CPUS:-}")"
BIN="$(gowest_bin)"
make_scratch
cleanup() {
    pg_stop
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
RESULTS_TSV="$SCRATCH/results.tsv"
: >"$RESULTS_TSV"

# timed CASE EXPECT PREPARE -- COMMAND...: runs PREPARE then COMMAND $RUNS times, checks that
# the output contains EXPECT, records the median and the fastest wall time.
timed() {
    local name="$1" expect="$2" prepare="$3"
    shift 4
    local times=() others=() run start end load m0 m1 c0 c1
    for ((run = 1; run <= RUNS; run++)); do
        eval "$prepare"
        wait_quiet
        if [ "$run" -eq 1 ]; then load="$(load_avg)"; fi
        log "$name, run $run/$RUNS (load: $(load_avg))"
        m0="$(machine_ticks)"; children_ticks "$SCRATCH/c0"; start="$(now_ns)"
        "${PREFIX[@]}" "$@" >"$SCRATCH/out.log" 2>&1 || { cat "$SCRATCH/out.log" >&2; die "$name failed"; }
        end="$(now_ns)"; children_ticks "$SCRATCH/c1"; m1="$(machine_ticks)"
        grep -q "$expect" "$SCRATCH/out.log" || { cat "$SCRATCH/out.log" >&2; die "$name: expected \"$expect\""; }
        times+=("$(((end - start) / 1000000))")
        c0="$(cat "$SCRATCH/c0")"; c1="$(cat "$SCRATCH/c1")"
        # CPU cores busy with anything but gowest during the run (PostgreSQL counts here).
        others+=("$(awk -v a="${m0%% *}" -v b="${m1%% *}" -v c="$((c1 - c0))" -v ms="${times[-1]}" \
            'BEGIN { o = (b - a - c) / 100 / (ms / 1000); printf "%.2f", (o < 0 ? 0 : o) }')")
        log "    $(tail -n1 "$SCRATCH/out.log") — ${times[-1]} ms; gowest CPU $(((c1 - c0) * 10)) ms; other cores busy ${others[-1]}"
    done
    local sorted median fastest
    sorted="$(printf '%s\n' "${times[@]}" | sort -n)"
    median="$(printf '%s\n' "$sorted" | sed -n "$(((RUNS + 1) / 2))p")"
    fastest="$(printf '%s\n' "$sorted" | head -n1)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$median" "$fastest" "$(IFS=,; echo "${times[*]}")" "${load%% *}" \
        "$(IFS=,; echo "${others[*]}")" >>"$RESULTS_TSV"
}

# ---------------------------------------------------------------- data

CSV="$SCRATCH/zones.csv"
log "generating $ROWS rows → $CSV"
python3 "$BENCH_DIR/gen_zones.py" --rows "$ROWS" --out "$CSV"
log "$(wc -c <"$CSV") bytes"

# ---------------------------------------------------------------- SQLite

D="$SCRATCH/data"
if [[ " $BACKENDS " == *" sqlite "* ]]; then
    # What every fresh import also pays: migrations and reference data on an empty directory.
    timed "sqlite: empty start (gowest migrate)" "schema version" 'rm -rf "$D"' -- \
        "$BIN" migrate --data-dir "$D"
    timed "sqlite: import CSV, fresh data dir" "inserted $ROWS," 'rm -rf "$D"' -- \
        "$BIN" import zones "$CSV" --data-dir "$D"
    timed "sqlite: re-import same CSV (all updates)" "updated $ROWS," ':' -- \
        "$BIN" import zones "$CSV" --data-dir "$D"
    log "database after import: $(du -sh "$D" | cut -f1)"
fi

if [[ " $BACKENDS " == *" sqlite "* ]] && [ "$XLSX" = 1 ]; then
    VENV="$SCRATCH/venv"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        # Debian's python3 needs python3-venv for ensurepip.
        rm -rf "$VENV"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV" || die "python3 -m venv failed; set XLSX=0 to skip the .xlsx case"
    fi
    "$VENV/bin/pip" install -q openpyxl
    XLSX_FILE="$SCRATCH/zones.xlsx"
    start="$(now_ns)"
    "$VENV/bin/python" "$BENCH_DIR/gen_zones.py" --rows "$ROWS" --out "$XLSX_FILE"
    log "generated $XLSX_FILE ($(wc -c <"$XLSX_FILE") bytes) in $((($(now_ns) - start) / 1000000)) ms"
    timed "sqlite: import XLSX, fresh data dir" "inserted $ROWS," 'rm -rf "$D"' -- \
        "$BIN" import zones "$XLSX_FILE" --data-dir "$D"
fi

# ---------------------------------------------------------------- PostgreSQL

if [[ " $BACKENDS " == *" postgres "* ]]; then
    # gowest keeps files (audit.key) in --data-dir on PostgreSQL too; before 55cc943 it did not
    # create the directory itself. Harmless now; kept so older binaries can be measured.
    mkdir -p "$D"
    pg_start
    timed "postgres: empty start (gowest migrate)" "schema version" 'pg_recreate_db' -- \
        "$BIN" migrate --data-dir "$D" --database-url "$PG_URL"
    timed "postgres: import CSV, fresh database" "inserted $ROWS," 'pg_recreate_db' -- \
        "$BIN" import zones "$CSV" --data-dir "$D" --database-url "$PG_URL"
    timed "postgres: re-import same CSV (all updates)" "updated $ROWS," ':' -- \
        "$BIN" import zones "$CSV" --data-dir "$D" --database-url "$PG_URL"
    pg_stop
fi

# ---------------------------------------------------------------- summary

summary() {
    echo "### import zones: $ROWS generated rows, $RUNS runs each (median; fastest)${IMPORT_CPUS:+; gowest pinned to CPU $IMPORT_CPUS}"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) CPUs · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo
    echo "| case | median s | fastest s | runs (ms) | rows/s (median) | ≥ 50,000 rows/s | load 1m before | other CPU cores per run |"
    echo "|---|---:|---:|---|---:|---|---:|---|"
    awk -F'\t' -v rows="$ROWS" '{
        is_import = ($1 ~ /import/)
        rate = is_import ? sprintf("%.0f", rows / ($2 / 1000)) : "–"
        aim = is_import ? (rows / ($2 / 1000) >= 50000 ? "yes" : "no") : "–"
        printf "| %s | %.2f | %.2f | %s | %s | %s | %s | %s |\n", $1, $2 / 1000, $3 / 1000, $4, rate, aim, $5, $6
    }' "$RESULTS_TSV"
}
echo
summary | tee "${RESULTS:-/dev/null}"
