//! Labelled errors and decoys. Each function first makes the true identity fit the label
//! (a merge needs a second first name, a placeholder date needs a foreign birth…), then
//! derives the deposited identity from it.

use super::data::{tables, Tables};
use super::person::{
    days_in_month, draw_first, draw_surname, redraw_first_names, set_foreign_place,
    set_french_place, style_first, style_surname, Identity, Style,
};
use super::rng::Rng;
use super::text::{mojibake, truncate_chars, upper_plain};

macro_rules! labels {
    ($($variant:ident => $name:literal, $weight:literal;)*) => {
        /// What was done to a record. Error labels change the deposit; `decoy_*` labels mark
        /// correct records that look suspicious.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Label { $($variant),* }

        impl Label {
            pub const ALL: &'static [Label] = &[$(Label::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Label::$variant => $name),* }
            }

            /// Relative frequency among errors (0 for decoys).
            pub fn default_weight(self) -> u32 {
                match self { $(Label::$variant => $weight),* }
            }
        }
    };
}

labels! {
    SwappedNames => "swapped_names", 8;
    SwappedFirstNames => "swapped_first_names", 6;
    SexMismatch => "sex_mismatch", 8;
    MergedFirstNames => "merged_first_names", 8;
    HyphenMissing => "hyphen_missing", 8;
    HyphenExtra => "hyphen_extra", 3;
    HyphenDouble => "hyphen_double", 2;
    SpaceAroundHyphen => "space_around_hyphen", 3;
    Mojibake => "mojibake", 5;
    LeadingWhitespace => "leading_whitespace", 3;
    TrailingWhitespace => "trailing_whitespace", 5;
    DoubleWhitespace => "double_whitespace", 3;
    StrayCharacter => "stray_character", 4;
    TypographicApostrophe => "typographic_apostrophe", 3;
    UsageNameAsBirthName => "usage_name_as_birth_name", 6;
    Truncation => "truncation", 4;
    ImpossibleDate => "impossible_date", 3;
    DayMonthSwapped => "day_month_swapped", 5;
    PlaceholderDate => "placeholder_date", 4;
    PostalCodeAsInsee => "postal_code_as_insee", 4;
    DecoyCompoundFirstName => "decoy_compound_first_name", 0;
    DecoyApostropheName => "decoy_apostrophe_name", 0;
    DecoySurnameFirstName => "decoy_surname_first_name", 0;
    DecoyMixedFirstName => "decoy_mixed_first_name", 0;
    DecoyDoubleName => "decoy_double_name", 0;
}

impl Label {
    pub fn is_decoy(self) -> bool {
        self.as_str().starts_with("decoy_")
    }

    pub fn errors() -> impl Iterator<Item = Label> {
        Label::ALL.iter().copied().filter(|l| !l.is_decoy())
    }

    pub fn decoys() -> impl Iterator<Item = Label> {
        Label::ALL.iter().copied().filter(|l| l.is_decoy())
    }

    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.as_str() == name)
    }
}

/// One line of the truth file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub label: Label,
    /// The XML element (or `dateNaissance` for the three birth-date fields, as `YYYY-MM-DD`).
    pub field: &'static str,
    pub deposited: String,
    pub truth: String,
}

pub fn date_string(id: &Identity) -> String {
    let two = |v: Option<u8>| v.map_or("??".to_string(), |v| format!("{v:02}"));
    format!("{:04}-{}-{}", id.year, two(id.month), two(id.day))
}

fn field_value(id: &Identity, field: &'static str) -> String {
    match field {
        "nomNaissance" => id.nom.clone(),
        "prenom1" => id.p1.clone(),
        "sexe" => id.sex.to_string(),
        "codeInsee" => id.code_insee.clone().unwrap_or_default(),
        "dateNaissance" => date_string(id),
        other => unreachable!("no synth field {other}"),
    }
}

