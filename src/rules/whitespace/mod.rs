//! Whitespace in names: invisible, yet the CDC compares the bytes.
pub mod doubled_space;
pub mod odd_space;
pub mod only_whitespace;
pub mod outer_space;
