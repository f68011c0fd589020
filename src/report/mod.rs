//! Reports: everything a run found, rendered as text, JSON, CSV or HTML. Reports see only
//! findings and fixes, never the input.

pub mod csv;
pub mod html;
pub mod json;
mod log;
pub mod text;

pub use log::FindingLog;

use crate::estimate::{Estimate, Estimator, Model};
use crate::finding::{Applicability, Finding, RecordFindings, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};
use std::collections::BTreeMap;

/// What was read.
#[derive(Debug, Clone)]
pub struct InputInfo {
    pub path: String,
    /// `xml` or `csv`.
    pub format: &'static str,
    /// For CSV: the profile used and what the reader noticed.
    pub detail: Option<String>,
}

/// Counts over the whole run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub records: u64,
    pub records_with_findings: u64,
    /// Records with at least one warning or error (info findings do not put a holder at risk).
    pub records_at_risk: u64,
    /// Records whose every warning/error finding has a safe fix.
    pub records_fixable: u64,
    pub by_rule: BTreeMap<&'static str, u64>,
    pub by_severity: BTreeMap<&'static str, u64>,
    pub safe_fixes: u64,
    pub unsafe_fixes: u64,
    /// Errors that make the schema refuse the whole file: the full validator's count when
    /// it ran, else the identity-block schema findings.
    pub schema_errors: u64,
    /// Whether the full schema validation ran.
    pub schema_validated: bool,
    pub estimate: Option<Estimate>,
    /// Men (civil status) with a usage name, and those whose usage name is their birth name.
    pub men_with_usage_name: u64,
    pub men_usage_name_equal: u64,
    /// Rules left out of the estimate for this deposit: N005 when the export copies the
    /// birth name into the usage name (see [`copies_birth_names`]).
    pub estimate_excluded_rules: Vec<&'static str>,
}

/// Whether an export copies the birth name into the usage name: most men who have a usage
/// name have their birth name there (a man's real usage name is nearly always another
/// name: his wife's, or both joined). Then a woman's usage name equal to her birth name
/// says nothing of a married name typed as birth name, and N005 must not weigh on the
/// estimate. At least 20 such men, so that a handful decides nothing.
pub fn copies_birth_names(men_with_usage_name: u64, men_usage_name_equal: u64) -> bool {
    men_with_usage_name >= 20 && 2 * men_usage_name_equal >= men_with_usage_name
}

/// A finished run.
#[derive(Debug)]
pub struct Report {
    pub input: InputInfo,
    pub summary: Summary,
    /// Records with findings, in input order (in a temporary file past a megabyte: the
    /// summary above is counted as records stream past, so memory does not grow with them).
    pub records: FindingLog,
    /// The first schema errors of the whole file (full validation).
    pub schema: Vec<crate::validate::SchemaError>,
    pub lang: Lang,
}

/// Builds a report as records stream past.
pub struct ReportBuilder {
    report: Report,
    model: Model,
    estimator: Estimator,
}

/// Whether a finding makes the schema reject the whole file.
pub fn is_schema_error(f: &Finding) -> bool {
    f.rule.starts_with('X') && f.severity == Severity::Error
}

impl ReportBuilder {
    pub fn new(input: InputInfo, lang: Lang, model: Model) -> ReportBuilder {
        ReportBuilder {
            report: Report {
                input,
                summary: Summary::default(),
                records: FindingLog::default(),
                schema: Vec::new(),
                lang,
            },
            model,
            estimator: Estimator::default(),
        }
    }

