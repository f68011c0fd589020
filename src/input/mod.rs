//! Readers for inputs other than the CDC deposit: CSV exports of student systems.

// The readers' API returns `InputError` by value, as the rest of the crate does.
#![allow(clippy::result_large_err)]

pub mod csv;
pub mod profile;
pub mod small_csv;
