//! HTML report: one self-contained page a registrar can open from a USB key, offline.
//!
//! The verdict, the estimate chart and the per-rule chart are written here as static HTML
//! and SVG (they hold no value from the input beyond numbers and the input's path, which is
//! escaped). The findings travel as JSON in a `<script type="application/json">` block, with
//! every `<`, `>`, `&`, U+2028 and U+2029 escaped, and the page's script renders them with
//! `textContent` only. A Content-Security-Policy forbids any network access and allows only
//! this page's own script and style (by hash).

use super::{percent, severity_label, verdict, FindingLog, Report};
use crate::estimate::{Estimate, THRESHOLD};
use crate::finding::{Edit, Fix};
use crate::lang::Lang;
use crate::model::Field;
use crate::rules;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::fmt::Write as _;
use std::io;

const CSS: &str = include_str!("html/page.css");
const JS: &str = include_str!("html/page.js");

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Makes JSON safe inside a `<script>` element: no `<`, `>` or `&` can open or close a tag
/// or a comment, and the two line separators JavaScript once refused are escaped. These
/// characters only ever occur inside JSON strings, where `\uXXXX` means the same.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// [`script_json`] as a writer: escapes the JSON written through it on the way to `inner`.
struct ScriptJson<W: io::Write> {
    inner: W,
    /// The start of a U+2028/U+2029 (`E2 80`) cut at the end of the previous write.
    held: Vec<u8>,
}

impl<W: io::Write> ScriptJson<W> {
    fn finish(mut self) -> io::Result<W> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)?;
        Ok(self.inner)
    }
}

impl<W: io::Write> io::Write for ScriptJson<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut data = std::mem::take(&mut self.held);
        data.extend_from_slice(buf);
        let mut start = 0;
        let mut i = 0;
        while i < data.len() {
            let esc: Option<(&[u8], usize)> = match data[i] {
                b'<' => Some((b"\\u003c", 1)),
                b'>' => Some((b"\\u003e", 1)),
                b'&' => Some((b"\\u0026", 1)),
                0xE2 => match (data.get(i + 1), data.get(i + 2)) {
                    (Some(0x80), Some(0xA8)) => Some((b"\\u2028", 3)),
                    (Some(0x80), Some(0xA9)) => Some((b"\\u2029", 3)),
                    (None, _) | (Some(0x80), None) => {
                        // Maybe cut in the middle: decide with the next write.
                        self.inner.write_all(&data[start..i])?;
                        self.held = data[i..].to_vec();
                        return Ok(buf.len());
                    }
                    _ => None,
                },
                _ => None,
            };
            if let Some((text, len)) = esc {
                self.inner.write_all(&data[start..i])?;
                self.inner.write_all(text)?;
                i += len;
                start = i;
            } else {
                i += 1;
            }
        }
        self.inner.write_all(&data[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One edit: field, before, after.
type EditOut<'a> = (&'static str, Option<&'a str>, Option<&'a str>);
/// One proposal: applicability, edits.
type FixOut<'a> = (&'static str, Vec<EditOut<'a>>);
/// One finding, as an array to keep 20,000 of them small: record, line, rule, severity,
/// field, value, message, fix, alternatives.
type FindingOut<'a> = (
    &'a str,
    u64,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'a str>,
    &'a str,
    Option<FixOut<'a>>,
    Vec<FixOut<'a>>,
);

#[derive(Serialize)]
struct RuleOut {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    what: &'static str,
    why: &'static str,
    example: &'static str,
    fix_safety: &'static str,
}

#[derive(Serialize)]
struct Data<'a> {
    lang: &'static str,
    ui: Ui,
    nillable: Vec<&'static str>,
    rules: Vec<RuleOut>,
    findings: Findings<'a>,
}

/// The findings, read from the log one record at a time while they are written.
struct Findings<'a>(&'a FindingLog);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_findings(serializer, |seq, r, f| {
            let out: FindingOut = (
                r.id.as_str(),
                f.line.unwrap_or(r.line),
                f.rule,
                f.severity.as_str(),
                f.field.map(Field::name),
                f.value.as_deref(),
                f.message.as_str(),
                f.fix.as_ref().map(fix_out),
                f.alternatives.iter().map(fix_out).collect(),
            );
            seq.serialize_element(&out)
        })
    }
}