/// `LE GALL` → `Le Gall`, `N'DIAYE` → `N'Diaye`, `LEFÈVRE` → `Lefèvre`.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, ' ' | '-' | '\'');
    }
    out
}

/// Two first names that also exist joined as one compound name.
const PAIRS_M: &[(&str, &str)] = &[
    ("Jean", "Pierre"),
    ("Jean", "Paul"),
    ("Jean", "Louis"),
    ("Jean", "Marc"),
    ("Jean", "François"),
    ("Jean", "Baptiste"),
    ("Pierre", "Louis"),
    ("Pierre", "Antoine"),
    ("Marc", "Antoine"),
    ("Paul", "Antoine"),
];
const PAIRS_F: &[(&str, &str)] = &[
    ("Marie", "Anne"),
    ("Marie", "Claire"),
    ("Marie", "Laure"),
    ("Marie", "Hélène"),
    ("Marie", "Charlotte"),
    ("Anne", "Sophie"),
    ("Anne", "Laure"),
    ("Anne", "Claire"),
    ("Lou", "Anne"),
    ("Marie", "Louise"),
];

fn pick_s<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

fn lookup<'t>(t: &'t Tables, name: &str) -> Option<&'t super::data::FirstName> {
    let key = upper_plain(name);
    t.first_key
        .iter()
        .position(|k| *k == key)
        .map(|i| &t.first[i])
}

fn ensure_p2(id: &mut Identity, rng: &mut Rng, t: &Tables) {
    if id.p2.is_none() {
        let p2 = draw_first(rng, t, id.sex, true, &[&id.p1]);
        id.p2 = Some(style_first(&p2, id.style));
    }
}

fn ensure_compound_p1(id: &mut Identity, rng: &mut Rng, t: &Tables) {
    if !id.p1.contains('-') {
        let idx = *rng.pick(t.compound.get(id.sex));
        id.p1 = style_first(t.first[idx].name, id.style);
        // keep the other first names distinct from the new one
        if id.p2.as_deref().map(upper_plain) == Some(upper_plain(&id.p1)) {
            id.p2 = None;
            id.p3 = None;
        }
    }
}

fn ensure_full_date(id: &mut Identity, rng: &mut Rng) {
    if id.month.is_none() || id.day.is_none() {
        let m = rng.range(1, 12) as u8;
        id.month = Some(m);
        id.day = Some(rng.range(1, u32::from(days_in_month(id.year, m))) as u8);
    }
}

