//! Property tests of the lossless rewrite, on generated deposits (any seed, error rate,
//! number of certifications), through the same library pieces `accroche fix` uses:
//! - a deposit with nothing to fix comes out byte for byte identical;
//! - the passages and their idTechnique are preserved, in order;
//! - fixing the fixed file changes nothing;
//! - the only bytes that change are inside the edited elements.
use accroche::engine::{Engine, Selection};
use accroche::finding::Applicability;
use accroche::rules::Ctx;
use accroche::synth::{generate, SynthConfig};
use accroche::xml::{reader, rewrite};
use proptest::prelude::*;
use std::path::Path;

fn deposit(seed: u64, holders: u64, error_rate: f64, certifications: usize) -> Vec<u8> {
    let cfg = SynthConfig {
        holders,
        seed,
        error_rate,
        decoy_rate: 0.1,
        certifications,
        ..SynthConfig::default()
    };
    let mut out = Vec::new();
    generate(&cfg, &mut out, None).unwrap();
    out
}

/// Applies the fixes at or above `min`; returns the new bytes and the edited byte ranges.
fn fix(bytes: &[u8], min: Applicability) -> (Vec<u8>, Vec<std::ops::Range<u64>>) {
    let engine = Engine::new(&Selection::default(), Ctx::default());
    let mut splices = Vec::new();
    for r in reader::DepositReader::new(Path::new("p"), bytes).unwrap() {
        let r = r.unwrap();
        let edits = engine.fix(&r, min);
        if let Ok(s) = rewrite::splices(&r, &edits) {
            splices.extend(s);
        }
    }
    splices.sort_by_key(|s| (s.start, s.end));
    let ranges = splices.iter().map(|s| s.start..s.end).collect();
    let mut out = Vec::new();
    rewrite::apply(bytes, &mut out, &splices).unwrap();
    (out, ranges)
}

/// The deposit with every `titulaire` element cut out.
fn outside_holders(bytes: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut out = String::new();
    let mut rest = text;
    while let Some(a) = rest.find("<cpf:titulaire>") {
        out.push_str(&rest[..a]);
        let b = rest[a..].find("</cpf:titulaire>").unwrap() + a + "</cpf:titulaire>".len();
        rest = &rest[b..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// (idTechnique, field) pairs that the fixes edit.
fn edits_of(
    bytes: &[u8],
    min: Applicability,
) -> std::collections::HashSet<(String, accroche::model::Field)> {
    let engine = Engine::new(&Selection::default(), Ctx::default());
    let mut out = std::collections::HashSet::new();
    for r in reader::read_all(bytes).unwrap() {
        for e in engine.fix(&r, min) {
            out.insert((r.id.clone(), e.field));
        }
    }
    out
}

fn ids(bytes: &[u8]) -> Vec<String> {
    reader::read_all(bytes)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn nothing_to_fix_gives_identical_bytes(seed in 0u64..10_000, certs in 1usize..4) {
        let clean = deposit(seed, 40, 0.0, certs);
        let (out, ranges) = fix(&clean, Applicability::Unsafe);
        // A clean generated deposit may still hold decoys with unsafe suggestions; safe
        // fixes must find nothing.
        let (safe_out, safe_ranges) = fix(&clean, Applicability::Safe);
        prop_assert!(safe_ranges.is_empty(), "safe fixes on a clean deposit: {:?}", safe_ranges);
        prop_assert_eq!(&safe_out, &clean);
        prop_assert_eq!(ids(&out), ids(&clean));
        let _ = ranges;
    }

    #[test]
    fn fixes_keep_passages_and_are_idempotent(seed in 0u64..10_000, rate in 0.05f64..0.6, certs in 1usize..4, unsafe_fixes in any::<bool>()) {
        let min = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let input = deposit(seed, 60, rate, certs);
        let (once, ranges) = fix(&input, min);
        prop_assert_eq!(ids(&once), ids(&input), "passages lost or reordered");
        let (twice, again) = fix(&once, min);
        prop_assert!(again.is_empty(), "second fix edited {:?}", again);
        prop_assert_eq!(&twice, &once);
        // Outside the holders' identity blocks, every byte is the input's.
        prop_assert_eq!(outside_holders(&input), outside_holders(&once));
        // Inside, a field that no edit touched keeps its value.
        let edited: std::collections::HashSet<(String, accroche::model::Field)> = edits_of(&input, min);
        let before = reader::read_all(&input).unwrap();
        let after = reader::read_all(&once).unwrap();
        for (x, y) in before.iter().zip(after.iter()) {
            for f in accroche::model::Field::ALL {
                if !edited.contains(&(x.id.clone(), f)) {
                    prop_assert_eq!(x.get(f).map(|v| (&v.text, v.nil)), y.get(f).map(|v| (&v.text, v.nil)), "{} {} changed", x.id, f);
                }
            }
        }
        let _ = ranges;
    }
}
