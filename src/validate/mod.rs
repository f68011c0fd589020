//! Built-in validator of the whole CDC deposit schema (XSD 1.1.2), written from
//! `FORMAT.md` §2 (the CDC's XSD itself is used only by the conformance tests).
//!
//! [`Validator`] is a push-based state machine: a streaming XML reader feeds it
//! [`Validator::start`], [`Validator::text`] and [`Validator::end`] events in the same pass it
//! uses for anything else. [`validate_bytes`] and [`validate_file`] are a standalone driver on
//! `quick_xml::NsReader`.
//!
//! Errors carry Xerces-style French messages (the CDC's processing reports quote them,
//! `FORMAT.md` §4.2) and an English version. Errors about an element point at its start tag
//! (line, column of `<`), as `xmllint` does; missing children point at the parent's start tag.
//!
//! Performance: element definitions are static tables; the validator keeps one frame per
//! open element (reused), one text buffer, and at most [`MAX_KEPT_ERRORS`] errors.

mod driver;
mod pipe;
pub mod schema;
pub mod values;

pub use driver::{validate_bytes, validate_file};
pub use pipe::ValidatorPipe;

use schema::{Content, Elem, Simple, CPF_NS, FLUX, XSI_NS};
use values::Lexical;

/// CR LF and lone CR turned into LF (XML 1.0 §2.11), for text passed to the validator;
/// borrowed when there is no CR, as in nearly every text.
pub(crate) fn normalise_line_ends(s: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Errors kept in memory; later ones are only counted ([`Validator::error_count`]).
pub const MAX_KEPT_ERRORS: usize = 1000;

/// Longest value quoted in a message, in characters.
const MAX_QUOTED: usize = 80;

/// Resolved namespace of an element or attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns<'a> {
    /// `urn:cdc:cpf:pc5:schema:1.0.0`
    Cpf,
    /// `http://www.w3.org/2001/XMLSchema-instance`
    Xsi,
    /// No namespace.
    None,
    /// Any other namespace (its URI).
    Other(&'a str),
}

impl<'a> Ns<'a> {
    /// Classifies a namespace URI (`None` = the name is in no namespace).
    pub fn from_uri(uri: Option<&'a str>) -> Ns<'a> {
        match uri {
            None | Some("") => Ns::None,
            Some(CPF_NS) => Ns::Cpf,
            Some(XSI_NS) => Ns::Xsi,
            Some(other) => Ns::Other(other),
        }
    }
}

/// An attribute of a start tag. `value` is already unescaped; `xmlns` declarations are not
/// passed.
#[derive(Debug, Clone, Copy)]
pub struct Attr<'a> {
    pub ns: Ns<'a>,
    pub local: &'a str,
    pub value: &'a str,
}

/// One schema violation (or XML version error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// 1-based line of the start tag of the element concerned.
    pub line: u64,
    /// 1-based column (characters) of that start tag's `<`.
    pub column: u64,
    /// Qualified name as written, e.g. `cpf:sexe` (empty for the XML declaration).
    pub element: String,
    /// Xerces code, e.g. `cvc-enumeration-valid`; `xml-version` for the declaration.
    pub code: &'static str,
    pub message_fr: String,
    pub message_en: String,
}

impl std::fmt::Display for SchemaError {
    /// `line:column: message` (French, as in the CDC's reports).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message_fr)
    }
}

/// State of one open element.
#[derive(Debug)]
struct Frame {
    elem: &'static Elem,
    qname: String,
    line: u64,
    column: u64,
    /// `xsd:all`: bit i = child i seen.
    seen: u64,
    /// Choice / list: children accepted so far.
    count: u32,
    /// `xsi:nil` is true.
    nil: bool,
    /// The content is already known to be wrong: no further content/value errors.
    bad: bool,
    /// Character content was already reported on this element-only element.
    text_reported: bool,
}

/// Push-based validator of a CDC deposit. See the module documentation.
#[derive(Debug)]
pub struct Validator {
    frames: Vec<Frame>,
    depth: usize,
    /// Depth inside a subtree that is not validated (unexpected element).
    skip: u64,
    /// Set after a root element error: nothing else is checked.
    stopped: bool,
    text: String,
    errors: Vec<SchemaError>,
    count: usize,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

fn quote(v: &str) -> std::borrow::Cow<'_, str> {
    if v.len() <= MAX_QUOTED {
        return v.into();
    }
    match v.char_indices().nth(MAX_QUOTED) {
        Some((i, _)) => format!("{}…", &v[..i]).into(),
        None => v.into(),
    }
}

