//! `accroche refile`: after a processing report, writes a new deposit holding only the
//! rejected holders, corrected, with a new `idFlux` and `horodatage`. Every kept byte is the
//! input's except the edits; passages not to be sent again are cut out, and so are the
//! certifications left without passages.

use crate::cdc_report::CdcReport;
use crate::engine::{AppliedEdit, Engine};
use crate::error::{io_error, InputError};
use crate::finding::{Applicability, Edit};
use crate::model::{Field, Record, Value};
use crate::output;
use crate::xml::rewrite::{self, Splice};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::path::Path;

/// One `passageCertification` of the deposit: where it is, on which lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassageSpan {
    pub id: String,
    /// Start of the whitespace and comments just before the element (cut with it).
    pub lead: u64,
    pub element: Range<u64>,
    pub first_line: u64,
    pub last_line: u64,
    /// Index into [`Structure::certifications`].
    pub certification: usize,
}

/// One `certification` element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertificationSpan {
    pub lead: u64,
    pub element: Range<u64>,
    pub first_line: u64,
    pub last_line: u64,
}

/// The layout of a deposit, for cutting passages out and for mapping lines to passages.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// Element range and qualified name of `idFlux` and `horodatage`.
    pub id_flux: Option<(Range<u64>, String)>,
    pub horodatage: Option<(Range<u64>, String)>,
    pub passages: Vec<PassageSpan>,
    pub certifications: Vec<CertificationSpan>,
}

impl Structure {
    /// The passage whose lines hold `line`.
    pub fn passage_at_line(&self, line: u64) -> Option<&PassageSpan> {
        let i = self.passages.partition_point(|p| p.first_line <= line);
        let p = self.passages.get(i.checked_sub(1)?)?;
        (line <= p.last_line).then_some(p)
    }
}

/// Scans a deposit's layout. Returns what was read before the first XML error, with the
/// error, so that a file the CDC refused can still be mapped as far as it goes.
pub fn scan(path: &Path) -> Result<(Structure, Option<InputError>), InputError> {
    let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    scan_reader(path, BufReader::with_capacity(256 * 1024, file))
}

