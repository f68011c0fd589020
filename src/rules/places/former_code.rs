//! P002: `codeInsee` is a former commune code, or the code of a delegated or associated
//! commune: valid, reported for information with the current commune.
use super::{french_code, groups_named, label_key, postal_candidates, show};
use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference::{self, CommuneKind};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct FormerCode;
pub static RULE: FormerCode = FormerCode;

static META: RuleMeta = RuleMeta {
    code: "P002",
    name: "former-commune-code",
    severity: Severity::Info,
    fix: FixAvailability::None,
    summary_fr: "Code INSEE d'une ancienne commune, ou d'une commune déléguée ou associée",
    summary_en: "INSEE code of a former, delegated or associated commune",
    doc_fr: RuleDoc {
        what: "codeInsee est un code qui a existé mais n'est plus celui d'une commune actuelle : ancien code (fusion, changement de département comme 78228 Évry avant 1968, Corse 20xxx avant 1976), ou code d'une commune déléguée ou associée. La commune actuelle est indiquée. Quand le code avait déjà disparu l'année de naissance et qu'il est aussi le code postal d'une seule commune, le message le signale. Rien n'est dit ici quand le libellé de la commune en désigne une autre : c'est alors P005 (souvent un code postal, 75015 pour Paris 15e).",
        why: "Rien n'indique une erreur : une personne née avant la fusion a reçu l'ancien code. On ne sait pas si le registre national conserve le code en vigueur à la naissance ou son successeur ; les deux sont acceptés. Le constat aide seulement à vérifier le lieu si le titulaire est rejeté.",
        example: "« 78228 » (Évry avant 1968) : commune actuelle Évry-Courcouronnes (91228), inchangé",
        fix_safety: "Aucune correction : le code n'est jamais réécrit.",
    },
    doc_en: RuleDoc {
        what: "codeInsee is a code that existed but is no longer a current commune's: former code (merger, change of département such as 78228 Évry before 1968, Corsica 20xxx before 1976), or the code of a delegated or associated commune. The current commune is shown. When the code had already gone in the birth year and is also the postal code of a single commune, the message says so. Nothing is said here when the commune label names another commune: that is P005 (often a postal code, 75015 for Paris 15e).",
        why: "Nothing says it is wrong: a person born before the merger got the former code. Whether the national register keeps the code valid at birth or its successor is not documented; both are accepted. The finding only helps to check the place if the holder is rejected.",
        example: "\"78228\" (Évry before 1968): current commune Évry-Courcouronnes (91228), unchanged",
        fix_safety: "No fix: the code is never rewritten.",
    },
    preview: false,
};

impl Rule for FormerCode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = french_code(record) else {
            return;
        };
        let Some(c) = reference::commune(code) else {
            return;
        };
        // Former Mayotte codes are P003's.
        if c.to_verify() {
            return;
        }
        let former = matches!(
            c.kind,
            CommuneKind::Old | CommuneKind::Comd | CommuneKind::Coma
        ) || c.valid_to.is_some();
        if !former {
            return;
        }
        let cur = c.current();
        // A label naming another commune: P005 reports the contradiction (often a postal
        // code such as 75015 for Paris 15e, which was Bry-sur-Marne's code before 1968).
        if let Some(label) = record.text(Field::LibelleCommuneNaissance) {
            let groups = groups_named(&label_key(label));
            if !groups.is_empty() && !groups.contains(&cur.code.as_str()) {
                return;
            }
        }
        let lang = ctx.lang;
        // When the history dates the code, say whether it was in force in the birth year.
        let at_birth = record.birth_year().and_then(|y| {
            let ended = c.valid_to?;
            let end_year: i32 = ended.get(..4)?.parse().ok()?;
            Some(y >= end_year)
        });
        let kind = match (c.kind, lang) {
            (CommuneKind::Comd, Lang::Fr) => "code d'une commune déléguée",
            (CommuneKind::Comd, Lang::En) => "code of a delegated commune",
            (CommuneKind::Coma, Lang::Fr) => "code d'une commune associée",
            (CommuneKind::Coma, Lang::En) => "code of an associated commune",
            (_, Lang::Fr) => "ancien code",
            (_, Lang::En) => "former code",
        };
        let mut message = if std::ptr::eq(cur, c) {
            match lang {
                Lang::Fr => format!("{} : {kind} ({})", lang.quote(code), c.name),
                Lang::En => format!("{}: {kind} ({})", lang.quote(code), c.name),
            }
        } else {
            match lang {
                Lang::Fr => format!(
                    "{} : {kind} ({}) ; commune actuelle {} ; code conservé",
                    lang.quote(code),
                    c.name,
                    show(cur)
                ),
                Lang::En => format!(
                    "{}: {kind} ({}); current commune {}; code kept",
                    lang.quote(code),
                    c.name,
                    show(cur)
                ),
            }
        };
        if at_birth == Some(true) {
            message.push_str(lang.pick(
                " (ce code n'était déjà plus en vigueur l'année de naissance)",
                " (this code was no longer in force in the birth year)",
            ));
            // 75001…75020 ended in 1968 and are Paris postal codes: say so.
            if let [p] = postal_candidates(code).as_slice() {
                message.push_str(&match lang {
                    Lang::Fr => format!(
                        " ; c'est aussi le code postal desservant {} : code postal saisi à la place du code INSEE ?",
                        show(p)
                    ),
                    Lang::En => format!(
                        "; it is also the postal code serving {}: postal code typed instead of the INSEE code?",
                        show(p)
                    ),
                });
            }
        }
        out.push(finding(
            &META,
            Some(Field::CodeInsee),
            Some(code),
            message,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn current_codes_pass() {
        for code in ["69123", "75115", "75056", "2A004", "91228"] {
            assert!(
                check(&RULE, &holder(&[(Field::CodeInsee, code)])).is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn former_code_shows_current_commune() {
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "78228")]));
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("91228"), "{}", f[0].message);
        // Born 2001, code ended 1968.
        assert!(f[0].message.contains("plus en vigueur"), "{}", f[0].message);
        // A Paris postal code that was a Seine commune code before 1968.
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "75018")]));
        assert!(f[0].message.contains("75118"), "{}", f[0].message);
        let f = check(
            &RULE,
            &holder(&[(Field::CodeInsee, "78228"), (Field::AnneeNaissance, "1960")]),
        );
        assert!(
            !f[0].message.contains("plus en vigueur"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn postal_code_reading_is_left_to_p005() {
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "75015"),
                (Field::LibelleCommuneNaissance, "Paris 15e Arrondissement"),
            ]),
        );
        assert!(f.is_empty());
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "75015"),
                (Field::LibelleCommuneNaissance, "Bry-sur-Marne"),
            ]),
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn mayotte_and_unknown_are_left_to_other_rules() {
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "98511")])).is_empty());
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "31000")])).is_empty());
    }
}
