//! Any bytes as a CSV export: records or an error, never a panic. The reader opens files,
//! so each input is written to one temporary file reused across runs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

thread_local! {
    static FILE: tempfile::NamedTempFile = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temporary file");
}

fuzz_target!(|data: &[u8]| {
    FILE.with(|f| {
        let mut w = std::fs::File::create(f.path()).expect("rewrite");
        w.write_all(data).expect("write");
        drop(w);
        if let Ok(reader) = accroche::input::csv::open(f.path(), None) {
            for r in reader.take(10_000) {
                let _ = r;
            }
        }
    });
});
