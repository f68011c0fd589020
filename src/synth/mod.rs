//! Labelled synthetic deposits: realistic, schema-valid CDC files with known errors.
//!
//! [`generate`] streams a deposit of `holders` passages (constant memory) and, optionally, a
//! truth file (JSON Lines, one line per labelled record) and a civil-status register (CSV, the
//! true identity of every holder). The same [`SynthConfig`] (seed included) always gives the
//! same bytes.
//!
//! Truth line: `{"id": idTechnique, "label": "...", "field": "...", "deposited": "...",
//! "truth": "..."}`. `field` is the XML element changed (`nomNaissance`, `prenom1`, `sexe`,
//! `codeInsee`), or `dateNaissance` for the birth date, written `YYYY-MM-DD` from the three
//! deposited integers (so `2001-02-31` may appear). A label may move other fields too:
//! `swapped_names` also changes `prenom1`, `merged_first_names` removes `prenom2`, etc.; the
//! register has the whole true identity. `decoy_*` records are correct (`deposited` = `truth`)
//! but look suspicious.
//!
//! | label | field | deposited ← truth |
//! |---|---|---|
//! | `swapped_names` | nomNaissance | `THOMAS` / prenom1 `Dupont` ← `DUPONT` / `Thomas` |
//! | `swapped_first_names` | prenom1 | `Anne` / prenom2 `Marie` ← `Marie` / `Anne` |
//! | `sex_mismatch` | sexe | `F` for a clearly male first name ← `M` |
//! | `merged_first_names` | prenom1 | `JEAN PIERRE`, no prenom2 ← `JEAN` / `PIERRE` |
//! | `hyphen_missing` | prenom1 | `Jean Pierre` ← `Jean-Pierre` |
//! | `hyphen_extra` | prenom1 | `Jean-Pierre`, no prenom2 ← `Jean` / `Pierre` |
//! | `hyphen_double` | prenom1 | `Jean--Pierre` ← `Jean-Pierre` |
//! | `space_around_hyphen` | prenom1 | `Jean - Pierre`, `Jean -Pierre` ← `Jean-Pierre` |
//! | `mojibake` | prenom1 or nomNaissance | `LÃ©a` ← `Léa` (UTF-8 read as Windows-1252) |
//! | `leading_whitespace`, `trailing_whitespace` | prenom1 or nomNaissance | `" Léa"`, `"MARTIN "` (or NBSP) |
//! | `double_whitespace` | nomNaissance | `LE  GALL` ← `LE GALL` |
//! | `stray_character` | prenom1 or nomNaissance | `Julie2`, `*MARTIN`, `L?a` ← `Léa` |
//! | `typographic_apostrophe` | nomNaissance | `N’DIAYE` ← `N'DIAYE` |
//! | `usage_name_as_birth_name` | nomNaissance | the married name ← the birth name |
//! | `truncation` | prenom1 (20) or nomNaissance (30) | the first 20 / 30 characters |
//! | `impossible_date` | dateNaissance | `2001-02-31` ← `2001-02-13` |
//! | `day_month_swapped` | dateNaissance | `2001-03-11` ← `2001-11-03` |
//! | `placeholder_date` | dateNaissance | `1999-01-01` (or 12-31) for a foreign-born holder |
//! | `postal_code_as_insee` | codeInsee | `75014` ← `75114` |
//! | `decoy_compound_first_name` | prenom1 | a real `Jean-Pierre` |
//! | `decoy_apostrophe_name` | nomNaissance | a real `N'DIAYE` |
//! | `decoy_surname_first_name` | nomNaissance | a real `MARTIN` / `Pierre` |
//! | `decoy_mixed_first_name` | sexe | a real male Camille, female Sacha |
//! | `decoy_double_name` | nomNaissance | a real `DUPONT--MARTIN` or `DUPONT-MARTIN` |
//! | (no label: a correct record) | nomUsage | the birth name copied, for [`USAGE_COPY_RATE`] (10 %) of correct holders without a usage name ← none |
//!
//! Identities: 55 % women; birth years mostly 1995–2004 (1950–2006 in all); prenom2 for
//! about 60 %, prenom3 for 20 %; a usage name for about 15 % of women, and on correct records
//! (unlabelled and decoys) the birth name copied into nomUsage for 10 % of the others, men and
//! women, as many exports do (the register keeps no usage name for them); 15 % born abroad
//! (`99xxx` + codePaysNaissance), a few births given by postal code (sometimes nil), a few
//! unknown day/month abroad; 40 % of records written upper case without accents (APOGEE style);
//! 0.5 % of clean records identified by `dossierFormation`. Names, communes and countries come
//! from `data.txt` (test data, not reference tables).