fn scan_reader<R: BufRead>(
    path: &Path,
    mut inner: R,
) -> Result<(Structure, Option<InputError>), InputError> {
    let head = inner.fill_buf().map_err(|e| io_error(path, &e))?;
    let base: u64 = if head.starts_with(b"\xEF\xBB\xBF") {
        inner.consume(3);
        3
    } else {
        0
    };
    let mut reader = Reader::from_reader(inner);
    reader.config_mut().trim_text(false);
    let mut s = Structure::default();
    let mut buf = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut line: u64 = 1;
    let mut lead: Option<u64> = None;
    let mut open_passage: Option<PassageSpan> = None;
    let mut open_cert: Option<CertificationSpan> = None;
    let mut capture_id: Option<(usize, String)> = None;
    let mut passage_id: Option<String> = None;
    let mut header: Option<(bool, u64, String, usize)> = None;
    loop {
        buf.clear();
        let before = base + reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                let err = InputError::new(
                    path,
                    format!("XML mal formé : {e}"),
                    format!("malformed XML: {e}"),
                )
                .at(line, None);
                return Ok((s, Some(err)));
            }
        };
        let after = base + reader.buffer_position();
        let mut keep_lead = false;
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let parent = stack.last().map(Vec::as_slice).unwrap_or(b"");
                let start_lead = lead.unwrap_or(before);
                match (parent, local.as_slice()) {
                    (_, b"certification") => {
                        open_cert = Some(CertificationSpan {
                            lead: start_lead,
                            element: before..before,
                            first_line: line,
                            last_line: line,
                        })
                    }
                    (_, b"passageCertification") => {
                        open_passage = Some(PassageSpan {
                            lead: start_lead,
                            element: before..before,
                            first_line: line,
                            last_line: line,
                            certification: s.certifications.len(),
                            id: String::new(),
                        })
                    }
                    (b"passageCertification", b"idTechnique") => {
                        capture_id = Some((stack.len(), String::new()))
                    }
                    (b"flux", b"idFlux") => header = Some((true, before, qname, stack.len())),
                    (b"flux", b"horodatage") => header = Some((false, before, qname, stack.len())),
                    _ => {}
                }
                stack.push(local);
            }
            Event::End(_) => {
                let local = stack.pop().unwrap_or_default();
                let depth = stack.len();
                if let Some((d, id)) = capture_id.take() {
                    if d == depth {
                        passage_id = Some(id);
                    } else {
                        capture_id = Some((d, id));
                    }
                }
                match local.as_slice() {
                    b"passageCertification" => {
                        if let Some(mut p) = open_passage.take() {
                            p.element.end = after;
                            p.last_line = line;
                            if let Some(id) = passage_id.take() {
                                // As the deposit reader keeps it (not trimmed).
                                p.id = id;
                            }
                            if p.id.is_empty() {
                                p.id = format!("#{}", s.passages.len() + 1);
                            }
                            s.passages.push(p);
                        }
                    }
                    b"certification" => {
                        if let Some(mut c) = open_cert.take() {
                            c.element.end = after;
                            c.last_line = line;
                            s.certifications.push(c);
                        }
                    }
                    _ => {}
                }
                if let Some((is_id, start, qname, d)) = header.take() {
                    if d == depth {
                        if is_id {
                            s.id_flux = Some((start..after, qname));
                        } else {
                            s.horodatage = Some((start..after, qname));
                        }
                    } else {
                        header = Some((is_id, start, qname, d));
                    }
                }
            }
            Event::Text(ref t) => {
                if let Some((d, id)) = capture_id.as_mut() {
                    if *d + 1 == stack.len() {
                        id.push_str(&t.unescape().unwrap_or_default());
                    }
                }
                if t.iter().all(u8::is_ascii_whitespace) {
                    lead = lead.or(Some(before));
                    keep_lead = true;
                }
            }
            Event::Comment(_) => {
                lead = lead.or(Some(before));
                keep_lead = true;
            }
            Event::Eof => break,
            _ => {}
        }
        if !keep_lead {
            lead = None;
        }
        line += memchr::memchr_iter(b'\n', &buf).count() as u64;
    }
    Ok((s, None))
}

/// A reviewer's decisions, read back from the CSV that `check --format csv` writes.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Per idTechnique: (rule, accepted?, edits).
    by_id: HashMap<String, Vec<(String, bool, Vec<Edit>)>>,
}

fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

fn parse_edits(cell: &str) -> Result<Vec<Edit>, String> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    let v: serde_json::Value = serde_json::from_str(cell).map_err(|e| e.to_string())?;
    let arr = v.as_array().ok_or("not a JSON list")?;
    arr.iter()
        .map(|e| {
            let field = e["field"]
                .as_str()
                .and_then(Field::from_name)
                .ok_or("unknown field")?;
            let s = |k: &str| e[k].as_str().map(str::to_string);
            Ok(Edit {
                field,
                from: s("from"),
                to: s("to"),
            })
        })
        .collect()
}

