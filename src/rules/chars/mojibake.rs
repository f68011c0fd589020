//! C001: UTF-8 text that was decoded as Windows-1252/Latin-1 ("Ã©" for "é").
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::model::Record;
use crate::rules::{finding, text_fields, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct Mojibake;
pub static RULE: Mojibake = Mojibake;

static META: RuleMeta = RuleMeta {
    code: "C001",
    name: "mojibake",
    severity: Severity::Error,
    fix: FixAvailability::Always,
    summary_fr: "Caractères accentués abîmés par un mauvais encodage (« Ã© » pour « é »)",
    summary_en: "Accented letters garbled by a wrong encoding (\"Ã©\" for \"é\")",
    doc_fr: RuleDoc {
        what: "Le texte a été converti deux fois : un « é » encodé en UTF-8 a été relu comme du Windows-1252 et apparaît « Ã© ».",
        why: "Les accents ne comptent pas pour la CDC, mais « Ã© » n'est pas un accent : ce sont deux lettres de plus, le nom ne correspond plus.",
        example: "« HÃ©LÃ¨NE » → « HéLèNE » ; « Ã‰RIC » → « ÉRIC »",
        fix_safety: "Sûre lorsque la valeur entière se décode en UTF-8 valide sans autre séquence suspecte ; sinon aucune correction.",
    },
    doc_en: RuleDoc {
        what: "The text was converted twice: a UTF-8 \"é\" was read back as Windows-1252 and shows as \"Ã©\".",
        why: "Accents do not matter to the CDC, but \"Ã©\" is not an accent: it is two extra letters, so the name no longer matches.",
        example: "\"HÃ©LÃ¨NE\" → \"HéLèNE\"; \"Ã‰RIC\" → \"ÉRIC\"",
        fix_safety: "Safe when the whole value decodes to valid UTF-8 with no other suspicious sequence; otherwise no fix.",
    },
    preview: false,
};

/// Windows-1252 bytes 0x80–0x9F and the characters they decode to.
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

fn to_cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) || (0x80..0xA0).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b)
}

/// Undoes one round of UTF-8-read-as-Windows-1252. `None` when the value does not look
/// like mojibake or does not decode cleanly.
pub fn repair(text: &str) -> Option<String> {
    if !text
        .chars()
        .any(|c| matches!(c, 'Ã' | 'Â' | 'Å' | 'Ä' | 'â'))
    {
        return None;
    }
    let bytes: Option<Vec<u8>> = text.chars().map(to_cp1252_byte).collect();
    let fixed = String::from_utf8(bytes?).ok()?;
    if fixed == text || fixed.chars().any(|c| c == 'Ã' || c.is_control()) {
        return None;
    }
    Some(fixed)
}

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (field, text) in text_fields(record) {
            if let Some(fixed) = repair(text) {
                out.push(finding(
                    &META,
                    Some(field),
                    Some(text),
                    ctx.lang
                        .pick(
                            "lettres accentuées abîmées par un double encodage (UTF-8 relu en Windows-1252)",
                            "accented letters garbled by double encoding (UTF-8 read as Windows-1252)",
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
    fn repairs_common_sequences() {
        assert_eq!(repair("HÃ©lÃ¨ne").as_deref(), Some("Hélène"));
        assert_eq!(repair("Ã‰RIC").as_deref(), Some("ÉRIC"));
        assert_eq!(repair("FranÃ§ois").as_deref(), Some("François"));
        assert_eq!(repair("LÅ“titia").as_deref(), Some("Lœtitia"));
    }

    #[test]
    fn leaves_real_accents_alone() {
        assert_eq!(repair("Hélène"), None);
        assert_eq!(repair("Ângela"), None);
        assert!(check(&RULE, &record(&[(Field::Prenom1, "Âme")])).is_empty());
    }

    #[test]
    fn flags_and_fixes() {
        let f = check(&RULE, &record(&[(Field::Prenom1, "JÃ©rÃ´me")]));
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jérôme")
        );
    }
}
