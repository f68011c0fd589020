//! Place of birth (family `P`): commune and country codes checked against the reference
//! tables (`rules/geo/`), labels checked against codes, and the INSEE code recovered from
//! the town name for CSV exports that lack it.
//!
//! Policy (DATA.md 5.6 and 9): a code found in `communes.tsv` under any kind, or in
//! `countries.tsv`, is known and never reported as wrong; only codes that cannot exist are.
//! Absence of a label from the tables is never a finding: labels are compared only when
//! they name another known place.
//!
//! Helpers shared by the rules live here; each rule has its own file.

use crate::model::{Field, Record};
use crate::normalize;
use crate::reference::{self, Commune, CommuneKind, Country, CountryStatus, FastMap, KeyGroups};
use std::sync::LazyLock;

pub mod country_label_mismatch;
pub mod former_code;
pub mod label_mismatch;
pub mod mayotte;
pub mod recover_insee;
pub mod unknown_commune;
pub mod unknown_country;

/// A 5-character code that is not a `99xxx` country code: the INSEE code of a French
/// commune is expected (other lengths are X005's).
pub(crate) fn french_code(record: &Record) -> Option<&str> {
    let code = record.text(Field::CodeInsee)?;
    (code.chars().count() == 5 && !code.starts_with("99")).then_some(code)
}

/// A `99xxx` code (5 ASCII digits starting with 99).
pub(crate) fn country_code(record: &Record) -> Option<&str> {
    let code = record.text(Field::CodeInsee)?;
    (code.len() == 5 && code.starts_with("99") && code.bytes().all(|b| b.is_ascii_digit()))
        .then_some(code)
}

/// "Name (code)" of a commune, for messages.
pub(crate) fn show(c: &Commune) -> String {
    format!("{} ({})", c.name, c.code)
}

fn is_arrondissement_word(t: &str) -> bool {
    matches!(
        t,
        "ARRONDISSEMENT" | "ARRONDT" | "ARRDT" | "ARRT" | "ARR" | "ARROND"
    )
}

/// `15`, `15E`, `1ER`, `15EME`, `01`: the number of an arrondissement.
fn arrondissement_number(t: &str) -> Option<u32> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let suffix = &t[digits..];
    if !matches!(suffix, "" | "E" | "ER" | "ERE" | "EME" | "ME" | "EM") {
        return None;
    }
    t[..digits].parse().ok().filter(|n| (1..=20).contains(n))
}

/// A label read for matching: the commune part (tokens) and the arrondissement number when
/// the label ends with one (`PARIS 15E ARRONDISSEMENT`, `LYON 3E`, `MARSEILLE 05`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PlaceLabel {
    /// The name without the arrondissement, `/S` read as `SUR`; feed it to
    /// [`reference::commune_match_key`] or [`reference::communes_named`].
    pub name: String,
    pub arrondissement: Option<u32>,
}

/// Reads a commune label: folds it ([`normalize::key`]), reads `S/` and `/S` as `SUR`
/// (APOGEE abbreviations), and splits off a trailing arrondissement number.
pub(crate) fn read_place_label(label: &str) -> PlaceLabel {
    let k = normalize::key(label);
    // Tokens with the separators before them.
    let mut tokens: Vec<(&str, &str)> = Vec::with_capacity(8);
    let mut sep_start = 0;
    let mut i = 0;
    let bytes = k.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() || !bytes[i].is_ascii() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || !bytes[i].is_ascii()) {
                i += 1;
            }
            tokens.push((&k[start..i], &k[sep_start..start]));
            sep_start = i;
        } else {
            i += 1;
        }
    }
    let trailing_sep = &k[sep_start..];
    // S/ and /S → SUR.
    for j in 0..tokens.len() {
        let after = tokens.get(j + 1).map_or(trailing_sep, |t| t.1);
        if tokens[j].0 == "S" && (tokens[j].1.contains('/') || after.contains('/')) {
            tokens[j].0 = "SUR";
        }
    }
    // Trailing arrondissement: a number, then only arrondissement words.
    let mut arrondissement = None;
    let mut end = tokens.len();
    if let Some(pos) = (1..tokens.len()).find(|&j| arrondissement_number(tokens[j].0).is_some()) {
        if tokens[pos + 1..]
            .iter()
            .all(|(t, _)| is_arrondissement_word(t))
        {
            arrondissement = arrondissement_number(tokens[pos].0);
            end = pos;
        }
    }
    let mut name = String::with_capacity(k.len() + 4);
    for (j, (t, sep)) in tokens[..end].iter().enumerate() {
        if j > 0 {
            // Keep the separator's nature (apostrophe, hyphen) where it is simple.
            name.push_str(if sep.contains('\'') { "'" } else { " " });
        }
        name.push_str(t);
    }
    PlaceLabel {
        name,
        arrondissement,
    }
}

