//! Streaming reader for CDC deposits. Turns `passageCertification` elements into
//! [`Record`]s in constant memory, recording the byte span of every identity element
//! so that a rewrite can change one value and keep every other byte.
//!
//! Refuses DTDs (hence internal and external entities), undeclared prefixes, nesting
//! deeper than [`MAX_DEPTH`] and any single token larger than [`MAX_TOKEN`].

use super::{CPF_NS, XSI_NS};
use crate::error::{io_error, InputError};
use crate::model::{
    Certification, Field, HolderKind, Location, Record, SourceFormat, Value, XmlHolder,
};
use crate::validate::{normalise_line_ends, Attr, Ns, SchemaError, ValidatorPipe};
use quick_xml::encoding::EncodingError;
use quick_xml::errors::{IllFormedError, SyntaxError};
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceError, PrefixDeclaration};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Deepest nesting accepted (the schema needs 14 levels).
pub const MAX_DEPTH: usize = 64;
/// Largest single token (tag, text node, comment) accepted, in bytes.
pub const MAX_TOKEN: usize = 1 << 20;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes asked of the input per read.
const READ_SIZE: usize = 256 * 1024;

/// The input, read in large blocks that quick-xml parses in place: its slice reader borrows
/// each event from the block, where its `BufRead` reader copies every event into a buffer.
/// A block is parsed up to its last `<`, so that the markup before it is complete; the rest
/// moves to the front of the next block. Markup that still looks cut there (a `<` inside a
/// comment, say) is parsed again with more input.
struct Input<R> {
    inner: R,
    /// Offset (after a removed BOM) of the block's first byte.
    start: u64,
    /// The block holds input up to `filled`; bytes from `parsed` on are not parsed yet.
    parsed: usize,
    filled: usize,
    eof: bool,
    /// The newlines read, with the parser's cursor.
    newlines: NewlineMap,
    /// The first C0 control character other than tab, LF, CR: offset and byte.
    forbidden: Option<(u64, u8)>,
}

impl<R: Read> Input<R> {
    fn new(inner: R) -> Input<R> {
        Input {
            inner,
            start: 0,
            parsed: 0,
            filled: 0,
            eof: false,
            newlines: NewlineMap::default(),
            forbidden: None,
        }
    }

    /// Moves the unparsed bytes to the front of `block` and reads more after them. Every
    /// byte is scanned once, as it arrives, for newlines and forbidden characters.
    fn fill(&mut self, block: &mut Vec<u8>) -> std::io::Result<()> {
        if self.parsed > 0 {
            block.copy_within(self.parsed..self.filled, 0);
            self.start += self.parsed as u64;
            self.filled -= self.parsed;
            self.parsed = 0;
        }
        if block.len() < self.filled + READ_SIZE {
            block.resize(self.filled + READ_SIZE, 0);
        }
        let n = loop {
            match self.inner.read(&mut block[self.filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(());
        }
        self.newlines.forget_passed();
        let at = self.start + self.filled as u64;
        self.newlines.mark(
            &block[self.filled..self.filled + n],
            at,
            &mut self.forbidden,
        );
        self.filled += n;
        Ok(())
    }

    /// The end of the next window to parse: before the last `<` of the unparsed bytes, or
    /// all of them at the end of the input or when they hold a single markup (then a text
    /// after it may be cut: see [`Input::cut_text`]); `None` when they are only text.
    fn window_end(&self, block: &[u8]) -> Option<usize> {
        if self.eof {
            return Some(self.filled);
        }
        match memchr::memrchr(b'<', &block[self.parsed..self.filled]) {
            Some(0) => Some(self.filled),
            Some(i) => Some(self.parsed + i),
            None => None,
        }
    }

    /// A text that ends at `end`, the end of a window, may go on in the input not read yet.
    fn cut_text(&self, end: usize) -> bool {
        !self.eof && end == self.filled
    }
}

/// For 64 bytes: bit `i` set when byte `i` is a newline, and whether any byte is a forbidden
/// control character (C0 other than tab, LF, CR).
#[inline]
fn classify64(chunk: &[u8; 64]) -> (u64, bool) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86_64 baseline.
        unsafe { classify64_sse2(chunk) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        classify64_scalar(chunk)
    }
}

/// Sixteen bytes per instruction: the compiler does not vectorise the bit-mask loop itself.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
unsafe fn classify64_sse2(chunk: &[u8; 64]) -> (u64, bool) {
    use std::arch::x86_64::*;
    let newline = _mm_set1_epi8(b'\n' as i8);
    let tab = _mm_set1_epi8(b'\t' as i8);
    let cr = _mm_set1_epi8(b'\r' as i8);
    let last_control = _mm_set1_epi8(0x1F);
    let mut mask = 0u64;
    let mut bad = _mm_setzero_si128();
    for i in 0..4 {
        // SAFETY: bytes 16 i .. 16 i + 16 are inside the 64-byte chunk; the load is unaligned.
        let v = unsafe { _mm_loadu_si128(chunk.as_ptr().add(16 * i) as *const __m128i) };
        let is_newline = _mm_cmpeq_epi8(v, newline);
        mask |= u64::from(_mm_movemask_epi8(is_newline) as u16) << (16 * i);
        // Unsigned v <= 0x1F: min(v, 0x1F) == v.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);
        let allowed = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, tab), is_newline),
            _mm_cmpeq_epi8(v, cr),
        );
        bad = _mm_or_si128(bad, _mm_andnot_si128(allowed, control));
    }
    (mask, _mm_movemask_epi8(bad) != 0)
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify64_scalar(chunk: &[u8; 64]) -> (u64, bool) {
    let (mut mask, mut bad) = (0u64, false);
    for (i, &b) in chunk.iter().enumerate() {
        mask |= u64::from(b == b'\n') << i;
        bad |= forbidden_byte(b);
    }
    (mask, bad)
}

fn forbidden_byte(b: u8) -> bool {
    forbidden_char(u32::from(b))
}

/// Where the newlines of the input are, found 64 bytes at a time (a memchr per newline cost
/// more: lines are short), with a cursor for the parser, which only moves forward.
#[derive(Default)]
struct NewlineMap {
    /// Offsets of the newlines marked, ascending.
    offsets: Vec<u64>,
    /// Newlines before this index are behind the cursor.
    passed: usize,
}

impl NewlineMap {
    /// Marks the newlines of `bytes`, which start at `start`, where the previous call ended,
    /// and notes the first forbidden control character (C0 other than tab, LF, CR) if none
    /// was found before. Not inlined: it runs once per block.
    #[inline(never)]
    fn mark(&mut self, bytes: &[u8], start: u64, forbidden: &mut Option<(u64, u8)>) {
        let note = |at: u64, b: u8, forbidden: &mut Option<(u64, u8)>| {
            if forbidden_byte(b) && forbidden.is_none() {
                *forbidden = Some((at, b));
            }
        };
        let mut chunks = bytes.chunks_exact(64);
        let mut at = start;
        for chunk in &mut chunks {
            let (mut mask, any_bad) = classify64(chunk.try_into().expect("64-byte chunk"));
            while mask != 0 {
                self.offsets.push(at + u64::from(mask.trailing_zeros()));
                mask &= mask - 1;
            }
            if any_bad {
                for (i, &b) in chunk.iter().enumerate() {
                    note(at + i as u64, b, forbidden);
                }
            }
            at += 64;
        }
        for &b in chunks.remainder() {
            if b == b'\n' {
                self.offsets.push(at);
            }
            note(at, b, forbidden);
            at += 1;
        }
    }

    /// Moves the cursor to `to`: the newlines passed, how many, and the offset of the last.
    fn advance(&mut self, to: u64) -> (u64, Option<u64>) {
        let from = self.passed;
        while self.offsets.get(self.passed).is_some_and(|&nl| nl < to) {
            self.passed += 1;
        }
        let count = (self.passed - from) as u64;
        let last = if count > 0 {
            Some(self.offsets[self.passed - 1])
        } else {
            None
        };
        (count, last)
    }

    /// The newlines in `from..to` (from the cursor on): how many, and the offset of the last.
    fn between(&self, from: u64, to: u64) -> (u64, Option<u64>) {
        let ahead = &self.offsets[self.passed..];
        let (a, b) = (
            ahead.partition_point(|&nl| nl < from),
            ahead.partition_point(|&nl| nl < to),
        );
        if b > a {
            ((b - a) as u64, Some(ahead[b - 1]))
        } else {
            (0, None)
        }
    }

    /// Forgets the newlines behind the cursor.
    fn forget_passed(&mut self) {
        self.offsets.drain(..self.passed);
        self.passed = 0;
    }
}

/// Facts about the whole deposit gathered while reading (for reports and rewrites).
#[derive(Debug, Clone, Default)]
pub struct DepositInfo {
    pub id_flux: Option<String>,
    pub emitter: Option<String>,
    pub certifier_count: u32,
    pub passages: u64,
    pub had_bom: bool,
}

/// An element's local name held inline: schema names are at most 27 bytes, and longer
/// (unknown) names only need to differ from known ones. No allocation per element.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    buf: [u8; NAME_CAPACITY],
    len: u8,
}

const NAME_CAPACITY: usize = 32;

