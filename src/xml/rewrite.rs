//! Lossless rewrite of a deposit: copies the input byte for byte and splices in only
//! the edited values, at the spans the reader recorded.

use crate::engine::AppliedEdit;
use crate::model::{Field, Record};
use std::io::{self, Read, Write};

/// One replacement of the input bytes `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub start: u64,
    pub end: u64,
    pub bytes: Vec<u8>,
}

/// Canonical order of the `titulaire` children (the official sample's), used to place
/// an inserted element after its natural predecessor.
const CANONICAL: [Field; 10] = [
    Field::NomNaissance,
    Field::NomUsage,
    Field::Prenom1,
    Field::Prenom2,
    Field::Prenom3,
    Field::AnneeNaissance,
    Field::MoisNaissance,
    Field::JourNaissance,
    Field::Sexe,
    Field::LibelleCommuneNaissance,
];

fn escape(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

/// Why an edit cannot be written into the deposit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpliceError {
    pub field: Field,
    pub reason_fr: String,
    pub reason_en: String,
}

/// Turns a record's net edits into splices of the input.
pub fn splices(record: &Record, edits: &[AppliedEdit]) -> Result<Vec<Splice>, SpliceError> {
    let Some(holder) = &record.xml else {
        return Ok(Vec::new());
    };
    let qname = |f: Field| {
        if holder.prefix.is_empty() {
            f.name().to_string()
        } else {
            format!("{}:{}", holder.prefix, f.name())
        }
    };
    let mut out = Vec::new();
    for edit in edits {
        let existing = record.get(edit.field);
        match (existing, &edit.to) {
            (Some(v), Some(text)) => {
                let element = v.loc.element.clone().ok_or_else(|| no_span(edit.field))?;
                match (&v.loc.content, v.nil) {
                    (Some(content), false) => out.push(Splice {
                        start: content.start,
                        end: content.end,
                        bytes: escape(text).into_bytes(),
                    }),
                    _ => out.push(Splice {
                        start: element.start,
                        end: element.end,
                        bytes: format!("<{q}>{}</{q}>", escape(text), q = qname(edit.field))
                            .into_bytes(),
                    }),
                }
            }
            (Some(v), None) => {
                let element = v.loc.element.clone().ok_or_else(|| no_span(edit.field))?;
                if edit.field.is_nillable() {
                    out.push(Splice {
                        start: element.start,
                        end: element.end,
                        bytes: format!("<{} xsi:nil=\"true\"/>", qname(edit.field)).into_bytes(),
                    });
                } else {
                    // Removing an optional element leaves its indentation: harmless whitespace.
                    out.push(Splice {
                        start: element.start,
                        end: element.end,
                        bytes: Vec::new(),
                    });
                }
            }
            (None, Some(text)) => {
                if matches!(edit.field, Field::CodeInsee | Field::CodePostal) {
                    return Err(SpliceError {
                        field: edit.field,
                        reason_fr: "créer un code de lieu de naissance absent n'est pas pris en charge : ajoutez-le à la main".into(),
                        reason_en: "creating a missing birth-place code is not supported: add it by hand".into(),
                    });
                }
                let pos = CANONICAL
                    .iter()
                    .take_while(|f| **f != edit.field)
                    .filter_map(|f| {
                        record
                            .get(*f)
                            .and_then(|v| v.loc.element.as_ref())
                            .map(|r| r.end)
                    })
                    .max()
                    .or_else(|| {
                        // After the place of birth when nothing canonical precedes.
                        Field::ALL
                            .iter()
                            .filter_map(|f| {
                                record
                                    .get(*f)
                                    .and_then(|v| v.loc.element.as_ref())
                                    .map(|r| r.end)
                            })
                            .max()
                    })
                    .ok_or_else(|| no_span(edit.field))?;
                out.push(Splice {
                    start: pos,
                    end: pos,
                    bytes: format!(
                        "{}<{q}>{}</{q}>",
                        holder.child_indent,
                        escape(text),
                        q = qname(edit.field)
                    )
                    .into_bytes(),
                });
            }
            (None, None) => {}
        }
    }
    Ok(out)
}

fn no_span(field: Field) -> SpliceError {
    SpliceError {
        field,
        reason_fr: "position de l'élément inconnue".into(),
        reason_en: "element position unknown".into(),
    }
}

/// Copies `input` to `output`, applying `splices` (sorted by start, non-overlapping).
/// Returns the number of bytes written.
pub fn apply<R: Read, W: Write>(input: R, output: &mut W, splices: &[Splice]) -> io::Result<u64> {
    let mut rewriter = Rewriter::new(input);
    for s in splices {
        rewriter.splice(s, output)?;
    }
    rewriter.finish(output)
}

/// The streaming form of [`apply`]: splices arrive one at a time, in order, while the
/// input is copied (so a fix can write its output while the rules still run).
pub struct Rewriter<R> {
    input: R,
    pos: u64,
    written: u64,
    buf: Vec<u8>,
}

impl<R: Read> Rewriter<R> {
    pub fn new(input: R) -> Rewriter<R> {
        Rewriter {
            input,
            pos: 0,
            written: 0,
            buf: vec![0u8; 256 * 1024],
        }
    }

    /// Copies the input up to `s.start`, skips the replaced bytes, writes `s.bytes`.
    pub fn splice<W: Write>(&mut self, s: &Splice, output: &mut W) -> io::Result<()> {
        if s.start < self.pos || s.end < s.start {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "overlapping edits",
            ));
        }
        self.copy(s.start - self.pos, Some(output))?;
        self.copy(s.end - s.start, None::<&mut W>)?;
        output.write_all(&s.bytes)?;
        self.written += s.bytes.len() as u64;
        self.pos = s.end;
        Ok(())
    }

    /// Copies the rest of the input; returns the number of bytes written in all.
    pub fn finish<W: Write>(mut self, output: &mut W) -> io::Result<u64> {
        self.written += io::copy(&mut self.input, output)?;
        Ok(self.written)
    }

    /// Reads `len` bytes of input and writes them to `output` (or drops them).
    fn copy<W: Write>(&mut self, mut len: u64, mut output: Option<&mut W>) -> io::Result<()> {
        let cap = self.buf.len() as u64;
        while len > 0 {
            let n = self.input.read(&mut self.buf[..len.min(cap) as usize])?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "input shorter than expected",
                ));
            }
            if let Some(out) = output.as_mut() {
                out.write_all(&self.buf[..n])?;
                self.written += n as u64;
            }
            len -= n as u64;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_in_place() {
        let input = b"<a>hello</a><b>world</b>";
        let mut out = Vec::new();
        apply(
            &input[..],
            &mut out,
            &[
                Splice {
                    start: 3,
                    end: 8,
                    bytes: b"HI".to_vec(),
                },
                Splice {
                    start: 15,
                    end: 15,
                    bytes: b"!".to_vec(),
                },
            ],
        )
        .unwrap();
        assert_eq!(out, b"<a>HI</a><b>!world</b>");
    }
}
