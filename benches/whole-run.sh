#!/usr/bin/env bash
# Whole-run benchmark: accroche check/fix against xmllint on synthetic deposits.
#
#   benches/whole-run.sh            # 20,000 and 200,000 holders
#   BENCH_BIG=1 benches/whole-run.sh  # also 2,000,000 holders (about 5 GB of XML)
#
# Deposits are generated with `cargo run --release --example generate` into
# ${BENCH_DIR:-/work/bench-data} (git-ignored; never commit them) and reused when present.
# The commands run in rounds (3 by default), each once per round under /usr/bin/time; the
# median run of each (by elapsed time) is reported, and each ratio is the median of the
# ratios within a round: runs made together share the state of a shared machine, which can
# move a single command's time by 20 %. accroche lines are skipped when target/release/accroche does not
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

# once NAME CMD...: one timed run of CMD, kept in LINES[NAME] ("sec rss cpu user sys rc")
# and ROUND[NAME,round].
declare -A LINES=() ROUND=()
once() {
    local name=$1; shift
    local tmp; tmp=$(mktemp)
    local rc=0
    "$TIME" -f '%e %M %P %U %S' -o "$tmp" "$@" >/dev/null 2>"$tmp.err" || rc=$?
    # GNU time prefixes "Command exited with non-zero status N" on failure: keep the last line
    local line; line="$(tail -n 1 "$tmp") $rc"
    LINES[$name]+="$line"$'\n'
    ROUND[$name,$r]=${line%% *}
    if [ "$rc" -gt 1 ] || { [ "$name" != check ] && [ "$rc" -ne 0 ]; }; then
        echo "whole-run: $name exited with status $rc: $(head -c 300 "$tmp.err")" >&2
    fi
    rm -f "$tmp" "$tmp.err"
}

# summarise NAME: the median run (by elapsed time) of NAME; sets M_SEC M_RSS M_CPU M_CPUS M_RC
# (M_CPUS = user + system seconds, less sensitive than elapsed time to a busy machine)
summarise() {
    local median user sys
    median=$(printf '%s' "${LINES[$1]}" | sort -n -k1,1 | sed -n "$(((RUNS + 1) / 2))p")
    read -r M_SEC M_RSS M_CPU user sys M_RC <<<"$median"
    M_CPUS=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    M_RSS=$(awk -v k="$M_RSS" 'BEGIN { printf "%.0f", k / 1024 }')
    M_CPU=${M_CPU%\%}
}

# paired A B: median over the rounds of A's time / B's time in the same round. The commands
# of a round run one after the other, so a slow phase of a shared machine weighs on both.
paired() {
    local i out=""
    for ((i = 0; i < RUNS; i++)); do
        [ -n "${ROUND[$1,$i]:-}" ] && [ -n "${ROUND[$2,$i]:-}" ] || { echo "–"; return; }
        out+="$(awk -v a="${ROUND[$1,$i]}" -v b="${ROUND[$2,$i]}" 'BEGIN { if (b == 0) print 0; else printf "%.4f", a / b }')"$'\n'
    done
    printf '%s' "$out" | sort -n | sed -n "$(((RUNS + 1) / 2))p" | awk '{ printf "%.2f", $1 }'
}


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
    LINES=() ROUND=()
    names=()
    has_sub check && names+=(check)
    has_sub fix && names+=(fix)
    [ "$have_xsd" = 1 ] && names+=(schema)
    [ "$have_xmllint" = 1 ] && names+=(parse)
    out=$DIR/fixed-h$n.xml
    # Rounds: every command once per round, so that the ratios compare runs made together.
    for ((r = 0; r < RUNS; r++)); do
        echo "  $n holders: round $((r + 1))/$RUNS" >&2
        for name in "${names[@]}"; do
            case $name in
            check) once check "$BIN" check "$file" --format json -o /dev/null ;;
            # One output file even past 200 MB, to time the rewrite itself (the split is extra work).
            fix) once fix "$BIN" fix "$file" -o "$out" --force --max-file-size 100GB ;;
            schema) once schema xmllint --stream --noout --schema "$XSD" "$file" ;;
            parse) once parse xmllint --stream --noout "$file" ;;
            esac
        done
    done
    rm -f "$out"
    for name in check fix schema parse; do
        if [ -n "${LINES[$name]:-}" ]; then
            summarise "$name"
            RESULTS+=("| $n | $mb | $name | $M_SEC | $M_CPUS | $M_RSS | $M_CPU | $M_RC |")
        else
            case $name in
            check | fix) why="no \`accroche $name\`" ;;
            schema) why="no xmllint or XSD" ;;
            parse) why="no xmllint" ;;
            esac
            RESULTS+=("| $n | $mb | $name | skipped ($why) | | | | |")
        fi
    done
    RATIOS+=("| $n | $mb | $(paired check schema) | $(paired check parse) | $(paired fix check) | $(paired schema parse) |")
done

echo
echo "Whole run, $RUNS rounds (each command once per round; times are the median run, ratios the median of the ratios within a round; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)); \`check\` exits 1 when it has findings."
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
