//! One record model for a holder's identity, whatever the input format.
//! Rules see only this model; readers build it, writers use its locations.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The identity fields of a holder (`titulaire`) plus the few passage fields rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    NomNaissance,
    NomUsage,
    Prenom1,
    Prenom2,
    Prenom3,
    AnneeNaissance,
    MoisNaissance,
    JourNaissance,
    Sexe,
    CodeInsee,
    CodePostal,
    LibelleCommuneNaissance,
    CodePaysNaissance,
    LibellePaysNaissance,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::NomNaissance,
        Field::NomUsage,
        Field::Prenom1,
        Field::Prenom2,
        Field::Prenom3,
        Field::AnneeNaissance,
        Field::MoisNaissance,
        Field::JourNaissance,
        Field::Sexe,
        Field::CodeInsee,
        Field::CodePostal,
        Field::LibelleCommuneNaissance,
        Field::CodePaysNaissance,
        Field::LibellePaysNaissance,
    ];

    /// The XML local name, also used as the field name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::NomNaissance => "nomNaissance",
            Field::NomUsage => "nomUsage",
            Field::Prenom1 => "prenom1",
            Field::Prenom2 => "prenom2",
            Field::Prenom3 => "prenom3",
            Field::AnneeNaissance => "anneeNaissance",
            Field::MoisNaissance => "moisNaissance",
            Field::JourNaissance => "jourNaissance",
            Field::Sexe => "sexe",
            Field::CodeInsee => "codeInsee",
            Field::CodePostal => "codePostal",
            Field::LibelleCommuneNaissance => "libelleCommuneNaissance",
            Field::CodePaysNaissance => "codePaysNaissance",
            Field::LibellePaysNaissance => "libellePaysNaissance",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::from_bytes(name.as_bytes())
    }

    /// [`Field::from_name`] on raw bytes; a `match` because the XML reader asks for every
    /// element inside `titulaire`.
    pub fn from_bytes(name: &[u8]) -> Option<Field> {
        Some(match name {
            b"nomNaissance" => Field::NomNaissance,
            b"nomUsage" => Field::NomUsage,
            b"prenom1" => Field::Prenom1,
            b"prenom2" => Field::Prenom2,
            b"prenom3" => Field::Prenom3,
            b"anneeNaissance" => Field::AnneeNaissance,
            b"moisNaissance" => Field::MoisNaissance,
            b"jourNaissance" => Field::JourNaissance,
            b"sexe" => Field::Sexe,
            b"codeInsee" => Field::CodeInsee,
            b"codePostal" => Field::CodePostal,
            b"libelleCommuneNaissance" => Field::LibelleCommuneNaissance,
            b"codePaysNaissance" => Field::CodePaysNaissance,
            b"libellePaysNaissance" => Field::LibellePaysNaissance,
            _ => return None,
        })
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Fields that hold a person's name (rules on characters apply to them).
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Field::NomNaissance
                | Field::NomUsage
                | Field::Prenom1
                | Field::Prenom2
                | Field::Prenom3
        )
    }

    /// Required elements that may carry `xsi:nil` (an edit to `None` writes nil).
    pub fn is_nillable(self) -> bool {
        matches!(
            self,
            Field::NomUsage | Field::MoisNaissance | Field::JourNaissance | Field::CodePostal
        )
    }

    pub fn is_first_name(self) -> bool {
        matches!(self, Field::Prenom1 | Field::Prenom2 | Field::Prenom3)
    }
}

impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let name = String::deserialize(d)?;
        Field::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown field {name}")))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a value sits in the input, for messages and for the lossless rewrite.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line of the element's start tag (XML) or the row's line (CSV).
    pub line: u64,
    /// 1-based column (in bytes) of the start tag, 0 when unknown.
    pub column: u64,
    /// Byte range of the whole element `<p:x ...>...</p:x>` (or `<p:x .../>`), XML only.
    pub element: Option<Range<u64>>,
    /// Byte range of the raw (still escaped) content between the tags, XML only.
    /// Empty range at the end of the start tag for an empty element.
    pub content: Option<Range<u64>>,
}

/// One field's value as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The decoded text (entities resolved, CDATA unwrapped). Empty for a nil element.
    pub text: String,
    /// `xsi:nil="true"` (XML) or the export's "no value" for a nillable field.
    pub nil: bool,
    pub loc: Location,
}

