//! Standalone driver: feeds a [`Validator`] from `quick_xml::NsReader`.
//!
//! One streaming loop serves [`validate_bytes`] and [`validate_file`]: a file is read through
//! a `BufReader`, so memory stays bounded (one event at a time) whatever its size. Lines and
//! columns are tracked by a `BufRead` adapter that sees every byte the parser consumes.

use super::schema::{CPF_NS, XSI_NS};
use super::{Attr, Ns, SchemaError, Validator};
use crate::error::{io_error, InputError};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// A well-formedness (parse) error.
#[derive(Debug)]
struct WfError {
    line: u64,
    column: u64,
    fr: String,
    en: String,
}

impl WfError {
    fn at(pos: (u64, u64), fr: impl Into<String>, en: impl Into<String>) -> WfError {
        WfError {
            line: pos.0,
            column: pos.1,
            fr: fr.into(),
            en: en.into(),
        }
    }

    fn render(&self) -> String {
        format!("ligne {}, colonne {} : {}", self.line, self.column, self.fr)
    }
}

/// Line, column and forbidden-character tracking, fed by [`Counting`] as the parser consumes
/// bytes and queried at event starts (queried offsets never go backwards).
#[derive(Debug, Default)]
struct Marks {
    /// Offsets consumed but not yet passed by a query: newlines (`true`) and UTF-8
    /// continuation bytes (`false`). Holds at most about one event's worth.
    pending: VecDeque<(u64, bool)>,
    line: u64,
    line_start: u64,
    /// Continuation bytes between `line_start` and the last query.
    cont: u64,
    /// First C0 control character XML 1.0 forbids, with its byte.
    forbidden: Option<(u64, u8)>,
}

impl Marks {
    fn new() -> Self {
        Marks {
            line: 1,
            ..Marks::default()
        }
    }

    /// 1-based line and column (in characters) of byte offset `p`.
    fn at(&mut self, p: u64) -> (u64, u64) {
        while let Some(&(off, newline)) = self.pending.front() {
            if off >= p {
                break;
            }
            self.pending.pop_front();
            if newline {
                self.line += 1;
                self.line_start = off + 1;
                self.cont = 0;
            } else {
                self.cont += 1;
            }
        }
        let col = p.saturating_sub(self.line_start).saturating_sub(self.cont) + 1;
        (self.line, col)
    }

    fn scan(&mut self, base: u64, bytes: &[u8]) {
        const LOW: u64 = 0x2020_2020_2020_2020;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut chunks = bytes.chunks_exact(8);
        let mut off = 0usize;
        for c in &mut chunks {
            let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            // Fast path: 8 printable ASCII bytes (none < 0x20, none >= 0x80).
            if (x.wrapping_sub(LOW) | x) & HIGH != 0 {
                self.scan_slow(base + off as u64, c);
            }
            off += 8;
        }
        self.scan_slow(base + off as u64, chunks.remainder());
    }

    fn scan_slow(&mut self, base: u64, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                self.pending.push_back((base + i as u64, true));
            } else if b & 0xC0 == 0x80 {
                self.pending.push_back((base + i as u64, false));
            } else if b < 0x20 && b != b'\t' && b != b'\r' && self.forbidden.is_none() {
                self.forbidden = Some((base + i as u64, b));
            }
        }
    }
}

/// A `BufRead` that reports every consumed byte to [`Marks`].
struct Counting<R> {
    inner: R,
    offset: u64,
    marks: Rc<RefCell<Marks>>,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes about to be consumed are still in the inner buffer: a second
        // `fill_buf` returns them without reading.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.marks.borrow_mut().scan(self.offset, &buf[..n]);
        }
        self.offset += amt as u64;
        self.inner.consume(amt);
    }
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

/// Positions and UTF-8 helpers of the loop.
struct Pos {
    marks: Rc<RefCell<Marks>>,
}

impl Pos {
    fn at(&self, p: u64) -> (u64, u64) {
        self.marks.borrow_mut().at(p)
    }

