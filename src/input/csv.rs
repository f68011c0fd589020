//! Streaming CSV reader for student-system exports, producing `model::Record`s.
//!
//! The file is read through a transcoding reader (UTF-8 or Windows-1252 → UTF-8), so it is
//! never loaded whole. Encoding, separator and profile are detected from its start.

use super::profile::{self, normalize_header, DateFormat, Profile, Ymd};
use crate::error::{io_error, InputError};
use crate::model::{Certification, Field, Location, ReaderNote, Record, SourceFormat, Value};
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8, WINDOWS_1252};
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

/// How many bytes of the file's start are looked at to detect the encoding and separator.
const SAMPLE: usize = 1 << 20;
/// Longest physical line accepted, in bytes (decoded): a real export row is a few hundred
/// bytes; a longer line is a binary file or a runaway cell, refused before it fills memory.
pub const MAX_LINE: u64 = 1 << 20;
/// Separators tried, by priority on ties.
const SEPARATORS: [u8; 4] = [b';', b',', b'\t', b'|'];

/// Note codes the reader attaches to records.
pub mod notes {
    /// Civil-status first name and sex used instead of the usage ones (APOGEE `TEM_PR_USAGE`).
    pub const CIVIL_STATUS_USED: &str = "I001";
    /// The birth date is estimated (APOGEE `TEM_DATE_NAI_REL`).
    pub const ESTIMATED_BIRTH_DATE: &str = "I002";
    /// No INSEE commune code: a later rule may recover it from the town name.
    pub const MISSING_INSEE_CODE: &str = "I003";
    /// The birth month written in the NIR (digits 4–5), as `detail` (`1`–`12`); the NIR
    /// itself is not kept.
    pub const NIR_BIRTH_MONTH: &str = "I004";
}

type Source = Box<dyn Read + Send>;

/// Offsets (in the decoded stream) of the line-break bytes (`\r`, `\n`) the transcoder has
/// produced and the reader has not yet passed: physical line numbers, right even with quoted
/// multi-line cells.
#[derive(Debug, Default)]
struct Lines {
    /// Newlines before the first queued offset.
    passed: u64,
    /// (offset, counts as a line break).
    pending: std::collections::VecDeque<(u64, bool)>,
    /// Bytes produced so far.
    produced: u64,
}

/// The line tracker is only shared between a reader and its own transcoder; a poisoned lock
/// (a panic elsewhere) still holds usable counts.
fn lock(lines: &SharedLines) -> std::sync::MutexGuard<'_, Lines> {
    lines
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Lines {
    /// 1-based line where a record's content starts. The CSV parser's record start may sit on
    /// the previous record's line break and blank lines, which are skipped here. Starts must
    /// not decrease between calls.
    fn line_of_record(&mut self, start: u64) -> u64 {
        let mut at = start;
        while let Some(&(o, nl)) = self.pending.front() {
            if o > at {
                break;
            }
            if o == at {
                at += 1;
            }
            self.pending.pop_front();
            self.passed += u64::from(nl);
        }
        self.passed + 1
    }
}

type SharedLines = std::sync::Arc<std::sync::Mutex<Lines>>;

