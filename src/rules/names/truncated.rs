//! N006: a name cut by APOGEE (first names at 20 characters, names at 30).
use super::{declared_male, filled, is_all_caps};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::normalize::{fold_accents, key};
use crate::reference::{all_first_names, first_name, surname_rank, FirstName};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};
use std::sync::LazyLock;

pub struct Truncated;
pub static RULE: Truncated = Truncated;

static META: RuleMeta = RuleMeta {
    code: "N006",
    name: "truncated-name",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary_fr: "Nom ou prénom tronqué (APOGEE : 20 ou 30 caractères)",
    summary_en: "Name or first name cut short (APOGEE: 20 or 30 characters)",
    doc_fr: RuleDoc {
        what: "Un prénom fait exactement 20 caractères, ou un nom exactement 30, la largeur des colonnes APOGEE, et il est le début d'un prénom connu plus long (pour un prénom composé, sa dernière partie est le début d'un prénom connu du bon sexe) ; pour un nom, ni le nom entier ni sa dernière partie ne sont des noms de famille connus. Un prénom connu de 20 caractères exactement n'est pas signalé.",
        why: "Le SNGI compare le nom et le prénom 1 entiers : une valeur tronquée ne correspond à personne.",
        example: "prenom1 « Jean-Baptiste-Emmanu » → « Jean-Baptiste-Emmanuel » ; nomNaissance « DE LA ROCHEFOUCAULD-MONTMORENC » → à compléter",
        fix_safety: "Non sûre : la fin du prénom est devinée ; elle n'est proposée que si un seul prénom connu complète la valeur, sinon les complétions possibles sont listées. Pas de correction pour les noms (les tables de noms ne se parcourent pas par préfixe) : reprendre le nom complet de l'état civil.",
    },
    doc_en: RuleDoc {
        what: "A first name is exactly 20 characters long, or a name exactly 30, the APOGEE column widths, and it is the beginning of a longer known first name (for a compound, its last part begins a known first name of the right sex); for a name, neither the whole name nor its last part is a known surname. A known first name of exactly 20 characters is not reported.",
        why: "The SNGI compares the whole name and first name 1: a cut value matches nobody.",
        example: "prenom1 \"Jean-Baptiste-Emmanu\" → \"Jean-Baptiste-Emmanuel\"; nomNaissance \"DE LA ROCHEFOUCAULD-MONTMORENC\" → to complete",
        fix_safety: "Unsafe: the end of the first name is guessed; it is offered only when exactly one known first name completes the value, otherwise the possible completions are listed. No fix for names (the surname tables are not searched by prefix): take the full name from the civil status.",
    },
    preview: false,
};

const FIRST_WIDTH: usize = 20;
const NAME_WIDTH: usize = 30;

/// Builds the prefix-search table now (see [`crate::rules::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&BY_KEY);
}

/// Every first name sorted by key, for prefix searches (built on first use).
static BY_KEY: LazyLock<Vec<&'static FirstName>> = LazyLock::new(|| {
    let mut v: Vec<&'static FirstName> = all_first_names().collect();
    v.sort_unstable_by(|a, b| a.key.cmp(b.key));
    v
});

/// Known first names that `prefix` (a key) begins, longer than it, fitting `male` if known.
fn completions(prefix: &str, male: Option<bool>) -> Vec<&'static FirstName> {
    let start = BY_KEY.partition_point(|f| f.key < prefix);
    BY_KEY[start..]
        .iter()
        .take_while(|f| f.key.starts_with(prefix))
        .filter(|f| f.key.len() > prefix.len())
        .filter(|f| match male {
            Some(m) => f.band(m, None).strength() > 0,
            None => true,
        })
        .copied()
        .collect()
}

fn spelled(f: &FirstName, male: Option<bool>, like: &str) -> String {
    let s = match male {
        Some(m) => f.display_for(m),
        None => f.display,
    };
    if is_all_caps(like) {
        fold_accents(s).to_uppercase()
    } else {
        s.to_string()
    }
}

