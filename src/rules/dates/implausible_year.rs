//! D002: a birth year that makes the holder too young or too old at the award date.
use crate::finding::{Finding, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct ImplausibleYear;
pub static RULE: ImplausibleYear = ImplausibleYear;

static META: RuleMeta = RuleMeta {
    code: "D002",
    name: "implausible-birth-year",
    severity: Severity::Warning,
    fix: FixAvailability::None,
    summary_fr: "Année de naissance invraisemblable à la date d'obtention",
    summary_en: "Birth year implausible at the award date",
    doc_fr: RuleDoc {
        what: "Le titulaire aurait moins de 14 ans ou plus de 90 ans à la date de début de validité de sa certification (ou naîtrait après).",
        why: "L'année de naissance est un critère obligatoire du rapprochement : une année saisie de travers (2015 pour 1995) fait rejeter le titulaire.",
        example: "né en 2015, diplômé en 2025 → vérifier l'année",
        fix_safety: "Pas de correction : la bonne année doit venir de l'état civil.",
    },
    doc_en: RuleDoc {
        what: "The holder would be under 14 or over 90 at the certification's validity start date (or born after it).",
        why: "The birth year is a mandatory matching criterion: a mistyped year (2015 for 1995) gets the holder rejected.",
        example: "born 2015, graduated 2025 → check the year",
        fix_safety: "No fix: the right year must come from the civil status.",
    },
    preview: false,
};

impl Rule for ImplausibleYear {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(year) = record.birth_year() else {
            return;
        };
        let Some(award) = record
            .award_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
        else {
            return;
        };
        let age = award - year;
        if (14..=90).contains(&age) {
            return;
        }
        let msg = match ctx.lang {
            crate::lang::Lang::Fr => {
                format!("âge de {age} ans à l'obtention ({award}) : année de naissance à vérifier")
            }
            crate::lang::Lang::En => {
                format!("aged {age} at the award ({award}): check the birth year")
            }
        };
        out.push(finding(
            &META,
            Some(Field::AnneeNaissance),
            record.text(Field::AnneeNaissance),
            msg,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn ages() {
        let mut r = holder(&[(Field::AnneeNaissance, "2015")]);
        r.award_date = Some("2025-06-27".into());
        assert_eq!(check(&RULE, &r).len(), 1);
        r = holder(&[]);
        r.award_date = Some("2025-06-27".into());
        assert!(check(&RULE, &r).is_empty());
    }
}
