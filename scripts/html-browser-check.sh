#!/usr/bin/env bash
# Loads the HTML report of a deposit in a real browser (Debian's chromium, headless) and
# checks that the page renders its findings table without any console error.
#
#   scripts/html-browser-check.sh [INPUT.xml] [--lang en] [--screenshot docs/rapport.png]
#       [--hash '#regle=W001&q=martin&page=2'] [--expect shown=3]... [--expect-text TEXT]...
#
# --hash opens the page on a view (rule, fix, search, sort, page, doc=CODE for a rule's
# explanation); --expect ATTR=VALUE checks data-ATTR on the page's status element (shown,
# page, findings, state); --expect-text checks the rendered page holds TEXT.
# Installs nothing: chromium must already be there (apt-get install -y chromium).
# ACCROCHE_BIN names the accroche binary (default: target/release/accroche, else target/debug).
# ACCROCHE_CHROMIUM names the browser (default: chromium).
# Prints the page size, the findings count, the time chromium took to load and render the
# page, and the time the page's script reports for its own rendering. Exit status 0 when
# the page is rendered with no console error, 1 otherwise, 3 when chromium is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
input="$here/samples/erreurs.xml"
lang=fr
shot=""
hash=""
expects=()
texts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang="$2"; shift 2 ;;
    --screenshot) shot="$2"; shift 2 ;;
    --hash) hash="$2"; shift 2 ;;
    --expect) expects+=("$2"); shift 2 ;;
    --expect-text) texts+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) input="$1"; shift ;;
  esac
done

browser=${ACCROCHE_CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
  echo "html-browser-check: $browser introuvable (apt-get install -y chromium)" >&2
  exit 3
fi
bin=${ACCROCHE_BIN:-}
if [ -z "$bin" ]; then
  for b in "$here/target/release/accroche" "$here/target/debug/accroche"; do
    if [ -x "$b" ]; then bin=$b; break; fi
  done
fi
[ -n "$bin" ] || { echo "html-browser-check: build accroche first (cargo build --release)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page="$work/rapport.html"
set +e
"$bin" --quiet --lang "$lang" check "$input" --format html -o "$page"
rc=$?
set -e
if [ "$rc" -gt 1 ]; then echo "html-browser-check: accroche failed ($rc)" >&2; exit 1; fi

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --disable-extensions --disable-default-apps --mute-audio
  --enable-logging=stderr --v=0)

start=$(date +%s%N)
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile" \
  --dump-dom "file://$page$hash" >"$work/dom.html" 2>"$work/console.log" || true
end=$(date +%s%N)
load_ms=$(( (end - start) / 1000000 ))

fail=0
marker=$(grep -o '<p id="etat"[^>]*>' "$work/dom.html" || true)
if ! grep -q 'data-state="ready"' <<<"$marker"; then
  echo "FAIL: the page's script did not finish rendering: ${marker:-no marker}" >&2
  grep -o '<p id="etat"[^<]*' "$work/dom.html" >&2 || true
  fail=1
fi
# Chromium logs every console message of the page as INFO:CONSOLE (whatever its level):
# the page writes none, so any is an error, an uncaught exception or a CSP refusal.
if grep -E ':CONSOLE|Uncaught|Refused to' "$work/console.log" >&2; then
  echo "FAIL: console messages (above)" >&2
  fail=1
fi
# Injected markup must stay text: the rendered DOM holds no element the input could create.
# (samples/injection.xml tries <script>alert, <img onerror, <svg onload and <b>Anne</b>.)
if grep -Eqi '<img|<svg onload|<script>alert|<b>Anne|<iframe' "$work/dom.html"; then
  echo "FAIL: markup from the input was rendered as HTML" >&2
  fail=1
fi
for e in "${expects[@]}"; do
  if ! grep -qF "data-${e%%=*}=\"${e#*=}\"" <<<"$marker"; then
    echo "FAIL: expected data-${e%%=*}=\"${e#*=}\" on $marker" >&2
    fail=1
  fi
done
for t in "${texts[@]}"; do
  if ! grep -qF -- "$t" "$work/dom.html"; then
    echo "FAIL: the rendered page does not hold: $t" >&2
    fail=1
  fi
done
ms=$(sed -n 's/.*data-ms="\([0-9]*\)".*/\1/p' <<<"$marker")
page_ms=$(sed -n 's/.*data-page-ms="\([0-9]*\)".*/\1/p' <<<"$marker")
findings=$(sed -n 's/.*data-findings="\([0-9]*\)".*/\1/p' <<<"$marker")
size=$(wc -c <"$page")
echo "page: $size bytes; findings: ${findings:-?}; chromium start+load+render: ${load_ms} ms; in page: ${page_ms:-?} ms from navigation to table shown, of which script ${ms:-?} ms"

if [ -n "$shot" ]; then
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile2" \
    --window-size=1280,1600 --screenshot="$work/shot.png" "file://$page" 2>/dev/null || true
  if [ -s "$work/shot.png" ]; then
    cp "$work/shot.png" "$shot"
    echo "screenshot: $shot ($(wc -c <"$shot") bytes)"
  else
    echo "FAIL: no screenshot" >&2
    fail=1
  fi
fi
exit $fail
