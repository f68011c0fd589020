//! X006: `codePaysNaissance` not exactly 3 characters.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct CountryCode;
pub static RULE: CountryCode = CountryCode;

static META: RuleMeta = RuleMeta {
    code: "X006",
    name: "country-code-length",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code pays de naissance qui n'a pas 3 caractères",
    summary_en: "Birth country code that is not 3 characters long",
    doc_fr: RuleDoc {
        what: "codePaysNaissance n'a pas exactement 3 caractères : souvent le code INSEE complet « 99341 » au lieu de « 341 ».",
        why: "Le schéma impose une longueur de 3 ; le fichier entier est rejeté.",
        example: "« 99341 » → « 341 »",
        fix_safety: "Sûre quand la valeur est un code 99xxx : ses 3 derniers chiffres sont le code attendu.",
    },
    doc_en: RuleDoc {
        what: "codePaysNaissance is not exactly 3 characters long: often the full INSEE code \"99341\" instead of \"341\".",
        why: "The schema requires length 3; the whole file is rejected.",
        example: "\"99341\" → \"341\"",
        fix_safety: "Safe when the value is a 99xxx code: its last 3 digits are the expected code.",
    },
    preview: false,
};

impl Rule for CountryCode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = record.text(Field::CodePaysNaissance) else {
            return;
        };
        if code.chars().count() == 3 {
            return;
        }
        let fix =
            (code.len() == 5 && code.starts_with("99") && code.bytes().all(|b| b.is_ascii_digit()))
                .then(|| {
                    Fix::safe(vec![Edit::replace(
                        Field::CodePaysNaissance,
                        code,
                        &code[2..],
                    )])
                });
        out.push(finding(
            &META,
            Some(Field::CodePaysNaissance),
            Some(code),
            ctx.lang
                .pick(
                    "le code pays doit avoir 3 caractères (les 3 derniers du code 99xxx)",
                    "the country code must have 3 characters (the last 3 of the 99xxx code)",
                )
                .to_string(),
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn strips_99() {
        let f = check(&RULE, &holder(&[(Field::CodePaysNaissance, "99341")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("341")
        );
        assert!(check(&RULE, &holder(&[(Field::CodePaysNaissance, "341")])).is_empty());
        assert!(
            check(&RULE, &holder(&[(Field::CodePaysNaissance, "SENE")]))[0]
                .fix
                .is_none()
        );
    }
}
