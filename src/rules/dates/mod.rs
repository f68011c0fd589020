//! Birth dates that pass the schema but cannot be right.
pub mod day_month_swapped;
pub mod implausible_year;
pub mod impossible;
pub mod placeholder;

use crate::model::{parse_xsd_int, Field, Record};

pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Year, month and day when all three are valid integers in the schema's ranges.
pub fn birth_date(record: &Record) -> Option<(i64, i64, i64)> {
    let y = parse_xsd_int(record.text(Field::AnneeNaissance)?)?;
    let m = parse_xsd_int(record.text(Field::MoisNaissance)?)?;
    let d = parse_xsd_int(record.text(Field::JourNaissance)?)?;
    ((1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}
