//! Rules that weigh names against the INSEE name tables (`crate::reference`): swapped
//! name and first name, first names in the wrong order, a surname in `prenom1`, merged
//! first names, a usage name as birth name, a married-name marker in the birth name, APOGEE
//! truncation.
//!
//! The helpers below are shared with the `sex`, `hyphen` and `accents` families so that
//! every rule reads the tables the same way: keys from [`crate::normalize::key`], all
//! spellings merged, bands before ranks (DATA.md sections 3.4 and 9).

pub mod first_names_order;
pub mod married_marker;
pub mod merged;
pub mod surname_as_first;
pub mod swapped;
pub mod truncated;
pub mod usage_name;

use crate::model::{Field, Record};
use crate::reference::{decade_index, Band, FirstName};

/// The declared sex: `Some(true)` for a man, `Some(false)` for a woman.
pub(crate) fn declared_male(record: &Record) -> Option<bool> {
    match record.text(Field::Sexe)?.trim() {
        "M" | "1" => Some(true),
        "F" | "2" => Some(false),
        _ => None,
    }
}

/// The decade list of the holder's birth year, when the year is plausible.
pub(crate) fn birth_decade(record: &Record) -> Option<usize> {
    record
        .birth_year()
        .filter(|y| (1880..=2100).contains(y))
        .map(decade_index)
}

/// The text of a field when it holds something other than spaces.
pub(crate) fn filled(record: &Record, field: Field) -> Option<&str> {
    record.text(field).filter(|t| !t.trim().is_empty())
}

/// Band of a first name for one sex (`None`: the stronger of both) in one decade
/// (`None`: all years).
pub(crate) fn band_for(f: &FirstName, male: Option<bool>, decade: Option<usize>) -> Band {
    match male {
        Some(m) => f.band(m, decade),
        None => f.band(true, decade).max(f.band(false, decade)),
    }
}

/// All-years rank for one sex (`None`: the better of both).
pub(crate) fn rank_for(f: &FirstName, male: Option<bool>) -> Option<u32> {
    match male {
        Some(true) => f.m_rank,
        Some(false) => f.f_rank,
        None => match (f.m_rank, f.f_rank) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    }
}

/// Whether every character of the value that has a case is upper case (`DUPONT`, `N'DIAYE`).
pub(crate) fn is_all_caps(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

/// `value` written in the case style of `like`: all capitals if `like` is, else title case.
pub(crate) fn restyle(value: &str, like: &str) -> String {
    if is_all_caps(like) {
        value.to_uppercase()
    } else {
        crate::normalize::title_case(value)
    }
}

/// Born abroad: `codeInsee` `99…` or a birth country given.
pub(crate) fn born_abroad(record: &Record) -> bool {
    record
        .text(Field::CodeInsee)
        .is_some_and(|c| c.trim().starts_with("99"))
        || filled(record, Field::CodePaysNaissance).is_some()
}

/// Born in Mayotte (`976xx`, or `985xx` before 2008): INSEE's first-name file leaves these
/// births out, so the tables cannot say that a value is nobody's first name there.
pub(crate) fn born_in_mayotte(record: &Record) -> bool {
    record
        .text(Field::CodeInsee)
        .is_some_and(|c| matches!(c.trim().get(..3), Some("976" | "985")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    /// Every name-table rule, for the cross-rule tests.
    fn name_rules() -> Vec<&'static dyn crate::rules::Rule> {
        crate::rules::all()
            .into_iter()
            .filter(|r| {
                let c = r.meta().code;
                c.starts_with('N')
                    || c.starts_with('S')
                    || c.starts_with('A')
                    || ["H004", "H005", "H006"].contains(&c)
            })
            .collect()
    }

    #[test]
    fn names_that_look_wrong_but_are_right_give_no_finding() {
        let rules = name_rules();
        assert_eq!(rules.len(), 12);
        let cases: &[&[(Field, &str)]] = &[
            &[
                (Field::Prenom1, "Jean-Pierre"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "1975"),
            ],
            &[
                (Field::Prenom1, "Camille"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "2000"),
            ],
            &[(Field::NomNaissance, "N'DIAYE"), (Field::Prenom1, "Awa")],
            &[
                (Field::NomNaissance, "N’DIAYE"),
                (Field::Prenom1, "Moussa"),
                (Field::Sexe, "M"),
            ],
            &[
                (Field::NomNaissance, "MARTIN"),
                (Field::Prenom1, "Pierre"),
                (Field::Sexe, "M"),
            ],
            &[
                (Field::NomNaissance, "PIERRE"),
                (Field::Prenom1, "Martin"),
                (Field::Sexe, "M"),
            ],
            &[
                (Field::NomNaissance, "THOMAS"),
                (Field::Prenom1, "Bernard"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "1968"),
            ],
            &[
                (Field::Prenom1, "Dominique"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "1962"),
            ],
            &[
                (Field::Prenom1, "Claude"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "1955"),
            ],
            &[
                (Field::Prenom1, "Sacha"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "2003"),
            ],
            &[
                (Field::Prenom1, "Jean"),
                (Field::Prenom2, "Marie"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "1980"),
            ],
            &[
                (Field::Prenom1, "Marie-Pierre"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "1970"),
            ],
            &[
                (Field::Prenom1, "Anne-Marie"),
                (Field::Prenom2, "Louise"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "1985"),
            ],
            &[
                (Field::NomNaissance, "DUPONT--MARTIN"),
                (Field::Prenom1, "Lucas"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "2007"),
            ],
            &[
                (Field::NomNaissance, "LE GALL"),
                (Field::Prenom1, "Yann"),
                (Field::Sexe, "M"),
            ],
            &[
                (Field::NomNaissance, "DA SILVA"),
                (Field::Prenom1, "Inès"),
                (Field::Sexe, "F"),
            ],
            &[(Field::Prenom1, "LEA"), (Field::Sexe, "F")],
            &[
                (Field::Prenom1, "Mattéo"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "2004"),
            ],
            &[
                (Field::Prenom1, "Lætitia"),
                (Field::Sexe, "F"),
                (Field::AnneeNaissance, "1980"),
            ],
        ];
        for fields in cases {
            let r = holder(fields);
            for rule in &rules {
                let f = check(*rule, &r);
                assert!(f.is_empty(), "{fields:?}: {f:?}");
            }
        }
    }

    #[test]
    fn restyle_keeps_case_style() {
        assert_eq!(restyle("DUPONT", "Kevin"), "Dupont");
        assert_eq!(restyle("Kévin", "DUPONT"), "KÉVIN");
        assert_eq!(restyle("LE GALL", "Léa"), "Le Gall");
    }
}