impl Decisions {
    pub fn read(path: &Path) -> Result<Decisions, InputError> {
        let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
        Self::parse(path, &bytes)
    }

    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Decisions, InputError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .from_reader(bytes);
        let headers = r
            .headers()
            .map_err(|e| {
                InputError::new(
                    path,
                    format!("CSV illisible : {e}"),
                    format!("unreadable CSV: {e}"),
                )
            })?
            .clone();
        let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim()));
        let (Some(id), Some(rule), Some(edits), Some(dec)) = (
            col(&["idTechnique"]),
            col(&["règle", "rule"]),
            col(&["modifications", "edits"]),
            col(&["décision", "decision"]),
        ) else {
            return Err(InputError::new(
                path,
                "colonnes attendues absentes (idTechnique, règle, modifications, décision) : utilisez le CSV de « accroche check --format csv »",
                "expected columns missing (idTechnique, rule, edits, decision): use the CSV of \"accroche check --format csv\"",
            ).at(1, None));
        };
        let mut out = Decisions::default();
        for (i, row) in r.records().enumerate() {
            let line = i as u64 + 2;
            let row = row.map_err(|e| {
                InputError::new(
                    path,
                    format!("CSV illisible : {e}"),
                    format!("unreadable CSV: {e}"),
                )
                .at(line, None)
            })?;
            let get = |c: usize| unneutralise(row.get(c).unwrap_or("")).to_string();
            let accepted = match get(dec).trim().to_lowercase().as_str() {
                "" => continue,
                "oui" | "accepter" | "accepté" | "yes" | "accept" => true,
                "non" | "refuser" | "refusé" | "no" | "refuse" => false,
                other => {
                    return Err(InputError::new(
                        path,
                        format!(
                            "décision « {other} » : attendu oui, non, accepter, refuser ou vide"
                        ),
                        format!(
                            "decision \"{other}\": expected oui, non, accepter, refuser or empty"
                        ),
                    )
                    .at(line, None)
                    .field("décision"))
                }
            };
            let e = parse_edits(&get(edits)).map_err(|e| {
                InputError::new(
                    path,
                    format!("modifications illisibles ({e})"),
                    format!("unreadable edits ({e})"),
                )
                .at(line, None)
                .field("modifications")
            })?;
            out.by_id
                .entry(get(id))
                .or_default()
                .push((get(rule), accepted, e));
        }
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.by_id.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn text_of(record: &Record, field: Field) -> Option<String> {
    record.text(field).map(str::to_string)
}

fn set_text(record: &mut Record, field: Field, to: &Option<String>) {
    match to {
        Some(t) => {
            let loc = record.get(field).map(|v| v.loc.clone()).unwrap_or_default();
            record.set(
                field,
                Value {
                    text: t.clone(),
                    nil: false,
                    loc,
                },
            );
        }
        None => record.fields[field.index()] = None,
    }
}

/// The net edits for one record: the reviewer's accepted edits first, then the fixes at or
/// above `min` whose rules the reviewer did not refuse. Returns the edits and how many
/// accepted edits were stale (their `from` no longer matched).
pub fn record_edits(
    engine: &Engine,
    record: &Record,
    min: Applicability,
    decisions: Option<&Decisions>,
) -> (Vec<AppliedEdit>, usize) {
    let rows = decisions.and_then(|d| d.by_id.get(&record.id));
    let Some(rows) = rows else {
        return (engine.fix(record, min), 0);
    };
    let mut current = record.clone();
    let mut stale = 0;
    let mut rules_by_field: HashMap<Field, Vec<&'static str>> = HashMap::new();
    let refused: HashSet<&str> = rows.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect();
    for (rule, accepted, edits) in rows {
        if !accepted {
            continue;
        }
        if !edits.iter().all(|e| text_of(&current, e.field) == e.from) {
            stale += 1;
            continue;
        }
        for e in edits {
            set_text(&mut current, e.field, &e.to);
            let code = crate::rules::by_code(rule)
                .map(|r| r.meta().code)
                .unwrap_or("décision");
            rules_by_field.entry(e.field).or_default().push(code);
        }
    }
    for a in engine.fix(&current, min) {
        if a.rules.iter().any(|r| refused.contains(r)) {
            continue;
        }
        set_text(&mut current, a.field, &a.to);
        rules_by_field.entry(a.field).or_default().extend(a.rules);
    }
    let edits = Field::ALL
        .into_iter()
        .filter_map(|f| {
            let (from, to) = (text_of(record, f), text_of(&current, f));
            (from != to).then(|| AppliedEdit {
                field: f,
                from,
                to,
                rules: rules_by_field.remove(&f).unwrap_or_default(),
                applicability: Applicability::Unsafe,
            })
        })
        .collect();
    (edits, stale)
}

