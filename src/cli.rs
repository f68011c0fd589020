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
use std::io::{Seek, Write};
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
    /// Écrit un dépôt corrigé (corrections sûres par défaut). Sur un export CSV : comme convert.
    Fix(FixArgs),
    /// Construit un dépôt CDC conforme à partir d'un export CSV (voir docs/convert.md).
    Convert(ConvertArgs),
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
    /// Explique les rejets d'un accusé de traitement de la CDC à partir du dépôt.
    Explain(ExplainArgs),
    /// Écrit un nouveau dépôt avec les seuls titulaires rejetés, corrigés.
    Refile(RefileArgs),
    /// Calcule les probabilités de rejet par règle observées sur un dépôt passé.
    Calibrate(CalibrateArgs),
    /// Simule le rapprochement de la CDC (entonnoir documenté) contre un registre
    /// d'identités CSV : titulaires retrouvés, rejetés, et avec quel message.
    Match {
        /// Dépôt XML (ou export CSV).
        input: PathBuf,
        /// Registre d'identités (CSV : nomNaissance, prenom1, sexe, anneeNaissance…).
        #[arg(long)]
        register: PathBuf,
        /// Écrit un accusé de traitement simulé, au format de la CDC.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Remplace le fichier de sortie s'il existe.
        #[arg(long)]
        force: bool,
        /// Ignore la ponctuation du nom de naissance (apostrophe, trait d'union, espace).
        #[arg(long)]
        ignore_name_punctuation: bool,
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

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Accusé de traitement de la CDC (XML, avec PassagesKO/PassagesOK).
    pub report: PathBuf,
    /// Dépôt auquel l'accusé répond.
    #[arg(long, required = true)]
    pub deposit: PathBuf,
    /// Fichier de calibration à écrire (par défaut la sortie standard).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Calibration de départ (par défaut rules/estimate.toml).
    #[arg(long)]
    pub calibration: Option<PathBuf>,
    /// Remplace le fichier de sortie s'il existe.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Accusé de traitement de la CDC (XML).
    pub report: PathBuf,
    /// Dépôt auquel l'accusé répond.
    #[arg(long, required = true)]
    pub deposit: PathBuf,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Fichier où écrire (par défaut la sortie standard).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Remplace le fichier de sortie s'il existe.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rules: RuleSelection,
}

#[derive(Args, Debug)]
pub struct RefileArgs {
    /// Accusé de traitement de la CDC (XML).
    pub report: PathBuf,
    /// Dépôt auquel l'accusé répond.
    #[arg(long, required = true)]
    pub deposit: PathBuf,
    /// Nouveau dépôt à écrire.
    #[arg(short, long, required = true)]
    pub output: PathBuf,
    /// Applique aussi les corrections à valider (non sûres).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Décisions d'un relecteur : le CSV de « accroche check --format csv », colonne décision remplie.
    #[arg(long)]
    pub decisions: Option<PathBuf>,
    /// Écrit le fichier même s'il reste des erreurs de schéma (la CDC le refuserait).
    #[arg(long)]
    pub allow_invalid: bool,
    /// Graine de l'idFlux (tests : idFlux reproductible).
    #[arg(long, hide = true)]
    pub seed: Option<u64>,
    /// Remplace le fichier de sortie s'il existe.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rules: RuleSelection,
}

#[derive(Args, Debug, Clone)]
pub struct RuleSelection {
    /// Règles ou familles à activer (ex. W,C001). Par défaut toutes sauf les règles en préversion.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Règles ou familles à ignorer.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Règles ou familles dont les corrections à valider sont traitées comme sûres (ex. S001) :
    /// votre décision, à prendre après avoir vérifié ces corrections sur vos dépôts.
    #[arg(long, value_delimiter = ',')]
    pub extend_safe_fixes: Vec<String>,
}

impl RuleSelection {
    fn selection(&self) -> Selection {
        Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            extend_safe_fixes: self.extend_safe_fixes.clone(),
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
    /// Probabilités de rejet par règle (même format que rules/estimate.toml).
    #[arg(long)]
    pub calibration: Option<PathBuf>,
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
    /// Applique exactement les corrections acceptées (colonne « décision ») dans le
    /// rapport CSV de « accroche check --format csv », et aucune autre.
    #[arg(long, conflicts_with = "unsafe_fixes")]
    pub decisions: Option<PathBuf>,
    /// Taille maximale d'un fichier déposé (limite de la CDC : 200 Mo). Au-delà, le dépôt
    /// corrigé est écrit en plusieurs fichiers valides SORTIE-1.xml, SORTIE-2.xml…
    #[arg(long, default_value = "200MB", value_parser = parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub rules: RuleSelection,
    #[command(flatten)]
    pub convert: ConvertOptions,
}

#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// Export CSV à convertir.
    pub input: PathBuf,
    /// Dépôt XML à écrire.
    #[arg(short, long, required_unless_present = "diff")]
    pub output: Option<PathBuf>,
    /// Applique aussi les corrections à valider (non sûres).
    #[arg(long, conflicts_with = "no_fix")]
    pub unsafe_fixes: bool,
    /// N'applique aucune correction : l'export est écrit tel quel.
    #[arg(long)]
    pub no_fix: bool,
    /// Affiche les modifications ligne par ligne sans rien écrire.
    #[arg(long)]
    pub diff: bool,
    /// Journal CSV de chaque modification.
    #[arg(long)]
    pub audit: Option<PathBuf>,
    /// Remplace les fichiers de sortie s'ils existent.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rules: RuleSelection,
    #[command(flatten)]
    pub convert: ConvertOptions,
}

