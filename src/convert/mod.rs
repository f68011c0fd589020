//! `accroche convert`: builds a CDC deposit from a student-system export (CSV).
//!
//! The export's rows are read with a column profile, fixed through `Engine::fix` (safe fixes,
//! or also unsafe ones), checked against what the schema needs, grouped by certification and
//! written atomically; the written file is read back and validated against the schema before
//! it takes its name. A row that cannot make a valid passage is excluded with a reason,
//! never written invalid.

pub mod config;
pub mod ids;
pub mod write;

use crate::engine::{AppliedEdit, Engine, Selection};
use crate::error::InputError;
use crate::finding::Applicability;
use crate::lang::Lang;
use crate::model::{Field, Record, Value};
use crate::rules::Ctx;
use crate::validate::values::{char_len, check_date_time, Lexical};
use crate::{output, source, xml};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub use config::Overrides;

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub input: PathBuf,
    /// Deposit to write; `None` only with `diff`.
    pub output: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub profile: Option<String>,
    /// Weakest applicability applied; `None` writes the export as it is (`--no-fix`).
    pub fixes: Option<Applicability>,
    pub force: bool,
    /// Print the edits row by row instead of writing.
    pub diff: bool,
    pub overrides: Overrides,
    pub id_flux: Option<String>,
    pub horodatage: Option<String>,
    /// CSV list of the excluded rows.
    pub exclusions: Option<PathBuf>,
    /// CSV journal of every edit.
    pub audit: Option<PathBuf>,
    pub selection: Selection,
}

/// A passage ready to be written.
#[derive(Debug, Clone)]
pub struct Passage {
    pub id: String,
    pub kind: String,
    pub code: String,
    /// `dateDebutValidite`.
    pub award: String,
    /// The record after fixes.
    pub record: Record,
}

/// A row of the export that is not in the deposit, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    pub line: u64,
    /// Student number (row key), empty when the row has none.
    pub key: String,
    pub reason_fr: String,
    pub reason_en: String,
}

impl Excluded {
    fn of(r: &Record, fr: impl Into<String>, en: impl Into<String>) -> Excluded {
        Excluded {
            line: r.line,
            key: r.id.clone(),
            reason_fr: fr.into(),
            reason_en: en.into(),
        }
    }
}

/// The portal's limit on a deposit's size (FORMAT.md §1).
const MAX_DEPOSIT_BYTES: u64 = 200 * 1000 * 1000;

/// Edits made on one row: (row key, line, edits).
pub type Changes = Vec<(String, u64, Vec<AppliedEdit>)>;

struct Setup {
    /// `--diff`: only the edits and identity problems matter, not the deposit's values.
    diff: bool,
    config: config::Loaded,
    key_column: bool,
    code_column: bool,
    date_column: bool,
}

