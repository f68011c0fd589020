//! Baseline for the binary-size delta in docs/reference-data.md: uses the normalisation key
//! but none of the embedded tables.

fn main() {
    for a in std::env::args().skip(1) {
        println!("{}", accroche::normalize::key(&a));
    }
}