mod data;
mod inject;
mod person;
mod rng;
mod text;
pub(crate) mod xml;

pub use inject::Label;

use inject::Labelled;
use person::{draw_identity, Identity};
use rng::{Rng, Weighted};
use std::collections::BTreeMap;
use std::io::{self, Write};
use xml::Buf;

/// Share of correct holders (unlabelled and decoys) without a usage name whose export copies
/// the birth name into `nomUsage`, men and women alike: many student systems fill the usage
/// name with the birth name when there is none. Drawn from a stream of its own, so the rest of
/// the deposit does not depend on it; records with a labelled error never get the copy, so
/// the label rows measure their error alone.
pub const USAGE_COPY_RATE: f64 = 0.10;

/// Seeds the export-habit stream (the usage-name copy) apart from the identity stream.
const EXPORT_STREAM: u64 = 0xC0B1_E5A6_E000_0001;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthConfig {
    pub holders: u64,
    pub seed: u64,
    /// Share of holders with one labelled error (0–1).
    pub error_rate: f64,
    /// Share of holders that are labelled decoys (0–1).
    pub decoy_rate: f64,
    /// Number of `certification` elements the holders are spread over (at most one per
    /// holder). The 8th of every ten is a language test (RS, European language level, a
    /// validity end date), the 10th a digital-skills test (DigComp results); the others are
    /// diplomas (RNCP).
    pub certifications: usize,
    /// Year of the awards (birth years are not shifted).
    pub year: u16,
    pub id_client: String,
    pub id_contrat: String,
    /// Share of clean holders identified by a CPF file (`dossierFormation`) instead of civil status.
    pub dossier_rate: f64,
    /// Relative weights of the error labels; labels left out are never drawn.
    pub error_weights: Vec<(Label, u32)>,
}

impl Default for SynthConfig {
    fn default() -> SynthConfig {
        SynthConfig {
            holders: 1000,
            seed: 7,
            error_rate: 0.15,
            decoy_rate: 0.05,
            certifications: 20,
            year: 2025,
            id_client: "12ABC345".into(),
            id_contrat: "MCFCER000123".into(),
            dossier_rate: 0.005,
            error_weights: Label::errors().map(|l| (l, l.default_weight())).collect(),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub holders: u64,
    pub certifications: usize,
    pub errors: u64,
    pub decoys: u64,
    pub dossier_formation: u64,
    pub by_label: BTreeMap<&'static str, u64>,
    /// Bytes of XML written.
    pub bytes: u64,
}

/// One line of the truth file, fields in this order.
#[derive(serde::Serialize)]
struct TruthLine<'a> {
    id: &'a str,
    label: &'a str,
    field: &'a str,
    deposited: &'a str,
    truth: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Diploma,
    Language,
    Digital,
}

#[derive(Debug, Clone)]
struct Cert {
    kind: Kind,
    typ: &'static str,
    code: String,
    holders: u64,
    options: &'static [&'static str],
    url_base: Option<&'static str>,
    exam: Option<(String, String)>,
    modalite: Option<&'static str>,
    centre: Option<&'static str>,
    award: String,
    award_year: u16,
}

