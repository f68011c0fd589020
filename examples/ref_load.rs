//! Startup and memory of the reference tables, for docs/reference-data.md.
//!
//! `cargo run --release --example ref_load -- none|first_names|surnames|names|commune|geo|all` then look at the time and
//! maximum resident set size with `/usr/bin/time -v`.

use std::time::Instant;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "all".to_string());
    let t = Instant::now();
    match what.as_str() {
        "none" => {}
        "names" => {
            let _ = accroche::reference::first_name("JEAN");
            let _ = accroche::reference::surname_rank("MARTIN");
        }
        "first_names" => {
            let _ = accroche::reference::first_name("JEAN");
        }
        "surnames" => {
            let _ = accroche::reference::surname_rank("MARTIN");
        }
        "commune" => {
            let _ = accroche::reference::commune("2A004");
        }
        "geo" => {
            let _ = accroche::reference::commune("2A004");
            let _ = accroche::reference::communes_named("2A", "AJACCIO");
            let _ = accroche::reference::country("99115");
            let _ = accroche::reference::departement("2A");
            let _ = accroche::reference::communes_for_postal_code("75015");
        }
        _ => accroche::reference::load_all(),
    }
    let elapsed = t.elapsed();
    println!("{what}: loaded in {:.1} ms", elapsed.as_secs_f64() * 1e3);
}
