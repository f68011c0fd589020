//! Standalone driver: feeds a [`Validator`] from `quick_xml::NsReader`.

use super::schema::{CPF_NS, XSI_NS};
use super::{Attr, Ns, SchemaError, Validator};
use crate::error::{io_error, InputError};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::borrow::Cow;
use std::path::Path;

/// A well-formedness (parse) error.
#[derive(Debug)]
struct WfError {
    line: u64,
    column: u64,
    fr: String,
    en: String,
}

impl WfError {
    fn render(&self) -> String {
        format!("ligne {}, colonne {} : {}", self.line, self.column, self.fr)
    }
}

/// Maps byte offsets to 1-based line and column (in characters), moving forward.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn at(&mut self, p: usize) -> (u64, u64) {
        let p = p.min(self.bytes.len());
        if p < self.pos {
            // Rare (error positions): start again from the top.
            self.pos = 0;
            self.line = 1;
            self.line_start = 0;
        }
        let seg = &self.bytes[self.pos..p];
        if seg.len() < 64 {
            // Between two tags: a plain loop beats memchr's setup.
            for (i, &b) in seg.iter().enumerate() {
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = self.pos + i + 1;
                }
            }
        } else {
            for nl in memchr::memchr_iter(b'\n', seg) {
                self.line += 1;
                self.line_start = self.pos + nl + 1;
            }
        }
        self.pos = p;
        let seg = &self.bytes[self.line_start..p];
        let col = if seg.is_ascii() {
            seg.len()
        } else {
            seg.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
        };
        (self.line, col as u64 + 1)
    }
}

/// Position of the first character XML 1.0 forbids (C0 controls other than tab, LF, CR).
fn forbidden_control(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x2020_2020_2020_2020;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bad = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let mut chunks = bytes.chunks_exact(8);
    let mut off = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        // Some byte < 0x20 (ASCII-range test; bytes >= 0x80 never match below).
        if x.wrapping_sub(LOW) & !x & HIGH != 0 {
            if let Some(i) = c.iter().position(|&b| bad(b)) {
                return Some(off + i);
            }
        }
        off += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| bad(b))
        .map(|i| off + i)
}

/// Decodes the input to UTF-8 when it declares (or its BOM says) another encoding, and drops
/// a UTF-8 BOM.
fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return Cow::Borrowed(&bytes[bom..]);
        }
        let (s, _, _) = enc.decode(bytes);
        return Cow::Owned(s.into_owned().into_bytes());
    }
    if bytes.starts_with(b"<?xml") {
        let head = &bytes[..bytes.len().min(200)];
        if let Some(end) = memchr::memmem::find(head, b"?>") {
            let decl = &head[..end];
            if let Some(i) = memchr::memmem::find(decl, b"encoding") {
                let rest = &decl[i + 8..];
                let rest = rest
                    .iter()
                    .position(|&b| b == b'"' || b == b'\'')
                    .map(|q| (rest[q], &rest[q + 1..]));
                if let Some((q, r)) = rest {
                    if let Some(e) = r.iter().position(|&b| b == q) {
                        if let Some(enc) = encoding_rs::Encoding::for_label(&r[..e]) {
                            if enc != encoding_rs::UTF_8 {
                                let (s, _) = enc.decode_without_bom_handling(bytes);
                                return Cow::Owned(s.into_owned().into_bytes());
                            }
                        }
                    }
                }
            }
        }
    }
    Cow::Borrowed(bytes)
}

fn ns_of<'a>(r: &'a ResolveResult, lines: &mut Lines, pos: usize) -> Result<Ns<'a>, WfError> {
    match r {
        ResolveResult::Unbound => Ok(Ns::None),
        ResolveResult::Bound(n) => {
            let n = n.as_ref();
            if n == CPF_NS.as_bytes() {
                Ok(Ns::Cpf)
            } else if n == XSI_NS.as_bytes() {
                Ok(Ns::Xsi)
            } else {
                Ok(Ns::from_uri(Some(
                    std::str::from_utf8(n).map_err(|_| utf8_error(lines, pos))?,
                )))
            }
        }
        ResolveResult::Unknown(p) => {
            let (line, column) = lines.at(pos);
            let p = String::from_utf8_lossy(p);
            Err(WfError {
                line,
                column,
                fr: format!("Le préfixe \"{p}\" n'est pas lié à un espace de noms."),
                en: format!("The prefix \"{p}\" is not bound to a namespace."),
            })
        }
    }
}