/// The municipal arrondissement `n` of Paris, Lyon or Marseille named by `name_key`
/// ([`reference::commune_match_key`] of the name without the number).
pub(crate) fn arrondissement_code(name_key: &str, n: u32) -> Option<&'static Commune> {
    let code = match name_key {
        "PARIS" if (1..=20).contains(&n) => format!("751{n:02}"),
        "LYON" if (1..=9).contains(&n) => format!("6938{n}"),
        "MARSEILLE" if (1..=16).contains(&n) => format!("132{n:02}"),
        _ => return None,
    };
    reference::commune(&code).filter(|c| c.kind == CommuneKind::Arm)
}

/// The communes a postal code serves, with Paris/Lyon/Marseille counted once: when both the
/// city and its arrondissement are listed, only the arrondissement is kept.
pub(crate) fn postal_candidates(code: &str) -> Vec<&'static Commune> {
    let list: Vec<&'static Commune> = reference::communes_for_postal_code(code)
        .iter()
        .filter_map(|c| reference::commune(c))
        .collect();
    list.iter()
        .copied()
        .filter(|c| {
            !list
                .iter()
                .any(|a| a.kind == CommuneKind::Arm && a.parent.as_deref() == Some(&c.code))
        })
        .collect()
}

/// The matching key of a commune label (arrondissement dropped).
pub(crate) fn label_key(label: &str) -> String {
    reference::commune_match_key(&read_place_label(label).name)
}

/// Builds the commune and country tables now (see [`crate::rules::warm_up`]).
pub(crate) fn warm_up() {
    crate::reference::load_geography();
    LazyLock::force(&GROUPS_BY_KEY);
    LazyLock::force(&COUNTRY_BY_SQUASH);
}

/// Matching key → the current communes (end of the parent chain) of every code whose name,
/// former name or delegated name has that key. Built once, on first use.
static GROUPS_BY_KEY: LazyLock<KeyGroups<&'static str>> = LazyLock::new(|| {
    let communes = reference::communes();
    let pairs = communes.iter().flat_map(|c| {
        let group = c.current().code.as_str();
        std::iter::once(c.name.as_str())
            .chain(c.aliases.iter().copied())
            .map(move |name| (label_key(name), group))
    });
    KeyGroups::build(pairs, communes.len() + 8_000)
});

/// The current communes whose (current, former or delegated) names have this matching key.
pub(crate) fn groups_named(key: &str) -> &'static [&'static str] {
    GROUPS_BY_KEY.get(key)
}

