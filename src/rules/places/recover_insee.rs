//! P010: INSEE code of the birth commune missing from a CSV export (reader note `I003`),
//! recovered from the town name within the département (APOGEE `LIB_VIL_NAI_ETU` and
//! `COD_DEP_PAY_NAI`), as the PC-Scol migration scripts do.
use super::{arrondissement_code, groups_named, read_place_label, show};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::input::csv::notes::MISSING_INSEE_CODE;
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference::{self, commune_match_key, Commune, CommuneKind};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct RecoverInsee;
pub static RULE: RecoverInsee = RecoverInsee;

static META: RuleMeta = RuleMeta {
    code: "P010",
    name: "missing-insee-code",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code INSEE de la commune de naissance absent de l'export, retrouvé d'après le nom de la commune",
    summary_en: "Birth commune INSEE code missing from the export, recovered from the town name",
    doc_fr: RuleDoc {
        what: "L'export (APOGEE : COD_COM_NAI_ETU vide) ne donne pas le code INSEE d'une naissance en France. Le code est cherché d'après le nom de la commune (LIB_VIL_NAI_ETU) dans le département (COD_DEP_PAY_NAI), en ignorant accents, tirets et espaces, en lisant « ST »/« STE » comme « SAINT »/« SAINTE », « S/ » comme « SUR », et les numéros d'arrondissement de Paris, Lyon et Marseille.",
        why: "Sans code INSEE, le dépôt doit porter un code postal, et le lieu de naissance ne peut pas servir au dernier niveau du rapprochement : un titulaire dont le nom, le prénom, le sexe et la date sont partagés avec d'autres personnes est alors rejeté (« Plusieurs titulaires »).",
        example: "« ST RÉMY DE PROVENCE », département 013 → codeInsee « 13100 » (Saint-Rémy-de-Provence)",
        fix_safety: "Sûre quand une seule commune actuelle porte ce nom dans le département (les anciens noms qui y mènent ne comptent pas comme d'autres communes) ; non sûre quand plusieurs communes portent ce nom (chaque code est proposé), quand seul un ancien nom correspond, ou quand le département n'est pas connu ; aucune quand aucune commune ne porte ce nom.",
    },
    doc_en: RuleDoc {
        what: "The export (APOGEE: empty COD_COM_NAI_ETU) does not give the INSEE code of a birth in France. The code is looked up from the town name (LIB_VIL_NAI_ETU) within the département (COD_DEP_PAY_NAI), ignoring accents, hyphens and spaces, reading \"ST\"/\"STE\" as \"SAINT\"/\"SAINTE\", \"S/\" as \"SUR\", and the arrondissement numbers of Paris, Lyon and Marseille.",
        why: "Without an INSEE code the deposit must carry a postal code, and the place of birth cannot be used at the last matching level: a holder whose name, first name, sex and date are shared with other people is then rejected (\"several holders\").",
        example: "\"ST RÉMY DE PROVENCE\", département 013 → codeInsee \"13100\" (Saint-Rémy-de-Provence)",
        fix_safety: "Safe when a single current commune has that name in the département (former names leading to it do not count as other communes); unsafe when several communes have that name (each code is offered), when only a former name matches, or when the département is unknown; none when no commune has that name.",
    },
    preview: false,
};

/// The département the reader noted (`... dans le département 013`), as a table code:
/// `013` → `13`, `02A` → `2A`, `971` stays.
fn noted_departement(detail: &str) -> Option<String> {
    let (_, rest) = detail.rsplit_once("département ")?;
    let raw = rest.split_whitespace().next()?.to_ascii_uppercase();
    let d = match raw.len() {
        3 if raw.starts_with('0') => raw[1..].to_string(),
        1 if raw.as_bytes()[0].is_ascii_digit() => format!("0{raw}"),
        _ => raw,
    };
    (d == "20" || reference::departement(&d).is_some()).then_some(d)
}