const OPTIONS: &[&[&str]] = &[
    &[],
    &[
        "Parcours Finance d'entreprise",
        "Parcours Contrôle de gestion & audit",
    ],
    &[
        "Option Génie logiciel",
        "Option Réseaux et télécommunications",
        "Option Data science",
    ],
    &[],
    &["Parcours Droit des affaires", "Parcours Droit public"],
    &["Spécialité Biologie-Santé"],
];
const CENTRES: &[&str] = &[
    "69007", "75013", "31400", "33400", "59650", "44300", "67000", "13013",
];
const URLS: &[&str] = &[
    "https://diplomes.univ-exemple.fr/verification/",
    "https://certificats.exemple-formation.fr/preuve?id=",
];

fn date(y: u16, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn make_certs(cfg: &SynthConfig, rng: &mut Rng) -> Vec<Cert> {
    let n = cfg.certifications.clamp(1, cfg.holders.max(1) as usize);
    let weights: Vec<u64> = (0..n).map(|_| 1 + rng.below(10)).collect();
    let total: u64 = weights.iter().sum();
    let mut left = cfg.holders;
    let y = cfg.year;
    (0..n)
        .map(|i| {
            let remaining_certs = (n - i - 1) as u64;
            let share = if i + 1 == n {
                left
            } else {
                (cfg.holders * weights[i] / total)
                    .clamp(1, left.saturating_sub(remaining_certs).max(1))
            };
            left -= share.min(left);
            let kind = match i % 10 {
                7 => Kind::Language,
                9 => Kind::Digital,
                _ => Kind::Diploma,
            };
            let (typ, code) = match kind {
                Kind::Diploma => ("RNCP", format!("RNCP{}", 34000 + rng.below(6000))),
                _ => ("RS", format!("RS{}", 5000 + rng.below(1500))),
            };
            let exam_month = rng.range(5, 6);
            let exam_day = rng.range(1, 20);
            let exam = rng.chance(0.85).then(|| {
                let end = exam_day
                    + if kind == Kind::Diploma {
                        rng.range(0, 10)
                    } else {
                        0
                    };
                (date(y, exam_month, exam_day), date(y, exam_month, end))
            });
            Cert {
                kind,
                typ,
                code,
                holders: share,
                options: if kind == Kind::Diploma {
                    OPTIONS[i % OPTIONS.len()]
                } else {
                    &[]
                },
                url_base: rng.chance(0.15).then(|| *rng.pick(URLS)),
                exam,
                modalite: rng.chance(0.8).then_some("EN_PRESENTIEL"),
                centre: rng.chance(0.6).then(|| *rng.pick(CENTRES)),
                award: date(y, rng.range(6, 7), rng.range(1, 30)),
                award_year: y,
            }
        })
        .collect()
}

fn uuid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

const MENTIONS: &[(&str, u64)] = &[
    ("SANS_MENTION", 35),
    ("MENTION_ASSEZ_BIEN", 30),
    ("MENTION_BIEN", 20),
    ("MENTION_TRES_BIEN", 7),
    ("MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY", 1),
    ("", 7),
];
const ACCES: &[(&str, u64)] = &[
    ("FORMATION_INITIALE_HORS_APPRENTISSAGE", 700),
    ("FORMATION_INITIALE_APPRENTISSAGE", 120),
    (
        "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
        80,
    ),
    ("FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION", 30),
    ("VAE", 30),
    ("EQUIVALENCE_DIPLOME_ETRANGER", 10),
    ("CANDIDAT_LIBRE", 20),
    ("", 10),
];
const INITIATIVE: &[(&str, u64)] = &[
    ("CERTIFIE", 70),
    ("OF", 12),
    ("EMPLOYEUR", 8),
    ("POLE_EMPLOI", 5),
    ("AUTRE", 5),
];
const LEVELS: &[&str] = &["A2", "B1", "B2", "B2", "C1", "C1", "C2", "INSUFFISANT"];

struct Tables {
    mention: Weighted,
    acces: Weighted,
    initiative: Weighted,
    errors: Vec<Label>,
    error_w: Weighted,
}

fn weighted(items: &[(&str, u64)]) -> Weighted {
    Weighted::new(items.iter().map(|(_, w)| *w))
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<cpf:flux xmlns:cpf=\"urn:cdc:cpf:pc5:schema:1.0.0\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

/// Streams a deposit to `out` and the truth lines to `truth`.
pub fn generate<W: Write>(
    cfg: &SynthConfig,
    out: W,
    truth: Option<&mut dyn Write>,
) -> io::Result<Stats> {
    generate_with_register(cfg, out, truth, None)
}

/// [`generate`], also writing the true civil-status identity of every holder as CSV.
pub fn generate_with_register<W: Write>(
    cfg: &SynthConfig,
    mut out: W,
    mut truth: Option<&mut dyn Write>,
    register: Option<&mut dyn Write>,
) -> io::Result<Stats> {
    if cfg.holders == 0 {
        // a certification needs at least one passage
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a deposit needs at least one holder",
        ));
    }
    let mut rng = Rng::new(cfg.seed);
    let mut export_rng = Rng::new(cfg.seed ^ EXPORT_STREAM);
    let certs = make_certs(cfg, &mut rng);
    let errors: Vec<Label> = cfg
        .error_weights
        .iter()
        .filter(|(l, w)| *w > 0 && !l.is_decoy())
        .map(|(l, _)| *l)
        .collect();
    let error_w = Weighted::new(
        cfg.error_weights
            .iter()
            .filter(|(l, w)| *w > 0 && !l.is_decoy())
            .map(|(_, w)| u64::from(*w)),
    );
    let tables = Tables {
        mention: weighted(MENTIONS),
        acces: weighted(ACCES),
        initiative: weighted(INITIATIVE),
        errors,
        error_w,
    };
    let decoys: Vec<Label> = Label::decoys().collect();
    let mut register = register.map(csv::Writer::from_writer);
    if let Some(reg) = register.as_mut() {
        reg.write_record([
            "idTechnique",
            "nomNaissance",
            "nomUsage",
            "prenom1",
            "prenom2",
            "prenom3",
            "anneeNaissance",
            "moisNaissance",
            "jourNaissance",
            "sexe",
            "codeInsee",
            "libelleCommuneNaissance",
            "codePaysNaissance",
            "libellePaysNaissance",
        ])?;
    }

    let mut stats = Stats {
        certifications: certs.len(),
        ..Stats::default()
    };
    let mut b = Buf::new();
    b.bytes.extend_from_slice(HEAD.as_bytes());
    b.leaf(1, "idFlux", &uuid(&mut rng));
    b.leaf(
        1,
        "horodatage",
        &format!("{}-07-31T10:15:00+02:00", cfg.year),
    );
    b.open(1, "emetteur");
    b.leaf(2, "idClient", &cfg.id_client);
    b.open(2, "certificateurs");
    b.open(3, "certificateur");
    b.leaf(4, "idClient", &cfg.id_client);
    b.leaf(4, "idContrat", &cfg.id_contrat);
    b.open(4, "certifications");
    let mut seq: u64 = 0;
    for cert in &certs {
        b.open(5, "certification");
        b.leaf(6, "type", cert.typ);
        b.leaf(6, "code", &cert.code);
        b.leaf(6, "natureDeposant", "CERTIFICATEUR");
        b.open(6, "passageCertifications");
        for _ in 0..cert.holders {
            seq += 1;
            let id = format!("{}-{}-{:07}", cert.award_year, cert.code, seq);
            let mut person = draw_identity(&mut rng);
            let r = rng.unit();
            let mut label: Option<Labelled> = None;
            let deposited: Identity = if r < cfg.error_rate && !tables.errors.is_empty() {
                let l = tables.errors[tables.error_w.sample(&mut rng)];
                let (dep, lab) = inject::apply(l, &mut rng, &mut person);
                label = Some(lab);
                dep
            } else if r < cfg.error_rate + cfg.decoy_rate {
                let l = *rng.pick(&decoys);
                let (dep, lab) = inject::apply(l, &mut rng, &mut person);
                label = Some(lab);
                dep
            } else {
                person.clone()
            };
            // One draw per holder, whatever the record, so the copies stay aligned.
            let copy_birth_name = export_rng.chance(USAGE_COPY_RATE);
            let correct = label.as_ref().is_none_or(|l| l.label.is_decoy());
            let deposited = if correct && copy_birth_name && deposited.usage.is_none() {
                Identity {
                    usage: Some(deposited.nom.clone()),
                    ..deposited
                }
            } else {
                deposited
            };
            let dossier = label.is_none() && rng.chance(cfg.dossier_rate);
            write_passage(&mut b, &mut rng, &tables, cert, &id, &deposited, dossier);
            out.write_all(&b.bytes)?;
            stats.bytes += b.bytes.len() as u64;
            b.bytes.clear();
            stats.holders += 1;
            stats.dossier_formation += u64::from(dossier);
            if let Some(lab) = &label {
                if lab.label.is_decoy() {
                    stats.decoys += 1;
                } else {
                    stats.errors += 1;
                }
                *stats.by_label.entry(lab.label.as_str()).or_default() += 1;
                if let Some(t) = truth.as_deref_mut() {
                    let line = TruthLine {
                        id: &id,
                        label: lab.label.as_str(),
                        field: lab.field,
                        deposited: &lab.deposited,
                        truth: &lab.truth,
                    };
                    serde_json::to_writer(&mut *t, &line)?;
                    t.write_all(b"\n")?;
                }
            }
            if let Some(reg) = register.as_mut() {
                let num = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
                reg.write_record([
                    id.as_str(),
                    &person.nom,
                    person.usage.as_deref().unwrap_or(""),
                    &person.p1,
                    person.p2.as_deref().unwrap_or(""),
                    person.p3.as_deref().unwrap_or(""),
                    &person.year.to_string(),
                    &num(person.month),
                    &num(person.day),
                    if person.sex == 'F' { "F" } else { "M" },
                    &person.place_insee,
                    person.libelle_commune.as_deref().unwrap_or(""),
                    person.code_pays.as_deref().unwrap_or(""),
                    person.libelle_pays.as_deref().unwrap_or(""),
                ])?;
            }
        }
        b.close(6, "passageCertifications");
        b.close(5, "certification");
    }
    b.close(4, "certifications");
    b.close(3, "certificateur");
    b.close(2, "certificateurs");
    b.close(1, "emetteur");
    b.bytes.extend_from_slice(b"</cpf:flux>\n");
    out.write_all(&b.bytes)?;
    stats.bytes += b.bytes.len() as u64;
    out.flush()?;
    if let Some(reg) = register.as_mut() {
        reg.flush()?;
    }
    if let Some(t) = truth {
        t.flush()?;
    }
    Ok(stats)
}

