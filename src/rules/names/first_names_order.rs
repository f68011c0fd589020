//! N002 (preview): first names 1 and 2 in the wrong order (`Marie` / `Jean` for a boy).
use super::{birth_decade, born_abroad, born_in_mayotte, declared_male, filled};
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
        what: "Le prénom 1 n'est presque jamais donné comme premier prénom à une personne de ce sexe née dans cette décennie, alors que le prénom 2 l'est souvent (les tables INSEE de la décennie ne recensent que le premier prénom). Deux cas : le prénom 1 est très rare (50 naissances ou moins) et le prénom 2 courant (plus de 500) : « Marie » / « Jean » pour un garçon né en 1998 ; ou, pour une personne née en France hors Mayotte (les tables ne couvrent que ces naissances), le prénom 1 est absent de la liste de la décennie pour ce sexe (moins de 10 naissances) et le prénom 2 y figure au moins comme rare (plus de 50) : « Nour » / « Anaïs » pour une femme née en 1961. Un prénom 1 inconnu des tables ne déclenche rien. Règle en aperçu : les tables ne disent pas quels prénoms sont donnés en deuxième position, donc le signal n'est pas mesuré sur des données réelles ; elle ne s'exécute que si on la sélectionne (`--select N002`).",
        why: "Le prénom 1 est un critère obligatoire de la recherche au SNGI : des prénoms inversés font rejeter le titulaire.",
        example: "prenom1 « Marie », prenom2 « Jean », sexe M, né en 1998 → prenom1 « Jean », prenom2 « Marie »",
        fix_safety: "Jamais sûre : un premier prénom démodé ou rare est légitime. L'échange est proposé pour vérification.",
    },
    doc_en: RuleDoc {
        what: "First name 1 is almost never given as a first name to someone of this sex born in this decade, while first name 2 often is (INSEE's decade lists record the first given name only). Two cases: first name 1 is very rare (50 births or fewer) and first name 2 common (more than 500): \"Marie\" / \"Jean\" for a boy born 1998; or, for someone born in France outside Mayotte (the tables cover those births only), first name 1 is missing from the decade's list for that sex (fewer than 10 births) and first name 2 is in it, rare at least (more than 50): \"Nour\" / \"Anaïs\" for a woman born 1961. A first name 1 unknown to the tables gives no finding. Preview rule: the tables do not say which names are given second, so the signal is not measured on real data; it runs only when selected (`--select N002`).",
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
        let Some(f2) = first_name(&key(p2)) else {
            return;
        };
        let (b1, b2) = (f1.band(male, Some(decade)), f2.band(male, Some(decade)));
        // Two ways for the written order to need a first name 1 that almost nobody of that
        // sex and generation was given, next to a first name 2 that many were: very rare
        // (≤ 50 births) facing common (> 500); or, when the tables speak for the holder
        // (born in France outside Mayotte), absent (< 10 births in the decade) facing at
        // least rare (> 50). The swap reading is then over 10, or over 5, times likelier.
        let seldom = b1.strength() <= Band::VeryRare.strength() && b2 == Band::Common;
        let never = b1 == Band::Absent
            && b2.strength() >= Band::Rare.strength()
            && !born_abroad(record)
            && !born_in_mayotte(record);
        if !seldom && !never {
            return;
        }
        let (p1q, decade, p2q) = (
            ctx.lang.quote(p1.trim()),
            decade_label(decade),
            ctx.lang.quote(p2.trim()),
        );
        let message = match (ctx.lang, seldom) {
            (Lang::Fr, true) => format!(
                "{p1q} est rarement un premier prénom pour les naissances {decade}, {p2q} l'est souvent : prénoms 1 et 2 inversés ?"
            ),
            (Lang::En, true) => format!(
                "{p1q} is seldom a first given name for births {decade}, {p2q} often is: first names 1 and 2 swapped?"
            ),
            (Lang::Fr, false) => format!(
                "{p1q} n'est presque jamais un premier prénom pour les naissances {decade} en France (moins de 10), {p2q} l'est (plus de 50) : prénoms 1 et 2 inversés ?"
            ),
            (Lang::En, false) => format!(
                "{p1q} is almost never a first given name for births {decade} in France (fewer than 10), {p2q} is (more than 50): first names 1 and 2 swapped?"
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
    fn nobodys_first_name_before_a_rare_one_for_someone_born_in_france() {
        // NOUR: no girl's list before the 1970s; ANAÏS: rare (51–100) among girls born 1961–1970.
        assert_eq!(run("Nour", "Anaïs", "F", "1961").len(), 1);
        let at = |code: &str| {
            check(
                &RULE,
                &holder(&[
                    (Field::Prenom1, "Nour"),
                    (Field::Prenom2, "Anaïs"),
                    (Field::Sexe, "F"),
                    (Field::AnneeNaissance, "1961"),
                    (Field::CodeInsee, code),
                ]),
            )
        };
        assert_eq!(at("21231").len(), 1);
        // The tables say nothing of births abroad or in Mayotte.
        assert!(at("99350").is_empty());
        assert!(at("97611").is_empty());
        // A very rare first name 2 (ALBA in the 1960s) is not enough, nor a first name 1
        // unknown to the tables.
        assert!(run("Nour", "Alba", "F", "1961").is_empty());
        assert!(run("Xqzwv", "Anaïs", "F", "1961").is_empty());
    }

    #[test]
    fn usual_orders_give_no_finding() {
        assert!(run("Jean", "Marie", "M", "1998").is_empty());
        assert!(run("Marie", "Anne", "F", "1998").is_empty());
        assert!(run("Anne", "Marie", "F", "1998").is_empty());
        assert!(run("Camille", "Léa", "F", "2001").is_empty());
    }
}
