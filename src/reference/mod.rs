//! Reference tables: first names, surnames, communes, départements, countries.
//!
//! The tables under `rules/` (derived by `scripts/refresh-reference-data.py`, see
//! `docs/reference-data.md`) are embedded with `include_str!` and parsed on first use behind
//! [`std::sync::LazyLock`]. The parsed tables borrow their strings from that text (zero-copy)
//! and index them with compact open-addressing hash tables of `u32` (`StrIndex`), so that
//! all of them together hold under 20 MB. All lookups take keys already normalised with
//! [`crate::normalize::key`] (names) or raw codes (communes, countries).
//!
//! [`set_rules_dir`] points the loader at another `rules/` directory (newer tables without a
//! new release); call it before the first lookup.

mod geo;
mod names;

pub use geo::{
    commune, commune_match_key, communes, communes_for_postal_code, communes_named, countries,
    country, country_by_label, departement, departement_of, Commune, CommuneKind, Country,
    CountryStatus, Departement,
};
pub use names::{
    all_first_names, decade_index, decade_label, first_name, first_name_total,
    is_compound_first_name, surname_band, surname_rank, surname_total, Band, FirstName, Variant,
    DECADES, SURNAME_BOUNDS,
};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One embedded table: its path under `rules/` and its compiled-in text.
#[derive(Clone, Copy)]
pub(crate) struct Table {
    pub path: &'static str,
    pub embedded: &'static str,
}

pub(crate) const FIRST_NAMES: Table = Table {
    path: "names/first_names.tsv",
    embedded: include_str!("../../rules/names/first_names.tsv"),
};
pub(crate) const SURNAMES: Table = Table {
    path: "names/surnames.txt",
    embedded: include_str!("../../rules/names/surnames.txt"),
};
pub(crate) const COMMUNES: Table = Table {
    path: "geo/communes.tsv",
    embedded: include_str!("../../rules/geo/communes.tsv"),
};
pub(crate) const DEPARTEMENTS: Table = Table {
    path: "geo/departements.tsv",
    embedded: include_str!("../../rules/geo/departements.tsv"),
};
pub(crate) const COUNTRIES: Table = Table {
    path: "geo/countries.tsv",
    embedded: include_str!("../../rules/geo/countries.tsv"),
};
pub(crate) const POSTAL_CODES: Table = Table {
    path: "geo/postal_codes.tsv",
    embedded: include_str!("../../rules/geo/postal_codes.tsv"),
};
/// Provenance (band boundaries, counts, package hashes).
pub const SOURCES_TOML: &str = include_str!("../../rules/SOURCES.toml");

const ALL_TABLES: [Table; 6] = [
    FIRST_NAMES,
    SURNAMES,
    COMMUNES,
    DEPARTEMENTS,
    COUNTRIES,
    POSTAL_CODES,
];

static OVERRIDE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();

/// Error from [`set_rules_dir`].
#[derive(Debug)]
pub enum RulesDirError {
    /// A table could not be read.
    Io(PathBuf, std::io::Error),
    /// A table is malformed: file, line (1-based) and reason.
    Parse(PathBuf, usize, String),
    /// The embedded tables were already in use, or a directory was already set.
    AlreadyLoaded,
}

impl std::fmt::Display for RulesDirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RulesDirError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            RulesDirError::Parse(p, line, why) => write!(f, "{}:{line}: {why}", p.display()),
            RulesDirError::AlreadyLoaded => {
                write!(
                    f,
                    "reference tables already loaded; set the rules directory first"
                )
            }
        }
    }
}

impl std::error::Error for RulesDirError {}

