//! Characters in names: mojibake, stray symbols, punctuation variants.
pub mod apostrophe;
pub mod dash_variant;
pub mod mojibake;
pub mod unexpected_char;

use crate::finding::{Edit, Finding, Fix};
use crate::model::Record;
use crate::rules::{finding, name_fields, RuleMeta};

/// Reports each name holding a look-alike of `plain` (`is_variant`), with the safe fix
/// that puts `plain` in its place: only the sign changes.
pub(crate) fn replace_lookalikes(
    meta: &'static RuleMeta,
    record: &Record,
    is_variant: fn(char) -> bool,
    plain: char,
    message: &str,
    out: &mut Vec<Finding>,
) {
    for (field, text) in name_fields(record) {
        if text.chars().any(is_variant) {
            let fixed: String = text
                .chars()
                .map(|c| if is_variant(c) { plain } else { c })
                .collect();
            out.push(finding(
                meta,
                Some(field),
                Some(text),
                message.to_string(),
                Some(Fix::safe(vec![Edit::replace(field, text, fixed)])),
            ));
        }
    }
}