/// Reads the records of one CSV export. Iterate it to get `Result<Record, InputError>`.
pub struct CsvReader {
    path: PathBuf,
    profile: Profile,
    encoding: &'static Encoding,
    separator: u8,
    headers: Vec<String>,
    cols: Vec<Option<usize>>,
    date_formats: Vec<DateFormat>,
    sex_codes: Vec<(String, &'static str)>,
    nil_values: Vec<String>,
    true_values: Vec<String>,
    reader: ::csv::Reader<Source>,
    lines: SharedLines,
    row: ::csv::StringRecord,
    index: usize,
    peeked: Option<Result<Record, InputError>>,
    done: bool,
}

/// Opens an export. `profile` is a built-in name or a path to a TOML profile; `None`
/// recognises the profile from the header.
pub fn open(path: &Path, profile: Option<&str>) -> Result<CsvReader, InputError> {
    CsvReader::open(path, profile)
}

fn err(path: &Path, fr: impl Into<String>, en: impl Into<String>) -> InputError {
    InputError::new(path, fr, en)
}

fn known_profiles() -> String {
    profile::builtin_names().join(", ")
}

impl CsvReader {
    pub fn open(path: &Path, profile_arg: Option<&str>) -> Result<CsvReader, InputError> {
        // An explicit profile is resolved first so that its errors come before the file's.
        let explicit = match profile_arg {
            None => None,
            Some(arg) => Some(resolve_profile(path, arg)?),
        };
        let mut file = File::open(path).map_err(|e| io_error(path, &e))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(io_error(
                path,
                &io::Error::from(io::ErrorKind::IsADirectory),
            ));
        }
        let sample = read_sample(&mut file).map_err(|e| io_error(path, &e))?;
        if sample.is_empty() {
            return Err(err(path, "fichier vide", "empty file"));
        }
        if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
            return Err(err(
                path,
                "encodage UTF-16 non pris en charge : réenregistrez le fichier en UTF-8 ou Windows-1252",
                "UTF-16 encoding is not supported: save the file as UTF-8 or Windows-1252",
            ));
        }
        if let Some(pos) = memchr::memchr(0, &sample) {
            let line = 1 + memchr::memchr_iter(b'\n', &sample[..pos]).count() as u64;
            return Err(err(
                path,
                "octet nul : fichier UTF-16 ou binaire, pas un CSV (réenregistrez-le en UTF-8 ou Windows-1252)",
                "NUL byte: UTF-16 or binary file, not a CSV (save it as UTF-8 or Windows-1252)",
            )
            .at(line, None));
        }
        let bom = sample.starts_with(b"\xEF\xBB\xBF");
        let body = if bom { &sample[3..] } else { &sample[..] };
        let utf8_state = utf8_state(body);
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(err(path, "fichier vide", "empty file"));
        }

        // The sample, decoded the way it suggests (a character cut at its end is dropped).
        let sample_text = if utf8_state == Utf8State::Invalid {
            WINDOWS_1252.decode_without_bom_handling(body).0
        } else {
            String::from_utf8_lossy(body)
        };
        let forced_sep = explicit
            .as_ref()
            .and_then(|p| p.separator_byte().ok().flatten());
        let separator = match forced_sep {
            Some(s) => s,
            None => detect_separator(&sample_text).ok_or_else(|| {
                err(
                    path,
                    "aucun séparateur (« ; », « , », tabulation, « | ») sur la ligne d'en-tête",
                    "no separator (';', ',', tab, '|') on the header line",
                )
                .at(1, None)
            })?,
        };
        let headers = parse_header(&sample_text, separator);
        drop(sample_text);
        let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();

        let profile = match explicit {
            Some(p) => p,
            None => profile::detect(&headers).ok_or_else(|| {
                // A file without a header would show its first holder here: the cells are
                // a value, shown only on request.
                let shown: Vec<&str> = headers.iter().take(8).map(|s| s.as_str()).collect();
                err(
                    path,
                    format!(
                        "en-tête non reconnu ({} colonnes) : choisissez un profil avec --profile parmi {} ou donnez le chemin d'un profil TOML",
                        headers.len(),
                        known_profiles()
                    ),
                    format!(
                        "unrecognised header ({} columns): choose a profile with --profile among {} or give the path of a TOML profile",
                        headers.len(),
                        known_profiles()
                    ),
                )
                .at(1, None)
                .value(format!("{}…", shown.join(", ")))
            })?,
        };
        let missing = profile.missing_required(&norm);
        if let Some(first) = missing.first() {
            let list: Vec<String> = missing
                .iter()
                .map(|t| format!("{t} ({})", profile.aliases_of(t)))
                .collect();
            return Err(err(
                path,
                format!(
                    "colonnes obligatoires absentes pour le profil {} : {}",
                    profile.name,
                    list.join(", ")
                ),
                format!(
                    "required columns missing for profile {}: {}",
                    profile.name,
                    list.join(", ")
                ),
            )
            .at(1, None)
            .field(*first));
        }

        let (encoding, strict) = match utf8_state {
            _ if bom => (UTF_8, true),
            Utf8State::NonAscii => (UTF_8, true),
            Utf8State::Invalid => (WINDOWS_1252, false),
            Utf8State::Ascii => {
                let hint = profile.encoding_hint();
                (hint, hint == UTF_8)
            }
        };
        let start = if bom { 3 } else { 0 };
        let lines = SharedLines::default();
        let source: Source = Box::new(Transcoder::new(
            Cursor::new(sample).chain(file),
            start,
            encoding,
            strict,
            lines.clone(),
        ));
        let reader = ::csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(source);

        let cols = profile::TARGETS
            .iter()
            .map(|t| profile.find_column(t, &norm))
            .collect();
        let date_formats = profile
            .date_formats
            .iter()
            .filter_map(|f| DateFormat::parse(f))
            .collect();
        let mut sex_codes: Vec<(String, &'static str)> =
            [("M", "M"), ("F", "F"), ("H", "M"), ("1", "M"), ("2", "F")]
                .iter()
                .map(|(a, b)| (a.to_string(), *b))
                .collect();
        for (code, to) in &profile.sex {
            let to = if to == "M" { "M" } else { "F" };
            sex_codes.retain(|(c, _)| *c != fold(code));
            sex_codes.push((fold(code), to));
        }
        let nil_values = profile.nil_values.iter().map(|v| fold(v)).collect();
        let true_values = profile.true_values.iter().map(|v| fold(v)).collect();

        let mut me = CsvReader {
            path: path.to_path_buf(),
            profile,
            encoding,
            separator,
            headers,
            cols,
            date_formats,
            sex_codes,
            nil_values,
            true_values,
            reader,
            lines,
            row: ::csv::StringRecord::new(),
            index: 0,
            peeked: None,
            done: false,
        };
        // The real header row (read through the transcoder, to stay in step).
        match me.reader.read_record(&mut me.row) {
            Ok(true) => {}
            Ok(false) => return Err(err(path, "fichier vide", "empty file")),
            Err(e) => return Err(me.csv_error(e)),
        }
        match me.read_next() {
            None => Err(err(
                path,
                "aucune ligne de données après l'en-tête",
                "no data rows after the header",
            )
            .at(1, None)),
            Some(first) => {
                me.peeked = Some(first);
                Ok(me)
            }
        }
    }

    /// Name of the profile in use.
    pub fn profile_name(&self) -> &str {
        &self.profile.name
    }

    /// The profile in use.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Encoding the file is decoded with (`UTF-8` or `windows-1252`).
    pub fn encoding_name(&self) -> &str {
        self.encoding.name()
    }

    /// The column separator.
    pub fn separator(&self) -> u8 {
        self.separator
    }

    /// The header's column names, as written.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The row key (student number) of the row last returned, also when that row was refused.
    pub fn current_key(&self) -> Option<String> {
        self.cell("key").map(str::to_string)
    }

    /// Whether the reader has stopped: an error returned now is fatal for the file, not a
    /// refused row.
    pub fn is_done(&self) -> bool {
        self.done && self.peeked.is_none()
    }

    /// Whether the profile maps a target (e.g. `certificationCode`) to a column of this file.
    pub fn has_column(&self, target: &str) -> bool {
        self.mapped(target)
    }

    fn read_next(&mut self) -> Option<Result<Record, InputError>> {
        loop {
            match self.reader.read_record(&mut self.row) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {
                    // Rows made only of separators (spreadsheet leftovers) are skipped.
                    if self.row.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let start = self.row.position().map(|p| p.byte()).unwrap_or(0);
                    let line = lock(&self.lines).line_of_record(start);
                    let index = self.index;
                    self.index += 1;
                    return Some(self.build(index, line));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.csv_error(e)));
                }
            }
        }
    }

    fn csv_error(&self, e: ::csv::Error) -> InputError {
        let line = e.position().map(|p| p.line());
        let mut out = match e.into_kind() {
            ::csv::ErrorKind::Io(io_err) => {
                if let Some(m) = io_err
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<Malformed>())
                {
                    if m.too_long {
                        return err(
                            &self.path,
                            format!("ligne de plus de {MAX_LINE} octets : ce n'est pas un export d'étudiants (fichier binaire ou cellule sans fin ?)"),
                            format!("line longer than {MAX_LINE} bytes: not a student export (binary file or runaway cell?)"),
                        )
                        .at(m.line, None);
                    }
                    return err(
                        &self.path,
                        "octets invalides en UTF-8 alors que le début du fichier est en UTF-8 ou sans accent : le fichier mélange des encodages (réenregistrez-le entièrement en UTF-8, ou utilisez un profil avec encoding = \"windows-1252\")",
                        "invalid UTF-8 bytes while the start of the file is UTF-8 or plain ASCII: the file mixes encodings (save it entirely as UTF-8, or use a profile with encoding = \"windows-1252\")",
                    )
                    .at(m.line, None);
                }
                io_error(&self.path, &io_err)
            }
            other => err(
                &self.path,
                format!("CSV illisible : {other:?}"),
                format!("unreadable CSV: {other:?}"),
            ),
        };
        if let Some(l) = line {
            out = out.at(l, None);
        }
        out
    }

    /// Cell of a target, trimmed; `None` when unmapped, empty or a nil marker.
    fn cell(&self, target: &str) -> Option<&str> {
        let col = self.cols[target_index(target)?]?;
        let v = self.row.get(col)?.trim();
        if v.is_empty() || (!self.nil_values.is_empty() && self.nil_values.contains(&fold(v))) {
            None
        } else {
            Some(v)
        }
    }

    fn mapped(&self, target: &str) -> bool {
        target_index(target).and_then(|i| self.cols[i]).is_some()
    }

    fn column_name(&self, target: &str) -> String {
        target_index(target)
            .and_then(|i| self.cols[i])
            .and_then(|c| self.headers.get(c))
            .cloned()
            .unwrap_or_else(|| target.to_string())
    }

    /// `M` or `F` for a known sex code.
    fn map_sex(&self, code: &str) -> Option<&'static str> {
        let folded = fold(code);
        self.sex_codes
            .iter()
            .find(|(c, _)| *c == folded)
            .map(|(_, to)| *to)
    }

    fn flag(&self, target: &str) -> bool {
        self.cell(target)
            .is_some_and(|v| self.true_values.contains(&fold(v)))
    }

    fn row_error(&self, line: u64, target: &str, fr: String, en: String) -> InputError {
        err(&self.path, fr, en)
            .at(line, None)
            .field(self.column_name(target))
    }

    fn check_shape(&self, line: u64) -> Result<(), InputError> {
        let n = self.headers.len();
        let got = self.row.len();
        let extra_empty = got > n && self.row.iter().skip(n).all(|c| c.trim().is_empty());
        let sep = char::from(self.separator);
        // A cell holding a line break and a separator swallowed the next rows.
        let swallowed = self
            .row
            .iter()
            .any(|c| c.contains(['\n', '\r']) && c.contains(sep));
        if (got == n || extra_empty) && !swallowed {
            return Ok(());
        }
        if swallowed || (got < n && self.row.iter().any(|c| c.contains(['\n', '\r']))) {
            return Err(err(
                &self.path,
                "guillemet non fermé : la cellule continue sur les lignes suivantes",
                "unbalanced quote: the cell runs on over the following lines",
            )
            .at(line, None));
        }
        let others: usize = SEPARATORS
            .iter()
            .filter(|&&s| s != self.separator)
            .map(|&s| {
                self.row
                    .iter()
                    .map(|c| c.bytes().filter(|&b| b == s).count())
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        if got < n && others > 0 && got + others >= n {
            return Err(err(
                &self.path,
                format!(
                    "séparateurs mélangés : cette ligne n'utilise pas « {} » comme l'en-tête",
                    sep_label(self.separator)
                ),
                format!(
                    "mixed separators: this row does not use “{}” like the header",
                    sep_label(self.separator)
                ),
            )
            .at(line, None));
        }
        Err(err(
            &self.path,
            format!("{got} cellules au lieu de {n} (nombre de colonnes de l'en-tête)"),
            format!("{got} cells instead of {n} (the header's column count)"),
        )
        .at(line, None))
    }

    fn build(&self, index: usize, line: u64) -> Result<Record, InputError> {
        self.check_shape(line)?;
        let loc = Location {
            line,
            column: 0,
            element: None,
            content: None,
        };
        let text = |t: &str| Value {
            text: t.to_string(),
            nil: false,
            loc: loc.clone(),
        };
        let nil = || Value {
            text: String::new(),
            nil: true,
            loc: loc.clone(),
        };
        let mut r = Record {
            index,
            line,
            format: SourceFormat::Csv,
            id: self
                .cell("key")
                .map(str::to_string)
                .unwrap_or_else(|| format!("ligne {line}")),
            ..Record::default()
        };

        // Names.
        for (target, field) in [
            ("nomNaissance", Field::NomNaissance),
            ("prenom1", Field::Prenom1),
            ("prenom2", Field::Prenom2),
            ("prenom3", Field::Prenom3),
        ] {
            if let Some(v) = self.cell(target) {
                r.set(field, text(v));
            }
        }
        r.set(
            Field::NomUsage,
            match self.cell("nomUsage") {
                Some(v) => text(v),
                None => nil(),
            },
        );

        // Sex, and civil status instead of usage values.
        let mut sex_target = "sexe";
        if self.flag("usagePrenom") {
            let usage_col = self.column_name("usagePrenom");
            match self.cell("prenomEtatCivil") {
                Some(v) => {
                    r.set(Field::Prenom1, text(v));
                    r.notes.push(ReaderNote {
                        code: notes::CIVIL_STATUS_USED,
                        field: Some(Field::Prenom1),
                        detail: format!(
                            "{usage_col} = O : prénom d'état civil ({}) retenu à la place du prénom d'usage ({})",
                            self.column_name("prenomEtatCivil"),
                            self.column_name("prenom1")
                        ),
                    });
                }
                None => r.notes.push(ReaderNote {
                    code: notes::CIVIL_STATUS_USED,
                    field: Some(Field::Prenom1),
                    detail: format!(
                        "{usage_col} = O mais prénom d'état civil ({}) vide : le prénom d'usage est gardé, à vérifier",
                        self.column_name("prenomEtatCivil")
                    ),
                }),
            }
            if let Some(civil) = self.cell("sexeEtatCivil") {
                sex_target = "sexeEtatCivil";
                let usage = self.cell("sexe");
                let same = usage.is_some_and(|u| {
                    self.map_sex(u).is_some() && self.map_sex(u) == self.map_sex(civil)
                });
                if !same {
                    r.notes.push(ReaderNote {
                    code: notes::CIVIL_STATUS_USED,
                    field: Some(Field::Sexe),
                    detail: format!(
                        "{usage_col} = O : sexe d'état civil ({}) retenu à la place du sexe d'usage ({})",
                        self.column_name("sexeEtatCivil"),
                        self.column_name("sexe")
                    ),
                });
                }
            }
        }
        if let Some(code) = self.cell(sex_target) {
            match self.map_sex(code) {
                Some(to) => r.set(Field::Sexe, text(to)),
                None => {
                    let known: Vec<&str> = self.sex_codes.iter().map(|(c, _)| c.as_str()).collect();
                    return Err(self
                        .row_error(
                            line,
                            sex_target,
                            format!("code sexe inconnu (attendu : {})", known.join(", ")),
                            format!("unknown sex code (expected: {})", known.join(", ")),
                        )
                        .value(code));
                }
            }
        }

        // Birth date.
        if let Some(d) = self.cell("dateNaissance") {
            let ymd = self.read_date("dateNaissance", d, line)?;
            r.set(Field::AnneeNaissance, text(&ymd.year.to_string()));
            for (field, v) in [
                (Field::MoisNaissance, ymd.month),
                (Field::JourNaissance, ymd.day),
            ] {
                r.set(field, if v == 0 { nil() } else { text(&v.to_string()) });
            }
        } else if !self.mapped("dateNaissance") || self.mapped("anneeNaissance") {
            for (target, field, max) in [
                ("anneeNaissance", Field::AnneeNaissance, 9999),
                ("moisNaissance", Field::MoisNaissance, 12),
                ("jourNaissance", Field::JourNaissance, 31),
            ] {
                match self.cell(target) {
                    Some(v) => {
                        let n = v
                            .parse::<u32>()
                            .ok()
                            .filter(|n| *n <= max && (*n > 0 || field != Field::AnneeNaissance))
                            .ok_or_else(|| {
                                self.row_error(
                                    line,
                                    target,
                                    format!("date invalide : pas un nombre entre 1 et {max}"),
                                    format!("invalid date: not a number between 1 and {max}"),
                                )
                                .value(v)
                            })?;
                        r.set(field, if n == 0 { nil() } else { text(&n.to_string()) });
                    }
                    None if field != Field::AnneeNaissance && self.mapped(target) => {
                        r.set(field, nil())
                    }
                    None => {}
                }
            }
        }
        if self.flag("dateNaissanceEstimee") {
            r.notes.push(ReaderNote {
                code: notes::ESTIMATED_BIRTH_DATE,
                field: Some(Field::JourNaissance),
                detail: format!(
                    "date de naissance estimée ({} = O) : jour et mois peuvent être fictifs",
                    self.column_name("dateNaissanceEstimee")
                ),
            });
        }

        if let Some(month) = self.cell("nir").and_then(nir_birth_month) {
            r.notes.push(ReaderNote {
                code: notes::NIR_BIRTH_MONTH,
                field: Some(Field::MoisNaissance),
                detail: month.to_string(),
            });
        }

        // Birth place.
        self.birth_place(&mut r, line, &text, &nil);

        // Certification and award date.
        r.certification = Certification {
            kind: self
                .cell("certificationType")
                .unwrap_or_default()
                .to_string(),
            code: self
                .cell("certificationCode")
                .unwrap_or_default()
                .to_string(),
        };
        if let Some(d) = self.cell("dateDebutValidite") {
            let ymd = self.read_date("dateDebutValidite", d, line)?;
            if ymd.month == 0 || ymd.day == 0 {
                return Err(self
                    .row_error(
                        line,
                        "dateDebutValidite",
                        "date d'obtention incomplète".to_string(),
                        "incomplete award date".to_string(),
                    )
                    .value(d));
            }
            r.award_date = Some(format!("{:04}-{:02}-{:02}", ymd.year, ymd.month, ymd.day));
        }
        Ok(r)
    }

    fn birth_place(
        &self,
        r: &mut Record,
        line: u64,
        text: &dyn Fn(&str) -> Value,
        nil: &dyn Fn() -> Value,
    ) {
        let _ = line;
        let kind = self.cell("typeLieuNaissance").map(fold);
        let dep = self.cell("codeDepartementPays");
        let mut insee = self.cell("codeInsee").map(str::to_string);
        let mut country = self.cell("codePaysNaissance").map(str::to_string);
        let mut abroad = false;
        match kind.as_deref() {
            Some("P") => {
                abroad = true;
                if let Some(c) = dep {
                    country = Some(c.to_string());
                }
                insee = None;
            }
            Some("D") => {}
            _ => {}
        }
        if let Some(c) = country.take() {
            let c3 = match c.strip_prefix("99") {
                Some(rest) if c.len() == 5 && rest.bytes().all(|b| b.is_ascii_digit()) => {
                    rest.to_string()
                }
                _ => c.clone(),
            };
            if c3 == "100" {
                abroad = false; // France
            } else if c3.len() == 3 && c3.bytes().all(|b| b.is_ascii_digit()) {
                abroad = true;
                if insee.is_none() {
                    insee = Some(format!("99{c3}"));
                }
                country = Some(c3);
            } else {
                country = Some(c);
            }
        }
        if let Some(code) = &insee {
            r.set(Field::CodeInsee, text(code));
        }
        if let Some(c) = &country {
            r.set(Field::CodePaysNaissance, text(c));
        }
        let town = self
            .cell("libelleCommuneNaissance")
            .or_else(|| self.cell("communeNaissanceEtranger"));
        if let Some(t) = town {
            r.set(Field::LibelleCommuneNaissance, text(t));
        }
        if let Some(p) = self.cell("libellePaysNaissance") {
            r.set(Field::LibellePaysNaissance, text(p));
        }
        let postal = self.cell("codePostal");
        match (&insee, postal) {
            (Some(_), _) => {}
            (None, Some(p)) => r.set(Field::CodePostal, text(p)),
            (None, None) => {
                if self.mapped("codePostal") {
                    r.set(Field::CodePostal, nil());
                }
                if !abroad {
                    let detail = match (kind.as_deref(), dep) {
                        (Some("D"), Some(d)) => format!(
                            "code INSEE de la commune de naissance absent ({} vide) : à retrouver depuis le libellé de la commune dans le département {d}",
                            self.column_name("codeInsee")
                        ),
                        _ => format!(
                            "code INSEE de la commune de naissance absent ({} vide) : à retrouver depuis le libellé de la commune",
                            self.column_name("codeInsee")
                        ),
                    };
                    r.notes.push(ReaderNote {
                        code: notes::MISSING_INSEE_CODE,
                        field: Some(Field::CodeInsee),
                        detail,
                    });
                }
            }
        }
    }

    fn read_date(&self, target: &str, value: &str, line: u64) -> Result<Ymd, InputError> {
        self.date_formats
            .iter()
            .find_map(|f| f.read(value))
            .ok_or_else(|| {
                let formats = self.profile.date_formats.join(", ");
                self.row_error(
                    line,
                    target,
                    format!("date invalide (formats attendus : {formats})"),
                    format!("invalid date (expected formats: {formats})"),
                )
                .value(value)
            })
    }
}

impl Iterator for CsvReader {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(p) = self.peeked.take() {
            return Some(p);
        }
        if self.done {
            return None;
        }
        self.read_next()
    }
}

