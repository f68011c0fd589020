//! X001: name lengths outside the schema's 1–60 characters.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, name_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Length;
pub static RULE: Length = Length;

static META: RuleMeta = RuleMeta {
    code: "X001",
    name: "name-length",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Nom ou prénom vide ou de plus de 60 caractères",
    summary_en: "Empty name or name longer than 60 characters",
    doc_fr: RuleDoc {
        what: "Un nom ou un prénom est vide (« <cpf:prenom2/> ») ou dépasse 60 caractères.",
        why: "Le schéma de la CDC impose 1 à 60 caractères : une seule valeur hors limite fait rejeter le fichier entier.",
        example: "<cpf:prenom2/> → élément retiré",
        fix_safety: "Sûre pour un prénom 2 ou 3 vide, qui doit être omis ; aucune correction pour un nom trop long.",
    },
    doc_en: RuleDoc {
        what: "A name is empty (\"<cpf:prenom2/>\") or longer than 60 characters.",
        why: "The CDC schema requires 1 to 60 characters: one value out of bounds rejects the whole file.",
        example: "<cpf:prenom2/> → element removed",
        fix_safety: "Safe for an empty first name 2 or 3, which must be omitted; no fix for a name that is too long.",
    },
    preview: false,
};

impl Rule for Length {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in name_fields(record) {
            let n = text.chars().count();
            if n == 0 {
                let fix = matches!(field, Field::Prenom2 | Field::Prenom3).then(|| {
                    Fix::safe(vec![Edit {
                        field,
                        from: Some(String::new()),
                        to: None,
                    }])
                });
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "valeur vide (1 caractère au moins)",
                            "empty value (at least 1 character)",
                        )
                        .to_string(),
                    fix,
                ));
            } else if n > 60 {
                let msg = match ctx.lang {
                    crate::lang::Lang::Fr => {
                        format!("{n} caractères : le schéma en accepte 60 au plus")
                    }
                    crate::lang::Lang::En => {
                        format!("{n} characters: the schema accepts at most 60")
                    }
                };
                out.push(finding(&META, Some(field), Some(text), msg, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, record};

    #[test]
    fn bounds() {
        assert_eq!(check(&RULE, &record(&[(Field::Prenom2, "")])).len(), 1);
        assert_eq!(
            check(&RULE, &record(&[(Field::NomNaissance, &"A".repeat(61))])).len(),
            1
        );
        assert!(check(&RULE, &record(&[(Field::NomNaissance, &"É".repeat(60))])).is_empty());
    }
}