/// ISO 3166-1 alpha-3 codes of the countries of birth most often seen in French higher
/// education, mapped to the INSEE label they stand for (resolved through `countries.tsv`, so
/// the INSEE code always comes from the table; a test checks that every entry resolves).
/// Hand-kept: ISO codes are public identifiers, the list is not exhaustive.
const ISO_ALPHA3: &[(&str, &str)] = &[
    ("AFG", "AFGHANISTAN"),
    ("AGO", "ANGOLA"),
    ("ALB", "ALBANIE"),
    ("ARG", "ARGENTINE"),
    ("ARM", "ARMENIE"),
    ("AUS", "AUSTRALIE"),
    ("AUT", "AUTRICHE"),
    ("BDI", "BURUNDI"),
    ("BEL", "BELGIQUE"),
    ("BEN", "BENIN"),
    ("BFA", "BURKINA"),
    ("BGR", "BULGARIE"),
    ("BRA", "BRESIL"),
    ("CAN", "CANADA"),
    ("CHE", "SUISSE"),
    ("CHL", "CHILI"),
    ("CHN", "CHINE"),
    ("CIV", "COTE D'IVOIRE"),
    ("CMR", "CAMEROUN"),
    ("COD", "CONGO (REPUBLIQUE DEMOCRATIQUE)"),
    ("COG", "CONGO"),
    ("COL", "COLOMBIE"),
    ("COM", "COMORES"),
    ("CUB", "CUBA"),
    ("DEU", "ALLEMAGNE"),
    ("DJI", "DJIBOUTI"),
    ("DNK", "DANEMARK"),
    ("DZA", "ALGERIE"),
    ("EGY", "EGYPTE"),
    ("ESP", "ESPAGNE"),
    ("GAB", "GABON"),
    ("GBR", "ROYAUME-UNI"),
    ("GEO", "GEORGIE"),
    ("GHA", "GHANA"),
    ("GIN", "GUINEE"),
    ("GRC", "GRECE"),
    ("HTI", "HAITI"),
    ("HUN", "HONGRIE"),
    ("IND", "INDE"),
    ("IRL", "IRLANDE"),
    ("IRN", "IRAN"),
    ("IRQ", "IRAQ"),
    ("ISR", "ISRAEL"),
    ("ITA", "ITALIE"),
    ("JPN", "JAPON"),
    ("KHM", "CAMBODGE"),
    ("LAO", "LAOS"),
    ("LBN", "LIBAN"),
    ("LBY", "LIBYE"),
    ("LKA", "SRI LANKA"),
    ("LUX", "LUXEMBOURG"),
    ("MAR", "MAROC"),
    ("MDG", "MADAGASCAR"),
    ("MEX", "MEXIQUE"),
    ("MLI", "MALI"),
    ("MRT", "MAURITANIE"),
    ("MUS", "MAURICE"),
    ("NER", "NIGER"),
    ("NGA", "NIGERIA"),
    ("NLD", "PAYS-BAS"),
    ("NOR", "NORVEGE"),
    ("PAK", "PAKISTAN"),
    ("PER", "PEROU"),
    ("POL", "POLOGNE"),
    ("PRT", "PORTUGAL"),
    ("ROU", "ROUMANIE"),
    ("RUS", "RUSSIE"),
    ("RWA", "RWANDA"),
    ("SEN", "SENEGAL"),
    ("SRB", "SERBIE"),
    ("SVK", "SLOVAQUIE"),
    ("SWE", "SUEDE"),
    ("SYR", "SYRIE"),
    ("TCD", "TCHAD"),
    ("TGO", "TOGO"),
    ("TUN", "TUNISIE"),
    ("TUR", "TURQUIE"),
    ("UKR", "UKRAINE"),
    ("USA", "ETATS-UNIS"),
    ("VEN", "VENEZUELA"),
    ("VNM", "VIET NAM"),
];

/// The country an ISO alpha-3 code stands for (uppercase or not).
pub(crate) fn country_by_iso(code: &str) -> Option<&'static Country> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let up = code.to_ascii_uppercase();
    let (_, label) = ISO_ALPHA3.iter().find(|(iso, _)| *iso == up)?;
    reference::country_by_label(label)
}

/// Squashed country label (letters only) → country index, `None` when two countries share
/// the squashed label.
static COUNTRY_BY_SQUASH: LazyLock<FastMap<String, Option<&'static Country>>> =
    LazyLock::new(|| {
        let mut map: FastMap<String, Option<&'static Country>> = FastMap::default();
        for c in reference::countries() {
            let labels = c.labels.iter().chain(std::iter::once(&c.name));
            for l in labels {
                let parts = std::iter::once(l.as_str())
                    .chain(l.split(", ou "))
                    .chain(l.split(", OU "));
                for p in parts {
                    let k = normalize::squash(p);
                    if k.is_empty() {
                        continue;
                    }
                    match map.get(&k) {
                        Some(Some(other)) if other.code != c.code => {
                            map.insert(k, None);
                        }
                        Some(_) => {}
                        None => {
                            map.insert(k, Some(c));
                        }
                    }
                }
            }
        }
        map
    });

