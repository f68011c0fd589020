//! Communes (INSEE COG via `@etalab/decoupage-administratif`), départements, postal codes,
//! and foreign countries (`99xxx`).

use super::names::ParseResult;
use super::{
    fast_map, non_empty, text, tsv_rows, FastMap, KeyGroups, StrIndex, COMMUNES, COUNTRIES,
    DEPARTEMENTS, POSTAL_CODES,
};
use crate::normalize;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a commune code is in the COG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CommuneKind {
    /// Current commune.
    #[serde(rename = "COM")]
    Com,
    /// Delegated commune (parent = the commune nouvelle).
    #[serde(rename = "COMD")]
    Comd,
    /// Associated commune (parent = the commune it is associated with).
    #[serde(rename = "COMA")]
    Coma,
    /// Municipal arrondissement of Paris, Lyon, Marseille (parent = the commune).
    #[serde(rename = "ARM")]
    Arm,
    /// Former code only (parent = the current commune that absorbed it).
    #[serde(rename = "OLD")]
    Old,
}

impl CommuneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommuneKind::Com => "COM",
            CommuneKind::Comd => "COMD",
            CommuneKind::Coma => "COMA",
            CommuneKind::Arm => "ARM",
            CommuneKind::Old => "OLD",
        }
    }

    pub fn parse(s: &str) -> Option<CommuneKind> {
        Some(match s {
            "COM" => CommuneKind::Com,
            "COMD" => CommuneKind::Comd,
            "COMA" => CommuneKind::Coma,
            "ARM" => CommuneKind::Arm,
            "OLD" => CommuneKind::Old,
            _ => return None,
        })
    }
}

/// One commune code (current or former).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commune {
    /// 5 characters (`2A004`, `75115`, `97611`).
    pub code: String,
    /// Current name (or last known name of a former code), typographic: `L'Abergement-Clémenciat`.
    pub name: String,
    pub kind: CommuneKind,
    /// Chef-lieu (COMD/COMA), commune (ARM) or current commune (OLD).
    pub parent: Option<String>,
    /// First day the code is known in the 1943–2019 history (`YYYY-MM-DD`).
    pub valid_from: Option<&'static str>,
    /// Last day of validity in the 1943–2019 history; `None` = still valid in 2019 or unknown.
    pub valid_to: Option<&'static str>,
    /// Other names the code has carried (former names, name as a delegated commune).
    pub aliases: Box<[&'static str]>,
}

impl Commune {
    /// Département code: 3 characters overseas (`971`…`989`), else 2 (`2A`, `75`, `20`).
    pub fn departement_code(&self) -> &str {
        departement_of(&self.code)
    }

