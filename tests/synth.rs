//! The synthetic deposit generator: schema validity, determinism, labels.
mod common;

use accroche::synth::{generate, generate_with_register, Label, SynthConfig};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

struct Run {
    xml: String,
    truth: Vec<serde_json::Value>,
    register: String,
    stats: accroche::synth::Stats,
}

fn run(cfg: &SynthConfig) -> Run {
    let mut xml = Vec::new();
    let mut truth = Vec::new();
    let mut register = Vec::new();
    let stats = generate_with_register(
        cfg,
        &mut xml,
        Some(&mut truth as &mut dyn Write),
        Some(&mut register as &mut dyn Write),
    )
    .expect("generate");
    let truth = String::from_utf8(truth)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth line is JSON"))
        .collect();
    Run {
        xml: String::from_utf8(xml).expect("UTF-8 deposit"),
        truth,
        register: String::from_utf8(register).unwrap(),
        stats,
    }
}

fn cfg(holders: u64, seed: u64) -> SynthConfig {
    SynthConfig {
        holders,
        seed,
        certifications: 5,
        ..SynthConfig::default()
    }
}

fn xsd_path() -> PathBuf {
    common::xsd().unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/cpf.xsd")
    })
}

#[test]
fn deposit_of_300_holders_is_schema_valid() {
    let xsd = xsd_path();
    let xmllint = Command::new("xmllint").arg("--version").output();
    if !xsd.exists() || xmllint.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint or the XSD ({}) is missing on CI",
            xsd.display()
        );
        eprintln!("skipped: xmllint or {} not available", xsd.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // several seeds and a high error rate, so that every label and branch is exercised
    for seed in [1, 2, 3] {
        let config = SynthConfig {
            holders: 300,
            seed,
            error_rate: 0.5,
            decoy_rate: 0.2,
            certifications: 10,
            ..SynthConfig::default()
        };
        let path = dir.path().join(format!("s{seed}.xml"));
        let file = std::fs::File::create(&path).unwrap();
        let stats = generate(&config, std::io::BufWriter::new(file), None).unwrap();
        assert_eq!(stats.holders, 300);
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = run(&cfg(500, 42));
    let b = run(&cfg(500, 42));
    assert_eq!(a.xml, b.xml);
    assert_eq!(a.truth, b.truth);
    assert_eq!(a.register, b.register);
    assert_eq!(a.stats, b.stats);
    let c = run(&cfg(500, 43));
    assert_ne!(a.xml, c.xml);
}

#[test]
fn label_counts_match_the_rates() {
    let r = run(&cfg(20_000, 5));
    // 3 standard deviations: sqrt(20000 * 0.15 * 0.85) ≈ 50, sqrt(20000 * 0.05 * 0.95) ≈ 31
    assert!((r.stats.errors as i64 - 3000).abs() < 150, "{:?}", r.stats);
    assert!((r.stats.decoys as i64 - 1000).abs() < 95, "{:?}", r.stats);
    assert_eq!(r.truth.len() as u64, r.stats.errors + r.stats.decoys);
    // every label is drawn
    let seen: HashSet<&str> = r
        .truth
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    for label in Label::ALL {
        assert!(seen.contains(label.as_str()), "{label:?} never drawn");
    }
    assert_eq!(r.stats.by_label.values().sum::<u64>(), r.truth.len() as u64);
}

/// `idTechnique` → the passage's XML.
fn passages(xml: &str) -> BTreeMap<String, &str> {
    xml.split("<cpf:passageCertification>")
        .skip(1)
        .map(|p| (element(p, "idTechnique").unwrap(), p))
        .collect()
}

fn element(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<cpf:{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</cpf:{tag}>"))?;
    Some(xml[start..start + end].to_string())
}

#[test]
fn labelled_values_are_what_was_deposited_and_differ_from_the_truth() {
    let r = run(&cfg(5_000, 9));
    let by_id = passages(&r.xml);
    assert_eq!(by_id.len(), 5_000, "idTechnique must be unique");
    let mut ids = HashSet::new();
    for t in &r.truth {
        let id = t["id"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "one label per record: {id}");
        let label = Label::from_name(t["label"].as_str().unwrap()).expect("known label");
        let (dep, truth) = (
            t["deposited"].as_str().unwrap(),
            t["truth"].as_str().unwrap(),
        );
        if label.is_decoy() {
            assert_eq!(dep, truth, "{t}");
        } else {
            assert_ne!(dep, truth, "{t}");
        }
        let passage = by_id[id];
        let field = t["field"].as_str().unwrap();
        let in_xml = if field == "dateNaissance" {
            let n = |tag| element(passage, tag).map(|v| format!("{:0>2}", v)).unwrap();
            format!(
                "{}-{}-{}",
                element(passage, "anneeNaissance").unwrap(),
                n("moisNaissance"),
                n("jourNaissance")
            )
        } else {
            element(passage, field).unwrap()
        };
        assert_eq!(in_xml, dep, "{t}");
    }
}

#[test]
fn register_has_every_holder_with_the_true_identity() {
    let r = run(&cfg(2_000, 3));
    let mut rows = csv::Reader::from_reader(r.register.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id_col, nom_col, p1_col) = (col("idTechnique"), col("nomNaissance"), col("prenom1"));
    let truth: BTreeMap<&str, &serde_json::Value> = r
        .truth
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t))
        .collect();
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        n += 1;
        if let Some(t) = truth.get(&row[id_col]) {
            match t["field"].as_str().unwrap() {
                "nomNaissance" => assert_eq!(&row[nom_col], t["truth"].as_str().unwrap()),
                "prenom1" => assert_eq!(&row[p1_col], t["truth"].as_str().unwrap()),
                _ => {}
            }
        }
    }
    assert_eq!(n, 2_000);
}

