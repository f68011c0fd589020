#!/usr/bin/env bash
# Whole-run benchmark: accroche check/fix against xmllint on synthetic deposits.
#
#   benches/whole-run.sh            # 20,000 and 200,000 holders
#   BENCH_BIG=1 benches/whole-run.sh  # also 2,000,000 holders (about 5 GB of XML)
#
# Deposits are generated with `cargo run --release --example generate` into
# ${BENCH_DIR:-/work/bench-data} (git-ignored; never commit them) and reused when present.
# Every command runs 3 times under `/usr/bin/time -f '%e %M %P'`; the median run (by
# elapsed time) is reported. accroche lines are skipped when target/release/accroche does not
# have the subcommand yet; xmllint lines when xmllint or the XSD is missing.
#
# Environment: BENCH_DIR, BENCH_SIZES (e.g. "20000 200000"), BENCH_BIG=1, BENCH_RUNS (3),
# BENCH_SEED (7), ACCROCHE_CPF_XSD (default ../shared/reference/cpf.xsd), ACCROCHE_BIN
# (default target/release/accroche).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${BENCH_DIR:-/work/bench-data}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-7}
XSD=${ACCROCHE_CPF_XSD:-$ROOT/../shared/reference/cpf.xsd}
SIZES=${BENCH_SIZES:-"20000 200000"}
if [ "${BENCH_BIG:-0}" = 1 ]; then SIZES="$SIZES 2000000"; fi
BIN=${ACCROCHE_BIN:-$ROOT/target/release/accroche}
TIME=/usr/bin/time
mkdir -p "$DIR"

[ -x "$TIME" ] || { echo "whole-run: $TIME (GNU time) is required" >&2; exit 2; }

echo "building (release)..." >&2
cargo build --release --quiet --example generate
cargo build --release --quiet --bin accroche 2>/dev/null || true

# has_sub SUBCOMMAND: the accroche binary exists and knows the subcommand
has_sub() {
    [ -x "$BIN" ] || return 1
    local out
    out=$("$BIN" "$1" --help 2>&1) || return 1
    [ -n "$out" ]
}
have_xmllint=0
command -v xmllint >/dev/null 2>&1 && have_xmllint=1
have_xsd=0
[ "$have_xmllint" = 1 ] && [ -f "$XSD" ] && have_xsd=1

# measure NAME CMD...: median of $RUNS runs; sets M_SEC M_RSS M_CPU M_CPUS M_RC
# (M_CPUS = user + system seconds, less sensitive than elapsed time to a busy machine)
measure() {
    local name=$1; shift
    local tmp; tmp=$(mktemp)
    local i rc lines=""
    for ((i = 0; i < RUNS; i++)); do
        rc=0
        "$TIME" -f '%e %M %P %U %S' -o "$tmp" "$@" >/dev/null 2>"$tmp.err" || rc=$?
        # GNU time prefixes "Command exited with non-zero status N" on failure: keep the last line
        lines+="$(tail -n 1 "$tmp") $rc"$'\n'
    done
    local median
    median=$(printf '%s' "$lines" | sort -n -k1,1 | sed -n "$(((RUNS + 1) / 2))p")
    local user sys
    read -r M_SEC M_RSS M_CPU user sys M_RC <<<"$median"
    M_CPUS=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    M_RSS=$(awk -v k="$M_RSS" 'BEGIN { printf "%.0f", k / 1024 }')
    M_CPU=${M_CPU%\%}
    if [ "$M_RC" -gt 1 ] || { [ "$name" != check ] && [ "$M_RC" -ne 0 ]; }; then
        echo "whole-run: $name exited with status $M_RC: $(head -c 300 "$tmp.err")" >&2
    fi
    rm -f "$tmp" "$tmp.err"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }

RESULTS=()
RATIOS=()
for n in $SIZES; do
    file=$DIR/synth-h$n-s$SEED.xml
    if [ ! -s "$file" ]; then
        echo "generating $n holders -> $file" >&2
        "$ROOT/target/release/examples/generate" --holders "$n" --seed "$SEED" \
            --certifications 20 -o "$file" --truth "${file%.xml}.truth.jsonl"
    fi
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
    declare -A sec=()
    run() { # run NAME CMD...
        local name=$1
        echo "  $n holders: $name" >&2
        measure "$@"
        sec[$name]=$M_SEC
        RESULTS+=("| $n | $mb | $name | $M_SEC | $M_CPUS | $M_RSS | $M_CPU | $M_RC |")
    }
    skip() { RESULTS+=("| $n | $mb | $1 | skipped ($2) | | | | |"); }

    if has_sub check; then
        run check "$BIN" check "$file" --format json -o /dev/null
    else
        skip check "no \`accroche check\`"
    fi
    if has_sub fix; then
        out=$DIR/fixed-h$n.xml
        # One output file even past 200 MB, to time the rewrite itself (the split is extra work).
        run fix "$BIN" fix "$file" -o "$out" --force --max-file-size 100GB
        rm -f "$out"
    else
        skip fix "no \`accroche fix\`"
    fi
    if [ "$have_xsd" = 1 ]; then
        run schema xmllint --stream --noout --schema "$XSD" "$file"
    else
        skip schema "no xmllint or XSD"
    fi
    if [ "$have_xmllint" = 1 ]; then
        run parse xmllint --stream --noout "$file"
    else
        skip parse "no xmllint"
    fi
    RATIOS+=("| $n | $mb | $(ratio "${sec[check]:-}" "${sec[schema]:-}") | $(ratio "${sec[check]:-}" "${sec[parse]:-}") | $(ratio "${sec[fix]:-}" "${sec[check]:-}") | $(ratio "${sec[schema]:-}" "${sec[parse]:-}") |")
    unset sec
done

echo
echo "Whole run, median of $RUNS ($(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)); \`check\` exits 1 when it has findings."
echo
echo "| holders | MB | command | seconds | CPU s (user+sys) | peak RSS MB | CPU % | exit |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${RESULTS[@]}"
echo
echo "| holders | MB | check/schema | check/parse | fix/check | schema/parse |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${RATIOS[@]}"
echo
echo "check = \`accroche check FILE --format json -o /dev/null\`; fix = \`accroche fix FILE -o OUT --force --max-file-size 100GB\`;"
echo "schema = \`xmllint --stream --noout --schema XSD FILE\`; parse = \`xmllint --stream --noout FILE\`."