static LOADED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Uses the tables of another `rules/` directory instead of the embedded ones.
///
/// Every table is read and checked now, so that a bad file is reported with its line before
/// any lookup. A table missing from `dir` keeps its embedded version. Must be called before
/// the first lookup (and before [`crate::engine::Engine::warm_up`]); the tables live for the
/// rest of the process.
pub fn set_rules_dir(dir: &Path) -> Result<(), RulesDirError> {
    if LOADED.load(std::sync::atomic::Ordering::SeqCst) || OVERRIDE.get().is_some() {
        return Err(RulesDirError::AlreadyLoaded);
    }
    let mut map = HashMap::new();
    for t in ALL_TABLES {
        let path = dir.join(t.path);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(RulesDirError::Io(path, e)),
        };
        let text: &'static str = Box::leak(text.into_boxed_str());
        validate(t, text).map_err(|(line, why)| RulesDirError::Parse(path.clone(), line, why))?;
        map.insert(t.path, text);
    }
    OVERRIDE.set(map).map_err(|_| RulesDirError::AlreadyLoaded)
}

fn validate(t: Table, text: &'static str) -> Result<(), (usize, String)> {
    match t.path {
        p if p == FIRST_NAMES.path => names::parse_first_names(text).map(drop),
        p if p == SURNAMES.path => names::parse_surnames(text).map(drop),
        p if p == COMMUNES.path => geo::parse_communes(text).map(drop),
        p if p == DEPARTEMENTS.path => geo::parse_departements(text).map(drop),
        p if p == COUNTRIES.path => geo::parse_countries(text).map(drop),
        p if p == POSTAL_CODES.path => geo::parse_postal_codes(text).map(drop),
        _ => Ok(()),
    }
}

/// The text of a table: the override directory's if set, else the embedded one.
pub(crate) fn text(t: Table) -> &'static str {
    LOADED.store(true, std::sync::atomic::Ordering::SeqCst);
    OVERRIDE
        .get()
        .and_then(|m| m.get(t.path).copied())
        .unwrap_or(t.embedded)
}

pub(crate) use geo::load as load_geography;
pub(crate) use names::{load_first_names, load_surnames};

/// Parses every table now (for benchmarks and long-running processes), on two threads.
pub fn load_all() {
    std::thread::scope(|s| {
        s.spawn(names::load_first_names);
        s.spawn(geo::load);
        names::load_surnames();
    });
}

/// Splits a TSV table into rows, checking its header. Yields (line number, cells).
pub(crate) fn tsv_rows<'a>(
    text: &'a str,
    header: &[&str],
) -> Result<impl Iterator<Item = (usize, Vec<&'a str>)> + 'a, (usize, String)> {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let got: Vec<&str> = first.split('\t').collect();
    if got != header {
        return Err((1, format!("header {got:?}, expected {header:?}")));
    }
    Ok(lines
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i + 2, l.split('\t').collect())))
}

/// A small fast hasher (the `FxHash` multiply-rotate scheme) for the table maps: keys are
/// short trusted strings from our own tables, so DoS-resistant SipHash buys nothing here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

pub(crate) fn fast_map<K, V>(capacity: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, Default::default())
}

/// A compact open-addressing hash index from string keys to `u32` ids: 4 bytes a slot, the
/// keys themselves stay where they are (in the embedded text or a table), read back through
/// `key_of` to confirm a match. Load factor at most 1/2 when no more than the announced
/// capacity is inserted (callers give an upper bound; past twice that, probing never ends).
pub(crate) struct StrIndex {
    /// `id + 1`, or 0 for an empty slot.
    slots: Box<[u32]>,
    shift: u32,
}

