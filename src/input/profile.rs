//! Column profiles: how one student system's CSV export maps onto the record model.
//!
//! A profile is data (TOML). The built-in ones live in `rules/profiles/` and are embedded in the
//! binary; users may write their own and pass its path. See `docs/csv-profiles.md`.

use crate::error::{io_error, InputError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Targets a profile's `[columns]` table may map source columns to: the model's identity
/// fields plus a few helper columns the reader combines (see `docs/csv-profiles.md`).
pub const TARGETS: &[&str] = &[
    "key",
    "nomNaissance",
    "nomUsage",
    "prenom1",
    "prenom2",
    "prenom3",
    "dateNaissance",
    "anneeNaissance",
    "moisNaissance",
    "jourNaissance",
    "sexe",
    "codeInsee",
    "codePostal",
    "libelleCommuneNaissance",
    "communeNaissanceEtranger",
    "codePaysNaissance",
    "libellePaysNaissance",
    "typeLieuNaissance",
    "codeDepartementPays",
    "usagePrenom",
    "prenomEtatCivil",
    "sexeEtatCivil",
    "dateNaissanceEstimee",
    "nir",
    "certificationType",
    "certificationCode",
    "dateDebutValidite",
];

/// Targets that every file must provide (`dateNaissance` may be replaced by `anneeNaissance`).
pub const REQUIRED: &[&str] = &["nomNaissance", "prenom1", "sexe"];

/// One source column name or several aliases.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Aliases {
    One(String),
    Many(Vec<String>),
}

impl Aliases {
    pub fn names(&self) -> &[String] {
        match self {
            Aliases::One(s) => std::slice::from_ref(s),
            Aliases::Many(v) => v,
        }
    }
}

/// A column profile, as written in TOML.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name (`apogee`), used by `--profile NAME` and in messages.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Encoding to assume when the start of the file is plain ASCII and so does not tell:
    /// `utf-8` or `windows-1252` (`latin-1` is read as Windows-1252). A BOM or non-ASCII
    /// bytes always decide.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// Force the separator (one character; `\t` for tab). Detected when absent.
    #[serde(default)]
    pub separator: Option<String>,
    /// Header names that recognise this layout (matched like column names; `a|b` = either).
    #[serde(default)]
    pub signature: Vec<String>,
    /// Date formats tried in order: patterns made of `DD`, `MM`, `YYYY` and literal
    /// characters, or `serial` (spreadsheet day number). A time after the date is ignored.
    #[serde(default = "default_date_formats")]
    pub date_formats: Vec<String>,
    /// Cell values meaning "no value" (besides the empty cell), e.g. `NILL`.
    #[serde(default)]
    pub nil_values: Vec<String>,
    /// Cell values meaning "yes" for flag columns (`usagePrenom`, `dateNaissanceEstimee`).
    #[serde(default = "default_true_values")]
    pub true_values: Vec<String>,
    /// Extra sex codes (source code → `M` or `F`), added to M/F/H/1/2.
    #[serde(default)]
    pub sex: BTreeMap<String, String>,
    /// Target → source column name(s).
    pub columns: BTreeMap<String, Aliases>,
}

fn default_encoding() -> String {
    "utf-8".to_string()
}

fn default_date_formats() -> Vec<String> {
    vec!["DD/MM/YYYY".into(), "YYYY-MM-DD".into()]
}

fn default_true_values() -> Vec<String> {
    ["O", "OUI", "Y", "YES", "1", "TRUE", "VRAI", "X"]
        .map(String::from)
        .to_vec()
}

/// Built-in profiles, in detection priority order.
const BUILTIN: &[(&str, &str)] = &[
    ("apogee", include_str!("../../rules/profiles/apogee.toml")),
    ("pegase", include_str!("../../rules/profiles/pegase.toml")),
    (
        "geode-talend",
        include_str!("../../rules/profiles/geode-talend.toml"),
    ),
    (
        "excel-template",
        include_str!("../../rules/profiles/excel-template.toml"),
    ),
    ("generic", include_str!("../../rules/profiles/generic.toml")),
];

const BUILTIN_NAMES: &[&str] = &[
    "apogee",
    "pegase",
    "geode-talend",
    "excel-template",
    "generic",
];