    /// The current commune this code belongs to now: itself when current, else the end of the
    /// parent chain (an arrondissement's commune, a delegated commune's commune nouvelle, a
    /// former code's successor).
    pub fn current(&'static self) -> &'static Commune {
        let mut c = self;
        for _ in 0..8 {
            match c.parent.as_deref().and_then(commune) {
                Some(p) if c.kind != CommuneKind::Com => c = p,
                _ => break,
            }
        }
        c
    }

    /// Former Mayotte codes `985xx`: the pairing with `976xx` comes from one package version
    /// and is to be verified (DATA.md 5.4); never a safe fix.
    pub fn to_verify(&self) -> bool {
        self.code.starts_with("985")
    }

    /// Whether the code existed on an ISO date `YYYY-MM-DD`, as far as the 1943–2019 history
    /// knows. `None` when the history does not cover the code or the date (after 2019).
    pub fn valid_on(&self, iso_date: &str) -> Option<bool> {
        let from = self.valid_from?;
        if iso_date < from {
            return Some(false);
        }
        match self.valid_to {
            Some(to) => Some(iso_date < to),
            None if iso_date < "2019-01-01" => Some(true),
            None => None,
        }
    }
}

/// Département code of a commune code (`75115` → `75`, `97611` → `976`, `2A004` → `2A`).
pub fn departement_of(code: &str) -> &str {
    let n = if code.starts_with("97") || code.starts_with("98") {
        3
    } else {
        2
    };
    code.get(..n).unwrap_or(code)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Departement {
    pub code: String,
    pub name: String,
    /// `metro`, `drom` or `com`.
    pub zone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryStatus {
    Current,
    Historic,
    Territory,
}

/// One INSEE country or territory code `99xxx`. `99100` (France) is deliberately absent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    pub code: String,
    /// Display label (INSEE style, uppercase).
    pub name: String,
    pub status: CountryStatus,
    /// INSEE labels grouped under the code (`ROYAUME-UNI`, `GUERNESEY`, `JERSEY`, `MAN (ILE)`).
    pub labels: Vec<String>,
}

const COMMUNE_HEADER: [&str; 7] = [
    "code",
    "name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "aliases",
];

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn split_static(s: &'static str) -> Box<[&'static str]> {
    s.split('|').filter(|x| !x.is_empty()).collect()
}

pub(crate) fn parse_communes(text: &'static str) -> ParseResult<Vec<Commune>> {
    let mut out = Vec::with_capacity(40_000);
    for (line, c) in tsv_rows(text, &COMMUNE_HEADER)? {
        if c.len() != COMMUNE_HEADER.len() {
            return Err((line, format!("{} columns", c.len())));
        }
        if c[0].len() != 5 {
            return Err((line, format!("code {:?} is not 5 characters", c[0])));
        }
        out.push(Commune {
            code: c[0].to_string(),
            name: c[1].to_string(),
            kind: CommuneKind::parse(c[2]).ok_or_else(|| (line, format!("kind {:?}", c[2])))?,
            parent: non_empty(c[3]).map(str::to_string),
            valid_from: non_empty(c[4]),
            valid_to: non_empty(c[5]),
            aliases: split_static(c[6]),
        });
    }
    Ok(out)
}

pub(crate) fn parse_departements(text: &str) -> ParseResult<Vec<Departement>> {
    let mut out = Vec::new();
    for (line, c) in tsv_rows(text, &["code", "name", "zone"])? {
        if c.len() != 3 {
            return Err((line, format!("{} columns", c.len())));
        }
        out.push(Departement {
            code: c[0].to_string(),
            name: c[1].to_string(),
            zone: c[2].to_string(),
        });
    }
    Ok(out)
}

pub(crate) fn parse_countries(text: &str) -> ParseResult<Vec<Country>> {
    let mut out = Vec::new();
    for (line, c) in tsv_rows(text, &["code", "status", "labels", "name"])? {
        if c.len() != 4 {
            return Err((line, format!("{} columns", c.len())));
        }
        let status = match c[1] {
            "current" => CountryStatus::Current,
            "historic" => CountryStatus::Historic,
            "territory" => CountryStatus::Territory,
            s => return Err((line, format!("status {s:?}"))),
        };
        if c[0].len() != 5 || !c[0].starts_with("99") {
            return Err((line, format!("country code {:?}", c[0])));
        }
        out.push(Country {
            code: c[0].to_string(),
            status,
            labels: split_list(c[2]),
            name: c[3].to_string(),
        });
    }
    Ok(out)
}

/// Postal code → the commune codes it serves, borrowed from the table's text.
pub(crate) struct PostalCodes {
    list: Vec<(&'static str, Box<[&'static str]>)>,
    index: StrIndex,
}

pub(crate) fn parse_postal_codes(text: &'static str) -> ParseResult<PostalCodes> {
    let mut list: Vec<(&'static str, Box<[&'static str]>)> = Vec::with_capacity(7_000);
    let mut index = StrIndex::with_capacity(text.lines().count());
    for (line, c) in tsv_rows(text, &["postal_code", "communes"])? {
        if c.len() != 2 || c[0].len() != 5 {
            return Err((line, "bad postal code row".to_string()));
        }
        // A repeated postal code replaces the earlier row.
        let codes = split_static(c[1]);
        match index.get(c[0], |i| list[i as usize].0) {
            Some(i) => list[i as usize].1 = codes,
            None => {
                list.push((c[0], codes));
                let i = list.len() as u32 - 1;
                index.insert(c[0], i, false, |i| list[i as usize].0);
            }
        }
    }
    Ok(PostalCodes { list, index })
}

