//! A001: a first name differs from its usual accented spelling only by accents or
//! ligatures (`Lea` for Léa, `Laetitia` for Lætitia, `Lèa`).
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::{fold_accents, has_diacritic, key};
use crate::reference::first_name;
use crate::rules::names::{filled, is_all_caps};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct UsualSpelling;
pub static RULE: UsualSpelling = UsualSpelling;

static META: RuleMeta = RuleMeta {
    code: "A001",
    name: "accents-differ-from-usual-spelling",
    severity: Severity::Info,
    fix: FixAvailability::Always,
    summary_fr: "Accents différents de la graphie usuelle du prénom",
    summary_en: "Accents differ from the usual spelling of the first name",
    doc_fr: RuleDoc {
        what: "Un prénom écrit en minuscules et majuscules ne diffère de sa graphie la plus fréquente dans les tables INSEE que par les accents ou les ligatures, et cette graphie la plus fréquente est accentuée (« Lea » pour Léa, « Helene » pour Hélène, « Lèa »). Une graphie des tables presque aussi fréquente que la graphie usuelle (au plus 5 fois moins bien classée : « Matteo » / Mattéo) est une variante établie et n'est pas signalée. Les valeurs tout en capitales sans accents (convention des exports APOGEE) ne sont pas signalées, ni les noms de famille (les tables de noms n'ont pas d'accents).",
        why: "La CDC ignore les accents : ce n'est pas une cause de rejet. L'information sert seulement à présenter des données propres (attestations, courriers).",
        example: "« Lea » → « Léa » (affiché seulement)",
        fix_safety: "Affichage seulement, jamais écrit dans le dépôt : la graphie la plus fréquente n'est pas forcément celle de l'état civil du titulaire, et les accents ne changent rien au rapprochement.",
    },
    doc_en: RuleDoc {
        what: "A mixed-case first name differs from its most frequent spelling in INSEE's tables only by accents or ligatures, and that most frequent spelling is accented (\"Lea\" for Léa, \"Helene\" for Hélène, \"Lèa\"). A listed spelling nearly as frequent as the usual one (ranked at most 5 times lower: \"Matteo\" / Mattéo) is an established variant and is not reported. All-capital values without accents (the APOGEE export convention) are not reported, nor surnames (the surname tables have no accents).",
        why: "The CDC ignores accents: this is not a cause of rejection. It only helps present clean data (certificates, letters).",
        example: "\"Lea\" → \"Léa\" (display only)",
        fix_safety: "Display only, never written to the deposit: the most frequent spelling need not be the holder's civil-status one, and accents change nothing to the matching.",
    },
    preview: false,
};

/// The usual accented spelling of a mixed-case first name, when the value differs from it
/// only by accents or ligatures.
pub(crate) fn usual_spelling(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() || is_all_caps(t) {
        return None;
    }
    let f = first_name(&key(t))?;
    let usual = f.display;
    if usual == t || !has_diacritic(usual) {
        return None;
    }
    // A listed spelling nearly as frequent as the usual one is an established variant
    // (Matteo / Mattéo), not a lost accent (Lea, rank 579, against Léa, 43).
    let best = |v: &crate::reference::Variant| {
        v.m_rank
            .unwrap_or(u32::MAX)
            .min(v.f_rank.unwrap_or(u32::MAX))
    };
    let usual_rank = f.variants.first().map_or(u32::MAX, best);
    if f.variants.iter().any(|v| {
        v.spelling.to_lowercase() == t.to_lowercase() && best(v) <= usual_rank.saturating_mul(5)
    }) {
        return None;
    }
    // Same letters once accents are dropped (case aside), different accents.
    (fold_accents(t).to_lowercase() == fold_accents(usual).to_lowercase()
        && t.to_lowercase() != usual.to_lowercase())
    .then_some(usual)
}

impl Rule for UsualSpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for field in [Field::Prenom1, Field::Prenom2, Field::Prenom3] {
            let Some(text) = filled(record, field) else {
                continue;
            };
            let Some(usual) = usual_spelling(text) else {
                continue;
            };
            let to = text.replacen(text.trim(), usual, 1);
            let message = match ctx.lang {
                Lang::Fr => format!(
                    "graphie usuelle : {} (les accents n'empêchent pas le rapprochement)",
                    ctx.lang.quote(usual)
                ),
                Lang::En => format!(
                    "usual spelling: {} (accents do not prevent matching)",
                    ctx.lang.quote(usual)
                ),
            };
            out.push(finding(
                &META,
                Some(field),
                Some(text),
                message,
                Some(Fix::display_only(vec![Edit::replace(field, text, to)])),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn suggests_the_usual_spelling() {
        assert_eq!(usual_spelling("Lea"), Some("Léa"));
        assert_eq!(usual_spelling("Lèa"), Some("Léa"));
        let f = check(&RULE, &holder(&[(Field::Prenom1, "Helene")]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn right_or_conventional_values_give_no_finding() {
        for v in [
            "Léa",
            "LEA",
            "Jerome",
            "Kevin",
            "Jean-Pierre",
            "Camille",
            "Xyzzy",
        ] {
            assert_eq!(usual_spelling(v), None, "{v}");
        }
        assert!(check(&RULE, &holder(&[(Field::NomNaissance, "Lefevre")])).is_empty());
    }
}
