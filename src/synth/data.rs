//! The embedded name, commune and country lists (`data.txt`), parsed once.

use super::rng::Weighted;
use std::sync::OnceLock;

const DATA: &str = include_str!("data.txt");

#[derive(Debug, Clone)]
pub struct FirstName {
    pub name: &'static str,
    /// Share of women among the bearers, 0–100.
    pub pct_female: u32,
    pub weight_first: u64,
    pub weight_other: u64,
}

impl FirstName {
    /// Clearly one sex (used where a wrong sex must be recognisable).
    pub fn is_clear(&self) -> bool {
        self.pct_female <= 5 || self.pct_female >= 95
    }
    pub fn is_compound(&self) -> bool {
        self.name.contains('-')
    }
}

#[derive(Debug, Clone)]
pub struct Commune {
    pub insee: &'static str,
    pub postal: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub code3: &'static str,
    pub label: &'static str,
    pub cities: Vec<&'static str>,
}

/// Indices into `Tables::first`, per sex.
#[derive(Debug, Clone, Default)]
pub struct BySex {
    pub f: Vec<usize>,
    pub m: Vec<usize>,
}

impl BySex {
    pub fn get(&self, sex: char) -> &[usize] {
        if sex == 'F' {
            &self.f
        } else {
            &self.m
        }
    }
}

#[derive(Debug)]
pub struct Tables {
    pub first: Vec<FirstName>,
    /// Weighted choice of a first name (index into `first`) for women / men, as first name.
    pub first_f: Weighted,
    pub first_m: Weighted,
    /// Same, as second or third first name.
    pub other_f: Weighted,
    pub other_m: Weighted,
    /// Hyphenated first names in common use, per sex.
    pub compound: BySex,
    /// First names with an accent or diaeresis, clearly of one sex.
    pub accented: BySex,
    /// First names that are clearly of one sex.
    pub clear: BySex,
    /// Mixed first names (Camille, Dominique…), with their share of women.
    pub mixed: Vec<usize>,
    /// `upper_plain` of each first name, for comparisons.
    pub first_key: Vec<String>,
    /// Clear first names that are also surnames (Pierre, Thomas, Marie…), per sex.
    pub surname_like_first: BySex,
    pub long_first: Vec<(&'static str, u32)>,
    pub surnames: Vec<&'static str>,
    pub surname_w: Weighted,
    pub long_surnames: Vec<&'static str>,
    /// Surnames with a space (LE GALL, DA SILVA).
    pub particle_surnames: Vec<&'static str>,
    /// Surnames with an apostrophe (N'DIAYE).
    pub apostrophe_surnames: Vec<&'static str>,
    /// Surnames that are also common first names (MARTIN, THOMAS, LAURENT…).
    pub first_like_surnames: Vec<&'static str>,
    pub communes: Vec<Commune>,
    pub commune_w: Weighted,
    /// Communes whose postal code differs from their INSEE code.
    pub postal_differs: Vec<usize>,
    pub countries: Vec<Country>,
    pub country_w: Weighted,
}

impl Tables {
    pub fn first_name(&self, idx: usize) -> &FirstName {
        &self.first[idx]
    }
}

pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| parse(DATA))
}

fn num(s: &str, line: &str) -> u64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("synth data.txt: bad number in {line:?}"))
}