/// Words the script needs, in the report language.
#[derive(Serialize)]
struct Ui {
    all_rules: &'static str,
    all_fixes: &'static str,
    fix_safe: &'static str,
    fix_unsafe: &'static str,
    fix_display: &'static str,
    fix_none: &'static str,
    sev_error: &'static str,
    sev_warning: &'static str,
    sev_info: &'static str,
    absent: &'static str,
    empty: &'static str,
    nil: &'static str,
    or_else: &'static str,
    page: &'static str,
    of: &'static str,
    shown: &'static str,
    none: &'static str,
    nbsp: &'static str,
    space: &'static str,
    invisible: &'static str,
    headings: [&'static str; 4],
    ready: &'static str,
    error: &'static str,
}

fn ui(lang: Lang) -> Ui {
    match lang {
        Lang::Fr => Ui {
            all_rules: "Toutes les règles",
            all_fixes: "Toutes les corrections",
            fix_safe: "correction sûre",
            fix_unsafe: "correction à valider",
            fix_display: "suggestion",
            fix_none: "sans correction",
            sev_error: "erreur",
            sev_warning: "alerte",
            sev_info: "info",
            absent: "(absent)",
            empty: "(vide)",
            nil: "(xsi:nil)",
            or_else: "ou bien",
            page: "Page",
            of: "sur",
            shown: "constat(s) correspondant(s)",
            none: "Aucun constat ne correspond à ces critères.",
            nbsp: "espace insécable",
            space: "espace",
            invisible: "caractère invisible",
            headings: [
                "Ce qu'elle détecte",
                "Pourquoi la CDC rejette",
                "Exemple",
                "Sûreté de la correction",
            ],
            ready: "constats chargés",
            error: "Erreur d'affichage du tableau :",
        },
        Lang::En => Ui {
            all_rules: "All rules",
            all_fixes: "All fixes",
            fix_safe: "safe fix",
            fix_unsafe: "fix to review",
            fix_display: "suggestion",
            fix_none: "no fix",
            sev_error: "error",
            sev_warning: "warning",
            sev_info: "info",
            absent: "(absent)",
            empty: "(empty)",
            nil: "(xsi:nil)",
            or_else: "or",
            page: "Page",
            of: "of",
            shown: "matching finding(s)",
            none: "No finding matches these criteria.",
            nbsp: "no-break space",
            space: "space",
            invisible: "invisible character",
            headings: [
                "What it detects",
                "Why the CDC rejects it",
                "Example",
                "Fix safety",
            ],
            ready: "findings loaded",
            error: "The table could not be shown:",
        },
    }
}

fn edits_out(edits: &[Edit]) -> Vec<EditOut<'_>> {
    edits
        .iter()
        .map(|e| (e.field.name(), e.from.as_deref(), e.to.as_deref()))
        .collect()
}

fn fix_out(f: &Fix) -> FixOut<'_> {
    (f.applicability.as_str(), edits_out(&f.edits))
}

/// Writes the page's data block (findings included), escaped as [`script_json`] does.
fn write_data_json(report: &Report, w: &mut dyn io::Write) -> io::Result<()> {
    let lang = report.lang;
    let rules = report
        .summary
        .by_rule
        .keys()
        .filter_map(|code| rules::by_code(code))
        .map(|r| {
            let m = r.meta();
            let d = m.doc(lang);
            RuleOut {
                code: m.code,
                name: m.name,
                severity: severity_label(m.severity, lang),
                summary: m.summary(lang),
                what: d.what,
                why: d.why,
                example: d.example,
                fix_safety: d.fix_safety,
            }
        })
        .collect();
    let data = Data {
        lang: lang.pick("fr", "en"),
        ui: ui(lang),
        nillable: Field::ALL
            .into_iter()
            .filter(|f| f.is_nillable())
            .map(Field::name)
            .collect(),
        rules,
        findings: Findings(&report.records),
    };
    // Buffered before the escaping, which then sees large pieces.
    let mut out = io::BufWriter::with_capacity(
        64 << 10,
        ScriptJson {
            inner: w,
            held: Vec::new(),
        },
    );
    serde_json::to_writer(&mut out, &data).map_err(io::Error::from)?;
    let escaper = out.into_inner().map_err(|e| e.into_error())?;
    escaper.finish()?.flush()
}

