//! Lexical checks of the simple types (FORMAT.md §2.1), without allocation.

/// Whitespace as XML defines it (used by the `collapse` facet of booleans and dates).
#[inline]
pub fn is_xml_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Trims XML whitespace on both sides (`whiteSpace="collapse"` on a value with no inner run).
pub fn trim_xml_ws(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// Length in characters (Unicode scalar values) of a UTF-8 string.
#[inline]
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.as_bytes().iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }
}

/// `xsd:int` lexical form, as libxml2 reads it: optional sign, at least one digit, nothing
/// else (no padding). Returns `None` when the lexical form is wrong or out of the `int` range.
pub fn parse_int(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'+' => (false, &b[1..]),
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(d - b'0');
        if v > 1 << 32 {
            v = 1 << 32; // saturate: out of range anyway
        }
    }
    let v = if neg { -v } else { v };
    if v < i64::from(i32::MIN) || v > i64::from(i32::MAX) {
        return None;
    }
    Some(v)
}

/// `xsd:boolean` (after whitespace collapse).
pub fn is_bool(s: &str) -> bool {
    matches!(trim_xml_ws(s), "true" | "false" | "1" | "0")
}

fn two(b: &[u8]) -> Option<u32> {
    if b.len() == 2 && b[0].is_ascii_digit() && b[1].is_ascii_digit() {
        Some(u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0'))
    } else {
        None
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Outcome of a check against a pattern-restricted built-in type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexical {
    Ok,
    /// Not a value of the base type (`cvc-datatype-valid.1.2.1`).
    BadBase,
    /// A value of the base type that the pattern refuses (`cvc-pattern-valid`).
    BadPattern,
}

/// Parses `[-]YYYY+-MM-DD` (the xsd:date/dateTime date part). Returns (year, month, day,
/// rest, year had exactly 4 digits and no sign).
fn date_part(b: &[u8]) -> Option<(i64, u32, u32, &[u8], bool)> {
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let ylen = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if ylen < 4 || (ylen > 4 && b[0] == b'0') || ylen > 12 {
        return None;
    }
    let mut year: i64 = 0;
    for &d in &b[..ylen] {
        year = year * 10 + i64::from(d - b'0');
    }
    if year == 0 && !neg && ylen == 4 {
        // year 0000 is not allowed in XSD 1.0
        return None;
    }
    let r = &b[ylen..];
    if r.len() < 6 || r[0] != b'-' || r[3] != b'-' {
        return None;
    }
    let month = two(&r[1..3])?;
    let day = two(&r[4..6])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let year = if neg { -year } else { year };
    Some((year, month, day, &r[6..], ylen == 4 && !neg))
}

/// Time zone suffix of xsd:date/dateTime: `Z` or `±hh:mm` with |offset| ≤ 14:00.
fn tz_ok(b: &[u8]) -> bool {
    match b {
        [] | [b'Z'] => true,
        [s, h1, h2, b':', m1, m2] if *s == b'+' || *s == b'-' => {
            match (two(&[*h1, *h2]), two(&[*m1, *m2])) {
                (Some(h), Some(m)) => m <= 59 && (h < 14 || (h == 14 && m == 0)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The `DATE` type: `xsd:date` restricted by
/// `(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])`.
pub fn check_date(s: &str) -> Lexical {
    let b = trim_xml_ws(s).as_bytes();
    match date_part(b) {
        Some((year, _, _, rest, four)) => {
            if !tz_ok(rest) {
                Lexical::BadBase
            } else if four && rest.is_empty() && (1900..=2099).contains(&year) {
                Lexical::Ok
            } else {
                Lexical::BadPattern
            }
        }
        None => Lexical::BadBase,
    }
}

/// The `horodatage` type: `xsd:dateTime` restricted to
/// `YYYY-MM-DDThh:mm:ss±hh:mm`, years 1900–2099, hours 00–23, offset mandatory.
pub fn check_date_time(s: &str) -> Lexical {
    let b = trim_xml_ws(s).as_bytes();
    let Some((year, _, _, rest, four)) = date_part(b) else {
        return Lexical::BadBase;
    };
    // Base type: Thh:mm:ss(.s+)?(Z|±hh:mm)?
    if rest.len() < 9 || rest[0] != b'T' || rest[3] != b':' || rest[6] != b':' {
        return Lexical::BadBase;
    }
    let (Some(h), Some(mi), Some(sec)) = (two(&rest[1..3]), two(&rest[4..6]), two(&rest[7..9]))
    else {
        return Lexical::BadBase;
    };
    let mut tail = &rest[9..];
    let mut fraction = false;
    if let Some(b'.') = tail.first() {
        let n = tail[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Lexical::BadBase;
        }
        fraction = tail[1..=n].iter().any(|&d| d != b'0');
        tail = &tail[1 + n..];
    }
    let midnight = h == 24 && mi == 0 && sec == 0 && !fraction;
    if (h > 23 && !midnight) || mi > 59 || sec > 59 || !tz_ok(tail) {
        return Lexical::BadBase;
    }
    let pattern = four
        && (1900..=2099).contains(&year)
        && h <= 23
        && rest.len() == 15
        && (rest[9] == b'+' || rest[9] == b'-');
    if pattern {
        Lexical::Ok
    } else {
        Lexical::BadPattern
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_int("07"), Some(7));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("+02001"), Some(2001));
        assert_eq!(parse_int(" 7"), None);
        assert_eq!(parse_int("7 "), None);
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_int("+"), None);
        assert_eq!(parse_int("7.0"), None);
        assert_eq!(parse_int("1e3"), None);
        assert_eq!(parse_int("2147483647"), Some(2147483647));
        assert_eq!(parse_int("2147483648"), None);
        assert_eq!(parse_int("-2147483648"), Some(-2147483648));
        assert_eq!(parse_int("99999999999999999999999"), None);
        assert_eq!(parse_int("00000000000000000000012"), Some(12));
    }

    #[test]
    fn bools() {
        for ok in ["true", "false", "1", "0", " true ", "\n0\t"] {
            assert!(is_bool(ok), "{ok:?}");
        }
        for bad in ["TRUE", "OUI", "Vrai", "", "yes", "2", "t rue"] {
            assert!(!is_bool(bad), "{bad:?}");
        }
    }

    #[test]
    fn dates() {
        use Lexical::*;
        assert_eq!(check_date("2025-06-27"), Ok);
        assert_eq!(check_date(" 2025-06-27\n"), Ok);
        assert_eq!(check_date("2024-02-29"), Ok);
        assert_eq!(check_date("2000-02-29"), Ok);
        assert_eq!(check_date("1900-02-29"), BadBase);
        assert_eq!(check_date("2023-02-29"), BadBase);
        assert_eq!(check_date("2025-02-31"), BadBase);
        assert_eq!(check_date("2025-04-31"), BadBase);
        assert_eq!(check_date("2025-13-01"), BadBase);
        assert_eq!(check_date("27/06/2025"), BadBase);
        assert_eq!(check_date("2025-6-27"), BadBase);
        assert_eq!(check_date(""), BadBase);
        assert_eq!(check_date("2025-06-27Z"), BadPattern);
        assert_eq!(check_date("2025-06-27+02:00"), BadPattern);
        assert_eq!(check_date("2025-06-27+15:00"), BadBase);
        assert_eq!(check_date("1899-12-31"), BadPattern);
        assert_eq!(check_date("2100-01-01"), BadPattern);
        assert_eq!(check_date("12025-01-01"), BadPattern);
        assert_eq!(check_date("2025-06-27T00:00:00"), BadBase);
    }

    #[test]
    fn date_times() {
        use Lexical::*;
        assert_eq!(check_date_time("2025-07-01T10:15:00+02:00"), Ok);
        assert_eq!(check_date_time("2025-07-01T10:15:00-14:00"), Ok);
        assert_eq!(check_date_time("2025-07-01T10:15:00+00:00"), Ok);
        assert_eq!(check_date_time(" 2025-07-01T10:15:00+02:00 "), Ok);
        assert_eq!(check_date_time("2025-07-01T10:15:00Z"), BadPattern);
        assert_eq!(check_date_time("2025-07-01T10:15:00"), BadPattern);
        assert_eq!(check_date_time("2025-07-01T10:15:00.5+02:00"), BadPattern);
        assert_eq!(check_date_time("2025-07-01T24:00:00+02:00"), BadPattern);
        assert_eq!(check_date_time("2025-07-01T24:01:00+02:00"), BadBase);
        assert_eq!(check_date_time("2021-06-10T17:21:00+1:00"), BadBase);
        assert_eq!(check_date_time("2025-07-01T10:15:00+15:00"), BadBase);
        assert_eq!(check_date_time("2025-07-01T10:15:00+14:30"), BadBase);
        assert_eq!(check_date_time("2025-02-30T10:15:00+02:00"), BadBase);
        assert_eq!(check_date_time("20-12-18T14:24:12+01:00"), BadBase);
        assert_eq!(check_date_time("1899-07-01T10:15:00+02:00"), BadPattern);
        assert_eq!(check_date_time("2025-07-01 10:15:00+02:00"), BadBase);
    }

    #[test]
    fn lengths() {
        assert_eq!(char_len("Léa"), 3);
        assert_eq!(char_len(&"é".repeat(60)), 60);
        assert_eq!(char_len("😀"), 1);
    }
}
