//! The rule engine's rules. Each rule lives in its own small module with a stable code,
//! a severity, French and English messages and documentation, and an optional fix.

use crate::finding::{Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};

pub mod accents;
pub mod chars;
pub mod dates;
pub mod hyphen;
pub mod names;
pub mod places;
pub mod schema;
pub mod sex;
pub mod whitespace;

/// Whether a rule can propose a fix, and how far it can be trusted at best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Documentation of a rule in one language, under fixed headings
/// (a test checks that none is empty).
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// What it detects.
    pub what: &'static str,
    /// Why the CDC rejects it (or why it matters).
    pub why: &'static str,
    /// Example, deposited value → fixed value.
    pub example: &'static str,
    /// When the fix is safe, unsafe or absent.
    pub fix_safety: &'static str,
}

/// Static metadata of a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code: a family letter and three digits (`W001`). Never reused.
    pub code: &'static str,
    /// Short kebab-case name of the defect (`leading-trailing-whitespace`).
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// One-line summary in French and English.
    pub summary_fr: &'static str,
    pub summary_en: &'static str,
    pub doc_fr: RuleDoc,
    pub doc_en: RuleDoc,
    /// Preview rules run only when selected explicitly.
    pub preview: bool,
}

impl RuleMeta {
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.summary_fr,
            Lang::En => self.summary_en,
        }
    }
    pub fn doc(&self, lang: Lang) -> &RuleDoc {
        match lang {
            Lang::Fr => &self.doc_fr,
            Lang::En => &self.doc_en,
        }
    }
}

/// What a rule may read besides the record.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    pub lang: Lang,
}

/// A per-record rule. Rules see only the record model.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>);
}

/// Builds a finding of this rule with its default severity.
pub fn finding(
    meta: &'static RuleMeta,
    field: Option<Field>,
    value: Option<&str>,
    message: String,
    fix: Option<Fix>,
) -> Finding {
    Finding {
        rule: meta.code,
        severity: meta.severity,
        field,
        line: None,
        value: value.map(str::to_string),
        message,
        fix,
        alternatives: Vec::new(),
    }
}

/// Starts building the reference tables the rules use, on background threads, so that the
/// first records do not wait for them (about 0.1 s of work, done on first use otherwise,
/// while the reader stalls). Name tables for the name, sex, accent and hyphen families,
/// geography for the places family.
pub fn warm_up(rules: &[&'static dyn Rule]) {
    let uses = |families: &[u8]| {
        rules
            .iter()
            .any(|r| families.contains(&r.meta().code.as_bytes()[0]))
    };
    if uses(b"NSAH") {
        std::thread::spawn(|| {
            crate::reference::load_first_names();
            crate::reference::load_surnames();
            names::truncated::warm_up();
        });
    }
    if uses(b"P") {
        std::thread::spawn(places::warm_up);
    }
}

/// Every rule, in code order. Adding a rule = adding its module and one line here.
pub fn all() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = vec![
        &whitespace::outer_space::RULE,
        &whitespace::doubled_space::RULE,
        &whitespace::odd_space::RULE,
        &whitespace::only_whitespace::RULE,
        &chars::mojibake::RULE,
        &chars::unexpected_char::RULE,
        &chars::apostrophe::RULE,
        &chars::dash_variant::RULE,
        &hyphen::space_around::RULE,
        &hyphen::doubled::RULE,
        &hyphen::dangling::RULE,
        &schema::length::RULE,
        &schema::missing::RULE,
        &schema::sex_code::RULE,
        &schema::integer::RULE,
        &schema::insee_length::RULE,
        &schema::country_code::RULE,
        &schema::birth_place_choice::RULE,
        &schema::label_length::RULE,
        &dates::impossible::RULE,
        &dates::implausible_year::RULE,
        &dates::placeholder::RULE,
        &dates::day_month_swapped::RULE,
        &names::swapped::RULE,
        &names::first_names_order::RULE,
        &names::surname_as_first::RULE,
        &names::merged::RULE,
        &names::usage_name::RULE,
        &names::truncated::RULE,
        &names::married_marker::RULE,
        &hyphen::missing::RULE,
        &hyphen::extra::RULE,
        &hyphen::double_name::RULE,
        &sex::first_name_sex::RULE,
        &accents::usual_spelling::RULE,
        &places::unknown_commune::RULE,
        &places::former_code::RULE,
        &places::mayotte::RULE,
        &places::unknown_country::RULE,
        &places::label_mismatch::RULE,
        &places::country_label_mismatch::RULE,
        &places::recover_insee::RULE,
    ];
    rules.sort_by_key(|r| r.meta().code);
    rules
}

