//! N005: the usage (married) name given as birth name.
use super::{declared_male, filled};
use crate::finding::{Finding, Severity};
use crate::model::{Field, Record};
use crate::normalize::key;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct UsageName;
pub static RULE: UsageName = UsageName;

static META: RuleMeta = RuleMeta {
    code: "N005",
    name: "usage-name-as-birth-name",
    severity: Severity::Info,
    fix: FixAvailability::None,
    summary_fr: "Nom d'usage peut-être donné comme nom de naissance",
    summary_en: "Usage name possibly given as birth name",
    doc_fr: RuleDoc {
        what: "Pour une femme d'au moins 18 ans l'année de la certification (l'âge légal du mariage en France : plus jeune, elle ne peut pas être mariée), le nom d'usage est rempli et identique au nom de naissance. C'est souvent légitime (beaucoup d'exports recopient le nom de naissance, beaucoup de femmes mariées gardent leur nom), mais c'est aussi la trace typique d'un nom marital saisi à la place du nom de naissance. La règle reste étroite : elle ne se déclenche pas sans nom d'usage, ni pour les moins de 18 ans, ni quand les deux noms diffèrent, ni pour les hommes (un homme qui prend le nom de son épouse comme nom d'usage et le voit ensuite saisi comme nom de naissance est un cas rare). Quand l'export recopie le nom de naissance dans le nom d'usage (au moins 20 hommes ont un nom d'usage et la moitié au moins l'ont égal à leur nom de naissance), la règle ne dit plus rien : ses constats restent, mais l'estimation du taux de rejet ne les compte pas (le rapport le dit).",
        why: "Le nom de naissance est un critère obligatoire de la recherche au SNGI ; le nom d'usage n'y sert pas. Un nom marital à la place du nom de naissance fait rejeter la titulaire.",
        example: "nomNaissance « BERNARD », nomUsage « BERNARD », sexe F, née en 1985 → vérifier le nom de naissance (« MOREAU » ?)",
        fix_safety: "Aucune correction : le nom de naissance n'est pas dans l'enregistrement. Information à vérifier avec la titulaire ou l'export d'origine.",
    },
    doc_en: RuleDoc {
        what: "For a woman at least 18 in the certification year (the legal age of marriage in France: younger, she cannot be married), the usage name is filled and equal to the birth name. This is often legitimate (many exports copy the birth name, many married women keep theirs), but it is also the typical trace of a married name typed as birth name. The rule stays narrow: it does not fire without a usage name, for holders under 18, when the two names differ, or for men (a man who takes his wife's name as usage name and then has it typed as birth name is a rare case). When the export copies the birth name into the usage name (at least 20 men have a usage name and at least half of them have it equal to their birth name), the rule says nothing: its findings stay, but the rejection estimate does not count them (the report says so).",
        why: "Birth name is a mandatory criterion of the SNGI search; the usage name plays no part. A married name in place of the birth name gets the holder rejected.",
        example: "nomNaissance \"BERNARD\", nomUsage \"BERNARD\", sexe F, born 1985 → check the birth name (\"MOREAU\"?)",
        fix_safety: "No fix: the birth name is not in the record. Information to check with the holder or the source export.",
    },
    preview: false,
};

/// Minimum age in the award year: the legal age of marriage in France (a younger holder
/// cannot be married, so a usage name equal to her birth name is an export's copy).
const MIN_AGE: i32 = 18;

impl Rule for UsageName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if declared_male(record) != Some(false) {
            return;
        }
        let (Some(nom), Some(usage), Some(year)) = (
            filled(record, Field::NomNaissance),
            filled(record, Field::NomUsage),
            record.birth_year(),
        ) else {
            return;
        };
        let award_year = record
            .award_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok());
        if award_year.is_some_and(|a| a - year < MIN_AGE) {
            return;
        }
        if key(nom) != key(usage) {
            return;
        }
        let message = ctx
            .lang
            .pick(
                "nom d'usage identique au nom de naissance : vérifiez que le nom de naissance n'est pas le nom marital",
                "usage name equal to the birth name: check that the birth name is not the married name",
            )
            .to_string();
        out.push(finding(
            &META,
            Some(Field::NomNaissance),
            Some(nom),
            message,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn run(nom: &str, usage: &str, sex: &str, year: &str) -> Vec<Finding> {
        let mut r = holder(&[
            (Field::NomNaissance, nom),
            (Field::NomUsage, usage),
            (Field::Sexe, sex),
            (Field::AnneeNaissance, year),
        ]);
        r.award_date = Some("2025-06-30".into());
        check(&RULE, &r)
    }

    #[test]
    fn equal_names_for_a_woman() {
        assert_eq!(run("BERNARD", "BERNARD", "F", "1985").len(), 1);
    }

    #[test]
    fn from_the_age_of_marriage() {
        // Age in the award year (2025): 19 and 18 fire, 17 does not.
        assert_eq!(run("BERNARD", "BERNARD", "F", "2006").len(), 1);
        assert_eq!(run("BERNARD", "BERNARD", "F", "2007").len(), 1);
        assert!(run("BERNARD", "BERNARD", "F", "2008").is_empty());
        // Men stay out at any age.
        assert!(run("BERNARD", "BERNARD", "M", "2006").is_empty());
    }

    #[test]
    fn narrow() {
        assert!(run("BERNARD", "BERNARD", "M", "1985").is_empty());
        assert!(run("BERNARD", "BERNARD", "F", "2008").is_empty());
        assert!(run("BERNARD", "MOREAU", "F", "1985").is_empty());
        assert!(check(&RULE, &holder(&[])).is_empty());
    }
}
