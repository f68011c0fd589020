//! C003: typographic apostrophes and look-alikes instead of the plain apostrophe.
use crate::finding::{Finding, Severity};
use crate::model::Record;
use crate::rules::{Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Apostrophe;
pub static RULE: Apostrophe = Apostrophe;

static META: RuleMeta = RuleMeta {
    code: "C003",
    name: "typographic-apostrophe",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Apostrophe typographique (’) au lieu de l'apostrophe droite (')",
    summary_en: "Typographic apostrophe (’) instead of the plain one (')",
    doc_fr: RuleDoc {
        what: "Un nom contient une apostrophe courbe ou un signe voisin (’ ‘ ʼ ` ´ ′), souvent introduit par un traitement de texte.",
        why: "L'état civil utilise l'apostrophe droite ; la ponctuation du nom de naissance est encore comparée par la CDC.",
        example: "« N’DIAYE » → « N'DIAYE »",
        fix_safety: "Sûre : seul le signe change.",
    },
    doc_en: RuleDoc {
        what: "A name holds a curly apostrophe or a look-alike (’ ‘ ʼ ` ´ ′), often brought in by a word processor.",
        why: "The civil status uses the plain apostrophe; the CDC still compares birth-name punctuation.",
        example: "\"N’DIAYE\" → \"N'DIAYE\"",
        fix_safety: "Safe: only the sign changes.",
    },
    preview: false,
};

fn is_apostrophe_variant(c: char) -> bool {
    matches!(c, '’' | '‘' | 'ʼ' | '`' | '´' | '′' | 'ʻ' | '＇')
}

impl Rule for Apostrophe {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let message = ctx.lang.pick(
            "apostrophe typographique au lieu de l'apostrophe droite",
            "typographic apostrophe instead of the plain one",
        );
        super::replace_lookalikes(&META, record, is_apostrophe_variant, '\'', message, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::rules::test_support::{check, record};

    #[test]
    fn straightens_apostrophe() {
        let f = check(&RULE, &record(&[(Field::NomNaissance, "N’DIAYE")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("N'DIAYE")
        );
        assert!(check(&RULE, &record(&[(Field::NomNaissance, "N'DIAYE")])).is_empty());
    }
}
