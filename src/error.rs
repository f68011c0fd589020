//! Input errors: a bad file, command line or value. Always names the file, and the line,
//! column and element/field when known. Exit status 2.

use crate::lang::Lang;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// Element (XML) or column/field (CSV) concerned.
    pub field: Option<String>,
    pub message_fr: String,
    pub message_en: String,
    /// The offending value (personal data: a name, a date…). Shown only on request
    /// (`--show-values`), never by default.
    pub value: Option<String>,
}

impl InputError {
    pub fn new(path: &Path, fr: impl Into<String>, en: impl Into<String>) -> InputError {
        InputError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            field: None,
            message_fr: fr.into(),
            message_en: en.into(),
            value: None,
        }
    }

    /// Attaches the offending value; messages must not include it themselves.
    pub fn value(mut self, value: impl Into<String>) -> InputError {
        self.value = Some(value.into());
        self
    }

    pub fn at(mut self, line: u64, column: Option<u64>) -> InputError {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> InputError {
        self.field = Some(field.into());
        self
    }

    /// `file:line:column: <element>: message`, in the given language, values masked.
    pub fn render(&self, lang: Lang) -> String {
        self.render_with(lang, false)
    }

    /// As [`InputError::render`]; `show_values` adds the offending value (personal data).
    pub fn render_with(&self, lang: Lang, show_values: bool) -> String {
        let mut s = self.path.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s.push_str(": ");
        if let Some(field) = &self.field {
            let label = lang.pick("champ", "field");
            s.push_str(&format!("{label} {field}: "));
        }
        s.push_str(lang.pick(&self.message_fr, &self.message_en));
        if let Some(v) = &self.value {
            if show_values {
                s.push_str(&format!(
                    " [{} {}]",
                    lang.pick("valeur :", "value:"),
                    lang.quote(v)
                ));
            } else {
                s.push_str(lang.pick(
                    " [valeur masquée : --show-values pour l'afficher]",
                    " [value hidden: --show-values to show it]",
                ));
            }
        }
        s
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

impl std::error::Error for InputError {}

/// Reads a whole file or says why not, naming it.
pub fn io_error(path: &Path, err: &std::io::Error) -> InputError {
    use std::io::ErrorKind;
    let (fr, en) = match err.kind() {
        ErrorKind::NotFound => (
            "fichier introuvable".to_string(),
            "file not found".to_string(),
        ),
        ErrorKind::PermissionDenied => (
            "lecture refusée (droits insuffisants)".to_string(),
            "permission denied".to_string(),
        ),
        ErrorKind::IsADirectory => (
            "c'est un dossier, pas un fichier".to_string(),
            "is a directory, not a file".to_string(),
        ),
        _ => (
            format!("erreur de lecture : {err}"),
            format!("read error: {err}"),
        ),
    };
    InputError::new(path, fr, en)
}
