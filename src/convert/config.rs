//! The conversion's TOML configuration: the deposit values a student-system export does not
//! hold (client numbers, contract, certification, passage defaults). Keys are the XML element
//! names of the CDC data dictionary; see `docs/convert.md`.

use crate::error::InputError;
use crate::validate::values::{char_len, check_date, Lexical};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub emetteur: Emetteur,
    #[serde(default)]
    pub certificateur: Certificateur,
    #[serde(default)]
    pub certification: CertificationDefaults,
    #[serde(default)]
    pub passage: PassageDefaults,
    #[serde(default, rename = "idTechnique")]
    pub id_technique: IdTechnique,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emetteur {
    #[serde(rename = "idClient")]
    pub id_client: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificateur {
    #[serde(rename = "idClient")]
    pub id_client: Option<String>,
    #[serde(rename = "idContrat")]
    pub id_contrat: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationDefaults {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<String>,
    #[serde(rename = "natureDeposant")]
    pub nature_deposant: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageDefaults {
    #[serde(rename = "obtentionCertification", default = "par_admission")]
    pub obtention_certification: String,
    #[serde(rename = "donneeCertifiee", default = "yes")]
    pub donnee_certifiee: bool,
    #[serde(rename = "dateDebutValidite")]
    pub date_debut_validite: Option<String>,
    #[serde(rename = "dateFinValidite")]
    pub date_fin_validite: Option<String>,
    #[serde(rename = "presenceNiveauLangueEuro", default)]
    pub presence_niveau_langue_euro: bool,
    #[serde(rename = "presenceNiveauNumeriqueEuro", default)]
    pub presence_niveau_numerique_euro: bool,
    /// An enumeration value, or `"nil"` (the default).
    #[serde(rename = "mentionValidee", default = "nil")]
    pub mention_validee: String,
    /// An enumeration value, or `"nil"`.
    #[serde(rename = "modaliteAcces", default = "initiale")]
    pub modalite_acces: String,
}

impl Default for PassageDefaults {
    fn default() -> Self {
        PassageDefaults {
            obtention_certification: par_admission(),
            donnee_certifiee: true,
            date_debut_validite: None,
            date_fin_validite: None,
            presence_niveau_langue_euro: false,
            presence_niveau_numerique_euro: false,
            mention_validee: nil(),
            modalite_acces: initiale(),
        }
    }
}

fn par_admission() -> String {
    "PAR_ADMISSION".into()
}
fn yes() -> bool {
    true
}
fn nil() -> String {
    "nil".into()
}
fn initiale() -> String {
    "FORMATION_INITIALE_HORS_APPRENTISSAGE".into()
}

/// How `idTechnique` is made.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdTechnique {
    /// Put before every derived id (e.g. `"UNIV-"`), to keep ids unique across emitters' tools.
    #[serde(default)]
    pub prefixe: String,
    /// `"derive"` (default): `<prefixe><code certification>-<numéro étudiant>`;
    /// `"cle"`: the export's row key as is (an export that already holds `idTechnique`).
    #[serde(default)]
    pub source: Option<String>,
}

/// Values given on the command line; they win over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub emetteur: Option<String>,
    pub certificateur: Option<String>,
    pub contrat: Option<String>,
    pub kind: Option<String>,
    pub code: Option<String>,
    pub date_obtention: Option<String>,
}

pub const OBTENTION: [&str; 2] = ["PAR_ADMISSION", "PAR_SCORING"];
pub const MENTIONS: [&str; 5] = [
    "SANS_MENTION",
    "MENTION_ASSEZ_BIEN",
    "MENTION_BIEN",
    "MENTION_TRES_BIEN",
    "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY",
];
pub const MODALITES: [&str; 7] = [
    "FORMATION_INITIALE_HORS_APPRENTISSAGE",
    "FORMATION_INITIALE_APPRENTISSAGE",
    "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
    "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
    "VAE",
    "EQUIVALENCE_DIPLOME_ETRANGER",
    "CANDIDAT_LIBRE",
];
pub const NATURES: [&str; 2] = ["CERTIFICATEUR", "TIERS_CONFIANCE"];

/// The configuration in use and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The file read, if any (for messages).
    pub path: Option<PathBuf>,
    /// The file's bytes (part of the `idFlux` hash).
    pub bytes: Vec<u8>,
}

