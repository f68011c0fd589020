//! H002: doubled hyphen in a first name ("Jean--Pierre"), or three or more in a birth name.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, name_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Doubled;
pub static RULE: Doubled = Doubled;

static META: RuleMeta = RuleMeta {
    code: "H002",
    name: "doubled-hyphen",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Trait d'union doublé dans un prénom",
    summary_en: "Doubled hyphen in a first name",
    doc_fr: RuleDoc {
        what: "Un prénom contient « -- » (ou un nom en contient trois ou plus). Le double tiret n'existe que dans les noms doubles attribués entre 2005 et 2011.",
        why: "Le trait d'union d'un prénom composé est discriminant ; « Jean--Pierre » ne correspond pas à « Jean-Pierre ».",
        example: "« Jean--Pierre » → « Jean-Pierre » ; « DUPONT---MARTIN » → « DUPONT--MARTIN »",
        fix_safety: "Sûre : un prénom n'a jamais deux traits d'union consécutifs. Le « -- » d'un nom de naissance n'est pas signalé ici.",
    },
    doc_en: RuleDoc {
        what: "A first name holds \"--\" (or a name holds three or more hyphens in a row). The double hyphen exists only in double surnames given in 2005–2011.",
        why: "The hyphen of a compound first name is discriminating; \"Jean--Pierre\" does not match \"Jean-Pierre\".",
        example: "\"Jean--Pierre\" → \"Jean-Pierre\"; \"DUPONT---MARTIN\" → \"DUPONT--MARTIN\"",
        fix_safety: "Safe: a first name never has two hyphens in a row. The \"--\" of a birth name is not reported here.",
    },
    preview: false,
};

fn collapse(text: &str, keep: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c == '-' {
            run += 1;
            if run > keep {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(c);
    }
    out
}

impl Rule for Doubled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in name_fields(record) {
            let keep = if field.is_first_name() { 1 } else { 2 };
            let fixed = collapse(text, keep);
            if fixed != text {
                // A double surname (`LACROIX--PERROT`) in a first-name field is more likely
                // a swapped name than a typo: the fix is then only offered.
                let parts_are_first_names = text
                    .split("--")
                    .all(|p| crate::reference::first_name(&crate::normalize::key(p)).is_some());
                let edit = vec![Edit::replace(field, text, fixed)];
                let fix = if field.is_first_name() && !parts_are_first_names {
                    Fix::unsafe_(edit)
                } else {
                    Fix::safe(edit)
                };
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick("trait d'union doublé", "doubled hyphen")
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
    fn first_name_double_hyphen() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "Jean--Pierre")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jean-Pierre")
        );
    }

    #[test]
    fn double_surname_in_a_first_name_field_is_only_offered() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "LACROIX--PERROT")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            crate::finding::Applicability::Unsafe
        );
    }

    #[test]
    fn double_surname_separator_is_legitimate() {
        assert!(check(&RULE, &record(&[(Field::NomNaissance, "DUPONT--MARTIN")])).is_empty());
        assert_eq!(
            check(&RULE, &record(&[(Field::NomNaissance, "DUPONT---MARTIN")])).len(),
            1
        );
    }
}
