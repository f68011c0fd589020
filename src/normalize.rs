//! The one normalisation key used for every name lookup (DATA.md section 8.3).
//!
//! [`key`] folds a single name: uppercase, diacritics dropped, ligatures expanded
//! (`Œ`→`OE`, `Æ`→`AE`, `ß`→`SS`), typographic apostrophes unified to `'`, dash variants to
//! `-` (runs collapsed), whitespace runs (NBSP included) to one space, trimmed. Spaces are
//! **not** turned into hyphens: a hyphen in a first name is discriminating.
//! [`squash`] keeps only `A`–`Z` of the key, for punctuation-insensitive comparisons.
//!
//! `scripts/refresh-reference-data.py` has the same functions; both are checked against
//! `tests/data/normalize-fixtures.tsv`.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Typographic apostrophes mapped to `'`: ’ ʼ ‘ ` ´ ′ ＇.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Dash variants mapped to `-`: hyphen, non-breaking hyphen, figure, en, em dashes,
/// horizontal bar, minus sign, small and full-width hyphen-minus.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

/// Letters without a canonical decomposition that still fold to ASCII (case kept).
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'Œ' => "OE",
        'œ' => "oe",
        'Æ' => "AE",
        'æ' => "ae",
        'ß' => "ss",
        'ẞ' => "SS",
        'Ø' => "O",
        'ø' => "o",
        'Ł' => "L",
        'ł' => "l",
        'Đ' => "D",
        'đ' => "d",
        'ı' => "i",
        _ => return None,
    })
}

/// Appends one already folded, uppercase character, unifying punctuation and collapsing
/// runs of `-` and of spaces.
#[inline]
fn push_unified(out: &mut String, c: char) {
    let c = if is_apostrophe(c) {
        '\''
    } else if is_dash(c) {
        '-'
    } else if c.is_whitespace() {
        ' '
    } else {
        c
    };
    if (c == '-' || c == ' ') && out.ends_with(c) {
        return;
    }
    out.push(c);
}

fn trim_spaces(mut out: String) -> String {
    while out.ends_with(' ') {
        out.pop();
    }
    if out.starts_with(' ') {
        out.remove(0);
    }
    out
}

/// Fast path for ASCII input: no decomposition needed.
fn key_ascii(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut prev = 0u8;
    for &b in s.as_bytes() {
        let b = match b {
            b'a'..=b'z' => b - 32,
            b'`' => b'\'',
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => b' ',
            _ => b,
        };
        if (b == b'-' || b == b' ') && b == prev {
            continue;
        }
        if b == b' ' && out.is_empty() {
            continue;
        }
        out.push(b);
        prev = b;
    }
    if out.last() == Some(&b' ') {
        out.pop();
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Uppercase base letter of the accented Latin-1 letters common in French names, so that
/// they skip the general decomposition (checked against it in the tests).
#[inline]
fn latin1_base(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'ç' | 'Ç' => 'C',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ñ' | 'Ñ' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' | 'Ý' => 'Y',
        _ => return None,
    })
}

/// The normalisation key of one name (see the module documentation).
///
/// ```
/// use accroche::normalize::key;
/// assert_eq!(key("Léa"), "LEA");
/// assert_eq!(key("Jean–François"), "JEAN-FRANCOIS");
/// assert_eq!(key(" N’Diaye\u{a0} "), "N'DIAYE");
/// ```
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        return key_ascii(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            let u = c.to_ascii_uppercase();
            push_unified(&mut out, u);
            continue;
        }
        if let Some(base) = latin1_base(c) {
            push_unified(&mut out, base);
            continue;
        }
        key_char_general(c, &mut out);
    }
    trim_spaces(out)
}

/// Uppercase, decompose, drop marks, fold, uppercase again: one character of [`key`].
fn key_char_general(c: char, out: &mut String) {
    {
        for u in c.to_uppercase() {
            decompose_canonical(u, |d| {
                if is_combining_mark(d) {
                    return;
                }
                match fold_letter(d) {
                    Some(f) => {
                        for fc in f.chars() {
                            for g in fc.to_uppercase() {
                                push_unified(out, g);
                            }
                        }
                    }
                    None => {
                        for g in d.to_uppercase() {
                            push_unified(out, g);
                        }
                    }
                }
            });
        }
    }
}

/// Only the letters `A`–`Z` of [`key`]: `N'DIAYE` = `NDIAYE`, `LE GALL` = `LEGALL`.
pub fn squash(s: &str) -> String {
    let mut k = key(s);
    k.retain(|c| c.is_ascii_uppercase());
    k
}

/// Drops diacritics and expands ligatures, keeping case and punctuation:
/// `Lætitia` → `Laetitia`, `N’Diaye` stays `N’Diaye`.
pub fn fold_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match fold_letter(d) {
                Some(f) => out.push_str(f),
                None => out.push(d),
            }
        });
    }
    out
}

/// Display casing: lowercase, then uppercase the first letter and each letter following
/// `-` or a space (`JEAN-PIERRE` → `Jean-Pierre`, `LE FLOC'H` → `Le Floc'h`).
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = true;
    for c in s.to_lowercase().chars() {
        if c.is_alphabetic() {
            if up {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            up = false;
        } else {
            out.push(c);
            if c == '-' || c == ' ' {
                up = true;
            }
        }
    }
    out
}

