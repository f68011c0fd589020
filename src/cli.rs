//! Command line: parsing and the commands. Exit status as linters give it:
//! 0 nothing to report, 1 findings, 2 bad input or command line.

use crate::engine::{Engine, Selection};
use crate::error::InputError;
use crate::finding::Applicability;
use crate::lang::Lang;
use crate::report::{self, InputInfo, ReportBuilder};
use crate::rules::{self, Ctx};
use crate::{estimate, output, source, xml};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "accroche",
    version,
    about = "Vérifie et répare l'identité des titulaires avant le dépôt à la Caisse des Dépôts (accrochage des certifications).",
    long_about = None
)]
pub struct Cli {
    /// Langue des messages et des rapports (fr ou en).
    #[arg(long, value_enum, default_value_t = Lang::Fr, global = true)]
    pub lang: Lang,
    /// N'affiche ni barre de progression ni résumé sur la sortie d'erreur.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Montre les valeurs (noms, dates) dans les messages d'erreur ; masquées par défaut
    /// (données personnelles). Les rapports demandés les contiennent toujours.
    #[arg(long, global = true)]
    pub show_values: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Vérifie un ou plusieurs dépôts (XML) ou exports (CSV) et produit un rapport.
    Check(CheckArgs),
    /// Écrit un dépôt corrigé (corrections sûres par défaut).
    Fix(FixArgs),
    /// Liste les règles.
    Rules {
        /// Format de sortie.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explique une règle (documentation tirée du code).
    Rule {
        /// Code de la règle, par exemple W001.
        code: String,
    },
    /// Valide un dépôt entier contre le schéma de la CDC (XSD 1.1.2).
    Validate {
        /// Dépôt XML à valider.
        input: PathBuf,
        /// Format de sortie.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Ce que les tables de référence savent d'un nom (sexe, rangs, orthographe usuelle).
    Name {
        /// Un ou plusieurs noms ou prénoms.
        #[arg(required = true)]
        names: Vec<String>,
        /// Format de sortie.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Args, Debug, Clone)]
pub struct RuleSelection {
    /// Règles ou familles à activer (ex. W,C001). Par défaut toutes sauf les règles en préversion.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Règles ou familles à ignorer.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

impl RuleSelection {
    fn selection(&self) -> Selection {
        Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Fichiers à vérifier.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Format du rapport.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Fichier où écrire le rapport (par défaut la sortie standard).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Remplace le fichier de rapport s'il existe.
    #[arg(long)]
    pub force: bool,
    /// N'affiche que le décompte par règle et le résumé.
    #[arg(long)]
    pub statistics: bool,
    /// Profil de colonnes d'un export CSV (nom ou fichier .toml).
    #[arg(long)]
    pub profile: Option<String>,
    /// Ne valide pas le fichier entier contre le schéma de la CDC (plus rapide).
    #[arg(long)]
    pub no_schema: bool,
    #[command(flatten)]
    pub rules: RuleSelection,
}

#[derive(Args, Debug)]
pub struct FixArgs {
    /// Dépôt à corriger.
    pub input: PathBuf,
    /// Fichier corrigé à écrire (jamais l'entrée).
    #[arg(short, long, required_unless_present = "diff")]
    pub output: Option<PathBuf>,
    /// Applique aussi les corrections à valider (non sûres).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Affiche les modifications titulaire par titulaire sans rien écrire.
    #[arg(long)]
    pub diff: bool,
    /// Journal CSV de chaque modification (idTechnique, champ, avant, après, règle, sûreté).
    #[arg(long)]
    pub audit: Option<PathBuf>,
    /// Remplace le fichier de sortie s'il existe.
    #[arg(long)]
    pub force: bool,
    /// Écrit le fichier même s'il reste des erreurs de schéma (la CDC le refuserait).
    #[arg(long)]
    pub allow_invalid: bool,
    #[command(flatten)]
    pub rules: RuleSelection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// Runs the command line and returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let lang = cli.lang;
    let show = cli.show_values;
    let result = match &cli.command {
        Command::Check(args) => check(args, lang, cli.quiet),
        Command::Fix(args) => fix(args, lang, cli.quiet, show),
        Command::Rules { format } => list_rules(*format, lang),
        Command::Rule { code } => explain_rule(code, lang),
        Command::Validate { input, format } => validate(input, *format, lang),
        Command::Name { names, format } => name(names, *format, lang),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("accroche: {}", e.render_with(lang, show));
            2
        }
    }
}

fn validate_selection(sel: &Selection) -> Result<(), InputError> {
    let unknown = sel.unknown_codes();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(InputError::new(
        Path::new("--select/--ignore"),
        format!(
            "règle inconnue : {} (voir « accroche rules »)",
            unknown.join(", ")
        ),
        format!(
            "unknown rule: {} (see \"accroche rules\")",
            unknown.join(", ")
        ),
    ))
}

fn check(args: &CheckArgs, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    let selection = args.rules.selection();
    validate_selection(&selection)?;
    if let Some(out) = &args.output {
        output::check_not_input(out, &args.inputs)?;
    }
    let engine = Engine::new(&selection, Ctx { lang });
    let model = estimate::Model::builtin();
    let mut rendered: Vec<u8> = Vec::new();
    let mut problems = false;
    let mut json_docs = Vec::new();
    for input in &args.inputs {
        if !quiet {
            warn_cdc_size(input, lang);
        }
        let opened = source::open(input, args.profile.as_deref(), !args.no_schema)?;
        let info = InputInfo {
            path: input.display().to_string(),
            format: opened.kind.as_str(),
            detail: opened
                .detail
                .as_ref()
                .map(|(fr, en)| lang.pick(fr, en).to_string()),
        };
        let mut builder = ReportBuilder::new(info, lang, model.clone());
        let mut ids = crate::dupes::DuplicateIds::default();
        engine.run(opened.records, |c| {
            ids.check(input, &c.record)?;
            builder.add(&c.record, c.findings);
            Ok(())
        })?;
        if let Some(schema) = &opened.schema {
            let outcome = schema.lock().map(|o| o.clone()).unwrap_or_default();
            builder.set_schema(outcome.errors, outcome.count as u64);
        }
        let report = builder.finish();
        problems |= report.has_problems();
        if !quiet {
            let s = &report.summary;
            let est = s
                .estimate
                .map(|e| report::percent(e.rate, lang))
                .unwrap_or_default();
            eprintln!(
                "{} : {} {}, {} {}, {} {}",
                input.display(),
                s.records,
                lang.pick("titulaires", "holders"),
                s.records_at_risk,
                lang.pick("à risque", "at risk"),
                lang.pick("taux de rejet estimé", "estimated rejection rate"),
                est
            );
        }
        match args.format {
            ReportFormat::Text => {
                rendered.extend(report::text::render(&report, args.statistics).into_bytes())
            }
            ReportFormat::Json => json_docs.push(report::json::render(&report)),
            ReportFormat::Csv => {
                if rendered.is_empty() {
                    rendered.extend(report::csv::render(&report));
                } else {
                    // Later inputs: rows only, without BOM and header.
                    let more = report::csv::render(&report);
                    let body = more.splitn(2, |b| *b == b'\n').nth(1).unwrap_or(&[]);
                    rendered.extend_from_slice(body);
                }
            }
        }
    }
    if args.format == ReportFormat::Json {
        rendered = if json_docs.len() == 1 {
            json_docs.remove(0).into_bytes()
        } else {
            format!("[\n{}]\n", json_docs.join(",\n")).into_bytes()
        };
    }
    output::write_all(args.output.as_deref(), &rendered, args.force)?;
    Ok(if problems { 1 } else { 0 })
}

/// The CDC refuses a file over 200 MB (FORMAT.md §1). Not an error for accroche, which reads
/// any size in constant memory: a warning on standard error.
pub const CDC_MAX_FILE_SIZE: u64 = 200 * 1000 * 1000;

fn warn_cdc_size(input: &Path, lang: Lang) {
    let Ok(meta) = std::fs::metadata(input) else {
        return;
    };
    if meta.is_file() && meta.len() > CDC_MAX_FILE_SIZE {
        let mb = meta.len() / 1_000_000;
        eprintln!(
            "accroche: {}: {}",
            input.display(),
            match lang {
                Lang::Fr => format!("AVERTISSEMENT : {mb} Mo, au-delà de la limite de 200 Mo d'un dépôt CDC : le portail refusera ce fichier ; découpez-le en plusieurs dépôts"),
                Lang::En => format!("WARNING: {mb} MB, over the CDC's 200 MB limit for a deposit: the portal will refuse this file; split it into several deposits"),
            }
        );
    }
}

fn fix(args: &FixArgs, lang: Lang, quiet: bool, show_values: bool) -> Result<i32, InputError> {
    let selection = args.rules.selection();
    validate_selection(&selection)?;
    let input = &args.input;
    if let Some(out) = &args.output {
        output::check_not_input(out, std::slice::from_ref(input))?;
    }
    // Before any work: the audit must not overwrite the input either.
    if let Some(audit) = &args.audit {
        output::check_not_input(audit, std::slice::from_ref(input))?;
    }
    let opened = source::open(input, None, false)?;
    let records = opened.records;
    if opened.kind != source::Kind::Xml {
        return Err(InputError::new(
            input,
            "fix réécrit un dépôt XML ; pour un export CSV, utilisez d'abord la conversion",
            "fix rewrites an XML deposit; convert a CSV export first",
        ));
    }
    let engine = Engine::new(&selection, Ctx { lang });
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut splices = Vec::new();
    let mut changes: Vec<(String, u64, Vec<crate::engine::AppliedEdit>)> = Vec::new();
    let mut ids = crate::dupes::DuplicateIds::default();
    let mut refused = 0u64;
    engine.run(records, |c| {
        ids.check(input, &c.record)?;
        if c.findings.iter().all(|f| f.fix.is_none()) {
            return Ok(());
        }
        let edits = engine.fix(&c.record, min);
        if edits.is_empty() {
            return Ok(());
        }
        match xml::rewrite::splices(&c.record, &edits) {
            Ok(s) => {
                splices.extend(s);
                changes.push((c.record.id.clone(), c.record.line, edits));
            }
            Err(e) => {
                refused += 1;
                if !quiet {
                    eprintln!(
                        "accroche: {}:{}: {} {}: {}",
                        input.display(),
                        c.record.line,
                        c.record.id,
                        e.field,
                        lang.pick(&e.reason_fr, &e.reason_en)
                    );
                }
            }
        }
        Ok(())
    })?;
    splices.sort_by_key(|s| (s.start, s.end));

    if args.diff {
        let mut out = String::new();
        for (id, line, edits) in &changes {
            out.push_str(&format!("{id} ({} {line})\n", lang.pick("ligne", "line")));
            for e in edits {
                let show = |v: &Option<String>| {
                    v.as_deref()
                        .map(|t| lang.quote(t))
                        .unwrap_or_else(|| lang.pick("(absent)", "(absent)").into())
                };
                out.push_str(&format!("  - {}: {}\n", e.field, show(&e.from)));
                out.push_str(&format!(
                    "  + {}: {}   [{} {}]\n",
                    e.field,
                    show(&e.to),
                    e.rules.join(","),
                    report::applicability_label(e.applicability, lang)
                ));
            }
        }
        output::write_all(None, out.as_bytes(), false)?;
        return Ok(if changes.is_empty() { 0 } else { 1 });
    }

    let out_path = args
        .output
        .as_ref()
        .expect("clap requires -o without --diff");
    let mut pending = output::Pending::create(out_path, args.force)?;
    let file = std::fs::File::open(input).map_err(|e| crate::error::io_error(input, &e))?;
    {
        let mut w = std::io::BufWriter::new(pending.writer());
        xml::rewrite::apply(std::io::BufReader::new(file), &mut w, &splices)
            .map_err(|e| output::write_error(out_path, &e))?;
        w.flush().map_err(|e| output::write_error(out_path, &e))?;
    }
    // Read the result back before it takes the target's name: it must still be a deposit
    // with the same holders in the same order.
    verify_output(
        pending.temp_path(),
        input,
        out_path,
        args.allow_invalid,
        lang,
        show_values,
    )?;
    if let Some(audit) = &args.audit {
        output::write_all(Some(audit), &audit_csv(&changes, lang), args.force)?;
    }
    pending.commit()?;
    if !quiet {
        warn_cdc_size(out_path, lang);
        let n: usize = changes.iter().map(|c| c.2.len()).sum();
        eprintln!(
            "{} : {} {} {} {} ; {}{}",
            out_path.display(),
            n,
            lang.pick("modification(s) sur", "edit(s) on"),
            changes.len(),
            lang.pick("titulaire(s)", "holder(s)"),
            lang.pick("fichier vérifié", "file verified"),
            if refused > 0 {
                format!(
                    " ; {refused} {}",
                    lang.pick(
                        "correction(s) impossible(s) à écrire",
                        "fix(es) that could not be written"
                    )
                )
            } else {
                String::new()
            }
        );
    }
    Ok(0)
}

/// Reads the written file back before it takes its name: same holders in the same order
/// (compared by a hash of their ids), and valid against the schema unless `allow_invalid`.
fn verify_output(
    temp: &Path,
    input: &Path,
    target: &Path,
    allow_invalid: bool,
    lang: Lang,
    show_values: bool,
) -> Result<(), InputError> {
    fn digest(
        records: impl Iterator<Item = Result<crate::model::Record, InputError>>,
    ) -> Result<(u64, u64), InputError> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut n = 0u64;
        for r in records {
            r?.id.hash(&mut h);
            n += 1;
        }
        Ok((h.finish(), n))
    }
    let before = digest(xml::reader::open(input)?)?;
    let mut reader = xml::reader::open(temp)?;
    let schema = reader.validate_schema();
    let after = digest(reader).map_err(|e| {
        InputError::new(
            target,
            format!(
                "le fichier corrigé n'est pas lisible ({}) : rien n'a été écrit",
                e.message_fr
            ),
            format!(
                "the corrected file cannot be read back ({}): nothing was written",
                e.message_en
            ),
        )
    })?;
    if before != after {
        return Err(InputError::new(
            target,
            "le fichier corrigé ne contient pas les mêmes titulaires dans le même ordre : rien n'a été écrit",
            "the corrected file does not hold the same holders in the same order: nothing was written",
        ));
    }
    let outcome = schema.lock().map(|o| o.clone()).unwrap_or_default();
    if outcome.count > 0 && !allow_invalid {
        for e in outcome.errors.iter().take(20) {
            // Schema messages quote values (names, dates): shown only on request.
            let message = if show_values {
                lang.pick(&e.message_fr, &e.message_en).to_string()
            } else {
                format!(
                    "{} {}",
                    e.code,
                    lang.pick(
                        "(message masqué : --show-values pour l'afficher)",
                        "(message hidden: --show-values to show it)"
                    )
                )
            };
            eprintln!(
                "accroche: {} ({}) {}:{}: <{}> {}",
                input.display(),
                lang.pick("après correction, ligne", "after fixing, line"),
                e.line,
                e.column,
                e.element,
                message
            );
        }
        return Err(InputError::new(
            target,
            format!("{} erreur(s) de schéma resteraient après correction : rien n'a été écrit. Corrigez-les à la main (voir « accroche check »), ou ajoutez --allow-invalid pour écrire quand même", outcome.count),
            format!("{} schema error(s) would remain after fixing: nothing was written. Fix them by hand (see \"accroche check\"), or add --allow-invalid to write anyway", outcome.count),
        ));
    }
    Ok(())
}

fn audit_csv(changes: &[(String, u64, Vec<crate::engine::AppliedEdit>)], lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let headers = match lang {
        Lang::Fr => [
            "idTechnique",
            "ligne",
            "champ",
            "avant",
            "après",
            "règles",
            "sûreté",
        ],
        Lang::En => [
            "idTechnique",
            "line",
            "field",
            "before",
            "after",
            "rules",
            "applicability",
        ],
    };
    let _ = w.write_record(headers);
    for (id, line, edits) in changes {
        for e in edits {
            let _ = w.write_record([
                report::csv::neutralise(id),
                line.to_string(),
                e.field.name().to_string(),
                report::csv::neutralise(e.from.as_deref().unwrap_or("")),
                report::csv::neutralise(e.to.as_deref().unwrap_or("")),
                e.rules.join(","),
                e.applicability.as_str().to_string(),
            ]);
        }
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

fn list_rules(format: ListFormat, lang: Lang) -> Result<i32, InputError> {
    let mut out = String::new();
    match format {
        ListFormat::Text => {
            for r in rules::all() {
                let m = r.meta();
                let fix = match m.fix {
                    rules::FixAvailability::None => "",
                    rules::FixAvailability::Sometimes => {
                        lang.pick("  [correction parfois]", "  [fix sometimes]")
                    }
                    rules::FixAvailability::Always => lang.pick("  [correction]", "  [fix]"),
                };
                let preview = if m.preview {
                    lang.pick("  [préversion]", "  [preview]")
                } else {
                    ""
                };
                out.push_str(&format!(
                    "{}  {:<8} {}{}{}\n",
                    m.code,
                    report::severity_label(m.severity, lang),
                    m.summary(lang),
                    fix,
                    preview
                ));
            }
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules::all()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "code": m.code, "name": m.name, "severity": m.severity.as_str(),
                        "fix": format!("{:?}", m.fix).to_lowercase(), "preview": m.preview,
                        "summary": m.summary(lang),
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
    }
    output::write_all(None, out.as_bytes(), false)?;
    Ok(0)
}

fn explain_rule(code: &str, lang: Lang) -> Result<i32, InputError> {
    let Some(rule) = rules::by_code(code) else {
        return Err(InputError::new(
            Path::new(code),
            "règle inconnue (voir « accroche rules »)",
            "unknown rule (see \"accroche rules\")",
        ));
    };
    output::write_all(None, rule_doc(rule.meta(), lang).as_bytes(), false)?;
    Ok(0)
}

fn validate(input: &Path, format: ListFormat, lang: Lang) -> Result<i32, InputError> {
    let mut reader = xml::reader::open(input)?;
    let schema = reader.validate_schema();
    let mut passages = 0u64;
    for r in reader.by_ref() {
        r?;
        passages += 1;
    }
    let outcome = schema.lock().map(|o| o.clone()).unwrap_or_default();
    let mut out = String::new();
    match format {
        ListFormat::Text => {
            for e in &outcome.errors {
                out.push_str(&format!(
                    "{}:{}:{}: <{}> {}\n",
                    input.display(),
                    e.line,
                    e.column,
                    e.element,
                    lang.pick(&e.message_fr, &e.message_en)
                ));
            }
            if outcome.count > outcome.errors.len() {
                out.push_str(&format!(
                    "… {} {}\n",
                    outcome.count - outcome.errors.len(),
                    lang.pick("autres erreurs", "more errors")
                ));
            }
            out.push_str(&match (lang, outcome.count) {
                (Lang::Fr, 0) => format!(
                    "{} : conforme au schéma de la CDC ({passages} passages).\n",
                    input.display()
                ),
                (Lang::En, 0) => format!(
                    "{}: valid against the CDC schema ({passages} passages).\n",
                    input.display()
                ),
                (Lang::Fr, n) => format!(
                    "{} : {n} erreur(s) de schéma ; la CDC refuserait le fichier entier.\n",
                    input.display()
                ),
                (Lang::En, n) => format!(
                    "{}: {n} schema error(s); the CDC would refuse the whole file.\n",
                    input.display()
                ),
            });
        }
        ListFormat::Json => {
            let errors: Vec<serde_json::Value> = outcome
                .errors
                .iter()
                .map(|e| serde_json::json!({"line": e.line, "column": e.column, "element": e.element, "code": e.code, "message": lang.pick(&e.message_fr, &e.message_en)}))
                .collect();
            let doc = serde_json::json!({"path": input.display().to_string(), "passages": passages, "valid": outcome.count == 0, "error_count": outcome.count, "errors": errors});
            out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
        }
    }
    output::write_all(None, out.as_bytes(), false)?;
    Ok(if outcome.count == 0 { 0 } else { 1 })
}

fn name(names: &[String], format: ListFormat, lang: Lang) -> Result<i32, InputError> {
    let infos: Vec<crate::namecmd::NameInfo> =
        names.iter().map(|n| crate::namecmd::describe(n)).collect();
    let out = match format {
        ListFormat::Text => infos
            .iter()
            .map(|i| crate::namecmd::render_text(i, lang))
            .collect::<Vec<_>>()
            .join("\n"),
        ListFormat::Json => serde_json::to_string_pretty(&infos).unwrap_or_default() + "\n",
    };
    output::write_all(None, out.as_bytes(), false)?;
    Ok(0)
}

/// The documentation of a rule, under fixed headings.
pub fn rule_doc(m: &rules::RuleMeta, lang: Lang) -> String {
    let d = m.doc(lang);
    let headings = match lang {
        Lang::Fr => [
            "Ce qu'elle détecte",
            "Pourquoi la CDC rejette",
            "Exemple",
            "Sûreté de la correction",
        ],
        Lang::En => [
            "What it detects",
            "Why the CDC rejects it",
            "Example",
            "Fix safety",
        ],
    };
    format!(
        "{} ({}) — {}\n{} : {}\n\n## {}\n{}\n\n## {}\n{}\n\n## {}\n{}\n\n## {}\n{}\n",
        m.code,
        m.name,
        m.summary(lang),
        lang.pick("Gravité", "Severity"),
        report::severity_label(m.severity, lang),
        headings[0],
        d.what,
        headings[1],
        d.why,
        headings[2],
        d.example,
        headings[3],
        d.fix_safety
    )
}
