//! JSON report: the pipeline contract (see `docs/json.md`). Fields are added, never renamed.

use super::{FindingLog, Report};
use crate::finding::{Edit, Fix};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::Write as _;

#[derive(Serialize)]
struct Doc<'a> {
    tool: &'static str,
    version: &'static str,
    input: Input<'a>,
    summary: Summary<'a>,
    findings: Findings<'a>,
    /// First errors of the full schema validation (empty when valid or not run).
    schema_errors: Vec<SchemaErrorOut<'a>>,
}

#[derive(Serialize)]
struct SchemaErrorOut<'a> {
    line: u64,
    column: u64,
    element: &'a str,
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Input<'a> {
    path: &'a str,
    format: &'a str,
    records: u64,
}

#[derive(Serialize)]
struct Summary<'a> {
    records: u64,
    records_with_findings: u64,
    records_at_risk: u64,
    records_fixable: u64,
    by_rule: &'a BTreeMap<&'static str, u64>,
    by_severity: &'a BTreeMap<&'static str, u64>,
    safe_fixes: u64,
    unsafe_fixes: u64,
    schema_errors: u64,
    schema_validated: bool,
    estimated_rejection_rate: f64,
    estimated_rejection_interval: [f64; 2],
    estimated_rejection_rate_after_fix: f64,
    estimated_rejection_interval_after_fix: [f64; 2],
    estimate_excluded_rules: &'a [&'static str],
    threshold: f64,
    verdict: String,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    record: &'a str,
    line: u64,
    rule: &'static str,
    severity: &'static str,
    field: Option<&'static str>,
    value: Option<&'a str>,
    message: &'a str,
    fix: Option<FixOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    applicability: &'static str,
    edits: &'a [Edit],
}

fn fix_out(f: &Fix) -> FixOut<'_> {
    FixOut {
        applicability: f.applicability.as_str(),
        edits: &f.edits,
    }
}

/// The findings, read from the log one record at a time while they are written.
struct Findings<'a>(&'a FindingLog);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_findings(serializer, |seq, r, f| {
            let out = FindingOut {
                record: &r.id,
                line: f.line.unwrap_or(r.line),
                rule: f.rule,
                severity: f.severity.as_str(),
                field: f.field.map(|x| x.name()),
                value: f.value.as_deref(),
                message: &f.message,
                fix: f.fix.as_ref().map(fix_out),
                alternatives: f.alternatives.iter().map(fix_out).collect(),
            };
            seq.serialize_element(&out)
        })
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("findings readable");
    String::from_utf8(out).expect("UTF-8 report")
}

/// Writes the document to `w` as [`render`] gives it, reading the findings one record at a
/// time.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let s = &report.summary;
    let est = s.estimate.unwrap_or(crate::estimate::Estimate {
        rate: 0.0,
        interval: (0.0, 0.0),
        rate_after_fix: 0.0,
        interval_after_fix: (0.0, 0.0),
    });
    let doc = Doc {
        tool: "accroche",
        version: env!("CARGO_PKG_VERSION"),
        input: Input {
            path: &report.input.path,
            format: report.input.format,
            records: s.records,
        },
        summary: Summary {
            records: s.records,
            records_with_findings: s.records_with_findings,
            records_at_risk: s.records_at_risk,
            records_fixable: s.records_fixable,
            by_rule: &s.by_rule,
            by_severity: &s.by_severity,
            safe_fixes: s.safe_fixes,
            unsafe_fixes: s.unsafe_fixes,
            schema_errors: s.schema_errors,
            schema_validated: s.schema_validated,
            estimated_rejection_rate: round(est.rate),
            estimated_rejection_interval: [round(est.interval.0), round(est.interval.1)],
            estimated_rejection_rate_after_fix: round(est.rate_after_fix),
            estimated_rejection_interval_after_fix: [
                round(est.interval_after_fix.0),
                round(est.interval_after_fix.1),
            ],
            estimate_excluded_rules: &s.estimate_excluded_rules,
            threshold: crate::estimate::THRESHOLD,
            verdict: super::verdict(s, report.lang),
        },
        findings: Findings(&report.records),
        schema_errors: report
            .schema
            .iter()
            .map(|e| SchemaErrorOut {
                line: e.line,
                column: e.column,
                element: &e.element,
                code: e.code,
                message: report.lang.pick(&e.message_fr, &e.message_en),
            })
            .collect(),
    };
    let mut w = std::io::BufWriter::with_capacity(64 << 10, w);
    serde_json::to_writer_pretty(&mut w, &doc).map_err(std::io::Error::from)?;
    w.write_all(b"\n")?;
    w.flush()
}
