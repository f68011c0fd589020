//! `accroche fix`: lossless rewrite, schema-valid output, audit trail, no partial output.
mod common;
use common::*;
use std::path::Path;

fn fix(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["fix", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// Lines of `a` and `b` that differ, as (line number, a, b); files must have the same
/// number of lines except for inserted ones, which `b` may add.
fn changed_lines(a: &str, b: &str) -> Vec<(usize, String, String)> {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn safe_and_unsafe_fixes_give_a_schema_valid_file_with_an_audit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corrige.xml");
    let audit = dir.path().join("audit.csv");
    let o = fix(
        &sample("erreurs.xml"),
        &out,
        &["--unsafe-fixes", "--audit", audit.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    if let Some(valid) = xmllint_valid(&out) {
        assert!(valid, "xmllint rejects the corrected deposit");
    }
    let audit = std::fs::read_to_string(&audit).unwrap();
    assert!(audit.starts_with('\u{feff}'));
    // Each audited edit appears in the output, and the only changed lines are audited ones.
    let input = std::fs::read_to_string(sample("erreurs.xml")).unwrap();
    let output = std::fs::read_to_string(&out).unwrap();
    let audited: Vec<Vec<String>> = audit
        .lines()
        .skip(1)
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    assert!(audited.len() >= 15, "{audit}");
    // Inserted elements add lines: set them aside before comparing line by line.
    let inserted: Vec<String> = audited
        .iter()
        .filter(|a| a[3].is_empty())
        .map(|a| format!("<cpf:{f}>{v}</cpf:{f}>", f = a[2], v = a[4]))
        .collect();
    let output: String = output
        .lines()
        .filter(|l| !inserted.iter().any(|i| l.trim() == i))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(input.lines().count(), output.lines().count());
    for (line, before, after) in changed_lines(&input, &output) {
        let hit = audited.iter().any(|a| {
            before.contains(&format!(">{}<", a[3])) && after.contains(&format!(">{}<", a[4]))
        }) || audited
            .iter()
            .any(|a| a[4].is_empty() && before.contains(&format!(">{}<", a[3])));
        assert!(
            hit,
            "line {line} changed without an audited edit:\n- {before}\n+ {after}"
        );
    }
}

#[test]
fn only_safe_fixes_by_default_and_invalid_result_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corrige.xml");
    // A 4-digit INSEE code has only an unsafe fix: the result stays invalid.
    let o = fix(&sample("erreurs.xml"), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("erreur(s) de schéma resteraient"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "temporary file left behind"
    );
    let o = fix(&sample("erreurs.xml"), &out, &["--allow-invalid"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("<cpf:codeInsee>1053</cpf:codeInsee>"),
        "unsafe fix applied without --unsafe-fixes"
    );
    assert!(text.contains("<cpf:prenom1>Jean-Pierre</cpf:prenom1>"));
}

#[test]
fn nothing_to_fix_gives_identical_bytes_and_fixing_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.xml");
    let o = fix(&sample("depot-exemple.xml"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(sample("depot-exemple.xml")).unwrap()
    );
    let once = dir.path().join("once.xml");
    let twice = dir.path().join("twice.xml");
    assert_eq!(
        fix(&sample("erreurs.xml"), &once, &["--unsafe-fixes"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        fix(&once, &twice, &["--unsafe-fixes"]).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read(&once).unwrap(),
        std::fs::read(&twice).unwrap()
    );
}

#[test]
fn diff_writes_nothing_and_shows_each_holder() {
    let o = run(&["fix", sample("erreurs.xml").to_str().unwrap(), "--diff"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("2025-LIC-000009 (ligne"), "{out}");
    assert!(out.contains("- prenom1: « Jean - Pierre »"), "{out}");
    assert!(out.contains("+ prenom1: « Jean-Pierre »"), "{out}");
}

#[test]
fn refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("depot.xml");
    std::fs::copy(sample("erreurs.xml"), &input).unwrap();
    let o = fix(&input, &input, &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(sample("erreurs.xml")).unwrap()
    );
    let existing = dir.path().join("deja.xml");
    std::fs::write(&existing, "x").unwrap();
    let o = fix(&input, &existing, &["--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"x");
}

#[test]
fn edited_values_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("amp.xml");
    let text = std::fs::read_to_string(sample("depot-exemple.xml")).unwrap();
    std::fs::write(
        &input,
        text.replace(
            "<cpf:nomNaissance>MARTIN</cpf:nomNaissance>",
            "<cpf:nomNaissance>MARTIN &amp; FILS </cpf:nomNaissance>",
        ),
    )
    .unwrap();
    let out = dir.path().join("out.xml");
    let o = fix(&input, &out, &["--select", "W001"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(&out).unwrap();
    assert!(
        fixed.contains("<cpf:nomNaissance>MARTIN &amp; FILS</cpf:nomNaissance>"),
        "{fixed}"
    );
}

#[test]
fn decisions_from_the_csv_report_apply_exactly_the_accepted_edits() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("revue.csv");
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // The reviewer accepts the H001 and X005 rows, refuses D003, leaves the rest empty.
    let text = std::fs::read_to_string(&report).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split(';').collect();
        let decision = if i == 0 {
            ""
        } else if cells[2] == "H001" || cells[2] == "X005" {
            "oui"
        } else if cells[2] == "D003" {
            "non"
        } else {
            ""
        };
        let trimmed = line.strip_suffix(';').unwrap_or(line);
        out.push_str(trimmed);
        out.push(';');
        out.push_str(decision);
        out.push('\n');
    }
    std::fs::write(&report, out).unwrap();
    let fixed = dir.path().join("corrige.xml");
    let o = fix(
        &sample("erreurs.xml"),
        &fixed,
        &["--decisions", report.to_str().unwrap(), "--allow-invalid"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let input = std::fs::read_to_string(sample("erreurs.xml")).unwrap();
    let output = std::fs::read_to_string(&fixed).unwrap();
    let changed = changed_lines(&input, &output);
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(output.contains("<cpf:prenom1>Jean-Pierre</cpf:prenom1>"));
    assert!(output.contains("<cpf:codeInsee>01053</cpf:codeInsee>"));
    // Safe fixes not accepted in the review are not applied.
    assert!(output.contains("<cpf:nomNaissance>MARTIN </cpf:nomNaissance>"));
}

#[test]
fn oversized_output_is_split_into_valid_parts_without_losing_a_passage() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gros.xml");
    let cfg = accroche::synth::SynthConfig {
        holders: 1200,
        certifications: 4,
        error_rate: 0.2,
        ..Default::default()
    };
    accroche::synth::generate(&cfg, std::fs::File::create(&input).unwrap(), None).unwrap();
    let ids_of = |p: &Path| -> Vec<String> {
        accroche::xml::reader::open(p)
            .unwrap()
            .map(|r| r.unwrap().id)
            .collect()
    };
    let before = ids_of(&input);
    let out = dir.path().join("corrige.xml");
    let o = fix(
        &input,
        &out,
        &[
            "--unsafe-fixes",
            "--max-file-size",
            "600k",
            "--allow-invalid",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.exists(), "the unsplit file must not be written");
    let mut after = Vec::new();
    let mut n = 1;
    let mut id_flux = std::collections::HashSet::new();
    while let Some(part) = Some(dir.path().join(format!("corrige-{n}.xml"))).filter(|p| p.exists())
    {
        assert!(std::fs::metadata(&part).unwrap().len() <= 600_000);
        let mut r = accroche::xml::reader::open(&part).unwrap();
        let schema = r.validate_schema();
        after.extend(r.by_ref().map(|x| x.unwrap().id));
        assert!(
            id_flux.insert(r.info.id_flux.clone().unwrap()),
            "idFlux repeated"
        );
        assert_eq!(schema.lock().unwrap().count, 0, "part {n} invalid");
        if n == 1 {
            if let Some(valid) = xmllint_valid(&part) {
                assert!(valid);
            }
        }
        n += 1;
    }
    assert!(n > 3, "expected several parts, got {}", n - 1);
    assert_eq!(before, after, "passages lost, duplicated or reordered");
}

/// `--extend-safe-fixes S001` (a certifier's decision, ruff's option): the wrong-sex fixes
/// are applied as safe ones; without it they never are; an unknown code is refused.
#[test]
fn extend_safe_fixes_promotes_the_chosen_rules_only() {
    let diff = |extra: &[&str]| {
        let mut args = vec!["fix", "--diff"];
        let path = sample("erreurs-noms.xml");
        args.push(path.to_str().unwrap());
        args.extend_from_slice(extra);
        let o = run(&args);
        (o.status.code(), stdout(&o), stderr(&o))
    };
    let (_, plain, _) = diff(&[]);
    assert!(!plain.contains("sexe"), "{plain}");
    let (code, promoted, err) = diff(&["--extend-safe-fixes", "S001"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        promoted.contains("+ sexe: « F »   [S001 correction sûre]"),
        "{promoted}"
    );
    // Everything else is the same: the promoted diff only adds sex lines.
    for line in plain.lines() {
        assert!(promoted.contains(line), "{line}");
    }
    let (code, _, err) = diff(&["--extend-safe-fixes", "S00X"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("S00X"), "{err}");
}
