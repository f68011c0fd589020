//! S001: the declared sex does not fit the first name (`Kevin`, sexe `F`).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::{decade_label, first_name, surname_rank, Band, FirstName, SURNAME_BOUNDS};
use crate::rules::names::swapped::swap_evidence;
use crate::rules::names::{birth_decade, declared_male, filled, restyle};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct FirstNameSex;
pub static RULE: FirstNameSex = FirstNameSex;

static META: RuleMeta = RuleMeta {
    code: "S001",
    name: "sex-does-not-fit-first-name",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Sexe qui ne correspond pas au prénom",
    summary_en: "Sex does not fit the first name",
    doc_fr: RuleDoc {
        what: "Le prénom 1 (toutes graphies regroupées, prénoms composés compris : Jean-Marie, Marie-Pierre) est absent ou très rare pour le sexe déclaré parmi les naissances de la décennie du titulaire, alors qu'il est courant ou peu courant pour l'autre sexe. Seul le prénom 1 compte : les tables INSEE ne recensent que le premier prénom (Marie est un second prénom fréquent chez les garçons). Les prénoms mixtes (Camille, Dominique, Claude, Sacha, Alix, Andrea, Eden, Maël…, ou tout prénom courant pour les deux sexes sur le siècle) ne sont jamais signalés, sauf quand le prénom n'a été donné à aucun enfant du sexe déclaré dans la décennie de naissance alors qu'il est courant pour l'autre (Marie pour un garçon né en 2001, Pierre pour une fille née en 1991).",
        why: "Le sexe est un critère obligatoire de la recherche au SNGI : un sexe erroné fait rejeter le titulaire.",
        example: "prenom1 « Kevin », sexe « F », né en 1998 à Lyon → sexe « M »",
        fix_safety: "Changer le sexe. Jamais sûre (à vérifier) : un prénom rare pour un sexe existe, et l'erreur peut être ailleurs (nom et prénom inversés, prénom d'usage). Les prénoms mixtes ne sont jamais signalés. Quand un échange nom/prénom explique mieux l'anomalie, la règle N001 la signale et celle-ci se tait. Quand le nom de naissance est un prénom courant de ce sexe et le prénom 1 un nom de famille courant, l'échange nom/prénom est proposé comme autre lecture.",
    },
    doc_en: RuleDoc {
        what: "First name 1 (all spellings merged, compound names included: Jean-Marie, Marie-Pierre) is absent or very rare for the declared sex among births of the holder's decade, while common or uncommon for the other sex. Only first name 1 counts: INSEE's tables record the first given name only (Marie is a frequent second name of boys). Mixed names (Camille, Dominique, Claude, Sacha, Alix, Andrea, Eden, Maël…, or any name common for both sexes over the century) are never reported, except when the name was given to no child of the declared sex in the birth decade while common for the other (Marie for a boy born in 2001, Pierre for a girl born in 1991).",
        why: "Sex is a mandatory criterion of the SNGI search: a wrong sex gets the holder rejected.",
        example: "prenom1 \"Kevin\", sexe \"F\", born 1998 in Lyon → sexe \"M\"",
        fix_safety: "Changes the sex. Never safe (review): rare names exist for either sex, and the error may be elsewhere (swapped name and first name, usage first name). Mixed names are never reported. When a name swap explains the anomaly better, N001 reports it and this rule stays silent. When the birth name is a common first name of that sex and first name 1 a common surname, the swap is offered as another reading.",
    },
    preview: false,
};

/// Names documented as mixed (DATA.md 3.8): never reported whatever the tables say.
const MIXED: &[&str] = &[
    "CAMILLE",
    "DOMINIQUE",
    "CLAUDE",
    "SACHA",
    "ALIX",
    "ANDREA",
    "EDEN",
    "MAEL",
    "CHARLIE",
    "MORGAN",
    "LOU",
    "NOA",
    "ANGE",
    "SASHA",
    "GAEL",
    "ALEX",
    "YAEL",
    "STEPHANE",
];

/// The first name that decides the sex: the key itself, or the hyphenated compound of a
/// spaced value (`JEAN MARIE` → `JEAN-MARIE`), else its first word.
fn deciding_name(k: &str) -> Option<&'static FirstName> {
    if let Some(f) = first_name(k) {
        return Some(f);
    }
    if k.contains(' ') {
        return first_name(&k.replace(' ', "-"))
            .or_else(|| k.split(' ').next().and_then(first_name));
    }
    None
}

/// `Some(decade)` when the name does not fit `male` in that decade (`None` = all years).
pub(crate) fn misfit(f: &FirstName, male: bool, decade: Option<usize>) -> bool {
    if MIXED.contains(&f.key) {
        return false;
    }
    let declared = f.band(male, decade);
    let other = f.band(!male, decade);
    // Rare for this sex in the decade and not common for it over the century; or, in a known
    // decade, never given to this sex while common for the other (Marie for a boy born in
    // 2001, Pierre for a girl born in 1991: common for both sexes only in old lists).
    (declared.strength() <= Band::VeryRare.strength()
        && other.is_at_least_uncommon()
        && f.band(male, None) != Band::Common)
        || (decade.is_some() && declared == Band::Absent && other == Band::Common)
}