impl Value {
    pub fn new(text: impl Into<String>) -> Value {
        Value {
            text: text.into(),
            nil: false,
            loc: Location::default(),
        }
    }

    pub fn nil() -> Value {
        Value {
            text: String::new(),
            nil: true,
            loc: Location::default(),
        }
    }
}

/// How the holder is identified (`identificationTitulaire` choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HolderKind {
    /// `titulaire`: civil-status identity, matched against the SNGI.
    #[default]
    CivilStatus,
    /// `dossierFormation`: identified by CPF file number; identity rules do not apply.
    TrainingFile,
}

/// The certification a passage belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certification {
    pub kind: String,
    pub code: String,
}

/// Where to insert a field that the record does not have yet (XML only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlHolder {
    /// Namespace prefix used on the `titulaire` element ("cpf" for `cpf:titulaire`, "" for default ns).
    /// Shared: every holder of a deposit has the same (one allocation per file, not per holder).
    pub prefix: Arc<str>,
    /// Byte range of the `titulaire` element.
    pub element: Range<u64>,
    /// Indentation (whitespace) preceding the children of `titulaire`, reused for inserted
    /// elements. Shared as `prefix` is.
    pub child_indent: Arc<str>,
}

/// Which kind of input produced the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceFormat {
    #[default]
    Xml,
    Csv,
}

/// A holder's identity as rules see it.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 0-based position in the input (input order is the output order).
    pub index: usize,
    /// `idTechnique`, or the CSV row key (student number) when there is none.
    pub id: String,
    /// Line of the `passageCertification` start tag, or the CSV row line.
    pub line: u64,
    pub kind: HolderKind,
    pub certification: Certification,
    /// `dateDebutValidite` (award date) as written, if any.
    pub award_date: Option<String>,
    /// Identity fields, indexed by `Field::index()`; `None` = absent. Boxed: records move
    /// between threads and queues, and the fields are most of their size (1.3 kB).
    pub fields: Box<[Option<Value>; 14]>,
    /// XML insertion context, when the record comes from a deposit.
    pub xml: Option<XmlHolder>,
    pub format: SourceFormat,
    /// Notes from the reader that rules may report (e.g. civil status used instead of usage name).
    pub notes: Vec<ReaderNote>,
}

/// Something a reader did or saw that the report should mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderNote {
    pub code: &'static str,
    pub field: Option<Field>,
    pub detail: String,
}

impl Record {
    pub fn get(&self, field: Field) -> Option<&Value> {
        self.fields[field.index()].as_ref()
    }

    /// The text of a present, non-nil field.
    pub fn text(&self, field: Field) -> Option<&str> {
        match self.get(field) {
            Some(v) if !v.nil => Some(v.text.as_str()),
            _ => None,
        }
    }

    pub fn set(&mut self, field: Field, value: Value) {
        self.fields[field.index()] = Some(value);
    }

    pub fn is_civil_status(&self) -> bool {
        self.kind == HolderKind::CivilStatus
    }

    /// Birth year, when present and numeric.
    pub fn birth_year(&self) -> Option<i32> {
        self.text(Field::AnneeNaissance)
            .and_then(parse_xsd_int)
            .map(|v| v as i32)
    }
}

/// Parses an `xsd:int` lexical value the way the XSD does (`07`, `+7` are 7), without padding.
pub fn parse_xsd_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    let (neg, digits) = match digits.strip_prefix('-') {
        Some(d) if !text.starts_with('+') => (true, d),
        _ => (false, digits),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_by_its_name_and_nothing_else() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(Field::from_bytes(f.name().as_bytes()), Some(f));
        }
        for other in ["", "nom", "prenom", "Prenom1", "sexe ", "titulaire"] {
            assert_eq!(Field::from_name(other), None);
        }
    }

    #[test]
    fn field_names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(Field::ALL[f.index()], f);
        }
    }

    #[test]
    fn xsd_int_accepts_leading_zero_and_plus() {
        assert_eq!(parse_xsd_int("07"), Some(7));
        assert_eq!(parse_xsd_int("+7"), Some(7));
        assert_eq!(parse_xsd_int("-3"), Some(-3));
        assert_eq!(parse_xsd_int(" 7"), None);
        assert_eq!(parse_xsd_int(""), None);
        assert_eq!(parse_xsd_int("+-1"), None);
    }
}