/// Runs the conversion; returns the exit status (0 written; with `diff`, 1 when there are
/// edits). Input, configuration or validation problems are errors (exit 2, nothing written).
pub fn run(opts: &Options, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    let input = &opts.input;
    if let Some(out) = &opts.output {
        output::check_not_input(out, std::slice::from_ref(input))?;
        // Said before the work, not after.
        if !opts.diff && !opts.force && out.exists() {
            return Err(InputError::new(
                out,
                "le fichier de sortie existe déjà (ajoutez --force pour le remplacer)",
                "the output file already exists (add --force to replace it)",
            ));
        }
    }
    if source::sniff(input)? == source::Kind::Xml {
        return Err(InputError::new(
            input,
            "convert lit un export CSV ; ce fichier est un dépôt XML (utilisez « accroche fix »)",
            "convert reads a CSV export; this file is an XML deposit (use \"accroche fix\")",
        ));
    }
    // `--diff` only shows the edits: the deposit's values may still be missing.
    let loaded = config::load(opts.config.as_deref())?.finish(&opts.overrides, !opts.diff)?;
    if let Some(id) = &opts.id_flux {
        let n = char_len(id);
        if n == 0 || n > 50 || id.trim().is_empty() {
            return Err(InputError::new(
                Path::new("--id-flux"),
                "idFlux doit avoir de 1 à 50 caractères",
                "idFlux must have 1 to 50 characters",
            ));
        }
    }
    if let Some(h) = &opts.horodatage {
        if check_date_time(h) != Lexical::Ok {
            return Err(InputError::new(
                Path::new("--horodatage"),
                format!("horodatage invalide « {h} » (attendu AAAA-MM-JJThh:mm:ss+hh:mm, décalage numérique obligatoire)"),
                format!("invalid horodatage \"{h}\" (expected YYYY-MM-DDThh:mm:ss+hh:mm, numeric offset required)"),
            ));
        }
    }

    let mut reader = crate::input::csv::open(input, opts.profile.as_deref())?;
    let setup = Setup {
        diff: opts.diff,
        key_column: reader.has_column("key"),
        code_column: reader.has_column("certificationCode"),
        date_column: reader.has_column("dateDebutValidite"),
        config: loaded,
    };
    let cfg = &setup.config.config;
    let cfg_path = setup
        .config
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(config::DEFAULT_FILE));
    if !opts.diff && !setup.code_column && cfg.certification.code.is_none() {
        return Err(InputError::new(
            &cfg_path,
            "l'export n'a pas de colonne de code de certification : renseignez certification.code dans la configuration ou utilisez --code",
            "the export has no certification code column: set certification.code in the configuration or use --code",
        ).field("certification.code"));
    }
    if !opts.diff && !setup.date_column && cfg.passage.date_debut_validite.is_none() {
        return Err(InputError::new(
            &cfg_path,
            "l'export n'a pas de colonne de date d'obtention : renseignez passage.dateDebutValidite dans la configuration ou utilisez --date-obtention",
            "the export has no award date column: set passage.dateDebutValidite in the configuration or use --date-obtention",
        ).field("passage.dateDebutValidite"));
    }

    // Read every row; rows the reader refuses are excluded, a broken file stops the run.
    let mut records = Vec::new();
    let mut excluded = Vec::new();
    while let Some(item) = reader.next() {
        match item {
            Ok(r) => records.push(r),
            Err(e) if reader.is_done() => return Err(e),
            Err(e) => {
                let field = e
                    .field
                    .as_deref()
                    .map(|f| format!("{f} : "))
                    .unwrap_or_default();
                excluded.push(Excluded {
                    line: e.line.unwrap_or(0),
                    key: reader.current_key().unwrap_or_default(),
                    reason_fr: format!("{field}{}", e.message_fr),
                    reason_en: format!("{}{}", field.replace(" : ", ": "), e.message_en),
                });
            }
        }
    }
    let profile_name = reader.profile_name().to_string();
    drop(reader);

    let engine = Engine::new(&opts.selection, Ctx { lang });
    let prepared: Vec<(Result<Passage, Excluded>, Vec<AppliedEdit>)> = records
        .into_par_iter()
        .map(|r| prepare(r, &setup, &engine, opts.fixes))
        .collect();

    let mut passages: Vec<Passage> = Vec::new();
    // Edits by idTechnique (audit) and by row (diff: every row, excluded ones too).
    let mut changes: Changes = Vec::new();
    let mut row_changes: Changes = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (res, edits) in prepared {
        if !edits.is_empty() {
            let (key, line) = match &res {
                Ok(p) => (p.record.id.clone(), p.record.line),
                Err(x) => (x.key.clone(), x.line),
            };
            row_changes.push((key, line, edits.clone()));
        }
        match res {
            Ok(p) => {
                if let Some(first) = seen.get(&p.id) {
                    excluded.push(Excluded::of(
                        &p.record,
                        format!("idTechnique « {} » en double (même numéro et même certification que la ligne {first})", p.id),
                        format!("duplicate idTechnique \"{}\" (same number and certification as line {first})", p.id),
                    ));
                    continue;
                }
                seen.insert(p.id.clone(), p.record.line);
                if !edits.is_empty() {
                    changes.push((p.id.clone(), p.record.line, edits));
                }
                passages.push(p);
            }
            Err(x) => excluded.push(x),
        }
    }
    excluded.sort_by_key(|x| x.line);

    // Excluded rows are always reported, even with --quiet: they are not in the deposit.
    for x in &excluded {
        eprintln!(
            "accroche: {}:{}: {} {}{}{}",
            input.display(),
            x.line,
            if x.key.is_empty() { "-" } else { &x.key },
            lang.pick("exclue", "excluded"),
            lang.pick(" : ", ": "),
            lang.pick(&x.reason_fr, &x.reason_en)
        );
    }

    if opts.diff {
        let text = crate::cli::render_diff(&row_changes, lang);
        output::write_all(None, text.as_bytes(), false)?;
        return Ok(if row_changes.is_empty() { 0 } else { 1 });
    }
    let out_path = opts.output.clone().ok_or_else(|| {
        InputError::new(
            input,
            "fichier de sortie manquant (-o DEPOT.xml)",
            "missing output file (-o DEPOT.xml)",
        )
    })?;
    if passages.is_empty() {
        return Err(InputError::new(
            input,
            format!(
                "aucune ligne utilisable ({} exclue(s)) : aucun dépôt écrit",
                excluded.len()
            ),
            format!(
                "no usable row ({} excluded): no deposit written",
                excluded.len()
            ),
        ));
    }

    // Certifications sorted by (type, code); passages in the export's order within each.
    let mut groups: BTreeMap<(&str, &str), Vec<&Passage>> = BTreeMap::new();
    for p in &passages {
        groups.entry((&p.kind, &p.code)).or_default().push(p);
    }
    let groups: Vec<write::Group> = groups
        .into_iter()
        .map(|((kind, code), passages)| write::Group {
            kind,
            code,
            passages,
        })
        .collect();
    let written_ids: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.passages.iter().map(|p| p.id.as_str()))
        .collect();

    let id_flux = match &opts.id_flux {
        Some(id) => id.clone(),
        None => ids::uuid_from(flux_hash(opts, &setup.config, &profile_name)?),
    };
    let horodatage = opts.horodatage.clone().unwrap_or_else(ids::now_utc);
    let env = write::Envelope {
        id_flux: &id_flux,
        horodatage: &horodatage,
        config: &setup.config.config,
    };

    let mut pending = output::Pending::create(&out_path, opts.force)?;
    {
        let mut w = std::io::BufWriter::new(pending.writer());
        write::deposit(&mut w, &env, &groups).map_err(|e| output::write_error(&out_path, &e))?;
        w.flush().map_err(|e| output::write_error(&out_path, &e))?;
    }
    verify(pending.temp_path(), &out_path, &written_ids, lang)?;
    let size = std::fs::metadata(pending.temp_path())
        .map(|m| m.len())
        .unwrap_or(0);
    if size > MAX_DEPOSIT_BYTES {
        eprintln!(
            "accroche: {}: {}",
            out_path.display(),
            lang.pick(
                &format!("{} Mo : le portail de la CDC refuse les fichiers de plus de 200 Mo ; découpez l'export (par certification par exemple)", size / 1_000_000),
                &format!("{} MB: the CDC portal refuses files over 200 MB; split the export (by certification, for instance)", size / 1_000_000),
            )
        );
    }
    if let Some(path) = &opts.exclusions {
        output::check_not_input(path, std::slice::from_ref(input))?;
        output::write_all(Some(path), &exclusions_csv(&excluded, lang), opts.force)?;
    }
    if let Some(path) = &opts.audit {
        output::check_not_input(path, std::slice::from_ref(input))?;
        output::write_all(
            Some(path),
            &crate::cli::audit_csv(&changes, lang),
            opts.force,
        )?;
    }
    pending.commit()?;

    if !quiet {
        let n: usize = changes.iter().map(|c| c.2.len()).sum();
        eprintln!(
            "{} : {} passage(s) {} {} certification(s) ; {} {} ; {} {} {} {} ; {}",
            out_path.display(),
            passages.len(),
            lang.pick("dans", "in"),
            groups.len(),
            excluded.len(),
            lang.pick("ligne(s) exclue(s)", "row(s) excluded"),
            n,
            lang.pick("modification(s) sur", "edit(s) on"),
            changes.len(),
            lang.pick("titulaire(s)", "holder(s)"),
            lang.pick(
                "fichier conforme au schéma de la CDC",
                "file valid against the CDC schema"
            ),
        );
    }
    Ok(0)
}