fn resolve_profile(path: &Path, arg: &str) -> Result<Profile, InputError> {
    if let Some(p) = profile::builtin(arg) {
        return Ok(p);
    }
    let as_path = Path::new(arg);
    if arg.ends_with(".toml") || as_path.exists() {
        return profile::load(as_path);
    }
    Err(err(
        path,
        format!(
            "profil inconnu « {arg} » : profils connus {}, ou chemin d'un fichier .toml",
            known_profiles()
        ),
        format!(
            "unknown profile “{arg}”: known profiles {}, or the path of a .toml file",
            known_profiles()
        ),
    ))
}

/// Upper case without accents, for code comparisons.
/// The birth month a NIR encodes (digits 4–5 after the sex digit and the year), when the
/// NIR is a definitive one (sex digit 1 or 2) and the month a real one (01–12; 20, 30–42 and
/// 50+ mark an unknown month). Spaces are ignored; anything else gives `None`.
fn nir_birth_month(nir: &str) -> Option<u8> {
    let digits: Vec<u8> = nir
        .bytes()
        .filter(|b| *b != b' ')
        .take(5)
        .collect::<Vec<u8>>();
    if digits.len() < 5 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if !matches!(digits[0], b'1' | b'2') {
        return None;
    }
    let month = (digits[3] - b'0') * 10 + (digits[4] - b'0');
    (1..=12).contains(&month).then_some(month)
}

