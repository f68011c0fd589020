//! Writing a corrected deposit while the rules still run, and reading it back as it is
//! written.
//!
//! `fix` used to work in three passes: check the input, copy it with the splices, then
//! read the copy back to verify it. Here the three overlap: the rules' callback sends each
//! holder's splices (in input order) to a writer thread, which copies the input up to them;
//! every byte it writes to the temporary file also goes to a verifier thread, which reads
//! the corrected deposit with the schema validation and the digest of the holders' ids.

use super::reader::{DepositReader, SchemaOutcome};
use super::rewrite::{Rewriter, Splice};
use crate::error::InputError;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Order-sensitive digest of the holders' ids: the corrected file must hold the same
/// holders in the same order.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IdDigest {
    hasher: u64,
    count: u64,
}

impl IdDigest {
    pub fn add(&mut self, id: &str) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hasher.hash(&mut h);
        id.hash(&mut h);
        self.hasher = h.finish();
        self.count += 1;
    }
}

/// What the writer thread receives.
pub enum Message {
    /// One holder's splices, sorted, after those of the holders before it.
    Splices(Vec<Splice>),
    /// The input was read to its end without error: copy the rest.
    Done,
}

/// Bytes handed to the verifier at a time.
const CHUNK: usize = 256 * 1024;

/// A `Write` that writes to `file` and sends a copy of every byte to the verifier. If the
/// verifier stopped (it found an error), the file is still written; its error is reported.
struct Tee<'a> {
    file: io::BufWriter<&'a mut File>,
    chunk: Vec<u8>,
    to_verifier: Option<SyncSender<Vec<u8>>>,
}

impl Tee<'_> {
    fn send_chunk(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        if let Some(tx) = &self.to_verifier {
            if tx.send(full).is_err() {
                self.to_verifier = None;
            }
        }
    }
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write_all(buf)?;
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.send_chunk();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_chunk();
        self.file.flush()
    }
}

/// The writer thread: copies `input` to `out` with the splices it receives. Returns the
/// number of bytes written; an `Interrupted` error if the rules stopped before `Done`.
pub fn write_output(
    input: &Path,
    out: &mut File,
    splices: Receiver<Message>,
    to_verifier: SyncSender<Vec<u8>>,
) -> io::Result<u64> {
    let mut rewriter = Rewriter::new(BufReader::with_capacity(CHUNK, File::open(input)?));
    let mut tee = Tee {
        file: io::BufWriter::with_capacity(CHUNK, out),
        chunk: Vec::with_capacity(CHUNK),
        to_verifier: Some(to_verifier),
    };
    loop {
        match splices.recv() {
            Ok(Message::Splices(list)) => {
                for s in &list {
                    rewriter.splice(s, &mut tee)?;
                }
            }
            Ok(Message::Done) => break,
            Err(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::Interrupted,
                    "the check stopped before the end of the input",
                ))
            }
        }
    }
    let written = rewriter.finish(&mut tee)?;
    tee.flush()?;
    Ok(written)
}

/// Reads the chunks the writer sends, as a `BufRead`; the end of the channel is the end of
/// the file.
pub struct ChannelReader {
    rx: Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl ChannelReader {
    pub fn new(rx: Receiver<Vec<u8>>) -> ChannelReader {
        ChannelReader {
            rx,
            chunk: Vec::new(),
            pos: 0,
        }
    }
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ChannelReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(next) => {
                    self.chunk = next;
                    self.pos = 0;
                }
                Err(_) => return Ok(&[]),
            }
        }
        Ok(&self.chunk[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.chunk.len());
    }
}

/// The verifier thread: reads the corrected deposit as it is written (`path` names it in
/// messages) with the full schema validation; returns the digest of its holders' ids.
pub fn verify_output(
    path: &Path,
    bytes: Receiver<Vec<u8>>,
) -> Result<(IdDigest, SchemaOutcome), InputError> {
    let mut reader = DepositReader::new(path, ChannelReader::new(bytes))?;
    reader.ids_only();
    let schema = reader.validate_schema();
    let mut digest = IdDigest::default();
    for record in reader {
        digest.add(&record?.id);
    }
    let outcome = schema.lock().map(|o| o.clone()).unwrap_or_default();
    Ok((digest, outcome))
}

/// Both ends of a channel.
pub type Channel<T> = (SyncSender<T>, Receiver<T>);

/// Channels between the rules, the writer and the verifier. At most 4 chunks (1 MB) wait
/// for the verifier: more only costs memory, the verifier keeps pace with the writer.
pub fn channels() -> (Channel<Message>, Channel<Vec<u8>>) {
    (sync_channel(256), sync_channel(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_reader_reads_every_chunk_in_order_then_ends() {
        let (tx, rx) = sync_channel(4);
        let writer = std::thread::spawn(move || {
            for i in 0..100u8 {
                tx.send(vec![i; (i as usize) % 7]).unwrap();
            }
        });
        let mut all = Vec::new();
        ChannelReader::new(rx).read_to_end(&mut all).unwrap();
        writer.join().unwrap();
        let expected: Vec<u8> = (0..100u8).flat_map(|i| vec![i; (i as usize) % 7]).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn writer_applies_splices_and_sends_the_same_bytes_to_the_verifier() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.xml");
        std::fs::write(&input, b"<a>hello</a><b>world</b>".repeat(20_000)).unwrap();
        let out_path = dir.path().join("out.xml");
        let mut out = File::create(&out_path).unwrap();
        let ((stx, srx), (btx, brx)) = channels();
        let reader = std::thread::spawn(move || {
            let mut all = Vec::new();
            ChannelReader::new(brx).read_to_end(&mut all).unwrap();
            all
        });
        stx.send(Message::Splices(vec![Splice {
            start: 3,
            end: 8,
            bytes: b"HI".to_vec(),
        }]))
        .unwrap();
        stx.send(Message::Done).unwrap();
        let written = write_output(&input, &mut out, srx, btx).unwrap();
        let sent = reader.join().unwrap();
        let on_disk = std::fs::read(&out_path).unwrap();
        assert_eq!(on_disk, sent);
        assert_eq!(written as usize, on_disk.len());
        assert!(on_disk.starts_with(b"<a>HI</a><b>world</b><a>hello"));
    }

    #[test]
    fn writer_stops_when_the_rules_stop_before_done() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.xml");
        std::fs::write(&input, b"<a/>").unwrap();
        let mut out = File::create(dir.path().join("out.xml")).unwrap();
        let ((stx, srx), (btx, _brx)) = channels();
        drop(stx);
        let err = write_output(&input, &mut out, srx, btx).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Interrupted);
    }
}
