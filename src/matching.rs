//! A simulation of the CDC's identity matching ("nirisation", FORMAT.md section 5), for
//! tests and support staff: a register of identities (CSV) stands in for the SNGI, and
//! each deposited holder goes through the documented funnel.
//!
//! What is documented [DOC] and what is assumed [INF]:
//! - [DOC] step A compares birth name, first name, sex and birth year; step B adds day and
//!   month; step C adds the place of birth and the other data sent; the messages are the
//!   CDC's. Accents are not discriminating; the hyphen of compound first names is.
//! - [INF] step A's "first name" is `prenom1` only; case is ignored; the other first names
//!   are compared at step C; for a birth abroad the place is compared on the 99xxx code;
//!   a nil day or month matches any value; birth-name punctuation (apostrophe, hyphen,
//!   space) is discriminating unless `--ignore-name-punctuation` says otherwise.

use crate::error::InputError;
use crate::model::{parse_xsd_int, Field, Record};
use crate::normalize;
use std::collections::HashMap;
use std::path::Path;

pub const MSG_A: &str = "Aucun titulaire ne correspond aux critères obligatoires";
pub const MSG_B: &str = "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance";
pub const MSG_C: &str = "Aucun titulaire ne correspond aux critères de reconciliation";
pub const MSG_SEVERAL: &str = "Plusieurs titulaires ont été identifiés";

/// One person of the register.
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub nom: String,
    pub prenom1: String,
    pub prenom2: String,
    pub prenom3: String,
    pub sexe: String,
    pub annee: i64,
    pub mois: Option<i64>,
    pub jour: Option<i64>,
    pub insee: String,
}

/// The register, indexed by the step-A key.
pub struct Register {
    people: Vec<Person>,
    by_key: HashMap<(String, String, String, i64), Vec<u32>>,
    ignore_name_punctuation: bool,
}

/// Outcome for one holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Matched,
    Rejected(&'static str),
}

fn name_key(s: &str, squash: bool) -> String {
    if squash {
        normalize::squash(s)
    } else {
        normalize::key(s)
    }
}

