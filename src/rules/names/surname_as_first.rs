//! N003: a surname in `prenom1` (`prenom1` DUPONT, not a first name at all).
use super::swapped::swap_evidence;
use super::{born_abroad, filled};
use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::{first_name, surname_rank};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct SurnameAsFirst;
pub static RULE: SurnameAsFirst = SurnameAsFirst;

static META: RuleMeta = RuleMeta {
    code: "N003",
    name: "surname-in-first-name",
    severity: Severity::Warning,
    fix: FixAvailability::None,
    summary_fr: "Nom de famille dans le prénom 1",
    summary_en: "Surname in first name 1",
    doc_fr: RuleDoc {
        what: "Le prénom 1 n'est pas un prénom des tables INSEE (ni entier, ni aucune de ses parties) mais un nom de famille très courant (parmi les 5 000 premiers, les 1 000 premiers pour une personne née à l'étranger), ou il répète le nom de naissance sans être un prénom. Quand le nom de naissance est lui-même un prénom, c'est un échange nom/prénom : la règle N001 le signale à sa place.",
        why: "Le prénom 1 est un critère obligatoire de la recherche au SNGI : un nom de famille à sa place fait rejeter le titulaire.",
        example: "nomNaissance « DURAND », prenom1 « DUPONT » → prénom à reprendre de l'état civil",
        fix_safety: "Aucune correction : le vrai prénom n'est pas dans l'enregistrement.",
    },
    doc_en: RuleDoc {
        what: "First name 1 is not a first name of INSEE's tables (neither whole nor any of its parts) but a very common surname (among the top 5,000, top 1,000 for people born abroad), or it repeats the birth name without being a first name. When the birth name is itself a first name, this is a name swap: N001 reports it instead.",
        why: "First name 1 is a mandatory criterion of the SNGI search: a surname in its place gets the holder rejected.",
        example: "nomNaissance \"DURAND\", prenom1 \"DUPONT\" → take the first name from the civil status",
        fix_safety: "No fix: the real first name is not in the record.",
    },
    preview: false,
};

impl Rule for SurnameAsFirst {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(p1) = filled(record, Field::Prenom1) else {
            return;
        };
        let k = key(p1);
        if first_name(&k).is_some() || k.split([' ', '-']).any(|p| first_name(p).is_some()) {
            return;
        }
        let nom_key = filled(record, Field::NomNaissance).map(key);
        let limit = if born_abroad(record) { 1_000 } else { 5_000 };
        let same_as_nom = nom_key.as_deref() == Some(k.as_str());
        if !same_as_nom && surname_rank(&k).is_none_or(|r| r > limit) {
            return;
        }
        if let Some(n) = &nom_key {
            if swap_evidence(record, n, &k, p1.contains("--")).is_some() {
                return;
            }
        }
        let message = match (ctx.lang, same_as_nom) {
            (Lang::Fr, true) => format!(
                "le prénom 1 {} répète le nom de naissance",
                ctx.lang.quote(p1.trim())
            ),
            (Lang::Fr, false) => format!(
                "{} est un nom de famille courant et non un prénom : le prénom 1 est-il le bon ?",
                ctx.lang.quote(p1.trim())
            ),
            (Lang::En, true) => format!(
                "first name 1 {} repeats the birth name",
                ctx.lang.quote(p1.trim())
            ),
            (Lang::En, false) => format!(
                "{} is a common surname, not a first name: is first name 1 right?",
                ctx.lang.quote(p1.trim())
            ),
        };
        out.push(finding(
            &META,
            Some(Field::Prenom1),
            Some(p1),
            message,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn run(nom: &str, p1: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[(Field::NomNaissance, nom), (Field::Prenom1, p1)]),
        )
    }

    #[test]
    fn surname_in_first_name() {
        assert_eq!(run("DURAND", "DUPONT").len(), 1);
        assert_eq!(run("MOREAU", "Moreau").len(), 1);
    }

    #[test]
    fn right_names_and_swaps_give_no_finding() {
        for p1 in [
            "Jean-Pierre",
            "Camille",
            "Léa",
            "Pierre",
            "Thomas",
            "Martin",
            "Minh",
            "Awa",
        ] {
            assert!(run("DURAND", p1).is_empty(), "{p1}");
        }
        assert!(run("N'DIAYE", "Fatou").is_empty());
        // A swap is N001's.
        let r = holder(&[
            (Field::NomNaissance, "KEVIN"),
            (Field::Prenom1, "Dupont"),
            (Field::Sexe, "M"),
            (Field::AnneeNaissance, "1995"),
        ]);
        assert!(check(&RULE, &r).is_empty());
    }
}