/// Whether `s` carries a diacritic or a ligature that [`fold_accents`] would remove.
pub fn has_diacritic(s: &str) -> bool {
    !s.is_ascii() && fold_accents(s) != s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Decodes the `\uXXXX`, `\t`, `\n`, `\\` escapes of the fixture file.
    fn decode(s: &str) -> String {
        let mut out = String::new();
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some('u') => {
                    let hex: String = (0..4).filter_map(|_| it.next()).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                other => panic!("bad escape {other:?}"),
            }
        }
        out
    }

    #[test]
    fn shared_fixtures() {
        let text = include_str!("../tests/data/normalize-fixtures.tsv");
        let mut n = 0;
        for (i, line) in text.split('\n').enumerate() {
            if line.is_empty() || line.starts_with('#') || line.starts_with("input\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "line {}", i + 1);
            let input = decode(cols[0]);
            assert_eq!(
                key(&input),
                decode(cols[1]),
                "key, line {}: {input:?}",
                i + 1
            );
            assert_eq!(squash(&input), decode(cols[2]), "squash, line {}", i + 1);
            n += 1;
        }
        assert!(n > 50);
    }

    #[test]
    fn examples() {
        assert_eq!(key("Léa"), key("LEA"));
        assert_ne!(key("Jean-Pierre"), key("Jean Pierre"));
        assert_eq!(squash("Jean-Pierre"), squash("Jean Pierre"));
        assert_eq!(key("Lætitia"), "LAETITIA");
        assert_eq!(fold_accents("Lætitia N’Diaye"), "Laetitia N’Diaye");
        assert_eq!(fold_accents("Jérôme"), "Jerome");
        assert_eq!(title_case("JEAN-PIERRE"), "Jean-Pierre");
        assert_eq!(title_case("le floc'h"), "Le Floc'h");
        assert_eq!(title_case("ÉLODIE"), "Élodie");
        assert!(has_diacritic("Léa"));
        assert!(has_diacritic("Lætitia"));
        assert!(!has_diacritic("Lea"));
        assert!(!has_diacritic("N’Diaye"));
        assert_eq!(key(""), "");
        assert_eq!(key(" \u{a0} "), "");
    }

    #[test]
    fn latin1_fast_path_agrees_with_general_path() {
        for c in '\u{80}'..='\u{24F}' {
            if let Some(base) = latin1_base(c) {
                let mut general = String::new();
                key_char_general(c, &mut general);
                assert_eq!(general, base.to_string(), "{c:?}");
            }
        }
        for c in ' '..='~' {
            let mut general = String::new();
            key_char_general(c, &mut general);
            let mut fast = String::new();
            push_unified(&mut fast, c.to_ascii_uppercase());
            assert_eq!(general, fast, "{c:?}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_general_path() {
        for s in [
            "jean  pierre",
            " a--b ",
            "n`diaye",
            "\tX\r\n",
            "Dupont.",
            "--",
            "a - b",
        ] {
            // Force the general path by appending a character that folds to nothing.
            let general = key(&format!("{s}\u{301}"));
            assert_eq!(key_ascii(s), general, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn key_is_idempotent(s in "\\PC{0,24}") {
            let k = key(&s);
            prop_assert_eq!(key(&k), k.clone());
            prop_assert_eq!(squash(&k), squash(&s));
        }

        #[test]
        fn key_is_idempotent_on_names(s in "[a-zA-ZéèêëàâäîïôöûüçÉÈÀÇœŒæÆß' ’\\-–—\u{a0}]{0,30}") {
            let k = key(&s);
            prop_assert_eq!(key(&k), k.clone());
            prop_assert!(!k.starts_with(' ') && !k.ends_with(' '));
            prop_assert!(!k.contains("  ") && !k.contains("--"));
        }

        #[test]
        fn accents_never_discriminate(s in "[a-zA-Z]{1,12}") {
            // Put an accent on every vowel: same key.
            let accented: String = s.chars().map(|c| match c {
                'a' => 'à', 'e' => 'é', 'i' => 'ï', 'o' => 'ô', 'u' => 'ü', 'c' => 'ç',
                'E' => 'É', 'A' => 'Â', other => other,
            }).collect();
            prop_assert_eq!(key(&accented), key(&s));
            prop_assert_eq!(key(&s.to_lowercase()), key(&s.to_uppercase()));
        }

        #[test]
        fn hyphen_discriminates(a in "[A-Z]{1,8}", b in "[A-Z]{1,8}") {
            let hyph = key(&format!("{a}-{b}"));
            let spaced = key(&format!("{a} {b}"));
            let glued = key(&format!("{a}{b}"));
            prop_assert_ne!(&hyph, &spaced);
            prop_assert_ne!(&hyph, &glued);
            prop_assert_eq!(squash(&hyph), squash(&spaced));
            prop_assert_eq!(squash(&hyph), glued);
        }

        #[test]
        fn squash_ignores_punctuation(a in "[a-z]{1,8}", b in "[a-z]{1,8}", p in "[-' ’–\u{a0}.]{1,3}") {
            prop_assert_eq!(squash(&format!("{a}{p}{b}")), squash(&format!("{a}{b}")));
        }
    }
}
