//! Any bytes: the schema validator returns errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = accroche::validate::validate_bytes(data);
});
