//! P003: pre-2008 Mayotte commune code `985xx` (now `976xx`).
use super::{french_code, show};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Mayotte;
pub static RULE: Mayotte = Mayotte;

static META: RuleMeta = RuleMeta {
    code: "P003",
    name: "former-mayotte-code",
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    summary_fr: "Ancien code de commune de Mayotte (985xx, 976xx depuis 2008)",
    summary_en: "Former Mayotte commune code (985xx, 976xx since 2008)",
    doc_fr: RuleDoc {
        what: "codeInsee est un ancien code de commune de Mayotte (98501 à 98517), remplacé par les codes 976xx en 2008. Le code 976xx correspondant est affiché, avec la mention « à vérifier ».",
        why: "Le code était valable à la naissance et peut être celui du registre national ; mais deux versions des données de référence donnent des correspondances 985xx → 976xx différentes (celle retenue vient de la version 3.1.1 du découpage administratif d'Etalab), d'où la vérification.",
        example: "« 98511 » : 97611 Mamoudzou (à vérifier), inchangé",
        fix_safety: "Jamais sûre : le code 976xx est seulement affiché (correction « affichage seulement »), jamais écrit dans le dépôt.",
    },
    doc_en: RuleDoc {
        what: "codeInsee is a former Mayotte commune code (98501 to 98517), replaced by 976xx codes in 2008. The matching 976xx code is shown, marked \"to verify\".",
        why: "The code was valid at birth and may be the one the national register holds; but two versions of the reference data pair 985xx with 976xx differently (the pairing used comes from version 3.1.1 of Etalab's découpage administratif), hence the check.",
        example: "\"98511\": 97611 Mamoudzou (to verify), unchanged",
        fix_safety: "Never safe: the 976xx code is only displayed (display-only fix), never written to the deposit.",
    },
    preview: false,
};

impl Rule for Mayotte {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = french_code(record) else {
            return;
        };
        if !code.starts_with("985") {
            return;
        }
        // Unknown 985xx codes are P001's.
        let Some(c) = reference::commune(code).filter(|c| c.to_verify()) else {
            return;
        };
        let cur = c.current();
        let lang = ctx.lang;
        let message = match lang {
            Lang::Fr => format!(
                "{} : ancien code de Mayotte ({}), remplacé en 2008 ; correspondance probable {} (à vérifier)",
                lang.quote(code),
                c.name,
                show(cur)
            ),
            Lang::En => format!(
                "{}: former Mayotte code ({}), replaced in 2008; likely {} (to verify)",
                lang.quote(code),
                c.name,
                show(cur)
            ),
        };
        let fix = (cur.code != c.code).then(|| {
            Fix::display_only(vec![Edit::replace(
                Field::CodeInsee,
                code,
                cur.code.clone(),
            )])
        });
        out.push(finding(
            &META,
            Some(Field::CodeInsee),
            Some(code),
            message,
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn mamoudzou() {
        let f = check(&RULE, &holder(&[(Field::CodeInsee, "98511")]));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("à vérifier"), "{}", f[0].message);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::DisplayOnly);
        assert_eq!(fix.edits[0].to.as_deref(), Some("97611"));
    }

    #[test]
    fn current_mayotte_and_unknown_985_pass() {
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "97611")])).is_empty());
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "98599")])).is_empty());
    }
}
