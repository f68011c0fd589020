//! `accroche explain`: joins a CDC processing report with the deposit it answers, and says
//! for each rejected holder which findings probably explain the rejection, given the level
//! of the matching funnel the message names (FORMAT.md sections 4.3 and 5).

use crate::cdc_report::{CdcReport, MessageClass};
use crate::engine::{AppliedEdit, Engine};
use crate::error::InputError;
use crate::finding::{Applicability, Finding};
use crate::lang::Lang;
use crate::model::{Field, Record};
use crate::refile::Structure;
use crate::report;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The fields a message's funnel level compares (`None` = the message is not about identity).
pub fn level_fields(class: MessageClass) -> Option<&'static [Field]> {
    use Field::*;
    const A: &[Field] = &[NomNaissance, Prenom1, Sexe, AnneeNaissance];
    const B: &[Field] = &[MoisNaissance, JourNaissance];
    const C: &[Field] = &[
        CodeInsee,
        CodePostal,
        LibelleCommuneNaissance,
        CodePaysNaissance,
        LibellePaysNaissance,
        Prenom2,
        Prenom3,
        NomUsage,
    ];
    const SEVERAL: &[Field] = &[
        MoisNaissance,
        JourNaissance,
        CodeInsee,
        CodePostal,
        CodePaysNaissance,
        Prenom2,
        Prenom3,
    ];
    const P23: &[Field] = &[Prenom2, Prenom3];
    match class {
        MessageClass::Mandatory => Some(A),
        MessageClass::DayMonth => Some(B),
        MessageClass::Reconciliation => Some(C),
        MessageClass::SeveralHolders => Some(SEVERAL),
        MessageClass::FirstNames23 => Some(P23),
        MessageClass::NoMatch => Some(&Field::ALL),
        _ => None,
    }
}

/// Whether a finding can explain a rejection with this message.
pub fn explains(class: MessageClass, f: &Finding) -> bool {
    match (level_fields(class), f.field) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(fields), Some(field)) => fields.contains(&field),
    }
}

/// One rejected holder, joined with the deposit.
#[derive(Debug, Clone)]
pub struct Explained {
    pub id: String,
    pub message: String,
    pub class: MessageClass,
    /// The record, when the deposit holds it.
    pub record: Option<Record>,
    pub explaining: Vec<Finding>,
    pub other: Vec<Finding>,
    /// Net safe fix, and the net fix with unsafe ones.
    pub safe_fix: Vec<AppliedEdit>,
    pub unsafe_fix: Vec<AppliedEdit>,
}

impl Explained {
    pub fn is_explained(&self) -> bool {
        !self.explaining.is_empty()
    }
}

/// A schema error mapped to the passage holding its line.
#[derive(Debug, Clone)]
pub struct MappedError {
    pub error: crate::cdc_report::SchemaError,
    pub record: Option<String>,
    pub passage_lines: Option<(u64, u64)>,
    /// Findings of the passage on the error's line (what the rules say about that value).
    pub findings: Vec<Finding>,
}

/// The joined result.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    pub deposit_records: u64,
    pub deposit_id_flux: Option<String>,
    pub holders: Vec<Explained>,
    pub accepted: usize,
    pub schema_errors: Vec<MappedError>,
    /// Warnings about the join (report for another file, ids absent…).
    pub warnings: Vec<(String, String)>,
}