/// Default file looked for in the current folder when `--config` is not given.
pub const DEFAULT_FILE: &str = "accroche.toml";

/// Reads `--config`, else `./accroche.toml` when it exists, else starts empty (the command
/// line must then give the mandatory values).
pub fn load(explicit: Option<&Path>) -> Result<Loaded, InputError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.is_file()),
    };
    let Some(path) = path else {
        return Ok(Loaded {
            config: Config::default(),
            path: None,
            bytes: Vec::new(),
        });
    };
    let bytes = std::fs::read(&path).map_err(|e| crate::error::io_error(&path, &e))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        InputError::new(
            &path,
            "la configuration doit être en UTF-8",
            "the configuration must be UTF-8",
        )
    })?;
    let config: Config = toml::from_str(text).map_err(|e| {
        let mut err = InputError::new(
            &path,
            format!("configuration illisible : {}", e.message()),
            format!("unreadable configuration: {}", e.message()),
        );
        if let Some(span) = e.span() {
            let line = 1 + text[..span.start.min(text.len())].matches('\n').count() as u64;
            err = err.at(line, None);
        }
        err
    })?;
    Ok(Loaded {
        config,
        path: Some(path),
        bytes,
    })
}

impl Loaded {
    fn err(&self, key: &str, fr: String, en: String) -> InputError {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
        InputError::new(&path, fr, en).field(key)
    }

    /// Applies the command-line values, then (when `strict`) checks every value against the
    /// schema.
    pub fn finish(mut self, o: &Overrides, strict: bool) -> Result<Loaded, InputError> {
        let c = &mut self.config;
        if let Some(v) = &o.emetteur {
            c.emetteur.id_client = Some(v.clone());
        }
        if let Some(v) = &o.certificateur {
            c.certificateur.id_client = Some(v.clone());
        }
        if let Some(v) = &o.contrat {
            c.certificateur.id_contrat = Some(v.clone());
        }
        if let Some(v) = &o.kind {
            c.certification.kind = Some(v.clone());
        }
        if let Some(v) = &o.code {
            c.certification.code = Some(v.clone());
        }
        if let Some(v) = &o.date_obtention {
            c.passage.date_debut_validite = Some(v.clone());
        }
        // The certifier is most often the emitter.
        if c.certificateur.id_client.is_none() {
            c.certificateur.id_client = c.emetteur.id_client.clone();
        }
        if strict {
            self.check()?;
        }
        Ok(self)
    }

