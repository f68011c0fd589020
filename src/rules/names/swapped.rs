//! N001: birth name and first name swapped (`nomNaissance` THOMAS, `prenom1` DUPONT).
use super::{band_for, birth_decade, born_abroad, declared_male, filled, rank_for, restyle};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::{first_name, surname_rank, Band, SURNAME_BOUNDS};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Swapped;
pub static RULE: Swapped = Swapped;

static META: RuleMeta = RuleMeta {
    code: "N001",
    name: "name-first-name-swapped",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Nom de naissance et prénom inversés",
    summary_en: "Birth name and first name swapped",
    doc_fr: RuleDoc {
        what: "Le nom de naissance est un prénom courant pour le sexe et la décennie de naissance du titulaire, et le prénom 1 est un nom de famille courant qui n'est pas (ou presque jamais) un prénom pour ce sexe. Les valeurs ambiguës (MARTIN, THOMAS, BERNARD, PIERRE… qui sont à la fois prénoms et noms) ne suffisent pas : il faut que l'un des deux champs soit nettement mal placé. Toutes les graphies d'un nom sont regroupées (clé sans accents) ; le nom d'usage égal au prénom 1 et un prénom 2 connu renforcent l'indice.",
        why: "Le nom de naissance et le prénom 1 sont des critères obligatoires de la recherche au SNGI : inversés, ils ne trouvent personne et le titulaire est rejeté (« critères obligatoires »).",
        example: "nomNaissance « KEVIN », prenom1 « Dupont » → nomNaissance « DUPONT », prenom1 « Kevin »",
        fix_safety: "Échange des deux champs. Sûre seulement quand l'indice est écrasant : le nom de naissance est un prénom courant (rang ≤ 1 000 pour ce sexe, courant dans la décennie) qui n'est presque jamais un nom de famille (≤ 50 porteurs), le prénom 1 n'est le prénom de personne et est un nom courant, le prénom 2 éventuel est un prénom connu et le titulaire est né en France. Sinon à vérifier (non sûre). Quand le prénom 1 est un prénom de l'autre sexe, une autre lecture est proposée : le sexe est faux.",
    },
    doc_en: RuleDoc {
        what: "The birth name is a common first name for the holder's sex and birth decade, and first name 1 is a common surname that is not (or almost never) a first name for that sex. Ambiguous values (MARTIN, THOMAS, BERNARD, PIERRE…, both first names and surnames) are not enough: one of the two fields must clearly be misplaced. All spellings are merged (accent-free key); a usage name equal to first name 1 and a known first name 2 add to the evidence.",
        why: "Birth name and first name 1 are mandatory criteria of the SNGI search: swapped, they find nobody and the holder is rejected (\"mandatory criteria\").",
        example: "nomNaissance \"KEVIN\", prenom1 \"Dupont\" → nomNaissance \"DUPONT\", prenom1 \"Kevin\"",
        fix_safety: "Swaps the two fields. Safe only on overwhelming evidence: the birth name is a common first name (rank ≤ 1,000 for that sex, common in the decade) that is almost never a surname (≤ 50 bearers), first name 1 is nobody's first name and a common surname, any first name 2 is a known first name and the holder was born in France. Otherwise unsafe (review). When first name 1 is a first name of the other sex, another reading is offered: the sex is wrong.",
    },
    preview: false,
};

/// How strongly the two fields look swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Evidence {
    Strong,
    Overwhelming,
}

/// What N001 concludes for a record, with the keys it used.
pub(crate) struct Swap {
    pub evidence: Evidence,
    /// `prenom1` is a first name, but of the other sex only.
    pub other_sex_first_name: bool,
}

const COMMON_SURNAME: u32 = SURNAME_BOUNDS[0];
const VERY_RARE_SURNAME: u32 = SURNAME_BOUNDS[2];

