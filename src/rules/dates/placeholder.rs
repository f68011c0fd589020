//! D003: 1 January (or 31 December) given for a holder born abroad: usually a placeholder
//! for an unknown day and month.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::dates::birth_date;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Placeholder;
pub static RULE: Placeholder = Placeholder;

static META: RuleMeta = RuleMeta {
    code: "D003",
    name: "placeholder-birth-date",
    severity: Severity::Info,
    fix: FixAvailability::Always,
    summary_fr: "Date de naissance probablement fictive (1er janvier d'une personne née à l'étranger)",
    summary_en: "Probably placeholder birth date (1 January for a person born abroad)",
    doc_fr: RuleDoc {
        what: "Une personne née à l'étranger (code 99xxx) a pour date le 1er janvier ou le 31 décembre : c'est souvent la date mise quand le jour et le mois sont inconnus.",
        why: "Si le registre connaît le vrai jour, le niveau « jour et mois » échoue pour les noms fréquents ; la CDC conseille xsi:nil pour un jour ou un mois inconnu.",
        example: "01/01/1998, né au Sénégal → vérifier ; si inconnus, mois et jour en xsi:nil",
        fix_safety: "Non sûre : passer jour et mois à xsi:nil n'est juste que s'ils sont vraiment inconnus.",
    },
    doc_en: RuleDoc {
        what: "A person born abroad (99xxx code) is born on 1 January or 31 December: often the date put when day and month are unknown.",
        why: "If the register knows the real day, the day-and-month level fails for common names; the CDC advises xsi:nil for an unknown day or month.",
        example: "1998-01-01, born in Senegal → check; if unknown, month and day as xsi:nil",
        fix_safety: "Unsafe: setting day and month to xsi:nil is right only if they really are unknown.",
    },
    preview: false,
};

impl Rule for Placeholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let abroad = record
            .text(Field::CodeInsee)
            .is_some_and(|c| c.starts_with("99"));
        let Some((_, m, d)) = birth_date(record) else {
            return;
        };
        if !abroad || !((m == 1 && d == 1) || (m == 12 && d == 31)) {
            return;
        }
        let month = record.text(Field::MoisNaissance).unwrap_or_default();
        let day = record.text(Field::JourNaissance).unwrap_or_default();
        out.push(finding(
            &META,
            Some(Field::JourNaissance),
            Some(day),
            ctx.lang.pick("date probablement fictive pour une naissance à l'étranger : vérifier jour et mois", "probably placeholder date for a birth abroad: check day and month").to_string(),
            Some(Fix::unsafe_(vec![
                Edit { field: Field::MoisNaissance, from: Some(month.to_string()), to: None },
                Edit { field: Field::JourNaissance, from: Some(day.to_string()), to: None },
            ])),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn first_of_january_abroad() {
        let r = holder(&[
            (Field::CodeInsee, "99341"),
            (Field::MoisNaissance, "1"),
            (Field::JourNaissance, "1"),
        ]);
        assert_eq!(check(&RULE, &r).len(), 1);
        let r = holder(&[(Field::MoisNaissance, "1"), (Field::JourNaissance, "1")]);
        assert!(check(&RULE, &r).is_empty());
    }
}
