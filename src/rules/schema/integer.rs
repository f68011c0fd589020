//! X004: birth year, month or day not a valid integer in the schema's range.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{parse_xsd_int, Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Integer;
pub static RULE: Integer = Integer;

static META: RuleMeta = RuleMeta {
    code: "X004",
    name: "birth-date-integer",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Année, mois ou jour de naissance invalide pour le schéma",
    summary_en: "Birth year, month or day invalid for the schema",
    doc_fr: RuleDoc {
        what: "anneeNaissance n'est pas un entier entre 1900 et 2099, moisNaissance entre 1 et 12, ou jourNaissance entre 1 et 31 ; ou la valeur est entourée d'espaces.",
        why: "Le schéma rejette le fichier entier ; la CDC valide avec un outil qui refuse aussi les espaces autour d'un entier.",
        example: "« 2001 » entouré d'espaces → « 2001 » ; mois « 13 » → à vérifier",
        fix_safety: "Sûre pour retirer des espaces ; aucune correction pour une valeur hors limites.",
    },
    doc_en: RuleDoc {
        what: "anneeNaissance is not an integer from 1900 to 2099, moisNaissance from 1 to 12, or jourNaissance from 1 to 31; or the value is padded with spaces.",
        why: "The schema rejects the whole file; the CDC validates with a tool that also refuses spaces around an integer.",
        example: "padded \"2001\" → \"2001\"; month \"13\" → to check",
        fix_safety: "Safe for removing spaces; no fix for a value out of range.",
    },
    preview: false,
};

const BOUNDS: [(Field, i64, i64); 3] = [
    (Field::AnneeNaissance, 1900, 2099),
    (Field::MoisNaissance, 1, 12),
    (Field::JourNaissance, 1, 31),
];

impl Rule for Integer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, lo, hi) in BOUNDS {
            let Some(text) = record.text(field) else {
                continue;
            };
            match parse_xsd_int(text) {
                Some(v) if (lo..=hi).contains(&v) => {}
                Some(v) => {
                    let msg = match ctx.lang {
                        crate::lang::Lang::Fr => {
                            format!("valeur {v} hors de l'intervalle {lo}–{hi}")
                        }
                        crate::lang::Lang::En => format!("value {v} outside {lo}–{hi}"),
                    };
                    out.push(finding(&META, Some(field), Some(text), msg, None));
                }
                None => {
                    let fix = parse_xsd_int(text.trim())
                        .filter(|v| (lo..=hi).contains(v))
                        .map(|v| Fix::safe(vec![Edit::replace(field, text, v.to_string())]));
                    out.push(finding(
                        &META,
                        Some(field),
                        Some(text),
                        ctx.lang
                            .pick("ce n'est pas un entier valide", "not a valid integer")
                            .to_string(),
                        fix,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn ranges_and_padding() {
        assert!(check(&RULE, &holder(&[(Field::MoisNaissance, "07")])).is_empty());
        assert_eq!(
            check(&RULE, &holder(&[(Field::MoisNaissance, "13")])).len(),
            1
        );
        assert_eq!(
            check(&RULE, &holder(&[(Field::AnneeNaissance, "1899")])).len(),
            1
        );
        let f = check(&RULE, &holder(&[(Field::JourNaissance, " 7 ")]));
        assert_eq!(f[0].fix.as_ref().unwrap().edits[0].to.as_deref(), Some("7"));
    }
}
