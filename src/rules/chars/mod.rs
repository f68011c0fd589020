//! Characters in names: mojibake, stray symbols, punctuation variants.
pub mod apostrophe;
pub mod dash_variant;
pub mod mojibake;
pub mod unexpected_char;