/// How the verdict looks: a CSS class (colour) and a one-word headline.
fn verdict_class(report: &Report, est: &Estimate) -> (&'static str, &'static str) {
    let s = &report.summary;
    let lang = report.lang;
    if s.schema_errors > 0 {
        return ("rouge", lang.pick("Fichier refusé", "File refused"));
    }
    let (lo, hi) = est.interval;
    if hi < THRESHOLD {
        ("vert", lang.pick("Envoyable", "Can be sent"))
    } else if lo >= THRESHOLD && est.rate_after_fix < THRESHOLD {
        (
            "orange",
            lang.pick("À corriger avant l'envoi", "Fix before sending"),
        )
    } else if lo >= THRESHOLD {
        (
            "rouge",
            lang.pick("Au-dessus du seuil", "Over the threshold"),
        )
    } else {
        (
            "orange",
            lang.pick("Proche du seuil", "Close to the threshold"),
        )
    }
}

fn nice_max(hi: f64) -> f64 {
    let top = (hi * 1.15).max(THRESHOLD * 2.0);
    ((top * 20.0).ceil() / 20.0).min(1.0)
}

/// Horizontal bars for the rate before and after the safe fixes, with their intervals
/// and the threshold.
fn estimate_svg(est: &Estimate, lang: Lang) -> String {
    let max = nice_max(est.interval.1.max(est.rate));
    let (x0, w) = (190.0, 520.0);
    let x = |r: f64| x0 + w * (r / max).clamp(0.0, 1.0);
    let mut s = String::new();
    let title = lang.pick(
        "Taux de rejet estimé avant et après les corrections sûres, avec son intervalle, et le seuil de 10 %",
        "Estimated rejection rate before and after the safe fixes, with its interval, and the 10% threshold",
    );
    let _ = write!(
        s,
        r#"<svg class="graphe estimation" viewBox="0 0 800 150" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    // Grid and axis labels.
    let step = if max > 0.41 { 0.1 } else { 0.05 };
    let mut g = 0.0;
    while g <= max + 1e-9 {
        let gx = x(g);
        let _ = write!(
            s,
            r#"<line class="grille" x1="{gx:.1}" y1="10" x2="{gx:.1}" y2="112"/><text class="axe" x="{gx:.1}" y="128" text-anchor="middle">{}</text>"#,
            escape(&percent_short(g, lang))
        );
        g += step;
    }
    let rows = [
        (
            lang.pick("Avant corrections", "Before fixes"),
            est.rate,
            est.interval,
            22.0,
        ),
        (
            lang.pick("Après corrections sûres", "After safe fixes"),
            est.rate_after_fix,
            est.interval_after_fix,
            67.0,
        ),
    ];
    for (label, rate, (lo, hi), y) in rows {
        let class = if hi < THRESHOLD {
            "vert"
        } else if lo >= THRESHOLD {
            "rouge"
        } else {
            "orange"
        };
        let _ = write!(
            s,
            r#"<text class="etiquette" x="180" y="{ty:.1}" text-anchor="end">{l}</text><rect class="barre {class}" x="{x0}" y="{y}" width="{bw:.1}" height="30"><title>{l} : {p} ({lo_p} – {hi_p})</title></rect><line class="moustache" x1="{xl:.1}" y1="{ym:.1}" x2="{xh:.1}" y2="{ym:.1}"/><line class="moustache" x1="{xl:.1}" y1="{ya:.1}" x2="{xl:.1}" y2="{yb:.1}"/><line class="moustache" x1="{xh:.1}" y1="{ya:.1}" x2="{xh:.1}" y2="{yb:.1}"/><text class="valeur" x="{tx:.1}" y="{ty:.1}">{p}</text>"#,
            ty = y + 20.0,
            l = escape(label),
            bw = (x(rate) - x0).max(1.0),
            p = escape(&percent(rate, lang)),
            lo_p = escape(&percent(lo, lang)),
            hi_p = escape(&percent(hi, lang)),
            xl = x(lo),
            xh = x(hi),
            ym = y + 15.0,
            ya = y + 7.0,
            yb = y + 23.0,
            tx = x(hi) + 8.0,
        );
    }
    let tx = x(THRESHOLD);
    let _ = write!(
        s,
        r#"<line class="seuil" x1="{tx:.1}" y1="4" x2="{tx:.1}" y2="112"/><text class="seuil-texte" x="{tx:.1}" y="146" text-anchor="middle">{}</text></svg>"#,
        escape(lang.pick("seuil 10 %", "10% threshold"))
    );
    s
}

/// A count with thousands grouped as the language writes them (`20 000`, `20,000`).
fn group(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = lang.pick("\u{202F}", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn percent_short(r: f64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{:.0} %", r * 100.0),
        Lang::En => format!("{:.0}%", r * 100.0),
    }
}

/// One bar per rule, most frequent first; each bar filters the table when clicked.
fn rules_svg(report: &Report) -> String {
    let lang = report.lang;
    let mut rows: Vec<(&str, u64)> = report
        .summary
        .by_rule
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let max = rows.first().map(|r| r.1).unwrap_or(1).max(1) as f64;
    let h = 26.0;
    let height = h * rows.len() as f64 + 8.0;
    let title = lang.pick("Nombre de constats par règle", "Number of findings by rule");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="graphe regles" viewBox="0 0 1000 {height:.0}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, (code, n)) in rows.iter().enumerate() {
        let y = 4.0 + h * i as f64;
        let summary = rules::by_code(code)
            .map(|r| r.meta().summary(lang))
            .unwrap_or("");
        let bw = (220.0 * *n as f64 / max).max(2.0);
        let _ = write!(
            s,
            r#"<g class="barre-regle" data-rule="{c}" tabindex="0" role="button"><title>{c} : {n} — {sm}</title><text class="code" x="0" y="{ty:.1}">{c}</text><rect class="barre" x="60" y="{y:.1}" width="{bw:.1}" height="{bh:.1}"/><text class="valeur" x="{tx:.1}" y="{ty:.1}">{n}</text><text class="resume" x="{sx:.1}" y="{ty:.1}">{sm}</text></g>"#,
            c = escape(code),
            sm = escape(summary),
            ty = y + 15.0,
            bh = h - 8.0,
            tx = 66.0 + bw,
            sx = 330.0,
        );
    }
    s.push_str("</svg>");
    s
}

fn rule_details(report: &Report) -> String {
    let lang = report.lang;
    let u = ui(lang);
    let mut s = String::new();
    for (code, n) in &report.summary.by_rule {
        let Some(rule) = rules::by_code(code) else {
            continue;
        };
        let m = rule.meta();
        let d = m.doc(lang);
        let _ = write!(
            s,
            r#"<details id="doc-{c}"><summary><b>{c}</b> {sm} <span class="nb">({n})</span></summary><dl><dt>{h0}</dt><dd>{w}</dd><dt>{h1}</dt><dd>{y}</dd><dt>{h2}</dt><dd>{e}</dd><dt>{h3}</dt><dd>{f}</dd></dl></details>"#,
            c = escape(m.code),
            sm = escape(m.summary(lang)),
            h0 = escape(u.headings[0]),
            h1 = escape(u.headings[1]),
            h2 = escape(u.headings[2]),
            h3 = escape(u.headings[3]),
            w = escape(d.what),
            y = escape(d.why),
            e = escape(d.example),
            f = escape(d.fix_safety),
        );
    }
    s
}

/// Errors of the whole-file schema validation: static and escaped (messages may quote values).
fn schema_section(report: &Report) -> String {
    let lang = report.lang;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<section class="schema"><h2>{h}</h2><p class="note">{n}</p><div class="table-cadre"><table><thead><tr><th>{c_line}</th><th>{c_el}</th><th>{c_msg}</th></tr></thead><tbody>"#,
        h = escape(lang.pick(
            "Erreurs de schéma : la CDC refuserait le fichier entier",
            "Schema errors: the CDC would refuse the whole file"
        )),
        n = escape(lang.pick(
            "Tant qu'une seule de ces erreurs reste, aucun titulaire du fichier n'est traité.",
            "While a single one of these errors remains, no holder in the file is processed."
        )),
        c_line = escape(lang.pick("Ligne:colonne", "Line:column")),
        c_el = escape(lang.pick("Élément", "Element")),
        c_msg = escape(lang.pick("Erreur", "Error")),
    );
    for e in report.schema.iter().take(200) {
        let _ = write!(
            s,
            r#"<tr><td class="num">{}:{}</td><td><code>{}</code></td><td>{}</td></tr>"#,
            e.line,
            e.column,
            escape(&e.element),
            escape(lang.pick(&e.message_fr, &e.message_en)),
        );
    }
    s.push_str("</tbody></table></div>");
    let shown = report.schema.len().min(200) as u64;
    if report.summary.schema_errors > shown {
        let _ = write!(
            s,
            r#"<p class="note">… {} {}</p>"#,
            report.summary.schema_errors - shown,
            escape(lang.pick("autres erreurs de schéma", "more schema errors"))
        );
    }
    s.push_str("</section>\n");
    s
}