/// `{"urn:…":a, "urn:…":b}` as Xerces lists expected elements.
fn expected_list<'e>(names: impl Iterator<Item = &'e str>) -> String {
    let mut s = String::from("{");
    for (i, n) in names.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('"');
        s.push_str(CPF_NS);
        s.push_str("\":");
        s.push_str(n);
    }
    s.push('}');
    s
}

fn type_name(t: Simple) -> &'static str {
    match t {
        Simple::Str { .. } | Simple::Enum(_) => "string",
        Simple::Int { .. } => "integer",
        Simple::Bool => "boolean",
        Simple::Date => "date",
        Simple::DateTime => "dateTime",
    }
}

const DATE_PATTERN: &str = "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])";
const DATE_TIME_PATTERN: &str = "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T(2[0-3]|[01][0-9]):[0-5][0-9]:[0-5][0-9](\\+|-)(:2[0-3]|[01][0-9]):[0-5][0-9]";

impl Validator {
    pub fn new() -> Self {
        Validator {
            frames: Vec::with_capacity(16),
            depth: 0,
            skip: 0,
            stopped: false,
            text: String::with_capacity(256),
            errors: Vec::new(),
            count: 0,
        }
    }

    fn push_error(
        &mut self,
        line: u64,
        column: u64,
        element: &str,
        code: &'static str,
        message_fr: String,
        message_en: String,
    ) {
        self.count += 1;
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(SchemaError {
                line,
                column,
                element: element.to_string(),
                code,
                message_fr,
                message_en,
            });
        }
    }

    /// Reports an error on the open element at `index`.
    fn frame_error(&mut self, index: usize, code: &'static str, fr: String, en: String) {
        let f = &self.frames[index];
        let (line, column) = (f.line, f.column);
        let q = std::mem::take(&mut self.frames[index].qname);
        self.push_error(line, column, &q, code, fr, en);
        self.frames[index].qname = q;
    }

    /// The XML declaration. A missing version or a version other than `1.0` is an error.
    pub fn declaration(&mut self, version: Option<&str>, line: u64, column: u64) {
        match version {
            Some("1.0") => {}
            None => self.push_error(
                line,
                column,
                "",
                "xml-version",
                "La version est obligatoire dans la déclaration XML.".into(),
                "The version is required in the XML declaration.".into(),
            ),
            Some(v) => {
                let v = quote(v);
                self.push_error(
                    line,
                    column,
                    "",
                    "xml-version",
                    format!(
                        "La version XML \"{v}\" n'est pas prise en charge. Seule la version XML 1.0 est prise en charge."
                    ),
                    format!("XML version \"{v}\" is not supported, only XML 1.0 is supported."),
                )
            }
        }
    }

    /// A start tag (an empty element `<x/>` is `start` then `end`).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        ns: Ns,
        local: &str,
        qname: &str,
        attrs: &[Attr],
        line: u64,
        column: u64,
    ) {
        if self.stopped {
            return;
        }
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        let elem: &'static Elem = if self.depth == 0 {
            if ns == Ns::Cpf && local == FLUX.name {
                &FLUX
            } else {
                let q = quote(qname);
                self.push_error(
                    line,
                    column,
                    qname,
                    "cvc-elt.1.a",
                    format!("cvc-elt.1.a : Déclaration de l'élément '{q}' introuvable."),
                    format!("cvc-elt.1.a: Cannot find the declaration of element '{q}'."),
                );
                self.stopped = true;
                return;
            }
        } else {
            match self.child_of_parent(ns, local, qname, line, column) {
                Some(e) => e,
                None => {
                    self.skip = 1;
                    return;
                }
            }
        };

        // Open the frame (reusing its allocation).
        let d = self.depth;
        if d == self.frames.len() {
            self.frames.push(Frame {
                elem,
                qname: String::with_capacity(48),
                line,
                column,
                seen: 0,
                count: 0,
                nil: false,
                bad: false,
                text_reported: false,
            });
        }
        {
            let f = &mut self.frames[d];
            f.elem = elem;
            f.qname.clear();
            f.qname.push_str(qname);
            f.line = line;
            f.column = column;
            f.seen = 0;
            f.count = 0;
            f.nil = false;
            f.bad = false;
            f.text_reported = false;
        }
        self.depth += 1;
        if matches!(elem.content, Content::Simple(_)) {
            self.text.clear();
        }
        for a in attrs {
            self.attribute(d, a);
        }
    }

    /// Checks that the open element accepts a child `ns:local`; returns its declaration.
    fn child_of_parent(
        &mut self,
        ns: Ns,
        local: &str,
        qname: &str,
        line: u64,
        column: u64,
    ) -> Option<&'static Elem> {
        let p = self.depth - 1;
        let parent = &self.frames[p];
        let in_cpf = ns == Ns::Cpf;
        if parent.nil {
            if !parent.bad {
                self.nil_content_error(p);
            }
            return None;
        }
        let found: Result<&'static Elem, String> = match parent.elem.content {
            Content::Simple(_) => {
                if !parent.bad {
                    let q = quote(&parent.qname).into_owned();
                    self.frames[p].bad = true;
                    self.frame_error(
                        p,
                        "cvc-type.3.1.2",
                        format!("cvc-type.3.1.2 : L'élément '{q}' est de type simple et ne doit comporter aucun élément enfant d'information d'élément."),
                        format!("cvc-type.3.1.2: Element '{q}' is a simple type, so it must have no element information item [children]."),
                    );
                }
                return None;
            }
            Content::All(children) => {
                let seen = parent.seen;
                match children.iter().position(|c| in_cpf && c.elem.name == local) {
                    Some(i) if seen & (1 << i) == 0 => {
                        self.frames[p].seen |= 1 << i;
                        Ok(children[i].elem)
                    }
                    _ => Err(expected_list(
                        children
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| seen & (1 << i) == 0)
                            .map(|(_, c)| c.elem.name),
                    )),
                }
            }
            Content::Choice(options) => {
                if parent.count > 0 {
                    Err(String::new())
                } else {
                    match options.iter().find(|o| in_cpf && o.name == local) {
                        Some(o) => {
                            self.frames[p].count = 1;
                            Ok(*o)
                        }
                        None => Err(expected_list(options.iter().map(|o| o.name))),
                    }
                }
            }
            Content::List { item, .. } => {
                if in_cpf && item.name == local {
                    self.frames[p].count = self.frames[p].count.saturating_add(1);
                    Ok(item)
                } else {
                    Err(expected_list(std::iter::once(item.name)))
                }
            }
        };
        match found {
            Ok(e) => Some(e),
            Err(expected) => {
                self.frames[p].bad = true;
                let q = quote(qname);
                if expected.is_empty() || expected == "{}" {
                    self.push_error(
                        line,
                        column,
                        qname,
                        "cvc-complex-type.2.4.d",
                        format!("cvc-complex-type.2.4.d : Contenu non valide trouvé à partir de l'élément '{q}'. Aucun élément enfant n'est attendu à cet endroit."),
                        format!("cvc-complex-type.2.4.d: Invalid content was found starting with element '{q}'. No child element is expected at this point."),
                    );
                } else {
                    self.push_error(
                        line,
                        column,
                        qname,
                        "cvc-complex-type.2.4.a",
                        format!("cvc-complex-type.2.4.a : Contenu non valide trouvé à partir de l'élément '{q}'. L'une des valeurs '{expected}' est attendue."),
                        format!("cvc-complex-type.2.4.a: Invalid content was found starting with element '{q}'. One of '{expected}' is expected."),
                    );
                }
                None
            }
        }
    }

    fn nil_content_error(&mut self, index: usize) {
        self.frames[index].bad = true;
        let q = quote(&self.frames[index].qname).into_owned();
        self.frame_error(
            index,
            "cvc-elt.3.2.1",
            format!("cvc-elt.3.2.1 : L'élément '{q}' ne peut pas contenir de caractère ni d'information d'élément enfant, car 'http://www.w3.org/2001/XMLSchema-instance,nil' est spécifié."),
            format!("cvc-elt.3.2.1: Element '{q}' cannot have character or element information [children], because 'http://www.w3.org/2001/XMLSchema-instance,nil' is specified."),
        );
    }

    fn attribute(&mut self, index: usize, a: &Attr) {
        let elem = self.frames[index].elem;
        let simple = matches!(elem.content, Content::Simple(_));
        if a.ns == Ns::Xsi {
            match a.local {
                "nil" => {
                    let q = quote(&self.frames[index].qname).into_owned();
                    let v = values::trim_xml_ws(a.value);
                    if !matches!(v, "true" | "1" | "false" | "0") {
                        let v = quote(a.value);
                        self.frame_error(
                            index,
                            "cvc-datatype-valid.1.2.1",
                            format!("cvc-datatype-valid.1.2.1 : '{v}' n'est pas une valeur valide pour 'boolean' (attribut 'xsi:nil' de l'élément '{q}')."),
                            format!("cvc-datatype-valid.1.2.1: '{v}' is not a valid value for 'boolean' (attribute 'xsi:nil' of element '{q}')."),
                        );
                        self.frames[index].bad = true;
                    } else if !elem.nillable {
                        self.frame_error(
                            index,
                            "cvc-elt.3.1",
                            format!("cvc-elt.3.1 : L'attribut 'http://www.w3.org/2001/XMLSchema-instance,nil' ne doit pas apparaître sur l'élément '{q}', car la propriété {{nillable}} de '{q}' est false."),
                            format!("cvc-elt.3.1: Attribute 'http://www.w3.org/2001/XMLSchema-instance,nil' must not appear on element '{q}', because the {{nillable}} property of '{q}' is false."),
                        );
                        self.frames[index].bad = true;
                    } else if matches!(v, "true" | "1") {
                        self.frames[index].nil = true;
                    }
                    return;
                }
                "schemaLocation" | "noNamespaceSchemaLocation" => return,
                "type" => {
                    let q = quote(&self.frames[index].qname).into_owned();
                    let v = quote(a.value);
                    self.frame_error(
                        index,
                        "cvc-elt.4.2",
                        format!("cvc-elt.4.2 : Impossible de résoudre '{v}' en une définition de type pour l'élément '{q}' (xsi:type n'est pas admis dans un dépôt)."),
                        format!("cvc-elt.4.2: Cannot resolve '{v}' to a type definition for element '{q}' (xsi:type is not accepted in a deposit)."),
                    );
                    self.frames[index].bad = true;
                    return;
                }
                _ => {}
            }
        }
        let q = quote(&self.frames[index].qname).into_owned();
        let name = match a.ns {
            Ns::None => a.local.to_string(),
            Ns::Cpf => format!("{CPF_NS},{}", a.local),
            Ns::Xsi => format!("{XSI_NS},{}", a.local),
            Ns::Other(u) => format!("{u},{}", a.local),
        };
        let name = quote(&name).into_owned();
        if simple {
            self.frame_error(
                index,
                "cvc-type.3.1.1",
                format!("cvc-type.3.1.1 : L'élément '{q}' est de type simple et ne peut pas comporter d'attributs, excepté ceux dont l'espace de noms est identique à 'http://www.w3.org/2001/XMLSchema-instance' et dont le [nom local] est 'type', 'nil', 'schemaLocation' ou 'noNamespaceSchemaLocation'. Toutefois, l'attribut '{name}' a été trouvé."),
                format!("cvc-type.3.1.1: Element '{q}' is a simple type, so it cannot have attributes, excepting those whose namespace name is identical to 'http://www.w3.org/2001/XMLSchema-instance' and whose [local name] is one of 'type', 'nil', 'schemaLocation' or 'noNamespaceSchemaLocation'. However, the attribute, '{name}' was found."),
            );
        } else {
            self.frame_error(
                index,
                "cvc-complex-type.3.2.2",
                format!("cvc-complex-type.3.2.2 : L'attribut '{name}' n'est pas autorisé dans l'élément '{q}'."),
                format!("cvc-complex-type.3.2.2: Attribute '{name}' is not allowed to appear in element '{q}'."),
            );
        }
    }

    /// Decoded character data of the current element (may come in several pieces).
    pub fn text(&mut self, text: &str) {
        if self.stopped || self.skip > 0 || self.depth == 0 || text.is_empty() {
            return;
        }
        let i = self.depth - 1;
        let f = &self.frames[i];
        if f.nil {
            if !f.bad {
                self.nil_content_error(i);
            }
            return;
        }
        if let Content::Simple(_) = f.elem.content {
            self.text.push_str(text);
        } else if !f.text_reported && !text.bytes().all(values::is_xml_ws) {
            self.frames[i].text_reported = true;
            let q = quote(&self.frames[i].qname).into_owned();
            self.frame_error(
                i,
                "cvc-complex-type.2.3",
                format!("cvc-complex-type.2.3 : L'élément '{q}' ne peut pas comporter de caractère [enfants], car le type de contenu du type est de type élément uniquement."),
                format!("cvc-complex-type.2.3: Element '{q}' cannot have character [children], because the type's content type is element-only."),
            );
        }
    }

    /// An end tag.
    pub fn end(&mut self, _line: u64, _column: u64) {
        if self.stopped || self.depth == 0 {
            return;
        }
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let i = self.depth - 1;
        let (elem, bad, nil) = {
            let f = &self.frames[i];
            (f.elem, f.bad, f.nil)
        };
        if !bad && !nil {
            match elem.content {
                Content::Simple(t) => {
                    let text = std::mem::take(&mut self.text);
                    self.check_value(i, t, &text);
                    self.text = text;
                }
                Content::All(children) => {
                    let seen = self.frames[i].seen;
                    let missing = children
                        .iter()
                        .enumerate()
                        .any(|(k, c)| c.required && seen & (1 << k) == 0);
                    if missing {
                        let list = expected_list(
                            children
                                .iter()
                                .enumerate()
                                .filter(|(k, c)| c.required && seen & (1 << k) == 0)
                                .map(|(_, c)| c.elem.name),
                        );
                        self.incomplete(i, &list);
                    }
                }
                Content::Choice(options) => {
                    if self.frames[i].count == 0 {
                        let list = expected_list(options.iter().map(|o| o.name));
                        self.incomplete(i, &list);
                    }
                }
                Content::List { item, min } => {
                    if self.frames[i].count < min {
                        let list = expected_list(std::iter::once(item.name));
                        self.incomplete(i, &list);
                    }
                }
            }
        }
        self.depth -= 1;
    }

    fn incomplete(&mut self, i: usize, list: &str) {
        let q = quote(&self.frames[i].qname).into_owned();
        self.frame_error(
            i,
            "cvc-complex-type.2.4.b",
            format!("cvc-complex-type.2.4.b : Le contenu de l'élément '{q}' n'est pas complet. L'un des éléments '{list}' est attendu."),
            format!("cvc-complex-type.2.4.b: The content of element '{q}' is not complete. One of '{list}' is expected."),
        );
    }

    fn check_value(&mut self, i: usize, t: Simple, v: &str) {
        let kind = match t {
            Simple::Str { min, max } => {
                let n = values::char_len(v);
                let (min, max) = (min as usize, max as usize);
                if min == max && n != min {
                    Some(Bad::Length(n, min))
                } else if n < min {
                    Some(Bad::MinLength(n, min))
                } else if n > max {
                    Some(Bad::MaxLength(n, max))
                } else {
                    None
                }
            }
            Simple::Enum(list) => (!list.contains(&v)).then_some(Bad::Enumeration(list)),
            Simple::Int { min, max } => match values::parse_int(v) {
                None => Some(Bad::Datatype),
                Some(n) if n < min => Some(Bad::MinInclusive(min)),
                Some(n) if n > max => Some(Bad::MaxInclusive(max)),
                Some(_) => None,
            },
            Simple::Bool => (!values::is_bool(v)).then_some(Bad::Datatype),
            Simple::Date | Simple::DateTime => {
                let (r, pattern) = if let Simple::Date = t {
                    (values::check_date(v), DATE_PATTERN)
                } else {
                    (values::check_date_time(v), DATE_TIME_PATTERN)
                };
                match r {
                    Lexical::Ok => None,
                    Lexical::BadBase => Some(Bad::Datatype),
                    Lexical::BadPattern => Some(Bad::Pattern(pattern)),
                }
            }
        };
        let Some(kind) = kind else { return };
        let q = quote(&self.frames[i].qname).into_owned();
        let v = quote(v);
        let (code, fr, en) = match kind {
            Bad::Length(n, m) => (
                "cvc-length-valid",
                format!("cvc-length-valid : La valeur '{v}', ayant pour longueur '{n}', n'est pas un facet valide par rapport à la longueur '{m}' pour le type de l'élément '{q}'."),
                format!("cvc-length-valid: Value '{v}' with length = '{n}' is not facet-valid with respect to length '{m}' for the type of element '{q}'."),
            ),
            Bad::MinLength(n, m) => (
                "cvc-minLength-valid",
                format!("cvc-minLength-valid : La valeur '{v}', ayant pour longueur '{n}', n'est pas un facet valide par rapport à la valeur minLength '{m}' pour le type de l'élément '{q}'."),
                format!("cvc-minLength-valid: Value '{v}' with length = '{n}' is not facet-valid with respect to minLength '{m}' for the type of element '{q}'."),
            ),
            Bad::MaxLength(n, m) => (
                "cvc-maxLength-valid",
                format!("cvc-maxLength-valid : La valeur '{v}', ayant pour longueur '{n}', n'est pas un facet valide par rapport à la valeur maxLength '{m}' pour le type de l'élément '{q}'."),
                format!("cvc-maxLength-valid: Value '{v}' with length = '{n}' is not facet-valid with respect to maxLength '{m}' for the type of element '{q}'."),
            ),
            Bad::Enumeration(list) => {
                let l = list.join(", ");
                (
                    "cvc-enumeration-valid",
                    format!("cvc-enumeration-valid : La valeur '{v}' n'est pas un facet valide par rapport à l'énumération '[{l}]'. Il doit s'agir d'une valeur provenant de l'énumération."),
                    format!("cvc-enumeration-valid: Value '{v}' is not facet-valid with respect to enumeration '[{l}]'. It must be a value from the enumeration."),
                )
            }
            Bad::MinInclusive(m) => (
                "cvc-minInclusive-valid",
                format!("cvc-minInclusive-valid : La valeur '{v}' n'est pas un facet valide par rapport à minInclusive '{m}' pour le type de l'élément '{q}'."),
                format!("cvc-minInclusive-valid: Value '{v}' is not facet-valid with respect to minInclusive '{m}' for the type of element '{q}'."),
            ),
            Bad::MaxInclusive(m) => (
                "cvc-maxInclusive-valid",
                format!("cvc-maxInclusive-valid : La valeur '{v}' n'est pas un facet valide par rapport à maxInclusive '{m}' pour le type de l'élément '{q}'."),
                format!("cvc-maxInclusive-valid: Value '{v}' is not facet-valid with respect to maxInclusive '{m}' for the type of element '{q}'."),
            ),
            Bad::Pattern(p) => (
                "cvc-pattern-valid",
                format!("cvc-pattern-valid : La valeur '{v}' n'est pas un facet valide par rapport au modèle '{p}' pour le type de l'élément '{q}'."),
                format!("cvc-pattern-valid: Value '{v}' is not facet-valid with respect to pattern '{p}' for the type of element '{q}'."),
            ),
            Bad::Datatype => {
                let ty = type_name(t);
                (
                    "cvc-datatype-valid.1.2.1",
                    format!("cvc-datatype-valid.1.2.1 : '{v}' n'est pas une valeur valide pour '{ty}' (élément '{q}')."),
                    format!("cvc-datatype-valid.1.2.1: '{v}' is not a valid value for '{ty}' (element '{q}')."),
                )
            }
        };
        self.frame_error(i, code, fr, en);
    }

    /// Errors kept so far (at most [`MAX_KEPT_ERRORS`]).
    pub fn errors(&self) -> &[SchemaError] {
        &self.errors
    }

    /// Number of errors found, including those not kept.
    pub fn error_count(&self) -> usize {
        self.count
    }

    /// Ends validation and returns the kept errors.
    pub fn finish(self) -> Vec<SchemaError> {
        self.errors
    }
}

/// A value that fails its simple type.
enum Bad {
    Length(usize, usize),
    MinLength(usize, usize),
    MaxLength(usize, usize),
    Enumeration(&'static [&'static str]),
    MinInclusive(i64),
    MaxInclusive(i64),
    Pattern(&'static str),
    Datatype,
}

#[cfg(test)]
mod tests;