enum Outcome {
    /// One current commune (or arrondissement); safe only when the département was given.
    One(&'static Commune),
    /// Several candidates; the boolean says whether only former names matched.
    Several(Vec<&'static Commune>, bool),
    None,
}

fn candidates(dep: Option<&str>, town: &str) -> Outcome {
    let label = read_place_label(town);
    let key = commune_match_key(&label.name);
    if key.is_empty() {
        return Outcome::None;
    }
    if let Some(n) = label.arrondissement {
        if let Some(a) = arrondissement_code(&key, n) {
            if dep.is_none_or(|d| a.departement_code() == d) {
                return Outcome::One(a);
            }
        }
    }
    let found: Vec<&'static Commune> = match dep {
        Some(d) => reference::communes_named(d, &label.name),
        // No département: look everywhere, never better than unsafe.
        None => groups_named(&key)
            .iter()
            .filter_map(|g| reference::commune(g))
            .collect(),
    };
    if found.is_empty() {
        return Outcome::None;
    }
    let current: Vec<&'static Commune> = found
        .iter()
        .copied()
        .filter(|c| matches!(c.kind, CommuneKind::Com | CommuneKind::Arm))
        .collect();
    match current.as_slice() {
        [one] if found.iter().all(|c| std::ptr::eq(c.current(), *one)) => Outcome::One(one),
        [] => Outcome::Several(found, true),
        _ => Outcome::Several(current, false),
    }
}

fn insert(code: &str) -> Vec<Edit> {
    vec![Edit {
        field: Field::CodeInsee,
        from: None,
        to: Some(code.to_string()),
    }]
}

impl Rule for RecoverInsee {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        if record.notes.is_empty() || record.get(Field::CodeInsee).is_some() {
            return;
        }
        let Some(note) = record.notes.iter().find(|n| n.code == MISSING_INSEE_CODE) else {
            return;
        };
        // A country code (even a wrong one) says the birth may be abroad: P004 and X007.
        if record.text(Field::CodePaysNaissance).is_some() {
            return;
        }
        let lang = ctx.lang;
        let Some(town) = record
            .text(Field::LibelleCommuneNaissance)
            .filter(|t| !t.trim().is_empty())
        else {
            out.push(finding(
                &META,
                Some(Field::CodeInsee),
                None,
                lang.pick(
                    "code INSEE de la commune de naissance absent, et pas de nom de commune pour le retrouver",
                    "birth commune INSEE code missing, and no town name to recover it from",
                )
                .to_string(),
                None,
            ));
            return;
        };
        let dep = noted_departement(&note.detail);
        let in_dep = match (&dep, lang) {
            (Some(d), Lang::Fr) => format!(" dans le département {d}"),
            (Some(d), Lang::En) => format!(" in département {d}"),
            (None, _) => String::new(),
        };
        let (message, fix, alternatives) = match candidates(dep.as_deref(), town) {
            Outcome::One(c) => {
                let edits = insert(&c.code);
                let fix = if dep.is_some() {
                    Fix::safe(edits)
                } else {
                    Fix::unsafe_(edits)
                };
                (
                    match lang {
                        Lang::Fr => format!(
                            "code INSEE absent ; la commune {}{in_dep} est {}",
                            lang.quote(town),
                            show(c)
                        ),
                        Lang::En => format!(
                            "INSEE code missing; the commune {}{in_dep} is {}",
                            lang.quote(town),
                            show(c)
                        ),
                    },
                    Some(fix),
                    Vec::new(),
                )
            }
            Outcome::Several(list, former_only) => {
                let names: Vec<String> = list.iter().take(5).map(|c| show(c)).collect();
                let message = match (lang, former_only) {
                    (Lang::Fr, false) => format!(
                        "code INSEE absent ; plusieurs communes s'appellent {}{in_dep} : {} ; à choisir",
                        lang.quote(town),
                        names.join(", ")
                    ),
                    (Lang::En, false) => format!(
                        "INSEE code missing; several communes are named {}{in_dep}: {}; choose one",
                        lang.quote(town),
                        names.join(", ")
                    ),
                    (Lang::Fr, true) => format!(
                        "code INSEE absent ; {}{in_dep} est un ancien nom : {} (commune actuelle {}) ; à vérifier",
                        lang.quote(town),
                        names.join(", "),
                        show(list[0].current())
                    ),
                    (Lang::En, true) => format!(
                        "INSEE code missing; {}{in_dep} is a former name: {} (current commune {}); to verify",
                        lang.quote(town),
                        names.join(", "),
                        show(list[0].current())
                    ),
                };
                let mut fixes = list.iter().map(|c| Fix::unsafe_(insert(&c.code)));
                let first = fixes.next();
                (message, first, fixes.collect())
            }
            Outcome::None => (
                match lang {
                    Lang::Fr => format!(
                        "code INSEE absent ; aucune commune ne s'appelle {}{in_dep}",
                        lang.quote(town)
                    ),
                    Lang::En => format!(
                        "INSEE code missing; no commune is named {}{in_dep}",
                        lang.quote(town)
                    ),
                },
                None,
                Vec::new(),
            ),
        };
        let mut f = finding(&META, Some(Field::CodeInsee), None, message, fix);
        f.alternatives = alternatives;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::model::{ReaderNote, SourceFormat};
    use crate::rules::test_support::{check, record};