/// A country named by a label, ignoring accents, case, spaces and punctuation (`Côte
/// d'Ivoire`, `ROYAUME UNI`). `None` when unknown or ambiguous.
pub(crate) fn country_by_any_label(label: &str) -> Option<&'static Country> {
    let k = normalize::squash(label);
    if k.is_empty() {
        return None;
    }
    COUNTRY_BY_SQUASH.get(&k).copied().flatten()
}

/// Whether two country codes may honestly name the same birth place: equal, or one of
/// them historic (RFA and ALLEMAGNE, TCHECOSLOVAQUIE and SLOVAQUIE…), which this table
/// cannot tell apart.
pub(crate) fn countries_compatible(a: &Country, b: &Country) -> bool {
    a.code == b.code || a.status == CountryStatus::Historic || b.status == CountryStatus::Historic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_with_arrondissements_and_abbreviations() {
        let r = read_place_label("Paris 15e Arrondissement");
        assert_eq!(r.name, "PARIS");
        assert_eq!(r.arrondissement, Some(15));
        assert_eq!(read_place_label("LYON 3E").arrondissement, Some(3));
        assert_eq!(read_place_label("Marseille 1er").arrondissement, Some(1));
        assert_eq!(read_place_label("PARIS 05").arrondissement, Some(5));
        assert_eq!(
            read_place_label("CHALONS S/ SAONE").name,
            "CHALONS SUR SAONE"
        );
        assert_eq!(read_place_label("BAR/S/AUBE").name, "BAR SUR AUBE");
        assert_eq!(read_place_label("VILLERS S/MER").name, "VILLERS SUR MER");
        assert_eq!(read_place_label("L'Haÿ-les-Roses").name, "L'HAY LES ROSES");
        // A number not at the end is part of the name.
        assert_eq!(read_place_label("Paris").arrondissement, None);
        assert_eq!(label_key("St-Étienne"), label_key("SAINT ETIENNE"));
        assert_eq!(label_key("Paris 15e"), "PARIS");
    }

    #[test]
    fn arrondissements_resolve() {
        assert_eq!(arrondissement_code("PARIS", 15).unwrap().code, "75115");
        assert_eq!(arrondissement_code("LYON", 3).unwrap().code, "69383");
        assert_eq!(arrondissement_code("MARSEILLE", 16).unwrap().code, "13216");
        assert!(arrondissement_code("LYON", 10).is_none());
        assert!(arrondissement_code("NANTES", 1).is_none());
    }

    #[test]
    fn every_iso_code_resolves_to_its_insee_country() {
        for (iso, label) in ISO_ALPHA3 {
            let c = country_by_iso(iso).unwrap_or_else(|| panic!("{iso} {label}"));
            assert!(c.labels.iter().any(|l| l.contains(label)), "{iso}");
        }
        assert_eq!(country_by_iso("sen").unwrap().code, "99341");
        assert!(country_by_iso("FRA").is_none());
        assert!(country_by_iso("341").is_none());
    }

    #[test]
    fn country_labels_ignore_punctuation() {
        assert_eq!(country_by_any_label("Côte d’Ivoire").unwrap().code, "99326");
        assert_eq!(country_by_any_label("royaume uni").unwrap().code, "99132");
        assert_eq!(country_by_any_label("Viet Nam").unwrap().code, "99243");
        assert!(country_by_any_label("Atlantide").is_none());
        assert!(country_by_any_label("France").is_none());
    }

    #[test]
    fn groups_include_former_and_delegated_names() {
        assert!(groups_named(&label_key("Paris 15e Arrondissement")).contains(&"75056"));
        assert!(groups_named(&label_key("Lyon")).contains(&"69123"));
        // Évry (78228 before 1968, now 91228).
        assert!(groups_named(&label_key("Évry")).contains(&"91228"));
    }
}
