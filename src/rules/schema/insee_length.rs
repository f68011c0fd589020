//! X005: `codeInsee` not exactly 5 characters, `codePostal` not 1–9.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct InseeLength;
pub static RULE: InseeLength = InseeLength;

static META: RuleMeta = RuleMeta {
    code: "X005",
    name: "birth-code-length",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code INSEE de naissance qui n'a pas 5 caractères",
    summary_en: "Birth INSEE code that is not 5 characters long",
    doc_fr: RuleDoc {
        what: "codeInsee n'a pas exactement 5 caractères (souvent un zéro initial perdu dans un tableur : « 1004 » pour « 01004 »), ou codePostal dépasse 9 caractères.",
        why: "Le schéma impose une longueur de 5 ; une seule erreur fait rejeter le fichier entier.",
        example: "« 1004 » → « 01004 »",
        fix_safety: "Non sûre : ajouter le zéro initial à un code de 4 chiffres est proposé, à vérifier ; aucune correction sinon.",
    },
    doc_en: RuleDoc {
        what: "codeInsee is not exactly 5 characters long (often a leading zero lost in a spreadsheet: \"1004\" for \"01004\"), or codePostal is longer than 9.",
        why: "The schema requires length 5; one error rejects the whole file.",
        example: "\"1004\" → \"01004\"",
        fix_safety: "Unsafe: adding the leading zero to a 4-digit code is offered for review; no fix otherwise.",
    },
    preview: false,
};

impl Rule for InseeLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if let Some(code) = record.text(Field::CodeInsee) {
            let n = code.chars().count();
            if n != 5 {
                let fix = (n == 4 && code.bytes().all(|b| b.is_ascii_digit())).then(|| {
                    Fix::unsafe_(vec![Edit::replace(
                        Field::CodeInsee,
                        code,
                        format!("0{code}"),
                    )])
                });
                let msg = match ctx.lang {
                    crate::lang::Lang::Fr => {
                        format!("le code INSEE doit avoir 5 caractères, il en a {n}")
                    }
                    crate::lang::Lang::En => {
                        format!("the INSEE code must have 5 characters, it has {n}")
                    }
                };
                out.push(finding(&META, Some(Field::CodeInsee), Some(code), msg, fix));
            }
        }
        if let Some(code) = record.text(Field::CodePostal) {
            let n = code.chars().count();
            if n == 0 || n > 9 {
                out.push(finding(
                    &META,
                    Some(Field::CodePostal),
                    Some(code),
                    ctx.lang
                        .pick(
                            "le code postal doit avoir de 1 à 9 caractères",
                            "the postal code must have 1 to 9 characters",
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
    use crate::rules::test_support::{check, holder};

    #[test]
    fn lengths() {
        assert!(check(&RULE, &holder(&[])).is_empty());
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "1004")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("01004")
        );
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "690123")]))[0]
            .fix
            .is_none());
    }
}
