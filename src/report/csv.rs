//! CSV report for spreadsheets: UTF-8 with BOM, `;`, one row per finding, a decision
//! column, and cells that a spreadsheet would run as formulas neutralised.

use super::{applicability_label, severity_label, Report};
use crate::lang::Lang;

/// Prefixes a cell that a spreadsheet would read as a formula.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

pub fn headers(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Fr => [
            "idTechnique",
            "ligne",
            "règle",
            "gravité",
            "champ",
            "valeur",
            "valeur proposée",
            "correction",
            "message",
            "modifications",
            "décision",
        ],
        Lang::En => [
            "idTechnique",
            "line",
            "rule",
            "severity",
            "field",
            "value",
            "proposed value",
            "fix",
            "message",
            "edits",
            "decision",
        ],
    }
}

pub fn render(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    write(report, true, &mut out).expect("findings readable");
    out
}

/// Writes the report to `out` as [`render`] gives it; without the byte order mark and the
/// header row unless `header` (the rows of a second input go under the first's).
pub fn write(report: &Report, header: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = report.lang;
    if header {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    if header {
        w.write_record(headers(lang))?;
    }
    report.records.for_each(|rec| {
        for f in &rec.findings {
            let field = f.field.map(|x| x.name()).unwrap_or("");
            let (proposed, applicability, edits) = match &f.fix {
                Some(fix) => {
                    let proposed = fix
                        .edits
                        .iter()
                        .find(|e| Some(e.field) == f.field)
                        .or(fix.edits.first())
                        .and_then(|e| e.to.clone())
                        .unwrap_or_default();
                    // Exact values for a round trip: field=value pairs, JSON-quoted.
                    let edits = serde_json::to_string(&fix.edits).unwrap_or_default();
                    (
                        proposed,
                        applicability_label(fix.applicability, lang),
                        edits,
                    )
                }
                None => (String::new(), "", String::new()),
            };
            let row = [
                neutralise(&rec.id),
                f.line.unwrap_or(rec.line).to_string(),
                f.rule.to_string(),
                severity_label(f.severity, lang).to_string(),
                field.to_string(),
                neutralise(f.value.as_deref().unwrap_or("")),
                neutralise(&proposed),
                applicability.to_string(),
                neutralise(&f.message),
                neutralise(&edits),
                String::new(),
            ];
            w.write_record(&row)?;
        }
        Ok(())
    })?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-MARTIN"), "'-MARTIN");
        assert_eq!(neutralise("MARTIN"), "MARTIN");
    }
}
