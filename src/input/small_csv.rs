//! Small CSV files the tool reads whole: a reviewer's decisions, a register of identities.
//! UTF-8 (or Windows-1252 as spreadsheets sometimes save back), optional BOM, `;` or `,`.

use crate::error::{io_error, InputError};
use std::path::Path;

/// A CSV reader over a file read whole.
pub type Reader = csv::Reader<std::io::Cursor<Vec<u8>>>;

/// The reader positioned after the header, and the header cells as written (trimmed).
pub fn open(path: &Path) -> Result<(Reader, Vec<String>), InputError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let delimiter = if text
        .lines()
        .next()
        .is_some_and(|h| h.matches(';').count() >= h.matches(',').count())
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let headers = reader
        .headers()
        .map_err(|e| {
            InputError::new(
                path,
                format!("en-tête illisible : {e}"),
                format!("unreadable header: {e}"),
            )
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok((reader, headers))
}