/// Names of the built-in profiles.
pub fn builtin_names() -> &'static [&'static str] {
    BUILTIN_NAMES
}

fn builtins() -> &'static [Profile] {
    static CELL: OnceLock<Vec<Profile>> = OnceLock::new();
    CELL.get_or_init(|| {
        BUILTIN
            .iter()
            .filter_map(|(_, text)| parse(text).ok())
            .collect()
    })
}

/// A built-in profile by name (case-insensitive).
pub fn builtin(name: &str) -> Option<Profile> {
    builtins()
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
        .cloned()
}

/// Parses and checks a profile's TOML text. The error is (French, English).
pub fn parse(text: &str) -> Result<Profile, (String, String)> {
    let p: Profile = toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        (
            format!("profil illisible : {msg}"),
            format!("unreadable profile: {msg}"),
        )
    })?;
    p.validate()?;
    Ok(p)
}

/// Loads a user profile from a TOML file.
pub fn load(path: &Path) -> Result<Profile, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    parse(&text).map_err(|(fr, en)| InputError::new(path, fr, en))
}

/// Recognises a layout from its header: the built-in profile whose signature matches best
/// (at least half of its signature, and all required columns resolvable).
pub fn detect(headers: &[String]) -> Option<Profile> {
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut best: Option<(f64, usize, &Profile)> = None;
    for p in builtins() {
        if p.signature.is_empty() || !p.missing_required(&norm).is_empty() {
            continue;
        }
        let hits = p
            .signature
            .iter()
            .filter(|s| {
                s.split('|')
                    .any(|alt| norm.contains(&normalize_header(alt)))
            })
            .count();
        let frac = hits as f64 / p.signature.len() as f64;
        if frac < 0.5 {
            continue;
        }
        if best.is_none_or(|(bf, bh, _)| frac > bf || (frac == bf && hits > bh)) {
            best = Some((frac, hits, p));
        }
    }
    best.map(|(_, _, p)| p.clone())
}