/// Applies `label` to `truth` (which it may adjust) and returns the deposited identity.
pub fn apply(label: Label, rng: &mut Rng, truth: &mut Identity) -> (Identity, Labelled) {
    let t = tables();
    let mut field = "prenom1";
    // 1. make the truth fit the label
    match label {
        Label::SwappedNames => {
            while upper_plain(&truth.p1) == upper_plain(&truth.nom) {
                truth.p1 = style_first(&draw_first(rng, t, truth.sex, false, &[]), truth.style);
            }
        }
        Label::SwappedFirstNames | Label::MergedFirstNames => ensure_p2(truth, rng, t),
        Label::HyphenExtra => {
            // Mostly the pairs that also exist as compound names (Jean / Pierre deposited
            // as Jean-Pierre), the hard case; otherwise any two first names.
            if rng.chance(0.8) {
                let pairs = if truth.sex == 'F' { PAIRS_F } else { PAIRS_M };
                let (a, b) = *rng.pick(pairs);
                truth.p1 = style_first(a, truth.style);
                truth.p2 = Some(style_first(b, truth.style));
                let p3 = truth.p3.as_deref().map(upper_plain);
                if p3 == Some(upper_plain(a)) || p3 == Some(upper_plain(b)) {
                    truth.p3 = None;
                }
            } else {
                ensure_p2(truth, rng, t);
            }
        }
        Label::SexMismatch => {
            if !lookup(t, &truth.p1).is_some_and(|f| f.is_clear()) {
                let idx = *rng.pick(t.clear.get(truth.sex));
                truth.p1 = style_first(t.first[idx].name, truth.style);
                if truth.p2.as_deref().map(upper_plain) == Some(upper_plain(&truth.p1)) {
                    truth.p2 = None;
                    truth.p3 = None;
                }
            }
        }
        Label::HyphenMissing
        | Label::HyphenDouble
        | Label::SpaceAroundHyphen
        | Label::DecoyCompoundFirstName => ensure_compound_p1(truth, rng, t),
        Label::Mojibake => {
            if truth.p1.is_ascii() && truth.nom.is_ascii() {
                let idx = *rng.pick(t.accented.get(truth.sex));
                let name = t.first[idx].name;
                truth.p1 = match truth.style {
                    Style::Natural => name.to_string(),
                    Style::Upper => name.to_uppercase(),
                };
                if truth.p2.as_deref().map(upper_plain) == Some(upper_plain(&truth.p1)) {
                    truth.p2 = None;
                    truth.p3 = None;
                }
            }
        }
        Label::DoubleWhitespace => {
            if !truth.nom.contains(' ') {
                truth.nom = style_surname(pick_s(rng, &t.particle_surnames), truth.style);
            }
        }
        Label::TypographicApostrophe | Label::DecoyApostropheName => {
            if !truth.nom.contains('\'') {
                truth.nom = style_surname(pick_s(rng, &t.apostrophe_surnames), truth.style);
            }
        }
        Label::UsageNameAsBirthName => {
            if truth.usage.is_none() {
                if truth.sex == 'M' {
                    redraw_first_names(truth, rng, t, 'F');
                }
                let usage = draw_surname(rng, t, &truth.nom);
                truth.usage = Some(style_surname(&usage, truth.style));
            }
        }
        Label::Truncation => {
            let long_first: Vec<&str> = t
                .long_first
                .iter()
                .filter(|(_, pct)| (*pct >= 50) == (truth.sex == 'F'))
                .map(|(n, _)| *n)
                .collect();
            if rng.chance(0.6) && !long_first.is_empty() {
                truth.p1 = style_first(pick_s(rng, &long_first), truth.style);
            } else {
                truth.nom = style_surname(pick_s(rng, &t.long_surnames), truth.style);
                field = "nomNaissance";
            }
            if truth.p2.as_deref().map(upper_plain) == Some(upper_plain(&truth.p1)) {
                truth.p2 = None;
                truth.p3 = None;
            }
        }
        Label::ImpossibleDate => {
            let m = *rng.pick(&[2u8, 4, 6, 9, 11]);
            truth.month = Some(m);
            truth.day = Some(rng.range(1, u32::from(days_in_month(truth.year, m))) as u8);
        }
        Label::DayMonthSwapped => {
            ensure_full_date(truth, rng);
            let m = truth.month.unwrap_or(1);
            let mut d = rng.range(1, 12) as u8;
            while d == m {
                d = rng.range(1, 12) as u8;
            }
            truth.day = Some(d);
        }
        Label::PlaceholderDate => {
            if !truth.abroad {
                set_foreign_place(truth, rng, t);
            }
            ensure_full_date(truth, rng);
            while matches!(
                (truth.month, truth.day),
                (Some(1), Some(1)) | (Some(12), Some(31))
            ) {
                truth.day = Some(rng.range(2, 28) as u8);
            }
        }
        Label::PostalCodeAsInsee => {
            let ok = !truth.abroad
                && truth.code_insee.is_some()
                && t.communes
                    .iter()
                    .any(|c| c.insee == truth.place_insee && c.postal != c.insee);
            if !ok {
                let idx = *rng.pick(&t.postal_differs);
                set_french_place(truth, t, idx, rng.chance(0.9));
            }
        }
        Label::DecoySurnameFirstName => {
            truth.nom = style_surname(pick_s(rng, &t.first_like_surnames), truth.style);
            let candidates: Vec<&str> = t
                .surname_like_first
                .get(truth.sex)
                .iter()
                .map(|&i| t.first[i].name)
                .collect();
            if !candidates.is_empty() {
                truth.p1 = style_first(pick_s(rng, &candidates), truth.style);
            }
            while upper_plain(&truth.p1) == upper_plain(&truth.nom) {
                truth.nom = style_surname(pick_s(rng, &t.first_like_surnames), truth.style);
            }
            if truth.p2.as_deref().map(upper_plain) == Some(upper_plain(&truth.p1)) {
                truth.p2 = None;
                truth.p3 = None;
            }
            field = "nomNaissance";
        }
        Label::DecoyMixedFirstName => {
            let f = &t.first[*rng.pick(&t.mixed)];
            // the less usual sex for this name: a male Camille, a female Sacha
            let sex = if f.pct_female >= 50 { 'M' } else { 'F' };
            redraw_first_names(truth, rng, t, sex);
            truth.p1 = style_first(f.name, truth.style);
            if truth.p2.as_deref().map(upper_plain) == Some(upper_plain(&truth.p1)) {
                truth.p2 = None;
                truth.p3 = None;
            }
            field = "sexe";
        }
        Label::DecoyDoubleName => {
            if !truth.nom.contains('-') {
                let a = draw_surname(rng, t, "");
                let b = draw_surname(rng, t, &a);
                let sep = if rng.chance(0.5) { "--" } else { "-" };
                truth.nom = style_surname(&format!("{a}{sep}{b}"), truth.style);
            }
            field = "nomNaissance";
        }
        Label::LeadingWhitespace | Label::TrailingWhitespace | Label::StrayCharacter => {}
    }
    if label == Label::DecoyApostropheName {
        field = "nomNaissance";
    }
    // 2. derive the deposit
    let mut dep = truth.clone();
    match label {
        Label::SwappedNames => {
            dep.nom = style_surname(&truth.p1, truth.style);
            dep.p1 = match truth.style {
                Style::Natural => title_case(&truth.nom),
                Style::Upper => truth.nom.clone(),
            };
            field = "nomNaissance";
        }
        Label::SwappedFirstNames => {
            dep.p1 = truth.p2.clone().unwrap_or_default();
            dep.p2 = Some(truth.p1.clone());
        }
        Label::SexMismatch => {
            dep.sex = if truth.sex == 'F' { 'M' } else { 'F' };
            field = "sexe";
        }
        Label::MergedFirstNames | Label::HyphenExtra => {
            let sep = if label == Label::HyphenExtra {
                "-"
            } else {
                " "
            };
            dep.p1 = format!("{}{sep}{}", truth.p1, truth.p2.as_deref().unwrap_or(""));
            dep.p2 = truth.p3.clone();
            dep.p3 = None;
        }
        Label::HyphenMissing => dep.p1 = truth.p1.replace('-', " "),
        Label::HyphenDouble => dep.p1 = truth.p1.replacen('-', "--", 1),
        Label::SpaceAroundHyphen => {
            let with = *rng.pick(&[" - ", " -", "- "]);
            dep.p1 = truth.p1.replacen('-', with, 1);
        }
        Label::Mojibake => {
            if truth.p1.is_ascii() {
                dep.nom = mojibake(&truth.nom);
                field = "nomNaissance";
            } else {
                dep.p1 = mojibake(&truth.p1);
            }
        }
        Label::LeadingWhitespace | Label::TrailingWhitespace | Label::StrayCharacter => {
            let on_name = rng.chance(0.4);
            let value = if on_name { &truth.nom } else { &truth.p1 };
            let new = match label {
                Label::LeadingWhitespace => format!(" {value}"),
                Label::TrailingWhitespace => {
                    let ws = if rng.chance(0.2) { "\u{A0}" } else { " " };
                    format!("{value}{ws}")
                }
                _ => stray(rng, value),
            };
            if on_name {
                dep.nom = new;
                field = "nomNaissance";
            } else {
                dep.p1 = new;
            }
        }
        Label::DoubleWhitespace => {
            dep.nom = truth.nom.replacen(' ', "  ", 1);
            field = "nomNaissance";
        }
        Label::TypographicApostrophe => {
            dep.nom = truth.nom.replace('\'', "\u{2019}");
            field = "nomNaissance";
        }
        Label::UsageNameAsBirthName => {
            dep.nom = truth.usage.clone().unwrap_or_default();
            if rng.chance(0.5) {
                dep.usage = None;
            }
            field = "nomNaissance";
        }
        Label::Truncation => {
            if field == "nomNaissance" {
                dep.nom = truncate_chars(&truth.nom, 30);
            } else {
                dep.p1 = truncate_chars(&truth.p1, 20);
            }
        }
        Label::ImpossibleDate => {
            let m = truth.month.unwrap_or(2);
            let bad = if m == 2 {
                let leap = days_in_month(truth.year, 2) == 29;
                if !leap && rng.chance(0.3) {
                    29
                } else {
                    *rng.pick(&[30u8, 31])
                }
            } else {
                31
            };
            dep.day = Some(bad);
            field = "dateNaissance";
        }
        Label::DayMonthSwapped => {
            dep.day = truth.month;
            dep.month = truth.day;
            field = "dateNaissance";
        }
        Label::PlaceholderDate => {
            if rng.chance(0.85) {
                dep.month = Some(1);
                dep.day = Some(1);
            } else {
                dep.month = Some(12);
                dep.day = Some(31);
            }
            field = "dateNaissance";
        }
        Label::PostalCodeAsInsee => {
            let postal = t
                .communes
                .iter()
                .find(|c| c.insee == truth.place_insee)
                .map(|c| c.postal)
                .unwrap_or("75001");
            dep.code_insee = Some(postal.to_string());
            field = "codeInsee";
        }
        _ => {} // decoys: deposited as they are
    }
    let labelled = Labelled {
        label,
        field,
        deposited: field_value(&dep, field),
        truth: field_value(truth, field),
    };
    (dep, labelled)
}

