//! H004: a known compound first name written with a space (`Jean Pierre` for Jean-Pierre).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::rules::names::merged::{applies as merged_applies, known_words};
use crate::rules::names::{band_for, filled};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Missing;
pub static RULE: Missing = Missing;

static META: RuleMeta = RuleMeta {
    code: "H004",
    name: "missing-hyphen-in-compound",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Prénom composé écrit sans trait d'union",
    summary_en: "Compound first name written without its hyphen",
    doc_fr: RuleDoc {
        what: "Un champ prénom contient des mots séparés par une espace qui, reliés par un trait d'union, forment un prénom composé connu (« Jean Pierre » → Jean-Pierre, « Marie Claire » → Marie-Claire), alors que les autres champs prénom sont remplis. Quand le prénom 1 est seul (prénoms 2 et 3 vides), c'est la règle N004 qui signale la valeur, avec les deux lectures.",
        why: "Le trait d'union d'un prénom composé est discriminant pour le SNGI : « Jean Pierre » ne correspond pas à « Jean-Pierre ».",
        example: "prenom1 « Jean Pierre », prenom2 « Louis », prenom3 « Marie » → prenom1 « Jean-Pierre »",
        fix_safety: "Sûre pour le prénom 1 ou 2 quand tous les champs prénom suivants sont remplis et que le prénom composé est au moins peu courant : il n'y a pas de place pour une lecture « deux prénoms » (les prénoms surnuméraires s'ajoutent au dernier champ, pas au premier). Sinon non sûre, avec la lecture « deux prénoms » en alternative quand un champ est libre.",
    },
    doc_en: RuleDoc {
        what: "A first-name field holds space-separated words that, joined by a hyphen, form a known compound first name (\"Jean Pierre\" → Jean-Pierre, \"Marie Claire\" → Marie-Claire), while the other first-name fields are filled. When first name 1 is alone (first names 2 and 3 empty), N004 reports the value with both readings.",
        why: "The hyphen of a compound first name is discriminating for the SNGI: \"Jean Pierre\" does not match \"Jean-Pierre\".",
        example: "prenom1 \"Jean Pierre\", prenom2 \"Louis\", prenom3 \"Marie\" → prenom1 \"Jean-Pierre\"",
        fix_safety: "Safe for first name 1 or 2 when every following first-name field is filled and the compound is at least uncommon: there is no room for a \"two first names\" reading (extra names are appended to the last field, not the first). Otherwise unsafe, with the \"two first names\" reading as an alternative when a field is free.",
    },
    preview: false,
};

const FIELDS: [Field; 3] = [Field::Prenom1, Field::Prenom2, Field::Prenom3];

impl Rule for Missing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (i, field) in FIELDS.into_iter().enumerate() {
            let Some(text) = filled(record, field) else {
                continue;
            };
            if !text.trim().contains(char::is_whitespace) {
                continue;
            }
            if field == Field::Prenom1 && merged_applies(record) {
                continue;
            }
            let Some(w) = known_words(text) else {
                continue;
            };
            // Only the all-words hyphenated compound is this rule's business.
            let Some(c) = w.compound.filter(|c| c.key == w.keys.join("-")) else {
                continue;
            };
            let hyphenated = w.words.join("-");
            let later_filled = FIELDS[i + 1..].iter().all(|f| filled(record, *f).is_some());
            let safe = field != Field::Prenom3
                && later_filled
                && band_for(c, None, None).is_at_least_uncommon();
            let edits = vec![Edit::replace(field, text, hyphenated.clone())];
            let fix = if safe {
                Fix::safe(edits)
            } else {
                Fix::unsafe_(edits)
            };
            let message = match ctx.lang {
                Lang::Fr => format!(
                    "{} s'écrit avec un trait d'union : {}",
                    ctx.lang.quote(text.trim()),
                    ctx.lang.quote(&hyphenated)
                ),
                Lang::En => format!(
                    "{} is written with a hyphen: {}",
                    ctx.lang.quote(text.trim()),
                    ctx.lang.quote(&hyphenated)
                ),
            };
            let mut f = finding(&META, Some(field), Some(text), message, Some(fix));
            // The "two first names" reading, when the next field is free and 2 words.
            if !later_filled && w.words.len() == 2 && field != Field::Prenom3 {
                let next = FIELDS[i + 1];
                let mut edits = vec![Edit::replace(field, text, w.words[0])];
                // Shift the next field to the one after when that one is free.
                if let (Some(n), Some(after)) = (filled(record, next), FIELDS.get(i + 2)) {
                    if filled(record, *after).is_none() {
                        edits.push(Edit {
                            field: *after,
                            from: record.text(*after).map(str::to_string),
                            to: Some(n.to_string()),
                        });
                    } else {
                        edits.clear();
                    }
                }
                if !edits.is_empty() {
                    edits.push(Edit {
                        field: next,
                        from: record.text(next).map(str::to_string),
                        to: Some(w.words[1].to_string()),
                    });
                    f.alternatives.push(Fix::unsafe_(edits));
                }
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn safe_when_no_room_for_two_names() {
        let r = holder(&[
            (Field::Prenom1, "Jean Pierre"),
            (Field::Prenom2, "Louis"),
            (Field::Prenom3, "Marie"),
        ]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("Jean-Pierre"));
    }

    #[test]
    fn unsafe_with_the_split_reading_when_a_field_is_free() {
        let r = holder(&[(Field::Prenom1, "ANNE MARIE"), (Field::Prenom2, "SOPHIE")]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        let alt = &f[0].alternatives[0];
        assert_eq!(alt.edits.len(), 3, "{alt:?}");
    }

    #[test]
    fn no_double_report_with_n004_and_no_finding_on_right_names() {
        assert!(check(&RULE, &holder(&[(Field::Prenom1, "JEAN PIERRE")])).is_empty());
        assert!(check(&RULE, &holder(&[(Field::Prenom1, "Jean-Pierre")])).is_empty());
        let r = holder(&[(Field::Prenom1, "Manon Clara"), (Field::Prenom2, "Anne")]);
        assert!(check(&RULE, &r).is_empty());
    }
}