/// Header comparison key: accents stripped, lower case, letters and digits only
/// (`Prénom 1`, `PRENOM_1` and `prenom1` are the same column).
pub fn normalize_header(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

impl Profile {
    fn validate(&self) -> Result<(), (String, String)> {
        let bad = |fr: String, en: String| Err((fr, en));
        if self.name.trim().is_empty() {
            return bad(
                "profil : `name` est vide".into(),
                "profile: `name` is empty".into(),
            );
        }
        for key in self.columns.keys() {
            if !TARGETS.contains(&key.as_str()) {
                return bad(
                    format!(
                        "profil {} : cible de colonne inconnue « {key} » (connues : {})",
                        self.name,
                        TARGETS.join(", ")
                    ),
                    format!(
                        "profile {}: unknown column target “{key}” (known: {})",
                        self.name,
                        TARGETS.join(", ")
                    ),
                );
            }
        }
        for (key, aliases) in &self.columns {
            if aliases
                .names()
                .iter()
                .all(|a| normalize_header(a).is_empty())
            {
                return bad(
                    format!("profil {} : aucun nom de colonne pour « {key} »", self.name),
                    format!("profile {}: no column name for “{key}”", self.name),
                );
            }
        }
        for req in REQUIRED {
            if !self.columns.contains_key(*req) {
                return bad(
                    format!(
                        "profil {} : la colonne « {req} » est obligatoire",
                        self.name
                    ),
                    format!("profile {}: column “{req}” is required", self.name),
                );
            }
        }
        if !self.columns.contains_key("dateNaissance")
            && !self.columns.contains_key("anneeNaissance")
        {
            return bad(
                format!(
                    "profil {} : il faut une colonne « dateNaissance » ou « anneeNaissance »",
                    self.name
                ),
                format!(
                    "profile {}: a “dateNaissance” or “anneeNaissance” column is required",
                    self.name
                ),
            );
        }
        for (code, to) in &self.sex {
            if to != "M" && to != "F" {
                return bad(
                    format!(
                        "profil {} : le code sexe « {code} » doit donner M ou F, pas « {to} »",
                        self.name
                    ),
                    format!(
                        "profile {}: sex code “{code}” must map to M or F, not “{to}”",
                        self.name
                    ),
                );
            }
        }
        if self.date_formats.is_empty() {
            return bad(
                format!("profil {} : `date_formats` est vide", self.name),
                format!("profile {}: `date_formats` is empty", self.name),
            );
        }
        for f in &self.date_formats {
            if DateFormat::parse(f).is_none() {
                return bad(
                    format!(
                        "profil {} : format de date invalide « {f} » (ex. DD/MM/YYYY, YYYY-MM-DD, serial)",
                        self.name
                    ),
                    format!(
                        "profile {}: invalid date format “{f}” (e.g. DD/MM/YYYY, YYYY-MM-DD, serial)",
                        self.name
                    ),
                );
            }
        }
        if self.separator_byte().is_err() {
            return bad(
                format!(
                    "profil {} : le séparateur doit être un seul caractère ASCII (ex. \";\", \",\", \"\\t\", \"|\")",
                    self.name
                ),
                format!(
                    "profile {}: the separator must be one ASCII character (e.g. \";\", \",\", \"\\t\", \"|\")",
                    self.name
                ),
            );
        }
        match encoding_rs::Encoding::for_label(self.encoding.trim().as_bytes()) {
            Some(e) if e == encoding_rs::UTF_8 || !e.is_single_byte() => {
                if e != encoding_rs::UTF_8 {
                    return bad(
                        format!("profil {} : encodage « {} » non pris en charge (utf-8 ou windows-1252)", self.name, self.encoding),
                        format!("profile {}: unsupported encoding “{}” (utf-8 or windows-1252)", self.name, self.encoding),
                    );
                }
            }
            Some(_) => {}
            None => {
                return bad(
                    format!(
                        "profil {} : encodage inconnu « {} » (utf-8 ou windows-1252)",
                        self.name, self.encoding
                    ),
                    format!(
                        "profile {}: unknown encoding “{}” (utf-8 or windows-1252)",
                        self.name, self.encoding
                    ),
                );
            }
        }
        Ok(())
    }

    /// The forced separator, if any.
    pub fn separator_byte(&self) -> Result<Option<u8>, String> {
        match self.separator.as_deref() {
            None => Ok(None),
            Some("\\t") | Some("\t") | Some("tab") => Ok(Some(b'\t')),
            Some(s) if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => {
                Ok(Some(s.as_bytes()[0]))
            }
            Some(other) => Err(other.to_string()),
        }
    }

    /// The encoding assumed when the file's start is plain ASCII.
    pub fn encoding_hint(&self) -> &'static encoding_rs::Encoding {
        encoding_rs::Encoding::for_label(self.encoding.trim().as_bytes())
            .unwrap_or(encoding_rs::UTF_8)
    }

    /// Index of the source column mapped to `target`, among normalised headers
    /// (aliases in priority order).
    pub fn find_column(&self, target: &str, norm_headers: &[String]) -> Option<usize> {
        let aliases = self.columns.get(target)?;
        aliases.names().iter().find_map(|a| {
            let a = normalize_header(a);
            norm_headers.iter().position(|h| *h == a)
        })
    }

    /// Required targets the header does not provide.
    pub fn missing_required(&self, norm_headers: &[String]) -> Vec<&'static str> {
        let mut missing: Vec<&'static str> = REQUIRED
            .iter()
            .copied()
            .filter(|t| self.find_column(t, norm_headers).is_none())
            .collect();
        if self.find_column("dateNaissance", norm_headers).is_none()
            && self.find_column("anneeNaissance", norm_headers).is_none()
        {
            missing.push(if self.columns.contains_key("dateNaissance") {
                "dateNaissance"
            } else {
                "anneeNaissance"
            });
        }
        missing
    }

    /// Source column names accepted for a target, for messages.
    pub fn aliases_of(&self, target: &str) -> String {
        self.columns
            .get(target)
            .map(|a| a.names().join(" | "))
            .unwrap_or_default()
    }
}