impl StrIndex {
    pub(crate) fn with_capacity(n: usize) -> StrIndex {
        let size = (n.max(4) * 2).next_power_of_two();
        StrIndex {
            slots: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn start(&self, key: &str) -> usize {
        use std::hash::Hasher;
        let mut h = FxHasher::default();
        h.write(key.as_bytes());
        // Fibonacci hashing: the high bits of a multiply mix every input bit.
        (h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The id stored under `key`.
    #[inline]
    pub(crate) fn get<'a>(&self, key: &str, key_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        loop {
            match self.slots[i] {
                0 => return None,
                s if key_of(s - 1) == key => return Some(s - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Stores `id` under `key` unless the key is there already; returns the id already
    /// stored, if any (then `replace` puts `id` in its place).
    pub(crate) fn insert<'a>(
        &mut self,
        key: &str,
        id: u32,
        replace: bool,
        key_of: impl Fn(u32) -> &'a str,
    ) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = id + 1;
                    return None;
                }
                s if key_of(s - 1) == key => {
                    if replace {
                        self.slots[i] = id + 1;
                    }
                    return Some(s - 1);
                }
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// Computed string keys → groups of members (`T`), in one string and a few flat vectors
/// instead of a map of owned `String`s to `Vec`s: each key's members keep the order they
/// were added in, without repeats.
pub(crate) struct KeyGroups<T> {
    /// Every key, end to end; key `g` ends at `ends[g]`.
    keys: String,
    ends: Vec<u32>,
    index: StrIndex,
    /// Members of key `g`: `members[starts[g]..starts[g + 1]]`.
    starts: Vec<u32>,
    members: Vec<T>,
}

/// Key `g` of a [`KeyGroups`].
fn key_at<'a>(keys: &'a str, ends: &[u32], g: u32) -> &'a str {
    let end = ends[g as usize] as usize;
    let start = if g == 0 {
        0
    } else {
        ends[g as usize - 1] as usize
    };
    &keys[start..end]
}

impl<T: Copy + PartialEq> KeyGroups<T> {
    /// Groups `(key, member)` pairs; `capacity` bounds the number of distinct keys.
    pub(crate) fn build<K: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, T)>,
        capacity: usize,
    ) -> KeyGroups<T> {
        let mut keys = String::new();
        let mut ends: Vec<u32> = Vec::new();
        let mut index = StrIndex::with_capacity(capacity);
        let mut grouped: Vec<(u32, T)> = Vec::new();
        for (k, m) in pairs {
            let k = k.as_ref();
            let g = match index.get(k, |g| key_at(&keys, &ends, g)) {
                Some(g) => g,
                None => {
                    keys.push_str(k);
                    ends.push(keys.len() as u32);
                    let g = ends.len() as u32 - 1;
                    if ends.len() * 2 > index.slots.len() {
                        // More keys than announced: a bigger index, the same keys.
                        index = StrIndex::with_capacity(ends.len() * 2);
                        for old in 0..g {
                            index.insert(key_at(&keys, &ends, old), old, false, |g| {
                                key_at(&keys, &ends, g)
                            });
                        }
                    }
                    index.insert(k, g, false, |g| key_at(&keys, &ends, g));
                    g
                }
            };
            grouped.push((g, m));
        }
        // Stable: each key's members stay in the order they came.
        grouped.sort_by_key(|p| p.0);
        let mut starts = Vec::with_capacity(ends.len() + 1);
        let mut members: Vec<T> = Vec::with_capacity(grouped.len());
        for (g, m) in grouped {
            while starts.len() <= g as usize {
                starts.push(members.len() as u32);
            }
            if !members[starts[g as usize] as usize..].contains(&m) {
                members.push(m);
            }
        }
        while starts.len() <= ends.len() {
            starts.push(members.len() as u32);
        }
        keys.shrink_to_fit();
        members.shrink_to_fit();
        KeyGroups {
            keys,
            ends,
            index,
            starts,
            members,
        }
    }

    pub(crate) fn get(&self, key: &str) -> &[T] {
        let (keys, ends) = (&self.keys, &self.ends);
        match self.index.get(key, |g| key_at(keys, ends, g)) {
            Some(g) => {
                &self.members
                    [self.starts[g as usize] as usize..self.starts[g as usize + 1] as usize]
            }
            None => &[],
        }
    }
}

pub(crate) fn non_empty(s: &str) -> Option<&str> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

#[cfg(test)]
mod tests;
