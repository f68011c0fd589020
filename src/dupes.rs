//! Deposit-wide check: an `idTechnique` must be unique (the CDC keys passages by it).
//!
//! Memory stays bounded whatever the number of holders: the ids are remembered as two 64-bit
//! hashes (never the id itself), the last `RUN` (32,768) of them in memory, where a duplicate is
//! caught at once; older ones in sorted runs in an anonymous temporary file, which
//! [`DuplicateIds::finish`] merges at the end of the input (2 KB of buffer a run of 32,768
//! ids: under 0.1 byte a holder, 1.8 MB for the 28.6 million holders of the national stock
//! in one file; the ids in memory take 1.5 MB). The error is the one a single in-memory table would
//! give: the first passage, in input order, whose id was already used, and where.

use crate::error::InputError;
use crate::model::{Record, SourceFormat};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Ids kept in memory before they go to the temporary file as one sorted run.
const RUN: usize = 1 << 15;

/// One id seen: its two hashes, its position in the input and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    h1: u64,
    h2: u64,
    seq: u64,
    line: u64,
}

impl Seen {
    const BYTES: usize = 32;

    fn to_bytes(self) -> [u8; Seen::BYTES] {
        let mut b = [0; Seen::BYTES];
        for (i, v) in [self.h1, self.h2, self.seq, self.line]
            .into_iter()
            .enumerate()
        {
            b[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    fn from_bytes(b: &[u8; Seen::BYTES]) -> Seen {
        let v = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
        Seen {
            h1: v(0),
            h2: v(1),
            seq: v(2),
            line: v(3),
        }
    }

    fn same_id(&self, other: &Seen) -> bool {
        (self.h1, self.h2) == (other.h1, other.h2)
    }
}

/// Where the merge is in one sorted run.
struct RunReader {
    /// Next entry to read from the file, and how many are left there.
    next: u64,
    left: u64,
    buf: Vec<u8>,
    at: usize,
}

/// Remembers a 64-bit hash of each idTechnique with its line (not the id itself: constant
/// size per holder). A hash collision is confirmed only by a second, independent hash.
#[derive(Default)]
pub struct DuplicateIds {
    /// The current run, in input order, with an open-addressing index (`position + 1`).
    run: Vec<Seen>,
    slots: Vec<u32>,
    /// Sorted runs already written: (offset in entries, length).
    file: Option<BufWriter<File>>,
    runs: Vec<(u64, u64)>,
    written: u64,
    seq: u64,
    /// A duplicate was already reported.
    reported: bool,
}

fn hashes(id: &str) -> (u64, u64) {
    let a = std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
    let mut h1 = a.build_hasher();
    h1.write(id.as_bytes());
    let mut h2 = a.build_hasher();
    h2.write(b"accroche:");
    h2.write(id.as_bytes());
    (h1.finish(), h2.finish())
}

fn duplicate(path: &Path, first: u64, line: u64) -> InputError {
    InputError::new(
        path,
        format!("idTechnique en double : déjà utilisé ligne {first} ; chaque passage doit avoir un idTechnique unique"),
        format!("duplicate idTechnique: already used at line {first}; each passage needs a unique idTechnique"),
    )
    .at(line, None)
    .field("idTechnique")
}

fn temp_error(e: &io::Error) -> InputError {
    crate::output::write_error(&std::env::temp_dir(), e)
}

impl DuplicateIds {
    pub fn check(&mut self, path: &Path, record: &Record) -> Result<(), InputError> {
        if record.format != SourceFormat::Xml {
            return Ok(());
        }
        let (h1, h2) = hashes(&record.id);
        let seen = Seen {
            h1,
            h2,
            seq: self.seq,
            line: record.line,
        };
        self.seq += 1;
        if self.run.len() == RUN {
            self.spill().map_err(|e| temp_error(&e))?;
        }
        if self.slots.len() < self.run.len() * 2 + 2 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (h1 as usize) & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.run.push(seen);
                    self.slots[i] = self.run.len() as u32;
                    return Ok(());
                }
                p if self.run[p as usize - 1].same_id(&seen) => {
                    let first = self.run[p as usize - 1].line;
                    self.run.push(seen);
                    self.reported = true;
                    if self.runs.is_empty() {
                        return Err(duplicate(path, first, record.line));
                    }
                    // Older ids are on disk: an earlier duplicate may hide there.
                    return match self.earliest().map_err(|e| temp_error(&e))? {
                        Some((first, line)) => Err(duplicate(path, first, line)),
                        None => Err(duplicate(path, first, record.line)),
                    };
                }
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Looks for duplicates across the runs written to disk. Call it once the input is
    /// read, or stopped: it reports the first duplicate among the passages seen.
    pub fn finish(&mut self, path: &Path) -> Result<(), InputError> {
        if self.reported || self.runs.is_empty() {
            return Ok(());
        }
        self.reported = true;
        match self.earliest().map_err(|e| temp_error(&e))? {
            Some((first, line)) => Err(duplicate(path, first, line)),
            None => Ok(()),
        }
    }

    fn grow(&mut self) {
        let size = ((self.run.len() + 1) * 4).next_power_of_two().max(64);
        self.slots.clear();
        self.slots.resize(size, 0);
        let mask = size - 1;
        for (p, s) in self.run.iter().enumerate() {
            let mut i = (s.h1 as usize) & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = p as u32 + 1;
        }
    }

    /// Writes the current run, sorted, to the temporary file.
    fn spill(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            self.file = Some(BufWriter::with_capacity(
                64 << 10,
                crate::output::anonymous_temp()?,
            ));
        }
        let w = self.file.as_mut().expect("just created");
        self.run.sort_unstable();
        for s in &self.run {
            w.write_all(&s.to_bytes())?;
        }
        self.runs.push((self.written, self.run.len() as u64));
        self.written += self.run.len() as u64;
        self.run.clear();
        self.slots.iter_mut().for_each(|s| *s = 0);
        Ok(())
    }

    /// Merges every run: the duplicate whose second passage comes first in the input, as
    /// (line of the first passage, line of the second).
    fn earliest(&mut self) -> io::Result<Option<(u64, u64)>> {
        if !self.run.is_empty() {
            self.spill()?;
        }
        let Some(w) = self.file.as_mut() else {
            return Ok(None);
        };
        w.flush()?;
        let mut file: &File = w.get_ref();
        // One buffer a run, refilled from the run's own position (the runs share one file).
        const PER_READ: u64 = 64;
        let mut readers: Vec<RunReader> = self
            .runs
            .iter()
            .map(|&(start, len)| RunReader {
                next: start,
                left: len,
                buf: Vec::new(),
                at: 0,
            })
            .collect();
        let mut next = |k: usize| -> io::Result<Option<Seen>> {
            let r = &mut readers[k];
            if r.at == r.buf.len() {
                if r.left == 0 {
                    return Ok(None);
                }
                let n = r.left.min(PER_READ);
                r.buf.resize(n as usize * Seen::BYTES, 0);
                file.seek(SeekFrom::Start(r.next * Seen::BYTES as u64))?;
                file.read_exact(&mut r.buf)?;
                r.next += n;
                r.left -= n;
                r.at = 0;
            }
            let b: &[u8; Seen::BYTES] = r.buf[r.at..r.at + Seen::BYTES].try_into().unwrap();
            r.at += Seen::BYTES;
            Ok(Some(Seen::from_bytes(b)))
        };
        let mut heap = BinaryHeap::new();
        for k in 0..self.runs.len() {
            if let Some(s) = next(k)? {
                heap.push(Reverse((s, k)));
            }
        }
        // Within one id, entries come out in input order: the first is the original, the
        // second the first duplicate.
        let mut group: Option<Seen> = None;
        let mut best: Option<(u64, u64, u64)> = None;
        let mut second_taken = false;
        while let Some(Reverse((s, k))) = heap.pop() {
            if let Some(n) = next(k)? {
                heap.push(Reverse((n, k)));
            }
            match group {
                Some(g) if g.same_id(&s) => {
                    if !second_taken {
                        second_taken = true;
                        if best.is_none_or(|b| s.seq < b.0) {
                            best = Some((s.seq, g.line, s.line));
                        }
                    }
                }
                _ => {
                    group = Some(s);
                    second_taken = false;
                }
            }
        }
        Ok(best.map(|(_, first, line)| (first, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, line: u64) -> Record {
        Record {
            id: id.to_string(),
            line,
            format: SourceFormat::Xml,
            ..Record::default()
        }
    }

    /// The reference: one in-memory table, first duplicate in input order.
    fn expected(ids: &[String]) -> Option<(u64, u64)> {
        let mut seen = std::collections::HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            let line = 10 + i as u64;
            if let Some(first) = seen.insert(id.clone(), line) {
                return Some((first, line));
            }
        }
        None
    }

    fn run(ids: &[String]) -> Option<(u64, u64)> {
        let mut d = DuplicateIds::default();
        let path = Path::new("x.xml");
        let mut err = None;
        for (i, id) in ids.iter().enumerate() {
            if let Err(e) = d.check(path, &record(id, 10 + i as u64)) {
                err = Some(e);
                break;
            }
        }
        let err = err.or_else(|| d.finish(path).err())?;
        let first: u64 = err
            .message_en
            .split("line ")
            .nth(1)?
            .split(';')
            .next()?
            .parse()
            .ok()?;
        Some((first, err.line?))
    }

    #[test]
    fn duplicates_found_across_runs_as_in_one_table() {
        let n = RUN * 3 + 100;
        let base: Vec<String> = (0..n).map(|i| format!("ID-{i}")).collect();
        assert_eq!(run(&base), None);
        // Duplicates near, far (across runs), several at once.
        let cases: [&[(usize, usize)]; 5] = [
            &[(5, 7)],
            &[(3, RUN + 10)],
            &[(RUN * 2 + 5, RUN * 2 + 9), (1, RUN * 2 + 7)],
            &[(1, RUN * 3 + 50), (RUN + 1, RUN * 2 + 2)],
            &[(RUN * 3 + 1, RUN * 3 + 2)],
        ];
        for case in cases {
            let mut ids = base.clone();
            for &(a, b) in case {
                ids[b] = ids[a].clone();
            }
            assert_eq!(run(&ids), expected(&ids), "{case:?}");
        }
    }
}