/// A parsed date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// Spreadsheet serial day number (1 = 1900-01-01, days since 1899-12-30).
    Serial,
    Pattern(Vec<DateTok>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTok {
    Day,
    Month,
    Year,
    Lit(char),
}

/// A parsed date: day and month 0 when unknown (`00/00/1990`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ymd {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl DateFormat {
    pub fn parse(spec: &str) -> Option<DateFormat> {
        if spec.trim().eq_ignore_ascii_case("serial") {
            return Some(DateFormat::Serial);
        }
        let mut toks = Vec::new();
        let mut rest = spec;
        while let Some(c) = rest.chars().next() {
            if let Some(r) = rest.strip_prefix("YYYY") {
                toks.push(DateTok::Year);
                rest = r;
            } else if let Some(r) = rest.strip_prefix("MM") {
                toks.push(DateTok::Month);
                rest = r;
            } else if let Some(r) = rest.strip_prefix("DD") {
                toks.push(DateTok::Day);
                rest = r;
            } else if c.is_ascii_alphanumeric() {
                return None;
            } else {
                toks.push(DateTok::Lit(c));
                rest = &rest[c.len_utf8()..];
            }
        }
        let count = |t: DateTok| toks.iter().filter(|x| **x == t).count();
        if count(DateTok::Year) != 1 || count(DateTok::Month) > 1 || count(DateTok::Day) > 1 {
            return None;
        }
        if count(DateTok::Day) == 1 && count(DateTok::Month) == 0 {
            return None;
        }
        Some(DateFormat::Pattern(toks))
    }

    /// Reads a value; `None` when it does not fit or is out of range.
    pub fn read(&self, value: &str) -> Option<Ymd> {
        match self {
            DateFormat::Serial => read_serial(value),
            DateFormat::Pattern(toks) => read_pattern(toks, value),
        }
    }
}

fn read_pattern(toks: &[DateTok], value: &str) -> Option<Ymd> {
    let b = value.as_bytes();
    let mut i = 0;
    let (mut y, mut m, mut d) = (None, None, None);
    for t in toks {
        match t {
            DateTok::Lit(c) => {
                let s = &value[i..];
                let r = s.strip_prefix(*c)?;
                i = value.len() - r.len();
            }
            DateTok::Year => {
                let digits = b.get(i..i + 4)?;
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                y = Some(num(digits));
                i += 4;
            }
            DateTok::Month | DateTok::Day => {
                let start = i;
                while i < b.len() && i - start < 2 && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                let v = num(&b[start..i]);
                if *t == DateTok::Month {
                    m = Some(v);
                } else {
                    d = Some(v);
                }
            }
        }
    }
    let rest = &value[i..];
    if !rest.is_empty() {
        // A time after the date (`12/03/2001 00:00:00`, `2001-03-12T00:00:00`).
        let time = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('T'))?;
        if !time
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | ' '))
        {
            return None;
        }
    }
    let ymd = Ymd {
        year: y?,
        month: m.unwrap_or(0),
        day: d.unwrap_or(0),
    };
    if ymd.year == 0 || ymd.month > 12 || ymd.day > 31 || (ymd.month == 0 && ymd.day != 0) {
        return None;
    }
    Some(ymd)
}

fn num(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
}

