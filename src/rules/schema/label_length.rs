//! X008: birth place labels longer than the dictionary's 40 (warning) or the schema's 60 characters.
use crate::finding::{Finding, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct LabelLength;
pub static RULE: LabelLength = LabelLength;

static META: RuleMeta = RuleMeta {
    code: "X008",
    name: "label-length",
    severity: Severity::Warning,
    fix: FixAvailability::None,
    summary_fr: "Libellé de commune ou de pays trop long",
    summary_en: "Commune or country label too long",
    doc_fr: RuleDoc {
        what: "libelleCommuneNaissance ou libellePaysNaissance dépasse 40 caractères (dictionnaire de la CDC) ou 60 (schéma), ou est vide.",
        why: "Au-delà de 60 ou vide, le schéma rejette le fichier ; entre 41 et 60, le schéma accepte mais le dictionnaire dit 40 : effet inconnu.",
        example: "libellé de 65 caractères → à raccourcir d'après le Code officiel géographique",
        fix_safety: "Pas de correction : rien n'est tronqué automatiquement.",
    },
    doc_en: RuleDoc {
        what: "libelleCommuneNaissance or libellePaysNaissance is longer than 40 characters (CDC dictionary) or 60 (schema), or empty.",
        why: "Over 60 or empty, the schema rejects the file; from 41 to 60 the schema accepts but the dictionary says 40: unknown effect.",
        example: "65-character label → shorten it from the official geographic code",
        fix_safety: "No fix: nothing is truncated automatically.",
    },
    preview: false,
};

impl Rule for LabelLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for field in [Field::LibelleCommuneNaissance, Field::LibellePaysNaissance] {
            let Some(text) = record.text(field) else {
                continue;
            };
            let n = text.chars().count();
            let mut f = if n == 0 || n > 60 {
                finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "libellé vide ou de plus de 60 caractères : refusé par le schéma",
                            "label empty or longer than 60 characters: refused by the schema",
                        )
                        .to_string(),
                    None,
                )
            } else if n > 40 {
                finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "libellé de plus de 40 caractères (limite du dictionnaire de la CDC)",
                            "label longer than 40 characters (CDC dictionary limit)",
                        )
                        .to_string(),
                    None,
                )
            } else {
                continue;
            };
            if n == 0 || n > 60 {
                f.severity = Severity::Error;
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn limits() {
        assert!(check(&RULE, &holder(&[(Field::LibelleCommuneNaissance, "Lyon")])).is_empty());
        let f = check(
            &RULE,
            &holder(&[(Field::LibelleCommuneNaissance, &"A".repeat(45))]),
        );
        assert_eq!(f[0].severity, Severity::Warning);
        let f = check(
            &RULE,
            &holder(&[(Field::LibelleCommuneNaissance, &"A".repeat(61))]),
        );
        assert_eq!(f[0].severity, Severity::Error);
    }
}
