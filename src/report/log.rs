//! The findings of a run, kept in input order in bounded memory: the first megabyte in
//! memory, the rest in an anonymous temporary file that reports read back once done.
//!
//! The file is created with [`crate::output::anonymous_temp`]: mode 0600 and without a name
//! (unlinked at once), so that the personal data it holds disappears with the process, even
//! after a crash, a Ctrl-C or a `kill -9`.

use crate::finding::{Applicability, Edit, Finding, Fix, RecordFindings, Severity};
use crate::model::Field;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

/// Records kept in memory before the log moves to its temporary file.
const MEMORY_BUDGET: usize = 1 << 20;
/// Encoded bytes gathered before each write to the temporary file.
const CHUNK: usize = 256 << 10;

/// Records with findings, in input order.
#[derive(Default)]
pub struct FindingLog {
    /// Records not moved to the file (all of them until the budget is reached).
    memory: Vec<RecordFindings>,
    memory_bytes: usize,
    /// The temporary file, once the budget is reached.
    file: Option<File>,
    /// Encoded records not written to the file yet.
    tail: Vec<u8>,
    len: usize,
    /// Rule codes met, so that the file stores a small number for each.
    rules: Vec<&'static str>,
    /// Budget in bytes (tests lower it).
    budget: Option<usize>,
}

impl std::fmt::Debug for FindingLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindingLog")
            .field("len", &self.len)
            .field("in_memory", &self.memory.len())
            .field("spilled", &self.file.is_some())
            .finish()
    }
}

/// Rough heap size of a record with its findings.
fn weight(r: &RecordFindings) -> usize {
    let fix = |f: &Fix| {
        f.edits
            .iter()
            .map(|e| {
                64 + e.from.as_ref().map_or(0, String::len) + e.to.as_ref().map_or(0, String::len)
            })
            .sum::<usize>()
            + 32
    };
    64 + r.id.len()
        + r.findings
            .iter()
            .map(|f| {
                std::mem::size_of::<Finding>()
                    + f.value.as_ref().map_or(0, String::len)
                    + f.message.len()
                    + f.fix.as_ref().map_or(0, fix)
                    + f.alternatives.iter().map(fix).sum::<usize>()
            })
            .sum::<usize>()
}