/// Finds a rule by code (case-insensitive).
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    all()
        .into_iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

/// String fields worth checking for characters and spacing: names, codes and labels,
/// present and not nil. Integers and `sexe` have their own rules.
pub fn text_fields(record: &Record) -> impl Iterator<Item = (Field, &str)> {
    Field::ALL.into_iter().filter_map(move |f| {
        if matches!(
            f,
            Field::AnneeNaissance | Field::MoisNaissance | Field::JourNaissance | Field::Sexe
        ) {
            return None;
        }
        record.text(f).map(|t| (f, t))
    })
}

/// Present, non-nil name fields (birth name, usage name, first names).
pub fn name_fields(record: &Record) -> impl Iterator<Item = (Field, &str)> {
    Field::ALL
        .into_iter()
        .filter(|f| f.is_name())
        .filter_map(move |f| record.text(f).map(|t| (f, t)))
}

#[cfg(test)]
pub mod test_support {
    use super::*;
    use crate::model::Value;

    /// A record holding only the given fields.
    pub fn record(fields: &[(Field, &str)]) -> Record {
        let mut r = Record {
            id: "T1".into(),
            ..Record::default()
        };
        for (f, v) in fields {
            r.set(*f, Value::new(*v));
        }
        r
    }

    /// A complete, correct identity to which tests add or replace fields.
    pub fn holder(fields: &[(Field, &str)]) -> Record {
        let mut r = record(&[
            (Field::NomNaissance, "MARTIN"),
            (Field::Prenom1, "Léa"),
            (Field::AnneeNaissance, "2001"),
            (Field::MoisNaissance, "3"),
            (Field::JourNaissance, "14"),
            (Field::Sexe, "F"),
            (Field::CodeInsee, "69123"),
        ]);
        r.set(Field::NomUsage, Value::nil());
        for (f, v) in fields {
            r.set(*f, Value::new(*v));
        }
        r
    }

    pub fn check(rule: &dyn Rule, record: &Record) -> Vec<Finding> {
        let mut out = Vec::new();
        rule.check(record, &Ctx::default(), &mut out);
        out
    }

    /// Each edit of a fix as (field, new value).
    pub fn edits_to(fix: &crate::finding::Fix) -> Vec<(Field, Option<&str>)> {
        fix.edits
            .iter()
            .map(|e| (e.field, e.to.as_deref()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let rules = all();
        let mut codes: Vec<&str> = rules.iter().map(|r| r.meta().code).collect();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "duplicate rule code");
        for c in codes {
            assert_eq!(c.len(), 4, "{c}");
            assert!(
                c.as_bytes()[0].is_ascii_uppercase() && c[1..].bytes().all(|b| b.is_ascii_digit()),
                "{c}"
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_both_languages() {
        for r in all() {
            let m = r.meta();
            for (lang, d) in [("fr", &m.doc_fr), ("en", &m.doc_en)] {
                for (heading, text) in [
                    ("what", d.what),
                    ("why", d.why),
                    ("example", d.example),
                    ("fix_safety", d.fix_safety),
                ] {
                    assert!(
                        !text.trim().is_empty(),
                        "{} {lang}: empty {heading}",
                        m.code
                    );
                }
            }
            assert!(
                !m.summary_fr.is_empty() && !m.summary_en.is_empty(),
                "{}",
                m.code
            );
            assert!(!m.name.is_empty() && !m.name.contains(' '), "{}", m.code);
        }
    }
}
