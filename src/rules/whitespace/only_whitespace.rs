//! W004: a value made only of whitespace.
use crate::finding::{Finding, Severity};
use crate::model::Record;
use crate::rules::{finding, text_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct OnlyWhitespace;
pub static RULE: OnlyWhitespace = OnlyWhitespace;

static META: RuleMeta = RuleMeta {
    code: "W004",
    name: "whitespace-only-value",
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary_fr: "Valeur composée uniquement d'espaces",
    summary_en: "Value made only of whitespace",
    doc_fr: RuleDoc {
        what: "Un champ d'identité ne contient que des espaces.",
        why: "Le schéma l'accepte (longueur ≥ 1) mais aucun titulaire ne peut correspondre ; pour un prénom facultatif, l'élément doit être omis.",
        example: "prenom2 « ␠ » → élément retiré, ou la vraie valeur",
        fix_safety: "Pas de correction automatique : la vraie valeur manque.",
    },
    doc_en: RuleDoc {
        what: "An identity field holds only whitespace.",
        why: "The schema accepts it (length ≥ 1) but no holder can match; an optional first name must be omitted instead.",
        example: "prenom2 \"␠\" → element removed, or the real value",
        fix_safety: "No automatic fix: the real value is missing.",
    },
    preview: false,
};

impl Rule for OnlyWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in text_fields(record) {
            if !text.is_empty() && text.trim().is_empty() {
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "valeur composée uniquement d'espaces",
                            "value made only of whitespace",
                        )
                        .to_string(),
                    None,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::rules::test_support::{check, record};

    #[test]
    fn flags_blank_value() {
        assert_eq!(check(&RULE, &record(&[(Field::Prenom2, "  ")])).len(), 1);
        assert!(check(&RULE, &record(&[(Field::Prenom2, "Anne")])).is_empty());
    }
}
