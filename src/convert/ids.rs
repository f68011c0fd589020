//! Stable identifiers and the time stamp: `idTechnique`, `idFlux`, `horodatage`.
//! The hash is FNV-1a on 128 bits, written here so that its value never changes with the
//! Rust version (std's `DefaultHasher` makes no such promise).

use crate::validate::values::char_len;

/// FNV-1a, 128 bits.
#[derive(Debug, Clone)]
pub struct Fnv128(u128);

const FNV_OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const FNV_PRIME: u128 = 0x0000000001000000000000000000013B;

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(FNV_OFFSET)
    }
}

impl Fnv128 {
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    /// Adds a field with its length, so that ("ab","c") and ("a","bc") differ.
    pub fn field(&mut self, bytes: &[u8]) {
        self.update(&(bytes.len() as u64).to_le_bytes());
        self.update(bytes);
    }

    pub fn finish(&self) -> u128 {
        self.0
    }
}

/// A UUID-shaped string (version 8 "custom", RFC 9562 variant) made of a 128-bit hash.
pub fn uuid_from(hash: u128) -> String {
    let mut v = hash;
    // version 8 in bits 76..80, variant 0b10 in bits 62..64
    v = (v & !(0xF << 76)) | (0x8 << 76);
    v = (v & !(0x3 << 62)) | (0x2 << 62);
    let h = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `idTechnique` of a passage: `<prefix><code>-<key>`; when there is no student number
/// (or it is unusable), `<prefix><code>-H<hash of the identity>`.
pub fn id_technique(prefix: &str, code: &str, key: Option<&str>, identity: &[&str]) -> String {
    if let Some(k) = key {
        let id = format!("{prefix}{code}-{k}");
        if char_len(&id) <= 255 && !k.chars().any(|c| c.is_control()) {
            return id;
        }
    }
    let mut h = Fnv128::default();
    for part in identity {
        h.field(part.as_bytes());
    }
    format!("{prefix}{code}-H{:016x}", (h.finish() >> 64) as u64)
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ss+00:00`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_utc(secs as i64)
}

/// Formats seconds since 1970 as an `horodatage` with a `+00:00` offset.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_value() {
        // FNV-1a 128 of "a" (reference value of the FNV authors).
        let mut h = Fnv128::default();
        h.update(b"a");
        assert_eq!(h.finish(), 0xd228cb696f1a8caf78912b704e4a8964);
    }

    #[test]
    fn uuid_shape() {
        let u = uuid_from(0);
        assert_eq!(u, "00000000-0000-8000-8000-000000000000");
        assert_eq!(uuid_from(u128::MAX).len(), 36);
    }

    #[test]
    fn time_stamps() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00+00:00");
        assert_eq!(format_utc(1_751_364_900), "2025-07-01T10:15:00+00:00");
    }

    #[test]
    fn ids() {
        assert_eq!(
            id_technique("", "RNCP35001", Some("21000001"), &[]),
            "RNCP35001-21000001"
        );
        let a = id_technique("U-", "RS5432", None, &["MARTIN", "Léa", "2001"]);
        assert!(a.starts_with("U-RS5432-H"));
        assert_eq!(
            a,
            id_technique("U-", "RS5432", None, &["MARTIN", "Léa", "2001"])
        );
        assert_ne!(
            a,
            id_technique("U-", "RS5432", None, &["MARTIN", "Léo", "2001"])
        );
    }
}
