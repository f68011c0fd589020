//! C004: dashes and look-alikes instead of the hyphen-minus.
use crate::finding::{Finding, Severity};
use crate::model::Record;
use crate::rules::{Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct DashVariant;
pub static RULE: DashVariant = DashVariant;

static META: RuleMeta = RuleMeta {
    code: "C004",
    name: "dash-variant",
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    summary_fr: "Tiret typographique (– — ‑) au lieu du trait d'union (-)",
    summary_en: "Typographic dash (– — ‑) instead of the hyphen (-)",
    doc_fr: RuleDoc {
        what: "Un nom composé est lié par un tiret demi-cadratin, cadratin, insécable ou un signe moins au lieu du trait d'union.",
        why: "Le trait d'union des prénoms composés est discriminant pour la CDC : un autre signe ne correspond pas.",
        example: "« Jean–Pierre » → « Jean-Pierre »",
        fix_safety: "Sûre : seul le signe change.",
    },
    doc_en: RuleDoc {
        what: "A compound name is joined by an en dash, em dash, non-breaking hyphen or minus sign instead of the hyphen.",
        why: "The hyphen of compound first names is discriminating for the CDC: another sign does not match.",
        example: "\"Jean–Pierre\" → \"Jean-Pierre\"",
        fix_safety: "Safe: only the sign changes.",
    },
    preview: false,
};

fn is_dash_variant(c: char) -> bool {
    matches!(
        c,
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－'
    )
}

impl Rule for DashVariant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let message = ctx.lang.pick(
            "tiret typographique au lieu du trait d'union",
            "typographic dash instead of the hyphen",
        );
        super::replace_lookalikes(&META, record, is_dash_variant, '-', message, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::rules::test_support::{check, record};

    #[test]
    fn replaces_en_dash() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "Jean–Pierre")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jean-Pierre")
        );
        assert!(check(&RULE, &record(&[(Field::Prenom1, "Jean-Pierre")])).is_empty());
    }
}
