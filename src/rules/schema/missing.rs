//! X002: a required identity element is missing, or nil where the schema forbids it.
use crate::finding::{Finding, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Missing;
pub static RULE: Missing = Missing;

static META: RuleMeta = RuleMeta {
    code: "X002",
    name: "missing-required-field",
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary_fr: "Champ d'identité obligatoire absent ou vide (xsi:nil interdit)",
    summary_en: "Required identity field missing or nil where nil is not allowed",
    doc_fr: RuleDoc {
        what: "Il manque un élément obligatoire du titulaire (nomNaissance, nomUsage, prenom1, anneeNaissance, moisNaissance, jourNaissance, sexe, lieu de naissance) ou il porte xsi:nil alors que le schéma ne le permet pas.",
        why: "Le schéma rejette le fichier entier ; sans nom, prénom, sexe et année, le rapprochement est de toute façon impossible.",
        example: "sexe absent → ajouter <cpf:sexe>F</cpf:sexe> d'après l'état civil",
        fix_safety: "Pas de correction : la valeur doit venir de l'état civil.",
    },
    doc_en: RuleDoc {
        what: "A required holder element (nomNaissance, nomUsage, prenom1, anneeNaissance, moisNaissance, jourNaissance, sexe, place of birth) is missing, or carries xsi:nil where the schema forbids it.",
        why: "The schema rejects the whole file; without name, first name, sex and year, matching is impossible anyway.",
        example: "sexe missing → add <cpf:sexe>F</cpf:sexe> from the civil status",
        fix_safety: "No fix: the value must come from the civil status.",
    },
    preview: false,
};

const REQUIRED: [(Field, bool); 7] = [
    (Field::NomNaissance, false),
    (Field::NomUsage, true),
    (Field::Prenom1, false),
    (Field::AnneeNaissance, false),
    (Field::MoisNaissance, true),
    (Field::JourNaissance, true),
    (Field::Sexe, false),
];

impl Rule for Missing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, nillable) in REQUIRED {
            match record.get(field) {
                None => out.push(finding(
                    &META,
                    Some(field),
                    None,
                    ctx.lang
                        .pick("élément obligatoire absent", "required element missing")
                        .to_string(),
                    None,
                )),
                Some(v) if v.nil && !nillable => out.push(finding(
                    &META,
                    Some(field),
                    None,
                    ctx.lang
                        .pick(
                            "xsi:nil interdit sur cet élément : une valeur est obligatoire",
                            "xsi:nil is not allowed on this element: a value is required",
                        )
                        .to_string(),
                    None,
                )),
                _ => {}
            }
        }
        if record.get(Field::CodeInsee).is_none() && record.get(Field::CodePostal).is_none() {
            out.push(finding(
                &META,
                Some(Field::CodeInsee),
                None,
                ctx.lang
                    .pick(
                        "lieu de naissance absent : codeInsee ou codePostal obligatoire",
                        "place of birth missing: codeInsee or codePostal required",
                    )
                    .to_string(),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn complete_holder_passes() {
        assert!(check(&RULE, &holder(&[])).is_empty());
    }

    #[test]
    fn missing_and_nil() {
        let mut r = holder(&[]);
        r.fields[Field::Sexe.index()] = None;
        r.set(Field::Prenom1, Value::nil());
        assert_eq!(check(&RULE, &r).len(), 2);
        r.set(Field::MoisNaissance, Value::nil());
        assert_eq!(check(&RULE, &r).len(), 2);
    }
}