fn utf8_error(lines: &mut Lines, pos: usize) -> WfError {
    let (line, column) = lines.at(pos);
    WfError {
        line,
        column,
        fr: "Séquence UTF-8 non valide.".into(),
        en: "Invalid UTF-8 sequence.".into(),
    }
}

fn xml_error(lines: &mut Lines, pos: u64, e: impl std::fmt::Display) -> WfError {
    let (line, column) = lines.at(pos as usize);
    WfError {
        line,
        column,
        fr: format!("XML mal formé : {e}"),
        en: format!("malformed XML: {e}"),
    }
}

/// `b` as text. The whole document was checked as UTF-8 once, so a slice of it that starts
/// and ends on ASCII delimiters is taken as is; anything else is checked.
fn str_of<'b>(
    doc: &'b str,
    b: &'b [u8],
    lines: &mut Lines,
    pos: usize,
) -> Result<&'b str, WfError> {
    let base = doc.as_ptr() as usize;
    let p = b.as_ptr() as usize;
    if p >= base && p + b.len() <= base + doc.len() {
        if let Some(s) = doc.get(p - base..p - base + b.len()) {
            return Ok(s);
        }
    }
    std::str::from_utf8(b).map_err(|_| utf8_error(lines, pos))
}

/// Line ends are normalised to `\n` before they reach the validator (XML 1.0 §2.11).
fn feed_text(v: &mut Validator, s: &str) {
    if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        v.text(&s.replace("\r\n", "\n").replace('\r', "\n"));
    } else {
        v.text(s);
    }
}

