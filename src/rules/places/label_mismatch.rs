//! P005: `libelleCommuneNaissance` names a commune of another département than `codeInsee`.
use super::{
    arrondissement_code, french_code, groups_named, postal_candidates, read_place_label, show,
};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::reference::{self, commune_match_key, departement_of, Commune};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct LabelMismatch;
pub static RULE: LabelMismatch = LabelMismatch;

static META: RuleMeta = RuleMeta {
    code: "P005",
    name: "commune-label-contradicts-code",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary_fr: "Libellé de la commune de naissance qui désigne une commune d'un autre département que le code INSEE",
    summary_en: "Birth commune label naming a commune of another département than the INSEE code",
    doc_fr: RuleDoc {
        what: "libelleCommuneNaissance est le nom (actuel, ancien ou de commune déléguée) d'une ou plusieurs communes, toutes dans d'autres départements que la commune du code INSEE. La comparaison ignore accents, casse, tirets, espaces, « St »/« Saint » et les numéros d'arrondissement (« Paris 15e » = « Paris ») ; un libellé inconnu des tables, ou qui désigne aussi une commune du même département, n'est pas signalé — sauf quand le code est aussi le code postal de la commune que désigne le libellé (« 13002 », code d'Allauch et code postal de Marseille 2e, avec le libellé « Marseille »).",
        why: "Le code ou le libellé est faux : souvent un code saisi pour la commune de résidence, ou un code postal d'un autre département qui se trouve être un code INSEE. Le code est comparé au dernier niveau du rapprochement (homonymes).",
        example: "codeInsee « 33063 » (Bordeaux), libellé « Lille » → à vérifier auprès du titulaire",
        fix_safety: "Aucune correction en général : on ne sait pas lequel, du code ou du libellé, est juste. Quand le code est le code postal d'une seule commune (ou d'un seul arrondissement) que désigne le libellé, son code INSEE est proposé, non sûr (« 13002 » + « Marseille 2e » → « 13202 »).",
    },
    doc_en: RuleDoc {
        what: "libelleCommuneNaissance is the name (current, former or delegated) of one or more communes, all in other départements than the commune of the INSEE code. The comparison ignores accents, case, hyphens, spaces, \"St\"/\"Saint\" and arrondissement numbers (\"Paris 15e\" = \"Paris\"); a label unknown to the tables, or that also names a commune of the same département, is not reported — except when the code is also the postal code of the commune the label names (\"13002\", Allauch's code and Marseille 2e's postal code, with the label \"Marseille\").",
        why: "The code or the label is wrong: often a code typed for the commune of residence, or another département's postal code that happens to be an INSEE code. The code is compared at the last matching level (namesakes).",
        example: "codeInsee \"33063\" (Bordeaux), label \"Lille\" → to check with the holder",
        fix_safety: "No fix in general: which of the code and the label is right is unknown. When the code is the postal code of a single commune (or arrondissement) that the label names, its INSEE code is offered, unsafe (\"13002\" + \"Marseille 2e\" → \"13202\").",
    },
    preview: false,
};

