#!/usr/bin/env python3
"""Simulates the CDC's identity-matching funnel (FORMAT.md section 5) on a synthetic deposit
and the register of true identities written by the synth generator, and writes the
processing report ("accusé de traitement") the CDC would send back.

    simulate-cdc.py DEPOSIT.xml REGISTER.csv REPORT.xml [--seed N] [--ambiguous P] [--no-nir P]

Model (a simulation, not the CDC's code):
- keys compared with accents and case ignored [DOC, INF]; everything else (spaces, hyphens,
  apostrophes, stray characters) is compared as is;
- step A: birth name + prenom1 + sex + year; a mismatch gives "critères obligatoires";
- step A is ambiguous (homonyms in the SNGI) with probability --ambiguous; only then do
  day/month (step B), prenom2/3 and the place of birth (step C) matter;
- a share --no-nir of holders is absent from the register whatever is deposited.
"""
import csv
import random
import sys
import unicodedata
import xml.etree.ElementTree as ET

NS = "{urn:cdc:cpf:pc5:schema:1.0.0}"
MSG = {
    "A": "Aucun titulaire ne correspond aux critères obligatoires",
    "B": "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance",
    "P": "Aucun titulaire ne correspond aux critères obligatoires enrichis des prénoms 2 et 3",
    "C": "Aucun titulaire ne correspond aux critères de reconciliation",
}


def key(s):
    s = unicodedata.normalize("NFD", s or "")
    return "".join(c for c in s if unicodedata.category(c) != "Mn").upper()


def num(s):
    s = (s or "").strip()
    return str(int(s)) if s.lstrip("+-").isdigit() else s


def main():
    args = sys.argv[1:]
    opts = {"--seed": "1", "--ambiguous": "0.3", "--no-nir": "0.02"}
    pos = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = args.pop(0)
        else:
            pos.append(a)
    deposit, register, out = pos
    rng = random.Random(int(opts["--seed"]))
    amb, nonir = float(opts["--ambiguous"]), float(opts["--no-nir"])
    truth = {r["idTechnique"]: r for r in csv.DictReader(open(register, encoding="utf-8"))}
    ko, ok = [], []
    for _, el in ET.iterparse(deposit):
        if el.tag != NS + "passageCertification":
            continue
        pid = el.findtext(NS + "idTechnique")
        t = el.find(f"{NS}identificationTitulaire/{NS}titulaire")
        r = truth.get(pid)
        el.clear()
        if t is None or r is None:
            ok.append(pid)
            continue
        d = lambda f: t.findtext(NS + f) or ""
        insee = t.findtext(f"{NS}codeCommuneNaissance/{NS}codeInseeNaissance/{NS}codeInsee") or ""
        if rng.random() < nonir:
            ko.append((pid, MSG["A"]))
            continue
        if [key(d("nomNaissance")), key(d("prenom1")), d("sexe"), num(d("anneeNaissance"))] != [
            key(r["nomNaissance"]), key(r["prenom1"]), r["sexe"], num(r["anneeNaissance"])]:
            ko.append((pid, MSG["A"]))
            continue
        if rng.random() >= amb:
            ok.append(pid)
            continue
        if [num(d("moisNaissance")), num(d("jourNaissance"))] != [num(r["moisNaissance"]), num(r["jourNaissance"])]:
            ko.append((pid, MSG["B"]))
        elif [key(d("prenom2")), key(d("prenom3"))] != [key(r["prenom2"]), key(r["prenom3"])]:
            ko.append((pid, MSG["P"]))
        elif insee != r["codeInsee"]:
            ko.append((pid, MSG["C"]))
        else:
            ok.append(pid)
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n')
        f.write('<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">\n')
        f.write(f"    <nomFichier>{deposit.rsplit('/', 1)[-1]}</nomFichier>\n    <idTraitement>1</idTraitement>\n    <PassagesKO>\n")
        for pid, m in ko:
            f.write(f"        <passage>\n            <idTechnique>{pid}</idTechnique>\n            <messageErreur>{m}</messageErreur>\n        </passage>\n")
        f.write("    </PassagesKO>\n    <PassagesOK>\n")
        for pid in ok:
            f.write(f"        <idTechnique>{pid}</idTechnique>\n")
        f.write("    </PassagesOK>\n</rapport>\n")
    print(f"{out}: {len(ok)} OK, {len(ko)} KO ({100 * len(ko) / max(1, len(ok) + len(ko)):.2f} %)", file=sys.stderr)


main()
