//! The one place that opens inputs: recognises a deposit (XML) or an export (CSV) and
//! returns a stream of records.

use crate::error::{io_error, InputError};
use crate::model::Record;
use crate::xml::reader::SchemaOutcome;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub type Records = Box<dyn Iterator<Item = Result<Record, InputError>> + Send>;

/// What kind of input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xml,
    Csv,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Xml => "xml",
            Kind::Csv => "csv",
        }
    }
}

/// An opened input.
pub struct Opened {
    pub kind: Kind,
    pub records: Records,
    /// Schema validation outcome (XML, when asked), complete once `records` is exhausted.
    pub schema: Option<Arc<Mutex<SchemaOutcome>>>,
    /// What the reader recognised (CSV profile, encoding, separator), for the report.
    pub detail: Option<(String, String)>,
}

/// Looks at the first bytes: `<` (after a BOM and whitespace) means XML.
pub fn sniff(path: &Path) -> Result<Kind, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(
            path,
            "c'est un dossier, pas un fichier",
            "is a directory, not a file",
        ));
    }
    let mut head = [0u8; 512];
    let mut f = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let n = f.read(&mut head).map_err(|e| io_error(path, &e))?;
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    Ok(match first {
        Some(b'<') => Kind::Xml,
        _ if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml")) =>
        {
            Kind::Xml
        }
        _ => Kind::Csv,
    })
}

/// Opens any supported input; `schema` asks for the full schema validation of a deposit
/// in the same pass.
pub fn open(path: &Path, profile: Option<&str>, schema: bool) -> Result<Opened, InputError> {
    match sniff(path)? {
        Kind::Xml => {
            let mut reader = crate::xml::reader::open(path)?;
            let outcome = schema.then(|| reader.validate_schema());
            Ok(Opened {
                kind: Kind::Xml,
                records: Box::new(reader),
                schema: outcome,
                detail: None,
            })
        }
        Kind::Csv => {
            let reader = crate::input::csv::open(path, profile)?;
            let sep = match reader.separator() {
                b'\t' => "tab".to_string(),
                b => (b as char).to_string(),
            };
            let detail = (
                format!(
                    "Export CSV lu avec le profil « {} » (encodage {}, séparateur « {} »).",
                    reader.profile_name(),
                    reader.encoding_name(),
                    sep
                ),
                format!(
                    "CSV export read with profile \"{}\" (encoding {}, separator \"{}\").",
                    reader.profile_name(),
                    reader.encoding_name(),
                    sep
                ),
            );
            Ok(Opened {
                kind: Kind::Csv,
                records: Box::new(reader),
                schema: None,
                detail: Some(detail),
            })
        }
    }
}