/// Weighs `nomNaissance` (`nom_key`) and `prenom1` (`p1_key`) as surname and first name.
///
/// `p1_double` says that `prenom1` holds the `--` of a double surname (a first name never
/// does): that counts as surname evidence.
pub(crate) fn swap_evidence(
    record: &Record,
    nom_key: &str,
    p1_key: &str,
    p1_double: bool,
) -> Option<Swap> {
    if nom_key.is_empty() || p1_key.is_empty() || nom_key == p1_key {
        return None;
    }
    let male = declared_male(record);
    let decade = birth_decade(record);
    // The birth-name field must be a strong first name for this holder.
    let nom_first = first_name(nom_key)?;
    if band_for(nom_first, male, decade) != Band::Common {
        return None;
    }
    let nom_rank = rank_for(nom_first, male)?;
    let nom_surname = surname_rank(nom_key);
    // The first-name field must be a weak first name for this holder…
    let p1_first = first_name(p1_key);
    let p1_band_here = p1_first.map_or(Band::Absent, |f| band_for(f, male, decade));
    let p1_band_all = p1_first.map_or(Band::Absent, |f| band_for(f, male, None));
    if p1_band_here.strength() > Band::VeryRare.strength()
        || p1_band_all.strength() > Band::Rare.strength()
    {
        return None;
    }
    // …and a surname (the table, or the usage name of the same record).
    let p1_surname = surname_rank(p1_key);
    let usage_is_p1 = filled(record, Field::NomUsage).is_some_and(|u| key(u) == p1_key);
    let p1_is_surname = usage_is_p1 || p1_double || p1_surname.is_some_and(|r| r <= COMMON_SURNAME);
    if !p1_is_surname {
        return None;
    }
    let nom_weak_surname = nom_surname.is_none_or(|r| r > COMMON_SURNAME);
    // `prenom1` a real first name of the other sex: a wrong sex is as likely as a swap, so
    // only the plain case (the name is hardly a surname) is kept.
    let other_sex_first_name =
        p1_first.is_some_and(|f| band_for(f, None, decade).is_at_least_uncommon());
    // Both values are ambiguous-looking on one side (THOMAS is a surname too): accept only
    // when the first-name field is plainly a surname and the name a top first name.
    let asymmetric = nom_rank <= 200 && (p1_double || p1_surname.is_some_and(|r| r <= 5_000));
    if !nom_weak_surname && (!asymmetric || other_sex_first_name) {
        return None;
    }
    let p2_ok = filled(record, Field::Prenom2).is_none_or(|p2| first_name(&key(p2)).is_some());
    let overwhelming = nom_surname.is_none_or(|r| r > VERY_RARE_SURNAME)
        && nom_rank <= 1_000
        && p1_first.is_none()
        && p1_surname.is_some_and(|r| r <= COMMON_SURNAME)
        && p2_ok
        && male.is_some()
        && !born_abroad(record);
    Some(Swap {
        evidence: if overwhelming {
            Evidence::Overwhelming
        } else {
            Evidence::Strong
        },
        other_sex_first_name: p1_first
            .is_some_and(|f| band_for(f, None, decade).is_at_least_uncommon()),
    })
}

fn message(lang: Lang, nom: &str, p1: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "nom et prénom semblent inversés : {} est un prénom courant, {} un nom de famille et non un prénom pour ce titulaire",
            lang.quote(nom.trim()),
            lang.quote(p1.trim())
        ),
        Lang::En => format!(
            "birth name and first name look swapped: {} is a common first name, {} a surname and not a first name for this holder",
            lang.quote(nom.trim()),
            lang.quote(p1.trim())
        ),
    }
}

impl Rule for Swapped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let (Some(nom), Some(p1)) = (
            filled(record, Field::NomNaissance),
            filled(record, Field::Prenom1),
        ) else {
            return;
        };
        let Some(swap) = swap_evidence(record, &key(nom), &key(p1), p1.contains("--")) else {
            return;
        };
        let edits = vec![
            Edit::replace(Field::NomNaissance, nom, restyle(p1.trim(), nom)),
            Edit::replace(Field::Prenom1, p1, restyle(nom.trim(), p1)),
        ];
        let fix = if swap.evidence == Evidence::Overwhelming {
            Fix::safe(edits)
        } else {
            Fix::unsafe_(edits)
        };
        let mut f = finding(
            &META,
            Some(Field::NomNaissance),
            Some(nom),
            message(ctx.lang, nom, p1),
            Some(fix),
        );
        if swap.other_sex_first_name {
            if let Some(sex) = record.text(Field::Sexe) {
                let other = if declared_male(record) == Some(true) {
                    "F"
                } else {
                    "M"
                };
                f.alternatives
                    .push(Fix::unsafe_(vec![Edit::replace(Field::Sexe, sex, other)]));
            }
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    fn run(nom: &str, p1: &str, sex: &str, year: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[
                (Field::NomNaissance, nom),
                (Field::Prenom1, p1),
                (Field::Sexe, sex),
                (Field::AnneeNaissance, year),
            ]),
        )
    }

    #[test]
    fn flags_a_plain_swap_and_swaps_back() {
        let f = run("KEVIN", "Dupont", "M", "1995");
        assert_eq!(f.len(), 1, "{f:?}");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].to.as_deref(), Some("DUPONT"));
        assert_eq!(fix.edits[1].to.as_deref(), Some("Kevin"));
    }

    #[test]
    fn documented_example_thomas_dupont_is_flagged_but_unsafe() {
        let f = run("THOMAS", "DUPONT", "M", "1999");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn a_first_name_of_the_other_sex_needs_a_name_that_is_hardly_a_surname() {
        // THOMAS is a common surname and Jeanne a common first name: rather a wrong sex.
        assert!(run("THOMAS", "Jeanne", "M", "1999").is_empty());
        assert!(run("LEA", "Martin", "F", "2001").is_empty());
    }

    #[test]
    fn ambiguous_names_give_no_finding() {
        assert!(run("MARTIN", "Pierre", "M", "1990").is_empty());
        assert!(run("THOMAS", "Bernard", "M", "1970").is_empty());
        assert!(run("PIERRE", "Martin", "M", "1990").is_empty());
        assert!(run("N'DIAYE", "Fatou", "F", "2000").is_empty());
        assert!(run("MARTIN", "Léa", "F", "2001").is_empty());
        assert!(run("DUPONT", "Jean-Pierre", "M", "1980").is_empty());
        assert!(run("LAURENT", "Camille", "M", "2000").is_empty());
    }

    #[test]
    fn a_double_surname_in_prenom1_is_surname_evidence() {
        let f = run("CLEMENT", "LACROIX--PERROT", "M", "1997");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("LACROIX--PERROT")
        );
    }

    #[test]
    fn first_name_of_the_other_sex_offers_the_sex_reading() {
        let f = run("CHLOE", "Martin", "F", "2001");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].alternatives.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }
}