    /// Counts a record's findings and keeps them for the report. Fails only when the
    /// temporary file that holds the findings past a few megabytes cannot be written.
    pub fn add(&mut self, record: &Record, findings: Vec<Finding>) -> std::io::Result<()> {
        let s = &mut self.report.summary;
        s.records += 1;
        if record.is_civil_status() {
            self.estimator.add(&self.model, &findings);
            if crate::rules::names::declared_male(record) == Some(true) {
                if let Some(usage) = crate::rules::names::filled(record, Field::NomUsage) {
                    s.men_with_usage_name += 1;
                    let birth = record.text(Field::NomNaissance).unwrap_or("");
                    if crate::normalize::key(usage) == crate::normalize::key(birth) {
                        s.men_usage_name_equal += 1;
                    }
                }
            }
        }
        if findings.is_empty() {
            return Ok(());
        }
        s.records_with_findings += 1;
        let at_risk: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity > Severity::Info)
            .collect();
        if !at_risk.is_empty() {
            s.records_at_risk += 1;
            if at_risk
                .iter()
                .all(|f| f.fix.as_ref().map(|x| x.applicability) == Some(Applicability::Safe))
            {
                s.records_fixable += 1;
            }
        }
        for f in &findings {
            *s.by_rule.entry(f.rule).or_default() += 1;
            *s.by_severity.entry(f.severity.as_str()).or_default() += 1;
            match f.fix.as_ref().map(|x| x.applicability) {
                Some(Applicability::Safe) => s.safe_fixes += 1,
                Some(Applicability::Unsafe) => s.unsafe_fixes += 1,
                _ => {}
            }
            if is_schema_error(f) && !s.schema_validated {
                s.schema_errors += 1;
            }
        }
        self.report.records.push(RecordFindings {
            index: record.index,
            id: record.id.clone(),
            line: record.line,
            findings,
        })
    }

    /// Records the outcome of the full schema validation; its count replaces the
    /// identity-block estimate of schema errors.
    pub fn set_schema(&mut self, errors: Vec<crate::validate::SchemaError>, count: u64) {
        self.report.schema = errors;
        self.report.summary.schema_errors = count;
        self.report.summary.schema_validated = true;
    }

    pub fn finish(mut self) -> Report {
        let s = &mut self.report.summary;
        let copies = copies_birth_names(s.men_with_usage_name, s.men_usage_name_equal);
        if copies {
            s.estimate_excluded_rules
                .push(crate::estimate::USAGE_NAME_RULE);
        }
        s.estimate = Some(self.estimator.finish(!copies));
        self.report
    }
}

impl Report {
    /// Exit status as linters give it: 1 when a holder is at risk or the file would be refused.
    pub fn has_problems(&self) -> bool {
        self.summary.records_at_risk > 0 || self.summary.schema_errors > 0
    }
}

/// Why a rule is left out of the estimate, in the report language (empty when none is).
pub fn estimate_exclusion_note(s: &Summary, lang: Lang) -> Option<String> {
    if !s
        .estimate_excluded_rules
        .contains(&crate::estimate::USAGE_NAME_RULE)
    {
        return None;
    }
    Some(match lang {
        Lang::Fr => format!(
            "L'export semble recopier le nom de naissance dans le nom d'usage ({} hommes sur {} qui ont un nom d'usage) : la règle {} (nom d'usage identique au nom de naissance) ne compte pas dans l'estimation.",
            s.men_usage_name_equal, s.men_with_usage_name, crate::estimate::USAGE_NAME_RULE
        ),
        Lang::En => format!(
            "The export seems to copy the birth name into the usage name ({} of {} men with a usage name): rule {} (usage name equal to the birth name) is left out of the estimate.",
            s.men_usage_name_equal, s.men_with_usage_name, crate::estimate::USAGE_NAME_RULE
        ),
    })
}

/// Formats a ratio as a percentage in the report language (`8,9 %` / `8.9%`).
pub fn percent(ratio: f64, lang: Lang) -> String {
    let v = format!("{:.1}", ratio * 100.0);
    match lang {
        Lang::Fr => format!("{} %", v.replace('.', ",")),
        Lang::En => format!("{v}%"),
    }
}

