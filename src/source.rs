//! The one place that opens inputs: recognises a deposit (XML) or an export (CSV) and
//! returns a stream of records.

use crate::error::{io_error, InputError};
use crate::model::Record;
use std::io::Read;
use std::path::Path;

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

/// Opens any supported input.
pub fn open(path: &Path, _profile: Option<&str>) -> Result<(Kind, Records), InputError> {
    match sniff(path)? {
        Kind::Xml => Ok((Kind::Xml, Box::new(crate::xml::reader::open(path)?))),
        Kind::Csv => Err(InputError::new(
            path,
            "ce fichier n'est pas un dépôt XML et la lecture des exports CSV n'est pas disponible",
            "this file is not an XML deposit and CSV exports cannot be read",
        )),
    }
}
