#!/usr/bin/env python3
"""Writes the support-workflow samples (fictitious people only). Run from this folder.

depot-retour.xml: a schema-valid deposit of 14 passages in two certifications, built from
passages of erreurs.xml (each with one known defect) and depot-exemple.xml (clean).
accuse-traitement.xml: the CDC's passage report for it (one KO per message class).
accuse-erreur-schema.xml: the CDC's schema-error report for erreurs.xml (real lines).
"""
import re

def passages(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for m in re.finditer(r"( *)<cpf:passageCertification>.*?</cpf:passageCertification>", text, re.S):
        block = m.group(0)
        pid = re.search(r"<cpf:idTechnique>(.*?)</cpf:idTechnique>", block).group(1)
        out[pid] = block
    return out

def reindent(block, indent):
    lines = block.split("\n")
    cur = len(lines[0]) - len(lines[0].lstrip())
    return "\n".join(" " * indent + l[cur:] if l.strip() else l for l in lines)

err = passages("erreurs.xml")
ok = passages("depot-exemple.xml")

# (new id, source, source id)
cert1 = [
    ("2025-RET-0001", err, "2025-LIC-000001"),  # W001 nomNaissance
    ("2025-RET-0002", err, "2025-LIC-000002"),  # W002 nomNaissance
    ("2025-RET-0003", err, "2025-LIC-000004"),  # W004 prenom2
    ("2025-RET-0004", err, "2025-LIC-000005"),  # C001 nom + prenom1
    ("2025-RET-0005", err, "2025-LIC-000007"),  # C003 nomNaissance
    ("2025-RET-0006", err, "2025-LIC-000008"),  # C004 prenom1
    ("2025-RET-0007", err, "2025-LIC-000010"),  # H002 prenom1
    ("2025-RET-0008", err, "2025-LIC-000019"),  # D001 jour
    ("2025-RET-0009", err, "2025-LIC-000021"),  # D003 jour
    ("2025-RET-0010", ok, "2025-LIC-000001"),   # clean
    ("2025-RET-0011", ok, "2025-LIC-000002"),   # clean
    ("2025-RET-0012", ok, "2025-LIC-000003"),   # clean
]
cert2 = [
    ("2025-RET-0013", ok, "2025-LIC-000004"),
    ("2025-RET-0014", ok, "2025-LIC-000005"),
]

def cert(kind, code, items):
    body = "\n".join(
        reindent(src[sid], 16).replace(f"<cpf:idTechnique>{sid}<", f"<cpf:idTechnique>{nid}<")
        for nid, src, sid in items
    )
    return f"""          <cpf:certification>
            <cpf:type>{kind}</cpf:type>
            <cpf:code>{code}</cpf:code>
            <cpf:natureDeposant>CERTIFICATEUR</cpf:natureDeposant>
            <cpf:passageCertifications>
{body}
            </cpf:passageCertifications>
          </cpf:certification>"""

deposit = f"""<?xml version="1.0" encoding="UTF-8"?>
<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <cpf:idFlux>3c9e7a52-8d14-4b6f-a0e2-5f71c8d3b946</cpf:idFlux>
  <cpf:horodatage>2025-07-01T10:15:00+02:00</cpf:horodatage>
  <cpf:emetteur>
    <cpf:idClient>12ABC345</cpf:idClient>
    <cpf:certificateurs>
      <cpf:certificateur>
        <cpf:idClient>12ABC345</cpf:idClient>
        <cpf:idContrat>MCFCER000123</cpf:idContrat>
        <cpf:certifications>
{cert("RNCP", "RNCP35001", cert1)}
{cert("RS", "RS5432", cert2)}
        </cpf:certifications>
      </cpf:certificateur>
    </cpf:certificateurs>
  </cpf:emetteur>
</cpf:flux>
"""
open("depot-retour.xml", "w", encoding="utf-8").write(deposit)

BCR = "12ABC345"
ko = [
    ("2025-RET-0001", "Aucun titulaire ne correspond aux critères obligatoires"),
    ("2025-RET-0002", f"Le passage certification avec le bcr émetteur {BCR} et l&apos;id technique partenaire 2025-RET-0002 existe déjà en base"),
    ("2025-RET-0003", "Aucun titulaire ne correspond aux critères obligatoires enrichis des prénoms 2 et 3"),
    ("2025-RET-0004", "Aucun titulaire ne correspond aux critères obligatoires"),
    ("2025-RET-0006", "Aucun titulaire ne correspond aux critères obligatoires"),
    ("2025-RET-0007", f"Le statut de la certification avec le bcr émetteur {BCR}, l'id technique partenaire 2025-RET-0007 et l'index 0 est KO"),
    ("2025-RET-0008", "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance"),
    ("2025-RET-0009", "Aucun titulaire ne correspond aux critères obligatoires enrichis\n                du jour et du mois de naissance"),
    ("2025-RET-0010", "Aucun titulaire ne correspond aux critères de reconciliation"),
    ("2025-RET-0011", "Plusieurs titulaires ont été identifiés"),
    ("2025-RET-0012", f"La date de fin de validité est inférieure à date de début de validité pour le passage certification avec le bcr émetteur {BCR} &amp; l'id technique partenaire 2025-RET-0012"),
]
ok_ids = ["2025-RET-0005", "2025-RET-0013", "2025-RET-0014"]
kos = "\n".join(
    f"""        <passage>
            <idTechnique>{i}</idTechnique>
            <messageErreur>{m}</messageErreur>
        </passage>""" for i, m in ko)
oks = "\n".join(f"        <idTechnique>{i}</idTechnique>" for i in ok_ids)
report = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">
    <nomFichier>depot-retour.xml</nomFichier>
    <idFlux>3c9e7a52-8d14-4b6f-a0e2-5f71c8d3b946</idFlux>
    <idTraitement>70412</idTraitement>
    <PassagesKO>
{kos}
    </PassagesKO>
    <PassagesOK>
{oks}
    </PassagesOK>
</rapport>
"""
open("accuse-traitement.xml", "w", encoding="utf-8").write(report)

def find_line(path, needle):
    for n, l in enumerate(open(path, encoding="utf-8"), 1):
        if needle in l:
            return n, l.index("<") + 1 + len(needle)
    raise SystemExit(needle)

errors = [
    ("<cpf:sexe>H</cpf:sexe>", "cvc-enumeration-valid : La valeur &apos;H&apos; n&apos;est pas un facet valide par rapport à l&apos;énumération &apos;[M, F]&apos;. Il doit s&apos;agir d&apos;une valeur provenant de l&apos;énumération."),
    ("<cpf:sexe>H</cpf:sexe>", "cvc-type.3.1.3 : La valeur &apos;H&apos; de l&apos;élément &apos;cpf:sexe&apos; n&apos;est pas valide."),
    ("<cpf:codeInsee>1053</cpf:codeInsee>", "cvc-length-valid : La valeur &apos;1053&apos;, ayant pour longueur &apos;4&apos;, n&apos;est pas un facet valide par rapport à la longueur &apos;5&apos; pour le type &apos;#AnonType_codeInseecodeInseeNaissance&apos;."),
    ("<cpf:codePaysNaissance>99134</cpf:codePaysNaissance>", "cvc-length-valid : La valeur &apos;99134&apos;, ayant pour longueur &apos;5&apos;, n&apos;est pas un facet valide par rapport à la longueur &apos;3&apos; pour le type &apos;#AnonType_codePaysNaissancetitulaire&apos;."),
]
items = []
for needle, msg in errors:
    line, col = find_line("erreurs.xml", needle)
    items.append(f"""        <erreur>
            <type>XSD</type>
            <message>{msg}</message>
            <ligne>{line}</ligne>
            <colonne>{col}</colonne>
        </erreur>""")
# An error outside any passage (the header), as for a bad horodatage.
items.append("""        <erreur>
            <type>XSD</type>
            <message>cvc-pattern-valid : La valeur &apos;2025-07-01T10:15:00+02:00&apos; est un exemple d&apos;erreur d&apos;en-tête (ligne de l&apos;horodatage).</message>
            <ligne>4</ligne>
            <colonne>62</colonne>
        </erreur>""")
schema = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">
    <nomFichier>erreurs.xml</nomFichier>
    <idTraitement>70411</idTraitement>
    <erreurs>
""" + "\n".join(items) + """
    </erreurs>
</rapport>
"""
open("accuse-erreur-schema.xml", "w", encoding="utf-8").write(schema)