fn fold(s: &str) -> String {
    let s = s.trim();
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    normalize_code(s)
}

/// Position of a target in `profile::TARGETS` (targets are few and short).
fn target_index(target: &str) -> Option<usize> {
    profile::TARGETS.iter().position(|t| *t == target)
}

fn normalize_code(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_uppercase)
        .collect()
}

fn sep_label(sep: u8) -> String {
    if sep == b'\t' {
        "tabulation".to_string()
    } else {
        (sep as char).to_string()
    }
}

fn read_sample(file: &mut File) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(64 * 1024);
    file.take(SAMPLE as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8State {
    Ascii,
    NonAscii,
    Invalid,
}

/// Whether a sample (maybe cut inside a character) is UTF-8.
fn utf8_state(bytes: &[u8]) -> Utf8State {
    if bytes.is_ascii() {
        return Utf8State::Ascii;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Utf8State::NonAscii,
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            Utf8State::NonAscii
        }
        Err(_) => Utf8State::Invalid,
    }
}

/// Counts candidate separators outside quotes on each line.
fn separator_counts(line: &str) -> [usize; SEPARATORS.len()] {
    let mut counts = [0usize; SEPARATORS.len()];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = SEPARATORS.iter().position(|&s| s == b) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// Picks the separator: among those present on the header line, the one whose count is the
/// same on most of the next lines, then the most frequent on the header, then `;`, `,`, tab, `|`.
fn detect_separator(sample: &str) -> Option<u8> {
    let mut lines = sample
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty());
    let header = separator_counts(lines.next()?);
    let next: Vec<[usize; SEPARATORS.len()]> = lines.take(10).map(separator_counts).collect();
    (0..SEPARATORS.len())
        .filter(|&i| header[i] > 0)
        .max_by_key(|&i| {
            let consistent = next.iter().filter(|c| c[i] == header[i]).count();
            (consistent, header[i], SEPARATORS.len() - i)
        })
        .map(|i| SEPARATORS[i])
}

