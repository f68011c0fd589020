//! N002 (preview): first names 1 and 2 in the wrong order (`Marie` / `Jean` for a boy).
use super::{birth_decade, declared_male, filled};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::{decade_label, first_name, Band};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct FirstNamesOrder;
pub static RULE: FirstNamesOrder = FirstNamesOrder;

static META: RuleMeta = RuleMeta {
    code: "N002",
    name: "first-names-order",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Prénoms 1 et 2 peut-être inversés (aperçu)",
    summary_en: "First names 1 and 2 possibly in the wrong order (preview)",
    doc_fr: RuleDoc {
        what: "Le prénom 1 n'est presque jamais donné comme premier prénom à une personne de ce sexe née dans cette décennie (absent ou très rare des tables INSEE de la décennie, qui ne recensent que le premier prénom), alors que le prénom 2 est un premier prénom courant pour ce sexe et cette décennie : « Marie » / « Jean » pour un garçon né en 1998. Règle en aperçu : les tables ne disent pas quels prénoms sont donnés en deuxième position, donc le signal n'est pas mesuré sur des données réelles ; elle ne s'exécute que si on la sélectionne (`--select N002`).",
        why: "Le prénom 1 est un critère obligatoire de la recherche au SNGI : des prénoms inversés font rejeter le titulaire.",
        example: "prenom1 « Marie », prenom2 « Jean », sexe M, né en 1998 → prenom1 « Jean », prenom2 « Marie »",
        fix_safety: "Jamais sûre : un premier prénom démodé ou rare est légitime. L'échange est proposé pour vérification.",
    },
    doc_en: RuleDoc {
        what: "First name 1 is almost never given as a first name to someone of this sex born in this decade (absent or very rare in INSEE's decade lists, which record the first given name only), while first name 2 is a common first name for that sex and decade: \"Marie\" / \"Jean\" for a boy born 1998. Preview rule: the tables do not say which names are given second, so the signal is not measured on real data; it runs only when selected (`--select N002`).",
        why: "First name 1 is a mandatory criterion of the SNGI search: swapped first names get the holder rejected.",
        example: "prenom1 \"Marie\", prenom2 \"Jean\", sexe M, born 1998 → prenom1 \"Jean\", prenom2 \"Marie\"",
        fix_safety: "Never safe: an old-fashioned or rare first name is legitimate. The swap is offered for review.",
    },
    preview: true,
};

impl Rule for FirstNamesOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let (Some(p1), Some(p2), Some(male), Some(decade)) = (
            filled(record, Field::Prenom1),
            filled(record, Field::Prenom2),
            declared_male(record),
            birth_decade(record),
        ) else {
            return;
        };
        let Some(f1) = first_name(&key(p1)) else {
            return;
        };
        if f1.band(male, Some(decade)).strength() > Band::VeryRare.strength() {
            return;
        }
        let Some(f2) = first_name(&key(p2)) else {
            return;
        };
        if f2.band(male, Some(decade)) != Band::Common {
            return;
        }
        let message = match ctx.lang {
            Lang::Fr => format!(
                "{} est rarement un premier prénom pour les naissances {}, {} l'est souvent : prénoms 1 et 2 inversés ?",
                ctx.lang.quote(p1.trim()),
                decade_label(decade),
                ctx.lang.quote(p2.trim())
            ),
            Lang::En => format!(
                "{} is seldom a first given name for births {}, {} often is: first names 1 and 2 swapped?",
                ctx.lang.quote(p1.trim()),
                decade_label(decade),
                ctx.lang.quote(p2.trim())
            ),
        };
        out.push(finding(
            &META,
            Some(Field::Prenom1),
            Some(p1),
            message,
            Some(Fix::unsafe_(vec![
                Edit::replace(Field::Prenom1, p1, p2),
                Edit::replace(Field::Prenom2, p2, p1),
            ])),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn run(p1: &str, p2: &str, sex: &str, year: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[
                (Field::Prenom1, p1),
                (Field::Prenom2, p2),
                (Field::Sexe, sex),
                (Field::AnneeNaissance, year),
            ]),
        )
    }

    #[test]
    fn old_second_name_first() {
        assert_eq!(run("Marie", "Jean", "M", "1998").len(), 1);
        assert!(RULE.meta().preview);
    }

    #[test]
    fn usual_orders_give_no_finding() {
        assert!(run("Jean", "Marie", "M", "1998").is_empty());
        assert!(run("Marie", "Anne", "F", "1998").is_empty());
        assert!(run("Anne", "Marie", "F", "1998").is_empty());
        assert!(run("Camille", "Léa", "F", "2001").is_empty());
    }
}