    fn check(&self) -> Result<(), InputError> {
        let c = &self.config;
        let required = |key: &str, flag: &str, v: &Option<String>| -> Result<String, InputError> {
            v.clone().ok_or_else(|| {
                self.err(
                    key,
                    format!("valeur obligatoire absente : renseignez « {key} » dans la configuration ou utilisez {flag}"),
                    format!("required value missing: set \"{key}\" in the configuration or use {flag}"),
                )
            })
        };
        let length = |key: &str, v: &str, min: usize, max: usize| -> Result<(), InputError> {
            let n = char_len(v);
            if n < min || n > max || v.trim().is_empty() {
                let want = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} à {max}")
                };
                return Err(self.err(
                    key,
                    format!("« {v} » : {n} caractère(s), le schéma en demande {want}"),
                    format!(
                        "\"{v}\": {n} character(s), the schema wants {}",
                        want.replace(" à ", " to ")
                    ),
                ));
            }
            Ok(())
        };
        let id = required("emetteur.idClient", "--emetteur", &c.emetteur.id_client)?;
        length("emetteur.idClient", &id, 8, 8)?;
        let id = required(
            "certificateur.idClient",
            "--certificateur",
            &c.certificateur.id_client,
        )?;
        length("certificateur.idClient", &id, 8, 8)?;
        let contrat = required(
            "certificateur.idContrat",
            "--contrat",
            &c.certificateur.id_contrat,
        )?;
        length("certificateur.idContrat", &contrat, 1, 20)?;
        if let Some(t) = &c.certification.kind {
            length("certification.type", t, 1, 255)?;
        }
        if let Some(t) = &c.certification.code {
            length("certification.code", t, 1, 100)?;
        }
        let one_of = |key: &str, v: &str, list: &[&str], nil_ok: bool| -> Result<(), InputError> {
            if list.contains(&v) || (nil_ok && v == "nil") {
                return Ok(());
            }
            let mut all: Vec<&str> = list.to_vec();
            if nil_ok {
                all.push("nil");
            }
            Err(self.err(
                key,
                format!(
                    "valeur inconnue « {v} » (valeurs possibles : {})",
                    all.join(", ")
                ),
                format!(
                    "unknown value \"{v}\" (possible values: {})",
                    all.join(", ")
                ),
            ))
        };
        if let Some(n) = &c.certification.nature_deposant {
            one_of("certification.natureDeposant", n, &NATURES, false)?;
        }
        let p = &c.passage;
        one_of(
            "passage.obtentionCertification",
            &p.obtention_certification,
            &OBTENTION,
            false,
        )?;
        one_of(
            "passage.mentionValidee",
            &p.mention_validee,
            &MENTIONS,
            true,
        )?;
        one_of("passage.modaliteAcces", &p.modalite_acces, &MODALITES, true)?;
        for (key, v) in [
            ("passage.dateDebutValidite", &p.date_debut_validite),
            ("passage.dateFinValidite", &p.date_fin_validite),
        ] {
            if let Some(d) = v {
                if check_date(d) != Lexical::Ok {
                    return Err(self.err(
                        key,
                        format!("date invalide « {d} » (attendu AAAA-MM-JJ, années 1900 à 2099, date existante)"),
                        format!("invalid date \"{d}\" (expected YYYY-MM-DD, years 1900 to 2099, an existing date)"),
                    ));
                }
            }
        }
        if let (Some(a), Some(b)) = (&p.date_debut_validite, &p.date_fin_validite) {
            if b < a {
                return Err(self.err(
                    "passage.dateFinValidite",
                    format!("dateFinValidite {b} avant dateDebutValidite {a} : la CDC rejetterait chaque passage"),
                    format!("dateFinValidite {b} before dateDebutValidite {a}: the CDC would reject every passage"),
                ));
            }
        }
        match c.id_technique.source.as_deref() {
            None | Some("derive") | Some("cle") => {}
            Some(other) => {
                return Err(self.err(
                    "idTechnique.source",
                    format!("valeur inconnue « {other} » (valeurs possibles : derive, cle)"),
                    format!("unknown value \"{other}\" (possible values: derive, cle)"),
                ))
            }
        }
        if char_len(&c.id_technique.prefixe) > 100 {
            return Err(self.err(
                "idTechnique.prefixe",
                "préfixe trop long (100 caractères au plus)".into(),
                "prefix too long (100 characters at most)".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(text: &str) -> Result<Loaded, InputError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            InputError::new(Path::new("t.toml"), e.message(), e.message().to_string())
        })?;
        Loaded {
            config,
            path: Some("t.toml".into()),
            bytes: text.as_bytes().to_vec(),
        }
        .finish(&Overrides::default(), true)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let l = loaded(
            "[emetteur]\nidClient = \"12ABC345\"\n[certificateur]\nidContrat = \"MCFCER000123\"\n",
        )
        .unwrap();
        assert_eq!(
            l.config.certificateur.id_client.as_deref(),
            Some("12ABC345")
        );
        assert_eq!(l.config.passage.mention_validee, "nil");
        assert!(l.config.passage.donnee_certifiee);
    }

    #[test]
    fn bad_values_are_named() {
        let e = loaded("[emetteur]\nidClient = \"123\"\n[certificateur]\nidContrat = \"X\"\n")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("emetteur.idClient"));
        let e = loaded(
            "[emetteur]\nidClient = \"12ABC345\"\n[certificateur]\nidContrat = \"X\"\n[passage]\nmodaliteAcces = \"VAE_CLASSIQUE\"\n",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("passage.modaliteAcces"));
        assert!(toml::from_str::<Config>("[emetteur]\nidclient = \"x\"\n").is_err());
    }
}