    fn apogee(dep: &str, town: &str) -> Record {
        let mut r = record(&[
            (Field::NomNaissance, "FAURE"),
            (Field::LibelleCommuneNaissance, town),
        ]);
        r.format = SourceFormat::Csv;
        r.notes.push(ReaderNote {
            code: MISSING_INSEE_CODE,
            field: Some(Field::CodeInsee),
            detail: format!("code INSEE de la commune de naissance absent (COD_COM_NAI_ETU vide) : à retrouver depuis le libellé de la commune dans le département {dep}"),
        });
        r
    }

    fn fix_of(f: &[Finding]) -> (Applicability, String) {
        let fix = f[0].fix.as_ref().unwrap();
        (fix.applicability, fix.edits[0].to.clone().unwrap())
    }

    #[test]
    fn departement_codes() {
        assert_eq!(
            noted_departement("... dans le département 013").as_deref(),
            Some("13")
        );
        assert_eq!(
            noted_departement("... dans le département 2A").as_deref(),
            Some("2A")
        );
        assert_eq!(
            noted_departement("... dans le département 971").as_deref(),
            Some("971")
        );
        assert_eq!(noted_departement("... dans le département 999"), None);
        assert_eq!(
            noted_departement("... depuis le libellé de la commune"),
            None
        );
    }

    #[test]
    fn one_commune_is_safe() {
        let f = check(&RULE, &apogee("013", "ST RÉMY DE PROVENCE"));
        assert_eq!(fix_of(&f), (Applicability::Safe, "13100".to_string()));
        assert_eq!(f[0].fix.as_ref().unwrap().edits[0].from, None);
        let f = check(&RULE, &apogee("071", "CHALON S/ SAONE"));
        assert_eq!(fix_of(&f), (Applicability::Safe, "71076".to_string()));
        let f = check(&RULE, &apogee("075", "PARIS 15"));
        assert_eq!(fix_of(&f), (Applicability::Safe, "75115".to_string()));
        let f = check(&RULE, &apogee("069", "LYON 3EME ARRONDISSEMENT"));
        assert_eq!(fix_of(&f), (Applicability::Safe, "69383".to_string()));
        let f = check(&RULE, &apogee("075", "PARIS"));
        assert_eq!(fix_of(&f), (Applicability::Safe, "75056".to_string()));
    }

    #[test]
    fn none_and_without_departement() {
        let f = check(&RULE, &apogee("013", "ATLANTIS"));
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
        // Without a département: unsafe at best.
        let f = check(&RULE, &apogee("", "ST RÉMY DE PROVENCE"));
        assert!(f[0]
            .fix
            .as_ref()
            .is_none_or(|x| x.applicability == Applicability::Unsafe));
        // No note, or a code already there: nothing.
        let mut r = apogee("013", "ST RÉMY DE PROVENCE");
        r.notes.clear();
        assert!(check(&RULE, &r).is_empty());
    }

    #[test]
    fn several_communes_are_unsafe_alternatives() {
        // Two current communes named Saint-Laurent? Find a real case in the tables.
        let dup = reference::communes()
            .iter()
            .filter(|c| c.kind == CommuneKind::Com)
            .find(|c| {
                reference::communes_named(c.departement_code(), &c.name)
                    .iter()
                    .filter(|x| x.kind == CommuneKind::Com)
                    .count()
                    > 1
            });
        let Some(c) = dup else { return };
        let dep = c.departement_code().to_string();
        let f = check(&RULE, &apogee(&dep, &c.name));
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe,
            "{}",
            f[0].message
        );
        assert!(!f[0].alternatives.is_empty());
    }
}
