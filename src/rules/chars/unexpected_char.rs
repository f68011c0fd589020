//! C002: characters that have no place in a name (digits, symbols, control characters).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, name_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct UnexpectedChar;
pub static RULE: UnexpectedChar = UnexpectedChar;

static META: RuleMeta = RuleMeta {
    code: "C002",
    name: "unexpected-character",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Chiffre, symbole ou caractère de contrôle dans un nom",
    summary_en: "Digit, symbol or control character in a name",
    doc_fr: RuleDoc {
        what: "Un nom ou un prénom contient un caractère qu'aucun état civil français ne porte : chiffre, symbole (* ? / ( ) _ @ …), caractère de contrôle.",
        why: "Le rapprochement avec le SNGI compare la chaîne : un « L3a » ou un « DUPONT (épouse MARTIN) » ne correspond à personne.",
        example: "« MARTIN* » → « MARTIN » ; « DUPONT (épouse MARTIN) » → à revoir",
        fix_safety: "Non sûre : retirer un chiffre ou un symbole isolé est proposé ; des parenthèses ou plusieurs symboles demandent une relecture.",
    },
    doc_en: RuleDoc {
        what: "A name holds a character that no French civil status has: digit, symbol (* ? / ( ) _ @ …), control character.",
        why: "Matching against the SNGI compares the string: \"L3a\" or \"DUPONT (épouse MARTIN)\" matches nobody.",
        example: "\"MARTIN*\" → \"MARTIN\"; \"DUPONT (épouse MARTIN)\" → to review",
        fix_safety: "Unsafe: removing an isolated digit or symbol is offered; parentheses or several symbols need a review.",
    },
    preview: false,
};

/// Characters a civil-status name may hold besides letters.
fn allowed(c: char) -> bool {
    c.is_alphabetic()
        || matches!(
            c,
            ' ' | '-' | '\'' | '.' | '’' | '‘' | 'ʼ' | '`' | '´' | '–' | '—' | '‐' | '‑' | '−'
        )
        || c.is_whitespace()
}

impl Rule for UnexpectedChar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in name_fields(record) {
            let bad: Vec<char> = text.chars().filter(|c| !allowed(*c)).collect();
            if bad.is_empty() {
                continue;
            }
            let shown: String = bad
                .iter()
                .map(|c| {
                    if c.is_control() {
                        format!("U+{:04X}", *c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let kept: String = text.chars().filter(|c| allowed(*c)).collect();
            let kept = kept
                .split(' ')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let bracketed = bad.iter().any(|c| matches!(c, '(' | ')' | '[' | ']' | '/'));
            let fix = (!bracketed
                && bad.len() <= 2
                && kept.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .then(|| Fix::unsafe_(vec![Edit::replace(field, text, kept)]));
            out.push(finding(
                &META,
                Some(field),
                Some(text),
                match ctx.lang {
                    crate::lang::Lang::Fr => format!("caractère inattendu dans un nom : {shown}"),
                    crate::lang::Lang::En => format!("unexpected character in a name: {shown}"),
                },
                fix,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::model::Field;
    use crate::rules::test_support::{check, record};

    #[test]
    fn flags_digits_and_symbols() {
        let f = check(&RULE, &record(&[(Field::NomNaissance, "MARTIN*")]));
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("MARTIN"));
        let f = check(
            &RULE,
            &record(&[(Field::NomNaissance, "DUPONT (épouse MARTIN)")]),
        );
        assert!(f[0].fix.is_none());
    }

    #[test]
    fn real_names_pass() {
        for n in [
            "N'DIAYE",
            "LE GALL",
            "Jean-Pierre",
            "DUPONT--MARTIN",
            "Lætitia",
            "St. John",
            "Zoë",
        ] {
            assert!(
                check(&RULE, &record(&[(Field::NomNaissance, n)])).is_empty(),
                "{n}"
            );
        }
    }
}
