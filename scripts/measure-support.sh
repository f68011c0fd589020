#!/bin/sh
# Measures `accroche explain` on a labelled synthetic deposit: generates a deposit with its
# truth file and register (synth generator), simulates the CDC funnel on the register
# (scripts/simulate-cdc.py) to get a processing report, runs explain, and counts how many
# rejections explain attributes to the rule that matches the injected error.
#
#   scripts/measure-support.sh [HOLDERS] [SEED]      (default 5000 1; work files in a temp dir)
set -eu
HOLDERS=${1:-5000}
SEED=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
cargo build -q --bin accroche --example generate
./target/debug/examples/generate --holders "$HOLDERS" --seed "$SEED" --certifications 3 \
    -o "$WORK/depot.xml" --truth "$WORK/truth.jsonl" --register "$WORK/register.csv"
python3 scripts/simulate-cdc.py "$WORK/depot.xml" "$WORK/register.csv" "$WORK/accuse.xml" --seed "$SEED"
set +e
./target/debug/accroche explain "$WORK/accuse.xml" --deposit "$WORK/depot.xml" --format json > "$WORK/explain.json"
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "explain failed ($rc)" >&2; exit 1; }
python3 - "$WORK/explain.json" "$WORK/truth.jsonl" <<'PY'
import json, sys
from collections import Counter, defaultdict
# The rule(s) that detect each injected error; labels absent here have no rule on this branch.
EXPECT = {
    "trailing_whitespace": {"W001"}, "leading_whitespace": {"W001"}, "double_whitespace": {"W002"},
    "mojibake": {"C001"}, "stray_character": {"C002"}, "typographic_apostrophe": {"C003"},
    "space_around_hyphen": {"H001"}, "hyphen_double": {"H002"}, "impossible_date": {"D001"},
    "placeholder_date": {"D003"},
    # postal_code_as_insee: a 5-digit postal code passes X005/X007; only the geo tables can see it.
}
x = json.load(open(sys.argv[1]))
truth = {}
for line in open(sys.argv[2]):
    t = json.loads(line)
    truth[t["id"]] = t["label"]
rows = defaultdict(Counter)
tot = Counter()
for r in x["rejected"]:
    label = truth.get(r["record"])
    if label and label.startswith("decoy_"):
        label = None
    rules = {f["rule"] for f in r["findings"]}
    key = label or "(no error injected: no NIR)"
    c = rows[key]
    c["rejected"] += 1
    tot["rejected"] += 1
    exp = EXPECT.get(label or "", set())
    if not rules:
        c["unexplained"] += 1; tot["unexplained"] += 1
    elif exp & rules:
        c["right"] += 1; tot["right"] += 1
    else:
        c["wrong"] += 1; tot["wrong"] += 1
    if label in EXPECT:
        tot["with_rule"] += 1
        if exp & rules:
            tot["with_rule_right"] += 1
    elif label is None and not rules:
        tot["noerr_unexplained"] += 1
    if label is None:
        tot["noerr"] += 1
print(f"{'injected error':<32} {'rejected':>8} {'right rule':>10} {'other rule':>10} {'unexplained':>11}")
for k in sorted(rows, key=lambda k: -rows[k]["rejected"]):
    c = rows[k]
    tag = "" if k in EXPECT or k.startswith("(") else "  [no rule]"
    print(f"{k + tag:<32} {c['rejected']:>8} {c['right']:>10} {c['wrong']:>10} {c['unexplained']:>11}")
print(f"{'total':<32} {tot['rejected']:>8} {tot['right']:>10} {tot['wrong']:>10} {tot['unexplained']:>11}")
if tot["with_rule"]:
    print(f"rejections whose error a rule can see: {tot['with_rule']}, attributed to the right rule: {tot['with_rule_right']} ({100*tot['with_rule_right']/tot['with_rule']:.1f} %)")
if tot["noerr"]:
    print(f"rejections with no injected error: {tot['noerr']}, left unexplained: {tot['noerr_unexplained']} ({100*tot['noerr_unexplained']/tot['noerr']:.1f} %)")
print(f"all rejections attributed to some rule: {tot['right']+tot['wrong']} of {tot['rejected']} ({100*(tot['right']+tot['wrong'])/max(1,tot['rejected']):.1f} %)")
PY