/// Joins `report` with `deposit`, streaming the deposit and keeping only rejected records.
pub fn explain(
    report: &CdcReport,
    deposit: &Path,
    engine: &Engine,
) -> Result<Explanation, InputError> {
    let mut out = Explanation {
        accepted: report.accepted.len(),
        ..Explanation::default()
    };
    if let (Some(name), Some(file)) = (&report.file_name, deposit.file_name()) {
        let file = file.to_string_lossy();
        if name.trim() != file {
            out.warnings.push((
                format!(
                    "l'accusé porte sur « {} », le dépôt donné est « {file} »",
                    name.trim()
                ),
                format!(
                    "the report is about \"{}\", the deposit given is \"{file}\"",
                    name.trim()
                ),
            ));
        }
    }
    if report.is_schema_report() {
        let (structure, err) = crate::refile::scan(deposit)?;
        if let Some(e) = err {
            out.warnings.push((
                format!(
                    "dépôt lu jusqu'à la ligne {} seulement : {}",
                    e.line.unwrap_or(0),
                    e.message_fr
                ),
                format!(
                    "deposit read up to line {} only: {}",
                    e.line.unwrap_or(0),
                    e.message_en
                ),
            ));
        }
        out.deposit_records = structure.passages.len() as u64;
        out.schema_errors = map_errors(report, &structure);
        attach_findings(&mut out.schema_errors, deposit, engine);
        return Ok(out);
    }
    let wanted: HashMap<&str, usize> = report
        .rejected
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut found: Vec<Option<(Record, Vec<Finding>)>> = vec![None; report.rejected.len()];
    let mut reader = crate::xml::reader::open(deposit)?;
    let mut ids = crate::dupes::DuplicateIds::default();
    for rec in &mut reader {
        let rec = rec?;
        out.deposit_records += 1;
        ids.check(deposit, &rec)?;
        if let Some(&i) = wanted.get(rec.id.trim()) {
            let findings = engine.check(&rec);
            found[i] = Some((rec, findings));
        }
    }
    // Duplicates far apart are found once the whole deposit is read.
    ids.finish(deposit)?;
    out.deposit_id_flux = reader.info.id_flux.clone();
    if let (Some(a), Some(b)) = (&report.id_flux, &out.deposit_id_flux) {
        if a.trim() != b.trim() {
            out.warnings.push((
                format!(
                    "idFlux différent : accusé « {} », dépôt « {} » (mauvais dépôt ?)",
                    a.trim(),
                    b.trim()
                ),
                format!(
                    "different idFlux: report \"{}\", deposit \"{}\" (wrong deposit?)",
                    a.trim(),
                    b.trim()
                ),
            ));
        }
    }
    let missing = found.iter().filter(|f| f.is_none()).count();
    if !report.rejected.is_empty() && missing == report.rejected.len() {
        return Err(InputError::new(
            deposit,
            "aucun des passages rejetés de l'accusé n'est dans ce dépôt : l'accusé répond à un autre fichier",
            "none of the rejected passages of the report is in this deposit: the report answers another file",
        ));
    }
    for (r, f) in report.rejected.iter().zip(found) {
        let (record, explaining, other, safe_fix, unsafe_fix) = match f {
            Some((rec, findings)) => {
                let (explaining, other): (Vec<Finding>, Vec<Finding>) =
                    findings.into_iter().partition(|f| explains(r.class, f));
                let safe_fix = engine.fix(&rec, Applicability::Safe);
                let unsafe_fix = engine.fix(&rec, Applicability::Unsafe);
                (Some(rec), explaining, other, safe_fix, unsafe_fix)
            }
            None => (None, vec![], vec![], vec![], vec![]),
        };
        out.holders.push(Explained {
            id: r.id.clone(),
            message: r.message.clone(),
            class: r.class,
            record,
            explaining,
            other,
            safe_fix,
            unsafe_fix,
        });
    }
    Ok(out)
}

/// Runs the rules on the passages that hold an error and keeps the findings on its line.
/// The deposit is read as far as it parses (a refused file may be ill-formed further on).
fn attach_findings(errors: &mut [MappedError], deposit: &Path, engine: &Engine) {
    let wanted: HashSet<String> = errors.iter().filter_map(|m| m.record.clone()).collect();
    if wanted.is_empty() {
        return;
    }
    let Ok(reader) = crate::xml::reader::open(deposit) else {
        return;
    };
    for rec in reader {
        let Ok(rec) = rec else { break };
        if !wanted.contains(&rec.id) {
            continue;
        }
        let findings = engine.check(&rec);
        for m in errors.iter_mut() {
            if m.record.as_deref() == Some(rec.id.as_str()) {
                m.findings = findings
                    .iter()
                    .filter(|f| f.line.is_some() && f.line == m.error.line)
                    .cloned()
                    .collect();
            }
        }
    }
}