/// Hash of what determines the deposit: the export's bytes, the configuration file, the
/// command-line values and the fix level. Same inputs, same `idFlux`.
fn flux_hash(opts: &Options, config: &config::Loaded, profile: &str) -> Result<u128, InputError> {
    let mut h = ids::Fnv128::default();
    h.field(b"accroche convert 1");
    let mut f =
        std::fs::File::open(&opts.input).map_err(|e| crate::error::io_error(&opts.input, &e))?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| crate::error::io_error(&opts.input, &e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    h.field(&config.bytes);
    h.field(profile.as_bytes());
    let o = &opts.overrides;
    for v in [
        &o.emetteur,
        &o.certificateur,
        &o.contrat,
        &o.kind,
        &o.code,
        &o.date_obtention,
    ] {
        h.field(v.as_deref().unwrap_or("\u{0}").as_bytes());
    }
    h.field(match opts.fixes {
        None => b"none",
        Some(Applicability::Safe) => b"safe",
        Some(_) => b"unsafe",
    });
    h.field(opts.selection.select.join(",").as_bytes());
    h.field(opts.selection.ignore.join(",").as_bytes());
    Ok(h.finish())
}

/// Turns one record into a passage, or says why it cannot be one.
fn prepare(
    mut r: Record,
    setup: &Setup,
    engine: &Engine,
    fixes: Option<Applicability>,
) -> (Result<Passage, Excluded>, Vec<AppliedEdit>) {
    let cfg = &setup.config.config;
    let date = r
        .award_date
        .clone()
        .or_else(|| cfg.passage.date_debut_validite.clone());
    r.award_date = date.clone();
    let edits = match fixes {
        Some(min) => engine.fix(&r, min),
        None => Vec::new(),
    };
    for e in &edits {
        apply(&mut r, e);
    }
    let exclude = |r: &Record, fr: String, en: String, edits: Vec<AppliedEdit>| {
        (Err(Excluded::of(r, fr, en)), edits)
    };
    if let Some((fr, en)) = unwritable(&r) {
        return exclude(&r, fr, en, edits);
    }
    // Certification: the row's columns, else the configuration.
    let mut code = non_empty(&r.certification.code)
        .or(cfg.certification.code.as_deref())
        .unwrap_or_default()
        .to_string();
    let kind = non_empty(&r.certification.kind)
        .map(str::to_string)
        .or_else(|| register_of(&code).map(str::to_string))
        .or_else(|| cfg.certification.kind.clone())
        .unwrap_or_default();
    if code.is_empty() && !setup.diff {
        return exclude(
            &r,
            "code de certification vide (et pas de certification.code dans la configuration)"
                .into(),
            "empty certification code (and no certification.code in the configuration)".into(),
            edits,
        );
    }
    // `35001` for an RNCP certification: the CDC wants the prefix.
    if (kind == "RNCP" || kind == "RS") && code.bytes().all(|b| b.is_ascii_digit()) {
        code = format!("{kind}{code}");
    }
    if kind.is_empty() && !setup.diff {
        return exclude(
            &r,
            format!("type de certification inconnu pour le code « {code} » (renseignez certification.type)"),
            format!("unknown certification type for code \"{code}\" (set certification.type)"),
            edits,
        );
    }
    if char_len(&kind) > 255 || char_len(&code) > 100 {
        return exclude(
            &r,
            "type ou code de certification trop long".into(),
            "certification type or code too long".into(),
            edits,
        );
    }
    let award =
        match date {
            _ if setup.diff => String::new(),
            Some(d) if crate::validate::values::check_date(&d) == Lexical::Ok => d,
            Some(d) => {
                return exclude(
                    &r,
                    format!("date d'obtention « {d} » hors des années 1900 à 2099"),
                    format!("award date \"{d}\" outside years 1900 to 2099"),
                    edits,
                )
            }
            None => return exclude(
                &r,
                "date d'obtention vide (et pas de passage.dateDebutValidite dans la configuration)"
                    .into(),
                "empty award date (and no passage.dateDebutValidite in the configuration)".into(),
                edits,
            ),
        };
    r.certification.kind = kind.clone();
    r.certification.code = code.clone();

    let key = (setup.key_column && !r.id.starts_with("ligne ")).then_some(r.id.as_str());
    let id = match (cfg.id_technique.source.as_deref(), key) {
        (Some("cle"), Some(k)) if char_len(k) <= 255 => k.to_string(),
        (Some("cle"), _) => {
            return (
                Err(Excluded::of(
                    &r,
                    "idTechnique.source = \"cle\" mais la ligne n'a pas de clé utilisable",
                    "idTechnique.source = \"cle\" but the row has no usable key",
                )),
                edits,
            )
        }
        _ => {
            let text = |f| r.text(f).unwrap_or_default();
            ids::id_technique(
                &cfg.id_technique.prefixe,
                &code,
                key,
                &[
                    text(Field::NomNaissance),
                    text(Field::Prenom1),
                    text(Field::Sexe),
                    text(Field::AnneeNaissance),
                    text(Field::MoisNaissance),
                    text(Field::JourNaissance),
                ],
            )
        }
    };
    (
        Ok(Passage {
            id,
            kind,
            code,
            award,
            record: r,
        }),
        edits,
    )
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// `RNCP` or `RS` from a code's prefix.
fn register_of(code: &str) -> Option<&'static str> {
    let up = code.to_ascii_uppercase();
    if up.starts_with("RNCP") {
        Some("RNCP")
    } else if up.starts_with("RS") {
        Some("RS")
    } else {
        None
    }
}

/// Applies a net edit; `None` on a nillable field writes nil.
fn apply(r: &mut Record, e: &AppliedEdit) {
    let loc = r.get(e.field).map(|v| v.loc.clone()).unwrap_or_default();
    match &e.to {
        Some(t) => r.set(
            e.field,
            Value {
                text: t.clone(),
                nil: false,
                loc,
            },
        ),
        None if e.field.is_nillable() => r.set(
            e.field,
            Value {
                loc,
                ..Value::nil()
            },
        ),
        None => r.fields[e.field.index()] = None,
    }
}

/// Why a record cannot be written as a schema-valid passage, if it cannot.
fn unwritable(r: &Record) -> Option<(String, String)> {
    use write::{int, value};
    let missing = [
        (Field::NomNaissance, "nom de naissance", "birth name"),
        (Field::Prenom1, "prénom", "first name"),
        (Field::Sexe, "sexe", "sex"),
        (Field::AnneeNaissance, "année de naissance", "birth year"),
    ];
    for (f, fr, en) in missing {
        if value(r, f).is_none() {
            return Some((
                format!("{fr} absent ({f}) : valeur obligatoire, à prendre dans l'état civil"),
                format!("{en} missing ({f}): required value, to take from the civil status"),
            ));
        }
    }
    let insee = value(r, Field::CodeInsee);
    if insee.is_none() && value(r, Field::CodePostal).is_none() {
        return Some((
            "lieu de naissance absent (ni code INSEE ni code postal) : valeur obligatoire".into(),
            "place of birth missing (neither INSEE nor postal code): required value".into(),
        ));
    }
    let bad = |f: Field, fr: String, en: String| {
        Some((
            format!("{f} « {} » : {fr}", r.text(f).unwrap_or_default()),
            format!("{f} \"{}\": {en}", r.text(f).unwrap_or_default()),
        ))
    };
    for f in [
        Field::NomNaissance,
        Field::NomUsage,
        Field::Prenom1,
        Field::Prenom2,
        Field::Prenom3,
        Field::LibelleCommuneNaissance,
        Field::LibellePaysNaissance,
    ] {
        if let Some(v) = value(r, f) {
            if char_len(v) > 60 {
                return bad(
                    f,
                    format!("{} caractères, 60 au plus", char_len(v)),
                    format!("{} characters, 60 at most", char_len(v)),
                );
            }
        }
    }
    for f in Field::ALL {
        if let Some(v) = value(r, f) {
            if v.chars()
                .any(|c| (c.is_control() && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}')
            {
                return bad(
                    f,
                    "caractère de contrôle, interdit en XML".into(),
                    "control character, not allowed in XML".into(),
                );
            }
        }
    }
    let range = |f: Field, lo: i64, hi: i64| match value(r, f) {
        None => None,
        Some(_) => match int(r, f).and_then(|v| v.parse::<i64>().ok()) {
            Some(v) if (lo..=hi).contains(&v) => None,
            _ => bad(
                f,
                format!("nombre entre {lo} et {hi} attendu"),
                format!("number between {lo} and {hi} expected"),
            ),
        },
    };
    range(Field::AnneeNaissance, 1900, 2099)
        .or_else(|| range(Field::MoisNaissance, 1, 12))
        .or_else(|| range(Field::JourNaissance, 1, 31))
        .or_else(|| match value(r, Field::Sexe) {
            Some("M" | "F") => None,
            _ => bad(
                Field::Sexe,
                "M ou F attendu".into(),
                "M or F expected".into(),
            ),
        })
        .or_else(|| match insee {
            Some(c) if char_len(c) != 5 => bad(
                Field::CodeInsee,
                "5 caractères attendus".into(),
                "5 characters expected".into(),
            ),
            Some(c) if c.starts_with("99") => {
                let derived = &c[2..];
                match value(r, Field::CodePaysNaissance) {
                    Some(p) if p != derived => bad(
                        Field::CodePaysNaissance,
                        format!("ne correspond pas au code INSEE {c} (attendu {derived})"),
                        format!("does not match INSEE code {c} ({derived} expected)"),
                    ),
                    _ => None,
                }
            }
            Some(_) => None,
            None => match value(r, Field::CodePostal) {
                Some(p) if char_len(p) > 9 => bad(
                    Field::CodePostal,
                    "9 caractères au plus".into(),
                    "9 characters at most".into(),
                ),
                _ => None,
            },
        })
}

/// Reads the written file back: valid against the schema, and the passages written, in order.
fn verify(temp: &Path, target: &Path, ids: &[&str], lang: Lang) -> Result<(), InputError> {
    let mut reader = xml::reader::open(temp)?;
    let schema = reader.validate_schema();
    let mut read = 0usize;
    let mut same = true;
    for r in reader.by_ref() {
        let r = r.map_err(|e| {
            InputError::new(
                target,
                format!(
                    "le dépôt écrit n'est pas lisible ({}) : rien n'a été écrit",
                    e.message_fr
                ),
                format!(
                    "the written deposit cannot be read back ({}): nothing was written",
                    e.message_en
                ),
            )
        })?;
        same &= ids.get(read) == Some(&r.id.as_str());
        read += 1;
    }
    let outcome = schema.lock().map(|o| o.clone()).unwrap_or_default();
    if outcome.count > 0 {
        for e in outcome.errors.iter().take(20) {
            eprintln!(
                "accroche: {}:{}:{}: <{}> {}",
                target.display(),
                e.line,
                e.column,
                e.element,
                lang.pick(&e.message_fr, &e.message_en)
            );
        }
        return Err(InputError::new(
            target,
            format!("{} erreur(s) de schéma dans le dépôt produit : rien n'a été écrit (signalez ce défaut d'accroche)", outcome.count),
            format!("{} schema error(s) in the produced deposit: nothing was written (please report this accroche bug)", outcome.count),
        ));
    }
    if !same || read != ids.len() {
        return Err(InputError::new(
            target,
            "le dépôt relu ne contient pas les passages écrits : rien n'a été écrit",
            "the deposit read back does not hold the passages written: nothing was written",
        ));
    }
    Ok(())
}

/// The excluded rows as CSV (`;`, UTF-8 with BOM, for spreadsheets).
pub fn exclusions_csv(excluded: &[Excluded], lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record(match lang {
        Lang::Fr => ["ligne", "numéro", "motif"],
        Lang::En => ["line", "number", "reason"],
    });
    for x in excluded {
        let _ = w.write_record([
            x.line.to_string(),
            crate::report::csv::neutralise(&x.key),
            crate::report::csv::neutralise(lang.pick(&x.reason_fr, &x.reason_en)),
        ]);
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[(Field, &str)]) -> Record {
        let mut r = Record {
            id: "42".into(),
            line: 2,
            ..Record::default()
        };
        for (f, v) in [
            (Field::NomNaissance, "MARTIN"),
            (Field::Prenom1, "Léa"),
            (Field::Sexe, "F"),
            (Field::AnneeNaissance, "2001"),
            (Field::CodeInsee, "69123"),
        ] {
            r.set(f, Value::new(v));
        }
        for (f, v) in fields {
            r.set(*f, Value::new(*v));
        }
        r
    }

    #[test]
    fn writable_records() {
        assert_eq!(unwritable(&record(&[])), None);
        assert_eq!(
            unwritable(&record(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "341")
            ])),
            None
        );
        let mut r = record(&[]);
        r.fields[Field::CodeInsee.index()] = None;
        r.set(Field::CodePostal, Value::nil());
        assert!(unwritable(&r).unwrap().0.contains("lieu de naissance"));
        r.set(Field::CodePostal, Value::new("13001"));
        assert_eq!(unwritable(&r), None);
    }

    #[test]
    fn unwritable_records_say_why() {
        let why = |fields: &[(Field, &str)]| unwritable(&record(fields)).map(|w| w.0);
        assert!(why(&[(Field::Prenom1, "  ")])
            .unwrap()
            .contains("prénom absent"));
        assert!(why(&[(Field::NomNaissance, &"A".repeat(61))])
            .unwrap()
            .contains("61 caractères"));
        assert!(why(&[(Field::Prenom2, "a\u{1}b")])
            .unwrap()
            .contains("contrôle"));
        assert!(why(&[(Field::AnneeNaissance, "1850")])
            .unwrap()
            .contains("1900"));
        assert!(why(&[(Field::MoisNaissance, "13")]).is_some());
        assert!(why(&[(Field::CodeInsee, "6912")]).is_some());
        assert!(why(&[
            (Field::CodeInsee, "99341"),
            (Field::CodePaysNaissance, "109")
        ])
        .unwrap()
        .contains("341"));
    }

    #[test]
    fn register_from_code() {
        assert_eq!(register_of("RNCP35001"), Some("RNCP"));
        assert_eq!(register_of("rs5432"), Some("RS"));
        assert_eq!(register_of("35001"), None);
    }
}