impl Name {
    fn new(bytes: &[u8]) -> Name {
        let mut buf = [0u8; NAME_CAPACITY];
        let len = bytes.len().min(NAME_CAPACITY);
        buf[..len].copy_from_slice(&bytes[..len]);
        Name {
            buf,
            len: len as u8,
        }
    }

    fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

/// What a start tag told us that matters here.
struct StartTag<'a> {
    local: Name,
    /// Prefix as written (empty when none).
    prefix: &'a [u8],
    in_cpf: bool,
    nil: bool,
    ns: NsKind,
    /// Attributes other than namespace declarations (for the validator), borrowed from the
    /// tag unless a reference was expanded.
    attrs: Vec<(NsKind, Cow<'a, str>, Cow<'a, str>)>,
    /// Where the validator's local name starts in the qualified name (after its last `:`).
    local_start: usize,
}

/// An owned resolved namespace, turned into the validator's borrowed [`Ns`] on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NsKind {
    Cpf,
    Xsi,
    None,
    Other(String),
}

impl NsKind {
    /// Classifies a namespace name (empty: no namespace).
    fn of(ns: &[u8]) -> NsKind {
        match ns {
            b"" => NsKind::None,
            CPF_NS => NsKind::Cpf,
            XSI_NS => NsKind::Xsi,
            other => NsKind::Other(String::from_utf8_lossy(other).into_owned()),
        }
    }

    fn as_ns(&self) -> Ns<'_> {
        match self {
            NsKind::Cpf => Ns::Cpf,
            NsKind::Xsi => Ns::Xsi,
            NsKind::None => Ns::None,
            NsKind::Other(s) => Ns::Other(s),
        }
    }
}

/// Schema errors found while reading, available once the reader reached the end.
#[derive(Debug, Clone, Default)]
pub struct SchemaOutcome {
    /// The first errors (at most [`crate::validate::MAX_KEPT_ERRORS`]).
    pub errors: Vec<SchemaError>,
    /// All errors, kept or not.
    pub count: usize,
    /// True once the whole file was read.
    pub complete: bool,
}

/// One identity element being read.
struct OpenField {
    field: Field,
    depth: usize,
    element_start: u64,
    content_start: u64,
    line: u64,
    column: u64,
    nil: bool,
    text: String,
}

/// Iterator over the records of a deposit.
pub struct DepositReader<R: BufRead> {
    path: PathBuf,
    input: Input<R>,
    /// The block of input being parsed (see [`Input`]); taken out of `self` while parsed.
    block: Vec<u8>,
    /// Records completed in the block, handed out one by one; then the error that stopped
    /// the reading, if any.
    pending: VecDeque<Record>,
    pending_error: Option<InputError>,
    /// The end of the file was reached.
    finished: bool,
    /// Qualified names of the open elements, end to end, and where each starts: end tags are
    /// checked here since each block gets a new quick-xml reader.
    open_names: Vec<u8>,
    open_name_starts: Vec<usize>,
    /// Where the attribute names of the current tag start and end (duplicate check).
    attr_keys: Vec<(usize, usize)>,
    /// The open element has had a child element. Whitespace in it then changes nothing for
    /// the validator: ignored in element content, and a simple-typed element with a child
    /// is already in error (its value is not checked). Such whitespace, the indentation
    /// after each end tag, is most of a deposit's text events: not sent.
    had_child: bool,
    /// See [`DepositReader::ids_only`].
    ids_only: bool,
    /// Namespace bindings in scope (quick-xml's `NsReader` scanned every start tag for them).
    bindings: Bindings,
    /// Bytes before the input's offset 0 (a BOM we removed).
    base: u64,
    line: u64,
    line_start: u64,
    /// Local names of open elements (cpf namespace only; other namespaces are kept as "?").
    stack: Vec<Name>,
    seen_root: bool,
    done: bool,
    pub info: DepositInfo,
    certification: Certification,
    current: Option<Record>,
    open_field: Option<OpenField>,
    /// Capturing a passage-level simple value (idTechnique, dateDebutValidite) or certification type/code.
    capture: Option<(Capture, usize, String)>,
    holder_start: Option<(u64, usize)>,
    holder_indent: Option<Arc<str>>,
    /// The `titulaire` prefix and the last indentation seen, shared by the records.
    holder_prefix: Arc<str>,
    last_indent: Arc<str>,
    next_index: usize,
    validator: Option<ValidatorPipe>,
    schema: Arc<Mutex<SchemaOutcome>>,
}

const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &[u8] = b"http://www.w3.org/2000/xmlns/";

/// Namespace bindings in scope, with the rules of quick-xml's resolver (Namespaces in XML
/// 1.1 scoping; `xml` and `xmlns` reserved). Only elements that declare namespaces are
/// pushed, so most start tags cost nothing here.
struct Bindings {
    /// (prefix, `None` for the default namespace; its namespace, classified once when
    /// declared, `None` for an undeclaration (`xmlns=""`, `xmlns:p=""`); depth of the
    /// declaring element), innermost last.
    entries: Vec<(Option<Vec<u8>>, NsKind, usize)>,
    /// The last element prefix resolved (`None`: no prefix) and its namespace, until the
    /// bindings change: nearly every element of a deposit has the same prefix.
    last_element: Option<(Option<Name>, NsKind)>,
}

/// What an unprefixed name resolves to without a default namespace.
static NO_NAMESPACE: NsKind = NsKind::None;

impl Default for Bindings {
    fn default() -> Self {
        Bindings {
            entries: vec![
                (Some(b"xml".to_vec()), NsKind::of(XML_NS), 0),
                (Some(b"xmlns".to_vec()), NsKind::of(XMLNS_NS), 0),
            ],
            last_element: None,
        }
    }
}

impl Bindings {
    /// The declarations of the start tag `e`, the element at `depth`.
    fn push(&mut self, e: &BytesStart, depth: usize) -> Result<(), NamespaceError> {
        self.last_element = None;
        for a in e.attributes().with_checks(false).flatten() {
            let value = a.value.as_ref();
            match a.key.as_namespace_binding() {
                Some(PrefixDeclaration::Default) => {
                    self.entries.push((None, NsKind::of(value), depth + 1));
                }
                Some(PrefixDeclaration::Named(b"xml")) if value != XML_NS => {
                    return Err(NamespaceError::InvalidXmlPrefixBind(value.to_vec()));
                }
                Some(PrefixDeclaration::Named(b"xml")) => {}
                Some(PrefixDeclaration::Named(b"xmlns")) => {
                    return Err(NamespaceError::InvalidXmlnsPrefixBind(value.to_vec()));
                }
                Some(PrefixDeclaration::Named(prefix)) => {
                    if value == XML_NS {
                        return Err(NamespaceError::InvalidPrefixForXml(prefix.to_vec()));
                    }
                    if value == XMLNS_NS {
                        return Err(NamespaceError::InvalidPrefixForXmlns(prefix.to_vec()));
                    }
                    self.entries
                        .push((Some(prefix.to_vec()), NsKind::of(value), depth + 1));
                }
                None => {}
            }
        }
        Ok(())
    }

    /// The declarations of the element at `depth` go out of scope.
    fn pop(&mut self, depth: usize) {
        while self.entries.last().is_some_and(|e| e.2 == depth + 1) {
            self.entries.pop();
            self.last_element = None;
        }
    }

    /// [`Bindings::resolve`] for an element name, through the one-entry cache.
    fn resolve_element(&mut self, prefix: Option<&[u8]>) -> Result<NsKind, Vec<u8>> {
        if let Some((cached, kind)) = &self.last_element {
            if cached.as_ref().map(Name::as_slice) == prefix {
                return Ok(kind.clone());
            }
        }
        let kind = self.resolve(prefix, true)?.clone();
        // Longer prefixes do not fit a `Name`: not cached.
        if prefix.is_none_or(|p| p.len() <= NAME_CAPACITY) {
            self.last_element = Some((prefix.map(Name::new), kind.clone()));
        }
        Ok(kind)
    }

    /// The namespace of a name with `prefix`, or `Err(prefix)` when it is not declared.
    /// `use_default`: element names take the default namespace, attribute names do not.
    fn resolve(&self, prefix: Option<&[u8]>, use_default: bool) -> Result<&NsKind, Vec<u8>> {
        let unknown = || match prefix {
            Some(p) => Err(p.to_vec()),
            None => Ok(&NO_NAMESPACE),
        };
        for (declared, kind, _) in self.entries.iter().rev() {
            match (declared.as_deref(), prefix) {
                (None, None) if use_default => return Ok(kind),
                (None, None) => return Ok(&NO_NAMESPACE),
                // First bytes first: most lookups pass `xsi` to find `cpf` (a memcmp each).
                (Some(d), Some(u)) if d.first() == u.first() && d == u => {
                    return if *kind == NsKind::None {
                        unknown()
                    } else {
                        Ok(kind)
                    };
                }
                _ => {}
            }
        }
        unknown()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    IdTechnique,
    AwardDate,
    CertType,
    CertCode,
    IdFlux,
    EmitterId,
}

/// Opens a deposit file for streaming.
pub fn open(path: &Path) -> Result<DepositReader<BufReader<File>>, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(
            path,
            "c'est un dossier, pas un fichier",
            "is a directory, not a file",
        ));
    }
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    DepositReader::new(path, BufReader::with_capacity(256 * 1024, file))
}