fn map_errors(report: &CdcReport, s: &Structure) -> Vec<MappedError> {
    report
        .schema_errors
        .iter()
        .map(|e| {
            let p = e.line.and_then(|l| s.passage_at_line(l));
            MappedError {
                error: e.clone(),
                record: p.map(|p| p.id.clone()),
                passage_lines: p.map(|p| (p.first_line, p.last_line)),
                findings: Vec::new(),
            }
        })
        .collect()
}

impl Explanation {
    /// Something to act on: a holder to send again or a refused file.
    pub fn has_problems(&self) -> bool {
        !self.schema_errors.is_empty() || self.holders.iter().any(|h| h.class.needs_resend())
    }

    /// Per message class: rejected count, explained count, count per rule (distinct holders).
    pub fn table(&self) -> BTreeMap<MessageClass, (usize, usize, BTreeMap<&'static str, usize>)> {
        let mut t: BTreeMap<MessageClass, (usize, usize, BTreeMap<&'static str, usize>)> =
            BTreeMap::new();
        for h in &self.holders {
            let row = t.entry(h.class).or_default();
            row.0 += 1;
            if h.is_explained() {
                row.1 += 1;
            }
            let mut rules: Vec<&'static str> = h.explaining.iter().map(|f| f.rule).collect();
            rules.sort();
            rules.dedup();
            for r in rules {
                *row.2.entry(r).or_default() += 1;
            }
        }
        t
    }
}

fn show(v: &Option<String>, lang: Lang) -> String {
    v.as_deref()
        .map(|t| lang.quote(t))
        .unwrap_or_else(|| lang.pick("(absent)", "(absent)").to_string())
}

/// The identity as one line: `nomNaissance « MARTIN », prenom1 « Léa », …`.
pub fn identity_line(rec: &Record, lang: Lang) -> String {
    Field::ALL
        .iter()
        .filter_map(|f| {
            rec.get(*f).map(|v| {
                if v.nil {
                    format!("{f} (nil)")
                } else {
                    format!("{f} {}", lang.quote(&v.text))
                }
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn finding_line(f: &Finding, lang: Lang) -> String {
    let mut s = format!("{} {}", f.rule, report::severity_label(f.severity, lang));
    if let Some(field) = f.field {
        s.push_str(&format!(" {field}"));
    }
    if let Some(v) = &f.value {
        s.push_str(&format!(" {}", lang.quote(v)));
    }
    s.push_str(&format!("{}{}", lang.pick(" : ", ": "), f.message));
    if let Some(fix) = &f.fix {
        let edits: Vec<String> = fix
            .edits
            .iter()
            .map(|e| format!("{} → {}", e.field, show(&e.to, lang)))
            .collect();
        s.push_str(&format!(
            " [{}{}{}]",
            report::applicability_label(fix.applicability, lang),
            lang.pick(" : ", ": "),
            edits.join(", ")
        ));
    }
    s
}

fn edits_line(edits: &[AppliedEdit], lang: Lang) -> String {
    edits
        .iter()
        .map(|e| {
            format!(
                "{} {} → {}",
                e.field,
                show(&e.from, lang),
                show(&e.to, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The text report.
pub fn render_text(x: &Explanation, report: &CdcReport, deposit: &Path, lang: Lang) -> String {
    let mut s = String::new();
    let id = report
        .id_traitement
        .as_deref()
        .or(report.id_demande.as_deref())
        .unwrap_or("?");
    s.push_str(&format!(
        "{} {} ({} {id}) — {} {}\n",
        lang.pick("Accusé de traitement", "Processing report"),
        report.path.display(),
        lang.pick("traitement", "processing"),
        lang.pick("dépôt", "deposit"),
        deposit.display()
    ));
    for (fr, en) in &x.warnings {
        s.push_str(&format!(
            "{} {}\n",
            lang.pick("Attention :", "Warning:"),
            lang.pick(fr, en)
        ));
    }
    if !x.schema_errors.is_empty() {
        s.push_str(&format!(
            "\n{} : {} {}\n\n",
            lang.pick(
                "FICHIER REFUSÉ EN ENTIER (contrôle du schéma)",
                "WHOLE FILE REFUSED (schema control)"
            ),
            x.schema_errors.len(),
            lang.pick("erreur(s)", "error(s)")
        ));
        for m in &x.schema_errors {
            let e = &m.error;
            let pos = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", deposit.display()),
                (Some(l), None) => format!("{}:{l}", deposit.display()),
                _ => deposit.display().to_string(),
            };
            let who = match (&m.record, m.passage_lines) {
                (Some(id), Some((a, b))) => format!(
                    "{} {id} ({} {a}-{b})",
                    lang.pick("passage", "passage"),
                    lang.pick("lignes", "lines")
                ),
                _ => lang
                    .pick(
                        "hors passage (en-tête du fichier)",
                        "outside any passage (file header)",
                    )
                    .to_string(),
            };
            s.push_str(&format!(
                "{pos}: {who}\n  {} {}\n",
                e.kind,
                e.message.trim()
            ));
            for f in &m.findings {
                s.push_str(&format!("    - {}\n", finding_line(f, lang)));
            }
        }
        s.push_str(&format!(
            "\n{}\n",
            lang.pick(
                "Corrigez ces erreurs puis déposez de nouveau tout le fichier (aucun passage n'a été traité).",
                "Fix these errors and deposit the whole file again (no passage was processed)."
            )
        ));
        return s;
    }
    let resend: Vec<&Explained> = x
        .holders
        .iter()
        .filter(|h| h.class.needs_resend())
        .collect();
    s.push_str(&format!(
        "{} {}, {} {}, {} {}\n\n",
        x.deposit_records,
        lang.pick("passages déposés", "passages deposited"),
        x.accepted + (x.holders.len() - resend.len()),
        lang.pick("acceptés", "accepted"),
        resend.len(),
        lang.pick("rejetés", "rejected"),
    ));
    for h in &resend {
        let line = h.record.as_ref().map(|r| r.line).unwrap_or(0);
        s.push_str(&format!(
            "{} ({} {line}) — {}\n  {} {}\n",
            h.id,
            lang.pick("ligne", "line"),
            h.class.label(lang),
            lang.pick("Message CDC :", "CDC message:"),
            h.message.trim().replace('\n', "\n    ")
        ));
        let Some(rec) = &h.record else {
            s.push_str(&format!(
                "  {}\n\n",
                lang.pick(
                    "ABSENT DU DÉPÔT : ce passage n'est pas dans le fichier donné.",
                    "NOT IN THE DEPOSIT: this passage is not in the file given."
                )
            ));
            continue;
        };
        s.push_str(&format!(
            "  {} {}\n",
            lang.pick("Identité :", "Identity:"),
            identity_line(rec, lang)
        ));
        if h.explaining.is_empty() {
            let why = if matches!(h.class, MessageClass::Mandatory | MessageClass::NoMatch) {
                lang.pick(
                    "aucune règle n'explique ce rejet : vérifiez l'état civil auprès du titulaire (acte de naissance, pièce d'identité) ; il n'a peut-être pas de NIR.",
                    "no rule explains this rejection: check the civil status with the holder (birth certificate, ID); they may have no NIR.",
                )
            } else if h.class.is_identity() {
                lang.pick(
                    "aucune règle n'explique ce rejet : la personne existe mais ses autres données (jour et mois, lieu de naissance, autres prénoms) ne concordent pas ou manquent ; vérifiez-les auprès du titulaire.",
                    "no rule explains this rejection: the person exists but the other data (day and month, place of birth, other first names) differ or are missing; check them with the holder.",
                )
            } else {
                lang.pick(
                    "rejet hors identité : vérifiez la certification et les dates du passage.",
                    "not an identity rejection: check the certification and the passage dates.",
                )
            };
            s.push_str(&format!(
                "  {} {why}\n",
                lang.pick("Inexpliqué :", "Unexplained:")
            ));
        } else {
            s.push_str(&format!(
                "  {}\n",
                lang.pick("Explication probable :", "Probable explanation:")
            ));
            for f in &h.explaining {
                s.push_str(&format!("    - {}\n", finding_line(f, lang)));
            }
        }
        if !h.other.is_empty() {
            s.push_str(&format!(
                "  {}\n",
                lang.pick(
                    "Autres constats (hors du niveau rejeté) :",
                    "Other findings (outside the rejected level):"
                )
            ));
            for f in &h.other {
                s.push_str(&format!("    - {}\n", finding_line(f, lang)));
            }
        }
        if !h.safe_fix.is_empty() {
            s.push_str(&format!(
                "  {} {}\n",
                lang.pick("Correction sûre :", "Safe fix:"),
                edits_line(&h.safe_fix, lang)
            ));
        }
        if h.unsafe_fix != h.safe_fix && !h.unsafe_fix.is_empty() {
            s.push_str(&format!(
                "  {} {}\n",
                lang.pick(
                    "Avec les corrections à valider :",
                    "With the fixes to review:"
                ),
                edits_line(&h.unsafe_fix, lang)
            ));
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "{}\n",
        lang.pick(
            "Résumé : messages de la CDC × règles",
            "Summary: CDC messages × rules"
        )
    ));
    s.push_str(&format!(
        "  {:<40} {:>7} {:>9}  {}\n",
        lang.pick("message", "message"),
        lang.pick("rejets", "rejected"),
        lang.pick("expliqués", "explained"),
        lang.pick("règles (titulaires)", "rules (holders)")
    ));
    for (class, (n, e, rules)) in x.table() {
        let rules: Vec<String> = rules.iter().map(|(r, c)| format!("{r} ×{c}")).collect();
        s.push_str(&format!(
            "  {:<40} {:>7} {:>9}  {}\n",
            class.label(lang),
            n,
            e,
            if rules.is_empty() {
                "—".to_string()
            } else {
                rules.join(", ")
            }
        ));
    }
    let unexplained: Vec<&str> = resend
        .iter()
        .filter(|h| !h.is_explained())
        .map(|h| h.id.as_str())
        .collect();
    s.push_str(&format!(
        "\n{} ({}){}{}\n",
        lang.pick("Rejets inexpliqués", "Unexplained rejections"),
        unexplained.len(),
        lang.pick(" : ", ": "),
        if unexplained.is_empty() {
            "—".to_string()
        } else {
            unexplained.join(", ")
        }
    ));
    s
}

fn edits_json(edits: &[AppliedEdit]) -> serde_json::Value {
    edits
        .iter()
        .map(|e| json!({"field": e.field, "from": e.from, "to": e.to, "rules": e.rules, "applicability": e.applicability.as_str()}))
        .collect()
}

fn finding_json(f: &Finding) -> serde_json::Value {
    json!({
        "rule": f.rule, "severity": f.severity.as_str(), "field": f.field.map(|x| x.name()),
        "line": f.line, "value": f.value, "message": f.message,
        "fix": f.fix.as_ref().map(|x| json!({"applicability": x.applicability.as_str(), "edits": x.edits})),
    })
}

/// The JSON report (documented in `docs/json.md`, section explain).
pub fn render_json(x: &Explanation, report: &CdcReport, deposit: &Path) -> String {
    let holders: Vec<serde_json::Value> = x
        .holders
        .iter()
        .map(|h| {
            let identity: serde_json::Map<String, serde_json::Value> = h
                .record
                .iter()
                .flat_map(|r| {
                    Field::ALL.iter().filter_map(move |f| {
                        r.get(*f).map(|v| {
                            (
                                f.name().to_string(),
                                if v.nil {
                                    serde_json::Value::Null
                                } else {
                                    json!(v.text)
                                },
                            )
                        })
                    })
                })
                .collect();
            json!({
                "record": h.id, "line": h.record.as_ref().map(|r| r.line),
                "in_deposit": h.record.is_some(),
                "message": h.message, "class": h.class.code(),
                "resend": h.class.needs_resend(),
                "explained": h.is_explained(),
                "identity": identity,
                "findings": h.explaining.iter().map(finding_json).collect::<Vec<_>>(),
                "other_findings": h.other.iter().map(finding_json).collect::<Vec<_>>(),
                "safe_fix": edits_json(&h.safe_fix),
                "fix_with_unsafe": edits_json(&h.unsafe_fix),
            })
        })
        .collect();
    let by_class: serde_json::Map<String, serde_json::Value> = x
        .table()
        .into_iter()
        .map(|(c, (n, e, rules))| {
            (
                c.code().to_string(),
                json!({"rejected": n, "explained": e, "unexplained": n - e, "by_rule": rules}),
            )
        })
        .collect();
    let doc = json!({
        "tool": "accroche", "version": env!("CARGO_PKG_VERSION"),
        "report": {
            "path": report.path.display().to_string(), "nomFichier": report.file_name,
            "idFlux": report.id_flux, "idTraitement": report.id_traitement, "idDemande": report.id_demande,
            "kind": if report.is_schema_report() { "schema" } else { "passages" },
        },
        "deposit": {"path": deposit.display().to_string(), "records": x.deposit_records, "idFlux": x.deposit_id_flux},
        "summary": {
            "accepted": x.accepted,
            "rejected": x.holders.iter().filter(|h| h.class.needs_resend()).count(),
            "already_in_base": x.holders.iter().filter(|h| !h.class.needs_resend()).count(),
            "explained": x.holders.iter().filter(|h| h.class.needs_resend() && h.is_explained()).count(),
            "unexplained": x.holders.iter().filter(|h| h.class.needs_resend() && !h.is_explained()).map(|h| h.id.as_str()).collect::<Vec<_>>(),
            "not_in_deposit": x.holders.iter().filter(|h| h.record.is_none()).map(|h| h.id.as_str()).collect::<Vec<_>>(),
            "by_class": by_class,
            "schema_errors": x.schema_errors.len(),
        },
        "warnings": x.warnings.iter().map(|w| &w.1).collect::<Vec<_>>(),
        "rejected": holders,
        "schema_errors": x.schema_errors.iter().map(|m| json!({
            "type": m.error.kind, "message": m.error.message, "line": m.error.line, "column": m.error.column,
            "record": m.record, "passage_lines": m.passage_lines.map(|(a, b)| [a, b]),
            "findings": m.findings.iter().map(finding_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn f(field: Field) -> Finding {
        Finding {
            rule: "W001",
            severity: Severity::Warning,
            field: Some(field),
            line: None,
            value: None,
            message: String::new(),
            fix: None,
            alternatives: vec![],
        }
    }

    #[test]
    fn findings_explain_only_their_funnel_level() {
        assert!(explains(MessageClass::Mandatory, &f(Field::Prenom1)));
        assert!(!explains(MessageClass::Mandatory, &f(Field::JourNaissance)));
        assert!(explains(MessageClass::DayMonth, &f(Field::JourNaissance)));
        assert!(!explains(MessageClass::DayMonth, &f(Field::NomNaissance)));
        assert!(explains(MessageClass::Reconciliation, &f(Field::CodeInsee)));
        assert!(explains(MessageClass::FirstNames23, &f(Field::Prenom2)));
        assert!(explains(MessageClass::NoMatch, &f(Field::Sexe)));
        assert!(!explains(MessageClass::CertificationKo, &f(Field::Prenom1)));
        assert!(!explains(MessageClass::AlreadyInBase, &f(Field::Prenom1)));
    }
}
