//! H001: spaces around a hyphen ("Jean - Pierre").
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, name_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct SpaceAround;
pub static RULE: SpaceAround = SpaceAround;

static META: RuleMeta = RuleMeta {
    code: "H001",
    name: "space-around-hyphen",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Espace avant ou après un trait d'union",
    summary_en: "Space before or after a hyphen",
    doc_fr: RuleDoc {
        what: "Un trait d'union est entouré d'espaces (« Jean - Pierre », « DUPONT -MARTIN »).",
        why: "L'état civil n'a jamais d'espace autour d'un trait d'union ; le prénom composé ne correspond plus.",
        example: "« Jean - Pierre » → « Jean-Pierre »",
        fix_safety: "Sûre : le trait d'union est conservé, seuls les espaces sont retirés.",
    },
    doc_en: RuleDoc {
        what: "A hyphen is surrounded by spaces (\"Jean - Pierre\", \"DUPONT -MARTIN\").",
        why: "A civil status never has spaces around a hyphen; the compound name no longer matches.",
        example: "\"Jean - Pierre\" → \"Jean-Pierre\"",
        fix_safety: "Safe: the hyphen is kept, only the spaces go.",
    },
    preview: false,
};

/// Removes the spaces that touch a hyphen.
pub fn tighten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '-' {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push(c);
        } else if c == ' ' && out.ends_with('-') {
            continue;
        } else {
            out.push(c);
        }
    }
    out
}

impl Rule for SpaceAround {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in name_fields(record) {
            let inner = text.trim();
            if !inner.starts_with('-')
                && !inner.ends_with('-')
                && (inner.contains(" -") || inner.contains("- "))
            {
                let fixed = text.replacen(inner, &tighten(inner), 1);
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "espace avant ou après un trait d'union",
                            "space before or after a hyphen",
                        )
                        .to_string(),
                    Some(Fix::safe(vec![Edit::replace(field, text, fixed)])),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::rules::test_support::{check, record};

    #[test]
    fn tightens() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "Jean - Pierre")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jean-Pierre")
        );
        assert_eq!(tighten("DUPONT -- MARTIN"), "DUPONT--MARTIN");
        assert!(check(&RULE, &record(&[(Field::Prenom1, "Jean-Pierre")])).is_empty());
    }
}