fn run(bytes: &[u8], v: &mut Validator) -> Result<(), WfError> {
    let doc = match std::str::from_utf8(bytes) {
        Ok(d) => d,
        Err(e) => {
            let mut lines = Lines::new(bytes);
            return Err(utf8_error(&mut lines, e.valid_up_to()));
        }
    };
    if let Some(p) = forbidden_control(bytes) {
        let mut lines = Lines::new(bytes);
        let (line, column) = lines.at(p);
        return Err(WfError {
            line,
            column,
            fr: format!(
                "Un caractère XML non valide (Unicode : 0x{:x}) a été trouvé dans le document.",
                bytes[p]
            ),
            en: format!(
                "An invalid XML character (Unicode: 0x{:x}) was found in the document.",
                bytes[p]
            ),
        });
    }
    let mut reader = NsReader::from_reader(bytes);
    reader.config_mut().check_comments = true;
    let mut lines = Lines::new(bytes);
    let mut depth: u64 = 0;
    let mut root_seen = false;
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(xml_error(&mut lines, reader.error_position(), e)),
        };
        match ev {
            Event::Decl(d) => {
                let (line, column) = lines.at(pos);
                let ver = d.version().ok();
                let ver = match &ver {
                    Some(b) => Some(str_of(doc, b, &mut lines, pos)?),
                    None => None,
                };
                v.declaration(ver, line, column);
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                if depth == 0 && root_seen {
                    let (line, column) = lines.at(pos);
                    return Err(WfError {
                        line,
                        column,
                        fr: "Le balisage du document qui suit l'élément racine doit être correctement formé.".into(),
                        en: "Extra content at the end of the document.".into(),
                    });
                }
                root_seen = true;
                let (line, column) = lines.at(pos);
                let qname = str_of(doc, e.name().into_inner(), &mut lines, pos)?;
                let (r, local) = reader.resolve_element(e.name());
                let ns = ns_of(&r, &mut lines, pos)?;
                let local = str_of(doc, local.into_inner(), &mut lines, pos)?;
                // Attributes: most elements have none; xmlns declarations are not passed.
                let mut attrs: Vec<Attr> = Vec::new();
                let mut owned: Vec<Cow<str>> = Vec::new();
                let mut raw = Vec::new();
                if memchr::memchr(b'=', e.attributes_raw()).is_some() {
                    for a in e.attributes() {
                        let a = a.map_err(|err| xml_error(&mut lines, pos as u64, err))?;
                        if a.key.as_namespace_binding().is_some() {
                            continue;
                        }
                        let value = a
                            .unescape_value()
                            .map_err(|err| xml_error(&mut lines, pos as u64, err))?;
                        owned.push(value);
                        raw.push(a.key);
                    }
                }
                let resolved: Vec<_> = raw.iter().map(|k| reader.resolve_attribute(*k)).collect();
                if !raw.is_empty() {
                    attrs.reserve(raw.len());
                    for ((r, l), value) in resolved.iter().zip(owned.iter()) {
                        attrs.push(Attr {
                            ns: ns_of(r, &mut lines, pos)?,
                            local: str_of(doc, l.into_inner(), &mut lines, pos)?,
                            value,
                        });
                    }
                }
                v.start(ns, local, qname, &attrs, line, column);
                if matches!(ev, Event::Empty(_)) {
                    v.end(line, column);
                } else {
                    depth += 1;
                }
            }
            Event::End(_) => {
                let (line, column) = lines.at(pos);
                v.end(line, column);
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                let raw = str_of(doc, &t, &mut lines, pos)?;
                let s = if memchr::memchr(b'&', raw.as_bytes()).is_some() {
                    quick_xml::escape::unescape(raw)
                        .map_err(|err| xml_error(&mut lines, pos as u64, err))?
                } else {
                    Cow::Borrowed(raw)
                };
                if depth == 0 {
                    if !s.bytes().all(super::values::is_xml_ws) {
                        let (line, column) = lines.at(pos);
                        return Err(WfError {
                            line,
                            column,
                            fr: "Contenu non autorisé en dehors de l'élément racine.".into(),
                            en: "Content is not allowed outside the root element.".into(),
                        });
                    }
                } else {
                    feed_text(v, &s);
                }
            }
            Event::CData(c) => {
                let s = str_of(doc, &c, &mut lines, pos)?;
                if depth == 0 {
                    let (line, column) = lines.at(pos);
                    return Err(WfError {
                        line,
                        column,
                        fr: "Contenu non autorisé en dehors de l'élément racine.".into(),
                        en: "Content is not allowed outside the root element.".into(),
                    });
                }
                feed_text(v, s);
            }
            Event::Eof => {
                let (line, column) = lines.at(bytes.len());
                if !root_seen {
                    return Err(WfError {
                        line,
                        column,
                        fr: "Le document ne contient aucun élément racine.".into(),
                        en: "The document has no root element.".into(),
                    });
                }
                if depth > 0 {
                    return Err(WfError {
                        line,
                        column,
                        fr: "Fin de fichier atteinte avant la balise de fin de l'élément.".into(),
                        en: "End of file reached before an element's end tag.".into(),
                    });
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

/// Validates a whole document held in memory. `Err` is a well-formedness error (with line and
/// column); `Ok` holds the schema errors (empty: the file is valid).
pub fn validate_bytes(bytes: &[u8]) -> Result<Vec<SchemaError>, String> {
    let bytes = to_utf8(bytes);
    let mut v = Validator::new();
    run(&bytes, &mut v).map_err(|e| e.render())?;
    Ok(v.finish())
}

/// Validates a file. Errors name the file (and line/column for well-formedness errors).
// The signature is the integration contract (InputError is the crate's input error type).
#[allow(clippy::result_large_err)]
pub fn validate_file(path: &Path) -> Result<Vec<SchemaError>, InputError> {
    let raw = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let bytes = to_utf8(&raw);
    let mut v = Validator::new();
    run(&bytes, &mut v)
        .map_err(|e| InputError::new(path, e.fr, e.en).at(e.line, Some(e.column)))?;
    Ok(v.finish())
}
