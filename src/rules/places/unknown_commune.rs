//! P001: `codeInsee` of a birth in France that is no INSEE commune code at all (often a
//! postal code).
use super::{french_code, label_key, postal_candidates, show};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference::{self, Commune};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct UnknownCommune;
pub static RULE: UnknownCommune = UnknownCommune;

static META: RuleMeta = RuleMeta {
    code: "P001",
    name: "unknown-commune-code",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code INSEE de naissance qui n'est le code d'aucune commune",
    summary_en: "Birth INSEE code that is no commune's code",
    doc_fr: RuleDoc {
        what: "codeInsee (5 caractères, hors 99xxx) n'est le code d'aucune commune, ni actuelle, ni déléguée, ni associée, ni arrondissement, ni ancienne (historique 1943–2019 et COG 2026). Le plus souvent, c'est un code postal : « 75001 » au lieu de « 75101 » (Paris 1er).",
        why: "Le code de la commune de naissance est comparé au dernier niveau du rapprochement avec le registre national (SNGI) : un code qui n'existe pas ne peut pas correspondre quand ce niveau est atteint (homonymes). Un code qui a existé (ancien code, commune fusionnée) n'est jamais signalé par cette règle : 75015 est un code postal de Paris 15e mais aussi l'ancien code de Bry-sur-Marne avant 1968.",
        example: "« 75001 » (code postal) → « 75101 » (Paris 1er Arrondissement)",
        fix_safety: "Jamais sûre. Quand le code est un code postal d'une seule commune (ou d'un seul arrondissement), son code INSEE est proposé : non sûre si le libellé de la commune confirme cette commune, seulement affichée sinon. Aucune correction quand le code postal dessert plusieurs communes ou n'est pas connu.",
    },
    doc_en: RuleDoc {
        what: "codeInsee (5 characters, not 99xxx) is no commune's code: not current, delegated, associated, arrondissement nor former (1943–2019 history and 2026 COG). Most often a postal code: \"75001\" instead of \"75101\" (Paris 1st).",
        why: "The birth commune code is compared at the last level of matching against the national register (SNGI): a code that does not exist cannot match when that level is reached (namesakes). A code that existed (former code, merged commune) is never reported by this rule: 75015 is a postal code of Paris 15th but also Bry-sur-Marne's code before 1968.",
        example: "\"75001\" (postal code) → \"75101\" (Paris 1er Arrondissement)",
        fix_safety: "Never safe. When the code is the postal code of a single commune (or arrondissement), its INSEE code is offered: unsafe when the commune label confirms that commune, display-only otherwise. No fix when the postal code serves several communes or is unknown.",
    },
    preview: false,
};

/// Whether a label names this commune (its name, former names, or its city for an
/// arrondissement).
fn label_confirms(label: &str, c: &'static Commune) -> bool {
    let k = label_key(label);
    let cur = c.current();
    [c, cur].iter().any(|x| {
        std::iter::once(x.name.as_str())
            .chain(x.aliases.iter().copied())
            .any(|n| label_key(n) == k)
    })
}

impl Rule for UnknownCommune {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = french_code(record) else {
            return;
        };
        if reference::commune(code).is_some() {
            return;
        }
        let lang = ctx.lang;
        let candidates = if code.bytes().all(|b| b.is_ascii_digit()) {
            postal_candidates(code)
        } else {
            Vec::new()
        };
        let (message, fix) = match candidates.as_slice() {
            [c] => {
                let confirmed = record
                    .text(Field::LibelleCommuneNaissance)
                    .is_some_and(|l| label_confirms(l, c));
                let edit = vec![Edit::replace(Field::CodeInsee, code, c.code.clone())];
                let fix = if confirmed {
                    Fix::unsafe_(edit)
                } else {
                    Fix::display_only(edit)
                };
                let msg = match lang {
                    Lang::Fr => format!(
                        "{} n'est le code INSEE d'aucune commune ; c'est le code postal desservant {} : code INSEE probable {}",
                        lang.quote(code), show(c), c.code
                    ),
                    Lang::En => format!(
                        "{} is no commune's INSEE code; it is the postal code of {}: likely INSEE code {}",
                        lang.quote(code), show(c), c.code
                    ),
                };
                (msg, Some(fix))
            }
            [] => (
                match lang {
                    Lang::Fr => format!(
                        "{} n'est le code INSEE d'aucune commune, actuelle ou ancienne",
                        lang.quote(code)
                    ),
                    Lang::En => format!(
                        "{} is no commune's INSEE code, current or former",
                        lang.quote(code)
                    ),
                },
                None,
            ),
            several => {
                let names: Vec<String> = several.iter().take(4).map(|c| show(c)).collect();
                let more = if several.len() > 4 { ", …" } else { "" };
                (
                    match lang {
                        Lang::Fr => format!(
                            "{} n'est le code INSEE d'aucune commune ; c'est le code postal commun à {} communes : {}{more}",
                            lang.quote(code),
                            several.len(),
                            names.join(", ")
                        ),
                        Lang::En => format!(
                            "{} is no commune's INSEE code; it is the postal code of {} communes: {}{more}",
                            lang.quote(code),
                            several.len(),
                            names.join(", ")
                        ),
                    },
                    None,
                )
            }
        };
        out.push(finding(
            &META,
            Some(Field::CodeInsee),
            Some(code),
            message,
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn known_codes_of_any_kind_pass() {
        for code in [
            "69123", "75115", "75056", "75015", "78228", "2A004", "20004", "98511", "01015",
        ] {
            assert!(
                check(&RULE, &holder(&[(Field::CodeInsee, code)])).is_empty(),
                "{code}"
            );
        }
        // Foreign and wrong-length codes are other rules' business.
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "99999")])).is_empty());
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "1004")])).is_empty());
    }

    fn fix_to(f: &[Finding]) -> Option<&str> {
        f[0].fix.as_ref()?.edits[0].to.as_deref()
    }

    #[test]
    fn postal_code_of_one_arrondissement_is_suggested() {
        // 31000 is Toulouse's postal code and no INSEE code. (75001…75020 are not: they
        // were the codes of Seine communes before 1968, see P005.)
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "31000")]));
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::DisplayOnly);
        assert_eq!(fix.edits[0].to.as_deref(), Some("31555"));
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "33000"),
                (Field::LibelleCommuneNaissance, "BORDEAUX"),
            ]),
        );
        assert_eq!(fix_to(&f), Some("33063"));
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn impossible_codes_without_fix() {
        for code in ["00000", "ABCDE", "69999", "2A999"] {
            let f = check(&RULE, &holder(&[(Field::CodeInsee, code)]));
            assert_eq!(f.len(), 1, "{code}");
            assert!(f[0].fix.is_none(), "{code}");
        }
        // A postal code shared by several communes: listed, no fix.
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "04310")]));
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("communes"), "{}", f[0].message);
    }
}