/// `Léa` → `L?a` (a lost accent), or a digit, `*` or `?` before or after the value.
fn stray(rng: &mut Rng, value: &str) -> String {
    if !value.is_ascii() && rng.chance(0.4) {
        let mut replaced = false;
        return value
            .chars()
            .map(|c| {
                if !replaced && !c.is_ascii() {
                    replaced = true;
                    '?'
                } else {
                    c
                }
            })
            .collect();
    }
    let c = *rng.pick(&['1', '2', '0', '3', '*', '?', '*']);
    if rng.chance(0.7) {
        format!("{value}{c}")
    } else {
        format!("{c}{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::person::draw_identity;

    #[test]
    fn every_label_changes_the_deposit_and_decoys_do_not() {
        let mut rng = Rng::new(11);
        for &label in Label::ALL {
            for _ in 0..300 {
                let mut truth = draw_identity(&mut rng);
                let (dep, l) = apply(label, &mut rng, &mut truth);
                if label.is_decoy() {
                    assert_eq!(dep, truth, "{label:?}");
                    assert_eq!(l.deposited, l.truth);
                } else {
                    assert_ne!(l.deposited, l.truth, "{label:?} {truth:?}");
                    assert_ne!(dep, truth);
                }
            }
        }
    }

    #[test]
    fn examples() {
        assert_eq!(title_case("N'DIAYE"), "N'Diaye");
        assert_eq!(title_case("LE GALL"), "Le Gall");
        assert_eq!(
            Label::from_name("hyphen_missing"),
            Some(Label::HyphenMissing)
        );
        assert_eq!(Label::errors().count(), 20);
        assert_eq!(Label::decoys().count(), 5);
    }
}
