//! The binary on the shipped samples: reports, exit status, rule docs.
mod common;
use common::*;

#[test]
fn clean_sample_exits_zero_with_a_french_summary() {
    let o = run(&["check", sample("depot-exemple.xml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Taux de rejet estimé"), "{out}");
    assert!(out.contains("5 titulaires"), "{out}");
}

#[test]
fn every_rule_fires_on_the_errors_sample() {
    // Name-table rules (N, H004–H006, S, A) have their own sample, `erreurs-noms.xml`,
    // and place rules theirs, `erreurs-lieux.xml`.
    let mut by_rule = serde_json::Map::new();
    for name in ["erreurs.xml", "erreurs-noms.xml", "erreurs-lieux.xml"] {
        let o = run(&["check", sample(name).to_str().unwrap(), "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        by_rule.extend(v["summary"]["by_rule"].as_object().unwrap().clone());
    }
    let listed = run(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let mut missing = Vec::new();
    for r in rules {
        let code = r["code"].as_str().unwrap();
        if r["preview"].as_bool() == Some(true) {
            continue;
        }
        // Place-of-birth rules have their own samples and tests (tests/places.rs).
        if !by_rule.contains_key(code) && !NEEDS_OTHER_SAMPLE.contains(&code) {
            missing.push(code.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "rules that never fire on samples/erreurs*.xml: {missing:?}"
    );
}

/// Rules shown by other samples (each listed one has its own test: X002 in
/// `missing_required_fields_fire_x002`, P010 on the APOGEE export in `tests/places.rs`, D004
/// in `day_month_swap_needs_the_nir_of_a_csv_export`).
const NEEDS_OTHER_SAMPLE: &[&str] = &["X002", "P010", "D004"];

#[test]
fn day_month_swap_needs_the_nir_of_a_csv_export() {
    // Born 11 March 2001 (NIR month 03), exported as 3 November; the second row agrees.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apogee.csv");
    std::fs::write(
        &path,
        "COD_ETU;LIB_NOM_PAT_IND;LIB_PR1_IND;COD_SEX_ETU;DATE_NAI_IND;LIB_NOM_USU_IND;COD_TYP_DEP_PAY_NAI;COD_DEP_PAY_NAI;COD_COM_NAI_ETU;LIB_VIL_NAI_ETU;COD_NNI_ETU\n\
         21000001;DUPONT;Léa;F;03/11/2001;;D;075;75056;PARIS;2010375056123\n\
         21000002;DURAND;Paul;M;11/03/2001;;D;075;75056;PARIS;1010375056123\n",
    )
    .unwrap();
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["by_rule"]["D004"], 1, "{v}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "D004")
        .unwrap();
    assert_eq!(f["record"], "21000001", "{f}");
    assert_eq!(f["fix"]["applicability"], "unsafe", "{f}");
}

#[test]
fn missing_required_fields_fire_x002() {
    let o = run(&[
        "check",
        sample("champs-manquants.xml").to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "X002",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["by_rule"]["X002"], 2, "{v}");
}

#[test]
fn json_follows_the_contract_and_is_stable() {
    let path = sample("erreurs.xml");
    let args = ["check", path.to_str().unwrap(), "--format", "json"];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(a.stdout, b.stdout, "two runs differ");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["tool"], "accroche");
    assert_eq!(v["input"]["format"], "xml");
    assert_eq!(v["input"]["records"], 22);
    let s = &v["summary"];
    for key in [
        "records",
        "records_with_findings",
        "by_rule",
        "estimated_rejection_rate",
        "estimated_rejection_interval",
        "estimated_rejection_rate_after_fix",
        "threshold",
    ] {
        assert!(!s[key].is_null(), "summary.{key} missing");
    }
    let rate = s["estimated_rejection_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate));
    assert_eq!(s["threshold"], 0.1);
    let f = &v["findings"][0];
    for key in [
        "record", "line", "rule", "severity", "field", "value", "message", "fix",
    ] {
        assert!(f.get(key).is_some(), "finding.{key} missing: {f}");
    }
    let with_fix = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "H001")
        .unwrap();
    assert_eq!(with_fix["fix"]["applicability"], "safe");
    assert_eq!(with_fix["fix"]["edits"][0]["field"], "prenom1");
    assert_eq!(with_fix["fix"]["edits"][0]["from"], "Jean - Pierre");
    assert_eq!(with_fix["fix"]["edits"][0]["to"], "Jean-Pierre");
}

#[test]
fn english_report() {
    let o = run(&[
        "--lang",
        "en",
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--statistics",
    ]);
    let out = stdout(&o);
    assert!(out.contains("Estimated rejection rate"), "{out}");
    assert!(out.contains("WHOLE FILE REFUSED"), "{out}");
}

#[test]
fn csv_report_has_bom_semicolons_and_decision_column() {
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&o.stdout[3..]).into_owned();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(";décision"), "{header}");
    assert!(text.lines().count() > 20);
}

#[test]
fn select_and_ignore() {
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "W",
        "--ignore",
        "W004",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<&String> = v["summary"]["by_rule"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["W001", "W002", "W003"]);
    let bad = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--select",
        "Z999",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("règle inconnue"));
}

#[test]
fn rule_docs_have_all_headings() {
    let o = run(&["rule", "H001"]);
    let out = stdout(&o);
    for h in [
        "Ce qu'elle détecte",
        "Pourquoi la CDC rejette",
        "Exemple",
        "Sûreté de la correction",
    ] {
        assert!(out.contains(h), "{out}");
    }
    assert_eq!(run(&["rule", "ZZZ"]).status.code(), Some(2));
}

#[test]
fn report_written_atomically_and_never_over_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport.json");
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.exists());
    let again = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "existing output without --force"
    );
    let input = dir.path().join("in.xml");
    std::fs::copy(sample("erreurs.xml"), &input).unwrap();
    let o = run(&[
        "check",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(sample("erreurs.xml")).unwrap()
    );
}
