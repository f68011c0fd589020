//! H006: the `--` separator of double surnames against the birth year.
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::reference::surname_rank;
use crate::rules::names::filled;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct DoubleName;
pub static RULE: DoubleName = DoubleName;

static META: RuleMeta = RuleMeta {
    code: "H006",
    name: "double-surname-separator",
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    summary_fr: "Séparateur « -- » d'un nom double à vérifier",
    summary_en: "Double-surname \"--\" separator worth a look",
    doc_fr: RuleDoc {
        what: "Le double tiret « -- » sépare les deux noms d'un nom double attribué aux enfants nés de 2005 à 2011 (loi de 2003, abandonné en 2011). La règle signale ce qui mérite un regard : un « -- » pour une personne née avant 2005, ou, pour une personne née de 2005 à 2011, un nom fait de deux noms de famille connus reliés par un seul trait d'union. Un « -- » entre 2005 et 2011 est normal et n'est pas signalé.",
        why: "La ponctuation du nom de naissance serait de moins en moins discriminante (signalé par des certificateurs, non documenté par la CDC) : c'est une information, pas une cause sûre de rejet.",
        example: "« DUPONT--MARTIN », né en 1998 → « DUPONT-MARTIN » ? ; « DUPONT-MARTIN », né en 2008 → « DUPONT--MARTIN » ?",
        fix_safety: "Aucune correction écrite : la suggestion est seulement affichée (un nom double peut être attribué après coup, par déclaration conjointe ou changement de nom). À vérifier sur l'acte de naissance.",
    },
    doc_en: RuleDoc {
        what: "The double hyphen \"--\" separates the two names of a double surname given to children born 2005–2011 (2003 law, given up in 2011). The rule reports what is worth a look: \"--\" for someone born before 2005, or, for someone born 2005–2011, a name made of two known surnames joined by a single hyphen. A \"--\" for 2005–2011 births is normal and not reported.",
        why: "Birth-name punctuation is said to be becoming non-discriminating (reported by certifiers, not documented by the CDC): this is information, not a sure cause of rejection.",
        example: "\"DUPONT--MARTIN\", born 1998 → \"DUPONT-MARTIN\"?; \"DUPONT-MARTIN\", born 2008 → \"DUPONT--MARTIN\"?",
        fix_safety: "No fix is written: the suggestion is display-only (a double name can be given later, by joint declaration or a change of name). Check the birth certificate.",
    },
    preview: false,
};

impl Rule for DoubleName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let (Some(nom), Some(year)) = (filled(record, Field::NomNaissance), record.birth_year())
        else {
            return;
        };
        let t = nom.trim();
        let (suggestion, fr, en) = if t.contains("--") {
            if year >= 2005 || t.contains("---") {
                return;
            }
            (
                t.replace("--", "-"),
                format!("« -- » sépare les noms doubles des personnes nées de 2005 à 2011, pas en {year}"),
                format!("\"--\" separates double surnames of people born 2005–2011, not in {year}"),
            )
        } else if (2005..=2011).contains(&year) && t.matches('-').count() == 1 {
            let k = key(t);
            let Some((a, b)) = k.split_once('-') else {
                return;
            };
            // Both halves known surnames, and the hyphenated name itself unknown.
            if surname_rank(&k).is_some() || surname_rank(a).is_none() || surname_rank(b).is_none()
            {
                return;
            }
            (
                t.replacen('-', "--", 1),
                format!("nom double d'une personne née en {year} : l'état civil l'écrit peut-être avec « -- »"),
                format!("double surname of someone born in {year}: the civil status may write it with \"--\""),
            )
        } else {
            return;
        };
        let message = match ctx.lang {
            Lang::Fr => fr,
            Lang::En => en,
        };
        out.push(finding(
            &META,
            Some(Field::NomNaissance),
            Some(nom),
            message,
            Some(Fix::display_only(vec![Edit::replace(
                Field::NomNaissance,
                nom,
                suggestion,
            )])),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn run(nom: &str, year: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[(Field::NomNaissance, nom), (Field::AnneeNaissance, year)]),
        )
    }

    #[test]
    fn worth_a_look() {
        assert_eq!(run("DUPONT--MARTIN", "1998").len(), 1);
        assert_eq!(run("DUPONT-MARTIN", "2008").len(), 1);
    }

    #[test]
    fn legit_forms_give_no_finding() {
        assert!(run("DUPONT--MARTIN", "2007").is_empty());
        assert!(run("DUPONT-MARTIN", "1998").is_empty());
        assert!(run("MARTIN", "2008").is_empty());
        assert!(run("N'DIAYE", "2008").is_empty());
    }
}
