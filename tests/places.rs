//! Place-of-birth rules (family P) on their samples, through the binary.
mod common;
use common::*;

fn check_json(file: &str, extra: &[&str]) -> serde_json::Value {
    let path = sample(file);
    let mut args = vec!["check", path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{file}: {}",
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn p_counts(v: &serde_json::Value) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = v["summary"]["by_rule"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with('P'))
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_place_rule_fires_once_on_its_sample() {
    let v = check_json("erreurs-lieux.xml", &[]);
    let expected: Vec<(String, u64)> = ["P001", "P002", "P003", "P004", "P005", "P006"]
        .iter()
        .map(|c| (c.to_string(), 1))
        .collect();
    assert_eq!(p_counts(&v), expected, "{v}");
    // One P finding per holder, on the holder the sample's comment names.
    for f in v["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        if let Some(n) = rule.strip_prefix('P') {
            let id = f["record"].as_str().unwrap();
            assert_eq!(id, format!("2025-LIEU-000{n}"), "{f}");
        }
    }
}

#[test]
fn p010_recovers_the_code_of_an_apogee_export() {
    let v = check_json("apogee-lieux.csv", &["--select", "P"]);
    assert_eq!(p_counts(&v), vec![("P010".to_string(), 1)], "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["record"], "22000002", "{f}");
    assert_eq!(f["fix"]["applicability"], "safe", "{f}");
    assert_eq!(f["fix"]["edits"][0]["field"], "codeInsee", "{f}");
    assert_eq!(f["fix"]["edits"][0]["from"], serde_json::Value::Null, "{f}");
    assert_eq!(f["fix"]["edits"][0]["to"], "71076", "{f}");
}

#[test]
fn correct_holders_give_no_place_finding() {
    for file in ["depot-exemple.xml", "erreurs.xml", "talend.csv"] {
        let v = check_json(file, &["--select", "P"]);
        assert_eq!(p_counts(&v), vec![], "{file}: {v}");
    }
    // The APOGEE sample has one empty COD_COM_NAI_ETU (St-Rémy-de-Provence): recovered.
    let v = check_json("apogee.csv", &["--select", "P"]);
    assert_eq!(p_counts(&v), vec![("P010".to_string(), 1)], "{v}");
    assert_eq!(v["findings"][0]["fix"]["edits"][0]["to"], "13100", "{v}");
}
