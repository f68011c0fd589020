//! Writes the deposit: canonical element order of FORMAT.md §6, `cpf:` prefix, 2-space
//! indentation, values escaped. Uses the generator's small writer (`synth::xml::Buf`).

use super::config::Config;
use super::Passage;
use crate::model::{parse_xsd_int, Field};
use crate::synth::xml::Buf;
use std::io::{self, Write};

/// The envelope values.
pub struct Envelope<'a> {
    pub id_flux: &'a str,
    pub horodatage: &'a str,
    pub config: &'a Config,
}

/// One `certification` and its passages (at least one).
pub struct Group<'a> {
    pub kind: &'a str,
    pub code: &'a str,
    pub passages: Vec<&'a Passage>,
}

pub fn deposit<W: Write>(w: &mut W, env: &Envelope, groups: &[Group]) -> io::Result<()> {
    let c = env.config;
    let mut b = Buf::new();
    b.bytes.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cpf:flux xmlns:cpf=\"urn:cdc:cpf:pc5:schema:1.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
    );
    b.leaf(1, "idFlux", env.id_flux);
    b.leaf(1, "horodatage", env.horodatage);
    b.open(1, "emetteur");
    b.leaf(
        2,
        "idClient",
        c.emetteur.id_client.as_deref().unwrap_or_default(),
    );
    b.open(2, "certificateurs");
    b.open(3, "certificateur");
    b.leaf(
        4,
        "idClient",
        c.certificateur.id_client.as_deref().unwrap_or_default(),
    );
    b.leaf(
        4,
        "idContrat",
        c.certificateur.id_contrat.as_deref().unwrap_or_default(),
    );
    b.open(4, "certifications");
    w.write_all(&b.bytes)?;
    for g in groups {
        b.bytes.clear();
        b.open(5, "certification");
        b.leaf(6, "type", g.kind);
        b.leaf(6, "code", g.code);
        b.opt(
            6,
            "natureDeposant",
            c.certification.nature_deposant.as_deref(),
        );
        b.open(6, "passageCertifications");
        w.write_all(&b.bytes)?;
        for p in &g.passages {
            b.bytes.clear();
            passage(&mut b, 7, p, c);
            w.write_all(&b.bytes)?;
        }
        b.bytes.clear();
        b.close(6, "passageCertifications");
        b.close(5, "certification");
        w.write_all(&b.bytes)?;
    }
    b.bytes.clear();
    b.close(4, "certifications");
    b.close(3, "certificateur");
    b.close(2, "certificateurs");
    b.close(1, "emetteur");
    b.bytes.extend_from_slice(b"</cpf:flux>\n");
    w.write_all(&b.bytes)
}

fn boolean(v: bool) -> &'static str {
    if v {
        "true"
    } else {
        "false"
    }
}

fn nil_or(v: &str) -> Option<&str> {
    (v != "nil").then_some(v)
}

fn passage(b: &mut Buf, l: usize, p: &Passage, c: &Config) {
    let d = &c.passage;
    b.open(l, "passageCertification");
    let l1 = l + 1;
    b.leaf(l1, "idTechnique", &p.id);
    b.leaf(l1, "obtentionCertification", &d.obtention_certification);
    b.leaf(l1, "donneeCertifiee", boolean(d.donnee_certifiee));
    b.leaf(l1, "dateDebutValidite", &p.award);
    b.nillable(l1, "dateFinValidite", d.date_fin_validite.as_deref());
    b.leaf(
        l1,
        "presenceNiveauLangueEuro",
        boolean(d.presence_niveau_langue_euro),
    );
    b.leaf(
        l1,
        "presenceNiveauNumeriqueEuro",
        boolean(d.presence_niveau_numerique_euro),
    );
    b.nil(l1, "scoring");
    b.nillable(l1, "mentionValidee", nil_or(&d.mention_validee));
    b.open(l1, "modalitesInscription");
    b.nillable(l1 + 1, "modaliteAcces", nil_or(&d.modalite_acces));
    b.close(l1, "modalitesInscription");
    b.open(l1, "identificationTitulaire");
    titulaire(b, l1 + 1, p);
    b.close(l1, "identificationTitulaire");
    b.close(l, "passageCertification");
}

/// The text to write for a field: present, not nil, not blank.
pub fn value(p: &crate::model::Record, f: Field) -> Option<&str> {
    p.text(f).filter(|t| !t.trim().is_empty())
}

/// An integer field in its plain form (`07` → `7`), `None` for nil or absent.
pub fn int(p: &crate::model::Record, f: Field) -> Option<String> {
    value(p, f).and_then(parse_xsd_int).map(|v| v.to_string())
}

fn titulaire(b: &mut Buf, l: usize, p: &Passage) {
    let r = &p.record;
    let l1 = l + 1;
    b.open(l, "titulaire");
    b.leaf(
        l1,
        "nomNaissance",
        value(r, Field::NomNaissance).unwrap_or_default(),
    );
    b.nillable(l1, "nomUsage", value(r, Field::NomUsage));
    b.leaf(l1, "prenom1", value(r, Field::Prenom1).unwrap_or_default());
    b.opt(l1, "prenom2", value(r, Field::Prenom2));
    b.opt(l1, "prenom3", value(r, Field::Prenom3));
    b.leaf(
        l1,
        "anneeNaissance",
        &int(r, Field::AnneeNaissance).unwrap_or_default(),
    );
    b.nillable(l1, "moisNaissance", int(r, Field::MoisNaissance).as_deref());
    b.nillable(l1, "jourNaissance", int(r, Field::JourNaissance).as_deref());
    b.leaf(l1, "sexe", value(r, Field::Sexe).unwrap_or_default());
    b.open(l1, "codeCommuneNaissance");
    let insee = value(r, Field::CodeInsee);
    match insee {
        Some(code) => {
            b.open(l1 + 1, "codeInseeNaissance");
            b.leaf(l1 + 2, "codeInsee", code);
            b.close(l1 + 1, "codeInseeNaissance");
        }
        None => {
            b.open(l1 + 1, "codePostalNaissance");
            b.nillable(l1 + 2, "codePostal", value(r, Field::CodePostal));
            b.close(l1 + 1, "codePostalNaissance");
        }
    }
    b.close(l1, "codeCommuneNaissance");
    b.opt(
        l1,
        "libelleCommuneNaissance",
        value(r, Field::LibelleCommuneNaissance),
    );
    // Born abroad only: the last 3 digits of the 99xxx code.
    let country = insee.and_then(|c| c.strip_prefix("99"));
    b.opt(l1, "codePaysNaissance", country);
    b.opt(
        l1,
        "libellePaysNaissance",
        value(r, Field::LibellePaysNaissance),
    );
    b.close(l, "titulaire");
}
