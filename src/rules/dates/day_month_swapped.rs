//! D004: day and month both 12 or less and swapped, when the record carries a hint of it.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::input::csv::notes::NIR_BIRTH_MONTH;
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::rules::dates::birth_date;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct DayMonthSwapped;
pub static RULE: DayMonthSwapped = DayMonthSwapped;

static META: RuleMeta = RuleMeta {
    code: "D004",
    name: "day-month-swapped",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Jour et mois de naissance inversés",
    summary_en: "Birth day and month swapped",
    doc_fr: RuleDoc {
        what: "Le jour et le mois de naissance valent tous deux 12 ou moins, et un indice montre qu'ils sont inversés : le mois de naissance codé par le NIR (chiffres 4 et 5, lu dans un export CSV qui a la colonne NIR, APOGEE COD_NNI_ETU) est égal au jour déposé et différent du mois déposé. Un dépôt XML seul ne porte aucun indice : 03/11 et 11/03 sont deux dates valides, et le dépôt n'a ni le NIR ni d'autre fiche de la même personne ; la règle ne dit alors rien.",
        why: "Le jour et le mois servent au deuxième niveau du rapprochement au SNGI : quand le nom, le prénom, le sexe et l'année désignent plusieurs personnes, un jour et un mois inversés font rejeter le titulaire (« critères obligatoires enrichis du jour et du mois de naissance »).",
        example: "jour 3, mois 11, NIR 2 01 03 … → jour 11, mois 3",
        fix_safety: "Non sûre : le NIR de l'export peut lui-même être faux ou celui d'une autre personne ; l'inversion est proposée, à vérifier sur une pièce d'identité.",
    },
    doc_en: RuleDoc {
        what: "Birth day and month are both 12 or less, and a hint shows they are swapped: the birth month encoded in the NIR (digits 4–5, read from a CSV export that has the NIR column, APOGEE COD_NNI_ETU) equals the deposited day and differs from the deposited month. An XML deposit alone carries no hint: 03/11 and 11/03 are both valid dates, and the deposit has neither the NIR nor another record of the same person; the rule then says nothing.",
        why: "Day and month are the second level of the SNGI matching: when name, first name, sex and year designate several people, a swapped day and month get the holder rejected (\"mandatory criteria enriched with the day and month of birth\").",
        example: "day 3, month 11, NIR 2 01 03 … → day 11, month 3",
        fix_safety: "Unsafe: the export's NIR may itself be wrong or another person's; the swap is offered, to check against an identity document.",
    },
    preview: false,
};

/// The birth month the reader found in the NIR, if any.
fn nir_month(record: &Record) -> Option<i64> {
    record
        .notes
        .iter()
        .find(|n| n.code == NIR_BIRTH_MONTH)
        .and_then(|n| n.detail.parse().ok())
}

impl Rule for DayMonthSwapped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if record.notes.is_empty() {
            return;
        }
        let Some((_, m, d)) = birth_date(record) else {
            return;
        };
        let Some(nir) = nir_month(record) else {
            return;
        };
        if d > 12 || d == m || nir != d {
            return;
        }
        let month = record.text(Field::MoisNaissance).unwrap_or_default();
        let day = record.text(Field::JourNaissance).unwrap_or_default();
        let message = match ctx.lang {
            Lang::Fr => format!(
                "jour {d} et mois {m} probablement inversés : le NIR indique une naissance au mois {nir}"
            ),
            Lang::En => format!(
                "day {d} and month {m} probably swapped: the NIR gives birth month {nir}"
            ),
        };
        out.push(finding(
            &META,
            Some(Field::MoisNaissance),
            Some(month),
            message,
            Some(Fix::unsafe_(vec![
                Edit::replace(Field::MoisNaissance, month, d.to_string()),
                Edit::replace(Field::JourNaissance, day, m.to_string()),
            ])),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::model::ReaderNote;
    use crate::rules::test_support::{check, edits_to, holder};

    fn with_nir(month: &str, day: &str, nir_month: Option<&str>) -> Record {
        let mut r = holder(&[(Field::MoisNaissance, month), (Field::JourNaissance, day)]);
        if let Some(n) = nir_month {
            r.notes.push(ReaderNote {
                code: NIR_BIRTH_MONTH,
                field: Some(Field::MoisNaissance),
                detail: n.to_string(),
            });
        }
        r
    }

    #[test]
    fn the_nir_month_equal_to_the_day_shows_the_swap() {
        let f = check(&RULE, &with_nir("11", "3", Some("3")));
        assert_eq!(f.len(), 1, "{f:?}");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let to = edits_to(fix);
        assert_eq!(
            to,
            vec![
                (Field::MoisNaissance, Some("3")),
                (Field::JourNaissance, Some("11"))
            ]
        );
    }

    #[test]
    fn no_hint_no_finding() {
        // No NIR: 3 November and 11 March are both valid.
        assert!(check(&RULE, &with_nir("11", "3", None)).is_empty());
        // The NIR agrees with the month.
        assert!(check(&RULE, &with_nir("11", "3", Some("11"))).is_empty());
        // A day over 12 cannot be a month; day equal to month changes nothing.
        assert!(check(&RULE, &with_nir("3", "13", Some("3"))).is_empty());
        assert!(check(&RULE, &with_nir("4", "4", Some("4"))).is_empty());
        // The NIR gives a third month: not a swap.
        assert!(check(&RULE, &with_nir("11", "3", Some("7"))).is_empty());
    }
}