impl Rule for FirstNameSex {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let (Some(p1), Some(male)) = (filled(record, Field::Prenom1), declared_male(record)) else {
            return;
        };
        let k = key(p1);
        let Some(f) = deciding_name(&k) else {
            return;
        };
        let decade = birth_decade(record);
        if !misfit(f, male, decade) {
            return;
        }
        if let Some(nom) = filled(record, Field::NomNaissance) {
            if swap_evidence(record, &key(nom), &k, p1.contains("--")).is_some() {
                return;
            }
        }
        // A common first name of the declared sex in the name field and a surname in
        // prenom1: the swap is another reading (N001 reports it when the evidence is strong).
        let nom = filled(record, Field::NomNaissance);
        let swap_reading = nom.is_some_and(|n| {
            first_name(&key(n)).is_some_and(|nf| nf.band(male, decade) == Band::Common)
                && surname_rank(&k).is_some_and(|r| r <= SURNAME_BOUNDS[0])
        });
        let sex = record.text(Field::Sexe).unwrap_or_default();
        let other = if male { "F" } else { "M" };
        let when = decade.map(decade_label);
        let message = match (ctx.lang, &when) {
            (Lang::Fr, Some(d)) => format!(
                "{} est un prénom {} pour les naissances {d} : le sexe « {} » est-il juste ?",
                ctx.lang.quote(p1.trim()),
                if male { "féminin" } else { "masculin" },
                sex.trim()
            ),
            (Lang::Fr, None) => format!(
                "{} est un prénom {} : le sexe « {} » est-il juste ?",
                ctx.lang.quote(p1.trim()),
                if male { "féminin" } else { "masculin" },
                sex.trim()
            ),
            (Lang::En, d) => format!(
                "{} is a {} first name{}: is sex \"{}\" right?",
                ctx.lang.quote(p1.trim()),
                if male { "female" } else { "male" },
                d.as_ref()
                    .map(|d| format!(" for births {d}"))
                    .unwrap_or_default(),
                sex.trim()
            ),
        };
        let message = match (swap_reading, ctx.lang) {
            (false, _) => message,
            (true, Lang::Fr) => format!("{message} Ou nom et prénom inversés ?"),
            (true, Lang::En) => format!("{message} Or name and first name swapped?"),
        };
        let mut f = finding(
            &META,
            Some(Field::Sexe),
            Some(sex),
            message,
            // Never safe (DATA.md §9): rare names exist for either sex, and the error may
            // be elsewhere (swapped name and first name, usage first name).
            Some(Fix::unsafe_(vec![Edit::replace(Field::Sexe, sex, other)])),
        );
        if let (true, Some(n)) = (swap_reading, nom) {
            f.alternatives.push(Fix::unsafe_(vec![
                Edit::replace(Field::NomNaissance, n, restyle(p1.trim(), n)),
                Edit::replace(Field::Prenom1, p1, restyle(n.trim(), p1)),
            ]));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn run(p1: &str, sex: &str, year: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[
                (Field::NomNaissance, "DURAND"),
                (Field::Prenom1, p1),
                (Field::Sexe, sex),
                (Field::AnneeNaissance, year),
            ]),
        )
    }

    #[test]
    fn flags_clear_mismatches() {
        let f = run("Kevin", "F", "1998");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().edits[0].to.as_deref(), Some("M"));
        assert_eq!(run("Léa", "M", "2001").len(), 1);
        assert_eq!(run("JEAN-MARIE", "F", "1975").len(), 1);
        assert_eq!(run("Marie-Pierre", "M", "1970").len(), 1);
        // Common for both sexes over the century, but not given to that sex in the decade.
        assert_eq!(run("Marie", "M", "2001").len(), 1);
        assert_eq!(run("Pierre", "F", "1991").len(), 1);
    }

    #[test]
    fn the_sex_fix_is_never_safe() {
        use crate::finding::Applicability;
        for (p1, sex, year) in [
            ("Kevin", "F", "1998"),
            ("Léa", "M", "2001"),
            ("Pierre", "F", "1991"),
        ] {
            let r = holder(&[
                (Field::NomNaissance, "DURAND"),
                (Field::Prenom1, p1),
                (Field::Sexe, sex),
                (Field::AnneeNaissance, year),
            ]);
            let f = check(&RULE, &r);
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(
                f[0].fix.as_ref().unwrap().applicability,
                Applicability::Unsafe
            );
        }
    }

    #[test]
    fn names_that_look_wrong_but_are_right() {
        for (p1, sex, year) in [
            ("Camille", "M", "2000"),
            ("Dominique", "F", "1965"),
            ("Dominique", "F", "2005"),
            ("Claude", "F", "1950"),
            ("Sacha", "F", "1999"),
            ("Alix", "M", "2002"),
            ("Andrea", "M", "2004"),
            ("Eden", "F", "2012"),
            ("Maël", "F", "2003"),
            ("Jean-Marie", "M", "1975"),
            ("Marie-Pierre", "F", "1970"),
            ("Kevin", "M", "1998"),
            ("Xyzzy", "F", "1998"),
            // Given to a few girls in the 1960s: left alone.
            ("Maxime", "F", "1961"),
        ] {
            assert!(run(p1, sex, year).is_empty(), "{p1} {sex} {year}");
        }
    }

    #[test]
    fn a_name_swap_is_left_to_n001() {
        let r = holder(&[
            (Field::NomNaissance, "CHLOE"),
            (Field::Prenom1, "Martin"),
            (Field::Sexe, "F"),
        ]);
        assert!(check(&RULE, &r).is_empty());
        // MARION is a common surname too, Vincent a man's first name: S001 reports the sex,
        // with the swap as another reading.
        let r = holder(&[
            (Field::NomNaissance, "MARION"),
            (Field::Prenom1, "Vincent"),
            (Field::Sexe, "F"),
            (Field::AnneeNaissance, "2002"),
        ]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].alternatives.len(), 1);
    }
}