impl<R: BufRead> DepositReader<R> {
    pub fn new(path: &Path, mut inner: R) -> Result<DepositReader<R>, InputError> {
        let head = inner.fill_buf().map_err(|e| io_error(path, &e))?;
        let had_bom = head.starts_with(UTF8_BOM);
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(InputError::new(
                path,
                "fichier en UTF-16 : le dépôt doit être encodé en UTF-8",
                "UTF-16 file: the deposit must be UTF-8",
            )
            .at(1, Some(1)));
        }
        // `<` (or `<?`) encoded in UTF-16 without a BOM.
        if head.starts_with(b"<\0") || head.starts_with(b"\0<") {
            return Err(InputError::new(
                path,
                "fichier en UTF-16 (sans BOM) : le dépôt doit être encodé en UTF-8",
                "UTF-16 file (without BOM): the deposit must be UTF-8",
            )
            .at(1, Some(1)));
        }
        if head.is_empty() {
            return Err(InputError::new(
                path,
                "fichier vide : aucun élément cpf:flux",
                "empty file: no cpf:flux element",
            ));
        }
        if had_bom {
            inner.consume(UTF8_BOM.len());
        }
        Ok(DepositReader {
            path: path.to_path_buf(),
            input: Input::new(inner),
            block: Vec::new(),
            pending: VecDeque::new(),
            pending_error: None,
            finished: false,
            open_names: Vec::with_capacity(256),
            open_name_starts: Vec::with_capacity(32),
            attr_keys: Vec::new(),
            had_child: false,
            ids_only: false,
            bindings: Bindings::default(),
            base: if had_bom { 3 } else { 0 },
            line: 1,
            line_start: 0,
            stack: Vec::with_capacity(32),
            seen_root: false,
            done: false,
            info: DepositInfo {
                had_bom,
                ..DepositInfo::default()
            },
            certification: Certification::default(),
            current: None,
            open_field: None,
            capture: None,
            holder_start: None,
            holder_indent: None,
            holder_prefix: Arc::from(""),
            last_indent: Arc::from("\n"),
            next_index: 0,
            validator: None,
            schema: Arc::new(Mutex::new(SchemaOutcome::default())),
        })
    }

    fn err(
        &self,
        line: u64,
        column: u64,
        fr: impl Into<String>,
        en: impl Into<String>,
    ) -> InputError {
        InputError::new(&self.path, fr, en).at(line, Some(column))
    }

    /// Moves line tracking to `pos` (an absolute offset, BOM included), past the newlines
    /// the input scan found before it.
    fn advance_lines(&mut self, pos: u64) {
        let (count, last) = self.input.newlines.advance(pos.saturating_sub(self.base));
        self.line += count;
        if let Some(nl) = last {
            self.line_start = self.base + nl + 1;
        }
    }

    /// Refuses the characters XML 1.0 forbids (C0 controls other than tab, LF, CR) when the
    /// first one lies before `after`: a NUL or a control character means a binary or
    /// corrupted file. Line tracking is at the start of the event.
    fn check_controls(&self, after: u64) -> Result<(), InputError> {
        let Some((at, byte)) = self.input.forbidden else {
            return Ok(());
        };
        let pos = self.base + at;
        if pos >= after {
            return Ok(());
        }
        let (count, last) = self.input.newlines.between(0, at);
        let line = self.line + count;
        let line_start = last.map_or(self.line_start, |nl| self.base + nl + 1);
        let column = pos.saturating_sub(line_start) + 1;
        Err(self.control_error(line, column, byte as u32))
    }

    fn undeclared_prefix(
        &self,
        prefix: &[u8],
        line: u64,
        col: u64,
        qname: String,
    ) -> Box<InputError> {
        let p = String::from_utf8_lossy(prefix);
        Box::new(
            self.err(
                line,
                col,
                format!("préfixe d'espace de noms « {p} » non déclaré"),
                format!("undeclared namespace prefix \"{p}\""),
            )
            .field(qname),
        )
    }

    /// The error is boxed: this runs for every start tag, and a large `Result` is copied.
    fn start_tag<'a>(
        &mut self,
        e: &'a BytesStart<'a>,
        line: u64,
        col: u64,
    ) -> Result<StartTag<'a>, Box<InputError>> {
        let qname = || String::from_utf8_lossy(e.name().as_ref()).into_owned();
        // Names are short: a plain loop finds the colon faster than memchr's set-up.
        let raw = e.name().into_inner();
        let colon = raw.iter().position(|&b| b == b':');
        let (prefix, local) = match colon {
            Some(i) => (Some(&raw[..i]), &raw[i + 1..]),
            None => (None, raw),
        };
        let local_start = match colon {
            Some(i) => i + 1 + local.iter().rposition(|&b| b == b':').map_or(0, |j| j + 1),
            None => 0,
        };
        // Most elements have no attribute: skip the attribute passes for them.
        let has_attributes = e
            .attributes_raw()
            .iter()
            .any(|b| !b.is_ascii_whitespace() && *b != b'/');
        // A malformed attribute also stops namespace declarations from being read: report
        // it first, or it would show up as an undeclared prefix.
        // The only pass with the duplicate check, made here as quick-xml would (it allocates
        // for it): positions are offsets in the tag.
        let mut declares = false;
        self.attr_keys.clear();
        let tag_bytes: &[u8] = e;
        for attr in
            e.attributes()
                .with_checks(false)
                .take(if has_attributes { usize::MAX } else { 0 })
        {
            let attr = attr.and_then(|a| {
                let key = a.key.as_ref();
                let start = key.as_ptr() as usize - tag_bytes.as_ptr() as usize;
                let previous = self
                    .attr_keys
                    .iter()
                    .find(|(s, e)| tag_bytes[*s..*e] == *key);
                match previous {
                    Some((first, _)) => Err(AttrError::Duplicated(start, *first)),
                    None => {
                        self.attr_keys.push((start, start + key.len()));
                        Ok(a)
                    }
                }
            });
            match attr {
                Ok(a) => declares |= a.key.as_namespace_binding().is_some(),
                Err(err) => {
                    return Err(Box::new(
                        self.err(
                            line,
                            col,
                            format!("attribut mal formé : {}", french_attr_error(&err)),
                            format!("malformed attribute: {err}"),
                        )
                        .field(qname()),
                    ))
                }
            }
        }
        if declares {
            if let Err(err) = self.bindings.push(e, self.stack.len()) {
                let (fr, en) = describe_xml_error(&quick_xml::Error::Namespace(err));
                return Err(Box::new(self.err(line, col, fr, en).field(qname())));
            }
        }
        let ns_kind = match self.bindings.resolve_element(prefix) {
            Ok(kind) => kind,
            Err(p) => return Err(self.undeclared_prefix(&p, line, col, qname())),
        };
        let in_cpf = ns_kind == NsKind::Cpf;
        let mut nil = false;
        let mut attrs = Vec::new();
        for attr in
            e.attributes()
                .with_checks(false)
                .take(if has_attributes { usize::MAX } else { 0 })
        {
            let attr = attr.map_err(|err| {
                Box::new(
                    self.err(
                        line,
                        col,
                        format!("attribut mal formé : {err}"),
                        format!("malformed attribute: {err}"),
                    )
                    .field(qname()),
                )
            })?;
            let ans = match self
                .bindings
                .resolve(attr.key.prefix().map(|p| p.into_inner()), false)
            {
                Ok(kind) => kind.clone(),
                Err(p) => return Err(self.undeclared_prefix(&p, line, col, qname())),
            };
            let local = attr.key.local_name();
            if ans == NsKind::Xsi && local.as_ref() == b"nil" {
                let v = attr.value.as_ref();
                nil = v == b"true" || v == b"1";
            }
            if self.validator.is_some() && attr.key.as_namespace_binding().is_none() {
                let value = attr_value(attr.value);
                attrs.push((ans, String::from_utf8_lossy(local.into_inner()), value));
            }
        }
        Ok(StartTag {
            local: Name::new(local),
            prefix: prefix.unwrap_or_default(),
            in_cpf,
            nil,
            ns: ns_kind,
            attrs,
            local_start,
        })
    }

    /// Passes a start tag to the schema validator, when validating.
    fn validate_start(&mut self, e: &BytesStart, tag: &StartTag, line: u64, column: u64) {
        if self.validator.is_none() {
            return;
        }
        // The local name is the qualified name's tail: validate UTF-8 once (names are
        // nearly always ASCII, which is checked faster).
        let raw = e.name().into_inner();
        let qname = if raw.is_ascii() {
            // SAFETY: ASCII bytes are valid UTF-8.
            unsafe { std::str::from_utf8_unchecked(raw) }
        } else {
            std::str::from_utf8(raw).unwrap_or("?")
        };
        let local = qname.get(tag.local_start..).unwrap_or(qname);
        if let Some(v) = self.validator.as_mut() {
            let attrs: Vec<Attr> = tag
                .attrs
                .iter()
                .map(|(ns, local, value)| Attr {
                    ns: ns.as_ns(),
                    local,
                    value,
                })
                .collect();
            v.start(tag.ns.as_ns(), local, qname, &attrs, line, column);
        }
    }

    /// Reads the records' ids, certifications and positions but not their identity
    /// fields: for a pass that only counts and identifies holders (the check of a written
    /// deposit), the values are most of the work of building a record.
    pub fn ids_only(&mut self) {
        self.ids_only = true;
    }

    /// Asks for the full schema validation in the same pass. The outcome is filled when
    /// the reader reaches the end of the file.
    pub fn validate_schema(&mut self) -> Arc<Mutex<SchemaOutcome>> {
        self.validator = Some(ValidatorPipe::spawn());
        self.schema.clone()
    }

    fn finish_schema(&mut self) {
        if let Some(v) = self.validator.take() {
            let (errors, count) = v.finish();
            if let Ok(mut out) = self.schema.lock() {
                *out = SchemaOutcome {
                    errors,
                    count,
                    complete: true,
                };
            }
        }
    }

    fn parent_is(&self, name: &[u8]) -> bool {
        self.stack
            .last()
            .map(|n| n.as_slice() == name)
            .unwrap_or(false)
    }

    /// Reads until one record is complete, or the end of the file. Records completed
    /// before an error come first, then the error.
    fn next_record(&mut self) -> Result<Option<Record>, InputError> {
        loop {
            if let Some(rec) = self.pending.pop_front() {
                return Ok(Some(rec));
            }
            if let Some(err) = self.pending_error.take() {
                return Err(err);
            }
            if self.finished {
                return Ok(None);
            }
            let mut block = std::mem::take(&mut self.block);
            let result = self.parse_window(&mut block);
            self.block = block;
            if let Err(e) = result {
                self.pending_error = Some(e);
            }
        }
    }

    /// Reads more input after the unparsed bytes, unless these are more than any event may
    /// be. `cut` is the error of markup that looked cut by the end of the window, and where.
    fn read_more(
        &mut self,
        block: &mut Vec<u8>,
        cut: Option<(quick_xml::Error, u64)>,
    ) -> Result<(), InputError> {
        if self.input.filled - self.input.parsed > MAX_TOKEN {
            let pos = self.base + self.input.start + self.input.parsed as u64;
            self.advance_lines(pos);
            return Err(match cut {
                // Markup that is not cut but wrong (`<!x`): with this much input, it is not cut.
                Some((e @ quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup), at)) => {
                    let (fr, en) = describe_xml_error(&e);
                    self.err(self.line, at.saturating_sub(self.line_start) + 1, fr, en)
                }
                _ => self.too_large(self.line, pos.saturating_sub(self.line_start) + 1),
            });
        }
        self.input.fill(block).map_err(|e| io_error(&self.path, &e))
    }

    /// Parses the events of the next window of the block (see [`Input`]) and queues the
    /// records they complete.
    fn parse_window(&mut self, block: &mut Vec<u8>) -> Result<(), InputError> {
        let Some(end) = self.input.window_end(block) else {
            return self.read_more(block, None);
        };
        let offset = self.input.parsed;
        // A new quick-xml reader takes a U+FEFF at the start of its input for a byte order
        // mark and drops it, uncounted. Only the file's first is one (and was dropped so since
        // the first version of this reader); elsewhere it starts a text, put back below.
        let mut leading_feff =
            self.input.start + offset as u64 != 0 && block[offset..end].starts_with(UTF8_BOM);
        let skip = if leading_feff { UTF8_BOM.len() } else { 0 };
        let origin = self.base + self.input.start + (offset + skip) as u64;
        let window_end = self.base + self.input.start + end as u64;
        let mut reader = Reader::from_reader(&block[offset..end]);
        let config = reader.config_mut();
        config.check_comments = true;
        // Each window has its own quick-xml reader: end tags are matched here.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.trim_text(false);
        loop {
            let at = reader.buffer_position();
            let (mut before, mut start_in_block) = (origin + at, offset + skip + at as usize);
            // The text quick-xml read without its leading U+FEFF, or the U+FEFF alone.
            let mut merged_text: Option<Vec<u8>> = None;
            let feff_alone =
                leading_feff && block[offset + skip..end].first().is_none_or(|&b| b == b'<');
            if std::mem::take(&mut leading_feff) {
                (before, start_in_block) = (origin - skip as u64, offset);
                merged_text = Some(UTF8_BOM.to_vec());
            }
            self.advance_lines(before);
            let event = match if feff_alone {
                Ok(Event::Text(quick_xml::events::BytesText::from_escaped("")))
            } else {
                reader.read_event()
            } {
                Ok(Event::Text(t)) if merged_text.is_some() && !feff_alone => {
                    if let Some(bytes) = merged_text.as_mut() {
                        bytes.extend_from_slice(&t);
                    }
                    Event::Text(t)
                }
                Ok(x) => x,
                Err(e @ quick_xml::Error::Syntax(_)) if !self.input.eof => {
                    let pos = origin + reader.error_position();
                    self.input.parsed = start_in_block;
                    return self.read_more(block, Some((e, pos)));
                }
                Err(e) => {
                    let pos = origin + reader.error_position();
                    let (fr, en) = describe_xml_error(&e);
                    let col = pos.saturating_sub(self.line_start) + 1;
                    return Err(self.err(self.line, col, fr, en));
                }
            };
            let after = origin + reader.buffer_position();
            if matches!(event, Event::Text(_)) && self.input.cut_text(end) && after == window_end {
                self.input.parsed = start_in_block;
                return self.read_more(block, None);
            }
            let line = self.line;
            let column = before.saturating_sub(self.line_start) + 1;
            if (after - before) as usize > MAX_TOKEN {
                return Err(self.too_large(line, column));
            }
            self.check_controls(after)?;
            match event {
                Event::Start(e) => {
                    self.had_child = false;
                    self.open_name_starts.push(self.open_names.len());
                    self.open_names.extend_from_slice(e.name().as_ref());
                    let tag = self.start_tag(&e, line, column).map_err(|e| *e)?;
                    self.validate_start(&e, &tag, line, column);
                    self.on_start(&tag, before, after, line, column, false)?;
                }
                Event::Empty(e) => {
                    let tag = self.start_tag(&e, line, column).map_err(|e| *e)?;
                    self.validate_start(&e, &tag, line, column);
                    if let Some(v) = self.validator.as_mut() {
                        v.end(line, column);
                    }
                    self.on_start(&tag, before, after, line, column, true)?;
                    self.on_end(before, after);
                    self.had_child = true;
                }
                Event::End(e) => {
                    self.match_end_name(e.name().as_ref(), line, column)?;
                    if let Some(v) = self.validator.as_mut() {
                        v.end(line, column);
                    }
                    self.on_end(before, after);
                    self.had_child = true;
                }
                Event::Text(t) => {
                    let raw: &[u8] = merged_text.as_deref().unwrap_or(&t);
                    self.on_raw_text(raw, line, column)?;
                }
                Event::CData(c) => {
                    let text = match std::str::from_utf8(c.as_ref()) {
                        Ok(s) => s,
                        Err(_) => return Err(self.invalid_utf8(line, column)),
                    };
                    if let Some(v) = self.validator.as_mut() {
                        v.text(&normalise_line_ends(text));
                    }
                    self.on_text(text, line, column)?;
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(d) => {
                    let version = d.version().ok().map(|v| v.into_owned());
                    let encoding = d.encoding().and_then(|e| e.ok()).map(|e| e.into_owned());
                    drop(d);
                    if let Some(v) = self.validator.as_mut() {
                        let ver = version
                            .as_deref()
                            .map(|v| String::from_utf8_lossy(v).into_owned());
                        v.declaration(ver.as_deref(), line, column);
                    }
                    if version.is_none() {
                        return Err(self.err(
                            line,
                            column,
                            "déclaration XML sans version : écrivez <?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                            "XML declaration without a version: write <?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        ));
                    }
                    if version.as_deref() != Some(b"1.0") {
                        let v = version
                            .map(|v| String::from_utf8_lossy(&v).into_owned())
                            .unwrap_or_default();
                        return Err(self.err(
                            line,
                            column,
                            format!("version XML « {v} » : seule la version 1.0 est acceptée par la CDC"),
                            format!("XML version \"{v}\": the CDC accepts only version 1.0"),
                        ));
                    }
                    if let Some(enc) = encoding {
                        let enc = String::from_utf8_lossy(&enc).to_ascii_uppercase();
                        if enc != "UTF-8" && enc != "UTF8" {
                            return Err(self.err(
                                line,
                                column,
                                format!("encodage déclaré « {enc} » : le dépôt doit être en UTF-8 (convertissez le fichier)"),
                                format!("declared encoding \"{enc}\": the deposit must be UTF-8 (convert the file)"),
                            ));
                        }
                    }
                }
                Event::DocType(_) => {
                    return Err(self.err(
                        line,
                        column,
                        "déclaration DOCTYPE (DTD) refusée : un dépôt CDC n'en contient pas, et les entités qu'elle déclare sont un risque de sécurité",
                        "DOCTYPE (DTD) refused: a CDC deposit has none, and the entities it declares are a security risk",
                    ));
                }
                Event::Eof if !self.input.eof => {
                    self.input.parsed = end;
                    return Ok(());
                }
                Event::Eof => {
                    if let Some(open) = self.stack.last() {
                        let name = String::from_utf8_lossy(open.as_slice()).into_owned();
                        return Err(self
                            .err(
                                line,
                                column,
                                "fin de fichier inattendue : élément non fermé (fichier tronqué ?)",
                                "unexpected end of file: unclosed element (truncated file?)",
                            )
                            .field(name));
                    }
                    if !self.seen_root {
                        return Err(self.err(
                            line,
                            column,
                            "aucun élément racine : ce n'est pas un dépôt XML",
                            "no root element: this is not an XML deposit",
                        ));
                    }
                    self.finish_schema();
                    self.input.parsed = end;
                    self.finished = true;
                    return Ok(());
                }
            }
        }
    }

    /// A text node as written (references not expanded): checked, expanded, passed to the
    /// validator and to the record being read.
    fn on_raw_text(&mut self, raw: &[u8], line: u64, column: u64) -> Result<(), InputError> {
        // The indentation after an end tag, most text events: nothing to expand or check,
        // nothing for the validator (see `had_child`).
        if self.had_child
            && !self.stack.is_empty()
            && raw.iter().all(|&b| crate::validate::values::is_xml_ws(b))
        {
            // SAFETY: XML whitespace is ASCII, valid UTF-8.
            return self.on_text(unsafe { std::str::from_utf8_unchecked(raw) }, line, column);
        }
        let traits = TextTraits::of(raw);
        // Most text has no reference to expand: skip the unescaping.
        let plain = match (traits.reference, traits.ascii) {
            // SAFETY: ASCII bytes are valid UTF-8.
            (false, true) => Some(unsafe { std::str::from_utf8_unchecked(raw) }),
            (false, false) => std::str::from_utf8(raw).ok(),
            (true, _) => None,
        };
        // As quick-xml's `BytesText::unescape`: UTF-8 first, then references.
        let unescaped = match plain {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => match std::str::from_utf8(raw) {
                Ok(s) => quick_xml::escape::unescape(s).map_err(quick_xml::Error::from),
                Err(e) => Err(quick_xml::Error::Encoding(EncodingError::Utf8(e))),
            },
        };
        let text = match unescaped {
            Ok(s) => s,
            Err(e) => {
                let (fr, en) = describe_xml_error(&e);
                return Err(self.err(line, column, fr, en));
            }
        };
        // A character reference may stand for a forbidden character (`&#1;`);
        // text without references was checked byte by byte already.
        if let Cow::Owned(owned) = &text {
            if let Some(c) = owned.chars().find(|c| forbidden_char(*c as u32)) {
                return Err(self.control_error(line, column, c as u32));
            }
        }
        // Whitespace after a child took the early return: the rest goes to the validator.
        if !self.stack.is_empty() {
            if let Some(v) = self.validator.as_mut() {
                if traits.carriage_return {
                    v.text(&line_ends_normalised(raw, &text));
                } else {
                    v.text(&text);
                }
            }
        }
        self.on_text(&text, line, column)
    }

    /// Checks an end tag against the open element, as quick-xml would (see `open_names`).
    fn match_end_name(&mut self, name: &[u8], line: u64, column: u64) -> Result<(), InputError> {
        let found = || String::from_utf8_lossy(name).into_owned();
        let error = match self.open_name_starts.pop() {
            Some(start) if self.open_names[start..] == *name => {
                self.open_names.truncate(start);
                return Ok(());
            }
            Some(start) => IllFormedError::MismatchedEndTag {
                expected: String::from_utf8_lossy(&self.open_names[start..]).into_owned(),
                found: found(),
            },
            None => IllFormedError::UnmatchedEndTag(found()),
        };
        let (fr, en) = describe_xml_error(&quick_xml::Error::IllFormed(error));
        Err(self.err(line, column, fr, en))
    }

    fn control_error(&self, line: u64, column: u64, code: u32) -> InputError {
        self.err(
            line,
            column,
            format!("caractère de contrôle U+{code:04X} interdit en XML (fichier binaire, UTF-16 ou corrompu ?)"),
            format!("control character U+{code:04X} is not allowed in XML (binary, UTF-16 or corrupted file?)"),
        )
    }

    fn too_large(&self, line: u64, column: u64) -> InputError {
        self.err(
            line,
            column,
            format!(
                "élément, texte ou commentaire de plus de {MAX_TOKEN} octets : fichier refusé (aucune valeur d'un dépôt CDC n'approche cette taille)"
            ),
            format!(
                "element, text or comment larger than {MAX_TOKEN} bytes: file refused (no value in a CDC deposit comes near that size)"
            ),
        )
    }

    fn invalid_utf8(&self, line: u64, column: u64) -> InputError {
        self.err(
            line,
            column,
            "octets non UTF-8 (fichier enregistré en Windows-1252 ou Latin-1 ?) : convertissez le fichier en UTF-8",
            "bytes that are not UTF-8 (file saved as Windows-1252 or Latin-1?): convert the file to UTF-8",
        )
    }

    fn on_start(
        &mut self,
        tag: &StartTag,
        before: u64,
        after: u64,
        line: u64,
        column: u64,
        empty: bool,
    ) -> Result<(), InputError> {
        let name_str = || String::from_utf8_lossy(tag.local.as_slice()).into_owned();
        if self.stack.len() >= MAX_DEPTH {
            return Err(self
                .err(
                    line,
                    column,
                    format!("imbrication de plus de {MAX_DEPTH} niveaux"),
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                )
                .field(name_str()));
        }
        if self.stack.is_empty() {
            if self.seen_root {
                return Err(self
                    .err(
                        line,
                        column,
                        "second élément racine après la fin de cpf:flux",
                        "a second root element after cpf:flux",
                    )
                    .field(name_str()));
            }
            self.seen_root = true;
            if tag.local.as_slice() != b"flux" {
                return Err(self
                    .err(
                        line,
                        column,
                        "élément racine inattendu : un dépôt CDC commence par cpf:flux",
                        "unexpected root element: a CDC deposit starts with cpf:flux",
                    )
                    .field(name_str()));
            }
            if !tag.in_cpf {
                return Err(self
                    .err(
                        line,
                        column,
                        "espace de noms de cpf:flux incorrect : attendu urn:cdc:cpf:pc5:schema:1.0.0 (la CDC refuse le fichier entier)",
                        "wrong namespace on cpf:flux: expected urn:cdc:cpf:pc5:schema:1.0.0 (the CDC refuses the whole file)",
                    )
                    .field(name_str()));
            }
        }
        let local = if tag.in_cpf {
            tag.local
        } else {
            Name::new(b"?")
        };
        match local.as_slice() {
            b"certificateur" => {
                self.info.certifier_count += 1;
                if self.info.certifier_count > 1 {
                    return Err(self
                        .err(line, column, "plusieurs certificateurs dans un même fichier : le schéma n'en permet qu'un", "several certifiers in one file: the schema allows only one")
                        .field("certificateur"));
                }
            }
            b"certification" => self.certification = Certification::default(),
            b"passageCertification" => {
                self.current = Some(Record {
                    index: self.next_index,
                    line,
                    certification: self.certification.clone(),
                    format: SourceFormat::Xml,
                    ..Record::default()
                });
                self.next_index += 1;
                self.info.passages += 1;
            }
            b"dossierFormation" => {
                if let Some(rec) = self.current.as_mut() {
                    rec.kind = HolderKind::TrainingFile;
                }
            }
            b"titulaire" => {
                self.holder_start = Some((before, self.stack.len()));
                if self.holder_prefix.as_bytes() != tag.prefix {
                    self.holder_prefix = Arc::from(String::from_utf8_lossy(tag.prefix));
                }
                self.holder_indent = None;
            }
            _ => {}
        }
        let depth = self.stack.len();
        if self.current.is_some() {
            if self.holder_start.is_some() {
                if self.ids_only {
                    // Identity fields are not read.
                } else if let Some(field) = Field::from_bytes(local.as_slice()) {
                    self.open_field = Some(OpenField {
                        field,
                        depth,
                        element_start: before,
                        content_start: after,
                        line,
                        column,
                        nil: tag.nil,
                        text: String::new(),
                    });
                }
            } else if self.parent_is(b"passageCertification") {
                let cap = match local.as_slice() {
                    b"idTechnique" => Some(Capture::IdTechnique),
                    b"dateDebutValidite" => Some(Capture::AwardDate),
                    _ => None,
                };
                self.capture = cap.map(|c| (c, depth, String::new()));
            }
        } else if self.parent_is(b"certification") {
            let cap = match local.as_slice() {
                b"type" => Some(Capture::CertType),
                b"code" => Some(Capture::CertCode),
                _ => None,
            };
            self.capture = cap.map(|c| (c, depth, String::new()));
        } else if self.parent_is(b"flux") && local.as_slice() == b"idFlux" {
            self.capture = Some((Capture::IdFlux, depth, String::new()));
        } else if self.parent_is(b"emetteur") && local.as_slice() == b"idClient" {
            self.capture = Some((Capture::EmitterId, depth, String::new()));
        }
        self.stack.push(local);
        if empty {
            if let Some(open) = self.open_field.as_mut() {
                if open.depth == depth {
                    open.content_start = u64::MAX; // self-closed: no content range
                }
            }
        }
        Ok(())
    }

    fn on_text(&mut self, text: &str, line: u64, column: u64) -> Result<(), InputError> {
        if self.stack.is_empty() {
            if !text.trim().is_empty() {
                return Err(self.err(
                    line,
                    column,
                    "texte en dehors de l'élément racine",
                    "text outside the root element",
                ));
            }
            return Ok(());
        }
        if let Some(open) = self.open_field.as_mut() {
            if open.depth + 1 == self.stack.len() {
                open.text.push_str(text);
            }
        } else if let Some((_, depth, value)) = self.capture.as_mut() {
            if *depth + 1 == self.stack.len() {
                value.push_str(text);
            }
        }
        // The whitespace before the first child of `titulaire` is the indentation
        // to reuse for an inserted element.
        if self.holder_start.is_some()
            && self.holder_indent.is_none()
            && self.parent_is(b"titulaire")
        {
            let tail = text.rsplit('\n').next().unwrap_or("");
            if text.contains('\n') && tail.chars().all(|c| c == ' ' || c == '\t') {
                if self.last_indent.get(1..) != Some(tail) {
                    self.last_indent = Arc::from(format!("\n{tail}"));
                }
                self.holder_indent = Some(self.last_indent.clone());
            }
        }
        Ok(())
    }

    /// Closes the innermost element; a record it completes joins `pending` (returning a
    /// record, a large value, made every end tag copy it).
    fn on_end(&mut self, before: u64, after: u64) {
        let Some(local) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        // The namespace declarations of the element just closed go out of scope.
        self.bindings.pop(depth);
        if let Some(open) = self.open_field.take() {
            if open.depth == depth {
                if let Some(rec) = self.current.as_mut() {
                    let content = if open.content_start == u64::MAX {
                        None
                    } else {
                        Some(open.content_start..before)
                    };
                    rec.set(
                        open.field,
                        Value {
                            text: open.text,
                            nil: open.nil,
                            loc: Location {
                                line: open.line,
                                column: open.column,
                                element: Some(open.element_start..after),
                                content,
                            },
                        },
                    );
                }
            } else {
                self.open_field = Some(open);
            }
        }
        if let Some((cap, cdepth, value)) = self.capture.take() {
            if cdepth == depth {
                match cap {
                    Capture::IdTechnique => {
                        if let Some(rec) = self.current.as_mut() {
                            rec.id = value;
                        }
                    }
                    Capture::AwardDate => {
                        if let Some(rec) = self.current.as_mut() {
                            rec.award_date = Some(value);
                        }
                    }
                    Capture::CertType => self.certification.kind = value,
                    Capture::CertCode => self.certification.code = value,
                    Capture::IdFlux => self.info.id_flux = Some(value),
                    Capture::EmitterId => self.info.emitter = Some(value),
                }
            } else {
                self.capture = Some((cap, cdepth, value));
            }
        }
        match local.as_slice() {
            b"titulaire" => {
                if let (Some(rec), Some((start, _))) =
                    (self.current.as_mut(), self.holder_start.take())
                {
                    rec.xml = Some(XmlHolder {
                        prefix: self.holder_prefix.clone(),
                        element: start..after,
                        child_indent: self.holder_indent.take().unwrap_or_else(|| Arc::from("\n")),
                    });
                }
            }
            b"passageCertification" => {
                if let Some(mut rec) = self.current.take() {
                    if rec.id.is_empty() {
                        rec.id = format!("#{}", rec.index + 1);
                    }
                    self.pending.push_back(rec);
                }
            }
            _ => {}
        }
    }
}

