//! D001: a birth date that does not exist (31 February, 31 April, 29 February of a common year).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::dates::{birth_date, days_in_month};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Impossible;
pub static RULE: Impossible = Impossible;

static META: RuleMeta = RuleMeta {
    code: "D001",
    name: "impossible-birth-date",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Date de naissance qui n'existe pas (31 février…)",
    summary_en: "Birth date that does not exist (31 February…)",
    doc_fr: RuleDoc {
        what: "Le jour et le mois forment une date impossible : 30 ou 31 février, 31 avril/juin/septembre/novembre, 29 février d'une année non bissextile.",
        why: "Le schéma contrôle mois et jour séparément et l'accepte ; au niveau « jour et mois » du rapprochement, aucun titulaire ne peut correspondre.",
        example: "31/02/2001 → à vérifier ; 12/31 (mois 31) impossible aussi",
        fix_safety: "Non sûre : l'inversion jour/mois est proposée quand elle donne une date valide ; sinon aucune correction.",
    },
    doc_en: RuleDoc {
        what: "Day and month form an impossible date: 30 or 31 February, 31 April/June/September/November, 29 February of a common year.",
        why: "The schema checks month and day separately and accepts it; at the day-and-month matching level no holder can match.",
        example: "31/02/2001 → to check",
        fix_safety: "Unsafe: swapping day and month is offered when that gives a valid date; otherwise no fix.",
    },
    preview: false,
};

impl Rule for Impossible {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some((y, m, d)) = birth_date(record) else {
            return;
        };
        if d <= days_in_month(y, m) {
            return;
        }
        let fix = (d <= 12 && m <= days_in_month(y, d)).then(|| {
            Fix::unsafe_(vec![
                Edit::replace(
                    Field::MoisNaissance,
                    record.text(Field::MoisNaissance).unwrap_or_default(),
                    d.to_string(),
                ),
                Edit::replace(
                    Field::JourNaissance,
                    record.text(Field::JourNaissance).unwrap_or_default(),
                    m.to_string(),
                ),
            ])
        });
        let msg = match ctx.lang {
            crate::lang::Lang::Fr => format!("le {d}/{m}/{y} n'existe pas"),
            crate::lang::Lang::En => format!("{y}-{m:02}-{d:02} does not exist"),
        };
        out.push(finding(
            &META,
            Some(Field::JourNaissance),
            record.text(Field::JourNaissance),
            msg,
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn february() {
        assert_eq!(
            check(
                &RULE,
                &holder(&[(Field::MoisNaissance, "2"), (Field::JourNaissance, "31")])
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                &holder(&[
                    (Field::AnneeNaissance, "2001"),
                    (Field::MoisNaissance, "2"),
                    (Field::JourNaissance, "29")
                ])
            )
            .len(),
            1
        );
        assert!(check(
            &RULE,
            &holder(&[
                (Field::AnneeNaissance, "2000"),
                (Field::MoisNaissance, "2"),
                (Field::JourNaissance, "29")
            ])
        )
        .is_empty());
        assert!(check(&RULE, &holder(&[])).is_empty());
    }
}