/// Options of the conversion of an export (convert, and fix on a CSV input).
#[derive(Args, Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Configuration du dépôt (par défaut ./accroche.toml s'il existe).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Profil de colonnes de l'export (nom ou fichier .toml).
    #[arg(long)]
    pub profile: Option<String>,
    /// idClient de l'émetteur (remplace la configuration).
    #[arg(long, value_name = "ID")]
    pub emetteur: Option<String>,
    /// idClient du certificateur.
    #[arg(long, value_name = "ID")]
    pub certificateur: Option<String>,
    /// idContrat du certificateur.
    #[arg(long, value_name = "ID")]
    pub contrat: Option<String>,
    /// Type de certification (RNCP, RS) quand l'export n'en a pas.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Code de certification (RNCP35001…) quand l'export n'en a pas.
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Date d'obtention (dateDebutValidite, AAAA-MM-JJ) quand l'export n'en a pas.
    #[arg(long, value_name = "DATE")]
    pub date_obtention: Option<String>,
    /// idFlux imposé (sinon dérivé du contenu de l'export et de la configuration).
    #[arg(long, value_name = "ID")]
    pub id_flux: Option<String>,
    /// Horodatage imposé (AAAA-MM-JJThh:mm:ss+hh:mm ; sinon l'heure UTC courante).
    #[arg(long, value_name = "DATE")]
    pub horodatage: Option<String>,
    /// Liste CSV des lignes exclues (ligne, numéro, motif).
    #[arg(long, value_name = "FICHIER")]
    pub exclusions: Option<PathBuf>,
}

impl ConvertOptions {
    fn is_used(&self) -> bool {
        self.config.is_some()
            || self.profile.is_some()
            || self.emetteur.is_some()
            || self.certificateur.is_some()
            || self.contrat.is_some()
            || self.kind.is_some()
            || self.code.is_some()
            || self.date_obtention.is_some()
            || self.id_flux.is_some()
            || self.horodatage.is_some()
            || self.exclusions.is_some()
    }

