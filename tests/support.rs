//! The support workflow on the shipped samples: `explain` and `refile` after a CDC
//! processing report, and `check --calibration`.
mod common;
use common::*;
use std::path::Path;

fn s(name: &str) -> String {
    sample(name).to_str().unwrap().to_string()
}

/// The `idTechnique` values of a deposit, in order.
fn ids(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("<cpf:idTechnique>")
        .skip(1)
        .map(|t| t.split('<').next().unwrap().to_string())
        .collect()
}

fn id_flux(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("<cpf:idFlux>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

const RESENT: [&str; 10] = [
    "2025-RET-0001",
    "2025-RET-0003",
    "2025-RET-0004",
    "2025-RET-0006",
    "2025-RET-0007",
    "2025-RET-0008",
    "2025-RET-0009",
    "2025-RET-0010",
    "2025-RET-0011",
    "2025-RET-0012",
];

#[test]
fn explain_lists_each_rejection_with_its_message_and_rule() {
    let o = run(&[
        "explain",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 11);
    let by_id = |id: &str| rejected.iter().find(|r| r["record"] == id).unwrap().clone();
    for (id, class, rule) in [
        ("2025-RET-0001", "mandatory", Some("W001")),
        ("2025-RET-0003", "first-names-2-3", Some("W004")),
        ("2025-RET-0004", "mandatory", Some("C001")),
        ("2025-RET-0006", "mandatory", Some("C004")),
        ("2025-RET-0008", "day-month", Some("D001")),
        ("2025-RET-0009", "day-month", Some("D003")),
        ("2025-RET-0010", "reconciliation", None),
        ("2025-RET-0011", "several-holders", None),
        ("2025-RET-0007", "certification-ko", None),
        ("2025-RET-0012", "date-inversion", None),
    ] {
        let r = by_id(id);
        assert_eq!(r["class"], class, "{id}");
        assert!(!r["message"].as_str().unwrap().is_empty());
        let rules: Vec<&str> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        match rule {
            Some(code) => assert!(rules.contains(&code), "{id}: {rules:?}"),
            None => assert!(rules.is_empty(), "{id}: {rules:?}"),
        }
    }
    // The H002 finding of a certification rejection is shown, but does not explain it.
    assert_eq!(by_id("2025-RET-0007")["other_findings"][0]["rule"], "H002");
    // Verbatim messages: entities decoded, line breaks kept.
    assert!(by_id("2025-RET-0012")["message"]
        .as_str()
        .unwrap()
        .contains(" & l'id technique"));
    assert!(by_id("2025-RET-0009")["message"]
        .as_str()
        .unwrap()
        .contains('\n'));
    assert_eq!(by_id("2025-RET-0002")["resend"], false);
    let unexplained: Vec<&str> = v["summary"]["unexplained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(
        unexplained,
        [
            "2025-RET-0007",
            "2025-RET-0010",
            "2025-RET-0011",
            "2025-RET-0012"
        ]
    );
    assert_eq!(v["summary"]["by_class"]["mandatory"]["by_rule"]["C001"], 1);
    assert_eq!(v["summary"]["accepted"], 3);
    // The identity is shown (the user asked for this report).
    assert_eq!(
        by_id("2025-RET-0001")["identity"]["nomNaissance"],
        "MARTIN "
    );

    let o = run(&[
        "explain",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
    ]);
    let text = stdout(&o);
    assert!(text.contains("Rejets inexpliqués (4)"), "{text}");
    assert!(text.contains("critères obligatoires (étape A)"), "{text}");
    assert!(
        text.contains("Correction sûre : nomNaissance « MARTIN  » → « MARTIN »"),
        "{text}"
    );
}

#[test]
fn explain_maps_schema_errors_to_passages() {
    let o = run(&[
        "explain",
        &s("accuse-erreur-schema.xml"),
        "--deposit",
        &s("erreurs.xml"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["report"]["kind"], "schema");
    let errors = v["schema_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 5);
    assert_eq!(errors[0]["record"], "2025-LIC-000013");
    // What the rules say about the value on that line.
    assert_eq!(errors[0]["findings"][0]["rule"], "X003");
    assert_eq!(errors[2]["findings"][0]["rule"], "X005");
    assert_eq!(errors[0]["line"], 427);
    assert_eq!(errors[2]["record"], "2025-LIC-000015");
    assert_eq!(errors[3]["record"], "2025-LIC-000016");
    assert!(
        errors[4]["record"].is_null(),
        "a header line is in no passage"
    );
    let o = run(&[
        "explain",
        &s("accuse-erreur-schema.xml"),
        "--deposit",
        &s("erreurs.xml"),
    ]);
    assert!(
        stdout(&o).contains("erreurs.xml:427:45: passage 2025-LIC-000013"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn explain_refuses_a_report_for_another_deposit() {
    let o = run(&[
        "explain",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-exemple.xml"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("depot-exemple.xml"), "{}", stderr(&o));
    let o = run(&[
        "explain",
        &s("depot-retour.xml"),
        "--deposit",
        &s("depot-retour.xml"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("depot-retour.xml:"), "{}", stderr(&o));
}

#[test]
fn refile_holds_exactly_the_rejected_holders_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nouveau.xml");
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        out.to_str().unwrap(),
        "--seed",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&out), RESENT);
    // Accepted holders (OK, and "existe déjà en base") are not sent again.
    for id in [
        "2025-RET-0002",
        "2025-RET-0005",
        "2025-RET-0013",
        "2025-RET-0014",
    ] {
        assert!(!ids(&out).iter().any(|x| x == id), "{id}");
    }
    // The certification left without passages is gone.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("RS5432"));
    assert!(text.contains("<cpf:nomNaissance>MARTIN</cpf:nomNaissance>"));
    assert!(text.contains("<cpf:nomNaissance>LEFÈVRE</cpf:nomNaissance>"));
    // The unsafe D003 fix is not applied without --unsafe-fixes.
    assert!(!text.contains("<cpf:moisNaissance xsi:nil=\"true\"/>"));
    let new = id_flux(&out);
    assert_ne!(new, id_flux(&sample("depot-retour.xml")));
    assert_eq!(new.len(), 36);
    assert_eq!(&new[14..15], "4");
    assert!(
        !text.contains("2025-07-01T10:15:00+02:00"),
        "new horodatage"
    );
    let errors = accroche::validate::validate_file(&out).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    if let Some(valid) = xmllint_valid(&out) {
        assert!(valid);
    }
    // Same seed, same idFlux; the output is never overwritten without --force.
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        out.to_str().unwrap(),
        "--seed",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn refile_follows_the_reviewer_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let csv = run(&["check", &s("depot-retour.xml"), "--format", "csv"]);
    let text = String::from_utf8(csv.stdout).unwrap();
    let decided: String = text
        .lines()
        .map(|l| {
            if l.starts_with("2025-RET-0001;") && l.contains(";W001;") {
                format!("{l}non\n")
            } else if l.starts_with("2025-RET-0009;") && l.contains(";D003;") {
                format!("{l}oui\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let decisions = dir.path().join("decisions.csv");
    std::fs::write(&decisions, decided).unwrap();
    let out = dir.path().join("nouveau.xml");
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        out.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("<cpf:nomNaissance>MARTIN </cpf:nomNaissance>"),
        "refused fix kept out"
    );
    assert!(
        text.contains("<cpf:moisNaissance xsi:nil=\"true\"/>"),
        "accepted unsafe fix applied"
    );
    assert!(
        text.contains("<cpf:nomNaissance>LEFÈVRE</cpf:nomNaissance>"),
        "undecided safe fix applied"
    );
    assert_eq!(ids(&out), RESENT);

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "idTechnique;règle;modifications;décision\n2025-RET-0001;W001;;peut-être\n",
    )
    .unwrap();
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        dir.path().join("x.xml").to_str().unwrap(),
        "--decisions",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.csv:2"), "{}", stderr(&o));
    assert!(!dir.path().join("x.xml").exists());
}

#[test]
fn refile_never_writes_over_its_inputs() {
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        &s("depot-retour.xml"),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_accepts_a_calibration_file() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("calibration.toml");
    std::fs::write(&cal, "[base]\np = 0.5\nlow = 0.4\nhigh = 0.6\n\n[rules]\nW001 = { p = 0.9, low = 0.8, high = 1.0 }\n").unwrap();
    let o = run(&[
        "check",
        &s("depot-exemple.xml"),
        "--format",
        "json",
        "--calibration",
        cal.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["estimated_rejection_rate"], 0.5);
    std::fs::write(&cal, "[base]\np = 0.5\nlow = 0.4\nhigh = 0.6\n\n[rules]\nZ999 = { p = 0.9, low = 0.8, high = 1.0 }\n").unwrap();
    let o = run(&[
        "check",
        &s("depot-exemple.xml"),
        "--calibration",
        cal.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Z999"), "{}", stderr(&o));
}

#[test]
fn calibrate_writes_a_file_that_check_reads() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("calibration.toml");
    let o = run(&[
        "calibrate",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        cal.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&cal).unwrap();
    assert!(text.contains("C001 = { p = "), "{text}");
    assert!(text.contains("observed: 1 rejected of 1"), "{text}");
    let o = run(&[
        "check",
        &s("depot-retour.xml"),
        "--calibration",
        cal.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(&[
        "calibrate",
        &s("accuse-erreur-schema.xml"),
        "--deposit",
        &s("erreurs.xml"),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn refile_after_a_schema_error_report_sends_every_passage_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nouveau.xml");
    let o = run(&[
        "refile",
        &s("accuse-erreur-schema.xml"),
        "--deposit",
        &s("erreurs.xml"),
        "-o",
        out.to_str().unwrap(),
    ]);
    // One schema error needs a human: nothing is written by default...
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--allow-invalid") && stderr(&o).contains("494:"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // ...and with --allow-invalid the file is written with the safe fixes, exit 1.
    let o = run(&[
        "refile",
        &s("accuse-erreur-schema.xml"),
        "--deposit",
        &s("erreurs.xml"),
        "-o",
        out.to_str().unwrap(),
        "--allow-invalid",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(":494:"), "{}", stderr(&o));
    assert_eq!(ids(&out), ids(&sample("erreurs.xml")));
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-exemple.xml"),
        "-o",
        dir.path().join("x.xml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "a report for another deposit");
}

#[test]
fn refile_keeps_a_bom_and_crlf_deposit_intact() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("depot-retour.xml")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    let deposit = dir.path().join("depot-retour.xml");
    std::fs::write(&deposit, &bytes).unwrap();
    let out = dir.path().join("nouveau.xml");
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        deposit.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read(&out).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBF<?xml"));
    assert!(
        !String::from_utf8_lossy(&written)
            .replace("\r\n", "")
            .contains('\n'),
        "line ends kept"
    );
    assert_eq!(ids(&out), RESENT);
    let o = run(&[
        "explain",
        &s("accuse-traitement.xml"),
        "--deposit",
        deposit.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["unexplained"].as_array().unwrap().len(), 4);
}

#[test]
fn refile_applies_unsafe_fixes_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nouveau.xml");
    let o = run(&[
        "refile",
        &s("accuse-traitement.xml"),
        "--deposit",
        &s("depot-retour.xml"),
        "-o",
        out.to_str().unwrap(),
        "--unsafe-fixes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    // D003 (placeholder 1 January for a holder born abroad): day and month become nil.
    assert!(text.contains("<cpf:moisNaissance xsi:nil=\"true\"/>"));
    assert!(text.contains("<cpf:jourNaissance xsi:nil=\"true\"/>"));
    assert_eq!(ids(&out), RESENT);
    assert!(accroche::validate::validate_file(&out).unwrap().is_empty());
}