impl<R: BufRead> Iterator for DepositReader<R> {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(rec)) => Some(Ok(rec)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// An attribute value as the validator sees it: references expanded, borrowed from the tag
/// when there are none (quick-xml's `unescape_value` copies it).
fn attr_value(raw: Cow<'_, [u8]>) -> Cow<'_, str> {
    let expand = |s: &str| match quick_xml::escape::unescape(s) {
        Ok(v) => Cow::Owned(v.into_owned()),
        Err(_) => Cow::Owned(s.to_string()),
    };
    match raw {
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(s) if !s.contains('&') => Cow::Borrowed(s),
            Ok(s) => expand(s),
            Err(_) => String::from_utf8_lossy(b),
        },
        Cow::Owned(b) => match std::str::from_utf8(&b) {
            Ok(s) => expand(s),
            Err(_) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
        },
    }
}

/// French and English wording for a quick-xml error.
fn describe_xml_error(e: &quick_xml::Error) -> (String, String) {
    use quick_xml::Error as E;
    match e {
        E::Syntax(SyntaxError::UnclosedTag) => ("balise non fermée (il manque « > »)".into(), "unclosed tag (missing \">\")".into()),
        E::Syntax(SyntaxError::UnclosedComment) => ("commentaire non fermé".into(), "unclosed comment".into()),
        E::Syntax(SyntaxError::UnclosedCData) => ("section CDATA non fermée".into(), "unclosed CDATA section".into()),
        E::Syntax(s) => (format!("XML mal formé : {s}"), format!("malformed XML: {s}")),
        E::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
            format!("balise de fin « {found} » alors que « {expected} » est ouvert"),
            format!("end tag \"{found}\" while \"{expected}\" is open"),
        ),
        E::IllFormed(IllFormedError::UnmatchedEndTag(name)) => (
            format!("balise de fin « {name} » sans balise d'ouverture"),
            format!("end tag \"{name}\" without a start tag"),
        ),
        E::IllFormed(IllFormedError::DoubleHyphenInComment) => (
            "la chaîne « -- » n'est pas autorisée dans les commentaires".into(),
            "\"--\" is not allowed in comments".into(),
        ),
        E::IllFormed(i) => (format!("XML mal formé : {i}"), format!("malformed XML: {i}")),
        E::Encoding(_) => (
            "octets non UTF-8 (fichier enregistré en Windows-1252 ou Latin-1 ?) : convertissez le fichier en UTF-8".into(),
            "bytes that are not UTF-8 (file saved as Windows-1252 or Latin-1?): convert the file to UTF-8".into(),
        ),
        E::Escape(esc) => {
            use quick_xml::escape::EscapeError as X;
            let fr = match esc {
                X::UnrecognizedEntity(_, name) => format!("entité « &{name}; » inconnue (seules &lt; &gt; &amp; &quot; &apos; existent sans DTD)"),
                X::UnterminatedEntity(_) => "« & » sans « ; » : écrivez &amp; pour une esperluette".to_string(),
                X::InvalidCharRef(_) => "référence de caractère invalide (&#…; hors des caractères permis en XML)".to_string(),
            };
            (fr, format!("invalid entity or character reference: {esc}"))
        }
        E::Io(io) => (format!("erreur de lecture : {io}"), format!("read error: {io}")),
        other => (format!("XML mal formé : {other}"), format!("malformed XML: {other}")),
    }
}

