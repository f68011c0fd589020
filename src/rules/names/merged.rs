//! N004: several first names merged in `prenom1` (`JEAN PIERRE`, no `prenom2`).
use super::{band_for, filled};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::{first_name, Band, FirstName};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Merged;
pub static RULE: Merged = Merged;

static META: RuleMeta = RuleMeta {
    code: "N004",
    name: "merged-first-names",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Plusieurs prénoms dans le prénom 1",
    summary_en: "Several first names merged in first name 1",
    doc_fr: RuleDoc {
        what: "Le prénom 1 contient plusieurs mots séparés par des espaces, tous des prénoms connus, et les prénoms 2 et 3 sont vides ; ou bien deux mots sans prénom composé connu, le prénom 2 rempli et le prénom 3 vide (le prénom 2 glisse alors en prénom 3). Si la forme avec trait d'union est un prénom composé connu (« JEAN PIERRE » → Jean-Pierre), les deux lectures sont proposées : prénom composé, ou prénoms répartis dans prenom1/prenom2(/prenom3). La même valeur n'est pas signalée une seconde fois par H004.",
        why: "Le SNGI compare le prénom 1 tel quel : « JEAN PIERRE » ne correspond ni à « JEAN » ni à « JEAN-PIERRE » (le trait d'union est discriminant), et le titulaire est rejeté.",
        example: "prenom1 « Manon Clara », pas de prenom2 → prenom1 « Manon », prenom2 « Clara » ; prenom1 « JEAN PIERRE » → « JEAN-PIERRE » ou « JEAN » + « PIERRE » (au choix)",
        fix_safety: "Quand un prénom composé connu correspond, jamais sûre : les deux lectures existent à l'état civil et seule une pièce d'identité tranche. Sans prénom composé connu (ni collé, comme ABDELKADER), la répartition est sûre si le champ a 2 ou 3 mots, chacun un prénom au moins peu courant et aucun égal au nom de naissance ou d'usage (sinon le nom complet a peut-être été saisi dans le prénom) : aucune autre lecture n'est plausible, un prénom ne contenant jamais d'espace. Au-delà de 3 mots, aucune correction.",
    },
    doc_en: RuleDoc {
        what: "First name 1 holds several space-separated words, all known first names, and first names 2 and 3 are empty; or two words forming no known compound, with first name 2 filled and first name 3 empty (first name 2 then moves to first name 3). If the hyphenated form is a known compound name (\"JEAN PIERRE\" → Jean-Pierre), both readings are offered: the compound, or the names split over prenom1/prenom2(/prenom3). H004 does not report the same value again.",
        why: "The SNGI compares first name 1 as written: \"JEAN PIERRE\" matches neither \"JEAN\" nor \"JEAN-PIERRE\" (the hyphen is discriminating), and the holder is rejected.",
        example: "prenom1 \"Manon Clara\", no prenom2 → prenom1 \"Manon\", prenom2 \"Clara\"; prenom1 \"JEAN PIERRE\" → \"JEAN-PIERRE\" or \"JEAN\" + \"PIERRE\" (reviewer's choice)",
        fix_safety: "When a known compound matches, never safe: both readings exist in civil status and only an identity document decides. With no known compound (hyphenated or glued, like ABDELKADER), the split is safe if the field has 2 or 3 words, each at least an uncommon first name and none equal to the birth or usage name (else the full name may have been typed in the first-name field): no other reading is plausible since a first name never contains a space. Beyond 3 words, no fix.",
    },
    preview: false,
};

/// The words of a spaced first name and what they may be.
pub(crate) struct Words<'a> {
    /// The words as written.
    pub words: Vec<&'a str>,
    /// Their keys, all known first names.
    pub keys: Vec<String>,
    /// A known compound made of all words (hyphenated or glued), or of two adjacent words.
    pub compound: Option<&'static FirstName>,
    /// Readings as `(prenom values)`, compound-based ones first.
    pub compound_readings: Vec<Vec<String>>,
}

