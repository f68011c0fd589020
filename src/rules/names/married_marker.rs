//! N007: a married-name marker in the birth name (`DUPONT épouse MARTIN`, `MARTIN née DUPONT`).
use super::filled;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::surname_rank;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct MarriedMarker;
pub static RULE: MarriedMarker = MarriedMarker;

static META: RuleMeta = RuleMeta {
    code: "N007",
    name: "married-name-marker-in-birth-name",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Mention « épouse », « veuve » ou « née » dans le nom de naissance",
    summary_en: "\"Épouse\", \"veuve\" or \"née\" written in the birth name",
    doc_fr: RuleDoc {
        what: "Le nom de naissance contient, entre deux noms, une mention d'état matrimonial : « épouse », « ép. », « épse », « veuve », « vve » (le nom de naissance est avant, le nom d'usage après) ou « née » (le nom de naissance est après). Les parenthèses autour de la mention sont ignorées. Un nom de famille connu tel quel (NEE, VEUVE, LE NEE) n'est pas signalé.",
        why: "Le SNGI compare le nom de naissance tel quel : « DUPONT ÉPOUSE MARTIN » ne correspond à personne, et le nom marital n'est pas un critère de recherche ; la titulaire est rejetée.",
        example: "nomNaissance « DUPONT épouse MARTIN » → « DUPONT » (MARTIN va dans nomUsage) ; « MARTIN née DUPONT » → « DUPONT »",
        fix_safety: "Garder le seul nom de naissance. Sûre quand ce nom est un nom de famille connu (table INSEE) : la convention « X épouse Y », « Y née X » ne laisse pas d'autre lecture. Sinon à vérifier (non sûre). Le nom d'usage n'est pas rempli automatiquement : le message le donne.",
    },
    doc_en: RuleDoc {
        what: "The birth name holds, between two names, a marital-status word: \"épouse\", \"ép.\", \"épse\", \"veuve\", \"vve\" (birth name before, usage name after) or \"née\" (birth name after). Parentheses around the word are ignored. A value that is itself a known surname (NEE, VEUVE, LE NEE) is not reported.",
        why: "The SNGI compares the birth name as written: \"DUPONT ÉPOUSE MARTIN\" matches nobody, and the married name is not a search criterion; the holder is rejected.",
        example: "nomNaissance \"DUPONT épouse MARTIN\" → \"DUPONT\" (MARTIN goes in nomUsage); \"MARTIN née DUPONT\" → \"DUPONT\"",
        fix_safety: "Keeps the birth name only. Safe when that name is a known surname (INSEE table): the \"X épouse Y\", \"Y née X\" convention leaves no other reading. Otherwise unsafe (review). The usage name is not filled automatically: the message gives it.",
    },
    preview: false,
};

/// Markers after which the usage name comes (the birth name is before).
const USAGE_AFTER: &[&str] = &["EPOUSE", "EPSE", "EP", "VEUVE", "VVE"];
/// Marker after which the birth name comes.
const BIRTH_AFTER: &str = "NEE";

/// The birth name and the usage name read around a marker, as written (trimmed).
fn split(value: &str) -> Option<(String, String)> {
    // Words as written, parentheses and the dot of `ép.` dropped.
    let cleaned: String = value
        .chars()
        .map(|c| {
            if matches!(c, '(' | ')' | '.' | ',') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    let (i, k) = keys
        .iter()
        .enumerate()
        .find(|(i, k)| *i > 0 && (USAGE_AFTER.contains(&k.as_str()) || *k == BIRTH_AFTER))?;
    let (before, after) = (words[..i].join(" "), words[i + 1..].join(" "));
    if after.is_empty() {
        return None;
    }
    Some(if k == BIRTH_AFTER {
        (after, before)
    } else {
        (before, after)
    })
}

impl Rule for MarriedMarker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(nom) = filled(record, Field::NomNaissance) else {
            return;
        };
        if !nom.trim().contains(char::is_whitespace) || surname_rank(&key(nom)).is_some() {
            return;
        }
        let Some((birth, usage)) = split(nom) else {
            return;
        };
        let edits = vec![Edit::replace(Field::NomNaissance, nom, birth.clone())];
        let fix = if surname_rank(&key(&birth)).is_some() {
            Fix::safe(edits)
        } else {
            Fix::unsafe_(edits)
        };
        let message = match ctx.lang {
            Lang::Fr => format!(
                "le nom de naissance contient une mention d'état matrimonial : nom de naissance {}, nom d'usage {} (à mettre dans nomUsage)",
                ctx.lang.quote(&birth),
                ctx.lang.quote(&usage)
            ),
            Lang::En => format!(
                "the birth name holds a marital-status word: birth name {}, usage name {} (to put in nomUsage)",
                ctx.lang.quote(&birth),
                ctx.lang.quote(&usage)
            ),
        };
        out.push(finding(
            &META,
            Some(Field::NomNaissance),
            Some(nom),
            message,
            Some(fix),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    fn run(nom: &str) -> Vec<Finding> {
        check(&RULE, &holder(&[(Field::NomNaissance, nom)]))
    }

    fn fixed(nom: &str) -> (String, Applicability) {
        let f = run(nom);
        assert_eq!(f.len(), 1, "{nom}: {f:?}");
        let fix = f[0].fix.as_ref().unwrap();
        (fix.edits[0].to.clone().unwrap(), fix.applicability)
    }

    #[test]
    fn keeps_the_birth_name() {
        assert_eq!(
            fixed("DUPONT épouse MARTIN"),
            ("DUPONT".to_string(), Applicability::Safe)
        );
        assert_eq!(
            fixed("DUPONT EP. MARTIN"),
            ("DUPONT".to_string(), Applicability::Safe)
        );
        assert_eq!(
            fixed("DUPONT (VVE MARTIN)"),
            ("DUPONT".to_string(), Applicability::Safe)
        );
        assert_eq!(
            fixed("MARTIN née DUPONT"),
            ("DUPONT".to_string(), Applicability::Safe)
        );
        assert_eq!(
            fixed("LE GALL épouse MARTIN"),
            ("LE GALL".to_string(), Applicability::Safe)
        );
        // An unknown birth name: to check.
        assert_eq!(
            fixed("XQZWY épouse MARTIN"),
            ("XQZWY".to_string(), Applicability::Unsafe)
        );
    }

    #[test]
    fn names_with_these_words_are_left_alone() {
        for nom in [
            "NEE",
            "LE NEE",
            "VEUVE",
            "DUPONT",
            "EPOUSE MARTIN",
            "DUPONT EPOUSE",
        ] {
            assert!(run(nom).is_empty(), "{nom}");
        }
    }
}
