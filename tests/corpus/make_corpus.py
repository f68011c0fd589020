#!/usr/bin/env python3
"""Writes the small bad-input files of tests/corpus/ (expectations: cases.toml).
Run from this folder; the files are committed, this script documents how they were made.
Big cases (100 MB text node, 100,000 levels) are generated at test time by tests/corpus.rs."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = open(os.path.join(HERE, "..", "..", "samples", "depot-exemple.xml"), "rb").read()
NS = b'xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0"'
DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
HEAD = DECL + b"<cpf:flux " + NS + b">\n  <cpf:idFlux>x</cpf:idFlux>\n"


def w(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def small_deposit():
    """The first passage of the sample only, so that the files stay small."""
    start = SAMPLE.index(b"<cpf:passageCertification>")
    second = SAMPLE.index(b"<cpf:passageCertification>", start + 1)
    tail = SAMPLE.index(b"</cpf:passageCertifications>")
    return SAMPLE[:second].rstrip(b" ") + b"            " + SAMPLE[tail:]


OK = small_deposit()
assert OK.count(b"<cpf:passageCertification>") == 1

# --- XML ---
w("empty.xml", b"")
w("whitespace-only.xml", b"  \n\n\t \n")
w("garbage.xml", bytes([0x00, 0x9F, 0x92, 0x96, 0xFF, 0x00, 0x13, 0x37, 0x42, 0x00] * 8))
w("garbage.bin", bytes((i * 73 + 41) % 256 for i in range(512)))
w("truncated.xml", OK[: len(OK) // 2])
w("truncated-in-tag.xml", OK[: OK.index(b"<cpf:sexe>") + 6])
w("unclosed-element.xml", OK.replace(b"</cpf:prenom1>", b""))
w("mismatched-end.xml", OK.replace(b"</cpf:prenom1>", b"</cpf:prenom2>"))
w("end-without-start.xml", OK.replace(b"</cpf:flux>", b"</cpf:flux>\n</cpf:autre>"))
w("invalid-utf8.xml", OK.replace(b"MARTIN", b"MAR\xff\xfeIN"))
w("declared-utf8-is-cp1252.xml", OK.replace("Léa".encode(), "Léa".encode("cp1252")))
w("declared-latin1.xml", OK.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'))
w("utf16le-bom.xml", "\ufeff".encode("utf-16-le") + OK.decode().encode("utf-16-le"))
w("utf16be-bom.xml", "\ufeff".encode("utf-16-be") + OK.decode().encode("utf-16-be"))
w("utf16le-nobom.xml", OK.decode().encode("utf-16-le"))
w("utf16be-nobom.xml", OK.decode().encode("utf-16-be"))
w("nul-byte.xml", OK.replace(b"MARTIN", b"MAR\x00TIN"))
w("control-char.xml", OK.replace(b"MARTIN", b"MAR\x01TIN"))
w("crlf.xml", OK.replace(b"\n", b"\r\n"))
w("bom.xml", b"\xef\xbb\xbf" + OK)
w("bom-crlf.xml", b"\xef\xbb\xbf" + OK.replace(b"\n", b"\r\n"))
w("processing-instructions.xml",
  OK.replace(DECL, DECL + b'<?xml-stylesheet type="text/xsl" href="x.xsl"?>\n', 1)
    .replace(b"<cpf:idFlux>", b"<?accroche ignore?><cpf:idFlux>", 1))
w("billion-laughs.xml", DECL + b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
""" + OK[len(DECL):].replace(b"<cpf:idFlux>", b"<cpf:idFlux>&lol9;", 1))
w("xxe.xml", DECL + b'<!DOCTYPE flux [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
  + OK[len(DECL):].replace(b"MARTIN", b"&xxe;"))
