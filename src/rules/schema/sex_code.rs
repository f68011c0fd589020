//! X003: `sexe` other than `M` or `F`.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct SexCode;
pub static RULE: SexCode = SexCode;

static META: RuleMeta = RuleMeta {
    code: "X003",
    name: "sex-code",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code sexe autre que M ou F",
    summary_en: "Sex code other than M or F",
    doc_fr: RuleDoc {
        what: "Le sexe n'est pas exactement « M » ou « F » : minuscule, espace, « H » (homme), « 1 »/« 2 » (code du NIR), ou autre valeur.",
        why: "Le schéma n'accepte que M et F ; une seule autre valeur fait rejeter le fichier entier (cvc-enumeration-valid).",
        example: "« H » → « M » ; « 2 » → « F » ; « f » → « F »",
        fix_safety: "Sûre pour une casse, un espace, H/1 → M et 2 → F (convention du NIR) ; aucune correction pour une autre valeur.",
    },
    doc_en: RuleDoc {
        what: "The sex is not exactly \"M\" or \"F\": lowercase, space, \"H\" (homme), \"1\"/\"2\" (NIR code) or another value.",
        why: "The schema accepts only M and F; one other value rejects the whole file (cvc-enumeration-valid).",
        example: "\"H\" → \"M\"; \"2\" → \"F\"; \"f\" → \"F\"",
        fix_safety: "Safe for case, spaces, H/1 → M and 2 → F (NIR convention); no fix for other values.",
    },
    preview: false,
};

/// Maps the usual sex codes of exports to the schema's M/F.
pub fn normalize_sex(raw: &str) -> Option<&'static str> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "M" | "H" | "1" | "MASCULIN" | "HOMME" => Some("M"),
        "F" | "2" | "FEMININ" | "FÉMININ" | "FEMME" => Some("F"),
        _ => None,
    }
}

impl Rule for SexCode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(text) = record.text(Field::Sexe) else {
            return;
        };
        if text == "M" || text == "F" {
            return;
        }
        let fix =
            normalize_sex(text).map(|to| Fix::safe(vec![Edit::replace(Field::Sexe, text, to)]));
        out.push(finding(
            &META,
            Some(Field::Sexe),
            Some(text),
            ctx.lang
                .pick(
                    "le sexe doit valoir exactement M ou F",
                    "sex must be exactly M or F",
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
    fn maps_codes() {
        for (raw, to) in [
            ("H", Some("M")),
            ("2", Some("F")),
            ("f ", Some("F")),
            ("X", None),
        ] {
            let f = check(&RULE, &holder(&[(Field::Sexe, raw)]));
            assert_eq!(f.len(), 1);
            assert_eq!(
                f[0].fix.as_ref().map(|x| x.edits[0].to.clone().unwrap()),
                to.map(String::from)
            );
        }
        assert!(check(&RULE, &holder(&[])).is_empty());
    }
}