    fn str_of<'b>(&self, b: &'b [u8], p: u64) -> Result<&'b str, WfError> {
        std::str::from_utf8(b).map_err(|e| {
            WfError::at(
                self.at(p),
                format!("Séquence UTF-8 non valide ({e})."),
                format!("Invalid UTF-8 sequence ({e})."),
            )
        })
    }

    fn xml_error(&self, p: u64, e: impl std::fmt::Display) -> WfError {
        WfError::at(
            self.at(p),
            format!("XML mal formé : {e}"),
            format!("malformed XML: {e}"),
        )
    }

    /// Fails on the first forbidden control character consumed so far.
    fn check_forbidden(&self) -> Result<(), WfError> {
        let f = self.marks.borrow().forbidden;
        match f {
            None => Ok(()),
            Some((p, b)) => Err(WfError::at(
                self.at(p),
                format!(
                    "Un caractère XML non valide (Unicode : 0x{b:x}) a été trouvé dans le document."
                ),
                format!("An invalid XML character (Unicode: 0x{b:x}) was found in the document."),
            )),
        }
    }

    fn ns_of<'a>(&self, r: &'a ResolveResult, p: u64) -> Result<Ns<'a>, WfError> {
        match r {
            ResolveResult::Unbound => Ok(Ns::None),
            ResolveResult::Bound(n) => {
                let n = n.as_ref();
                if n == CPF_NS.as_bytes() {
                    Ok(Ns::Cpf)
                } else if n == XSI_NS.as_bytes() {
                    Ok(Ns::Xsi)
                } else {
                    Ok(Ns::from_uri(Some(self.str_of(n, p)?)))
                }
            }
            ResolveResult::Unknown(prefix) => {
                let prefix = String::from_utf8_lossy(prefix);
                Err(WfError::at(
                    self.at(p),
                    format!("Le préfixe \"{prefix}\" n'est pas lié à un espace de noms."),
                    format!("The prefix \"{prefix}\" is not bound to a namespace."),
                ))
            }
        }
    }
}

fn outside_root(pos: (u64, u64)) -> WfError {
    WfError::at(
        pos,
        "Contenu non autorisé en dehors de l'élément racine.",
        "Content is not allowed outside the root element.",
    )
}