/// Matching form of a commune name: key, `ABYMES (LES)` → `LES ABYMES`, `ST`/`STE` →
/// `SAINT`/`SAINTE`, then letters only (hyphens, spaces, apostrophes do not matter).
pub fn commune_match_key(name: &str) -> String {
    let mut k = normalize::key(name);
    // INSEE-style trailing article: "ABYMES (LES)", "ABERGEMENT-CLEMENCIAT (L')".
    if let (true, Some(open)) = (k.ends_with(')'), k.rfind(" (")) {
        let article = k[open + 2..k.len() - 1].to_string();
        if matches!(article.as_str(), "LE" | "LA" | "LES" | "L'" | "L") {
            let rest = k[..open].to_string();
            let sep = if article.ends_with('\'') { "" } else { " " };
            k = format!("{article}{sep}{rest}");
        }
    }
    let mut out = String::with_capacity(k.len() + 8);
    for token in k.split(|c: char| !c.is_ascii_alphanumeric()) {
        match token {
            "ST" => out.push_str("SAINT"),
            "STE" => out.push_str("SAINTE"),
            t => out.extend(t.chars().filter(|c| c.is_ascii_uppercase())),
        }
    }
    out
}

struct Geo {
    communes: Vec<Commune>,
}

static GEO: LazyLock<Geo> = LazyLock::new(|| Geo {
    communes: parse_communes(text(COMMUNES))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", COMMUNES.path)),
});

/// `"{dep}\t{match key}"` → indexes into the communes, built on the first name lookup.
static BY_NAME: LazyLock<KeyGroups<u32>> = LazyLock::new(|| {
    let communes = &GEO.communes;
    let upper = communes
        .iter()
        .map(|c| (1 + c.aliases.len()) * if c.parent.is_some() { 2 } else { 1 })
        .sum();
    let pairs = communes.iter().enumerate().flat_map(|(i, c)| {
        let mut deps = vec![departement_of(&c.code)];
        if let Some(p) = c.parent.as_deref() {
            let d = departement_of(p);
            if !deps.contains(&d) {
                deps.push(d);
            }
        }
        std::iter::once(c.name.as_str())
            .chain(c.aliases.iter().copied())
            .flat_map(move |name| {
                let k = commune_match_key(name);
                deps.clone()
                    .into_iter()
                    .map(move |d| (format!("{d}\t{k}"), i as u32))
            })
    });
    KeyGroups::build(pairs, upper)
});

/// Commune codes → position in the table (a repeated code: the last row wins).
static BY_CODE: LazyLock<StrIndex> = LazyLock::new(|| {
    let communes = &GEO.communes;
    let mut index = StrIndex::with_capacity(communes.len());
    for (i, c) in communes.iter().enumerate() {
        index.insert(&c.code, i as u32, true, |j| {
            communes[j as usize].code.as_str()
        });
    }
    index
});

static DEPS: LazyLock<HashMap<String, Departement>> = LazyLock::new(|| {
    parse_departements(text(DEPARTEMENTS))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", DEPARTEMENTS.path))
        .into_iter()
        .map(|d| (d.code.clone(), d))
        .collect()
});

struct Countries {
    list: Vec<Country>,
    by_code: FastMap<String, usize>,
    by_label: FastMap<String, usize>,
}