impl Register {
    /// Reads a CSV register with a header naming at least nomNaissance, prenom1, sexe,
    /// anneeNaissance (and optionally prenom2, prenom3, moisNaissance, jourNaissance, codeInsee),
    /// `,` or `;` separated (the generator's `--register` output fits).
    pub fn load(path: &Path, ignore_name_punctuation: bool) -> Result<Register, InputError> {
        let (mut r, headers) = crate::input::small_csv::open(path)?;
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let required = ["nomNaissance", "prenom1", "sexe", "anneeNaissance"];
        if let Some(missing) = required.iter().find(|n| col(n).is_none()) {
            return Err(InputError::new(
                path,
                format!("colonne obligatoire absente du registre : {missing}"),
                format!("required register column missing: {missing}"),
            ));
        }
        let get = |row: &csv::StringRecord, name: &str| {
            col(name)
                .and_then(|c| row.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let mut people = Vec::new();
        let mut by_key: HashMap<_, Vec<u32>> = HashMap::new();
        for (i, row) in r.records().enumerate() {
            let line = i as u64 + 2;
            let row = row.map_err(|e| {
                InputError::new(
                    path,
                    format!("ligne illisible : {e}"),
                    format!("unreadable row: {e}"),
                )
                .at(line, None)
            })?;
            let annee = parse_xsd_int(&get(&row, "anneeNaissance")).ok_or_else(|| {
                InputError::new(
                    path,
                    "année de naissance illisible",
                    "unreadable birth year",
                )
                .at(line, None)
                .field("anneeNaissance")
            })?;
            let p = Person {
                nom: get(&row, "nomNaissance"),
                prenom1: get(&row, "prenom1"),
                prenom2: get(&row, "prenom2"),
                prenom3: get(&row, "prenom3"),
                sexe: get(&row, "sexe"),
                annee,
                mois: parse_xsd_int(&get(&row, "moisNaissance")),
                jour: parse_xsd_int(&get(&row, "jourNaissance")),
                insee: get(&row, "codeInsee"),
            };
            let key = (
                name_key(&p.nom, ignore_name_punctuation),
                normalize::key(&p.prenom1),
                p.sexe.clone(),
                p.annee,
            );
            by_key.entry(key).or_default().push(people.len() as u32);
            people.push(p);
        }
        Ok(Register {
            people,
            by_key,
            ignore_name_punctuation,
        })
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Runs the funnel for one deposited holder.
    pub fn matches(&self, r: &Record) -> Outcome {
        let text = |f: Field| r.text(f).unwrap_or("");
        let Some(year) = r.text(Field::AnneeNaissance).and_then(parse_xsd_int) else {
            return Outcome::Rejected(MSG_A);
        };
        let key = (
            name_key(text(Field::NomNaissance), self.ignore_name_punctuation),
            normalize::key(text(Field::Prenom1)),
            text(Field::Sexe).to_string(),
            year,
        );
        let step_a: &[u32] = self.by_key.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
        match step_a.len() {
            0 => return Outcome::Rejected(MSG_A),
            1 => return Outcome::Matched,
            _ => {}
        }
        let mois = r.text(Field::MoisNaissance).and_then(parse_xsd_int);
        let jour = r.text(Field::JourNaissance).and_then(parse_xsd_int);
        let step_b: Vec<&Person> = step_a
            .iter()
            .map(|&i| &self.people[i as usize])
            .filter(|p| (mois.is_none() || p.mois == mois) && (jour.is_none() || p.jour == jour))
            .collect();
        match step_b.len() {
            0 => return Outcome::Rejected(MSG_B),
            1 => return Outcome::Matched,
            _ => {}
        }
        let insee = text(Field::CodeInsee);
        let p2 = normalize::key(text(Field::Prenom2));
        let p3 = normalize::key(text(Field::Prenom3));
        let step_c: Vec<&&Person> = step_b
            .iter()
            .filter(|p| insee.is_empty() || p.insee == insee)
            .filter(|p| p2.is_empty() || normalize::key(&p.prenom2) == p2)
            .filter(|p| p3.is_empty() || normalize::key(&p.prenom3) == p3)
            .collect();
        match step_c.len() {
            0 => Outcome::Rejected(MSG_C),
            1 => Outcome::Matched,
            _ => Outcome::Rejected(MSG_SEVERAL),
        }
    }
}

/// Writes a processing report in the CDC's format (FORMAT.md 4.1).
pub fn report_xml(
    file_name: &str,
    rejected: &[(String, &'static str)],
    accepted: &[String],
) -> String {
    let esc = |s: &str| quick_xml::escape::escape(s).into_owned();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<rapport xmlns:ns2=\"urn:cdc:cpf:pc5:rapport:schema\">\n");
    out.push_str(&format!(
        "    <nomFichier>{}</nomFichier>\n    <idTraitement>0</idTraitement>\n    <PassagesKO>\n",
        esc(file_name)
    ));
    for (id, msg) in rejected {
        out.push_str(&format!(
            "        <passage>\n            <idTechnique>{}</idTechnique>\n            <messageErreur>{}</messageErreur>\n        </passage>\n",
            esc(id),
            esc(msg)
        ));
    }
    out.push_str("    </PassagesKO>\n    <PassagesOK>\n");
    for id in accepted {
        out.push_str(&format!("        <idTechnique>{}</idTechnique>\n", esc(id)));
    }
    out.push_str("    </PassagesOK>\n</rapport>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn register(rows: &str) -> Register {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, format!("nomNaissance,prenom1,prenom2,prenom3,sexe,anneeNaissance,moisNaissance,jourNaissance,codeInsee\n{rows}")).unwrap();
        Register::load(&p, false).unwrap()
    }

    fn holder(nom: &str, p1: &str, sexe: &str, y: &str, m: &str, d: &str, insee: &str) -> Record {
        let mut r = Record::default();
        for (f, v) in [
            (Field::NomNaissance, nom),
            (Field::Prenom1, p1),
            (Field::Sexe, sexe),
            (Field::AnneeNaissance, y),
            (Field::MoisNaissance, m),
            (Field::JourNaissance, d),
            (Field::CodeInsee, insee),
        ] {
            r.set(f, Value::new(v));
        }
        r
    }

    #[test]
    fn funnel() {
        let reg = register("MARTIN,LEA,,,F,2001,3,14,69123\nMARTIN,LEA,,,F,2001,5,2,75056\nMARTIN,LEA,,,F,2001,5,2,13055\nDUPONT,JEAN-PIERRE,,,M,1990,1,1,33063\n");
        assert_eq!(
            reg.matches(&holder(
                "Dupont",
                "Jean-Pierre",
                "M",
                "1990",
                "1",
                "1",
                "33063"
            )),
            Outcome::Matched
        );
        assert_eq!(
            reg.matches(&holder(
                "DUPONT",
                "Jean Pierre",
                "M",
                "1990",
                "1",
                "1",
                "33063"
            )),
            Outcome::Rejected(MSG_A)
        );
        assert_eq!(
            reg.matches(&holder("MARTIN", "Léa", "F", "2001", "3", "14", "69123")),
            Outcome::Matched
        );
        assert_eq!(
            reg.matches(&holder("MARTIN", "Léa", "F", "2001", "4", "14", "69123")),
            Outcome::Rejected(MSG_B)
        );
        assert_eq!(
            reg.matches(&holder("MARTIN", "Léa", "F", "2001", "5", "2", "13055")),
            Outcome::Matched
        );
        assert_eq!(
            reg.matches(&holder("MARTIN", "Léa", "F", "2001", "5", "2", "69123")),
            Outcome::Rejected(MSG_C)
        );
        assert_eq!(
            reg.matches(&holder("MARTIN", "Léa", "F", "2001", "5", "2", "")),
            Outcome::Rejected(MSG_SEVERAL)
        );
    }
}