    #[allow(clippy::too_many_arguments)]
    fn options(
        &self,
        input: &Path,
        output: Option<&Path>,
        fixes: Option<Applicability>,
        force: bool,
        diff: bool,
        audit: Option<&Path>,
        selection: Selection,
    ) -> crate::convert::Options {
        crate::convert::Options {
            input: input.to_path_buf(),
            output: output.map(Path::to_path_buf),
            config: self.config.clone(),
            profile: self.profile.clone(),
            fixes,
            force,
            diff,
            overrides: crate::convert::Overrides {
                emetteur: self.emetteur.clone(),
                certificateur: self.certificateur.clone(),
                contrat: self.contrat.clone(),
                kind: self.kind.clone(),
                code: self.code.clone(),
                date_obtention: self.date_obtention.clone(),
            },
            id_flux: self.id_flux.clone(),
            horodatage: self.horodatage.clone(),
            exclusions: self.exclusions.clone(),
            audit: audit.map(Path::to_path_buf),
            selection,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
    /// Page autonome à ouvrir dans un navigateur, même hors ligne.
    Html,
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
        Command::Convert(args) => convert(args, lang, cli.quiet),
        Command::Rules { format } => list_rules(*format, lang),
        Command::Rule { code } => explain_rule(code, lang),
        Command::Explain(args) => explain_cmd(args, lang, cli.quiet),
        Command::Refile(args) => refile_cmd(args, lang, cli.quiet),
        Command::Calibrate(args) => calibrate_cmd(args, lang, cli.quiet),
        Command::Match {
            input,
            register,
            output,
            force,
            ignore_name_punctuation,
        } => match_cmd(
            input,
            register,
            output.as_deref(),
            *force,
            *ignore_name_punctuation,
            lang,
        ),
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
        Path::new("--select/--ignore/--extend-safe-fixes"),
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
    if args.format == ReportFormat::Html && args.inputs.len() > 1 {
        return Err(InputError::new(
            Path::new("--format html"),
            "le rapport HTML porte sur un seul fichier : lancez une vérification par fichier",
            "the HTML report covers one file: run one check per file",
        ));
    }
    let engine = Engine::new(&selection, Ctx { lang });
    engine.warm_up();
    let model = match &args.calibration {
        Some(p) => load_calibration(p)?,
        None => estimate::Model::builtin(),
    };
    let mut problems = false;
    // One input: its report streams to the output once read. Several: the reports gather
    // in an anonymous spool file (nothing is written unless every input could be read),
    // copied to the output at the end.
    let several = args.inputs.len() > 1;
    let mut spool: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut direct: Option<output::Stream> = None;
    for (n, input) in args.inputs.iter().enumerate() {
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
        let mut progress = crate::progress::Progress::new(input, quiet, lang);
        let run = engine.run(opened.records, |c| {
            ids.check(input, c.record)?;
            progress.record(c.record, lang);
            builder
                .add(c.record, c.findings)
                .map_err(|e| output::write_error(&std::env::temp_dir(), &e))?;
            Ok(())
        });
        // A duplicate id before whatever stopped the run is the error to report.
        ids.finish(input)?;
        run?;
        progress.finish();
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
        let spool_error = |e: &std::io::Error| output::write_error(&std::env::temp_dir(), e);
        let w: &mut dyn Write = if several {
            if spool.is_none() {
                let file = output::anonymous_temp().map_err(|e| spool_error(&e))?;
                spool = Some(std::io::BufWriter::with_capacity(256 << 10, file));
            }
            spool.as_mut().expect("just created")
        } else {
            direct.insert(output::Stream::open(args.output.as_deref(), args.force)?)
        };
        let written = match args.format {
            ReportFormat::Text => report::text::write(&report, args.statistics, w),
            // Several documents: a JSON array of them.
            ReportFormat::Json => w
                .write_all(match (several, n) {
                    (false, _) => b"",
                    (true, 0) => b"[\n",
                    (true, _) => b",\n",
                })
                .and_then(|()| report::json::write(&report, w)),
            // Later inputs: rows only, without BOM and header.
            ReportFormat::Csv => report::csv::write(&report, n == 0, w),
            ReportFormat::Html => report::html::write(&report, w),
        };
        written.map_err(|e| match &direct {
            Some(out) => out.error(&e),
            None => spool_error(&e),
        })?;
    }
    if let Some(mut spool) = spool {
        if args.format == ReportFormat::Json {
            spool
                .write_all(b"]\n")
                .map_err(|e| output::write_error(&std::env::temp_dir(), &e))?;
        }
        let mut file = spool
            .into_inner()
            .map_err(|e| output::write_error(&std::env::temp_dir(), e.error()))?;
        let mut out = output::Stream::open(args.output.as_deref(), args.force)?;
        file.seek(std::io::SeekFrom::Start(0))
            .and_then(|_| std::io::copy(&mut file, &mut out))
            .map_err(|e| out.error(&e))?;
        direct = Some(out);
    }
    if let Some(out) = direct {
        out.finish()?;
    }
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
    if source::sniff(input)? == source::Kind::Csv {
        // An export: fixing it means building the deposit (same as `convert`), which is
        // never written invalid.
        if args.allow_invalid {
            return Err(InputError::new(
                Path::new("--allow-invalid"),
                "ne vaut que pour un dépôt XML : un export converti n'est jamais écrit invalide",
                "applies to an XML deposit only: a converted export is never written invalid",
            ));
        }
        let min = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let opts = args.convert.options(
            input,
            args.output.as_deref(),
            Some(min),
            args.force,
            args.diff,
            args.audit.as_deref(),
            selection,
        );
        return crate::convert::run(&opts, lang, quiet);
    }
    if args.convert.is_used() {
        return Err(InputError::new(
            input,
            "les options de conversion (--config, --profile, --emetteur…) ne valent que pour un export CSV",
            "conversion options (--config, --profile, --emetteur…) apply to a CSV export only",
        ));
    }
    let opened = source::open(input, None, false)?;
    let records = opened.records;
    let engine = Engine::new(&selection, Ctx { lang });
    engine.warm_up();
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    // Edits are kept only for the diff and the audit, in anonymous temporary files (memory
    // does not grow with them); otherwise only counted.
    let mut diff = if args.diff { Some(Spool::new()?) } else { None };
    let mut audit = match &args.audit {
        Some(_) => {
            let mut spool = Spool::new()?;
            spool.write(&audit_csv(&[], lang))?;
            Some(spool)
        }
        None => None,
    };
    let (mut edit_count, mut holder_count) = (0usize, 0usize);
    let mut ids = crate::dupes::DuplicateIds::default();
    let mut refused = 0u64;
    // The holders read, to compare with the corrected file without reading the input again.
    let mut input_digest = IdDigest::default();
    let mut decisions = match &args.decisions {
        Some(path) => Some(crate::decisions::load(path)?),
        None => None,
    };
    let decisions_path = args.decisions.clone().unwrap_or_default();
    // Fixes are computed in parallel with the rules (not with a reviewer's decisions).
    let automatic = args.decisions.is_none();
    let compute = |record: &crate::model::Record, findings: &[crate::finding::Finding]| {
        (automatic && findings.iter().any(|f| f.fix.is_some())).then(|| engine.fix(record, min))
    };
    // Each holder's splices, in input order: to the writer thread, or nowhere for --diff.
    let mut on_record = |c: crate::engine::Checked<'_>,
                         computed: Option<Vec<crate::engine::AppliedEdit>>,
                         send: &mut dyn FnMut(Vec<xml::rewrite::Splice>)|
     -> Result<(), InputError> {
        ids.check(input, c.record)?;
        input_digest.add(&c.record.id);
        let edits = match decisions.as_mut() {
            Some(d) => match d.by_record.remove(&c.record.id) {
                Some(accepted) => {
                    decided_edits(c.record, accepted).map_err(|(field, fr, en)| {
                        InputError::new(&decisions_path, fr, en)
                            .field(format!("{} {}", c.record.id, field))
                    })?
                }
                None => return Ok(()),
            },
            None => match computed {
                Some(edits) => edits,
                None => return Ok(()),
            },
        };
        if edits.is_empty() {
            return Ok(());
        }
        match xml::rewrite::splices(c.record, &edits) {
            Ok(mut s) => {
                s.sort_by_key(|s| (s.start, s.end));
                send(s);
                edit_count += edits.len();
                holder_count += 1;
                if diff.is_some() || audit.is_some() {
                    let change = [(c.record.id.clone(), c.record.line, edits)];
                    if let Some(spool) = &mut diff {
                        spool.write(render_diff(&change, lang).as_bytes())?;
                    }
                    if let Some(spool) = &mut audit {
                        spool.write(&audit_rows(&change, lang, false))?;
                    }
                }
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
    };

    if args.diff {
        let run = engine.run_map(records, compute, |c, computed| {
            on_record(c, computed, &mut |_| {})
        });
        // A duplicate id before whatever stopped the run is the error to report.
        ids.finish(input)?;
        run?;
        check_decisions_used(&decisions, &decisions_path)?;
        if let Some(spool) = diff {
            spool.copy_to(None, false)?;
        }
        return Ok(if holder_count == 0 { 0 } else { 1 });
    }

    let out_path = args
        .output
        .as_ref()
        .expect("clap requires -o without --diff");
    let mut pending = output::Pending::create(out_path, args.force)?;
    let temp = pending.temp_path().to_path_buf();
    let file = pending.writer();
    // The output is written and read back while the rules run (see `xml::stream_fix`).
    let ((splice_tx, splice_rx), (bytes_tx, bytes_rx)) = xml::stream_fix::channels();
    let (checked, written, verified) = std::thread::scope(|scope| {
        let writer =
            scope.spawn(move || xml::stream_fix::write_output(input, file, splice_rx, bytes_tx));
        let verifier = scope.spawn(|| xml::stream_fix::verify_output(&temp, bytes_rx));
        let checked = engine.run_map(records, compute, |c, computed| {
            on_record(c, computed, &mut |s| {
                // A send fails only if the writer stopped on an error: reported below.
                let _ = splice_tx.send(xml::stream_fix::Message::Splices(s));
            })
        });
        if checked.is_ok() {
            let _ = splice_tx.send(xml::stream_fix::Message::Done);
        }
        drop(splice_tx);
        let written = writer.join().expect("writer thread");
        let verified = verifier.join().expect("verifier thread");
        (checked, written, verified)
    });
    ids.finish(input)?;
    checked?;
    check_decisions_used(&decisions, &decisions_path)?;
    written.map_err(|e| output::write_error(out_path, &e))?;
    check_verified(
        verified,
        input,
        input_digest,
        out_path,
        args.allow_invalid,
        lang,
        show_values,
    )?;
    if let (Some(path), Some(spool)) = (&args.audit, audit) {
        spool.copy_to(Some(path), args.force)?;
    }
    let written = std::fs::metadata(pending.temp_path())
        .map(|m| m.len())
        .unwrap_or(0);
    if written > args.max_file_size {
        let parts = split_output(&pending, out_path, args.max_file_size, args.force)?;
        if !quiet {
            eprintln!(
                "{} : {} {} ({})",
                out_path.display(),
                lang.pick(
                    "dépôt corrigé trop gros pour un seul fichier, écrit en",
                    "corrected deposit too big for one file, written as"
                ),
                parts.len(),
                parts
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        return Ok(0);
    }
    pending.commit()?;
    if !quiet {
        warn_cdc_size(out_path, lang);
        eprintln!(
            "{} : {} {} {} {} ; {}{}",
            out_path.display(),
            edit_count,
            lang.pick("modification(s) sur", "edit(s) on"),
            holder_count,
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

fn match_cmd(
    input: &Path,
    register: &Path,
    output: Option<&Path>,
    force: bool,
    ignore_punct: bool,
    lang: Lang,
) -> Result<i32, InputError> {
    if let Some(out) = output {
        output::check_not_input(out, &[input.to_path_buf(), register.to_path_buf()])?;
    }
    let reg = crate::matching::Register::load(register, ignore_punct)?;
    let opened = source::open(input, None, false)?;
    let mut rejected: Vec<(String, &'static str)> = Vec::new();
    let mut accepted: Vec<String> = Vec::new();
    for r in opened.records {
        let r = r?;
        if !r.is_civil_status() {
            accepted.push(r.id);
            continue;
        }
        match reg.matches(&r) {
            crate::matching::Outcome::Matched => accepted.push(r.id),
            crate::matching::Outcome::Rejected(msg) => rejected.push((r.id, msg)),
        }
    }
    let total = (accepted.len() + rejected.len()).max(1) as f64;
    let mut by_msg: std::collections::BTreeMap<&str, usize> = Default::default();
    for (_, m) in &rejected {
        *by_msg.entry(m).or_default() += 1;
    }
    let mut text = format!(
        "{} : {} {}, {} {} ({}) ; {} {}\n",
        input.display(),
        accepted.len(),
        lang.pick("retrouvés", "matched"),
        rejected.len(),
        lang.pick("rejetés", "rejected"),
        report::percent(rejected.len() as f64 / total, lang),
        reg.len(),
        lang.pick("personnes dans le registre", "people in the register"),
    );
    for (m, n) in by_msg {
        text.push_str(&format!("{n:>8}  {m}\n"));
    }
    if let Some(out) = output {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        output::write_all(
            Some(out),
            crate::matching::report_xml(&name, &rejected, &accepted).as_bytes(),
            force,
        )?;
    }
    output::write_all(None, text.as_bytes(), false)?;
    Ok(if rejected.is_empty() { 0 } else { 1 })
}

/// Parses `200MB`, `1.5GB`, `500k`, `1000` (bytes); units are powers of 1000.
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase().replace(',', ".");
    let t = t
        .strip_suffix("O")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t)
        .trim();
    let (num, mult) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('G') => (&t[..t.len() - 1], 1e9),
        _ => (t, 1.0),
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("taille illisible : {text} (ex. 200MB)"))?;
    if v <= 0.0 {
        return Err(format!("taille illisible : {text} (ex. 200MB)"));
    }
    Ok((v * mult) as u64)
}

/// Splits the verified output into parts under `max` bytes, validates each, then renames
/// them all into place. The whole output stays in the temporary file until then.
fn split_output(
    pending: &output::Pending,
    target: &Path,
    max: u64,
    force: bool,
) -> Result<Vec<PathBuf>, InputError> {
    let src = pending.temp_path();
    let layout = xml::split::layout(src).map_err(|e| output::write_error(target, &e))?;
    let plan = xml::split::plan(&layout, max)
        .map_err(|e| output::write_error(target, &e))?
        .map_err(|need| {
            InputError::new(
                target,
                format!(
                "un seul passage avec son enveloppe fait {need} octets, plus que --max-file-size"
            ),
                format!(
                "a single passage with its envelope takes {need} bytes, more than --max-file-size"
            ),
            )
        })?;
    let mut id_reader = xml::reader::open(src)?;
    for r in id_reader.by_ref().take(1) {
        r?;
    }
    let id_flux = id_reader
        .info
        .id_flux
        .clone()
        .unwrap_or_else(|| "accroche".into());
    let mut parts = Vec::new();
    for (n, part) in plan.iter().enumerate() {
        let path = xml::split::part_path(target, n + 1);
        let mut p = output::Pending::create(&path, force)?;
        {
            let mut w = std::io::BufWriter::new(p.writer());
            xml::split::write_part(
                src,
                &layout,
                part,
                &xml::split::part_id_flux(&id_flux, n + 1),
                &mut w,
            )
            .map_err(|e| output::write_error(&path, &e))?;
            w.flush().map_err(|e| output::write_error(&path, &e))?;
        }
        let mut check = xml::reader::open(p.temp_path())?;
        let schema = check.validate_schema();
        for r in check.by_ref() {
            r?;
        }
        let count = schema.lock().map(|o| o.count).unwrap_or(0);
        if count > 0 {
            return Err(InputError::new(
                &path,
                format!("la partie {} n'est pas conforme au schéma ({count} erreurs) : rien n'a été écrit", n + 1),
                format!("part {} is not schema-valid ({count} errors): nothing was written", n + 1),
            ));
        }
        parts.push(p);
    }
    let mut names = Vec::new();
    for p in parts {
        names.push(p.target().to_path_buf());
        p.commit()?;
    }
    Ok(names)
}

/// Turns a reviewer's accepted edits for one record into net edits, checking that each
/// still applies to the value in the deposit and that two accepted edits do not disagree.
fn decided_edits(
    record: &crate::model::Record,
    accepted: Vec<(String, crate::finding::Edit)>,
) -> Result<Vec<crate::engine::AppliedEdit>, (String, String, String)> {
    let mut out: Vec<crate::engine::AppliedEdit> = Vec::new();
    for (rule, e) in accepted {
        let current = record
            .get(e.field)
            .filter(|v| !v.nil)
            .map(|v| v.text.clone());
        if let Some(prev) = out.iter_mut().find(|a| a.field == e.field) {
            if prev.to == e.to {
                continue;
            }
            // A second edit may continue the first (W001 then H001 on the same field).
            if prev.to == e.from {
                prev.to = e.to.clone();
                continue;
            }
            return Err((
                e.field.name().to_string(),
                "deux corrections acceptées donnent des valeurs différentes pour ce champ".into(),
                "two accepted fixes give different values for this field".into(),
            ));
        }
        if current != e.from {
            return Err((
                e.field.name().to_string(),
                "la valeur du dépôt ne correspond plus à celle du rapport relu : refaites le rapport sur ce dépôt".into(),
                "the deposit's value no longer matches the reviewed report: run the report again on this deposit".into(),
            ));
        }
        let rule: &'static str = crate::rules::by_code(&rule)
            .map(|r| r.meta().code)
            .unwrap_or("décision");
        out.push(crate::engine::AppliedEdit {
            field: e.field,
            from: e.from,
            to: e.to,
            rules: vec![rule],
            applicability: crate::finding::Applicability::Unsafe,
        });
    }
    out.retain(|a| a.from != a.to);
    Ok(out)
}

fn convert(args: &ConvertArgs, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    let selection = args.rules.selection();
    validate_selection(&selection)?;
    let fixes = match (args.no_fix, args.unsafe_fixes) {
        (true, _) => None,
        (false, true) => Some(Applicability::Unsafe),
        (false, false) => Some(Applicability::Safe),
    };
    let opts = args.convert.options(
        &args.input,
        args.output.as_deref(),
        fixes,
        args.force,
        args.diff,
        args.audit.as_deref(),
        selection,
    );
    crate::convert::run(&opts, lang, quiet)
}

/// The edits holder by holder, as `fix --diff` prints them.
pub(crate) fn render_diff(
    changes: &[(String, u64, Vec<crate::engine::AppliedEdit>)],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for (id, line, edits) in changes {
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
    out
}

/// Reads the written file back before it takes its name: same holders in the same order
/// (compared by a hash of their ids), and valid against the schema unless `allow_invalid`.
/// An order-sensitive digest of the holders' ids, and their count.
use xml::stream_fix::IdDigest;

/// Decisions about holders that are not in the deposit: probably the wrong deposit.
fn check_decisions_used(
    decisions: &Option<crate::decisions::Decisions>,
    path: &Path,
) -> Result<(), InputError> {
    if let Some(d) = decisions {
        if let Some(id) = d.by_record.keys().min() {
            return Err(InputError::new(
                path,
                format!("{} titulaire(s) du fichier de décisions absents du dépôt (par exemple « {id} ») : est-ce le bon dépôt ?", d.by_record.len()),
                format!("{} holder(s) of the decisions file are not in the deposit (e.g. \"{id}\"): is this the right deposit?", d.by_record.len()),
            ));
        }
    }
    Ok(())
}

/// The corrected file, read back as it was written, must hold the same holders in the same
/// order and (unless `allow_invalid`) follow the schema.
fn check_verified(
    verified: Result<(IdDigest, crate::xml::reader::SchemaOutcome), InputError>,
    input: &Path,
    before: IdDigest,
    target: &Path,
    allow_invalid: bool,
    lang: Lang,
    show_values: bool,
) -> Result<(), InputError> {
    let (after, outcome) = verified.map_err(|e| {
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

/// Text gathered for the end of a run (a diff, an audit trail) in an anonymous temporary
/// file, so that memory does not grow with the number of edits.
struct Spool(std::io::BufWriter<std::fs::File>);

fn temp_error(e: &std::io::Error) -> InputError {
    output::write_error(&std::env::temp_dir(), e)
}

impl Spool {
    fn new() -> Result<Spool, InputError> {
        let file = output::anonymous_temp().map_err(|e| temp_error(&e))?;
        Ok(Spool(std::io::BufWriter::with_capacity(64 << 10, file)))
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), InputError> {
        self.0.write_all(bytes).map_err(|e| temp_error(&e))
    }

    /// Copies everything to `target` (standard output when `None`), as [`output::write_all`].
    fn copy_to(self, target: Option<&Path>, force: bool) -> Result<(), InputError> {
        let mut file = self.0.into_inner().map_err(|e| temp_error(e.error()))?;
        file.seek(std::io::SeekFrom::Start(0))
            .map_err(|e| temp_error(&e))?;
        let mut out = output::Stream::open(target, force)?;
        std::io::copy(&mut file, &mut out).map_err(|e| out.error(&e))?;
        out.finish()
    }
}

pub(crate) fn audit_csv(
    changes: &[(String, u64, Vec<crate::engine::AppliedEdit>)],
    lang: Lang,
) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(audit_rows(changes, lang, true));
    out
}

/// The audit trail's rows, under its header row when `header` (no byte order mark).
fn audit_rows(
    changes: &[(String, u64, Vec<crate::engine::AppliedEdit>)],
    lang: Lang,
    header: bool,
) -> Vec<u8> {
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
    if header {
        let _ = w.write_record(headers);
    }
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
    w.into_inner().unwrap_or_default()
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

/// Reads a calibration file (the format of `rules/estimate.toml`).
fn load_calibration(path: &Path) -> Result<estimate::Model, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::io_error(path, &e))?;
    let model = estimate::Model::parse(&text).map_err(|e| {
        InputError::new(
            path,
            format!("fichier de calibration illisible : {e}"),
            format!("unreadable calibration file: {e}"),
        )
    })?;
    let unknown: Vec<&str> = model
        .rules
        .keys()
        .filter(|c| rules::by_code(c).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(InputError::new(
            path,
            format!(
                "règle inconnue dans la calibration : {}",
                unknown.join(", ")
            ),
            format!("unknown rule in the calibration: {}", unknown.join(", ")),
        ));
    }
    let bad = |p: &estimate::Prob| {
        !(0.0..=1.0).contains(&p.p)
            || !(0.0..=1.0).contains(&p.low)
            || !(0.0..=1.0).contains(&p.high)
    };
    if bad(&model.base) || model.rules.values().any(bad) {
        return Err(InputError::new(
            path,
            "probabilité hors de [0, 1] dans la calibration",
            "probability outside [0, 1] in the calibration",
        ));
    }
    Ok(model)
}

fn explain_cmd(args: &ExplainArgs, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    let selection = args.rules.selection();
    validate_selection(&selection)?;
    if let Some(out) = &args.output {
        output::check_not_input(out, &[args.report.clone(), args.deposit.clone()])?;
    }
    let report = crate::cdc_report::read(&args.report)?;
    let engine = Engine::new(&selection, Ctx { lang });
    let x = crate::explain::explain(&report, &args.deposit, &engine)?;
    let text = match args.format {
        ListFormat::Text => crate::explain::render_text(&x, &report, &args.deposit, lang),
        ListFormat::Json => crate::explain::render_json(&x, &report, &args.deposit),
    };
    if !quiet {
        for (fr, en) in &x.warnings {
            eprintln!("accroche: {}", lang.pick(fr, en));
        }
    }
    output::write_all(args.output.as_deref(), text.as_bytes(), args.force)?;
    Ok(if x.has_problems() { 1 } else { 0 })
}

fn refile_cmd(args: &RefileArgs, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    let selection = args.rules.selection();
    validate_selection(&selection)?;
    let report = crate::cdc_report::read(&args.report)?;
    let decisions = args
        .decisions
        .as_deref()
        .map(crate::refile::Decisions::read)
        .transpose()?;
    let engine = Engine::new(&selection, Ctx { lang });
    let opts = crate::refile::RefileOptions {
        unsafe_fixes: args.unsafe_fixes,
        decisions: decisions.as_ref(),
        seed: args.seed,
        force: args.force,
        allow_invalid: args.allow_invalid,
    };
    let o = crate::refile::refile(&report, &args.deposit, &args.output, &engine, &opts)?;
    if !quiet {
        for id in &o.missing {
            eprintln!(
                "accroche: {}: {id}: {}",
                args.deposit.display(),
                lang.pick(
                    "passage rejeté absent du dépôt (non redéposé)",
                    "rejected passage not in the deposit (not sent again)"
                )
            );
        }
        if !o.not_in_report.is_empty() {
            eprintln!(
                "accroche: {}: {} {}",
                args.deposit.display(),
                o.not_in_report.len(),
                lang.pick(
                    "passage(s) absent(s) de l'accusé ni OK ni KO : non redéposés",
                    "passage(s) listed neither OK nor KO by the report: not sent again"
                )
            );
        }
        for (id, field) in &o.refused {
            eprintln!(
                "accroche: {id} {field}: {}",
                lang.pick(
                    "correction impossible à écrire (passage gardé tel quel)",
                    "fix that cannot be written (passage kept as is)"
                )
            );
        }
        if o.stale_decisions > 0 {
            eprintln!(
                "accroche: {}: {} {}",
                args.decisions.as_deref().unwrap_or(Path::new("")).display(),
                o.stale_decisions,
                lang.pick(
                    "décision(s) ignorée(s) : la valeur du dépôt a changé",
                    "decision(s) ignored: the deposit value changed"
                )
            );
        }
        for e in &o.schema_errors {
            eprintln!("accroche: {}:{e}", args.output.display());
        }
    }
    if !o.written {
        if !quiet {
            eprintln!(
                "accroche: {}",
                lang.pick(
                    "aucun titulaire à redéposer : aucun fichier écrit",
                    "no holder to send again: no file written"
                )
            );
        }
        return Ok(0);
    }
    if !quiet {
        let n: usize = o.edited.iter().map(|c| c.2.len()).sum();
        eprintln!(
            "{} : {} {} ({} {} {} {}), idFlux {} ; {}",
            args.output.display(),
            o.kept.len(),
            lang.pick("titulaire(s) à redéposer", "holder(s) to send again"),
            n,
            lang.pick("modification(s) sur", "edit(s) on"),
            o.edited.len(),
            lang.pick("titulaire(s)", "holder(s)"),
            o.id_flux,
            if o.schema_errors.is_empty() {
                lang.pick("fichier vérifié", "file verified").to_string()
            } else {
                format!(
                    "{} {}",
                    o.schema_errors.len(),
                    lang.pick(
                        "erreur(s) de schéma restent : corrigez-les à la main, sinon la CDC refusera tout le fichier",
                        "schema error(s) remain: fix them by hand, or the CDC will refuse the whole file"
                    )
                )
            }
        );
    }
    Ok(if o.schema_errors.is_empty() { 0 } else { 1 })
}

fn calibrate_cmd(args: &CalibrateArgs, lang: Lang, quiet: bool) -> Result<i32, InputError> {
    if let Some(out) = &args.output {
        output::check_not_input(out, &[args.report.clone(), args.deposit.clone()])?;
    }
    let current = match &args.calibration {
        Some(p) => load_calibration(p)?,
        None => estimate::Model::builtin(),
    };
    let report = crate::cdc_report::read(&args.report)?;
    let engine = Engine::new(&Selection::default(), Ctx { lang });
    let obs = crate::calibrate::observe(&report, &args.deposit, &engine)?;
    let model = crate::calibrate::calibrate(&current, &obs);
    let before = crate::calibrate::fit(&current, &obs);
    let after = crate::calibrate::fit(&model, &obs);
    if !quiet {
        eprintln!(
            "{} {} ; {} {} ({}) → {} ; {} {:.4} → {:.4} ({})",
            lang.pick("Taux de rejet observé", "Observed rejection rate"),
            report::percent(before.observed, lang),
            lang.pick("prévu", "predicted"),
            report::percent(before.predicted, lang),
            lang.pick("avant", "before"),
            report::percent(after.predicted, lang),
            lang.pick("score de Brier", "Brier score"),
            before.brier,
            after.brier,
            lang.pick(
                "sur les mêmes données : à vérifier sur un autre dépôt",
                "in-sample: check on another deposit"
            ),
        );
        eprintln!("{}", lang.pick("  probabilité prévue  titulaires  prévu moyen  observé (avant → après calibrage)", "  predicted probability  holders  mean predicted  observed (before → after calibration)"));
        for (b, a) in before.bins.iter().zip(after.bins.iter()) {
            eprintln!(
                "  ≤ {:>5}  {:>8} → {:<8} {:>8} → {:<8} {:>8} → {}",
                report::percent(b.0, lang),
                b.1,
                a.1,
                report::percent(b.2, lang),
                report::percent(a.2, lang),
                report::percent(b.3, lang),
                report::percent(a.3, lang)
            );
        }
    }
    let source = format!("{} + {}", args.report.display(), args.deposit.display());
    let text = crate::calibrate::to_toml(&model, &obs, &source);
    output::write_all(args.output.as_deref(), text.as_bytes(), args.force)?;
    if !quiet {
        eprintln!(
            "{} : {} {}, {} {}",
            args.report.display(),
            obs.base.holders,
            lang.pick("titulaire(s) sans constat", "holder(s) without finding"),
            obs.skipped,
            lang.pick(
                "passage(s) ignoré(s) (hors accusé ou rejet hors identité)",
                "passage(s) skipped (not in the report or rejected for another reason)"
            )
        );
    }
    Ok(0)
}