w("external-dtd.xml", DECL + b'<!DOCTYPE flux SYSTEM "http://example.invalid/flux.dtd">\n' + OK[len(DECL):])
w("undefined-entity.xml", OK.replace(b"MARTIN", b"&nom;"))
w("bad-char-ref.xml", OK.replace(b"MARTIN", b"MAR&#0;TIN"))
w("wrong-namespace.xml", OK.replace(b"urn:cdc:cpf:pc5:schema:1.0.0", b"urn:cdc:cpf:pc5:schema:0.0.7"))
w("no-namespace.xml", OK.replace(b' xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0"', b"").replace(b"cpf:", b""))
w("wrong-root.xml", DECL + b"<rapport><ligne/></rapport>\n")
certif = OK[OK.index(b"<cpf:certificateur>"):OK.index(b"</cpf:certificateur>") + len(b"</cpf:certificateur>")]
w("two-certificateurs.xml", OK.replace(certif, certif + b"\n      " + certif.replace(b"2025-LIC-000001", b"2025-LIC-000099")))
passage = OK[OK.index(b"<cpf:passageCertification>"):OK.index(b"</cpf:passageCertification>") + len(b"</cpf:passageCertification>")]
w("duplicate-idtechnique.xml", OK.replace(passage, passage + b"\n                " + passage))
w("comment-double-hyphen.xml", OK.replace(b"<cpf:idFlux>", b"<!-- promo 2025 -- licence --><cpf:idFlux>", 1))
w("unclosed-comment.xml", OK.replace(b"<cpf:idFlux>", b"<!-- promo 2025 <cpf:idFlux>", 1).replace(b"-->", b""))
w("unclosed-cdata.xml", OK.replace(b"MARTIN", b"<![CDATA[MARTIN"))
w("xml11.xml", OK.replace(b'version="1.0"', b'version="1.1"', 1))
w("xml-no-version.xml", OK.replace(b'version="1.0" ', b"", 1))
w("undeclared-prefix.xml", OK.replace(b"<cpf:prenom2>Marie</cpf:prenom2>", b"<men:prenom2>Marie</men:prenom2>"))
w("undeclared-attr-prefix.xml", OK.replace(b"<cpf:sexe>", b'<cpf:sexe men:source="x">'))
w("duplicate-attribute.xml", OK.replace(b"<cpf:flux ", b'<cpf:flux a="1" a="2" ', 1))
w("malformed-attribute.xml", OK.replace(b"<cpf:flux ", b"<cpf:flux a=1 ", 1))
w("text-after-root.xml", OK + b"fin du fichier\n")
w("text-before-root.xml", DECL + b"bonjour\n" + OK[len(DECL):])
w("two-roots.xml", OK + OK[len(DECL):])
w("not-xml.xml", b"Ceci n'est pas un depot.\n")

# --- CSV ---
APO = open(os.path.join(HERE, "..", "..", "samples", "apogee.csv"), "rb").read()
lines = APO.replace(b"\r\n", b"\n").split(b"\n")
hdr, row1, row2 = lines[0], lines[1], lines[2]
w("csv-empty.csv", b"")
w("csv-header-only.csv", hdr + b"\n")
w("csv-mixed-separators.csv", hdr + b"\n" + row1 + b"\n" + row2.replace(b";", b",") + b"\n")
w("csv-unbalanced-quotes.csv", hdr + b"\n" + row1.replace(b";PARIS", b';"PARIS') + b"\n" + row2 + b"\n" + row1 + b"\n")
w("csv-unbalanced-quotes-2.csv", hdr + b"\n" + row1 + b"\n" + row2.replace(b"MOREAU", b'"MOREAU') + b"\n" + row1.replace(b"21000001", b"21000009") + b"\n")
w("csv-ragged.csv", hdr + b"\n" + row1 + b"\n" + row2 + b";en trop;encore\n")
w("csv-short-row.csv", hdr + b"\n" + row1 + b"\n" + b"21000002;100002;MOREAU\n")
w("csv-unknown-header.csv", b"nom;prenom;naissance\nMARTIN;Lea;2001-03-14\n")
w("csv-no-separator.csv", b"nomprenomnaissance\nMARTINLea\n")
w("csv-utf16le-bom.csv", "\ufeff".encode("utf-16-le") + APO.decode("cp1252").encode("utf-16-le"))
w("csv-utf16be-bom.csv", "\ufeff".encode("utf-16-be") + APO.decode("cp1252").encode("utf-16-be"))
w("csv-utf16le-nobom.csv", APO.decode("cp1252").encode("utf-16-le"))
w("csv-invalid-date.csv", hdr + b"\n" + row1.replace(b"03/04/2001", b"31/13/2001") + b"\n")
w("csv-bad-sex.csv", hdr + b"\n" + row1.replace(b";F;;", b";X;;", 1) + b"\n")
w("csv-nul-byte.csv", hdr + b"\n" + row1.replace(b"PARIS", b"PA\x00RIS") + b"\n")
w("csv-ok.csv", APO)

# Valid files with a finding at a known line: line numbers must not move with a BOM or CRLF.
FINDING = OK.replace("<cpf:prenom1>Léa</cpf:prenom1>".encode(), b"<cpf:prenom1>JEAN PIERRE</cpf:prenom1>").replace(b"<cpf:prenom2>Marie</cpf:prenom2>", b"").replace(b"<cpf:sexe>F</cpf:sexe>", b"<cpf:sexe>m</cpf:sexe>")
w("finding.xml", FINDING)
w("finding-bom.xml", b"\xef\xbb\xbf" + FINDING)
w("finding-bom-crlf.xml", b"\xef\xbb\xbf" + FINDING.replace(b"\n", b"\r\n"))
