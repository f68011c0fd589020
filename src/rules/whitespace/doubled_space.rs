//! W002: several spaces in a row inside a value.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, text_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct DoubledSpace;
pub static RULE: DoubledSpace = DoubledSpace;

static META: RuleMeta = RuleMeta {
    code: "W002",
    name: "doubled-space",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Espaces multiples à l'intérieur d'une valeur",
    summary_en: "Several spaces in a row inside a value",
    doc_fr: RuleDoc {
        what: "Deux espaces ou plus se suivent à l'intérieur d'un nom (« LE␠␠GALL »).",
        why: "Le SNGI enregistre un seul espace ; la comparaison octet par octet échoue.",
        example: "« LE␠␠GALL » → « LE GALL »",
        fix_safety: "Sûre : un état civil ne contient jamais deux espaces consécutifs.",
    },
    doc_en: RuleDoc {
        what: "Two or more spaces in a row inside a name (\"LE␠␠GALL\").",
        why: "The SNGI stores a single space; the byte comparison fails.",
        example: "\"LE␠␠GALL\" → \"LE GALL\"",
        fix_safety: "Safe: a civil status never holds two spaces in a row.",
    },
    preview: false,
};

impl Rule for DoubledSpace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in text_fields(record) {
            let inner = text.trim();
            if inner.contains("  ") {
                let collapsed = inner
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let fixed = text.replacen(inner, &collapsed, 1);
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "espaces multiples à l'intérieur de la valeur",
                            "several spaces in a row inside the value",
                        )
                        .to_string(),
                    Some(Fix::safe(vec![Edit::replace(field, text, fixed)])),
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
    fn collapses_inner_spaces() {
        let f = check(&RULE, &record(&[(Field::NomNaissance, "LE  GALL")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("LE GALL")
        );
    }

    #[test]
    fn single_space_passes() {
        assert!(check(&RULE, &record(&[(Field::NomNaissance, "LE GALL")])).is_empty());
    }
}