/// The first record of the sample (a quoted header cell may span lines).
fn parse_header(text: &str, sep: u8) -> Vec<String> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|s| s.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Marks a decoding error, with the line where the bad bytes are.
#[derive(Debug)]
struct Malformed {
    line: u64,
    /// A line over [`MAX_LINE`] rather than bad bytes.
    too_long: bool,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid UTF-8 at line {}", self.line)
    }
}

impl std::error::Error for Malformed {}

/// Decodes a byte stream to UTF-8 on the fly. Strict mode (UTF-8 input) fails on malformed
/// bytes; Windows-1252 maps every byte.
struct Transcoder<R> {
    inner: R,
    skip: usize,
    decoder: Decoder,
    strict: bool,
    inbuf: Box<[u8]>,
    in_pos: usize,
    in_len: usize,
    eof: bool,
    out: Box<[u8]>,
    out_pos: usize,
    out_len: usize,
    lines: u64,
    /// Offset of the last `\r` produced.
    last_cr: Option<u64>,
    pending: Option<u64>,
    /// Bytes produced since the last line break.
    since_break: u64,
    too_long: bool,
    finished: bool,
    shared: SharedLines,
}

impl<R: Read> Transcoder<R> {
    fn new(
        inner: R,
        skip: usize,
        encoding: &'static Encoding,
        strict: bool,
        shared: SharedLines,
    ) -> Self {
        Transcoder {
            inner,
            skip,
            decoder: encoding.new_decoder_without_bom_handling(),
            strict,
            inbuf: vec![0; 32 * 1024].into_boxed_slice(),
            in_pos: 0,
            in_len: 0,
            eof: false,
            out: vec![0; 32 * 1024].into_boxed_slice(),
            out_pos: 0,
            out_len: 0,
            lines: 0,
            last_cr: None,
            pending: None,
            since_break: 0,
            too_long: false,
            finished: false,
            shared,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.out_pos < self.out_len {
                let n = buf.len().min(self.out_len - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if let Some(line) = self.pending {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    Malformed {
                        line,
                        too_long: self.too_long,
                    },
                ));
            }
            if self.finished {
                return Ok(0);
            }
            if self.in_pos == self.in_len && !self.eof {
                self.in_pos = 0;
                self.in_len = self.inner.read(&mut self.inbuf)?;
                if self.in_len == 0 {
                    self.eof = true;
                }
                if self.skip > 0 {
                    let s = self.skip.min(self.in_len);
                    self.in_pos = s;
                    self.skip -= s;
                    continue;
                }
            }
            let (res, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.inbuf[self.in_pos..self.in_len],
                &mut self.out,
                self.eof,
            );
            self.in_pos += read;
            self.out_pos = 0;
            self.out_len = written;
            {
                let mut shared = lock(&self.shared);
                let base = shared.produced;
                for i in memchr::memchr2_iter(b'\n', b'\r', &self.out[..written]) {
                    let at = base + i as u64;
                    // `\r\n` is one break; a lone `\r` (old Mac files) or `\n` is one too.
                    let brk = if self.out[i] == b'\r' {
                        self.last_cr = Some(at);
                        true
                    } else {
                        at == 0 || self.last_cr != Some(at - 1)
                    };
                    shared.pending.push_back((at, brk));
                    self.lines += u64::from(brk);
                }
                match memchr::memrchr2(b'\n', b'\r', &self.out[..written]) {
                    Some(i) => self.since_break = (written - i - 1) as u64,
                    None => self.since_break += written as u64,
                }
                shared.produced += written as u64;
            }
            if self.since_break > MAX_LINE && self.pending.is_none() {
                self.too_long = true;
                self.pending = Some(self.lines + 1);
                // What is already decoded is dropped: the error comes next.
                self.out_len = 0;
                continue;
            }
            match res {
                DecoderResult::InputEmpty => {
                    if self.eof {
                        self.finished = true;
                    }
                }
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => {
                    if self.strict {
                        self.pending = Some(self.lines + 1);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