/// Completions of a 20-character first name, written in the value's style.
fn first_name_completions(text: &str, male: Option<bool>) -> Vec<String> {
    let k = key(text);
    if first_name(&k).is_some() {
        return Vec::new();
    }
    let whole = completions(&k, male);
    if !whole.is_empty() {
        return whole.iter().map(|f| spelled(f, male, text)).collect();
    }
    // A compound: complete its last part, keep the head as written.
    let Some(cut) = text.rfind('-') else {
        return Vec::new();
    };
    let (head, tail) = (&text[..cut], &text[cut + 1..]);
    let tail_key = key(tail);
    if tail_key.len() < 2 {
        return Vec::new();
    }
    completions(&tail_key, male)
        .iter()
        .filter(|f| !f.key.contains('-'))
        .map(|f| format!("{head}-{}", spelled(f, male, tail)))
        .collect()
}

impl Rule for Truncated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let male = declared_male(record);
        for field in [Field::Prenom1, Field::Prenom2, Field::Prenom3] {
            let Some(text) = filled(record, field) else {
                continue;
            };
            if text.chars().count() != FIRST_WIDTH {
                continue;
            }
            let found = first_name_completions(text, male);
            if found.is_empty() {
                continue;
            }
            let message = match ctx.lang {
                Lang::Fr => format!(
                    "prénom de 20 caractères, probablement tronqué : {} ?",
                    found
                        .iter()
                        .take(5)
                        .map(|s| ctx.lang.quote(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Lang::En => format!(
                    "20-character first name, probably cut short: {}?",
                    found
                        .iter()
                        .take(5)
                        .map(|s| ctx.lang.quote(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let mut f = finding(&META, Some(field), Some(text), message, None);
            if found.len() == 1 {
                f.fix = Some(Fix::unsafe_(vec![Edit::replace(
                    field,
                    text,
                    found[0].clone(),
                )]));
            } else {
                f.alternatives = found
                    .iter()
                    .take(5)
                    .map(|s| Fix::unsafe_(vec![Edit::replace(field, text, s.clone())]))
                    .collect();
            }
            out.push(f);
        }
        for field in [Field::NomNaissance, Field::NomUsage] {
            let Some(text) = filled(record, field) else {
                continue;
            };
            if text.chars().count() != NAME_WIDTH {
                continue;
            }
            let k = key(text);
            let last = k.rsplit([' ', '-', '\'']).next().unwrap_or("");
            if last.len() < 2 || surname_rank(&k).is_some() || surname_rank(last).is_some() {
                continue;
            }
            let message = ctx
                .lang
                .pick(
                    "nom de 30 caractères dont la fin n'est pas un nom connu : probablement tronqué, reprendre le nom complet",
                    "30-character name whose end is no known name: probably cut short, take the full name",
                )
                .to_string();
            out.push(finding(&META, Some(field), Some(text), message, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn completes_a_cut_compound() {
        let r = holder(&[(Field::Prenom1, "Jean-Baptiste-Emmanu"), (Field::Sexe, "M")]);
        let f = check(&RULE, &r);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("Jean-Baptiste-Emmanuel")
        );
    }

    #[test]
    fn cut_surname() {
        let r = holder(&[(Field::NomNaissance, "DE LA ROCHEFOUCAULD-MONTMORENC")]);
        assert_eq!(check(&RULE, &r).len(), 1);
        let r = holder(&[(Field::NomNaissance, "DE LA ROCHEFOUCAULD-MONTMORENCY")]);
        assert!(check(&RULE, &r).is_empty());
    }

    #[test]
    fn short_or_whole_names_give_no_finding() {
        assert!(check(&RULE, &holder(&[(Field::Prenom1, "Jean-Pierre")])).is_empty());
        assert!(check(&RULE, &holder(&[(Field::Prenom1, "Xyzzyxyzzyxyzzyxyzzy")])).is_empty());
    }
}