fn run<R: BufRead>(input: R, v: &mut Validator) -> Result<(), WfError> {
    let marks = Rc::new(RefCell::new(Marks::new()));
    let pos = Pos {
        marks: Rc::clone(&marks),
    };
    let mut reader = NsReader::from_reader(Counting {
        inner: input,
        offset: 0,
        marks,
    });
    reader.config_mut().check_comments = true;
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut depth: u64 = 0;
    let mut root_seen = false;
    loop {
        buf.clear();
        let p = reader.buffer_position();
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => {
                pos.check_forbidden()?;
                return Err(pos.xml_error(reader.error_position(), e));
            }
        };
        pos.check_forbidden()?;
        match ev {
            Event::Decl(ref d) => {
                let at = pos.at(p);
                let ver = d.version().ok();
                let ver = match &ver {
                    Some(b) => Some(pos.str_of(b, p)?),
                    None => None,
                };
                v.declaration(ver, at.0, at.1);
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let (line, column) = pos.at(p);
                if depth == 0 && root_seen {
                    return Err(WfError::at(
                        (line, column),
                        "Le balisage du document qui suit l'élément racine doit être correctement formé.",
                        "Extra content at the end of the document.",
                    ));
                }
                root_seen = true;
                let qname = pos.str_of(e.name().into_inner(), p)?;
                let (r, local) = reader.resolve_element(e.name());
                let ns = pos.ns_of(&r, p)?;
                let local = pos.str_of(local.into_inner(), p)?;
                // Attributes: most elements have none; xmlns declarations are not passed.
                let mut attrs: Vec<Attr> = Vec::new();
                let mut owned: Vec<Cow<str>> = Vec::new();
                let mut raw = Vec::new();
                if memchr::memchr(b'=', e.attributes_raw()).is_some() {
                    for a in e.attributes() {
                        let a = a.map_err(|err| pos.xml_error(p, err))?;
                        if a.key.as_namespace_binding().is_some() {
                            continue;
                        }
                        let value = a.unescape_value().map_err(|err| pos.xml_error(p, err))?;
                        owned.push(value);
                        raw.push(a.key);
                    }
                }
                let resolved: Vec<_> = raw.iter().map(|k| reader.resolve_attribute(*k)).collect();
                for ((r, l), value) in resolved.iter().zip(owned.iter()) {
                    attrs.push(Attr {
                        ns: pos.ns_of(r, p)?,
                        local: pos.str_of(l.into_inner(), p)?,
                        value,
                    });
                }
                v.start(ns, local, qname, &attrs, line, column);
                if matches!(ev, Event::Empty(_)) {
                    v.end(line, column);
                } else {
                    depth += 1;
                }
            }
            Event::End(_) => {
                let (line, column) = pos.at(p);
                v.end(line, column);
                depth = depth.saturating_sub(1);
            }
            Event::Text(ref t) => {
                let raw = pos.str_of(t, p)?;
                // Literal line ends are normalised before references are expanded (XML 1.0
                // §2.11): `&#13;` stays a carriage return, as in the reader.
                let normal = super::normalise_line_ends(raw);
                let s = if memchr::memchr(b'&', normal.as_bytes()).is_some() {
                    match quick_xml::escape::unescape(&normal) {
                        Ok(expanded) => Cow::Owned(expanded.into_owned()),
                        // The same error on the text as written: its offsets count from the
                        // file, as the reader's do.
                        Err(err) => {
                            let err = quick_xml::escape::unescape(raw).err().unwrap_or(err);
                            return Err(pos.xml_error(p, err));
                        }
                    }
                } else {
                    normal
                };
                if depth == 0 {
                    if !s.bytes().all(super::values::is_xml_ws) {
                        return Err(outside_root(pos.at(p)));
                    }
                } else {
                    v.text(&s);
                }
            }
            Event::CData(ref c) => {
                let s = pos.str_of(c, p)?;
                if depth == 0 {
                    return Err(outside_root(pos.at(p)));
                }
                v.text(&super::normalise_line_ends(s));
            }
            Event::Eof => {
                let at = pos.at(reader.buffer_position());
                if !root_seen {
                    return Err(WfError::at(
                        at,
                        "Le document ne contient aucun élément racine.",
                        "The document has no root element.",
                    ));
                }
                if depth > 0 {
                    return Err(WfError::at(
                        at,
                        "Fin de fichier atteinte avant la balise de fin de l'élément.",
                        "End of file reached before an element's end tag.",
                    ));
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
    run(&bytes[..], &mut v).map_err(|e| e.render())?;
    Ok(v.finish())
}

/// Validates a file, streaming it (memory does not grow with the file). Errors name the file
/// (and line/column for well-formedness errors).
// The signature is the integration contract (InputError is the crate's input error type).
#[allow(clippy::result_large_err)]
pub fn validate_file(path: &Path) -> Result<Vec<SchemaError>, InputError> {
    let io = |e: std::io::Error| io_error(path, &e);
    let mut file = BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(io)?);
    let head = file.fill_buf().map_err(io)?;
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) {
        if enc == encoding_rs::UTF_8 {
            file.consume(bom);
        }
    }
    let head = file.fill_buf().map_err(io)?;
    let head = &head[..head.len().min(256)];
    let streamable = matches!(to_utf8(head), Cow::Borrowed(b) if b.len() == head.len());
    let mut v = Validator::new();
    let wf = |e: WfError| InputError::new(path, e.fr, e.en).at(e.line, Some(e.column));
    if streamable {
        // UTF-8 (BOM skipped): stream.
        run(file, &mut v).map_err(wf)?;
    } else {
        // UTF-16 BOM or another declared encoding: decode the whole file first.
        let mut raw = Vec::new();
        file.read_to_end(&mut raw).map_err(io)?;
        let bytes = to_utf8(&raw);
        run(&bytes[..], &mut v).map_err(wf)?;
    }
    Ok(v.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_with_capacity(doc: &str, cap: usize) -> Result<Vec<SchemaError>, (u64, u64)> {
        let mut v = Validator::new();
        run(BufReader::with_capacity(cap, doc.as_bytes()), &mut v)
            .map_err(|e| (e.line, e.column))?;
        Ok(v.finish())
    }

    #[test]
    fn positions_do_not_depend_on_buffer_size() {
        let doc = "<?xml version=\"1.0\"?>\n<cpf:flux xmlns:cpf=\"urn:cdc:cpf:pc5:schema:1.0.0\">\n  <cpf:idFlux>ééé</cpf:idFlux><cpf:horodatage>é</cpf:horodatage>\n\t<cpf:x/>\n</cpf:flux>\n";
        let reference = errors_with_capacity(doc, 1 << 16).unwrap();
        let at: Vec<(u64, u64)> = reference.iter().map(|e| (e.line, e.column)).collect();
        // horodatage at line 3 column 31 (characters, not bytes), cpf:x at 4:2 (then no 2.4.b).
        assert_eq!(at, [(3, 31), (4, 2)]);
        for cap in 1..40 {
            assert_eq!(
                errors_with_capacity(doc, cap).unwrap(),
                reference,
                "capacity {cap}"
            );
        }
        let bad = "<a>\né\u{1}</a>";
        for cap in 1..10 {
            assert_eq!(
                errors_with_capacity(bad, cap),
                Err((2, 2)),
                "capacity {cap}"
            );
        }
    }
}
