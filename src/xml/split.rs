//! Splitting a deposit that exceeds the CDC's size limit into several valid deposits.
//! Each part keeps the envelope (emetteur, certificateur, each certification's own
//! fields), gets its own idFlux, and every passage lands in exactly one part, in order.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

/// Byte layout of a deposit: what every part repeats and what it distributes.
#[derive(Debug, Default)]
pub struct Layout {
    /// `idFlux` content range.
    pub id_flux: Range<u64>,
    /// Everything before the first certification.
    pub head: Range<u64>,
    pub certifications: Vec<CertLayout>,
    /// Everything after the last certification.
    pub tail: Range<u64>,
    /// Start and end of every passage, in order (16 bytes each, little-endian), in an
    /// anonymous temporary file: memory does not grow with the number of passages.
    passages: Option<File>,
}

#[derive(Debug, Default)]
pub struct CertLayout {
    /// From `<certification>` to the first passage (type, code, wrapper start).
    pub open: Range<u64>,
    /// Number of passages (their spans are in [`Layout`]'s temporary file).
    pub passages: usize,
    /// From the end of the last passage to the end of `</certification>`.
    pub close: Range<u64>,
}

/// Scans a well-formed deposit for its layout (the file was read and validated before).
pub fn layout(path: &Path) -> io::Result<Layout> {
    let mut reader = Reader::from_reader(BufReader::with_capacity(256 * 1024, File::open(path)?));
    let mut buf = Vec::new();
    let mut out = Layout::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut cert: Option<CertLayout> = None;
    let mut spans = io::BufWriter::with_capacity(64 << 10, crate::output::anonymous_temp()?);
    let mut passage_start = 0;
    let mut first_cert_start: Option<u64> = None;
    let mut last_cert_end = 0;
    loop {
        buf.clear();
        let before = reader.buffer_position();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        let after = reader.buffer_position();
        match ev {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                match local.as_slice() {
                    b"certification"
                        if stack.last().map(|n| n.as_slice()) == Some(b"certifications") =>
                    {
                        first_cert_start.get_or_insert(before);
                        cert = Some(CertLayout {
                            open: before..before,
                            ..CertLayout::default()
                        });
                    }
                    b"passageCertification" => {
                        if let Some(c) = cert.as_mut() {
                            if c.passages == 0 {
                                c.open.end = before;
                            }
                        }
                        passage_start = before;
                    }
                    b"idFlux" if stack.len() == 1 => out.id_flux = after..after,
                    _ => {}
                }
                stack.push(local);
            }
            Event::End(e) => {
                stack.pop();
                match e.local_name().as_ref() {
                    b"passageCertification" => {
                        if let Some(c) = cert.as_mut() {
                            c.passages += 1;
                            spans.write_all(&passage_start.to_le_bytes())?;
                            spans.write_all(&after.to_le_bytes())?;
                            c.close.start = after;
                        }
                    }
                    b"certification"
                        if stack.last().map(|n| n.as_slice()) == Some(b"certifications") =>
                    {
                        if let Some(mut c) = cert.take() {
                            c.close.end = after;
                            out.certifications.push(c);
                        }
                        last_cert_end = after;
                    }
                    b"idFlux" if stack.len() == 1 => out.id_flux.end = before,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let size = std::fs::metadata(path)?.len();
    out.head = 0..first_cert_start.unwrap_or(0);
    out.tail = last_cert_end..size;
    out.passages = Some(spans.into_inner().map_err(|e| e.into_error())?);
    Ok(out)
}

/// The passages of one part: (certification index, passage range within it, bytes from
/// the start of the first passage to the end of the last).
pub type Part = Vec<(usize, Range<usize>, Range<u64>)>;

/// Which passages go in which part: consecutive runs, each part under `max` bytes.
/// Returns, per part, (certification index, passage range within it, its bytes); `Err(n)`
/// when one passage with its envelope takes `n` bytes, more than `max`.
pub fn plan(layout: &Layout, max: u64) -> io::Result<Result<Vec<Part>, u64>> {
    let fixed = (layout.head.end - layout.head.start) + (layout.tail.end - layout.tail.start) + 64;
    let mut parts: Vec<Part> = vec![Vec::new()];
    let mut size = fixed;
    let mut spans = match &layout.passages {
        Some(f) => {
            let mut f: &File = f;
            f.seek(SeekFrom::Start(0))?;
            Some(BufReader::with_capacity(64 << 10, f))
        }
        None => None,
    };
    let mut next_span = || -> io::Result<Range<u64>> {
        let mut b = [0u8; 16];
        match &mut spans {
            Some(r) => r.read_exact(&mut b)?,
            None => return Err(io::Error::other("passage spans missing")),
        }
        let start = u64::from_le_bytes(b[..8].try_into().unwrap());
        let end = u64::from_le_bytes(b[8..].try_into().unwrap());
        Ok(start..end)
    };
    for (ci, c) in layout.certifications.iter().enumerate() {
        let wrapper = (c.open.end - c.open.start) + (c.close.end - c.close.start);
        let mut prev_end = 0;
        for pi in 0..c.passages {
            let p = next_span()?;
            // The passage and the whitespace that precedes it in the input.
            let gap = if pi > 0 { p.start - prev_end } else { 0 };
            prev_end = p.end;
            let len = p.end - p.start + gap + 1;
            let opening = parts
                .last()
                .and_then(|l| l.last())
                .map(|(c2, _, _)| *c2 != ci)
                .unwrap_or(true);
            let need = len + if opening { wrapper } else { 0 };
            if fixed + wrapper + len > max {
                return Ok(Err(fixed + wrapper + len));
            }
            if size + need > max {
                parts.push(Vec::new());
                size = fixed;
            }
            let part = parts.last_mut().expect("one part");
            match part.last_mut() {
                Some((c2, r, bytes)) if *c2 == ci && r.end == pi => {
                    r.end = pi + 1;
                    bytes.end = p.end;
                }
                _ => {
                    part.push((ci, pi..pi + 1, p.clone()));
                    size += wrapper;
                }
            }
            size += len;
        }
    }
    Ok(Ok(parts))
}

fn copy_range<W: Write>(src: &mut File, out: &mut W, r: &Range<u64>) -> io::Result<()> {
    src.seek(SeekFrom::Start(r.start))?;
    io::copy(&mut src.take(r.end - r.start), out)?;
    Ok(())
}

/// Writes one part: the envelope with `id_flux`, then its passages.
pub fn write_part<W: Write>(
    src_path: &Path,
    layout: &Layout,
    part: &[(usize, Range<usize>, Range<u64>)],
    id_flux: &str,
    out: &mut W,
) -> io::Result<()> {
    let mut src = File::open(src_path)?;
    copy_range(&mut src, out, &(layout.head.start..layout.id_flux.start))?;
    out.write_all(quick_xml::escape::escape(id_flux).as_bytes())?;
    copy_range(&mut src, out, &(layout.id_flux.end..layout.head.end))?;
    for (i, (ci, _, bytes)) in part.iter().enumerate() {
        let c = &layout.certifications[*ci];
        if i > 0 {
            // Keep the indentation between certifications.
            out.write_all(b"\n")?;
        }
        copy_range(&mut src, out, &c.open)?;
        // The passages with the whitespace between them, as in the input.
        copy_range(&mut src, out, bytes)?;
        copy_range(&mut src, out, &c.close)?;
    }
    copy_range(&mut src, out, &layout.tail)?;
    Ok(())
}

/// Names of the parts: `depot.xml` → `depot-1.xml`, `depot-2.xml`…
pub fn part_path(target: &Path, n: usize) -> PathBuf {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "depot".into());
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    target.with_file_name(format!("{stem}-{n}{ext}"))
}

/// The idFlux of part `n`: the original with `-n` when it fits the 50-character limit,
/// else a hash-derived value.
pub fn part_id_flux(original: &str, n: usize) -> String {
    let candidate = format!("{original}-{n}");
    if candidate.chars().count() <= 50 {
        return candidate;
    }
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    original.hash(&mut h);
    n.hash(&mut h);
    format!("accroche-{:016x}-{n}", h.finish())
}