fn write_passage(
    b: &mut Buf,
    rng: &mut Rng,
    t: &Tables,
    cert: &Cert,
    id: &str,
    person: &Identity,
    dossier: bool,
) {
    const L: usize = 8;
    b.open(7, "passageCertification");
    b.leaf(L, "idTechnique", id);
    if let Some(base) = cert.url_base {
        b.leaf(L, "urlPreuve", &format!("{base}{id}"));
    }
    if !cert.options.is_empty() {
        b.leaf(L, "libelleOption", rng.pick::<&str>(cert.options));
    }
    let scoring = cert.kind != Kind::Diploma;
    b.leaf(
        L,
        "obtentionCertification",
        if scoring {
            "PAR_SCORING"
        } else {
            "PAR_ADMISSION"
        },
    );
    b.leaf(
        L,
        "donneeCertifiee",
        if rng.chance(0.98) { "true" } else { "false" },
    );
    if let Some((start, end)) = &cert.exam {
        b.leaf(L, "dateDebutExamen", start);
        b.leaf(L, "dateFinExamen", end);
    }
    if let Some(m) = cert.modalite {
        let r = rng.unit();
        let m = if r < 0.05 {
            "A_DISTANCE"
        } else if r < 0.10 {
            "MIXTE"
        } else {
            m
        };
        b.leaf(L, "modalitePassageExamen", m);
    }
    b.opt(L, "codePostalCentreExamen", cert.centre);
    b.leaf(L, "dateDebutValidite", &cert.award);
    if cert.kind == Kind::Language {
        let end = format!("{}{}", cert.award_year + 2, &cert.award[4..]);
        b.leaf(L, "dateFinValidite", &end);
    } else {
        b.nil(L, "dateFinValidite");
    }
    let language = cert.kind == Kind::Language;
    b.leaf(
        L,
        "presenceNiveauLangueEuro",
        if language { "true" } else { "false" },
    );
    if language {
        b.leaf(L, "niveauLangueEuropeen", rng.pick::<&str>(LEVELS));
    }
    let digital = cert.kind == Kind::Digital;
    b.leaf(
        L,
        "presenceNiveauNumeriqueEuro",
        if digital { "true" } else { "false" },
    );
    if digital {
        b.open(L, "niveauNumeriqueEuropeen");
        b.num(L + 1, "scoreGeneral", rng.range(120, 900) as u64);
        b.open(L + 1, "resultats");
        for area in 1..=5u8 {
            b.open(L + 2, "resultat");
            b.num(L + 3, "niveau", rng.range(1, 6) as u64);
            b.leaf(L + 3, "domaineCompetenceId", &area.to_string());
            b.leaf(L + 3, "competenceId", "1");
            b.close(L + 2, "resultat");
        }
        b.close(L + 1, "resultats");
        b.close(L, "niveauNumeriqueEuropeen");
    }
    if scoring {
        b.leaf(L, "scoring", &rng.range(400, 990).to_string());
        b.nil(L, "mentionValidee");
    } else {
        b.nil(L, "scoring");
        let m = MENTIONS[t.mention.sample(rng)].0;
        b.nillable(L, "mentionValidee", (!m.is_empty()).then_some(m));
    }
    b.open(L, "modalitesInscription");
    let acces = ACCES[t.acces.sample(rng)].0;
    b.nillable(L + 1, "modaliteAcces", (!acces.is_empty()).then_some(acces));
    if acces == "VAE" {
        let voie = if rng.chance(0.8) {
            "VAE_CLASSIQUE"
        } else {
            "CONGES_VAE"
        };
        b.leaf(L + 1, "voieAccessVAE", voie);
    }
    if rng.chance(0.7) {
        b.leaf(
            L + 1,
            "initiativeInscription",
            INITIATIVE[t.initiative.sample(rng)].0,
        );
    }
    if rng.chance(0.7) {
        let d = if cert.kind == Kind::Diploma {
            date(cert.award_year - 1, rng.range(7, 10), rng.range(1, 28))
        } else {
            date(cert.award_year, rng.range(1, 4), rng.range(1, 28))
        };
        b.leaf(L + 1, "dateInscription", &d);
    }
    b.close(L, "modalitesInscription");
    b.open(L, "identificationTitulaire");
    if dossier {
        b.open(L + 1, "dossierFormation");
        let dossier_id = format!("{:011}", rng.below(100_000_000_000));
        b.leaf(L + 2, "idDossier", &dossier_id);
        b.leaf(
            L + 2,
            "nomTitulaire",
            &text::truncate_chars(&person.nom, 30),
        );
        b.leaf(
            L + 2,
            "prenom1Titulaire",
            &text::truncate_chars(&person.p1, 20),
        );
        b.close(L + 1, "dossierFormation");
    } else {
        b.titulaire(L + 1, person);
    }
    b.close(L, "identificationTitulaire");
    b.close(7, "passageCertification");
}
