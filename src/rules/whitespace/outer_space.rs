//! W001: leading or trailing whitespace.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, text_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct OuterSpace;
pub static RULE: OuterSpace = OuterSpace;

static META: RuleMeta = RuleMeta {
    code: "W001",
    name: "leading-trailing-whitespace",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Espace au début ou à la fin d'une valeur",
    summary_en: "Whitespace at the start or end of a value",
    doc_fr: RuleDoc {
        what: "Une valeur d'identité commence ou finit par un espace, une tabulation ou un retour à la ligne.",
        why: "Le schéma conserve les espaces : « MARTIN » suivi d'un espace n'est pas « MARTIN » pour le rapprochement avec le SNGI.",
        example: "« MARTIN␠» → « MARTIN »",
        fix_safety: "Sûre : retirer des espaces extérieurs ne change pas le nom.",
    },
    doc_en: RuleDoc {
        what: "An identity value starts or ends with a space, tab or line break.",
        why: "The schema preserves whitespace: \"MARTIN \" is not \"MARTIN\" when matched against the SNGI.",
        example: "\"MARTIN␠\" → \"MARTIN\"",
        fix_safety: "Safe: removing outer whitespace does not change the name.",
    },
    preview: false,
};

impl Rule for OuterSpace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in text_fields(record) {
            let trimmed = text.trim();
            if trimmed.len() != text.len() && !trimmed.is_empty() {
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "espace au début ou à la fin de la valeur",
                            "whitespace at the start or end of the value",
                        )
                        .to_string(),
                    Some(Fix::safe(vec![Edit::replace(field, text, trimmed)])),
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
    fn trims_outer_spaces() {
        let f = check(&RULE, &record(&[(Field::NomNaissance, " MARTIN ")]));
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("MARTIN")
        );
    }

    #[test]
    fn clean_value_passes() {
        assert!(check(&RULE, &record(&[(Field::NomNaissance, "MARTIN")])).is_empty());
    }
}