/// Plain-words verdict against the 10 % threshold.
pub fn verdict(summary: &Summary, lang: Lang) -> String {
    let est = summary.estimate.unwrap_or(Estimate {
        rate: 0.0,
        interval: (0.0, 0.0),
        rate_after_fix: 0.0,
        interval_after_fix: (0.0, 0.0),
    });
    let t = crate::estimate::THRESHOLD;
    if summary.schema_errors > 0 {
        return match lang {
            Lang::Fr => format!(
                "FICHIER REFUSÉ EN ENTIER : {} erreur(s) de schéma. La CDC rejette tout le dépôt tant qu'elles ne sont pas corrigées.",
                summary.schema_errors
            ),
            Lang::En => format!(
                "WHOLE FILE REFUSED: {} schema error(s). The CDC rejects the entire deposit until they are fixed.",
                summary.schema_errors
            ),
        };
    }
    let (lo, hi) = est.interval;
    match (lang, hi < t, lo >= t, est.rate_after_fix < t) {
        (Lang::Fr, true, _, _) => "Dépôt envoyable : le taux de rejet estimé reste sous le seuil de 10 %.".into(),
        (Lang::En, true, _, _) => "Deposit can be sent: the estimated rejection rate stays under the 10% threshold.".into(),
        (Lang::Fr, _, true, true) => "Au-dessus du seuil de 10 % : appliquez les corrections sûres avant l'envoi, le taux repassera sous le seuil.".into(),
        (Lang::En, _, true, true) => "Over the 10% threshold: apply the safe fixes before sending; the rate will drop under the threshold.".into(),
        (Lang::Fr, _, true, false) => "Au-dessus du seuil de 10 %, même après les corrections sûres : revoyez les constats non corrigés avant l'envoi.".into(),
        (Lang::En, _, true, false) => "Over the 10% threshold even after the safe fixes: review the remaining findings before sending.".into(),
        (Lang::Fr, _, _, _) => "Proche du seuil de 10 % : appliquez les corrections et revoyez les constats restants avant l'envoi.".into(),
        (Lang::En, _, _, _) => "Close to the 10% threshold: apply the fixes and review the remaining findings before sending.".into(),
    }
}

/// French/English label of an applicability.
pub fn applicability_label(a: Applicability, lang: Lang) -> &'static str {
    match (a, lang) {
        (Applicability::Safe, Lang::Fr) => "correction sûre",
        (Applicability::Unsafe, Lang::Fr) => "correction à valider",
        (Applicability::DisplayOnly, Lang::Fr) => "suggestion",
        (Applicability::Safe, Lang::En) => "safe fix",
        (Applicability::Unsafe, Lang::En) => "fix to review",
        (Applicability::DisplayOnly, Lang::En) => "suggestion",
    }
}

pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Fr) => "erreur",
        (Severity::Warning, Lang::Fr) => "alerte",
        (Severity::Info, Lang::Fr) => "info",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::rules::names::usage_name::RULE as N005;
    use crate::rules::test_support::{check, holder};

    /// A deposit of `women` women whose usage name is their birth name (N005 fires on
    /// each), and `men` men whose usage name is `men_usage` (or their birth name).
    fn estimate(women: usize, men: usize, men_copy: bool) -> Report {
        let info = InputInfo {
            path: "t.xml".into(),
            format: "xml",
            detail: None,
        };
        let mut b = ReportBuilder::new(info, Lang::Fr, Model::builtin());
        for i in 0..women + men {
            let man = i >= women;
            let usage = if man && !men_copy { "DURAND" } else { "MARTIN" };
            let mut r = holder(&[
                (Field::NomUsage, usage),
                (Field::Sexe, if man { "M" } else { "F" }),
                (Field::AnneeNaissance, "1980"),
                (Field::Prenom1, if man { "Paul" } else { "Léa" }),
            ]);
            r.award_date = Some("2025-06-30".into());
            let findings = check(&N005, &r);
            assert_eq!(findings.len(), usize::from(!man), "{i}");
            b.add(&r, findings).unwrap();
        }
        b.finish()
    }

    #[test]
    fn a_copied_usage_name_does_not_weigh_on_the_estimate() {
        let honest = estimate(100, 40, false);
        let copied = estimate(100, 40, true);
        let (h, c) = (
            honest.summary.estimate.unwrap(),
            copied.summary.estimate.unwrap(),
        );
        // Same findings; only the deposit where men's usage names are copies leaves N005 out.
        assert_eq!(honest.summary.by_rule, copied.summary.by_rule);
        assert!(honest.summary.estimate_excluded_rules.is_empty());
        assert_eq!(copied.summary.estimate_excluded_rules, ["N005"]);
        assert!(c.rate < h.rate, "{c:?} {h:?}");
        assert!(estimate_exclusion_note(&copied.summary, Lang::Fr)
            .unwrap()
            .contains("40 hommes sur 40"));
        assert!(estimate_exclusion_note(&honest.summary, Lang::Fr).is_none());
        // Too few men decide nothing.
        let few = estimate(100, 19, true);
        assert!(few.summary.estimate_excluded_rules.is_empty());
    }
}
