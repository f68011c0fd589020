//! Any text: `key` never panics and is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let k = accroche::normalize::key(s);
    assert_eq!(
        accroche::normalize::key(&k),
        k,
        "key is not idempotent on {s:?}"
    );
});
