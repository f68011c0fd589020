//! The same people through three doors: the APOGEE export (Windows-1252, `;`), a Talend
//! export of the same people (UTF-8 with BOM, `,`: `samples/talend-apogee.csv`, written from
//! the APOGEE sample's conversion), and the deposit converted from the APOGEE export. The
//! findings must be the same, except those that need export-only data.
mod common;
use common::*;
use std::collections::BTreeMap;

/// Rules that need data only an export has: I00x reader notes, P010 (INSEE code recovered
/// from the town name of a row that the conversion without fixes excludes).
const EXPORT_ONLY: &[&str] = &["P010"];
/// The APOGEE row with no birth place (excluded from a conversion without fixes).
const EXCLUDED: &str = "21000005";

fn findings(path: &std::path::Path) -> BTreeMap<(String, String, String, String), u32> {
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut out = BTreeMap::new();
    for f in v["findings"].as_array().unwrap() {
        let record = f["record"].as_str().unwrap();
        let rule = f["rule"].as_str().unwrap();
        if record.ends_with(EXCLUDED) || EXPORT_ONLY.contains(&rule) {
            continue;
        }
        // Records are keyed by student number (the deposit's idTechnique ends with it).
        let student = record.rsplit('-').next().unwrap().to_string();
        let key = (
            student,
            rule.to_string(),
            f["field"].to_string(),
            f["value"].to_string(),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

#[test]
fn apogee_talend_and_deposit_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("apogee.xml");
    let o = run(&[
        "convert",
        sample("apogee.csv").to_str().unwrap(),
        "-o",
        xml.to_str().unwrap(),
        "--config",
        sample("accroche.toml").to_str().unwrap(),
        "--no-fix",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let apogee = findings(&sample("apogee.csv"));
    let talend = findings(&sample("talend-apogee.csv"));
    let deposit = findings(&xml);
    assert!(
        !apogee.is_empty(),
        "the sample should have findings to compare"
    );
    assert_eq!(
        apogee, talend,
        "APOGEE and Talend exports of the same people differ"
    );
    assert_eq!(apogee, deposit, "the export and its deposit differ");
}