/// Splits a value on spaces; `None` unless it has 2+ words that are all known first names.
pub(crate) fn known_words(value: &str) -> Option<Words<'_>> {
    let words: Vec<&str> = value.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    if keys.iter().any(|k| k.is_empty() || first_name(k).is_none()) {
        return None;
    }
    let mut compound = None;
    let mut compound_readings = Vec::new();
    let whole = first_name(&keys.join("-")).or_else(|| first_name(&keys.concat()));
    if let Some(f) = whole {
        compound = Some(f);
        let glued = !f.key.contains('-');
        compound_readings.push(vec![words.join(if glued { "" } else { "-" })]);
    }
    if words.len() == 3 {
        for (i, pair) in [(0usize, 1usize), (1, 2)] {
            if let Some(f) = first_name(&format!("{}-{}", keys[i], keys[pair])) {
                compound.get_or_insert(f);
                let joined = format!("{}-{}", words[i], words[pair]);
                compound_readings.push(if i == 0 {
                    vec![joined, words[2].to_string()]
                } else {
                    vec![words[0].to_string(), joined]
                });
            }
        }
    }
    Some(Words {
        words,
        keys,
        compound,
        compound_readings,
    })
}

/// Whether N004 reports this record (H004 then stays silent on `prenom1`).
pub(crate) fn applies(record: &Record) -> bool {
    filled(record, Field::Prenom2).is_none()
        && filled(record, Field::Prenom3).is_none()
        && filled(record, Field::Prenom1).is_some_and(|p| p.trim().contains(char::is_whitespace))
}

/// Edits that write `values` into prenom1, prenom2, prenom3 (clearing unused ones).
fn reading(record: &Record, p1: &str, values: &[String]) -> Fix {
    let mut edits = vec![Edit::replace(Field::Prenom1, p1, values[0].clone())];
    for (field, v) in [
        (Field::Prenom2, values.get(1)),
        (Field::Prenom3, values.get(2)),
    ] {
        let from = record.text(field).map(str::to_string);
        if let Some(v) = v {
            edits.push(Edit {
                field,
                from,
                to: Some(v.clone()),
            });
        }
    }
    Fix::unsafe_(edits)
}