/// Characters XML 1.0 forbids (§2.2): C0 controls except tab, line feed, carriage return.
fn forbidden_char(c: u32) -> bool {
    c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D
}

fn french_attr_error(e: &quick_xml::events::attributes::AttrError) -> String {
    use quick_xml::events::attributes::AttrError as A;
    match e {
        A::ExpectedEq(p) => format!("« = » attendu (position {p})"),
        A::ExpectedValue(p) => format!("valeur attendue (position {p})"),
        A::UnquotedValue(p) => format!("valeur sans guillemets (position {p})"),
        A::ExpectedQuote(p, _) => format!("guillemet fermant attendu (position {p})"),
        A::Duplicated(p, first) => {
            format!("attribut en double (position {p}, déjà présent position {first})")
        }
    }
}

/// Reads all records of an in-memory deposit (tests, fuzzing).
pub fn read_all(bytes: &[u8]) -> Result<Vec<Record>, InputError> {
    let reader = DepositReader::new(Path::new("<mémoire>"), bytes)?;
    reader.collect()
}

/// What a text node holds that needs work; found in one pass (texts are short, and this costs
/// less than a memchr per question).
struct TextTraits {
    reference: bool,
    carriage_return: bool,
    ascii: bool,
}

impl TextTraits {
    fn of(bytes: &[u8]) -> TextTraits {
        let (mut reference, mut carriage_return, mut high) = (false, false, 0u8);
        for &b in bytes {
            reference |= b == b'&';
            carriage_return |= b == b'\r';
            high |= b;
        }
        TextTraits {
            reference,
            carriage_return,
            ascii: high < 0x80,
        }
    }
}