impl Rule for LabelMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let Some(code) = french_code(record) else {
            return;
        };
        let Some(label) = record.text(Field::LibelleCommuneNaissance) else {
            return;
        };
        // Unknown codes are P001's.
        let Some(c) = reference::commune(code) else {
            return;
        };
        let cur = c.current();
        // Fast path for the usual case: the label is the commune's name as the tables spell
        // it (any ASCII case), no key to compute.
        if label.eq_ignore_ascii_case(&c.name) || label.eq_ignore_ascii_case(&cur.name) {
            return;
        }
        let read = read_place_label(label);
        let key = commune_match_key(&read.name);
        if key.is_empty() {
            return;
        }
        let groups = groups_named(&key);
        if groups.is_empty() || groups.contains(&cur.code.as_str()) {
            return;
        }
        let lang = ctx.lang;
        // A postal code of the labelled commune typed as its INSEE code (13002 for Marseille
        // 2e is Allauch's code; 75001 for Paris 1er was Alfortville's before 1968).
        let postal: Vec<&'static Commune> = postal_candidates(code)
            .into_iter()
            .filter(|p| groups.contains(&p.current().code.as_str()))
            .collect();
        if !postal.is_empty() {
            let wanted_arm = read
                .arrondissement
                .and_then(|n| arrondissement_code(&key, n));
            let fix = match postal.as_slice() {
                [p] if wanted_arm.is_none_or(|a| a.code == p.code) => {
                    Some(Fix::unsafe_(vec![Edit::replace(
                        Field::CodeInsee,
                        code,
                        p.code.clone(),
                    )]))
                }
                _ => None,
            };
            let named: Vec<String> = postal.iter().take(3).map(|p| show(p)).collect();
            let message = match lang {
                Lang::Fr => format!(
                    "codeInsee {} désigne {} ; c'est aussi le code postal desservant {}, que nomme le libellé {} : code postal saisi à la place du code INSEE ?",
                    lang.quote(code),
                    show(c),
                    named.join(", "),
                    lang.quote(label)
                ),
                Lang::En => format!(
                    "codeInsee {} is the code of {}; it is also the postal code serving {}, which the label {} names: postal code typed instead of the INSEE code?",
                    lang.quote(code),
                    show(c),
                    named.join(", "),
                    lang.quote(label)
                ),
            };
            out.push(finding(
                &META,
                Some(Field::CodeInsee),
                Some(code),
                message,
                fix,
            ));
            return;
        }
        // Otherwise conservative: any commune of the same département (of the code or of its
        // current commune) with that name may be a neighbouring or renamed place.
        let deps = [departement_of(code), cur.departement_code()];
        let same_dep = |g: &&str| {
            let d = departement_of(g);
            deps.contains(&d) || (deps.contains(&"20") && (d == "2A" || d == "2B"))
        };
        if groups.iter().any(same_dep) {
            return;
        }
        let named: Vec<String> = groups
            .iter()
            .take(3)
            .filter_map(|g| reference::commune(g))
            .map(show)
            .collect();
        let more = if groups.len() > 3 { ", …" } else { "" };
        let message = match lang {
            Lang::Fr => format!(
                "le libellé {} désigne {}{more}, pas la commune du code INSEE {} : le code ou le libellé est faux",
                lang.quote(label),
                named.join(", "),
                show(c)
            ),
            Lang::En => format!(
                "the label {} names {}{more}, not the commune of INSEE code {}: the code or the label is wrong",
                lang.quote(label),
                named.join(", "),
                show(c)
            ),
        };
        out.push(finding(
            &META,
            Some(Field::LibelleCommuneNaissance),
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
                (Field::LibelleCommuneNaissance, label),
            ]),
        )
    }

    #[test]
    fn spelling_variants_pass() {
        for (code, label) in [
            ("69123", "Lyon"),
            ("69383", "Lyon 3e Arrondissement"),
            ("69383", "LYON"),
            ("75115", "Paris 15e"),
            ("75115", "PARIS 15EME ARRONDISSEMENT"),
            ("75056", "Paris 15e Arrondissement"),
            ("42218", "ST ETIENNE"),
            ("42218", "Saint Étienne"),
            ("13001", "AIX EN PROVENCE"),
            ("97411", "Saint-Denis"),
            ("93066", "SAINT DENIS"),
            ("78228", "Évry"),
            ("91228", "Evry"),
            ("2A004", "Ajaccio"),
            ("20004", "AJACCIO"),
            ("69123", "Lieu-dit inconnu des tables"),
        ] {
            assert!(with(code, label).is_empty(), "{code} {label}");
        }
        // Foreign birth: the label is a foreign town.
        assert!(with("99350", "Casablanca").is_empty());
    }

    #[test]
    fn postal_code_typed_as_insee_code() {
        let f = with("13002", "Marseille 2e");
        assert_eq!(f.len(), 1);
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].to.as_deref(), Some("13202"));
        let f = with("75001", "PARIS");
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("75101")
        );
        // The label's arrondissement disagrees with the postal code: no fix.
        let f = with("75001", "Paris 15e");
        assert!(f[0].fix.is_none());
        // Bry-sur-Marne's code before 1968, labelled Bry-sur-Marne: fine.
        assert!(with("75015", "Bry-sur-Marne").is_empty());
        assert!(with("13002", "Allauch").is_empty());
    }

    #[test]
    fn commune_of_another_departement() {
        let f = with("33063", "Lille");
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("59350"), "{}", f[0].message);
    }
}