#[test]
fn rates_and_label_choice_are_honoured() {
    let clean = run(&SynthConfig {
        error_rate: 0.0,
        decoy_rate: 0.0,
        ..cfg(1_000, 1)
    });
    assert!(clean.truth.is_empty());
    let only = run(&SynthConfig {
        error_rate: 1.0,
        decoy_rate: 0.0,
        dossier_rate: 0.0,
        error_weights: vec![(Label::MergedFirstNames, 1)],
        ..cfg(300, 1)
    });
    assert_eq!(only.truth.len(), 300);
    assert!(only
        .truth
        .iter()
        .all(|t| t["label"] == "merged_first_names"));
    assert_eq!(only.stats.bytes, only.xml.len() as u64);
}

#[test]
fn zero_holders_is_refused_and_few_holders_still_fill_every_certification() {
    assert!(generate(&cfg(0, 1), Vec::new(), None).is_err());
    let r = run(&SynthConfig {
        certifications: 20,
        ..cfg(3, 1)
    });
    assert_eq!(r.stats.certifications, 3);
    assert_eq!(r.xml.matches("<cpf:certification>").count(), 3);
    assert_eq!(r.xml.matches("<cpf:passageCertification>").count(), 3);
}

#[test]
fn correct_exports_copy_the_birth_name_into_the_usage_name_for_some_holders() {
    let r = run(&cfg(20_000, 11));
    let by_id = passages(&r.xml);
    let labels: BTreeMap<&str, &str> = r
        .truth
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t["label"].as_str().unwrap()))
        .collect();
    let mut rows = csv::Reader::from_reader(r.register.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id_col, usage_col, sex_col) = (col("idTechnique"), col("nomUsage"), col("sexe"));
    // [men, women] × [correct holders without a usage name, of which copied]
    let mut counts = [[0u32; 2]; 2];
    for row in rows.records() {
        let row = row.unwrap();
        let passage = by_id[&row[id_col]];
        let Some(nom) = element(passage, "nomNaissance") else {
            continue; // dossierFormation
        };
        let copied = element(passage, "nomUsage").as_deref() == Some(nom.as_str());
        match labels.get(&row[id_col]) {
            // An error record keeps the deposit of its error alone.
            Some(l) if !l.starts_with("decoy_") => assert!(
                !copied || !row[usage_col].is_empty() || *l == "usage_name_as_birth_name",
                "{}",
                &row[id_col]
            ),
            _ if row[usage_col].is_empty() => {
                let c = &mut counts[usize::from(&row[sex_col] == "F")];
                c[0] += 1;
                c[1] += u32::from(copied);
            }
            _ => {}
        }
    }
    for [n, copied] in counts {
        let share = f64::from(copied) / f64::from(n);
        assert!((0.08..0.12).contains(&share), "{copied} / {n}");
    }
}