/// The text as the validator sees it: literal line ends normalised to `\n` before references
/// are expanded (XML 1.0 §2.11), so that `&#13;` stays a carriage return.
fn line_ends_normalised(raw: &[u8], expanded: &str) -> String {
    let raw = match std::str::from_utf8(raw) {
        Ok(raw) if raw.contains('&') => raw,
        _ => return normalise_line_ends(expanded).into_owned(),
    };
    let normal = normalise_line_ends(raw);
    match quick_xml::escape::unescape(&normal) {
        Ok(text) => text.into_owned(),
        Err(_) => normal.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix cache must follow declarations that come and go: `cpf` rebound to another
    /// namespace on one `titulaire` hides its fields; the next holder is read again.
    #[test]
    fn prefixes_rebound_inside_the_document_resolve_in_their_scope() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/depot-exemple.xml"
        ))
        .unwrap();
        let plain = read_all(sample.as_bytes()).unwrap();
        assert!(plain[0].get(Field::NomNaissance).is_some());
        assert!(plain[1].get(Field::NomNaissance).is_some());
        let rebound = sample.replacen(
            "<cpf:titulaire>",
            "<cpf:titulaire xmlns:cpf=\"urn:autre\">",
            1,
        );
        let records = read_all(rebound.as_bytes()).unwrap();
        assert_eq!(records.len(), plain.len());
        assert!(records[0].get(Field::NomNaissance).is_none());
        assert_eq!(
            records[1].get(Field::NomNaissance).map(|v| v.text.as_str()),
            plain[1].get(Field::NomNaissance).map(|v| v.text.as_str())
        );
        // Another prefix bound to the CDC namespace on one element only.
        let other = sample.replacen(
            "<cpf:nomNaissance>MARTIN</cpf:nomNaissance>",
            "<c:nomNaissance xmlns:c=\"urn:cdc:cpf:pc5:schema:1.0.0\">MARTIN</c:nomNaissance>",
            1,
        );
        let records = read_all(other.as_bytes()).unwrap();
        assert_eq!(
            records[0].get(Field::NomNaissance).map(|v| v.text.as_str()),
            Some("MARTIN")
        );
        // An undeclared prefix after the scope of its declaration ended is refused.
        let undeclared = sample.replacen(
            "<cpf:nomNaissance>MARTIN</cpf:nomNaissance>",
            "<c:x xmlns:c=\"urn:c\"/><c:nomNaissance>MARTIN</c:nomNaissance>",
            1,
        );
        assert!(read_all(undeclared.as_bytes()).is_err());
    }

    #[test]
    fn bindings_follow_the_namespace_scoping_rules() {
        let start = |xml: &'static str| BytesStart::from_content(xml, xml.find(' ').unwrap());
        let bound = |r: Result<&NsKind, Vec<u8>>| match r {
            Ok(NsKind::None) => "unbound".to_string(),
            Ok(NsKind::Cpf) => String::from_utf8(CPF_NS.to_vec()).unwrap(),
            Ok(NsKind::Xsi) => String::from_utf8(XSI_NS.to_vec()).unwrap(),
            Ok(NsKind::Other(s)) => s.clone(),
            Err(p) => format!("unknown {}", String::from_utf8(p).unwrap()),
        };
        let mut b = Bindings::default();
        assert_eq!(bound(b.resolve(Some(b"xml"), false)).as_bytes(), XML_NS);
        assert_eq!(bound(b.resolve(None, true)), "unbound");
        assert_eq!(bound(b.resolve(Some(b"p"), true)), "unknown p");
        b.push(&start(r#"a xmlns="urn:d" xmlns:p="urn:p""#), 0)
            .unwrap();
        assert_eq!(bound(b.resolve(None, true)), "urn:d");
        // Attributes without a prefix are in no namespace, whatever the default.
        assert_eq!(bound(b.resolve(None, false)), "unbound");
        assert_eq!(bound(b.resolve(Some(b"p"), true)), "urn:p");
        b.push(&start(r#"b xmlns="" xmlns:p="""#), 1).unwrap();
        assert_eq!(bound(b.resolve(None, true)), "unbound");
        assert_eq!(bound(b.resolve(Some(b"p"), true)), "unknown p");
        b.pop(1);
        assert_eq!(bound(b.resolve(Some(b"p"), true)), "urn:p");
        b.pop(0);
        assert_eq!(bound(b.resolve(Some(b"p"), true)), "unknown p");
        for bad in [
            r#"c xmlns:xml="urn:x""#,
            r#"c xmlns:xmlns="urn:x""#,
            r#"c xmlns:q="http://www.w3.org/XML/1998/namespace""#,
            r#"c xmlns:q="http://www.w3.org/2000/xmlns/""#,
        ] {
            assert!(Bindings::default().push(&start(bad), 0).is_err(), "{bad}");
        }
    }

    /// Hands out at most `n` bytes per read, so that windows end everywhere.
    struct Trickle<'a> {
        data: &'a [u8],
        n: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let k = self.n.min(out.len()).min(self.data.len());
            out[..k].copy_from_slice(&self.data[..k]);
            self.data = &self.data[k..];
            Ok(k)
        }
    }

    /// Records, error and schema errors of a deposit read `n` bytes at a time.
    fn read_trickled(bytes: &[u8], n: usize) -> String {
        // The BOM and UTF-16 checks look at the first bytes buffered: 4 of them.
        let (head, rest) = bytes.split_at(bytes.len().min(4));
        let input = BufReader::with_capacity(n.max(4), head.chain(Trickle { data: rest, n }));
        let mut reader = match DepositReader::new(Path::new("t.xml"), input) {
            Ok(r) => r,
            Err(e) => return format!("{e:?}"),
        };
        let schema = reader.validate_schema();
        let mut out = String::new();
        for item in &mut reader {
            out.push_str(&format!("{item:?}\n"));
        }
        let outcome = schema.lock().unwrap().clone();
        out.push_str(&format!(
            "{:?} {:?} {:?}",
            outcome.errors, outcome.count, reader.info
        ));
        out
    }

    /// The schema errors of a deposit read by the reader (which leaves out whitespace in
    /// an element that has had a child) and by the standalone validator (which sees it all).
    fn schema_errors_both_ways(doc: &str) -> (Vec<SchemaError>, Vec<SchemaError>) {
        let mut reader =
            DepositReader::new(Path::new("t.xml"), BufReader::new(doc.as_bytes())).unwrap();
        let schema = reader.validate_schema();
        for item in &mut reader {
            item.unwrap();
        }
        let read = schema.lock().unwrap().errors.clone();
        (
            read,
            crate::validate::validate_bytes(doc.as_bytes()).unwrap(),
        )
    }

    /// Whitespace after a child element is left out of the validation: the verdict must not
    /// change, in element content, in a simple-typed element with a child, in a nil element
    /// with a child, before and after text.
    #[test]
    fn whitespace_after_a_child_changes_no_schema_error() {
        let sample = include_str!("../../tests/schema/valid/01_format_sample.xml");
        let variants = [
            ("<cpf:sexe>F</cpf:sexe>", "<cpf:sexe>F<b/> </cpf:sexe>"),
            ("<cpf:sexe>F</cpf:sexe>", "<cpf:sexe> <b/> \n\t</cpf:sexe>"),
            (
                "<cpf:sexe>F</cpf:sexe>",
                "<cpf:sexe><cpf:b/>  <!-- c -->  x </cpf:sexe>",
            ),
            ("<cpf:sexe>F</cpf:sexe>", "<cpf:sexe>  </cpf:sexe>"),
            (
                "<cpf:scoring xsi:nil=\"true\"/>",
                "<cpf:scoring xsi:nil=\"true\"><x/>  </cpf:scoring>",
            ),
            (
                "<cpf:scoring xsi:nil=\"true\"/>",
                "<cpf:scoring xsi:nil=\"true\">  </cpf:scoring>",
            ),
            ("<cpf:emetteur>", "<cpf:emetteur>  <x/>  oups  "),
            ("<cpf:sexe>F</cpf:sexe>", "<cpf:sexe>F</cpf:sexe>\r\n  \r\n"),
        ];
        for (from, to) in variants {
            assert!(sample.contains(from), "{from:?}");
            let doc = sample.replacen(from, to, 1);
            let (read, validated) = schema_errors_both_ways(&doc);
            assert!(
                !validated.is_empty() || to.ends_with('\n'),
                "{to:?}: no error"
            );
            assert_eq!(format!("{read:?}"), format!("{validated:?}"), "{to:?}");
        }
    }

    /// A reader of ids only gives the same holders, ids and schema errors as a full one,
    /// without identity values.
    #[test]
    fn ids_only_reads_the_same_holders_without_their_values() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(root.join("samples/erreurs.xml")).unwrap();
        let read = |ids_only: bool| {
            let mut reader =
                DepositReader::new(Path::new("t.xml"), BufReader::new(&bytes[..])).unwrap();
            if ids_only {
                reader.ids_only();
            }
            let schema = reader.validate_schema();
            let records: Vec<Record> = reader.map(Result::unwrap).collect();
            let errors = format!("{:?}", schema.lock().unwrap().errors);
            (records, errors)
        };
        let (full, full_errors) = read(false);
        let (light, light_errors) = read(true);
        assert!(full.len() > 1);
        let ids = |r: &[Record]| r.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&full), ids(&light));
        assert_eq!(full_errors, light_errors);
        assert!(full.iter().any(|r| r.text(Field::NomNaissance).is_some()));
        assert!(light.iter().all(|r| r.fields.iter().all(Option::is_none)));
    }

    /// A carriage return written as `&#13;` is kept by both validators, and a literal one
    /// becomes a line feed: the messages that quote the value are the same both ways.
    #[test]
    fn both_validators_keep_a_referenced_carriage_return() {
        let sample = include_str!("../../tests/schema/valid/01_format_sample.xml");
        for to in [
            "<cpf:sexe>F&#13;</cpf:sexe>",
            "<cpf:sexe>F\r\n&#13;&#10;</cpf:sexe>",
            "<cpf:sexe>F\r</cpf:sexe>",
        ] {
            let doc = sample.replacen("<cpf:sexe>F</cpf:sexe>", to, 1);
            let (read, validated) = schema_errors_both_ways(&doc);
            assert_eq!(validated.len(), 1, "{to:?}");
            assert_eq!(format!("{read:?}"), format!("{validated:?}"), "{to:?}");
        }
    }

    /// The block boundaries must not show: every file of the schema corpus and every sample,
    /// plus markup holding `<` and text holding references, read in pieces of 1 to 4,096
    /// bytes, give the same records, errors and schema errors as read at once.
    #[test]
    fn reading_in_small_pieces_changes_nothing() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<Vec<u8>> = Vec::new();
        for dir in ["tests/schema/valid", "tests/schema/invalid", "samples"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = entry.unwrap().path();
                if p.extension().is_some_and(|x| x == "xml") {
                    files.push(std::fs::read(&p).unwrap());
                }
            }
        }
        let sample = String::from_utf8(files.last().unwrap().clone()).unwrap();
        for extra in [
            "<!-- a < b > c --><?pi x < y?><![CDATA[ < ]]>",
            "<!-- unclosed < comment",
            "<!x>",
            "<a b=\"<\"/>",
        ] {
            let at = sample.find("<cpf:passageCertification").unwrap();
            files.push(format!("{}{extra}{}", &sample[..at], &sample[at..]).into_bytes());
        }
        files.push(
            sample
                .replacen(">MARTIN<", ">MAR&#84;&amp;IN&lt;<", 1)
                .into_bytes(),
        );
        // U+FEFF starting a value, and alone between two tags.
        files.push(
            sample
                .replace(">MARTIN<", ">\u{FEFF}MARTIN<")
                .replace("<cpf:titulaire>", "<cpf:titulaire>\u{FEFF}")
                .into_bytes(),
        );
        assert!(files.len() > 50);
        for bytes in &files {
            let whole = read_trickled(bytes, 1 << 20);
            for n in [1, 2, 3, 5, 17, 64, 4096] {
                assert_eq!(
                    read_trickled(bytes, n),
                    whole,
                    "{n}-byte pieces of\n{}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }

    #[test]
    fn literal_line_ends_are_normalised_before_references_are_expanded() {
        assert_eq!(line_ends_normalised(b"a\r\nb\rc", "a\r\nb\rc"), "a\nb\nc");
        assert_eq!(line_ends_normalised(b"a&#13;b\r\n", "a\rb\r\n"), "a\rb\n");
        assert_eq!(line_ends_normalised(b"&amp;\r", "&\r"), "&\n");
        let t = TextTraits::of("é&\r".as_bytes());
        assert!(t.reference && t.carriage_return && !t.ascii);
        let t = TextTraits::of(b"  abc\n");
        assert!(!t.reference && !t.carriage_return && t.ascii);
    }

    /// A repeated attribute is refused where quick-xml's own check would refuse it, with the
    /// same positions (offsets in the tag); the same name in two namespaces is not repeated.
    #[test]
    fn repeated_attributes_are_refused_with_their_positions() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/depot-exemple.xml"
        ))
        .unwrap();
        let twice = sample.replacen("<cpf:titulaire>", "<cpf:titulaire a=\"1\" a=\"2\">", 1);
        let err = read_all(twice.as_bytes()).unwrap_err();
        // What quick-xml's own duplicate check says of that tag.
        let tag = BytesStart::from_content("cpf:titulaire a=\"1\" a=\"2\"", 13);
        let quick = tag.attributes().find_map(|a| a.err()).unwrap();
        assert_eq!(quick, AttrError::Duplicated(20, 14));
        let expected = french_attr_error(&quick);
        assert!(err.message_fr.contains(&expected), "{err:?}");
        let distinct = sample.replacen(
            "<cpf:titulaire>",
            "<cpf:titulaire a=\"1\" xsi:a=\"2\" b=\"3\">",
            1,
        );
        assert!(read_all(distinct.as_bytes()).is_ok());
    }

    /// A U+FEFF that starts a window (it starts a value, or stands alone between two tags) is
    /// text, not a byte order mark: kept, and counted in every position after it. Checked on
    /// a deposit larger than several blocks, and in small pieces.
    #[test]
    fn a_feff_at_a_block_boundary_is_kept_and_counted() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/depot-exemple.xml"
        ))
        .unwrap();
        let first = sample
            .find("                <cpf:passageCertification>")
            .unwrap();
        let last = sample.rfind("</cpf:passageCertification>").unwrap() + 27;
        let (head, passages, tail) = (&sample[..first], &sample[first..last], &sample[last..]);
        let mut doc = head.to_string();
        let mut n = 0;
        while doc.len() < 3 * READ_SIZE {
            // Values that start with U+FEFF, and a U+FEFF alone before a tag, at every offset
            // modulo the block size as the copies shift.
            doc.push_str(&passages.replace(">MARTIN<", ">\u{FEFF}MARTIN<").replace(
                "<cpf:passageCertification>",
                "<cpf:passageCertification>\u{FEFF}",
            ));
            doc.push_str(&" ".repeat(n % 7));
            n += 1;
        }
        doc.push_str(tail);
        let bytes = doc.as_bytes();
        let records = read_all(bytes).unwrap();
        let mut seen = 0;
        for rec in &records {
            for value in rec.fields.iter().flatten() {
                if let Some(range) = &value.loc.content {
                    let raw = &bytes[range.start as usize..range.end as usize];
                    if !raw.contains(&b'&') {
                        assert_eq!(raw, value.text.as_bytes(), "record {}", rec.index);
                    }
                }
                let element = value.loc.element.clone().unwrap();
                assert_eq!(bytes[element.start as usize], b'<');
                assert_eq!(bytes[element.end as usize - 1], b'>');
                seen += value.text.starts_with('\u{FEFF}') as usize;
            }
        }
        assert!(seen > 10, "{seen} values with U+FEFF");
        assert_eq!(read_trickled(bytes, 1 << 20), read_trickled(bytes, 4096));
    }

    #[test]
    fn vector_and_scalar_classification_agree() {
        let mut state = 12345u32;
        for round in 0..2000 {
            let mut chunk = [0u8; 64];
            for b in chunk.iter_mut() {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let r = (state >> 16) as u8;
                // Mostly the bytes that matter: controls, tab, LF, CR, space, high bytes.
                *b = match round % 3 {
                    0 => r,
                    1 => [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7F, 0x80, 0xFF, b'a']
                        [r as usize % 10],
                    _ => [0x09, 0x0A, 0x0D, 0x20, b'a', 0xC3][r as usize % 6],
                };
            }
            assert_eq!(classify64(&chunk), classify64_scalar(&chunk), "{chunk:?}");
        }
    }

    #[test]
    fn newline_map_counts_every_newline_and_finds_the_first_forbidden_byte() {
        let text: Vec<u8> = (0..700u32)
            .map(|i| b"ab\t\n\r \xC3\xA9\n\nxyz"[(i * 7 % 13) as usize])
            .collect();
        let naive = |from: usize, to: usize| {
            let hits: Vec<usize> = (from..to).filter(|&i| text[i] == b'\n').collect();
            (hits.len() as u64, hits.last().map(|&i| i as u64))
        };
        // Marked in pieces of every size from 1 to 130 bytes, starting at 0.
        for piece in 1..=130 {
            let (mut map, mut forbidden) = (NewlineMap::default(), None);
            for (i, chunk) in text.chunks(piece).enumerate() {
                map.mark(chunk, (i * piece) as u64, &mut forbidden);
            }
            assert_eq!(forbidden, None);
            for from in (0..text.len()).step_by(7) {
                for to in (from..=text.len()).step_by(5) {
                    assert_eq!(
                        map.between(from as u64, to as u64),
                        naive(from, to),
                        "piece {piece}, {from}..{to}"
                    );
                }
            }
            // The cursor passes what is behind it, once; forgetting that keeps the rest.
            assert_eq!(map.advance(300), naive(0, 300));
            assert_eq!(map.advance(300), (0, None));
            map.forget_passed();
            assert_eq!(map.between(310, 700), naive(310, 700));
            assert_eq!(map.advance(700), naive(300, 700));
        }
        for pos in [0usize, 1, 63, 64, 65, 127, 128, 500, 699] {
            for bad in [0x00u8, 0x01, 0x08, 0x0B, 0x1F] {
                let mut v = text.clone();
                v[pos] = bad;
                if pos + 70 < v.len() {
                    v[pos + 70] = 0x02;
                }
                let (mut map, mut forbidden) = (NewlineMap::default(), None);
                for (i, chunk) in v.chunks(100).enumerate() {
                    map.mark(chunk, (i * 100) as u64, &mut forbidden);
                }
                assert_eq!(forbidden, Some((pos as u64, bad)), "pos {pos}");
            }
        }
        // The first one found is kept across blocks.
        let (mut map, mut forbidden) = (NewlineMap::default(), Some((3, 1)));
        map.mark(b"\x02", 50, &mut forbidden);
        assert_eq!(forbidden, Some((3, 1)));
    }
}