/// Renders the whole page.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("findings readable");
    String::from_utf8(out).expect("UTF-8 page")
}

/// Writes the page to `w` as [`render`] gives it, reading the findings one record at a time.
pub fn write(report: &Report, w: &mut dyn io::Write) -> io::Result<()> {
    let lang = report.lang;
    let s = &report.summary;
    let est = s.estimate.unwrap_or(Estimate {
        rate: 0.0,
        interval: (0.0, 0.0),
        rate_after_fix: 0.0,
        interval_after_fix: (0.0, 0.0),
    });
    let (class, headline) = verdict_class(report, &est);
    let findings: u64 = s.by_rule.values().sum();
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        base64(&sha256(JS.as_bytes())),
        base64(&sha256(CSS.as_bytes()))
    );
    let file_name = std::path::Path::new(&report.input.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| report.input.path.clone());
    let mut h = String::with_capacity(64 << 10);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="{lang_code}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {file}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>{title}</h1><p class="fichier">{file_label} <b>{path}</b> ({format}) — accroche {version}</p></header>
<main>
<section class="verdict {class}" id="verdict"><p class="titre-verdict">{headline}</p><p class="taux"><span class="grand">{rate}</span> {rate_label} <span class="intervalle">({interval_label} {lo} – {hi}, {threshold_label})</span></p><p class="phrase">{verdict}</p>{exclusion}</section>
<section class="chiffres"><div><span class="nombre">{records}</span> {l_records}</div><div><span class="nombre">{at_risk}</span> {l_at_risk}</div><div><span class="nombre">{fixable}</span> {l_fixable}</div><div><span class="nombre">{findings}</span> {l_findings}</div></section>
"#,
        lang_code = lang.pick("fr", "en"),
        csp = escape(&csp),
        title = escape(lang.pick(
            "Rapport de vérification avant dépôt",
            "Pre-deposit check report"
        )),
        file = escape(&file_name),
        file_label = escape(lang.pick("Fichier vérifié :", "File checked:")),
        path = escape(&report.input.path),
        format = escape(report.input.format),
        version = env!("CARGO_PKG_VERSION"),
        rate = escape(&percent(est.rate, lang)),
        rate_label = escape(lang.pick("taux de rejet estimé", "estimated rejection rate")),
        interval_label = escape(lang.pick("intervalle", "interval")),
        lo = escape(&percent(est.interval.0, lang)),
        hi = escape(&percent(est.interval.1, lang)),
        threshold_label = escape(lang.pick("seuil 10 %", "threshold 10%")),
        verdict = escape(&verdict(s, lang)),
        exclusion = super::estimate_exclusion_note(s, lang)
            .map(|n| format!(r#"<p class="phrase">{}</p>"#, escape(&n)))
            .unwrap_or_default(),
        records = group(s.records, lang),
        l_records = escape(lang.pick("titulaires vérifiés", "holders checked")),
        at_risk = group(s.records_at_risk, lang),
        l_at_risk = escape(lang.pick("titulaires à risque", "holders at risk")),
        fixable = group(s.records_fixable, lang),
        l_fixable = escape(lang.pick("corrigeables automatiquement", "fixable automatically")),
        findings = group(findings, lang),
        l_findings = escape(lang.pick("constats", "findings")),
    );
    if !report.schema.is_empty() {
        h.push_str(&schema_section(report));
    }
    if let Some(detail) = &report.input.detail {
        let _ = writeln!(h, r#"<p class="detail">{}</p>"#, escape(detail));
    }
    let _ = writeln!(
        h,
        r#"<section><h2>{h_est}</h2>{est_svg}<p class="note">{est_note}</p></section>"#,
        h_est = escape(lang.pick("Taux de rejet estimé", "Estimated rejection rate")),
        est_svg = estimate_svg(&est, lang),
        est_note = escape(lang.pick(
            "Les barres donnent le taux estimé, les traits fins son intervalle. Les corrections sûres sont celles qu'« accroche fix » applique par défaut.",
            "Bars give the estimated rate, thin lines its interval. Safe fixes are those \"accroche fix\" applies by default."
        )),
    );
    if !s.by_rule.is_empty() {
        let _ = writeln!(
            h,
            r#"<section><h2>{h_rules}</h2><p class="note">{rules_note}</p>{rules_svg}<details class="docs"><summary>{h_docs}</summary>{docs}</details></section>"#,
            h_rules = escape(lang.pick("Constats par règle", "Findings by rule")),
            rules_note = escape(lang.pick(
                "Cliquez sur une barre pour n'afficher que les constats de cette règle dans le tableau.",
                "Click a bar to show only that rule's findings in the table."
            )),
            rules_svg = rules_svg(report),
            h_docs = escape(&format!(
                "{} ({})",
                lang.pick("Explication de chaque règle", "What each rule means"),
                s.by_rule.len()
            )),
            docs = rule_details(report),
        );
    }
    let _ = write!(
        h,
        r#"<section id="constats"><h2>{h_table}</h2>
<noscript><p class="alerte">{noscript}</p></noscript>
<div class="outils">
<label>{l_rule} <select id="filtre-regle"></select></label>
<label>{l_fix} <select id="filtre-correction"></select></label>
<label>{l_search} <input id="recherche" type="search" autocomplete="off" placeholder="{ph_search}"></label>
</div>
<p class="legende">{legend}</p>
<nav class="pages" aria-label="{l_pages}"><button type="button" class="prec">{prev}</button> <span class="pos"></span> <button type="button" class="suiv">{next}</button></nav>
<div class="table-cadre"><table id="table">
<thead><tr><th><button type="button" data-sort="line">{c_line}</button></th><th><button type="button" data-sort="id">{c_id}</button></th><th><button type="button" data-sort="rule">{c_rule}</button></th><th><button type="button" data-sort="sev">{c_sev}</button></th><th><button type="button" data-sort="field">{c_field}</button></th><th>{c_before}</th><th>{c_after}</th><th>{c_msg}</th></tr></thead>
<tbody></tbody>
</table></div>
<nav class="pages" aria-label="{l_pages}"><button type="button" class="prec">{prev}</button> <span class="pos"></span> <button type="button" class="suiv">{next}</button></nav>
<p id="etat" data-state="loading">{loading}</p>
</section>
</main>
<dialog id="regle"><div class="dlg"><button type="button" class="fermer" aria-label="{close}">×</button><h2 class="dlg-titre"></h2><p class="dlg-resume"></p><dl class="dlg-doc"></dl></div></dialog>
<script type="application/json" id="donnees">"#,
        h_table = escape(lang.pick("Titulaires avec constats", "Holders with findings")),
        noscript = escape(lang.pick(
            "Le tableau des constats a besoin de JavaScript. Le verdict et les graphiques ci-dessus restent valables ; le rapport CSV (--format csv) donne les mêmes lignes pour un tableur.",
            "The findings table needs JavaScript. The verdict and charts above still hold; the CSV report (--format csv) gives the same rows for a spreadsheet."
        )),
        l_rule = escape(lang.pick("Règle", "Rule")),
        l_fix = escape(lang.pick("Correction", "Fix")),
        l_search = escape(lang.pick("Rechercher", "Search")),
        ph_search = escape(lang.pick("nom, prénom, idTechnique…", "name, first name, idTechnique…")),
        legend = lang.pick(
            "Les caractères invisibles sont rendus visibles : <span class=\"inv marque-espace\">␠</span> espace, <span class=\"inv\">⍽</span> espace insécable, <span class=\"inv\">⇥</span> tabulation, <span class=\"inv\">[U+…]</span> autre caractère invisible. La partie modifiée est <mark>surlignée</mark>. Cliquez sur un code de règle pour son explication, sur un en-tête de colonne pour trier.",
            "Invisible characters are made visible: <span class=\"inv marque-espace\">␠</span> space, <span class=\"inv\">⍽</span> no-break space, <span class=\"inv\">⇥</span> tab, <span class=\"inv\">[U+…]</span> other invisible character. The changed part is <mark>highlighted</mark>. Click a rule code for its explanation, a column heading to sort."
        ),
        l_pages = escape(lang.pick("Pages du tableau", "Table pages")),
        prev = escape(lang.pick("‹ Précédente", "‹ Previous")),
        next = escape(lang.pick("Suivante ›", "Next ›")),
        c_line = escape(lang.pick("Ligne", "Line")),
        c_id = escape(lang.pick("Titulaire (idTechnique)", "Holder (idTechnique)")),
        c_rule = escape(lang.pick("Règle", "Rule")),
        c_sev = escape(lang.pick("Gravité", "Severity")),
        c_field = escape(lang.pick("Champ", "Field")),
        c_before = escape(lang.pick("Valeur actuelle", "Current value")),
        c_after = escape(lang.pick("Proposition", "Proposed")),
        c_msg = escape(lang.pick("Explication", "Explanation")),
        loading = escape(lang.pick("Chargement des constats…", "Loading findings…")),
        close = escape(lang.pick("Fermer", "Close")),
    );
    w.write_all(h.as_bytes())?;
    write_data_json(report, w)?;
    write!(w, "</script>\n<script>{JS}</script>\n</body>\n</html>\n")
}

/// SHA-256 (FIPS 180-4), for the Content-Security-Policy hashes of the inline script and style.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(A[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha256_matches_known_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let j =
            serde_json::to_string(&["</script><script>alert(1)</script>", "a\u{2028}b", "<!--"])
                .unwrap();
        let safe = script_json(&j);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}'));
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
        assert_eq!(back[1], "a\u{2028}b");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(group(20000, Lang::Fr), "20\u{202F}000");
        assert_eq!(group(1234567, Lang::En), "1,234,567");
        assert_eq!(group(999, Lang::Fr), "999");
    }

    #[test]
    fn escape_covers_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;
    use crate::estimate::Model;
    use crate::report::{InputInfo, ReportBuilder};

    fn empty(lang: Lang) -> Report {
        let info = InputInfo {
            path: "x<y>.xml".into(),
            format: "xml",
            detail: None,
        };
        ReportBuilder::new(info, lang, Model::builtin()).finish()
    }

    fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
        let a = page.find(start).expect(start) + start.len();
        let b = a + page[a..].find(end).expect(end);
        &page[a..b]
    }

    #[test]
    fn csp_hashes_match_the_inline_script_and_style() {
        let page = render(&empty(Lang::Fr));
        let script = between(&page, "<script>", "</script>");
        let style = between(&page, "<style>", "</style>");
        let csp = between(&page, "Content-Security-Policy\" content=\"", "\"");
        assert!(csp.starts_with("default-src &#39;none&#39;"), "{csp}");
        assert!(csp.contains(&base64(&sha256(script.as_bytes()))), "{csp}");
        assert!(csp.contains(&base64(&sha256(style.as_bytes()))), "{csp}");
    }

    #[test]
    fn path_is_escaped_and_language_follows() {
        let page = render(&empty(Lang::Fr));
        assert!(page.contains("x&lt;y&gt;.xml") && !page.contains("x<y>"));
        assert!(page.contains(r#"<html lang="fr">"#));
        assert!(page.contains("Envoyable"));
        let en = render(&empty(Lang::En));
        assert!(en.contains(r#"<html lang="en">"#) && en.contains("Can be sent"));
    }
}
