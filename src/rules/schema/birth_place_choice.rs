//! X007: birth place fields that contradict each other (INSEE and postal code both
//! given, country code missing or different for a birth abroad, country code for a
//! birth in France, France given as a foreign country).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::{Field, Record};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct BirthPlaceChoice;
pub static RULE: BirthPlaceChoice = BirthPlaceChoice;

static META: RuleMeta = RuleMeta {
    code: "X007",
    name: "birth-place-consistency",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary_fr: "Lieu de naissance incohérent (code INSEE, code postal, code pays)",
    summary_en: "Inconsistent place of birth (INSEE code, postal code, country code)",
    doc_fr: RuleDoc {
        what: "Les champs du lieu de naissance se contredisent : code INSEE et code postal donnés ensemble ; naissance à l'étranger (99xxx) sans codePaysNaissance ou avec un autre pays ; codePaysNaissance pour une naissance en France ; 99100 (France) donné comme pays étranger.",
        why: "Le schéma refuse les deux codes ensemble (fichier rejeté) ; le dictionnaire de la CDC impose codePaysNaissance = 3 derniers chiffres du 99xxx, et l'absent pour une naissance en France. Le lieu sert au dernier niveau du rapprochement.",
        example: "codeInsee « 99341 » sans pays → codePaysNaissance « 341 »",
        fix_safety: "Sûre pour ajouter le code pays manquant déduit du 99xxx ; non sûre pour remplacer un code pays différent ou retirer celui d'une naissance en France.",
    },
    doc_en: RuleDoc {
        what: "The place-of-birth fields contradict each other: INSEE and postal code both given; birth abroad (99xxx) without codePaysNaissance or with another country; codePaysNaissance for a birth in France; 99100 (France) given as a foreign country.",
        why: "The schema refuses both codes together (file rejected); the CDC dictionary requires codePaysNaissance = last 3 digits of the 99xxx, absent for a birth in France. The place is used at the last matching level.",
        example: "codeInsee \"99341\" without country → codePaysNaissance \"341\"",
        fix_safety: "Safe for adding the missing country code taken from the 99xxx; unsafe for replacing a different country code or removing it on a birth in France.",
    },
    preview: false,
};

impl Rule for BirthPlaceChoice {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let lang = ctx.lang;
        if record.get(Field::CodeInsee).is_some() && record.get(Field::CodePostal).is_some() {
            out.push(finding(
                &META,
                Some(Field::CodePostal),
                record.text(Field::CodePostal),
                lang.pick(
                    "code INSEE et code postal donnés ensemble : le schéma n'en accepte qu'un",
                    "INSEE and postal code both given: the schema accepts only one",
                )
                .to_string(),
                None,
            ));
        }
        let Some(insee) = record.text(Field::CodeInsee) else {
            return;
        };
        let country = record.text(Field::CodePaysNaissance);
        let abroad = insee.len() == 5 && insee.starts_with("99");
        if insee == "99100" {
            out.push(finding(
                &META,
                Some(Field::CodeInsee),
                Some(insee),
                lang.pick("99100 désigne la France : pour une naissance en France, donnez le code INSEE de la commune", "99100 means France: for a birth in France give the commune's INSEE code").to_string(),
                None,
            ));
            return;
        }
        if abroad {
            let expected = &insee[2..];
            match country {
                None if record.get(Field::CodePaysNaissance).is_none() => out.push(finding(
                    &META,
                    Some(Field::CodePaysNaissance),
                    None,
                    lang.pick(
                        "naissance à l'étranger sans codePaysNaissance",
                        "birth abroad without codePaysNaissance",
                    )
                    .to_string(),
                    Some(Fix::safe(vec![Edit {
                        field: Field::CodePaysNaissance,
                        from: None,
                        to: Some(expected.to_string()),
                    }])),
                )),
                Some(c) if c != expected && c.chars().count() == 3 => out.push(finding(
                    &META,
                    Some(Field::CodePaysNaissance),
                    Some(c),
                    lang.pick(
                        "le code pays ne correspond pas au code INSEE 99xxx",
                        "the country code does not match the 99xxx INSEE code",
                    )
                    .to_string(),
                    Some(Fix::unsafe_(vec![Edit::replace(
                        Field::CodePaysNaissance,
                        c,
                        expected,
                    )])),
                )),
                _ => {}
            }
        } else if let Some(c) = country {
            out.push(finding(
                &META,
                Some(Field::CodePaysNaissance),
                Some(c),
                lang.pick(
                    "codePaysNaissance donné pour une naissance en France : il doit être absent",
                    "codePaysNaissance given for a birth in France: it must be absent",
                )
                .to_string(),
                Some(Fix::unsafe_(vec![Edit {
                    field: Field::CodePaysNaissance,
                    from: Some(c.to_string()),
                    to: None,
                }])),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn abroad_without_country_gets_it() {
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "99341")]));
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("341"));
        assert!(check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "341")
            ])
        )
        .is_empty());
    }

    #[test]
    fn france_with_country_and_both_codes() {
        assert_eq!(
            check(&RULE, &holder(&[(Field::CodePaysNaissance, "100")])).len(),
            1
        );
        assert_eq!(
            check(&RULE, &holder(&[(Field::CodePostal, "69001")])).len(),
            1
        );
        assert_eq!(
            check(&RULE, &holder(&[(Field::CodeInsee, "99100")])).len(),
            1
        );
        assert!(check(&RULE, &holder(&[])).is_empty());
    }
}
