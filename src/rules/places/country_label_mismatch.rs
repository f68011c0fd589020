//! P006: `libellePaysNaissance` names another country than the `99xxx` code.
use super::{countries_compatible, country_by_any_label, country_by_iso, country_code};
use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference;
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct CountryLabelMismatch;
pub static RULE: CountryLabelMismatch = CountryLabelMismatch;

static META: RuleMeta = RuleMeta {
    code: "P006",
    name: "country-label-contradicts-code",
    severity: Severity::Warning,
    fix: FixAvailability::None,
    summary_fr: "Libellé du pays de naissance qui désigne un autre pays que le code 99xxx",
    summary_en: "Birth country label naming another country than the 99xxx code",
    doc_fr: RuleDoc {
        what: "libellePaysNaissance est un libellé INSEE (ou un code ISO à trois lettres) d'un autre pays que celui du code 99xxx de codeInsee. Accents, casse et ponctuation sont ignorés ; un libellé inconnu des tables (« Corée du Sud », « Vietnam ») n'est pas signalé, ni un pays historique face à son successeur (RFA et Allemagne).",
        why: "Le pays de naissance est comparé au dernier niveau du rapprochement : si le code est faux, le titulaire peut être rejeté quand plusieurs personnes ont le même nom, prénom, sexe et date.",
        example: "codeInsee « 99350 » (Maroc), libellé « Algérie » → à vérifier auprès du titulaire",
        fix_safety: "Aucune correction : on ne sait pas lequel, du code ou du libellé, est juste.",
    },
    doc_en: RuleDoc {
        what: "libellePaysNaissance is an INSEE label (or a three-letter ISO code) of another country than the 99xxx code in codeInsee. Accents, case and punctuation are ignored; a label unknown to the tables (\"Corée du Sud\", \"Vietnam\") is not reported, nor a historic country against its successor (RFA and Allemagne).",
        why: "The birth country is compared at the last matching level: if the code is wrong, the holder may be rejected when several people share name, first name, sex and date.",
        example: "codeInsee \"99350\" (Morocco), label \"Algérie\" → to check with the holder",
        fix_safety: "No fix: which of the code and the label is right is unknown.",
    },
    preview: false,
};

impl Rule for CountryLabelMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = country_code(record) else {
            return;
        };
        let Some(label) = record.text(Field::LibellePaysNaissance) else {
            return;
        };
        // Unknown codes are P004's, 99100 X007's.
        let Some(k) = reference::country(code) else {
            return;
        };
        let Some(named) = country_by_any_label(label).or_else(|| country_by_iso(label)) else {
            return;
        };
        if countries_compatible(k, named) {
            return;
        }
        let message = match ctx.lang {
            Lang::Fr => format!(
                "le libellé {} désigne {} ({}), pas {} ({}) : le code ou le libellé est faux",
                ctx.lang.quote(label),
                named.name,
                named.code,
                k.name,
                k.code
            ),
            Lang::En => format!(
                "the label {} names {} ({}), not {} ({}): the code or the label is wrong",
                ctx.lang.quote(label),
                named.name,
                named.code,
                k.name,
                k.code
            ),
        };
        out.push(finding(
            &META,
            Some(Field::LibellePaysNaissance),
            Some(label),
            message,
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    fn with(code: &str, label: &str) -> Vec<Finding> {
        check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, code),
                (Field::LibellePaysNaissance, label),
            ]),
        )
    }

    #[test]
    fn same_or_unknown_labels_pass() {
        for (code, label) in [
            ("99350", "Maroc"),
            ("99326", "Côte d'Ivoire"),
            ("99243", "Viet Nam"),
            ("99243", "Vietnam"),
            ("99132", "Jersey"),
            ("99312", "Congo (République démocratique)"),
            ("99142", "Allemagne"),
            ("99109", "RFA"),
            ("99999", "Maroc"),
        ] {
            assert!(with(code, label).is_empty(), "{code} {label}");
        }
    }

    #[test]
    fn other_country() {
        let f = with("99350", "Algérie");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("99352"), "{}", f[0].message);
        assert_eq!(with("99350", "DZA").len(), 1);
    }
}
