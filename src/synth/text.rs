//! Small text helpers: accent stripping, case styles, mojibake.

/// Strips French accents and expands ligatures (`Lætitia` → `Laetitia`).
pub fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => out.push('A'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'î' | 'ï' | 'í' => out.push('i'),
            'Î' | 'Ï' | 'Í' => out.push('I'),
            'ô' | 'ö' | 'ó' | 'õ' => out.push('o'),
            'Ô' | 'Ö' | 'Ó' | 'Õ' => out.push('O'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'Ù' | 'Û' | 'Ü' | 'Ú' => out.push('U'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'ÿ' => out.push('y'),
            'Ÿ' => out.push('Y'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            _ => out.push(c),
        }
    }
    out
}

/// Upper case without accents, as APOGEE-era exports write names (`Léa` → `LEA`).
pub fn upper_plain(s: &str) -> String {
    strip_accents(&s.to_uppercase())
}

/// Windows-1252 characters for bytes 0x80–0x9F (undefined bytes map to the C1 control,
/// as Latin-1 would).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// UTF-8 read as Windows-1252: `é` → `Ã©`. ASCII is unchanged.
pub fn mojibake(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        match b {
            0..=0x7F => out.push(b as char),
            0x80..=0x9F => out.push(CP1252_HIGH[usize::from(b - 0x80)]),
            _ => out.push(char::from(b)),
        }
    }
    out
}

/// The first `n` characters.
pub fn truncate_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(upper_plain("Lætitia"), "LAETITIA");
        assert_eq!(upper_plain("Jean-François"), "JEAN-FRANCOIS");
        assert_eq!(mojibake("Léa"), "LÃ©a");
        assert_eq!(mojibake("HÉLÈNE"), "HÃ‰LÃˆNE");
        assert_eq!(mojibake("ABC"), "ABC");
        assert_eq!(
            truncate_chars("Marie-Élisabeth-Joséphine", 20),
            "Marie-Élisabeth-José"
        );
    }
}