fn parse(text: &'static str) -> Tables {
    let mut section = "";
    let mut first = Vec::new();
    let mut long_first = Vec::new();
    let mut surnames = Vec::new();
    let mut surname_weights = Vec::new();
    let mut long_surnames = Vec::new();
    let mut communes = Vec::new();
    let mut commune_weights = Vec::new();
    let mut countries = Vec::new();
    let mut country_weights = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[') {
            section = s.trim_end_matches(']');
            continue;
        }
        let cols: Vec<&'static str> = line.split(';').collect();
        match section {
            "first" => {
                let weight_first = num(cols[2], line);
                let weight_other = match cols.get(3) {
                    Some(w) => num(w, line),
                    None => weight_first / 4 + 1,
                };
                first.push(FirstName {
                    name: cols[0],
                    pct_female: num(cols[1], line) as u32,
                    weight_first,
                    weight_other,
                });
            }
            "long_first" => long_first.push((cols[0], num(cols[1], line) as u32)),
            "surname" => {
                surnames.push(cols[0]);
                surname_weights.push(num(cols[1], line));
            }
            "long_surname" => long_surnames.push(cols[0]),
            "commune" => {
                communes.push(Commune {
                    insee: cols[0],
                    postal: cols[1],
                    label: cols[2],
                });
                commune_weights.push(num(cols[3], line));
            }
            "country" => {
                countries.push(Country {
                    code3: cols[0],
                    label: cols[1],
                    cities: cols[3].split('|').collect(),
                });
                country_weights.push(num(cols[2], line));
            }
            other => panic!("synth data.txt: unknown section [{other}]"),
        }
    }
    let by_sex = |w: &dyn Fn(&FirstName) -> u64, female: bool| {
        Weighted::new(first.iter().map(|f| {
            let share = if female {
                f.pct_female
            } else {
                100 - f.pct_female
            };
            w(f) * u64::from(share)
        }))
    };
    let select = |pred: &dyn Fn(&FirstName) -> bool| {
        let mut out = BySex::default();
        for (i, f) in first.iter().enumerate() {
            if f.weight_first == 0 || !pred(f) {
                continue;
            }
            if f.pct_female >= 50 {
                out.f.push(i);
            }
            if f.pct_female <= 50 {
                out.m.push(i);
            }
        }
        out
    };
    let upper_first: Vec<String> = first
        .iter()
        .filter(|f| f.weight_first >= 3)
        .map(|f| super::text::upper_plain(f.name))
        .collect();
    let first_key: Vec<String> = first
        .iter()
        .map(|f| super::text::upper_plain(f.name))
        .collect();
    let surname_keys: Vec<String> = surnames
        .iter()
        .map(|s| super::text::upper_plain(s))
        .collect();
    let surname_like_first =
        select(&|f| f.is_clear() && surname_keys.contains(&super::text::upper_plain(f.name)));
    let first_like_surnames = surnames
        .iter()
        .copied()
        .filter(|s| {
            upper_first
                .iter()
                .any(|f| f == &super::text::upper_plain(s))
        })
        .collect();
    Tables {
        first_f: by_sex(&|f| f.weight_first, true),
        first_m: by_sex(&|f| f.weight_first, false),
        other_f: by_sex(&|f| f.weight_other, true),
        other_m: by_sex(&|f| f.weight_other, false),
        compound: select(&|f| f.is_compound() && f.is_clear()),
        accented: select(&|f| !f.name.is_ascii() && f.is_clear()),
        clear: select(&|f| f.is_clear()),
        mixed: first
            .iter()
            .enumerate()
            .filter(|(_, f)| (20..=90).contains(&f.pct_female) && f.weight_first > 0)
            .map(|(i, _)| i)
            .collect(),
        long_first,
        first_key,
        surname_like_first,
        surname_w: Weighted::new(surname_weights),
        particle_surnames: surnames
            .iter()
            .copied()
            .filter(|s| s.contains(' '))
            .collect(),
        apostrophe_surnames: surnames
            .iter()
            .copied()
            .filter(|s| s.contains('\''))
            .collect(),
        first_like_surnames,
        surnames,
        long_surnames,
        postal_differs: communes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.insee != c.postal)
            .map(|(i, _)| i)
            .collect(),
        communes,
        commune_w: Weighted::new(commune_weights),
        countries,
        country_w: Weighted::new(country_weights),
        first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_hold_what_the_generator_needs() {
        let t = tables();
        assert!(t.first.len() > 250, "{} first names", t.first.len());
        assert!(t.surnames.len() > 250, "{} surnames", t.surnames.len());
        for list in [&t.compound, &t.accented, &t.clear] {
            assert!(!list.f.is_empty() && !list.m.is_empty());
        }
        assert!(t.mixed.len() >= 5);
        assert!(t.long_first.iter().all(|(n, _)| n.chars().count() > 20));
        assert!(t.long_surnames.iter().all(|n| n.chars().count() > 30));
        assert!(t.first_like_surnames.contains(&"MARTIN"));
        assert!(t.first_like_surnames.contains(&"LAURENT"));
        assert!(t.apostrophe_surnames.contains(&"N'DIAYE"));
        assert!(t.particle_surnames.contains(&"LE GALL"));
        assert!(t.communes.iter().all(|c| c.insee.len() == 5));
        assert!(t.countries.iter().all(|c| c.code3.len() == 3));
        assert!(!t.postal_differs.is_empty());
    }
}