fn read_serial(value: &str) -> Option<Ymd> {
    let int_part = value.split(['.', ',']).next()?;
    let frac_ok = value[int_part.len()..]
        .get(1..)
        .is_none_or(|f| f.bytes().all(|c| c.is_ascii_digit()));
    if int_part.is_empty()
        || int_part.len() > 6
        || !int_part.bytes().all(|c| c.is_ascii_digit())
        || !frac_ok
    {
        return None;
    }
    let n: i64 = int_part.parse().ok()?;
    if !(1..=2_958_465).contains(&n) {
        return None;
    }
    // Day 0 of the spreadsheet epoch is 1899-12-30 (this absorbs the 1900 leap-year bug for
    // serials after February 1900).
    let (year, month, day) = civil_from_days(n + days_from_civil(1899, 12, 30));
    Some(Ymd {
        year: u32::try_from(year).ok()?,
        month,
        day,
    })
}

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_builtin_parses_and_is_listed() {
        for (name, text) in BUILTIN {
            let p = parse(text).unwrap_or_else(|e| panic!("{name}: {}", e.0));
            assert_eq!(p.name, *name);
            assert!(!p.signature.is_empty(), "{name} has no signature");
        }
        assert_eq!(builtins().len(), BUILTIN.len());
        for n in builtin_names() {
            assert!(builtin(n).is_some(), "{n}");
        }
        assert!(builtin("APOGEE").is_some());
        assert!(builtin("nope").is_none());
    }

    #[test]
    fn the_guide_example_is_a_valid_profile() {
        let guide = include_str!("../../docs/csv-profiles.md");
        let start = guide.find("```toml\n").expect("a toml example") + 8;
        let len = guide[start..].find("```").unwrap();
        let p = parse(&guide[start..start + len]).unwrap_or_else(|e| panic!("{}", e.0));
        let apogee = builtin("apogee").unwrap();
        assert_eq!(p.name, apogee.name);
        assert_eq!(p.signature, apogee.signature);
        for (target, aliases) in &p.columns {
            assert_eq!(apogee.columns.get(target), Some(aliases), "{target}");
        }
    }

    #[test]
    fn header_normalisation_ignores_case_accents_punctuation() {
        assert_eq!(normalize_header("Prénom 1"), "prenom1");
        assert_eq!(normalize_header("PRENOM_1"), "prenom1");
        assert_eq!(normalize_header("\u{feff}COD_ETU"), "codetu");
        assert_eq!(normalize_header("Date de naissance"), "datedenaissance");
    }

    #[test]
    fn detects_each_builtin_from_its_header() {
        let apogee = h(&[
            "COD_ETU",
            "LIB_NOM_PAT_IND",
            "LIB_NOM_USU_IND",
            "LIB_PR1_IND",
            "DATE_NAI_IND",
            "COD_SEX_ETU",
            "COD_TYP_DEP_PAY_NAI",
        ]);
        assert_eq!(detect(&apogee).unwrap().name, "apogee");
        let lower: Vec<String> = apogee.iter().map(|s| s.to_lowercase()).collect();
        assert_eq!(detect(&lower).unwrap().name, "apogee");
        let pegase = h(&[
            "code_apprenant",
            "nom_famille",
            "nom_usuel",
            "prenom",
            "prenom2",
            "sexe",
            "date_naissance",
            "code_pays_naissance",
            "code_commune_naissance",
        ]);
        assert_eq!(detect(&pegase).unwrap().name, "pegase");
        let pegase_api = h(&[
            "codeApprenant",
            "nomDeNaissance",
            "nomUsuel",
            "prenom",
            "genre",
            "dateDeNaissance",
            "paysDeNaissance",
            "communeDeNaissance",
        ]);
        assert_eq!(detect(&pegase_api).unwrap().name, "pegase");
        let talend = h(&[
            "idTechnique",
            "nomNaissance",
            "nomUsage",
            "prenom1",
            "prenom2",
            "anneeNaissance",
            "moisNaissance",
            "jourNaissance",
            "sexe",
            "codeInsee",
        ]);
        assert_eq!(detect(&talend).unwrap().name, "geode-talend");
        let generic = h(&[
            "Numéro étudiant",
            "Nom",
            "Prénom",
            "Sexe",
            "Date de naissance",
        ]);
        assert_eq!(detect(&generic).unwrap().name, "generic");
        let excel = h(&[
            "ID Technique",
            "Nom de naissance",
            "Nom d'usage",
            "Prénom 1",
            "Année de naissance",
            "Mois de naissance",
            "Jour de naissance",
            "Sexe",
            "Code Insee Commune Naissance",
            "Code Postal Commune Naissance",
        ]);
        assert_eq!(detect(&excel).unwrap().name, "excel-template");
        assert!(detect(&h(&["a", "b", "c"])).is_none());
        assert!(detect(&[]).is_none());
    }

    #[test]
    fn user_profile_errors_are_clear() {
        let e = parse("name = \"x\"\n[columns]\nnom = \"NOM\"\n").unwrap_err();
        assert!(e.0.contains("cible de colonne inconnue « nom »"), "{}", e.0);
        let e = parse("name = \"x\"\n[columns]\nnomNaissance = \"NOM\"\n").unwrap_err();
        assert!(e.0.contains("prenom1"), "{}", e.0);
        let base =
            "[columns]\nnomNaissance=\"N\"\nprenom1=\"P\"\nsexe=\"S\"\ndateNaissance=\"D\"\n";
        let e = parse(&format!("name=\"x\"\ndate_formats=[\"JJ/MM\"]\n{base}")).unwrap_err();
        assert!(e.0.contains("format de date invalide"), "{}", e.0);
        let e = parse(&format!("name=\"x\"\nencoding=\"utf-16\"\n{base}")).unwrap_err();
        assert!(e.0.contains("non pris en charge"), "{}", e.0);
        let e = parse(&format!("name=\"x\"\n[sex]\nX=\"Z\"\n{base}")).unwrap_err();
        assert!(e.0.contains("M ou F"), "{}", e.0);
        let e = parse(&format!("name=\"x\"\nseparator=\";;\"\n{base}")).unwrap_err();
        assert!(e.0.contains("séparateur"), "{}", e.0);
        let e = parse("name = 3").unwrap_err();
        assert!(e.0.starts_with("profil illisible"), "{}", e.0);
        let p = parse(&format!("name=\"x\"\nseparator=\"\\\\t\"\n{base}")).unwrap();
        assert_eq!(p.separator_byte(), Ok(Some(b'\t')));
    }

    #[test]
    fn load_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, "name = [").unwrap();
        let e = load(&path).unwrap_err();
        assert_eq!(e.path, path);
        assert!(load(&dir.path().join("absent.toml")).is_err());
    }

    #[test]
    fn date_patterns() {
        let f = DateFormat::parse("DD/MM/YYYY").unwrap();
        let ymd = |y, m, d| {
            Some(Ymd {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(f.read("03/04/2001"), ymd(2001, 4, 3));
        assert_eq!(f.read("3/4/2001"), ymd(2001, 4, 3));
        assert_eq!(f.read("03/04/2001 00:00:00"), ymd(2001, 4, 3));
        assert_eq!(f.read("00/00/1990"), ymd(1990, 0, 0));
        assert_eq!(f.read("31/02/1990"), ymd(1990, 2, 31));
        assert_eq!(f.read("32/01/1990"), None);
        assert_eq!(f.read("01/13/1990"), None);
        assert_eq!(f.read("05/00/1990"), None);
        assert_eq!(f.read("2001-04-03"), None);
        assert_eq!(f.read("03/04/01"), None);
        assert_eq!(f.read("03/04/2001x"), None);
        let iso = DateFormat::parse("YYYY-MM-DD").unwrap();
        assert_eq!(iso.read("2001-04-03T00:00:00"), ymd(2001, 4, 3));
        let compact = DateFormat::parse("YYYYMMDD").unwrap();
        assert_eq!(compact.read("20010403"), ymd(2001, 4, 3));
        assert!(DateFormat::parse("YYYY").is_some());
        assert!(DateFormat::parse("DD/YYYY").is_none());
        assert!(DateFormat::parse("DD/MM/YY").is_none());
        assert!(DateFormat::parse("MM/DD/YYYY/YYYY").is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_profile_text_or_date_never_panics(text in ".{0,200}", value in "[0-9/ .:T,-]{0,24}") {
            let _ = parse(&text);
            let _ = DateFormat::parse(&text);
            for spec in ["DD/MM/YYYY", "YYYY-MM-DD", "YYYYMMDD", "DD.MM.YYYY", "YYYY", "serial"] {
                let _ = DateFormat::parse(spec).unwrap().read(&value);
                let _ = DateFormat::parse(spec).unwrap().read(&text);
            }
        }
    }

    #[test]
    fn serial_dates() {
        let s = DateFormat::Serial;
        let ymd = |y, m, d| {
            Some(Ymd {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(s.read("36892"), ymd(2001, 1, 1));
        assert_eq!(s.read("45000"), ymd(2023, 3, 15));
        assert_eq!(s.read("45000.5"), ymd(2023, 3, 15));
        assert_eq!(s.read("61"), ymd(1900, 3, 1));
        assert_eq!(s.read("0"), None);
        assert_eq!(s.read("abc"), None);
        assert_eq!(s.read("12.x"), None);
        assert_eq!(s.read(""), None);
    }
}
