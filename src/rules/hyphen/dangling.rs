//! H003: a name that starts or ends with a hyphen or an apostrophe.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, name_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Dangling;
pub static RULE: Dangling = Dangling;

static META: RuleMeta = RuleMeta {
    code: "H003",
    name: "dangling-hyphen",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Trait d'union ou apostrophe au début ou à la fin d'un nom",
    summary_en: "Hyphen or apostrophe at the start or end of a name",
    doc_fr: RuleDoc {
        what: "Un nom ou un prénom commence ou finit par un trait d'union ou une apostrophe (« Jean- », « -MARTIN »), souvent reste d'une concaténation.",
        why: "Aucun état civil ne porte un tel signe isolé ; la comparaison échoue.",
        example: "« Jean- » → « Jean »",
        fix_safety: "Sûre : le signe isolé est retiré, les lettres restent.",
    },
    doc_en: RuleDoc {
        what: "A name starts or ends with a hyphen or apostrophe (\"Jean-\", \"-MARTIN\"), often left over by a concatenation.",
        why: "No civil status holds such a lone sign; the comparison fails.",
        example: "\"Jean-\" → \"Jean\"",
        fix_safety: "Safe: the lone sign is removed, the letters stay.",
    },
    preview: false,
};

impl Rule for Dangling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in name_fields(record) {
            let inner = text.trim();
            let stripped = inner.trim_matches(|c| c == '-' || c == '\'' || c == ' ');
            if stripped.len() != inner.len() && stripped.chars().any(char::is_alphabetic) {
                let fixed = text.replacen(inner, stripped, 1);
                // A lone hyphen is a leftover; an apostrophe may be a quote (`Jean 'Pierre'`)
                // or an elision: offered only.
                let edit = vec![Edit::replace(field, text, fixed)];
                let only_hyphens = inner
                    .trim_start_matches(['-', ' '])
                    .trim_end_matches(['-', ' '])
                    == stripped;
                let fix = if only_hyphens && !inner.contains('\'') {
                    Fix::safe(edit)
                } else {
                    Fix::unsafe_(edit)
                };
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "trait d'union ou apostrophe au début ou à la fin",
                            "hyphen or apostrophe at the start or end",
                        )
                        .to_string(),
                    Some(fix),
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
    fn quotes_are_only_offered() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "Jean 'Pierre'")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            crate::finding::Applicability::Unsafe
        );
    }

    #[test]
    fn strips_lone_hyphen() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "Jean-")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jean")
        );
        assert!(check(&RULE, &record(&[(Field::Prenom1, "Jean-Pierre")])).is_empty());
    }
}