impl FindingLog {
    /// A log that moves to its file past `bytes` of records (tests).
    pub fn with_budget(bytes: usize) -> FindingLog {
        FindingLog {
            budget: Some(bytes),
            ..FindingLog::default()
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the records went to the temporary file.
    pub fn spilled(&self) -> bool {
        self.file.is_some()
    }

    pub fn push(&mut self, record: RecordFindings) -> io::Result<()> {
        self.len += 1;
        if self.file.is_none() {
            self.memory_bytes += weight(&record);
            self.memory.push(record);
            if self.memory_bytes <= self.budget.unwrap_or(MEMORY_BUDGET) {
                return Ok(());
            }
            self.file = Some(crate::output::anonymous_temp()?);
            for r in std::mem::take(&mut self.memory) {
                self.encode(&r);
                self.write_tail(false)?;
            }
            self.memory_bytes = 0;
            return Ok(());
        }
        self.encode(&record);
        self.write_tail(false)
    }

    fn write_tail(&mut self, all: bool) -> io::Result<()> {
        if self.tail.len() >= CHUNK || (all && !self.tail.is_empty()) {
            if let Some(f) = &mut self.file {
                f.write_all(&self.tail)?;
                self.tail.clear();
            }
        }
        Ok(())
    }

    /// Serialises every finding as one sequence, read from the log one record at a time while
    /// it is written out; `element` writes one finding in the report's own form.
    pub fn serialize_findings<S, F>(&self, serializer: S, mut element: F) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        F: FnMut(&mut S::SerializeSeq, &RecordFindings, &Finding) -> Result<(), S::Error>,
    {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = serializer.serialize_seq(None)?;
        let mut failed = None;
        let read = self.for_each(|r| {
            for f in &r.findings {
                if let Err(e) = element(&mut seq, r, f) {
                    failed = Some(e);
                    return Err(io::Error::other("serialisation failed"));
                }
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }

    /// Calls `f` on every record, in input order.
    pub fn for_each<F>(&self, mut f: F) -> io::Result<()>
    where
        F: FnMut(&RecordFindings) -> io::Result<()>,
    {
        let Some(file) = &self.file else {
            return self.memory.iter().try_for_each(f);
        };
        let mut handle = file;
        handle.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::with_capacity(CHUNK, handle).chain(&self.tail[..]);
        let mut decoder = Decoder {
            rules: &self.rules,
            buf: Vec::new(),
        };
        let result = (0..self.len).try_for_each(|_| {
            let r = decoder.record(&mut reader)?;
            f(&r)
        });
        // Later writes go to the end.
        let mut handle = file;
        handle.seek(SeekFrom::End(0))?;
        result
    }

    fn rule_number(&mut self, code: &'static str) -> u16 {
        match self.rules.iter().position(|c| *c == code) {
            Some(i) => i as u16,
            None => {
                self.rules.push(code);
                (self.rules.len() - 1) as u16
            }
        }
    }

    fn encode(&mut self, r: &RecordFindings) {
        let mut out = std::mem::take(&mut self.tail);
        put_u64(&mut out, r.index as u64);
        put_str(&mut out, &r.id);
        put_u64(&mut out, r.line);
        put_u32(&mut out, r.findings.len() as u32);
        for f in &r.findings {
            let rule = self.rule_number(f.rule);
            out.extend_from_slice(&rule.to_le_bytes());
            out.push(match f.severity {
                Severity::Info => 0,
                Severity::Warning => 1,
                Severity::Error => 2,
            });
            out.push(f.field.map_or(u8::MAX, |x| x.index() as u8));
            match f.line {
                Some(l) => {
                    out.push(1);
                    put_u64(&mut out, l);
                }
                None => out.push(0),
            }
            put_opt(&mut out, f.value.as_deref());
            put_str(&mut out, &f.message);
            match &f.fix {
                Some(fix) => {
                    out.push(1);
                    put_fix(&mut out, fix);
                }
                None => out.push(0),
            }
            put_u32(&mut out, f.alternatives.len() as u32);
            for a in &f.alternatives {
                put_fix(&mut out, a);
            }
        }
        self.tail = out;
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn put_fix(out: &mut Vec<u8>, fix: &Fix) {
    out.push(match fix.applicability {
        Applicability::DisplayOnly => 0,
        Applicability::Unsafe => 1,
        Applicability::Safe => 2,
    });
    put_u32(out, fix.edits.len() as u32);
    for e in &fix.edits {
        out.push(e.field.index() as u8);
        put_opt(out, e.from.as_deref());
        put_opt(out, e.to.as_deref());
    }
}

fn corrupt() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "temporary findings file damaged",
    )
}

struct Decoder<'a> {
    rules: &'a [&'static str],
    buf: Vec<u8>,
}

impl Decoder<'_> {
    fn bytes<R: BufRead>(&mut self, r: &mut R, n: usize) -> io::Result<&[u8]> {
        self.buf.resize(n, 0);
        r.read_exact(&mut self.buf)?;
        Ok(&self.buf)
    }

    fn u8<R: BufRead>(&mut self, r: &mut R) -> io::Result<u8> {
        Ok(self.bytes(r, 1)?[0])
    }

    fn u16<R: BufRead>(&mut self, r: &mut R) -> io::Result<u16> {
        Ok(u16::from_le_bytes(self.bytes(r, 2)?.try_into().unwrap()))
    }

    fn u32<R: BufRead>(&mut self, r: &mut R) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes(r, 4)?.try_into().unwrap()))
    }

    fn u64<R: BufRead>(&mut self, r: &mut R) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.bytes(r, 8)?.try_into().unwrap()))
    }

    fn string<R: BufRead>(&mut self, r: &mut R) -> io::Result<String> {
        let n = self.u32(r)? as usize;
        let mut s = vec![0; n];
        r.read_exact(&mut s)?;
        String::from_utf8(s).map_err(|_| corrupt())
    }

    fn opt<R: BufRead>(&mut self, r: &mut R) -> io::Result<Option<String>> {
        match self.u8(r)? {
            0 => Ok(None),
            _ => self.string(r).map(Some),
        }
    }

    fn field<R: BufRead>(&mut self, r: &mut R) -> io::Result<Option<Field>> {
        match self.u8(r)? {
            u8::MAX => Ok(None),
            i => Field::ALL
                .get(i as usize)
                .copied()
                .map(Some)
                .ok_or_else(corrupt),
        }
    }

    fn fix<R: BufRead>(&mut self, r: &mut R) -> io::Result<Fix> {
        let applicability = match self.u8(r)? {
            0 => Applicability::DisplayOnly,
            1 => Applicability::Unsafe,
            _ => Applicability::Safe,
        };
        let n = self.u32(r)?;
        let mut edits = Vec::with_capacity(n.min(64) as usize);
        for _ in 0..n {
            let field = self.field(r)?.ok_or_else(corrupt)?;
            let from = self.opt(r)?;
            let to = self.opt(r)?;
            edits.push(Edit { field, from, to });
        }
        Ok(Fix {
            applicability,
            edits,
        })
    }

    fn record<R: BufRead>(&mut self, r: &mut R) -> io::Result<RecordFindings> {
        let index = self.u64(r)? as usize;
        let id = self.string(r)?;
        let line = self.u64(r)?;
        let n = self.u32(r)?;
        let mut findings = Vec::with_capacity(n.min(64) as usize);
        for _ in 0..n {
            let number = self.u16(r)? as usize;
            let rule = *self.rules.get(number).ok_or_else(corrupt)?;
            let severity = match self.u8(r)? {
                0 => Severity::Info,
                1 => Severity::Warning,
                _ => Severity::Error,
            };
            let field = self.field(r)?;
            let line = match self.u8(r)? {
                0 => None,
                _ => Some(self.u64(r)?),
            };
            let value = self.opt(r)?;
            let message = self.string(r)?;
            let fix = match self.u8(r)? {
                0 => None,
                _ => Some(self.fix(r)?),
            };
            let alternatives = (0..self.u32(r)?)
                .map(|_| self.fix(r))
                .collect::<io::Result<Vec<Fix>>>()?;
            findings.push(Finding {
                rule,
                severity,
                field,
                line,
                value,
                message,
                fix,
                alternatives,
            });
        }
        Ok(RecordFindings {
            index,
            id,
            line,
            findings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(i: usize) -> RecordFindings {
        RecordFindings {
            index: i,
            id: format!("ID-{i}"),
            line: 10 * i as u64,
            findings: vec![
                Finding {
                    rule: "W001",
                    severity: Severity::Warning,
                    field: Some(Field::Prenom1),
                    line: Some(i as u64 + 1),
                    value: Some(format!("Jean  {i}")),
                    message: "deux espaces".to_string(),
                    fix: Some(Fix::safe(vec![Edit::replace(
                        Field::Prenom1,
                        "Jean  x",
                        "Jean x",
                    )])),
                    alternatives: vec![Fix::unsafe_(vec![Edit {
                        field: Field::NomUsage,
                        from: None,
                        to: Some("É".to_string()),
                    }])],
                },
                Finding {
                    rule: "X001",
                    severity: Severity::Error,
                    field: None,
                    line: None,
                    value: None,
                    message: String::new(),
                    fix: None,
                    alternatives: Vec::new(),
                },
            ],
        }
    }

    fn all(log: &FindingLog) -> Vec<RecordFindings> {
        let mut out = Vec::new();
        log.for_each(|r| {
            out.push(r.clone());
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn records_come_back_identical_in_memory_and_from_the_file() {
        let expected: Vec<RecordFindings> = (0..2_000).map(sample).collect();
        for budget in [usize::MAX, 0, 10_000] {
            let mut log = FindingLog::with_budget(budget);
            for r in &expected {
                log.push(r.clone()).unwrap();
            }
            assert_eq!(log.spilled(), budget != usize::MAX);
            assert_eq!(log.len(), expected.len());
            // Read twice: reports may pass over the findings more than once.
            for _ in 0..2 {
                let got = all(&log);
                assert_eq!(got.len(), expected.len());
                for (g, e) in got.iter().zip(&expected) {
                    assert_eq!((g.index, &g.id, g.line), (e.index, &e.id, e.line));
                    assert_eq!(g.findings, e.findings);
                }
            }
        }
    }
}