/// What `refile` asks for.
pub struct RefileOptions<'a> {
    pub unsafe_fixes: bool,
    pub decisions: Option<&'a Decisions>,
    pub seed: Option<u64>,
    pub force: bool,
    /// Write even if schema errors remain (the CDC would refuse the whole file).
    pub allow_invalid: bool,
}

/// What `refile` did.
#[derive(Debug, Default)]
pub struct RefileOutcome {
    /// Passages written, in input order.
    pub kept: Vec<String>,
    /// Holders edited and edits made.
    pub edited: Vec<(String, u64, Vec<AppliedEdit>)>,
    pub certifications_dropped: usize,
    /// Rejected ids that the deposit does not hold.
    pub missing: Vec<String>,
    /// Passages that the report lists neither as OK nor KO (not sent again).
    pub not_in_report: Vec<String>,
    pub stale_decisions: usize,
    /// Edits that could not be written (with the reason).
    pub refused: Vec<(String, String)>,
    /// Schema errors found in the new file by the built-in validator.
    pub schema_errors: Vec<String>,
    pub id_flux: String,
    pub written: bool,
}

/// A UUID v4: from `/dev/urandom`, or from `seed` (tests).
pub fn uuid_v4(seed: Option<u64>) -> String {
    let mut b = [0u8; 16];
    let filled = seed.is_none()
        && std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut b))
            .is_ok();
    if !filled {
        let mut x = seed.unwrap_or_else(|| {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0);
            t ^ (u64::from(std::process::id()) << 32)
        });
        for chunk in b.chunks_mut(8) {
            // splitmix64
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `YYYY-MM-DDThh:mm:ss+00:00` for a Unix time (UTC: the offset is not checked by the CDC).
pub fn horodatage(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Writes the new deposit. Nothing is written when no passage is to be sent again.
pub fn refile(
    report: &CdcReport,
    deposit: &Path,
    out: &Path,
    engine: &Engine,
    opts: &RefileOptions,
) -> Result<RefileOutcome, InputError> {
    output::check_not_input(out, &[deposit.to_path_buf(), report.path.clone()])?;
    let resend_all = report.is_schema_report();
    let resend: HashSet<&str> = report.to_resend().map(|r| r.id.as_str()).collect();
    let accepted: HashSet<&str> = report
        .accepted
        .iter()
        .map(String::as_str)
        .chain(
            report
                .rejected
                .iter()
                .filter(|r| !r.class.needs_resend())
                .map(|r| r.id.as_str()),
        )
        .collect();
    let (structure, err) = scan(deposit)?;
    if let Some(e) = err {
        return Err(e);
    }
    let min = if opts.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut outcome = RefileOutcome::default();
    let mut splices: Vec<Splice> = Vec::new();
    let mut ids = crate::dupes::DuplicateIds::default();
    let mut found: HashSet<String> = HashSet::new();
    let mut total: u64 = 0;
    for rec in crate::xml::reader::open(deposit)? {
        let rec = rec?;
        total += 1;
        ids.check(deposit, &rec)?;
        let keep = resend_all || resend.contains(rec.id.trim());
        if !keep {
            if !accepted.contains(rec.id.trim()) {
                outcome.not_in_report.push(rec.id.clone());
            }
            continue;
        }
        found.insert(rec.id.trim().to_string());
        outcome.kept.push(rec.id.clone());
        let (edits, stale) = record_edits(engine, &rec, min, opts.decisions);
        outcome.stale_decisions += stale;
        if edits.is_empty() {
            continue;
        }
        match rewrite::splices(&rec, &edits) {
            Ok(s) => {
                splices.extend(s);
                outcome.edited.push((rec.id.clone(), rec.line, edits));
            }
            Err(e) => outcome.refused.push((rec.id.clone(), e.field.to_string())),
        }
    }
    // Duplicates far apart are found once the whole deposit is read.
    ids.finish(deposit)?;
    outcome.missing = resend
        .iter()
        .filter(|id| !found.contains(**id))
        .map(|s| s.to_string())
        .collect();
    outcome.missing.sort();
    if !resend.is_empty() && found.is_empty() {
        return Err(InputError::new(
            deposit,
            "aucun des passages rejetés de l'accusé n'est dans ce dépôt : l'accusé répond à un autre fichier",
            "none of the rejected passages of the report is in this deposit: the report answers another file",
        ));
    }
    if outcome.kept.is_empty() {
        return Ok(outcome);
    }
    if structure.passages.len() as u64 != total {
        return Err(InputError::new(
            deposit,
            "structure du dépôt inattendue (passages hors certification ?) : rien n'a été écrit",
            "unexpected deposit structure (passages outside a certification?): nothing was written",
        ));
    }
    let kept: HashSet<&str> = outcome.kept.iter().map(String::as_str).collect();
    let mut cert_kept = vec![false; structure.certifications.len()];
    for p in &structure.passages {
        if kept.contains(p.id.as_str()) {
            if let Some(c) = cert_kept.get_mut(p.certification) {
                *c = true;
            }
        }
    }
    for (i, c) in structure.certifications.iter().enumerate() {
        if !cert_kept[i] {
            outcome.certifications_dropped += 1;
            splices.push(Splice {
                start: c.lead,
                end: c.element.end,
                bytes: Vec::new(),
            });
        }
    }
    for p in &structure.passages {
        if !kept.contains(p.id.as_str()) && cert_kept.get(p.certification) == Some(&true) {
            splices.push(Splice {
                start: p.lead,
                end: p.element.end,
                bytes: Vec::new(),
            });
        }
    }
    outcome.id_flux = uuid_v4(opts.seed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    for (value, header) in [
        (outcome.id_flux.clone(), &structure.id_flux),
        (horodatage(now), &structure.horodatage),
    ] {
        let Some((range, qname)) = header else {
            return Err(InputError::new(
                deposit,
                "idFlux ou horodatage absent du dépôt : rien n'a été écrit",
                "idFlux or horodatage missing from the deposit: nothing was written",
            ));
        };
        splices.push(Splice {
            start: range.start,
            end: range.end,
            bytes: format!("<{qname}>{value}</{qname}>").into_bytes(),
        });
    }
    splices.sort_by_key(|s| (s.start, s.end));
    let mut pending = output::Pending::create(out, opts.force)?;
    let file = std::fs::File::open(deposit).map_err(|e| io_error(deposit, &e))?;
    {
        let mut w = std::io::BufWriter::new(pending.writer());
        rewrite::apply(BufReader::new(file), &mut w, &splices)
            .map_err(|e| output::write_error(out, &e))?;
        w.flush().map_err(|e| output::write_error(out, &e))?;
    }
    verify(pending.temp_path(), out, &outcome.kept)?;
    if let Ok(errors) = crate::validate::validate_file(pending.temp_path()) {
        outcome.schema_errors = errors
            .iter()
            .map(|e| format!("{}:{}: {}", e.line, e.column, e.message_fr))
            .collect();
    }
    if !outcome.schema_errors.is_empty() && !opts.allow_invalid {
        let shown: Vec<&str> = outcome
            .schema_errors
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        return Err(InputError::new(
            out,
            format!(
                "{} erreur(s) de schéma resteraient dans le nouveau dépôt : rien n'a été écrit. Corrigez-les à la main, ou ajoutez --allow-invalid pour écrire quand même. Lignes du nouveau fichier : {}",
                outcome.schema_errors.len(),
                shown.join(" | ")
            ),
            format!(
                "{} schema error(s) would remain in the new deposit: nothing was written. Fix them by hand, or add --allow-invalid to write anyway. Lines of the new file: {}",
                outcome.schema_errors.len(),
                shown.join(" | ")
            ),
        ));
    }
    pending.commit()?;
    outcome.written = true;
    Ok(outcome)
}

fn verify(temp: &Path, target: &Path, kept: &[String]) -> Result<(), InputError> {
    let after = crate::xml::reader::open(temp)
        .and_then(|r| r.map(|r| r.map(|r| r.id)).collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            InputError::new(
                target,
                format!(
                    "le nouveau dépôt n'est pas lisible ({}) : rien n'a été écrit",
                    e.message_fr
                ),
                format!(
                    "the new deposit cannot be read back ({}): nothing was written",
                    e.message_en
                ),
            )
        })?;
    if after != kept {
        return Err(InputError::new(
            target,
            format!(
                "le nouveau dépôt contient {} passage(s) au lieu de {} : rien n'a été écrit",
                after.len(),
                kept.len()
            ),
            format!(
                "the new deposit holds {} passage(s) instead of {}: nothing was written",
                after.len(),
                kept.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_v4_and_seeded() {
        let a = uuid_v4(Some(1));
        assert_eq!(a, uuid_v4(Some(1)));
        assert_ne!(a, uuid_v4(Some(2)));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(uuid_v4(None), uuid_v4(None));
    }

    #[test]
    fn horodatage_is_schema_shaped() {
        assert_eq!(horodatage(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(horodatage(1_751_364_900), "2025-07-01T10:15:00+00:00");
        assert_eq!(horodatage(951_782_400), "2000-02-29T00:00:00+00:00");
    }

    #[test]
    fn scan_maps_lines_to_passages() {
        let xml = "<?xml version=\"1.0\"?>\n<f:flux xmlns:f=\"u\">\n<f:idFlux>x</f:idFlux>\n<f:certification>\n  <!-- c -->\n  <f:passageCertification>\n    <f:idTechnique>A</f:idTechnique>\n  </f:passageCertification>\n  <f:passageCertification>\n    <f:idTechnique>B</f:idTechnique>\n  </f:passageCertification>\n</f:certification>\n</f:flux>\n";
        let (s, err) = scan_reader(Path::new("x"), xml.as_bytes()).unwrap();
        assert!(err.is_none());
        assert_eq!(s.passages.len(), 2);
        assert_eq!(s.passages[0].id, "A");
        assert_eq!((s.passages[0].first_line, s.passages[0].last_line), (6, 8));
        assert_eq!(s.passage_at_line(7).map(|p| p.id.as_str()), Some("A"));
        assert_eq!(s.passage_at_line(10).map(|p| p.id.as_str()), Some("B"));
        assert!(s.passage_at_line(4).is_none());
        let a = &s.passages[0];
        // The lead takes the newline, the comment and the indentation before the passage.
        assert_eq!(
            &xml[a.lead as usize..a.element.start as usize],
            "\n  <!-- c -->\n  "
        );
        assert!(xml[a.element.start as usize..a.element.end as usize]
            .starts_with("<f:passageCertification>"));
        assert!(xml[a.element.start as usize..a.element.end as usize]
            .ends_with("</f:passageCertification>"));
        assert_eq!(s.id_flux.as_ref().map(|x| x.1.as_str()), Some("f:idFlux"));
        assert_eq!(s.certifications.len(), 1);
    }

    #[test]
    fn decisions_read_the_check_csv() {
        let csv = "\u{feff}idTechnique;ligne;règle;gravité;champ;valeur;valeur proposée;correction;message;modifications;décision\n\
            A;3;W001;alerte;prenom1;Léa ;Léa;correction sûre;m;\"[{\"\"field\"\":\"\"prenom1\"\",\"\"from\"\":\"\"Léa \"\",\"\"to\"\":\"\"Léa\"\"}]\";oui\n\
            '-B;4;C003;alerte;nomNaissance;x;y;correction sûre;m;;non\n\
            C;5;C003;alerte;nomNaissance;x;y;correction sûre;m;;\n";
        let d = Decisions::parse(Path::new("d.csv"), csv.as_bytes()).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.by_id["A"][0].2[0].to.as_deref(), Some("Léa"));
        assert!(!d.by_id["-B"][0].1);
        let bad = "idTechnique;règle;modifications;décision\nA;W001;;peut-être\n";
        let e = Decisions::parse(Path::new("d.csv"), bad.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
