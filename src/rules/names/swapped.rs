//! N001: birth name and first name swapped (`nomNaissance` THOMAS, `prenom1` DUPONT).
use super::{
    band_for, birth_decade, born_abroad, born_in_mayotte, declared_male, filled, rank_for, restyle,
};
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
        what: "Le nom de naissance est un prénom courant pour le sexe du titulaire (dans sa décennie de naissance, ou sur le siècle quand le prénom 1 n'est le prénom de personne), et le prénom 1 est un nom de famille courant qui n'est pas un prénom de ce sexe dans cette décennie. Les valeurs ambiguës (MARTIN, THOMAS, BERNARD, PIERRE… à la fois prénoms et noms) ne suffisent pas : il faut que l'un des deux champs soit nettement mal placé (prénom 1 qui n'est le prénom de personne, nom de naissance absent de la table des noms ou presque jamais porté, ou prénom très courant face à un nom très courant). Quand le prénom 1 est un prénom de l'autre sexe, un sexe erroné est l'autre lecture : l'inversion n'est retenue que si elle est au moins 20 fois plus probable (produit des rangs des deux lectures). Un prénom 1 fait de prénoms connus séparés par une espace ou « -- » (JEAN BAPTISTE) relève des règles de trait d'union. Toutes les graphies sont regroupées (clé sans accents) ; le nom d'usage égal au prénom 1 renforce l'indice.",
        why: "Le nom de naissance et le prénom 1 sont des critères obligatoires de la recherche au SNGI : inversés, ils ne trouvent personne et le titulaire est rejeté (« critères obligatoires »).",
        example: "nomNaissance « KEVIN », prenom1 « Dupont » → nomNaissance « DUPONT », prenom1 « Kevin »",
        fix_safety: "Échange des deux champs. Sûre seulement quand l'indice est écrasant, pour un titulaire né en France dont le sexe est renseigné et le prénom 2 éventuel un prénom connu : le nom de naissance est un prénom courant de ce sexe dans sa décennie (rang ≤ 1 000) et soit il n'est presque jamais un nom de famille (≤ 50 porteurs) face à un prénom 1 nom courant qui n'est le prénom de personne, soit il est absent de la table des noms face à un prénom 1 nom courant (KEVIN / André → ANDRÉ / Kevin), soit il est du top 500 des prénoms face à un prénom 1 parmi les 1 000 noms les plus fréquents qui n'est le prénom de personne, même quand le nom de naissance est aussi un nom très porté (LAURA / Bourgeois → BOURGEOIS / Laura, THOMAS / Dupont → DUPONT / Thomas). « Le prénom de personne » : pour le sexe déclaré, absent des listes ou donné au plus 50 fois en un siècle, et absent de la liste de la décennie de naissance (moins de 10 naissances) ; pour l'autre sexe, absent de la liste de la décennie (la lecture « sexe erroné » supposerait alors une erreur et un prénom que presque personne ne portait, quand l'inversion suppose une erreur et deux valeurs ordinaires : MARIE / Durand, femme née en 2000 → DURAND / Marie). Ces listes couvrent le premier prénom de toutes les naissances en France de 1900 à 2018 hors Mayotte ; des 1 000 noms les plus fréquents, 759 en sont absents et 64 n'y sont que très rares : quand un nom sert de prénom, les listes le montrent, et la lecture écrite supposerait un prénom que presque personne ne porte. Reste non sûre pour un titulaire né à l'étranger ou à Mayotte (les listes ne disent rien de ses prénoms) et quand le prénom 1 est un prénom, même rare, du sexe déclaré (DURAND pour un homme : 51 à 100 garçons en un siècle) ou un prénom de l'autre sexe dans la décennie. Sinon à vérifier (non sûre). Quand le prénom 1 est un prénom de l'autre sexe, une autre lecture est proposée : le sexe est faux.",
    },
    doc_en: RuleDoc {
        what: "The birth name is a common first name for the holder's sex (in the birth decade, or over the century when first name 1 is nobody's first name), and first name 1 is a common surname that is not a first name of that sex in that decade. Ambiguous values (MARTIN, THOMAS, BERNARD, PIERRE…, both first names and surnames) are not enough: one of the two fields must clearly be misplaced (first name 1 nobody's first name, birth name missing from the surname table or hardly ever borne, or a top first name facing a top surname). When first name 1 is a first name of the other sex, a wrong sex is the other reading: the swap is kept only when at least 20 times more likely (product of the two readings' ranks). A first name 1 made of known first names separated by a space or `--` (JEAN BAPTISTE) is left to the hyphen rules. All spellings are merged (accent-free key); a usage name equal to first name 1 adds to the evidence.",
        why: "Birth name and first name 1 are mandatory criteria of the SNGI search: swapped, they find nobody and the holder is rejected (\"mandatory criteria\").",
        example: "nomNaissance \"KEVIN\", prenom1 \"Dupont\" → nomNaissance \"DUPONT\", prenom1 \"Kevin\"",
        fix_safety: "Swaps the two fields. Safe only on overwhelming evidence, for a holder born in France whose sex is given and whose first name 2, if any, is a known first name: the birth name is a common first name of that sex in the decade (rank ≤ 1,000) and either it is almost never a surname (≤ 50 bearers) facing a first name 1 that is a common surname and nobody's first name, or it is missing from the surname table facing a first name 1 that is a common surname (KEVIN / André → ANDRÉ / Kevin), or it is a top-500 first name facing a first name 1 among the 1,000 most frequent surnames that is nobody's first name, even when the birth name is a frequent surname too (LAURA / Bourgeois → BOURGEOIS / Laura, THOMAS / Dupont → DUPONT / Thomas). \"Nobody's first name\": for the declared sex, absent from the lists or given at most 50 times in the century, and absent from the birth decade's list (fewer than 10 births); for the other sex, absent from the decade's list (a wrong sex would then need an error and a first name hardly anyone bore, where the swap needs an error and two ordinary values: MARIE / Durand, a woman born in 2000 → DURAND / Marie). The lists cover the first given name of every birth in France 1900–2018 except Mayotte; of the 1,000 most frequent surnames, 759 are absent from them and 64 only very rare: when a surname is used as a first name the lists show it, and the written order would need a first name next to nobody bears. Stays unsafe for a holder born abroad or in Mayotte (the lists say nothing of their first names) and when first name 1 is a first name, even a rare one, of the declared sex (DURAND for a man: 51 to 100 boys in a century) or a first name of the other sex in the decade. Otherwise unsafe (review). When first name 1 is a first name of the other sex, another reading is offered: the sex is wrong.",
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
    // The birth-name field must be a first name of this holder's sex: common in the birth
    // decade, or at least common over the century (an older Maeva, a Nathan born in 1973),
    // in which case the first-name field must be no first name at all (checked below).
    let nom_first = first_name(nom_key)?;
    let nom_band_here = band_for(nom_first, male, decade);
    let nom_common_here = nom_band_here == Band::Common;
    if !nom_common_here && band_for(nom_first, male, None) != Band::Common {
        return None;
    }
    let nom_rank = rank_for(nom_first, male)?;
    let nom_surname = surname_rank(nom_key);
    let nom_weak_surname = nom_surname.is_none_or(|r| r > COMMON_SURNAME);
    // The first-name field must be a surname (the table, or the usage name of the record).
    let p1_surname = surname_rank(p1_key);
    let usage_is_p1 = filled(record, Field::NomUsage).is_some_and(|u| key(u) == p1_key);
    let p1_is_surname = usage_is_p1 || p1_double || p1_surname.is_some_and(|r| r <= COMMON_SURNAME);
    if !p1_is_surname {
        return None;
    }
    // A spaced or doubled value made of first names (JEAN BAPTISTE, Marie--Lou) is a first
    // name with a hyphen problem, whatever the surname table says. A part given at most 50
    // times in the century to each sex is no first name for this purpose: DA SILVA is a
    // surname (DA and SILVA are very rare girls' names, never in a decade list).
    let parts: Vec<&str> = p1_key.split([' ', '-']).filter(|p| !p.is_empty()).collect();
    let someones_first_name = |p: &str| {
        first_name(p)
            .is_some_and(|f| band_for(f, None, None).strength() > Band::VeryRare.strength())
    };
    if parts.len() > 1 && parts.iter().all(|p| someones_first_name(p)) {
        return None;
    }
    let p1_first = first_name(p1_key);
    let p1_band_here = p1_first.map_or(Band::Absent, |f| band_for(f, male, decade));
    // `prenom1` is no first name at all: absent from the tables, or at most rare for this
    // sex over the century, absent in the birth decade and not a first name of the other sex
    // there either (GUERIN, ROYER, D'ALMEIDA).
    let p1_no_first_name = p1_first.is_none_or(|f| {
        band_for(f, male, None).strength() <= Band::Rare.strength()
            && p1_band_here == Band::Absent
            && male.is_none_or(|m| !band_for(f, Some(!m), decade).is_at_least_uncommon())
    });
    // `nomNaissance` is no surname at all (KEVIN, OCEANE): the written order cannot be
    // right, even when `prenom1` is a first name of this sex too (KEVIN / André).
    let nom_no_surname = nom_surname.is_none()
        && nom_common_here
        && !born_abroad(record)
        && p1_surname.is_some_and(|r| r <= 5_000);
    if !nom_no_surname {
        if !nom_common_here && !p1_no_first_name {
            return None;
        }
        // The first-name field must not be a first name of this sex in the birth decade
        // (given at most 50 times in the decade list).
        if p1_band_here.strength() > Band::VeryRare.strength() {
            return None;
        }
        // A frequent first name of this sex in other decades (a Mathis born in 1975: top
        // 1,000 over the century) keeps the written order plausible when the name is a
        // common surname too.
        let p1_rank_all = p1_first.and_then(|f| rank_for(f, male));
        if p1_rank_all.is_some_and(|r| r <= 1_000) && !nom_weak_surname {
            return None;
        }
        // Both values look like surnames (THOMAS is a surname too): accept only when the
        // first-name field is plainly a surname and the name a top first name, or when the
        // first-name field is no first name at all.
        let asymmetric = (nom_rank <= 200 && (p1_double || p1_surname.is_some_and(|r| r <= 5_000)))
            || (p1_no_first_name && nom_rank <= 1_000);
        if !nom_weak_surname && !asymmetric {
            return None;
        }
    }
    // `prenom1` a first name of the other sex in the decade: a wrong sex is the other
    // single-error reading. Keep the swap only when it is far more likely, weighing ranks
    // as frequencies (Zipf): surname of `prenom1` × first name `nomNaissance` for this sex,
    // against surname `nomNaissance` × first name `prenom1` for the other sex.
    let other_sex_first_name = male.is_some_and(|m| {
        p1_first.is_some_and(|f| band_for(f, Some(!m), decade).is_at_least_uncommon())
    });
    if other_sex_first_name {
        let other_rank = p1_first.and_then(|f| rank_for(f, male.map(|m| !m)));
        let swap = f64::from(p1_surname.unwrap_or(COMMON_SURNAME)) * f64::from(nom_rank);
        let sex = f64::from(nom_surname.unwrap_or(SURNAME_TOTAL))
            * f64::from(other_rank.unwrap_or(u32::MAX / 4));
        if sex < SEX_READING_MARGIN * swap {
            return None;
        }
    }
    let p2_ok = filled(record, Field::Prenom2).is_none_or(|p2| first_name(&key(p2)).is_some());
    // Safe: the name is a top first name of this sex in the decade, and either it is
    // (almost) never a surname (≤ 50 bearers) and `prenom1` a common surname that is
    // nobody's first name, or it is no surname at all and `prenom1` a frequent surname, or
    // it is a top-500 first name and `prenom1` one of the 1,000 most frequent surnames that
    // is nobody's first name (LAURA / Bourgeois, THOMAS / Dupont).
    //
    // Why the last case holds even when the name is a frequent surname too (THOMAS, rank 3):
    // the written order needs a holder whose first given name is `prenom1`, and the tables
    // cover every first given name of the births in France 1900–2018 except Mayotte. A value
    // absent from the lists of the declared sex, or given at most 50 times in the century and
    // too few times in the birth decade to enter its list (fewer than 10), is practically
    // nobody's first name: of the 1,000 most frequent surnames, 759 are absent from both lists
    // and 64 more only very rare (GARCIA: 50 boys at most), so when people do give a surname
    // as a first name the lists show it, and absence means next to no births. The swapped
    // reading needs only the documented error and two ordinary values. How frequent the name
    // is as a surname no longer matters then: whatever its rank, the written order needs a
    // first name nobody bears. The other single-error reading, a wrong sex, needs `prenom1` to
    // be a first name of the other sex: absent from that sex's list of the birth decade (fewer
    // than 10 births), it needs an error *and* a name hardly anyone of that generation bore
    // (MARIE / Durand for a woman born in 2000: DURAND was given to 51–100 boys in a century,
    // none listed after the 1910s). It stays unsafe when the tables cannot speak for the
    // holder (born abroad, or in Mayotte, which the first-name file leaves out), when
    // `prenom1` is a first name of the declared sex, even a rare one (LAURENT / Durand for a
    // man: fewer than 10 boys a decade is not nobody when weighed against a swap), or of the
    // other sex in the decade, or when the name is less than a top-500 first name common in
    // the birth decade.
    let p1_nobodys_first_name = male.is_some_and(|m| {
        p1_first.is_none_or(|f| {
            f.band(m, None).strength() <= Band::VeryRare.strength()
                && decade.is_none_or(|d| f.band(m, Some(d)) == Band::Absent)
                && match decade {
                    Some(d) => f.band(!m, Some(d)) == Band::Absent,
                    None => f.band(!m, None).strength() <= Band::VeryRare.strength(),
                }
        })
    });
    let top_surname_no_first_name = p1_nobodys_first_name && p1_surname.is_some_and(|r| r <= 1_000);
    let overwhelming = nom_rank <= 1_000
        && nom_common_here
        && ((nom_surname.is_none_or(|r| r > VERY_RARE_SURNAME)
            && (p1_first.is_none() || nom_no_surname))
            || (nom_rank <= 500 && top_surname_no_first_name))
        && p1_surname.is_some_and(|r| r <= COMMON_SURNAME)
        && p2_ok
        && male.is_some()
        && !born_abroad(record)
        && !born_in_mayotte(record);
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

/// How much more likely (rank products) the swap must be than a wrong sex.
const SEX_READING_MARGIN: f64 = 20.0;
/// Rank given to a value absent from the surname table when weighing readings.
const SURNAME_TOTAL: u32 = SURNAME_BOUNDS[3];

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
    use crate::rules::test_support::{check, edits_to, holder};

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

    fn applicability(f: &[Finding]) -> Applicability {
        assert_eq!(f.len(), 1, "{f:?}");
        f[0].fix.as_ref().unwrap().applicability
    }

    #[test]
    fn documented_example_thomas_dupont_is_a_safe_swap() {
        // THOMAS is surname 3 as well as a top first name, but DUPONT is nobody's first name:
        // the written order needs a man whose first given name is Dupont.
        let f = run("THOMAS", "DUPONT", "M", "1999");
        assert_eq!(applicability(&f), Applicability::Safe);
        assert_eq!(
            edits_to(f[0].fix.as_ref().unwrap()),
            [
                (Field::NomNaissance, Some("DUPONT")),
                (Field::Prenom1, Some("THOMAS"))
            ]
        );
        // The same for a very frequent surname facing one given at most 50 times in the
        // century and never in the decade (GARCIA: a few boys, no girl).
        assert_eq!(
            applicability(&run("FLORA", "Garcia", "F", "1994")),
            Applicability::Safe
        );
    }

    #[test]
    fn a_first_name_of_the_other_sex_only_in_other_decades_is_nobodys_for_the_holder() {
        // DURAND: 51–100 boys in the century, none in the decade lists since the 1910s, no
        // girl: for a woman born in 2000 both single-error readings but the swap need a name
        // nobody of her generation bore.
        let f = run("MARIE", "Durand", "F", "2000");
        assert_eq!(applicability(&f), Applicability::Safe);
        assert!(f[0].alternatives.is_empty(), "{f:?}");
    }

    #[test]
    fn a_surname_that_is_also_someones_first_name_keeps_the_swap_unsafe() {
        // DURAND is a rare first name of boys over the century (51 to 100 births): a real
        // Durand LAURENT is unlikely but not impossible.
        assert_eq!(
            applicability(&run("LAURENT", "Durand", "M", "1997")),
            Applicability::Unsafe
        );
        // FLEURY is a common first name of boys over the century (absent in the 1990s).
        assert_eq!(
            applicability(&run("THOMAS", "Fleury", "M", "1997")),
            Applicability::Unsafe
        );
        // A birth name that is not a common first name in the birth decade (MAMADOU, 1967).
        assert_eq!(
            applicability(&run("MAMADOU", "Faure", "M", "1967")),
            Applicability::Unsafe
        );
    }

    #[test]
    fn the_tables_say_nothing_of_holders_born_abroad_or_in_mayotte() {
        for code in ["99350", "97611", "98511"] {
            let r = holder(&[
                (Field::NomNaissance, "THOMAS"),
                (Field::Prenom1, "Dupont"),
                (Field::Sexe, "M"),
                (Field::AnneeNaissance, "1999"),
                (Field::CodeInsee, code),
            ]);
            let f = check(&RULE, &r);
            assert!(
                f.iter()
                    .all(|f| f.fix.as_ref().unwrap().applicability != Applicability::Safe),
                "{code}: {f:?}"
            );
        }
    }

    #[test]
    fn a_first_name_of_the_other_sex_needs_the_swap_to_be_far_more_likely() {
        // THOMAS is a common surname and Jeanne a common first name: rather a wrong sex.
        assert!(run("THOMAS", "Jeanne", "M", "1999").is_empty());
        // MARION (surname rank ~300) / Vincent: a male Vincent MARION is about as likely.
        assert!(run("MARION", "Vincent", "F", "2002").is_empty());
        // LEA is a rare surname, MARTIN the first one: Léa MARTIN, the sex offered as the
        // other reading.
        let f = run("LEA", "Martin", "F", "2001");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].alternatives.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn a_name_that_is_no_surname_before_a_frequent_surname_is_a_swap() {
        // KEVIN is no surname at all: even with André a first name too, the order is wrong;
        // both values are so clear that the swap is safe for a holder born in France.
        let f = run("KEVIN", "André", "M", "2002");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
        // Born abroad: a surname missing from the French tables is plausible, no finding.
        let r = holder(&[
            (Field::NomNaissance, "KEVIN"),
            (Field::Prenom1, "André"),
            (Field::Sexe, "M"),
            (Field::AnneeNaissance, "2002"),
            (Field::CodeInsee, "99350"),
        ]);
        assert!(check(&RULE, &r).is_empty());
        // OCEANE (no surname) / Vincent (a man's first name): the swap, not the sex.
        let f = run("OCEANE", "Vincent", "F", "1998");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_top_surname_that_is_nobodys_first_name_facing_a_top_first_name_is_safe() {
        let f = run("LAURA", "Bourgeois", "F", "1988");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
        // CHARLOTTE (surname rank ~24,000) / Picard: the same.
        let f = run("CHARLOTTE", "Picard", "F", "1993");
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
        // JULIEN is a common surname (rank ~140): only unsafe.
        let f = run("JULIEN", "D'Almeida", "M", "1996");
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
    }

    #[test]
    fn a_value_that_is_no_first_name_at_all_is_surname_evidence() {
        // D'ALMEIDA is nobody's first name, JULIEN a top first name (and a common surname).
        assert_eq!(run("JULIEN", "D'Almeida", "M", "1996").len(), 1);
        // A frequent first name of other decades keeps the written order possible.
        assert!(run("THOMAS", "Mathis", "M", "1975").is_empty());
        // A spaced compound first name is a hyphen problem, not a surname.
        assert!(run("JACOB", "Jean Baptiste", "M", "1990").is_empty());
        assert!(run("MARIE", "Marie--Lou", "F", "2001").is_empty());
        // DA and SILVA are very rare girls' names: Da Silva is a surname, not two first names.
        let f = run("NATHAN", "Da Silva", "M", "1985");
        assert_eq!(applicability(&f), Applicability::Safe);
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