impl Rule for Merged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        // With prenom2 filled and prenom3 free, two merged first names with no compound
        // reading (H004's business) are split too, prenom2 moving to prenom3.
        let moved = if applies(record) {
            None
        } else {
            match (
                filled(record, Field::Prenom1),
                filled(record, Field::Prenom2),
                filled(record, Field::Prenom3),
            ) {
                (Some(p1), Some(p2), None)
                    if p1.trim().contains(char::is_whitespace)
                        && first_name(&key(p2)).is_some() =>
                {
                    Some(p2.to_string())
                }
                _ => return,
            }
        };
        let Some(p1) = record.text(Field::Prenom1) else {
            return;
        };
        let Some(w) = known_words(p1) else {
            return;
        };
        if moved.is_some() && (w.compound.is_some() || w.words.len() != 2) {
            return;
        }
        let split: Option<Vec<String>> = (w.words.len() <= 3).then(|| {
            w.words
                .iter()
                .map(|s| s.to_string())
                .chain(moved.clone())
                .collect()
        });
        let mut readings: Vec<Fix> = Vec::new();
        let split_first = w
            .compound
            .is_none_or(|c| !band_for(c, None, None).is_at_least_uncommon());
        if let Some(s) = &split {
            readings.push(reading(record, p1, s));
        }
        for c in &w.compound_readings {
            readings.push(reading(record, p1, c));
        }
        if !split_first && split.is_some() && readings.len() > 1 {
            readings.swap(0, 1);
        }
        if readings.is_empty() {
            return;
        }
        // A word equal to the birth or usage name: the whole name may have been typed in
        // prenom1 ("Jean MARTIN"), so the split is only offered.
        let names: Vec<String> = [Field::NomNaissance, Field::NomUsage]
            .into_iter()
            .filter_map(|f| filled(record, f).map(key))
            .collect();
        let safe = w.compound.is_none()
            && split.is_some()
            && !w.keys.iter().any(|k| names.contains(k))
            && w.keys.iter().all(|k| {
                first_name(k).is_some_and(|f| {
                    band_for(f, None, None).strength() >= Band::Uncommon.strength()
                })
            });
        let mut fix = readings.remove(0);
        if safe {
            fix.applicability = crate::finding::Applicability::Safe;
        }
        let message = match (ctx.lang, w.compound.is_some()) {
            (Lang::Fr, false) => format!(
                "{} réunit {} prénoms dans le prénom 1 : à répartir dans prenom1, prenom2…",
                ctx.lang.quote(p1.trim()),
                w.words.len()
            ),
            (Lang::Fr, true) => format!(
                "{} : prénom composé (avec trait d'union) ou plusieurs prénoms dans le prénom 1 ? À vérifier sur l'état civil",
                ctx.lang.quote(p1.trim())
            ),
            (Lang::En, false) => format!(
                "{} merges {} first names in first name 1: split them over prenom1, prenom2…",
                ctx.lang.quote(p1.trim()),
                w.words.len()
            ),
            (Lang::En, true) => format!(
                "{}: one compound first name (with a hyphen) or several first names in first name 1? Check the civil status",
                ctx.lang.quote(p1.trim())
            ),
        };
        let mut f = finding(&META, Some(Field::Prenom1), Some(p1), message, Some(fix));
        f.alternatives = readings;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, edits_to, holder};

    fn run(p1: &str) -> Vec<Finding> {
        check(&RULE, &holder(&[(Field::Prenom1, p1)]))
    }

    #[test]
    fn split_without_known_compound_is_safe() {
        let f = run("Manon Clara");
        assert_eq!(f.len(), 1, "{f:?}");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("Manon"));
        assert_eq!(fix.edits[1].to.as_deref(), Some("Clara"));
        assert!(f[0].alternatives.is_empty());
    }

    #[test]
    fn a_word_equal_to_the_name_makes_the_split_unsafe() {
        let r = holder(&[
            (Field::NomNaissance, "CLARA"),
            (Field::Prenom1, "Manon Clara"),
        ]);
        let f = check(&RULE, &r);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn known_compound_offers_both_readings_unsafe() {
        let f = run("JEAN PIERRE");
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("JEAN-PIERRE"));
        assert_eq!(f[0].alternatives.len(), 1);
        assert_eq!(f[0].alternatives[0].edits.len(), 2);
    }

    #[test]
    fn three_words() {
        let f = run("Jean Pierre Louis");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert!(!f[0].alternatives.is_empty());
    }

    #[test]
    fn right_names_give_no_finding() {
        assert!(run("Jean-Pierre").is_empty());
        assert!(run("Léa").is_empty());
        assert!(run("Zorglub Marie").is_empty());
        // A known compound with prenom2 filled is H004's business.
        let with_p2 = holder(&[(Field::Prenom1, "Jean Pierre"), (Field::Prenom2, "Louis")]);
        assert!(check(&RULE, &with_p2).is_empty());
        // No room left: three names already.
        let full = holder(&[
            (Field::Prenom1, "Manon Clara"),
            (Field::Prenom2, "Louise"),
            (Field::Prenom3, "Anne"),
        ]);
        assert!(check(&RULE, &full).is_empty());
    }

    #[test]
    fn split_with_prenom2_filled_moves_it_to_prenom3() {
        let r = holder(&[(Field::Prenom1, "Léa Laura"), (Field::Prenom2, "Charlotte")]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1, "{f:?}");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        let to = edits_to(fix);
        assert_eq!(
            to,
            vec![
                (Field::Prenom1, Some("Léa")),
                (Field::Prenom2, Some("Laura")),
                (Field::Prenom3, Some("Charlotte"))
            ]
        );
    }
}