static COUNTRY_TABLE: LazyLock<Countries> = LazyLock::new(|| {
    let list = parse_countries(text(COUNTRIES))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", COUNTRIES.path));
    let mut by_code = fast_map(300);
    let mut by_label = fast_map(600);
    for (i, c) in list.iter().enumerate() {
        by_code.insert(c.code.clone(), i);
        for l in c.labels.iter().chain(std::iter::once(&c.name)) {
            by_label.entry(normalize::key(l)).or_insert(i);
            // "VATICAN, ou SAINT-SIEGE", "IRLANDE, ou EIRE": each alternative is a label too.
            for part in l.split(", ou ").chain(l.split(", OU ")) {
                by_label.entry(normalize::key(part)).or_insert(i);
            }
        }
    }
    Countries {
        list,
        by_code,
        by_label,
    }
});

static POSTAL: LazyLock<PostalCodes> = LazyLock::new(|| {
    parse_postal_codes(text(POSTAL_CODES))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", POSTAL_CODES.path))
});

pub(crate) fn load() {
    LazyLock::force(&BY_CODE);
    LazyLock::force(&BY_NAME);
    LazyLock::force(&DEPS);
    LazyLock::force(&COUNTRY_TABLE);
    LazyLock::force(&POSTAL);
}

/// A commune code (current, delegated, associated, arrondissement or former).
pub fn commune(code: &str) -> Option<&'static Commune> {
    let communes = &GEO.communes;
    BY_CODE
        .get(code, |i| communes[i as usize].code.as_str())
        .map(|i| &communes[i as usize])
}

/// Every commune row, sorted by code.
pub fn communes() -> &'static [Commune] {
    &GEO.communes
}

/// Communes of a département whose name (or a former/delegated name) matches `name_key`,
/// compared with [`commune_match_key`] rules: `ST`/`STE` expanded, hyphens, spaces and
/// apostrophes ignored, `X (LES)` read as `LES X`. `dep` `20` also searches `2A` and `2B`;
/// a former code is also found under its successor's département (`2A` finds `20004`).
/// Sorted by code.
pub fn communes_named(dep: &str, name_key: &str) -> Vec<&'static Commune> {
    let k = commune_match_key(name_key);
    let deps: &[&str] = if dep == "20" {
        &["20", "2A", "2B"]
    } else {
        std::slice::from_ref(&dep)
    };
    let mut out: Vec<&'static Commune> = Vec::new();
    for d in deps {
        for &i in BY_NAME.get(&format!("{d}\t{k}")) {
            let c = &GEO.communes[i as usize];
            if !out.iter().any(|x| x.code == c.code) {
                out.push(c);
            }
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// A département by code (`01`, `2A`, `971`).
pub fn departement(code: &str) -> Option<&'static Departement> {
    DEPS.get(code)
}

/// Current communes and arrondissements served by a postal code (La Poste data via Etalab).
/// Empty when unknown. Useful to recognise a postal code typed where an INSEE code belongs.
pub fn communes_for_postal_code(postal_code: &str) -> &'static [&'static str] {
    let p = &*POSTAL;
    p.index
        .get(postal_code, |i| p.list[i as usize].0)
        .map_or(&[], |i| &p.list[i as usize].1)
}

/// An INSEE country or territory code `99xxx`.
pub fn country(code_99xxx: &str) -> Option<&'static Country> {
    let t = &*COUNTRY_TABLE;
    t.by_code.get(code_99xxx).map(|&i| &t.list[i])
}

/// A country by one of its INSEE labels, given as a [`normalize::key`] (`ROYAUME-UNI`,
/// `JERSEY`, `SAINT-SIEGE`).
pub fn country_by_label(label_key: &str) -> Option<&'static Country> {
    let t = &*COUNTRY_TABLE;
    t.by_label.get(label_key).map(|&i| &t.list[i])
}

/// Every country row, sorted by code.
pub fn countries() -> &'static [Country] {
    &COUNTRY_TABLE.list
}
