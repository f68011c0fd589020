//! H005: a hyphen joining two first names that form no known compound (`Lucas-Hugo`).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::first_name;
use crate::rules::names::filled;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Extra;
pub static RULE: Extra = Extra;

static META: RuleMeta = RuleMeta {
    code: "H005",
    name: "hyphen-without-known-compound",
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    summary_fr: "Trait d'union entre deux prénoms sans prénom composé connu",
    summary_en: "Hyphen between two first names that form no known compound",
    doc_fr: RuleDoc {
        what: "Un champ prénom relie par un trait d'union des prénoms connus qui ne forment aucun prénom composé des tables INSEE (ni avec trait d'union, ni collés) : deux prénoms ont peut-être été réunis par erreur. Une valeur d'exactement 20 caractères (largeur APOGEE, prénom peut-être tronqué) est laissée à N006.",
        why: "Le trait d'union est discriminant : si l'état civil porte deux prénoms, « Lucas-Hugo » ne correspond pas à « Lucas ». Mais beaucoup de prénoms composés rares (donnés moins de 3 fois par an) manquent aux tables : ce n'est qu'un signal.",
        example: "prenom1 « Lucas-Hugo », pas de prenom2 → prenom1 « Lucas », prenom2 « Hugo » (à vérifier)",
        fix_safety: "Jamais sûre (information) : un prénom composé rare est légitime, et le dépôt ne permet pas de le distinguer de deux prénoms réunis par erreur. Les tables comptent 2 381 prénoms composés, dont 1 491 donnés au plus 50 fois en un siècle à chaque sexe contre 229 courants : plus on descend en fréquence, plus il y en a, et cette traîne continue sous le seuil des listes (les composés rares y manquent par milliers). Même quand les deux parties sont des prénoms très courants, l'absence du composé ne prouve donc pas l'erreur. La répartition n'est proposée que s'il reste des champs prénom libres (le prénom 2 existant glisse en prénom 3).",
    },
    doc_en: RuleDoc {
        what: "A first-name field joins known first names with a hyphen into no compound of INSEE's tables (neither hyphenated nor glued): two first names may have been merged by mistake. A value of exactly 20 characters (APOGEE's width, maybe cut) is left to N006.",
        why: "The hyphen is discriminating: if the civil status has two first names, \"Lucas-Hugo\" does not match \"Lucas\". But many rare compounds (given fewer than 3 times a year) are missing from the tables: this is only a signal.",
        example: "prenom1 \"Lucas-Hugo\", no prenom2 → prenom1 \"Lucas\", prenom2 \"Hugo\" (to check)",
        fix_safety: "Never safe (information): a rare compound is legitimate, and the deposit cannot tell it from two first names joined by mistake. The tables hold 2,381 compound first names, 1,491 of them given at most 50 times in a century to each sex against 229 common ones: the rarer the band, the more compounds, and that tail goes on below the lists' floor (rare compounds are missing by the thousand). Even when both parts are very common first names, a missing compound does not prove an error. The split is offered only when first-name fields are free (an existing first name 2 moves to first name 3).",
    },
    preview: false,
};

const FIELDS: [Field; 3] = [Field::Prenom1, Field::Prenom2, Field::Prenom3];

/// The parts of a hyphenated value when they are all known first names and the whole is not.
fn unknown_compound(text: &str) -> Option<Vec<&str>> {
    let t = text.trim();
    // 20 characters: APOGEE's width, a cut compound is N006's business.
    if !t.contains('-') || t.contains(char::is_whitespace) || t.chars().count() == 20 {
        return None;
    }
    let k = key(t);
    if first_name(&k).is_some() {
        return None;
    }
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.chars().count() < 2) {
        return None;
    }
    let glued: String = k.split('-').collect();
    if first_name(&glued).is_some() {
        return None;
    }
    k.split('-')
        .all(|p| first_name(p).is_some())
        .then_some(parts)
}

impl Rule for Extra {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (i, field) in FIELDS.into_iter().enumerate() {
            let Some(text) = filled(record, field) else {
                continue;
            };
            let Some(parts) = unknown_compound(text) else {
                continue;
            };
            // Values to write from this field on: the parts, then the following names.
            let mut values: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            values.extend(
                FIELDS[i + 1..]
                    .iter()
                    .filter_map(|f| filled(record, *f).map(str::to_string)),
            );
            let fix = (values.len() <= 3 - i).then(|| {
                let edits = FIELDS[i..]
                    .iter()
                    .zip(values.iter())
                    .filter(|(f, v)| record.text(**f) != Some(v.as_str()))
                    .map(|(f, v)| Edit {
                        field: *f,
                        from: record.text(*f).map(str::to_string),
                        to: Some(v.clone()),
                    })
                    .collect();
                Fix::unsafe_(edits)
            });
            let message = match ctx.lang {
                Lang::Fr => format!(
                    "{} n'est pas un prénom composé connu, mais {} prénoms reliés par un trait d'union : un seul prénom ou plusieurs ?",
                    ctx.lang.quote(text.trim()),
                    parts.len()
                ),
                Lang::En => format!(
                    "{} is no known compound first name but {} first names joined by a hyphen: one first name or several?",
                    ctx.lang.quote(text.trim()),
                    parts.len()
                ),
            };
            out.push(finding(&META, Some(field), Some(text), message, fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn unknown_compound_is_reported_with_a_split() {
        let r = holder(&[(Field::Prenom1, "Lucas-Hugo"), (Field::Prenom2, "Paul")]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1);
        let edits = &f[0].fix.as_ref().unwrap().edits;
        assert_eq!(edits.len(), 3, "{edits:?}");
        assert_eq!(edits[0].to.as_deref(), Some("Lucas"));
        assert_eq!(edits[2].to.as_deref(), Some("Paul"));
    }

    #[test]
    fn a_compound_missing_from_the_tables_is_never_split_safely() {
        // Two very common first names whose compound is below the lists' floor: a real
        // Louis-Hugo or Emma-Rose cannot be told from Louis + Hugo joined by mistake.
        for (p1, sex) in [("Lucas-Hugo", "M"), ("Emma-Chloé", "F")] {
            let r = holder(&[
                (Field::Prenom1, p1),
                (Field::Sexe, sex),
                (Field::AnneeNaissance, "2004"),
            ]);
            let f = check(&RULE, &r);
            assert_eq!(f.len(), 1, "{p1}: {f:?}");
            assert_eq!(
                f[0].fix.as_ref().unwrap().applicability,
                crate::finding::Applicability::Unsafe
            );
        }
    }

    #[test]
    fn known_compounds_and_surnames_are_left_alone() {
        for p in [
            "Jean-Pierre",
            "Anne-Marie",
            "Marie-Thérèse",
            "Léa",
            "Jean-Baptiste",
        ] {
            assert!(
                check(&RULE, &holder(&[(Field::Prenom1, p)])).is_empty(),
                "{p}"
            );
        }
        let r = holder(&[(Field::NomNaissance, "DUPONT-MARTIN")]);
        assert!(check(&RULE, &r).is_empty());
    }
}
