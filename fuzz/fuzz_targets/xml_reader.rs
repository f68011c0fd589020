//! Any bytes: the deposit reader returns records or an error, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = accroche::xml::reader::read_all(data);
});
