//! W003: non-breaking or other unusual spaces, tabs and line breaks inside a value.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, text_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct OddSpace;
pub static RULE: OddSpace = OddSpace;

static META: RuleMeta = RuleMeta {
    code: "W003",
    name: "unusual-space",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Espace insécable, tabulation ou retour à la ligne dans une valeur",
    summary_en: "Non-breaking space, tab or line break inside a value",
    doc_fr: RuleDoc {
        what: "Un caractère d'espacement autre que l'espace ordinaire (insécable U+00A0, fine, tabulation, retour à la ligne) se trouve à l'intérieur d'une valeur.",
        why: "Invisible à l'écran, il est transmis tel quel et fait échouer la comparaison avec l'état civil.",
        example: "« DA\\u00A0SILVA » → « DA SILVA »",
        fix_safety: "Sûre : le caractère est remplacé par une espace ordinaire.",
    },
    doc_en: RuleDoc {
        what: "A whitespace character other than the plain space (no-break U+00A0, thin space, tab, line break) inside a value.",
        why: "Invisible on screen, it is sent as is and makes the civil-status comparison fail.",
        example: "\"DA\\u00A0SILVA\" → \"DA SILVA\"",
        fix_safety: "Safe: the character becomes a plain space.",
    },
    preview: false,
};

pub fn is_odd_space(c: char) -> bool {
    c != ' ' && (c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
}

impl Rule for OddSpace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in text_fields(record) {
            let inner = text.trim();
            if inner.chars().any(is_odd_space) {
                let fixed: String = text
                    .chars()
                    .map(|c| {
                        if is_odd_space(c) && !matches!(c, '\u{200B}' | '\u{FEFF}') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}'))
                    .collect();
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "espace insécable, tabulation ou retour à la ligne dans la valeur",
                            "non-breaking space, tab or line break in the value",
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
    fn replaces_nbsp() {
        let f = check(&RULE, &record(&[(Field::NomNaissance, "DA\u{A0}SILVA")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("DA SILVA")
        );
    }

    #[test]
    fn plain_space_passes() {
        assert!(check(&RULE, &record(&[(Field::NomNaissance, "DA SILVA")])).is_empty());
    }
}
