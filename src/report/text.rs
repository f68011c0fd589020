//! Terminal report, in French by default, grouped like `ruff --statistics`.

use super::{applicability_label, percent, severity_label, verdict, Report};
use crate::lang::Lang;
use crate::model::Field;
use crate::rules;
use std::fmt::Write as _;
use std::io;

/// Shows a value with its invisible characters made visible; `None` is an absent element,
/// or `xsi:nil` for the fields that take it.
pub fn show(value: Option<&str>, field: Option<Field>, lang: Lang) -> String {
    match value {
        Some(v) => lang.quote(
            &v.replace('\n', "\\n")
                .replace('\t', "\\t")
                .replace('\u{A0}', "⍽"),
        ),
        None if field.is_some_and(Field::is_nillable) => "(xsi:nil)".to_string(),
        None => lang.pick("(absent)", "(absent)").to_string(),
    }
}

/// Renders the full report: each finding, then counts per rule, then the summary.
pub fn render(report: &Report, statistics_only: bool) -> String {
    let mut out = Vec::new();
    write(report, statistics_only, &mut out).expect("findings readable");
    String::from_utf8(out).expect("UTF-8 report")
}

/// Writes the full report to `w` as [`render`] gives it, reading the findings one record at
/// a time.
pub fn write(report: &Report, statistics_only: bool, w: &mut dyn io::Write) -> io::Result<()> {
    let lang = report.lang;
    let mut out = String::new();
    if !statistics_only {
        report.records.for_each(|rec| {
            out.clear();
            for f in &rec.findings {
                let field = f.field.map(|x| x.name()).unwrap_or("-");
                let _ = writeln!(
                    out,
                    "{}:{}: {} [{}] {} {} : {} — {}",
                    report.input.path,
                    finding_line(rec.line, f),
                    f.rule,
                    severity_label(f.severity, lang),
                    rec.id,
                    field,
                    show(f.value.as_deref(), f.field, lang),
                    f.message
                );
                if let Some(fix) = &f.fix {
                    let edits: Vec<String> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            format!(
                                "{} {} → {}",
                                e.field,
                                show(e.from.as_deref(), Some(e.field), lang),
                                show(e.to.as_deref(), Some(e.field), lang)
                            )
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "    {} : {}",
                        applicability_label(fix.applicability, lang),
                        edits.join(" ; ")
                    );
                }
                for alt in &f.alternatives {
                    let edits: Vec<String> = alt
                        .edits
                        .iter()
                        .map(|e| {
                            format!(
                                "{} → {}",
                                e.field,
                                show(e.to.as_deref(), Some(e.field), lang)
                            )
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "    {} : {}",
                        lang.pick("ou bien", "or"),
                        edits.join(" ; ")
                    );
                }
            }
            w.write_all(out.as_bytes())
        })?;
        out.clear();
        if !report.records.is_empty() {
            out.push('\n');
        }
    }
    let s = &report.summary;
    if !report.schema.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Erreurs de schéma (la CDC refuserait le fichier entier) :",
                "Schema errors (the CDC would refuse the whole file):"
            )
        );
        for e in report.schema.iter().take(50) {
            let _ = writeln!(
                out,
                "{}:{}:{}: <{}> {}",
                report.input.path,
                e.line,
                e.column,
                e.element,
                lang.pick(&e.message_fr, &e.message_en)
            );
        }
        if s.schema_errors > 50 {
            let _ = writeln!(
                out,
                "… {} {}",
                s.schema_errors - 50,
                lang.pick("autres", "more")
            );
        }
        out.push('\n');
    }
    if !s.by_rule.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("Constats par règle :", "Findings by rule:")
        );
        let mut rows: Vec<(&&str, &u64)> = s.by_rule.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in rows {
            let summary = rules::by_code(code)
                .map(|r| r.meta().summary(lang))
                .unwrap_or("");
            let _ = writeln!(out, "{n:>8}  {code}  {summary}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} ({}, {} {}) : {} {}, {} {}.",
        report.input.path,
        report.input.format,
        s.records,
        lang.pick("titulaires", "holders"),
        s.records_at_risk,
        lang.pick("titulaires à risque", "holders at risk"),
        s.records_fixable,
        lang.pick("corrigeables automatiquement", "fixable automatically"),
    );
    if let Some(detail) = &report.input.detail {
        let _ = writeln!(out, "{detail}");
    }
    if let Some(est) = s.estimate {
        let _ = writeln!(
            out,
            "{} {} ({} {} – {}), {} 10 % ; {} {}.",
            lang.pick("Taux de rejet estimé :", "Estimated rejection rate:"),
            percent(est.rate, lang),
            lang.pick("intervalle", "interval"),
            percent(est.interval.0, lang),
            percent(est.interval.1, lang),
            lang.pick("seuil", "threshold"),
            lang.pick("après corrections sûres", "after safe fixes"),
            percent(est.rate_after_fix, lang),
        );
    }
    if let Some(note) = super::estimate_exclusion_note(s, lang) {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out, "{}", verdict(s, lang));
    w.write_all(out.as_bytes())
}

/// The line of the finding's field when known, else the passage's.
pub fn finding_line(record_line: u64, f: &crate::finding::Finding) -> u64 {
    f.line.unwrap_or(record_line)
}
